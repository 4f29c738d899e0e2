import type {
  Expression as ExpressionJson,
  GetExpression,
  JoinExpression,
  JsonGetExpression,
} from "../definition/expressions.js";
import type { Condition as ConditionJson, ComparisonType } from "../definition/conditions.js";
import { SagepipeError } from "../errors.js";
import { didYouMean } from "../validate/suggest.js";

/** What a value of the pipeline resolves to at run time. */
export type ValueKind = "string" | "integer" | "float" | "boolean" | "unknown";

/** A TypeScript type a pipeline value can resolve to. */
export type PipelineScalar = string | number | boolean;

/** A literal or an expression that resolves to `T` at run time. */
export type ValueOf<T> = T | PipelineValue<T>;

/**
 * What an ordering comparison (gt, gte, lt, lte) accepts on a value resolving to `T`: a value of the
 * same kind — numbers with numbers, strings with strings (as the Python SDK allows, e.g.
 * `Execution.StartDateTime` against an ISO-8601 date) — and nothing on booleans. A value whose
 * type is not known (`unknown`, e.g. an untyped `jsonGet`) takes a number or a string.
 */
export type OrderedOperand<T> = [T] extends [string]
  ? ValueOf<string>
  : [T] extends [number]
    ? ValueOf<number>
    : [T] extends [boolean]
      ? { readonly "booleans are not ordered: compare them with eq or ne": never } // no value fits; tsc shows the key
      : ValueOf<number> | ValueOf<string>;

/** A literal type widened to its primitive: `"prod" | "dev"` → `string`. */
type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;

/**
 * What an equality (eq, ne, in) accepts on a value resolving to `T`: a literal of `T` (for an enum
 * parameter, one of its values) or any pipeline value of the same kind.
 */
export type Comparable<T> = T | PipelineValue<Widen<T>>;

declare const resolvesTo: unique symbol;

/** Any literal or pipeline value. */
export type AnyValue =
  | PipelineScalar
  | PipelineValue<string>
  | PipelineValue<number>
  | PipelineValue<boolean>
  | PipelineValue<unknown>;

/**
 * A value known only when the pipeline runs: a parameter, a step property, an execution variable,
 * a `join` or a `jsonGet`. `T` is what it resolves to; comparisons are typed by it, so comparing a
 * string with a number does not compile.
 *
 * A pipeline value is not a string: `${value}` in a plain template throws. Use the {@link join}
 * tag to build strings from values.
 */
export abstract class PipelineValue<T = unknown> {
  /** What the value resolves to, for the compiler's type checks. */
  abstract readonly kind: ValueKind;
  /** Type-level only: what the value resolves to. */
  declare readonly [resolvesTo]: () => T;

  /** The definition JSON of this value. */
  abstract toJSON(): ExpressionJson;

  /** `{"Type": "Equals", ...}`: true when both sides are equal. */
  eq(other: Comparable<T>): PipelineCondition {
    return comparison("Equals", this, other);
  }

  /** `Not(Equals)`: true when the sides differ. */
  ne(other: Comparable<T>): PipelineCondition {
    return not(comparison("Equals", this, other));
  }

  /**
   * `GreaterThan`: a number with a number, or a string with a string.
   *
   * @example
   * ```ts
   * params.Accuracy.gt(0.8)
   * execution.StartDateTime.gt("2024-01-01T00:00:00Z") // {"Type": "GreaterThan", "LeftValue": {"Get": "Execution.StartDateTime"}, "RightValue": "2024-01-01T00:00:00Z"}
   * ```
   */
  gt(other: OrderedOperand<T>): PipelineCondition {
    return comparison("GreaterThan", this, other);
  }

  /** `GreaterThanOrEqualTo`: a number with a number, or a string with a string. */
  gte(other: OrderedOperand<T>): PipelineCondition {
    return comparison("GreaterThanOrEqualTo", this, other);
  }

  /** `LessThan`: a number with a number, or a string with a string. */
  lt(other: OrderedOperand<T>): PipelineCondition {
    return comparison("LessThan", this, other);
  }

  /** `LessThanOrEqualTo`: a number with a number, or a string with a string. */
  lte(other: OrderedOperand<T>): PipelineCondition {
    return comparison("LessThanOrEqualTo", this, other);
  }

  /** `{"Type": "In", "QueryValue": this, "Values": [...]}`. */
  in(values: readonly Comparable<T>[]): PipelineCondition {
    if (!Array.isArray(values) || values.length === 0) {
      throw new SagepipeError("invalid-condition", `${operand(this)}.in(values) takes a non-empty list of values, got ${Array.isArray(values) ? "an empty list" : describeOperand(values)}`);
    }
    for (const value of values) checkOperands("In", this, value);
    return new PipelineCondition({
      Type: "In",
      QueryValue: toJson(this),
      Values: values.map(toJson),
    });
  }

