import type {
  Expression as ExpressionJson,
  GetExpression,
  JoinExpression,
  JsonGetExpression,
} from "../definition/expressions.js";
import type { Condition as ConditionJson, ComparisonType } from "../definition/conditions.js";
import { SagepipeError } from "../errors.js";

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
      ? never
      : ValueOf<number> | ValueOf<string>;

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
  eq(other: ValueOf<T>): PipelineCondition {
    return comparison("Equals", this, other);
  }

  /** `Not(Equals)`: true when the sides differ. */
  ne(other: ValueOf<T>): PipelineCondition {
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
  in(values: readonly ValueOf<T>[]): PipelineCondition {
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
  constructor(
    readonly reference: string,
    readonly kind: ValueKind,
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

/** A literal or an expression as definition JSON. */
export function toJson(value: unknown): PipelineScalar | ExpressionJson {
  if (value instanceof PipelineValue) return value.toJSON();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  throw new SagepipeError("invalid-value", `expected a string, number, boolean or pipeline value, received ${value === null ? "null" : typeof value}`);
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
  return new PipelineCondition({ Type: type, LeftValue: toJson(left), RightValue: toJson(right) });
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
