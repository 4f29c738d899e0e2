import { SagepipeError } from "../errors.js";
import { stepReferences } from "../validate/references.js";
import { indexSteps, type JsonObject } from "../validate/step-index.js";
import { didYouMean } from "../validate/suggest.js";

/** SageMaker's limit on `SelectiveExecutionConfig.SelectedSteps`. */
export const MAX_SELECTED_STEPS = 50;

/** Which steps a selective execution runs. */
export interface StepSelection {
  /** This step and every step downstream of it. */
  readonly from?: string;
  /** These steps. */
  readonly steps?: readonly string[];
}

/**
 * The steps that (transitively) wait for `from`: through `DependsOn`, data references
 * (`Get: Steps.<from>...`, property files) and condition branches. Includes `from`; in document order.
 *
 * @example
 * ```ts
 * downstreamSteps(definition, "Train"); // ["Train", "Evaluate", "CheckAccuracy", "Register"]
 * ```
 */
export function downstreamSteps(definition: JsonObject, from: string): string[] {
  const steps = indexSteps(definition);
  const waiting = new Map<string, Set<string>>();
  const addEdge = (before: string, after: string): void => {
    const set = waiting.get(before) ?? new Set<string>();
    set.add(after);
    waiting.set(before, set);
  };
  for (const step of steps) {
    const dependsOn = step.value.DependsOn;
    if (Array.isArray(dependsOn)) for (const name of dependsOn) if (typeof name === "string") addEdge(name, step.name);
    for (const found of stepReferences(step)) if (found.reference.root === "Steps") addEdge(found.reference.step, step.name);
    if (step.placement.kind === "branch") addEdge(step.placement.condition, step.name);
  }
  const reached = new Set([from]);
  const queue = [from];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const next of waiting.get(current) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  return steps.map((step) => step.name).filter((name) => reached.has(name));
}

/**
 * Resolves a {@link StepSelection} against a definition: checks every name, adds the steps
 * downstream of `from`, and returns the names in document order. Throws a `SagepipeError`
 * (`unknown-step`, `empty-selection`, `too-many-selected-steps`) before any call.
 *
 * @example
 * ```ts
 * selectSteps(definition, { from: "Evaluate" }); // ["Evaluate", "CheckAccuracy", "Register"]
 * ```
 */
export function selectSteps(definition: JsonObject, selection: StepSelection): string[] {
  const known = indexSteps(definition).map((step) => step.name);
  const requested = [...(selection.from === undefined ? [] : [selection.from]), ...(selection.steps ?? [])];
  if (requested.length === 0) throw new SagepipeError("empty-selection", "select the steps to run: give `from` (a step and everything downstream of it) or `steps`");
  const unknown = requested.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new SagepipeError(
      "unknown-step",
      unknown.map((name) => `"${name}" is not a step of this pipeline.${didYouMean(name, known)}`).join(" ") + ` Steps: ${known.join(", ")}.`,
    );
  }
  const selected = new Set([...(selection.steps ?? []), ...(selection.from === undefined ? [] : downstreamSteps(definition, selection.from))]);
  const ordered = known.filter((name) => selected.has(name));
  if (ordered.length > MAX_SELECTED_STEPS) {
    throw new SagepipeError("too-many-selected-steps", `a selective execution runs at most ${MAX_SELECTED_STEPS} steps; this selection has ${ordered.length}`);
  }
  return ordered;
}