  /** This value as a string: `{"Std:Join": {"On": "", "Values": [this]}}` (strings stay as they are). */
  asString(): PipelineValue<string> {
    return this.kind === "string" ? (this as unknown as PipelineValue<string>) : new JoinValue("", [this]);
  }

  /** Pipeline values are resolved at run time and cannot become text here. */
  toString(): string {
    throw new SagepipeError(
      "pipeline-value-to-string",
      `a pipeline value (${JSON.stringify(this.toJSON())}) cannot be turned into a string while the pipeline is built: use the join\`...\` tag or .asString()`,
    );
  }
}

/** `{"Get": "..."}`: a reference resolved at run time. */
export class GetValue<T = unknown> extends PipelineValue<T> {
  /**
   * @param reference what `Get` reads, e.g. `Parameters.Mode`
   * @param kind what it resolves to
   * @param enumValues the values it can take (a String parameter with `enum`): a comparison with a
   *   literal outside them is refused when it is built
   */
  constructor(
    readonly reference: string,
    readonly kind: ValueKind,
    readonly enumValues?: readonly string[],
  ) {
    super();
    Object.freeze(this);
  }

  toJSON(): GetExpression {
    return { Get: this.reference };
  }
}

/** `{"Std:Join": ...}`: a string built at run time. */
export class JoinValue extends PipelineValue<string> {
  readonly kind = "string" as const;

  constructor(
    readonly on: string,
    readonly values: readonly unknown[],
  ) {
    super();
    Object.freeze(this);
  }

  toJSON(): JoinExpression {
    return { "Std:Join": { On: this.on, Values: this.values.map(toJson) } };
  }
}

/** `{"Std:JsonGet": ...}`: a value read from a JSON document at run time. */
export class JsonGetValue<T = unknown> extends PipelineValue<T> {
  readonly kind: ValueKind = "unknown";

  constructor(
    readonly source: { readonly propertyFile: GetExpression } | { readonly s3Uri: PipelineValue<string> },
    readonly path: string,
  ) {
    super();
    Object.freeze(this);
  }

  toJSON(): JsonGetExpression {
    if ("propertyFile" in this.source) {
      return { "Std:JsonGet": { PropertyFile: this.source.propertyFile, Path: this.path } };
    }
    const uri = this.source.s3Uri.toJSON();
    if (!("Std:Join" in uri) && !("Get" in uri)) {
      throw new SagepipeError("invalid-json-get", "jsonGet's s3Uri must be a join or a Get reference");
    }
    return { "Std:JsonGet": { S3Uri: uri, Path: this.path } };
  }
}

/**
 * Marks every pipeline value, with a key shared by all copies of sagepipe in a process. When two
 * copies are loaded (one imported as ESM and one required as CommonJS, or two installed versions),
 * a value made by one is not an `instanceof` the other's classes and is refused; the mark lets the
 * refusal say why instead of calling the value "an object".
 */
const PIPELINE_VALUE_MARK = Symbol.for("sagepipe.PipelineValue");
Object.defineProperty(PipelineValue.prototype, PIPELINE_VALUE_MARK, { value: true });

/**
 * @internal True when `value` is a pipeline value made by another copy of sagepipe loaded in this
 * process (see {@link anotherCopyNote}).
 */
export function isFromAnotherCopy(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof PipelineValue) &&
    (value as { [PIPELINE_VALUE_MARK]?: unknown })[PIPELINE_VALUE_MARK] === true
  );
}

/**
 * @internal What to add to a message refusing `value`: "" for most values; for a pipeline value made
 * by another copy of sagepipe, why it is refused and what to do.
 *
 * @example
 * ```ts
 * `input "b" is an object${anotherCopyNote(value)}`
 * ```
 */
export function anotherCopyNote(value: unknown): string {
  if (!isFromAnotherCopy(value)) return "";
  let json = "";
  try {
    json = ` ${JSON.stringify(value)}`;
  } catch {
    // (its toJSON threw: the note says what it is without it)
  }
  return (
    ` (it is a pipeline value${json} made by another copy of sagepipe loaded in this process — one imported as ESM and` +
    ` one required as CommonJS, or two installed versions; one copy does not accept the other's values:` +
    ` load sagepipe one way, from one install)`
  );
}

