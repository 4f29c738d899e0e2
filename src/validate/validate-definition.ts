import { PipelineDefinition } from "../definition/pipeline-definition.js";
import { SagepipeError } from "../errors.js";
import { formatIssues, formatJsonPath, type PathSegment, type ValidationIssue } from "./issues.js";
import {
  DEFAULT_QUOTAS,
  checkCapabilities,
  checkCycles,
  checkDependsOn,
  checkNesting,
  checkParameters,
  checkQuotas,
  checkReferences,
  checkStepNames,
  checkTypes,
  type Quotas,
  type RuleContext,
  type RuleIssue,
} from "./rules.js";
import { fromZodIssues } from "./schema-issues.js";
import { allowedKeysAt, checkedTypedSlots, collectTypedSlots, type TypedSlot } from "./slots.js";
import { ruleReferences, type FoundReference } from "./references.js";
import { Suggester } from "./suggest.js";
import { indexSteps, isObject, stepLocator, type IndexedStep } from "./step-index.js";
import { isUnder, readJsonData } from "./json-data.js";
import { escapeControl, excerpt, quoted } from "../text.js";
import { checkOptions, optionShape } from "../options.js";

/** Options of {@link validateDefinition} and {@link safeValidateDefinition}. */
export interface ValidateOptions {
  /**
   * How step `Arguments` are checked. `"strict"` checks them against the AWS API request each step
   * type calls (unknown keys, required members, limits). `"loose"` accepts any object there and
   * checks only the references and types inside it: for definitions that use API members newer
   * than this version of sagepipe.
   * @default "strict"
   */
  readonly arguments?: "strict" | "loose";
  /** Service quotas to check against; raise them when your account's quotas are higher. */
  readonly quotas?: Partial<Quotas>;
}

/** The outcome of {@link safeValidateDefinition}. */
export type ValidationResult =
  | { readonly success: true; readonly definition: PipelineDefinition; readonly issues: readonly [] }
  | { readonly success: false; readonly issues: readonly ValidationIssue[] };

/** Thrown by {@link validateDefinition}: every issue found, not just the first. */
export class DefinitionValidationError extends SagepipeError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(
      "invalid-definition",
      `the pipeline definition has ${issues.length} issue${issues.length === 1 ? "" : "s"}:\n${formatIssues(issues)}`,
    );
    this.name = "DefinitionValidationError";
    this.issues = issues;
  }
}

/** True when a schema issue lies inside the `Arguments` of a step other than a Condition step. */
function insideStepArguments(locate: (path: readonly PathSegment[]) => IndexedStep | undefined, path: readonly PathSegment[]): boolean {
  const step = locate(path);
  return step !== undefined && step.type !== "Condition" && path[step.path.length] === "Arguments";
}

/**
 * Checks any JSON value as a SageMaker pipeline definition and returns every issue found: the
 * wire-format schema, then what a schema cannot say (references, cycles, duplicates, types,
 * step capabilities, quotas). Never throws, whatever the value: what JSON cannot hold (a cycle,
 * `NaN`, a function, a class instance) is a `not-json` issue, nesting deeper than 100 levels a
 * `too-deep` issue, and a `__proto__` key (which JavaScript takes for a prototype) an
 * `unsupported-key` issue, each with its path. On success, `definition` is a copy of the value as
 * plain JSON data, keys in their order.
 *
 * @example
 * ```ts
 * const result = safeValidateDefinition(JSON.parse(text));
 * if (!result.success) console.error(formatIssues(result.issues));
 * // $.Steps[1].DependsOn[0] (step Train) [unknown-dependency]
 * //   "Train" depends on "Preproces", which is not a step of this pipeline. Did you mean "Preprocess"? ...
 * ```
 */
export function safeValidateDefinition(value: unknown, options: ValidateOptions = {}): ValidationResult {
  return validateWith(value, options);
}

/** What a caller of {@link validateWith} already knows about the document, so it is not worked out again. */
export interface KnownFacts {
  /**
   * True when the document is certainly plain JSON data nested at most `MAX_DEPTH` levels,
   * of plain objects and arrays made by the caller: it is then read as it is, not copied first.
   * The other facts are taken only with it.
   */
  readonly plainJson?: boolean;
  /** The typed slots of the document, as {@link collectTypedSlots} finds them. */
  readonly slots?: readonly TypedSlot[];
  /** The steps of the document, as {@link indexSteps} finds them. */
  readonly steps?: readonly IndexedStep[];
  /** The length of the document serialized as JSON, or how to get it (called once, by the last rule). */
  readonly serializedLength?: number | (() => number);
  /**
   * True when the document is known to pass the wire-format schema (`PipelineDefinition`), e.g.
   * because each step and the rest of the document were checked against it: the schema parse is
   * skipped. Leave it out when unsure; on `false` the schema runs and reports every issue.
   */
  readonly schemaValid?: boolean;
  /** The first of `steps` of each name. */
  readonly byName?: ReadonlyMap<string, IndexedStep>;
  /** The `Get`s of a step as {@link ruleReferences} finds them, when known; undefined: work them out. */
  readonly references?: (step: IndexedStep) => readonly FoundReference[] | undefined;
  /** The number of `Std:JsonGet`s in `Steps`, when known; undefined: count them. */
  readonly jsonGets?: number;
}

