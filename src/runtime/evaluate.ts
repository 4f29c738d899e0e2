import { isExpression } from "../definition/expressions.js";
import type { ParameterValue } from "./parameters.js";
import { parseReference } from "../validate/references.js";
import { parsePath, walkPath } from "./property-path.js";

/** What expressions read when a run evaluates them. */
export interface EvaluationContext {
  /** A parameter's value for this run. */
  parameter(name: string): ParameterValue | undefined;
  /** An execution variable (`PipelineExecutionId`, `StartDateTime`, ...); undefined keeps it symbolic. */
  execution(name: string): string | undefined;
  /** `PipelineExperimentConfig.ExperimentName` / `TrialName`. */
  experiment(name: string): string | undefined;
  /** The properties (Describe* response) of a step that ran; undefined when it did not run. */
  stepProperties(step: string): unknown;
  /** The parsed content of a property file of a step that ran. */
  propertyFile(step: string, name: string): unknown;
  /** A JSON document read from the object store (`Std:JsonGet` with `S3Uri`). */
  s3Json(uri: string): unknown;
}

/** An expression that cannot be evaluated: a step that did not run, a missing property or file. */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvaluationError";
  }
}

/**
 * Evaluates one value: expressions are resolved, primitives returned as they are. Execution
 * variables the context leaves undefined stay as `{"Get": ...}` (and the `Std:Join` around them), which
 * is how cache keys ignore the execution id.
 */
export function evaluate(value: unknown, context: EvaluationContext): unknown {
  if (!isExpression(value)) return value;
  if ("Get" in value) return evaluateGet(value.Get, context, value);
  if ("Std:Join" in value) {
    const { On, Values } = value["Std:Join"];
    const parts = Values.map((part) => evaluate(part, context));
    if (parts.some((part) => typeof part === "object" && part !== null)) return { "Std:Join": { On, Values: parts } };
    return parts.map((part) => joinText(part)).join(On);
  }
  const jsonGet = value["Std:JsonGet"];
  const document =
    "PropertyFile" in jsonGet ? propertyFileOf(jsonGet.PropertyFile.Get, context) : context.s3Json(s3UriOf(evaluate(jsonGet.S3Uri, context)));
  return readJsonPath(document, jsonGet.Path, "PropertyFile" in jsonGet ? jsonGet.PropertyFile.Get : "the JSON document");
}

/** Resolves every expression inside a value (objects and lists walked). */
export function resolveDeep(value: unknown, context: EvaluationContext): unknown {
  if (isExpression(value)) return evaluate(value, context);
  if (Array.isArray(value)) return value.map((item: unknown) => resolveDeep(item, context));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveDeep(item, context)]));
  }
  return value;
}

/** Reads `metrics.accuracy.value` from a parsed JSON document. */
export function readJsonPath(document: unknown, path: string, source: string): unknown {
  const tokens = parsePath(path);
  if (tokens === undefined) throw new EvaluationError(`the JsonGet path "${path}" does not parse`);
  const walked = walkPath(document, tokens);
  if (!walked.found) throw new EvaluationError(`"${path}" is not in ${source}: nothing at "${walked.at}"`);
  return walked.value;
}

function evaluateGet(text: string, context: EvaluationContext, original: unknown): unknown {
  const reference = parseReference(text);
  if (reference === undefined) throw new EvaluationError(`"${text}" is not a reference`);
  switch (reference.root) {
    case "Parameters": {
      const value = context.parameter(reference.name);
      if (value === undefined) throw new EvaluationError(`parameter "${reference.name}" has no value`);
      return value;
    }
    case "Execution":
      return context.execution(reference.name) ?? original;
    case "PipelineExperimentConfig":
      return context.experiment(reference.name) ?? original;
    case "Steps": {
      const properties = context.stepProperties(reference.step);
      if (properties === undefined) throw new EvaluationError(`step "${reference.step}" has not run, so "${text}" has no value`);
      const tokens = parsePath(reference.property);
      if (tokens === undefined) throw new EvaluationError(`"${text}" is not a property path`);
      const walked = walkPath(properties, tokens);
      if (!walked.found) throw new EvaluationError(`step "${reference.step}" has no property "${reference.property}" (nothing at "${walked.at}")`);
      return walked.value;
    }
  }
}

function propertyFileOf(text: string, context: EvaluationContext): unknown {
  const match = /^Steps\.([^.]+)\.PropertyFiles\.(.+)$/.exec(text);
  if (match === null) throw new EvaluationError(`"${text}" is not a property file reference`);
  return context.propertyFile(match[1] ?? "", match[2] ?? "");
}

function s3UriOf(value: unknown): string {
  if (typeof value !== "string") throw new EvaluationError(`a JsonGet S3Uri must evaluate to a string, got ${JSON.stringify(value)}`);
  return value;
}

/** How a value reads inside `Std:Join` (and in string-only fields). */
export function joinText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "";
  return JSON.stringify(value);
}
