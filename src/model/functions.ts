import { EXECUTION_VARIABLES, type ExecutionVariableName } from "../definition/expressions.js";
import { SagepipeError } from "../errors.js";
import { anotherCopyNote, GetValue, JoinValue, JsonGetValue, PipelineValue, type AnyValue } from "./expressions.js";

/**
 * Builds a string at run time: `{"Std:Join": ...}`. As a tag, it joins the template's parts with
 * `On: ""`; as a function, it joins `values` with `on`.
 *
 * @example
 * ```ts
 * join`s3://${params.Bucket}/models/${execution.PipelineExecutionId}`
 * // {"Std:Join": {"On": "", "Values": ["s3://", {"Get": "Parameters.Bucket"}, "/models/", {"Get": "Execution.PipelineExecutionId"}]}}
 * join(["s3:/", params.Bucket, "models"], "/")
 * // {"Std:Join": {"On": "/", "Values": ["s3:/", {"Get": "Parameters.Bucket"}, "models"]}}
 * ```
 */
export function join(strings: TemplateStringsArray, ...values: readonly AnyValue[]): PipelineValue<string>;
export function join(values: readonly AnyValue[], on?: string): PipelineValue<string>;
export function join(first: TemplateStringsArray | readonly AnyValue[], ...rest: readonly unknown[]): PipelineValue<string> {
  if (isTemplate(first)) {
    const parts: AnyValue[] = [];
    first.forEach((text, i) => {
      if (text !== "") parts.push(text);
      if (i < rest.length) parts.push(checkValue(rest[i], i));
    });
    return new JoinValue("", parts);
  }
  const on = rest[0];
  if (on !== undefined && typeof on !== "string") {
    throw new SagepipeError("invalid-join", `join's separator must be a string, received ${typeof on}`);
  }
  return new JoinValue(on ?? "", first.map((value, i) => checkValue(value, i)));
}

function isTemplate(value: unknown): value is TemplateStringsArray {
  return Array.isArray(value) && "raw" in value;
}

function checkValue(value: unknown, index: number): AnyValue {
  if (value instanceof PipelineValue || typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return value;
  }
  throw new SagepipeError(
    "invalid-join",
    `join value ${index} is ${value === null ? "null" : typeof value}${anotherCopyNote(value)}: join takes strings, numbers, booleans and pipeline values`,
  );
}

/**
 * Reads a value from a JSON object in S3 at run time: `{"Std:JsonGet": {"S3Uri": ..., "Path": ...}}`.
 * For a Processing step's property file, use `steps.<Step>.propertyFiles.<name>.get(path)`.
 *
 * @example
 * ```ts
 * jsonGet({ s3Uri: join`s3://${params.Bucket}/result.json`, path: "metrics.accuracy" })
 * ```
 */
export function jsonGet<T = unknown>(options: { readonly s3Uri: PipelineValue<string>; readonly path: string }): PipelineValue<T> {
  if (!(options.s3Uri instanceof JoinValue) && !(options.s3Uri instanceof GetValue)) {
    throw new SagepipeError("invalid-json-get", "jsonGet's s3Uri must be a join`...` or a reference (a parameter or step property)");
  }
  if (options.path === "") throw new SagepipeError("invalid-json-get", "jsonGet needs a non-empty path");
  return new JsonGetValue<T>({ s3Uri: options.s3Uri }, options.path);
}

/**
 * Execution variables, resolved when a run starts: `{"Get": "Execution.<name>"}`.
 *
 * @example
 * ```ts
 * join`s3://bucket/runs/${execution.PipelineExecutionId}`
 * ```
 */
export const execution: { readonly [K in ExecutionVariableName]: PipelineValue<string> } = Object.freeze(
  Object.fromEntries(EXECUTION_VARIABLES.map((name) => [name, new GetValue<string>(`Execution.${name}`, "string")])) as unknown as {
    [K in ExecutionVariableName]: PipelineValue<string>;
  },
);

/**
 * The experiment and trial of the running execution: `{"Get": "PipelineExperimentConfig.<name>"}`.
 */
export const experimentConfig: { readonly ExperimentName: PipelineValue<string>; readonly TrialName: PipelineValue<string> } =
  Object.freeze({
    ExperimentName: new GetValue<string>("PipelineExperimentConfig.ExperimentName", "string"),
    TrialName: new GetValue<string>("PipelineExperimentConfig.TrialName", "string"),
  });