/** The default quotas with the given ones over them; a quota given as `undefined` (from plain JavaScript) keeps its default. */
function quotasWith(given: Partial<Quotas> | undefined): Quotas {
  // (null too: plain JavaScript may pass it, and validation never throws on bad input)
  if (given === undefined || given === null || typeof given !== "object") return DEFAULT_QUOTAS;
  const quotas: Record<string, number> = { ...DEFAULT_QUOTAS };
  for (const [name, value] of Object.entries(given)) if (value !== undefined) quotas[name] = value;
  return quotas as unknown as Quotas;
}

/**
 * The most values a document is read for: each takes at least one character of JSON text, so a
 * document with more cannot fit the definition length quota (at most 50 million, whatever the quota).
 */
export function valueLimit(given: Partial<Quotas> | undefined): number {
  const limit = Number(quotasWith(given).maxDefinitionLength);
  return Number.isFinite(limit) && limit >= 0 ? Math.min(limit, 50_000_000) : 50_000_000;
}

const failure = (issues: readonly ValidationIssue[]): ValidationResult => ({ success: false, issues });

/** {@link safeValidateDefinition}, reusing what a caller already knows about the document. */
export function validateWith(input: unknown, options: ValidateOptions, given: KnownFacts = {}): ValidationResult {
  const quotas = quotasWith(options === null || typeof options !== "object" ? undefined : options.quotas);
  const loose = options !== null && typeof options === "object" && options.arguments === "loose";
  // an untrusted value is read first into plain JSON data of bounded depth: what is not JSON data,
  // or nested too deep, is reported and replaced by null, and the rest is checked as usual
  let value = input;
  let dataIssues: readonly RuleIssue[] = [];
  let replaced: readonly (readonly PathSegment[])[] = [];
  const known: KnownFacts = given.plainJson === true ? given : {};
  if (given.plainJson !== true) {
    const data = readJsonData(input, valueLimit(quotas), { rejectProtoKeys: true });
    if (data.copy === undefined) return failure(data.issues.map((issue) => finish(() => undefined, issue)));
    value = data.copy;
    dataIssues = data.issues;
    replaced = data.replaced;
  }
  const { serializedLength } = known;
  if (!isObject(value) || !("Steps" in value || "Version" in value)) {
    if (dataIssues.some((issue) => issue.path.length === 0)) return failure(dataIssues.map((issue) => finish(() => undefined, issue)));
    const issue: ValidationIssue = {
      code: "not-a-definition",
      path: [],
      jsonPath: "$",
      message: "this is not a SageMaker pipeline definition: expected a JSON object with Version \"2020-12-01\" and Steps",
    };
    return failure([issue]);
  }
  const steps = known.steps ?? indexSteps(value);
  // (made when an issue needs it: most documents have none)
  let locator: ((path: readonly PathSegment[]) => IndexedStep | undefined) | undefined;
  const locate = (path: readonly PathSegment[]) => (locator ??= stepLocator(steps))(path);
  const suggester = new Suggester();
  const issues: RuleIssue[] = [];
  // the fast schema check answers for a valid document (and finds its typed slots in the same walk);
  // zod parses only a document it cannot vouch for, and reports the issues
  const walked = known.schemaValid === true || known.slots !== undefined ? undefined : checkedTypedSlots(PipelineDefinition, value);
  const slots = known.slots ?? walked;
  const parsed = known.schemaValid === true || walked !== undefined ? { success: true as const } : PipelineDefinition.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    for (const issue of fromZodIssues(parsed.error.issues)) {
      if (loose && insideStepArguments(locate, issue.path)) continue;
      issues.push(issue.code === "unknown-key" ? withKeySuggestion(value, issue, suggester) : issue);
    }
    // (a schema failure always names what failed; this only keeps it from passing unnoticed)
    if (!loose && issues.length === 0) issues.push({ code: "schema", path: [], message: "the definition does not match the wire-format schema" });
  }

  const byName = known.byName ?? firstOfEachName(steps);
  const parameters = new Map<string, string>();
  if (Array.isArray(value.Parameters)) {
    for (const parameter of value.Parameters) {
      if (isObject(parameter) && typeof parameter.Name === "string" && !parameters.has(parameter.Name)) {
        parameters.set(parameter.Name, typeof parameter.Type === "string" ? parameter.Type : "String");
      }
    }
  }
  const ctx: RuleContext = {
    document: value,
    steps,
    byName,
    parameters,
    slots: slots ?? collectTypedSlots(PipelineDefinition, value),
    quotas,
    references: referencesOf(steps, known.references),
    suggester,
    ...(known.jsonGets === undefined ? {} : { jsonGets: known.jsonGets }),
  };
  const report = (issue: RuleIssue) => issues.push(issue);
  checkParameters(ctx, report);
  checkStepNames(ctx, report);
  checkNesting(ctx, report);
  checkCapabilities(ctx, report);
  checkDependsOn(ctx, report);
  checkReferences(ctx, report);
  checkCycles(ctx, report);
  checkTypes(ctx, report);
  checkQuotas(ctx, report, typeof serializedLength === "function" ? serializedLength() : (serializedLength ?? JSON.stringify(value).length));

  // what was replaced is reported once, as what it is; the issues its null placeholder causes are not
  const kept = replaced.length === 0 ? issues : issues.filter((issue) => !replaced.some((path) => isUnder(issue.path, path)));
  const all = [...dataIssues, ...kept];
  if (all.length === 0) return { success: true, definition: value as PipelineDefinition, issues: [] };
  return failure(dedupe(all).map((issue) => finish(locate, issue)));
}