/** A literal or an expression as definition JSON. */
export function toJson(value: unknown): PipelineScalar | ExpressionJson {
  if (value instanceof PipelineValue) return value.toJSON();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  throw new SagepipeError("invalid-value", `expected a string, number, boolean or pipeline value, received ${value === null ? "null" : typeof value}${anotherCopyNote(value)}`);
}

/** True when a value is a pipeline value (an expression), not a literal. */
export function isPipelineValue(value: unknown): value is PipelineValue {
  return value instanceof PipelineValue;
}

/**
 * A condition of a Condition step. Combine with {@link and}, {@link or} and {@link not}.
 *
 * @example
 * ```ts
 * accuracy.gte(params.AccuracyThreshold)
 * // {"Type": "GreaterThanOrEqualTo", "LeftValue": {...}, "RightValue": {"Get": "Parameters.AccuracyThreshold"}}
 * ```
 */
export class PipelineCondition {
  constructor(readonly json: ConditionJson | { readonly all: readonly PipelineCondition[] }) {
    Object.freeze(this);
  }

  /** The conditions this stands for (an `and` is a list, as the Condition step AND-s its list). */
  toConditions(): ConditionJson[] {
    return "all" in this.json ? this.json.all.flatMap((c) => c.toConditions()) : [this.json];
  }

  /** `Not(this)`. */
  not(): PipelineCondition {
    return not(this);
  }
}

function comparison(type: ComparisonType, left: unknown, right: unknown): PipelineCondition {
  checkOperands(type, left, right);
  return new PipelineCondition({ Type: type, LeftValue: toJson(left), RightValue: toJson(right) });
}

type Category = "string" | "number" | "boolean" | "unknown";

const CATEGORY: Readonly<Record<ValueKind, Category>> = { string: "string", integer: "number", float: "number", boolean: "boolean", unknown: "unknown" };

function categoryOf(value: unknown): Category {
  if (value instanceof PipelineValue) return CATEGORY[value.kind] ?? "unknown";
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  return typeof value === "boolean" ? "boolean" : "unknown";
}

const SYMBOL: Readonly<Record<ComparisonType | "In", string>> = {
  Equals: "eq",
  GreaterThan: "gt",
  GreaterThanOrEqualTo: "gte",
  LessThan: "lt",
  LessThanOrEqualTo: "lte",
  In: "in",
};

/** How an operand reads in a message: `{"Get": "Parameters.Mode"}`, `"staging"`, `0.8`. */
function operand(value: unknown): string {
  if (value instanceof PipelineValue) {
    try {
      return JSON.stringify(value.toJSON());
    } catch {
      return "a pipeline value";
    }
  }
  return JSON.stringify(value) ?? String(value);
}

function describeOperand(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? `an object${anotherCopyNote(value)}` : `${typeof value} ${operand(value)}`;
}

/**
 * Refuses, when a condition is built, what can never be what the user meant (the types refuse it
 * already; this is for JavaScript and values typed `any`): an ordering of booleans, a comparison of
 * a string with a number (or a boolean with either), and a literal outside an enum parameter's values.
 */
function checkOperands(type: ComparisonType | "In", left: unknown, right: unknown): void {
  for (const value of [left, right]) {
    if (!(value instanceof PipelineValue) && typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new SagepipeError(
        "invalid-value",
        `a condition (${SYMBOL[type]}) compares strings, numbers, booleans and pipeline values; got ${describeOperand(value)}`,
      );
    }
  }
  const l = categoryOf(left);
  const r = categoryOf(right);
  const ordering = type !== "Equals" && type !== "In";
  if (ordering && (l === "boolean" || r === "boolean")) {
    throw new SagepipeError(
      "invalid-comparison",
      `${operand(left)} ${SYMBOL[type]} ${operand(right)}: booleans are not ordered; compare them with eq or ne`,
    );
  }
  if (l !== "unknown" && r !== "unknown" && l !== r) {
    throw new SagepipeError(
      "condition-type-mismatch",
      `${operand(left)} ${SYMBOL[type]} ${operand(right)} compares a ${l} with a ${r}, which SageMaker never finds ${ordering ? "ordered" : "equal"}: compare values of one type (join\`...\` or .asString() turns a value into a string)`,
    );
  }
  for (const [value, other] of [
    [left, right],
    [right, left],
  ] as const) {
    const values = value instanceof GetValue ? value.enumValues : undefined;
    if (values !== undefined && typeof other === "string" && !values.includes(other)) {
      throw new SagepipeError(
        "value-not-in-enum",
        `${operand(value)} takes one of ${values.map((v) => JSON.stringify(v)).join(", ")}: ${SYMBOL[type]} ${JSON.stringify(other)} can never hold.${didYouMean(other, values)}`,
      );
    }
  }
}

