import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import { stepReferences } from "../validate/references.js";
import { indexSteps, type JsonObject, type Placement } from "../validate/step-index.js";

/** A step of the run graph: the step's JSON and the steps it waits for. */
export interface GraphStep {
  readonly name: string;
  readonly type: string;
  readonly value: JsonObject;
  readonly placement: Placement;
  /** Steps that must finish first: DependsOn, data references, and the Condition step of a branch. */
  readonly dependencies: readonly string[];
}

/** The steps of a definition in document order (branch steps after the top level), with dependencies. */
export function buildGraph(definition: PipelineDefinition): GraphStep[] {
  const indexed = indexSteps(definition as unknown as JsonObject);
  return indexed.map((step) => {
    const dependencies = new Set<string>();
    const dependsOn = step.value.DependsOn;
    if (Array.isArray(dependsOn)) for (const name of dependsOn) if (typeof name === "string") dependencies.add(name);
    for (const found of stepReferences(step)) if (found.reference.root === "Steps") dependencies.add(found.reference.step);
    if (step.placement.kind === "branch") dependencies.add(step.placement.condition);
    dependencies.delete(step.name);
    return { name: step.name, type: step.type, value: step.value, placement: step.placement, dependencies: [...dependencies] };
  });
}
