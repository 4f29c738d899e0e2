import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import { SagepipeError } from "../errors.js";
import { excerpt } from "../text.js";
import { formatJsonPath } from "../validate/issues.js";
import { readJsonData } from "../validate/json-data.js";
import { indexSteps, isObject, type IndexedStep, type JsonObject, type Placement } from "../validate/step-index.js";
import { diffValues, type ValueChange } from "./value-diff.js";

/** A step that is in only one of the two definitions. */
export interface StepSummary {
  readonly name: string;
  readonly type: string;
  /** Where it sits: `"top level"` ({@link TOP_LEVEL}), or the branch of a Condition step such as `"CheckAccuracy.IfSteps"`. */
  readonly placement: string;
}

/**
 * A step in both definitions that differs. Paths are relative to the step (`Arguments.RoleArn`); a
 * step that moved has a first change at path `["(placement)"]` from the old placement to the new.
 */
export interface StepChange {
  readonly name: string;
  /** The step's type in the new definition. */
  readonly type: string;
  readonly changes: readonly ValueChange[];
}

/** A parameter that is in only one of the two definitions. */
export interface ParameterSummary {
  readonly name: string;
  readonly type: string;
}

/** A parameter in both definitions that differs; paths are relative to it (`DefaultValue`). */
export interface ParameterChange {
  readonly name: string;
  readonly changes: readonly ValueChange[];
}

/** What changed from one pipeline definition to another. */
export interface DefinitionDiff {
  /** Whether anything differs at all. */
  readonly changed: boolean;
  /** Steps matched by name, wherever they sit (top level or a Condition branch). */
  readonly steps: {
    readonly added: readonly StepSummary[];
    readonly removed: readonly StepSummary[];
    readonly changed: readonly StepChange[];
  };
  /** Parameters matched by name. */
  readonly parameters: {
    readonly added: readonly ParameterSummary[];
    readonly removed: readonly ParameterSummary[];
    readonly changed: readonly ParameterChange[];
  };
  /** Everything else (`Version`, `Metadata`, `PipelineExperimentConfig`, ...), with paths from the root. */
  readonly other: readonly ValueChange[];
}

/** A definition to compare: a definition object, its JSON text, or any parsed document. */
export type DefinitionInput = PipelineDefinition | string | unknown;

/** The placement of a step that is not in a Condition branch. */
export const TOP_LEVEL = "top level";

/** The path of the pseudo-field that reports a step moving between the top level and a branch. */
export const PLACEMENT_PATH = "(placement)";

/**
 * Compares two pipeline definitions by meaning rather than by text. Steps and parameters are matched
 * by name, so reordering them changes nothing; a step moved into or out of a Condition branch is
 * reported as a change of its placement. Named lists (`ProcessingInputs`, `Outputs`,
 * `InputDataConfig`, ...) are matched by item name, `DependsOn` is compared as a set, and other
 * arrays item by item. A Condition step's own changes are its conditions and the names in its
 * branches: the branch steps are compared as steps. The documents need not be valid; steps without a
 * string `Name` are not compared. Throws a {@link SagepipeError} (`invalid-definition-json`) when a
 * string is not JSON, and (`not-a-definition`) when a side is not a JSON object.
 *
 * @example
 * ```ts
 * const diff = diffDefinitions(deployedJson, compile(pipeline).definition);
 * diff.steps.changed; // [{ name: "Train", type: "Training", changes: [{ pathText: "Arguments.HyperParameters.epochs", ... }] }]
 * ```
 */
export function diffDefinitions(before: DefinitionInput, after: DefinitionInput): DefinitionDiff {
  const [from, to] = [toDocument(before, "before"), toDocument(after, "after")];
  const steps = matchByName(stepsByName(from), stepsByName(to), summarizeStep, compareSteps);
  const parameters = matchByName(parametersByName(from), parametersByName(to), summarizeParameter, diffValues);
  const other = diffValues(envelope(from), envelope(to));
  const changed = other.length > 0 || [steps, parameters].some((group) => group.added.length + group.removed.length + group.changed.length > 0);
  return {
    changed,
    steps: { ...steps, changed: steps.changed.map(({ name, after: step, changes }) => ({ name, type: step.type, changes })) },
    parameters: { ...parameters, changed: parameters.changed.map(({ name, changes }) => ({ name, changes })) },
    other,
  };
}