/** `{"Type": "Not", "Condition": ...}`. An `and` inside is negated as `Or` of the negations. */
export function not(condition: PipelineCondition): PipelineCondition {
  const inner = condition.toConditions();
  if (inner.length === 1 && inner[0] !== undefined) return new PipelineCondition({ Type: "Not", Condition: inner[0] });
  return new PipelineCondition({ Type: "Or", Conditions: inner.map((c) => ({ Type: "Not" as const, Condition: c })) });
}

/**
 * `{"Type": "Or", "Conditions": [...]}`: true when any holds. An `and` inside becomes
 * `Not(Or(Not a, Not b))`, since SageMaker's Or holds single conditions.
 */
export function or(...conditions: readonly PipelineCondition[]): PipelineCondition {
  return new PipelineCondition({
    Type: "Or",
    Conditions: conditions.map((c) => {
      const list = c.toConditions();
      if (list.length === 1 && list[0] !== undefined) return list[0];
      return { Type: "Not", Condition: { Type: "Or", Conditions: list.map((inner) => ({ Type: "Not" as const, Condition: inner })) } };
    }),
  });
}

/** Every condition must hold: the Condition step's list of conditions. */
export function and(...conditions: readonly PipelineCondition[]): PipelineCondition {
  return new PipelineCondition({ all: conditions });
}

/** The operators of {@link compare}. */
export type ComparisonOperator = "==" | "!=" | ">" | ">=" | "<" | "<=";

type Equality = "==" | "!=";
type Ordering = ">" | ">=" | "<" | "<=";

const COMPARISON_OF: Readonly<Record<Exclude<ComparisonOperator, "!=">, ComparisonType>> = {
  "==": "Equals",
  ">": "GreaterThan",
  ">=": "GreaterThanOrEqualTo",
  "<": "LessThan",
  "<=": "LessThanOrEqualTo",
};

/**
 * A comparison written in the order it reads, a literal on either side: `compare(0.01, "<=", accuracy)`
 * is `{"Type": "LessThanOrEqualTo", "LeftValue": 0.01, "RightValue": accuracy}`, as the Python SDK's
 * `ConditionLessThanOrEqualTo(left=0.01, right=accuracy)` writes it (`accuracy.gte(0.01)` holds in the
 * same runs but puts the value on the left). One side at least is a pipeline value; the other is typed
 * by it as in `eq`/`gt`: a number with a number, a string with a string, booleans only with `==`/`!=`,
 * an enum parameter only with its values. `!=` is `Not(Equals)`.
 *
 * @example
 * ```ts
 * compare(0.01, "<=", steps.Evaluate.propertyFiles.report.get("accuracy"))
 * // {"Type": "LessThanOrEqualTo", "LeftValue": 0.01, "RightValue": {"Std:JsonGet": {...}}}
 * compare(1.5, "==", params.MaxLoss) // {"Type": "Equals", "LeftValue": 1.5, "RightValue": {"Get": "Parameters.MaxLoss"}}
 * ```
 */
export function compare<T>(left: PipelineValue<T>, operator: Equality, right: NoInfer<Comparable<T>>): PipelineCondition;
export function compare<T>(left: NoInfer<Comparable<T>>, operator: Equality, right: PipelineValue<T>): PipelineCondition;
export function compare<T>(left: PipelineValue<T>, operator: Ordering, right: NoInfer<OrderedOperand<T>>): PipelineCondition;
export function compare<T>(left: NoInfer<OrderedOperand<T>>, operator: Ordering, right: PipelineValue<T>): PipelineCondition;
export function compare(left: unknown, operator: ComparisonOperator, right: unknown): PipelineCondition {
  if (!(left instanceof PipelineValue) && !(right instanceof PipelineValue)) {
    throw new SagepipeError(
      "invalid-condition",
      `compare(${operand(left)}, ${JSON.stringify(operator)}, ${operand(right)}): one side at least must be a pipeline value (a parameter, a step property, ...); a comparison of two literals is decided now, not when the pipeline runs`,
    );
  }
  if (operator === "!=") return not(comparison("Equals", left, right));
  const type = typeof operator === "string" && Object.hasOwn(COMPARISON_OF, operator) ? COMPARISON_OF[operator as Exclude<ComparisonOperator, "!=">] : undefined;
  if (type === undefined) {
    throw new SagepipeError("invalid-condition", `compare(): the operator is one of "==", "!=", ">", ">=", "<", "<=", got ${operand(operator)}`);
  }
  return comparison(type, left, right);
}