/** The first step of each name. */
export function firstOfEachName(steps: readonly IndexedStep[]): Map<string, IndexedStep> {
  const byName = new Map<string, IndexedStep>();
  for (const step of steps) if (!byName.has(step.name)) byName.set(step.name, step);
  return byName;
}

/** The `Get`s of each step the rules read (not those of execution variables): as the caller knows them, else found. */
function referencesOf(steps: readonly IndexedStep[], known: KnownFacts["references"]): (readonly FoundReference[])[] {
  const references = new Array<readonly FoundReference[]>(steps.length);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as IndexedStep;
    references[step.index] = known?.(step) ?? ruleReferences(step);
  }
  return references;
}

/** Adds "Did you mean ..." to an unknown key, from the keys the schema allows there. */
function withKeySuggestion(value: unknown, issue: RuleIssue, suggester: Suggester): RuleIssue {
  const key = issue.path.at(-1);
  const allowed = allowedKeysAt(PipelineDefinition, value, issue.path.slice(0, -1));
  if (typeof key !== "string" || allowed === undefined) return issue;
  const suggestion = suggester.didYouMean(key, allowed);
  return suggestion === "" ? issue : { ...issue, message: `unknown key ${quoted(key)}.${suggestion} Keys are case-sensitive` };
}

/** The longest message an issue carries (a safety net: messages quote only excerpts of values). */
const MAX_MESSAGE = 1_000;

function finish(locate: (path: readonly PathSegment[]) => IndexedStep | undefined, issue: RuleIssue): ValidationIssue {
  const step = issue.step ?? locate(issue.path)?.name;
  const message = issue.message.length > MAX_MESSAGE ? excerpt(issue.message, MAX_MESSAGE) : escapeControl(issue.message);
  return {
    code: issue.code,
    path: issue.path,
    jsonPath: formatJsonPath(issue.path),
    ...(step === undefined ? {} : { step }),
    message,
  };
}

function dedupe(issues: readonly RuleIssue[]): RuleIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.code}|${JSON.stringify(issue.path)}|${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** @internal The keys of {@link Quotas}, checked at run time wherever quotas are an option. */
export const QUOTA_OPTIONS = optionShape<Quotas>({ maxSteps: true, maxParameters: true, maxPropertyFiles: true, maxJsonGet: true, maxDefinitionLength: true });
const VALIDATE_OPTIONS = optionShape<ValidateOptions>({ arguments: true, quotas: true }, { quotas: { object: QUOTA_OPTIONS } });

/**
 * Validates a pipeline definition and returns it typed, or throws a
 * {@link DefinitionValidationError} that lists every issue with its code, JSON path and step.
 *
 * @example
 * ```ts
 * const definition = validateDefinition(JSON.parse(readFileSync("pipeline.json", "utf8")));
 * definition.Steps.map((step) => step.Name);
 * ```
 */
export function validateDefinition(value: unknown, options: ValidateOptions = {}): PipelineDefinition {
  checkOptions("validateDefinition", options, VALIDATE_OPTIONS);
  const result = safeValidateDefinition(value, options);
  if (!result.success) throw new DefinitionValidationError(result.issues);
  return result.definition;
}
