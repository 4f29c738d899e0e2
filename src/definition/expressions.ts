import { z } from "zod";
import { strictObject } from "./strict-object.js";
import { entryCount } from "./rules.js";

/**
 * Execution variables: `{"Get": "Execution.<name>"}`, resolved by SageMaker when a run starts.
 */
export const EXECUTION_VARIABLES = [
  "StartDateTime",
  "CurrentDateTime",
  "PipelineName",
  "PipelineArn",
  "PipelineExecutionId",
  "PipelineExecutionArn",
  "TrainingJobName",
  "ProcessingJobName",
] as const;

/** One of the execution variables SageMaker resolves at run time. */
export type ExecutionVariableName = (typeof EXECUTION_VARIABLES)[number];

/** Step and parameter names: 1–64 of `[A-Za-z0-9-_]`. */
export const NAME_PATTERN = /^[A-Za-z0-9\-_]{1,64}$/;

const name = String.raw`[A-Za-z0-9\-_]{1,64}`;
// a property path: dotted members, `[0]` list indexes and `['key']` map or named-list keys
const segment = String.raw`(?:\.[^.\[\]'"]+|\[\d+\]|\['[^']*'\]|\["[^"]*"\])`;

/** The grammar of a `Get` reference: what it may point at. */
export const GET_REFERENCE_PATTERN = new RegExp(
  String.raw`^(?:Parameters\.${name}` +
    String.raw`|Execution\.(?:${EXECUTION_VARIABLES.join("|")})` +
    String.raw`|PipelineExperimentConfig\.(?:ExperimentName|TrialName)` +
    String.raw`|Steps\.${name}${segment}*)$`,
);

/**
 * `{"Get": "..."}`: a reference to a parameter, a step property, an execution variable or the
 * pipeline experiment config, resolved at run time.
 */
export const GetExpression = strictObject({
  Get: z.string().regex(GET_REFERENCE_PATTERN, {
    message:
      "a Get reference must be Parameters.<name>, Steps.<step>.<property path>, Execution.<variable> or PipelineExperimentConfig.ExperimentName|TrialName",
  }),
});
export type GetExpression = z.infer<typeof GetExpression>;

/** A JSON primitive, as allowed inside `Std:Join` values and conditions. */
export const Primitive = z.union([z.string(), z.number(), z.boolean()]);
export type Primitive = z.infer<typeof Primitive>;

/** Any expression of the definition language. */
export type Expression = GetExpression | JoinExpression | JsonGetExpression;

/** `{"Std:Join": {"On": "/", "Values": [...]}}`: concatenates values at run time. */
export interface JoinExpression {
  "Std:Join": { On: string; Values: Array<Primitive | Expression> };
}

/**
 * `{"Std:JsonGet": ...}`: reads a value from a JSON document at run time, either a property file
 * of a Processing step or a JSON object in S3.
 */
export type JsonGetExpression = {
  "Std:JsonGet":
    | { PropertyFile: GetExpression; Path: string }
    | { S3Uri: JoinExpression | GetExpression; Path: string };
};

export const Expression: z.ZodType<Expression> = z.lazy(() =>
  z.union([GetExpression, JoinExpression, JsonGetExpression]),
);

export const JoinExpression: z.ZodType<JoinExpression> = strictObject({
  "Std:Join": strictObject({
    On: z.string(),
    // Primitive's options inline: the same values, without a nested union that fails (and renders its
    // error messages) for every expression among the values
    Values: z.array(z.union([z.string(), z.number(), z.boolean(), z.lazy(() => Expression)])),
  }),
});

const PROPERTY_FILE_REFERENCE = new RegExp(String.raw`^Steps\.${name}\.PropertyFiles\.[^.\[\]]+$`);

export const JsonGetExpression: z.ZodType<JsonGetExpression> = strictObject({
  "Std:JsonGet": z.union([
    strictObject({
      PropertyFile: strictObject({
        Get: z.string().regex(PROPERTY_FILE_REFERENCE, {
          message: "a JsonGet PropertyFile must be {\"Get\": \"Steps.<step>.PropertyFiles.<name>\"}",
        }),
      }),
      Path: z.string().min(1),
    }),
    strictObject({
      S3Uri: z.union([JoinExpression, GetExpression]),
      Path: z.string().min(1),
    }),
  ]),
});

/** True when a JSON value is one of the expression forms (`Get`, `Std:Join`, `Std:JsonGet`). */
export function isExpression(value: unknown): value is Expression {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const key = onlyKey(value);
  return key === "Get" || key === "Std:Join" || key === "Std:JsonGet";
}

/** The key of an object with exactly one own enumerable key; undefined otherwise. (No key list is made.) */
export function onlyKey(value: object): string | undefined {
  let only: string | undefined;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (only !== undefined) return undefined;
    only = key;
  }
  return only;
}

/** The kind of value a field holds once its expressions are resolved. */
export type SlotKind = "string" | "integer" | "number" | "boolean";