function toDocument(value: unknown, side: "before" | "after"): JsonObject {
  let document = value;
  if (typeof value === "string") {
    try {
      document = JSON.parse(value);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SagepipeError("invalid-definition-json", `the ${side} definition is not valid JSON: ${excerpt(reason, 200)}`, { cause: error });
    }
  }
  // read into plain JSON data of bounded depth first (without recursion), so that comparing it
  // cannot overflow the stack or loop on a cycle, and keys such as __proto__ are compared as keys
  const data = readJsonData(document, MAX_VALUES);
  const problem = data.issues[0];
  if (problem !== undefined) {
    const code = problem.code === "too-deep" ? "definition-too-deep" : problem.code === "definition-too-large" ? "definition-too-large" : "invalid-definition-json";
    throw new SagepipeError(code, `the ${side} definition cannot be compared at ${formatJsonPath(problem.path)}: ${problem.message}`);
  }
  if (!isObject(data.copy)) {
    throw new SagepipeError("not-a-definition", `the ${side} definition is not a JSON object: pass a pipeline definition or its JSON text`);
  }
  return data.copy;
}

/** The most values a compared document may hold (a 1 MiB definition holds far fewer). */
const MAX_VALUES = 50_000_000;

/** The document without what is compared by name. */
function envelope(document: JsonObject): JsonObject {
  const { Steps: _steps, Parameters: _parameters, ...rest } = document;
  return rest;
}

/**
 * Pairs two sets of named things: those only after, those only before, and those in both that
 * differ, each in document order.
 */
function matchByName<T, S>(
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
  summarize: (name: string, item: T) => S,
  compare: (before: T, after: T) => ValueChange[],
): { added: S[]; removed: S[]; changed: { name: string; after: T; changes: ValueChange[] }[] } {
  const only = (items: ReadonlyMap<string, T>, other: ReadonlyMap<string, T>) =>
    [...items].filter(([name]) => !other.has(name)).map(([name, item]) => summarize(name, item));
  const changed = [...after].flatMap(([name, next]) => {
    const previous = before.get(name);
    const changes = previous === undefined ? [] : compare(previous, next);
    return changes.length > 0 ? [{ name, after: next, changes }] : [];
  });
  return { added: only(after, before), removed: only(before, after), changed };
}

/** Items by name, in document order; where a name repeats (an invalid document), the first counts. */
function firstByName<T>(items: readonly T[], nameOf: (item: T) => unknown): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const name = nameOf(item);
    if (typeof name === "string" && !map.has(name)) map.set(name, item);
  }
  return map;
}

function stepsByName(document: JsonObject): Map<string, IndexedStep> {
  return firstByName(indexSteps(document), (step) => step.name);
}

/** Parameters by name; entries without a string `Name` are not compared. */
function parametersByName(document: JsonObject): Map<string, JsonObject> {
  const list = Array.isArray(document.Parameters) ? document.Parameters.filter(isObject) : [];
  return firstByName(list, (parameter) => parameter.Name);
}

function summarizeStep(name: string, step: IndexedStep): StepSummary {
  return { name, type: step.type, placement: placementText(step.placement) };
}

function summarizeParameter(name: string, parameter: JsonObject): ParameterSummary {
  return { name, type: typeof parameter.Type === "string" ? parameter.Type : "" };
}

function placementText(placement: Placement): string {
  return placement.kind === "top" ? TOP_LEVEL : `${placement.condition}.${placement.branch}`;
}

function compareSteps(before: IndexedStep, after: IndexedStep): ValueChange[] {
  const [from, to] = [placementText(before.placement), placementText(after.placement)];
  const moved: ValueChange[] = from === to ? [] : [{ path: [PLACEMENT_PATH], pathText: PLACEMENT_PATH, kind: "changed", before: from, after: to }];
  return [...moved, ...diffValues(ownContent(before), ownContent(after))];
}

/** A step as compared: a Condition step's branches hold only the names of their steps. */
function ownContent(step: IndexedStep): JsonObject {
  const args = step.value.Arguments;
  if (step.type !== "Condition" || !isObject(args)) return step.value;
  const names = (branch: unknown) =>
    Array.isArray(branch) ? branch.map((item: unknown) => (isObject(item) && typeof item.Name === "string" ? item.Name : item)) : branch;
  return { ...step.value, Arguments: { ...args, IfSteps: names(args.IfSteps), ElseSteps: names(args.ElseSteps) } };
}
