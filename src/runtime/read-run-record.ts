import { SagepipeError } from "../errors.js";
import { excerpt } from "../text.js";
import { formatJsonPath, type PathSegment } from "../validate/issues.js";
import { MAX_FILE_DEPTH, readJsonData } from "../validate/json-data.js";
import type { RunRecord } from "./run-record.js";

// Reading a run record from a file (`sagepipe lineage run.json`): the file is untrusted input, so
// what is not a run record is a typed error saying where, never a TypeError from the printer.

/** The most values a run record is read with (a record of 50 steps holds a few thousand). */
const MAX_VALUES = 5_000_000;

type Check = (value: unknown) => boolean;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isString: Check = (value) => typeof value === "string";

/** The members a run record (and each of its parts) must have, with their kinds. */
const RECORD: Readonly<Record<string, Check>> = {
  pipelineName: isString,
  executionId: isString,
  status: isString,
  startedAt: isString,
  endedAt: isString,
  parameters: isObject,
  steps: Array.isArray,
  conditions: Array.isArray,
  registeredModels: Array.isArray,
  deployments: Array.isArray,
};
const OPTIONAL_RECORD: Readonly<Record<string, Check>> = { failureReason: isString, source: isObject, warnings: Array.isArray };
const STEP: Readonly<Record<string, Check>> = { name: isString, type: isString, status: isString, cached: (v) => typeof v === "boolean", attempts: (v) => typeof v === "number" };
const OPTIONAL_STEP: Readonly<Record<string, Check>> = {
  cachedFrom: isString,
  failureReason: isString,
  jobName: isString,
  image: isString,
  instanceType: isString,
  inputs: Array.isArray,
  outputs: Array.isArray,
  code: Array.isArray,
  hyperparameters: isObject,
  metrics: isObject,
  propertyFiles: isObject,
};
const DECISION: Readonly<Record<string, Check>> = { step: isString, outcome: (v) => typeof v === "boolean", branch: isString, conditions: Array.isArray };
const MODEL: Readonly<Record<string, Check>> = {
  modelPackageGroupName: isString,
  modelPackageVersion: (v) => typeof v === "number",
  modelPackageArn: isString,
  approvalStatus: isString,
};
const LOCATION: Readonly<Record<string, Check>> = { name: isString, uri: isString };
const CODE: Readonly<Record<string, Check>> = { uri: isString };

/** What is wrong with `value` at `path` against the members `required` (and `optional`), if anything. */
function membersProblem(value: unknown, path: PathSegment[], required: Readonly<Record<string, Check>>, optional: Readonly<Record<string, Check>> = {}): string | undefined {
  if (!isObject(value)) return `${formatJsonPath(path)} is not an object`;
  for (const [key, check] of Object.entries(required)) {
    if (!Object.hasOwn(value, key)) return `${formatJsonPath(path)} has no ${key}`;
    if (!check(value[key])) return `${formatJsonPath([...path, key])} is not what a run record holds there`;
  }
  for (const [key, check] of Object.entries(optional)) {
    if (Object.hasOwn(value, key) && value[key] !== undefined && !check(value[key])) return `${formatJsonPath([...path, key])} is not what a run record holds there`;
  }
  return undefined;
}

/** What is wrong with each item of the list at `path`, the first problem found. */
function itemsProblem(list: unknown, path: PathSegment[], required: Readonly<Record<string, Check>>, optional?: Readonly<Record<string, Check>>): string | undefined {
  if (!Array.isArray(list)) return undefined;
  for (let i = 0; i < list.length; i++) {
    const problem = membersProblem(list[i], [...path, i], required, optional);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Why `value` is not a run record sagepipe can print, or undefined. */
function runRecordProblem(value: unknown): string | undefined {
  // as deep as a record runLocal writes: property files and reports nest up to MAX_DATA_DEPTH
  const data = readJsonData(value, MAX_VALUES, { maxDepth: MAX_FILE_DEPTH });
  const first = data.issues[0];
  if (first !== undefined) return `${formatJsonPath(first.path)}: ${first.message}`;
  const problem = membersProblem(value, [], RECORD, OPTIONAL_RECORD);
  if (problem !== undefined) return problem;
  const record = value as Record<string, unknown[]>;
  const steps = record.steps as unknown[];
  const stepProblem = itemsProblem(steps, ["steps"], STEP, OPTIONAL_STEP);
  if (stepProblem !== undefined) return stepProblem;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Record<string, unknown>;
    for (const key of ["inputs", "outputs"]) {
      const found = itemsProblem(step[key], ["steps", i, key], LOCATION);
      if (found !== undefined) return found;
    }
    const code = itemsProblem(step.code, ["steps", i, "code"], CODE, { sha256: isString, localPath: isString });
    if (code !== undefined) return code;
  }
  const warnings = record.warnings;
  if (Array.isArray(warnings)) {
    const at = warnings.findIndex((warning) => typeof warning !== "string");
    if (at >= 0) return `${formatJsonPath(["warnings", at])} is not a string`;
  }
  return (
    itemsProblem(record.conditions, ["conditions"], DECISION) ??
    conditionsProblem(record.conditions as unknown[]) ??
    itemsProblem(record.registeredModels, ["registeredModels"], MODEL, { modelDataUrl: isString }) ??
    itemsProblem(record.deployments, ["deployments"], {})
  );
}

const COMPARISONS = new Set(["Equals", "GreaterThan", "GreaterThanOrEqualTo", "LessThan", "LessThanOrEqualTo"]);

/** What is wrong with the evaluated conditions of the decisions (walked without recursion). */
function conditionsProblem(decisions: readonly unknown[]): string | undefined {
  const pending: Array<{ value: unknown; path: PathSegment[] }> = [];
  decisions.forEach((decision, i) => {
    ((decision as { conditions: unknown[] }).conditions).forEach((value, j) => pending.push({ value, path: ["conditions", i, "conditions", j] }));
  });
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (!isObject(value) || typeof value.type !== "string") return `${formatJsonPath(path)} is not an evaluated condition`;
    if (value.type === "Not") pending.push({ value: value.condition, path: [...path, "condition"] });
    else if (value.type === "Or") {
      if (!Array.isArray(value.conditions)) return `${formatJsonPath([...path, "conditions"])} is not a list`;
      value.conditions.forEach((item, k) => pending.push({ value: item, path: [...path, "conditions", k] }));
    } else if (value.type === "In") {
      if (!Array.isArray(value.values)) return `${formatJsonPath([...path, "values"])} is not a list`;
    } else if (!COMPARISONS.has(value.type)) return `${formatJsonPath([...path, "type"])} is not a condition type`;
  }
  return undefined;
}

/**
 * A run record read from untrusted JSON text (a `run.json` a local run wrote, or one given on the
 * command line): a `run-record-unreadable` SagepipeError saying what and where when the text is not
 * JSON or not a run record, never an exception from deep inside the printer.
 *
 * @example
 * ```ts
 * const record = parseRunRecord(await readFile(".sagepipe/runs/01kab8ndr4u4/run.json", "utf8"), "run.json");
 * ```
 */
export function parseRunRecord(text: string, name: string): RunRecord {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new SagepipeError("run-record-unreadable", `${name} is not valid JSON: ${excerpt((error as Error).message, 200)}`);
  }
  const problem = runRecordProblem(value);
  if (problem !== undefined) throw new SagepipeError("run-record-unreadable", `${name} is not a run record: ${excerpt(problem, 300)}`);
  return value as RunRecord;
}