/**
 * Registry of the schemas built by {@link str}, {@link int}, {@link num} and {@link bool}: the
 * semantic validator reads it to know what kind of value a field wants (a String parameter in an
 * integer field is a mismatch the schema alone cannot see).
 */
export const slotKinds = z.registry<{ kind: SlotKind }>();

interface StringLimits {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** A short description of the pattern for the error message. */
  readonly patternHint?: string;
}

// The field schemas below are built once per set of limits and shared by every field that has them
// (zod schemas are immutable): several hundred fields use a few dozen of them, and building each
// anew made importing sagepipe slower (issue 17). What a schema says does not depend on where it is.
const built = new Map<string, z.ZodType>();

function once<T extends z.ZodType>(key: string, make: () => T): T {
  let schema = built.get(key) as T | undefined;
  if (schema === undefined) {
    schema = make();
    built.set(key, schema);
  }
  return schema;
}

// A limited string or number is built with its checks in one `.check(...)`: the same schema as
// `z.string().min(a).max(b).regex(p)` (the same checks, in the same order, on a ZodString), without
// the intermediate copy each chained call makes.

/** `z.string()` with `.min(min)`, `.max(max)` and `.regex(pattern)` where given, in that order. */
function limitedString(min: number | undefined, max: number | undefined, pattern: RegExp | undefined, patternHint: string | undefined): z.ZodString {
  const checks: z.core.$ZodCheck<string>[] = [];
  if (min !== undefined) checks.push(z.minLength(min));
  if (max !== undefined) checks.push(z.maxLength(max));
  if (pattern !== undefined) checks.push(z.regex(pattern, patternHint === undefined ? undefined : { message: patternHint }));
  return checks.length === 0 ? z.string() : z.string().check(...checks);
}

/** `z.number()` with `.int()`, `.min(min)` and `.max(max)` where asked, in that order. */
function limitedNumber(integer: boolean, limits: NumberLimits): z.ZodNumber {
  const checks: z.core.$ZodCheck<number>[] = [];
  if (integer) checks.push(z.int());
  if (limits.min !== undefined) checks.push(z.gte(limits.min));
  if (limits.max !== undefined) checks.push(z.lte(limits.max));
  return checks.length === 0 ? z.number() : z.number().check(...checks);
}

/** A string field that may hold an expression. */
export function str(limits: StringLimits = {}) {
  const { min, max, pattern, patternHint } = limits;
  return once(`str ${min} ${max} ${pattern?.source} ${pattern?.flags} ${patternHint}`, () => makeStr(limits));
}

function makeStr(limits: StringLimits) {
  const schema = z.union([limitedString(limits.min, limits.max, limits.pattern, limits.patternHint), Expression]);
  slotKinds.add(schema, { kind: "string" });
  return schema;
}

/** A string field restricted to a fixed set of values, which may also hold an expression. */
export function strEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return once(`enum ${JSON.stringify(values)}`, () => {
    const schema = z.union([z.enum(values), Expression]);
    slotKinds.add(schema, { kind: "string" });
    return schema;
  });
}

interface NumberLimits {
  readonly min?: number;
  readonly max?: number;
}

/** An integer field that may hold an expression. */
export function int(limits: NumberLimits = {}) {
  return once(`int ${limits.min} ${limits.max}`, () => makeInt(limits));
}

function makeInt(limits: NumberLimits) {
  const schema = z.union([limitedNumber(true, limits), Expression]);
  slotKinds.add(schema, { kind: "integer" });
  return schema;
}

/** A floating-point field that may hold an expression. */
export function num(limits: NumberLimits = {}) {
  return once(`num ${limits.min} ${limits.max}`, () => makeNum(limits));
}

function makeNum(limits: NumberLimits) {
  const schema = z.union([limitedNumber(false, limits), Expression]);
  slotKinds.add(schema, { kind: "number" });
  return schema;
}

/** A boolean field that may hold an expression. */
export function bool() {
  return once("bool", () => {
    const schema = z.union([z.boolean(), Expression]);
    slotKinds.add(schema, { kind: "boolean" });
    return schema;
  });
}

interface MapLimits {
  readonly minEntries?: number;
  readonly maxEntries?: number;
  readonly keyMin?: number;
  readonly keyMax?: number;
  readonly keyPattern?: RegExp;
  /** A short description of the key pattern for the error message. */
  readonly keyPatternHint?: string;
  readonly valueMax?: number;
}

/** A string → string map (Environment, HyperParameters, Tags-like maps) whose values may be expressions. */
export function strMap(limits: MapLimits = {}) {
  const key = limitedString(limits.keyMin, limits.keyMax, limits.keyPattern, limits.keyPatternHint);
  const value = limits.valueMax === undefined ? str() : str({ max: limits.valueMax });
  const record = z.record(key, value);
  if (limits.minEntries === undefined && limits.maxEntries === undefined) return record;
  return entryCount(record, { min: limits.minEntries, max: limits.maxEntries }, "this map");
}

/** Reusable slots. */
export const StringValue = str();
export const IntegerValue = int();
export const NumberValue = num();
export const BooleanValue = bool();
