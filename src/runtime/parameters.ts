import type { Parameter, ParameterType } from "../definition/parameters.js";
import { SagepipeError } from "../errors.js";
import type { ParameterMap, ParameterValueType } from "../builder/step-definition.js";
import { didYouMean } from "../validate/suggest.js";

/** A parameter's value at run time. */
export type ParameterValue = string | number | boolean;

/**
 * The values a run is started with, typed by the pipeline's declared parameters: every key is
 * optional (a declared default applies), `"Float"` and `"Integer"` take numbers, `"Boolean"` a boolean.
 *
 * @example
 * ```ts
 * const params: ParameterArguments<{ Threshold: "Float" }> = { Threshold: 0.9 };
 * ```
 */
export type ParameterArguments<P extends ParameterMap> = { readonly [K in keyof P]?: ParameterValueType<P[K]> };

/** Thrown when run-time parameter values do not fit the pipeline's declared parameters. */
export class ParameterError extends SagepipeError {
  /** One line per problem, each naming the parameter. */
  readonly problems: readonly string[];

  constructor(pipelineName: string, problems: readonly string[]) {
    super(
      "invalid-parameters",
      `parameter values for pipeline "${pipelineName}" are not valid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ParameterError";
    this.problems = problems;
  }
}

/** How given values are read: typed values from code, or strings from a command line. */
export type ParameterInputForm = "typed" | "text";

/**
 * Checks run-time parameter values against the declared parameters and returns every parameter's
 * value (given or default). Unknown names, wrong types, non-integers, values outside `EnumValues`,
 * empty strings and missing values without a default are all reported at once.
 *
 * With `form: "text"` (command lines) strings are converted: `"0.8"` to a number for Float,
 * `"3"` for Integer (decimal digits only: `"0x10"`, `"1e3"`, `"1.0"` are refused rather than read as
 * JavaScript would), `"true"`/`"false"` for Boolean. An Integer beyond ±(2^53 − 1) is refused: it
 * would reach SageMaker as a different number.
 *
 * @example
 * ```ts
 * resolveParameterValues("Churn", definition.Parameters ?? [], { AccuracyThreshold: "0.9" }, "text");
 * // { InputData: "s3://…", AccuracyThreshold: 0.9 }
 * ```
 */
export function resolveParameterValues(
  pipelineName: string,
  declared: readonly Parameter[],
  given: Readonly<Record<string, unknown>>,
  form: ParameterInputForm = "typed",
): Record<string, ParameterValue> {
  const problems: string[] = [];
  const byName = new Map(declared.map((p) => [p.Name, p]));
  const values: Record<string, ParameterValue> = {};
  for (const [name, raw] of Object.entries(given)) {
    if (raw === undefined) continue;
    const parameter = byName.get(name);
    if (parameter === undefined) {
      const known = [...byName.keys()];
      problems.push(
        `"${name}" is not a parameter of this pipeline.${didYouMean(name, known)} Declared: ${known.length > 0 ? known.join(", ") : "none"}.`,
      );
      continue;
    }
    const checked = checkValue(parameter, raw, form);
    if (typeof checked === "string") problems.push(`"${name}": ${checked}`);
    else values[name] = checked.value;
  }
  for (const parameter of declared) {
    if (parameter.Name in values || given[parameter.Name] !== undefined) continue;
    if (parameter.DefaultValue === undefined) {
      problems.push(`"${parameter.Name}" (${parameter.Type}) has no default value: give it a value.`);
    } else {
      values[parameter.Name] = parameter.DefaultValue;
    }
  }
  if (problems.length > 0) throw new ParameterError(pipelineName, problems);
  return values;
}

/**
 * A parameter value as the string StartPipelineExecution takes: numbers in their shortest form,
 * booleans as `true`/`false`.
 *
 * @example
 * ```ts
 * parameterValueText(0.8); // "0.8"
 * ```
 */
export function parameterValueText(value: ParameterValue): string {
  return String(value);
}

function checkValue(parameter: Parameter, raw: unknown, form: ParameterInputForm): { value: ParameterValue } | string {
  const value = form === "text" && typeof raw === "string" ? fromText(parameter.Type, raw) : raw;
  switch (parameter.Type) {
    case "String":
      if (typeof value !== "string") return `expected a string, got ${describe(raw)}.`;
      if (value.length === 0) return "an empty string is not a valid value (SageMaker requires at least 1 character).";
      if (value.length > 2048) return `${value.length} characters is longer than the 2048 allowed.`;
      if (parameter.EnumValues !== undefined && !parameter.EnumValues.includes(value)) {
        return `"${value}" is not one of ${parameter.EnumValues.map((v) => `"${v}"`).join(", ")}.${didYouMean(value, parameter.EnumValues)}`;
      }
      return { value };
    case "Integer":
      if (typeof value !== "number" || !Number.isFinite(value)) return `expected an integer, got ${describe(raw)}.`;
      if (!Number.isInteger(value)) return `expected an integer, got ${value}: round it, or declare the parameter as "Float".`;
      if (form === "text" && typeof raw === "string" && !DECIMAL_INTEGER.test(raw.trim())) {
        return `expected an integer in decimal digits, got ${describe(raw)}.`;
      }
      if (!Number.isSafeInteger(value)) {
        return `${typeof raw === "string" ? raw.trim() : BigInt(value).toString()} is beyond ±${Number.MAX_SAFE_INTEGER}, the integers a JavaScript number holds exactly.`;
      }
      return { value };
    case "Float":
      if (form === "text" && typeof raw === "string" && !Number.isNaN(value) && !(DECIMAL_NUMBER.test(raw.trim()) && Number.isFinite(value))) {
        return `expected a decimal number, got ${describe(raw)}.`;
      }
      if (typeof value !== "number" || !Number.isFinite(value)) return `expected a number, got ${describe(raw)}.`;
      return { value };
    case "Boolean":
      if (typeof value !== "boolean") return `expected true or false, got ${describe(raw)}.`;
      return { value };
  }
}

// Command-line numbers are decimal text: JavaScript's Number() also reads "0x10", "0b11", "0o7" and
// "Infinity", and an Integer from "1e3" or "1.0", none of which the user meant to be converted.
const DECIMAL_INTEGER = /^[+-]?\d+$/;
const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function fromText(type: ParameterType, text: string): unknown {
  switch (type) {
    case "String":
      return text;
    case "Integer":
    case "Float":
      return text.trim() === "" ? text : Number(text);
    case "Boolean":
      return text === "true" ? true : text === "false" ? false : text;
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return `the string "${value}"`;
  if (typeof value === "number" && Number.isNaN(value)) return "a value that is not a number";
  return `${typeof value} ${JSON.stringify(value)}`;
}
