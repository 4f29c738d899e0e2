import type { Parameter } from "../definition/parameters.js";
import type { PipelineNode } from "../model/pipeline-node.js";
import { invalidTrigger } from "./checks.js";
import { checkAgainstPipeline } from "./parameters.js";
import { onS3 } from "./s3-trigger.js";
import { schedule } from "./schedule.js";
import type { S3Trigger, ScheduleTrigger, TriggerParameterValue } from "./types.js";

/** A trigger or schedule declaration as the builder stores it. */
export type Declaration = S3Trigger | ScheduleTrigger;

function label(declaration: Declaration): string {
  return declaration.kind === "s3" ? `S3 trigger "${declaration.id}"` : `schedule "${declaration.id}"`;
}

/**
 * Checks a declaration the builder is given (`.trigger(...)`, `.schedule(...)`) against the
 * pipeline so far: it must be made by `onS3`/`schedule`, its id must be new, its parameter names
 * declared (before the trigger, like steps) and its static values of their types.
 *
 * @example
 * ```ts
 * checkNewDeclaration(onS3({ bucket: "data" }), { pipelineName: "Churn", parameters, existing: [] })
 * ```
 */
export function checkNewDeclaration(
  declaration: Declaration,
  context: { readonly pipelineName: string; readonly parameters: readonly Parameter[]; readonly existing: readonly Declaration[] },
): void {
  const expected = (declaration as { kind?: unknown } | null)?.kind;
  if (expected !== "s3" && expected !== "schedule") {
    throw invalidTrigger(`pipeline "${context.pipelineName}": .trigger() takes onS3({...}) and .schedule() takes schedule(...) or an expression, got ${describe(declaration)}`);
  }
  // a declaration built by hand (or altered) is re-made by its own function, so it is checked the same way
  remake(declaration);
  const clash = context.existing.find((d) => d.id === declaration.id);
  if (clash !== undefined) {
    throw invalidTrigger(
      `pipeline "${context.pipelineName}" already has ${label(clash)}: give the ${declaration.kind === "s3" ? "trigger" : "schedule"} another id (id: "...") — the id names its AWS resource`,
    );
  }
  checkAgainstPipeline(declaration.parameters as Readonly<Record<string, TriggerParameterValue>>, context.parameters, `pipeline "${context.pipelineName}": ${label(declaration)}`);
}

function remake(declaration: Declaration): void {
  const kind = (declaration as { kind?: unknown } | null)?.kind;
  if (kind !== "s3" && kind !== "schedule") throw invalidTrigger(`${describe(declaration)} is not a trigger or schedule made by onS3(...) or schedule(...)`);
  if (declaration.kind === "s3") {
    const { kind: _, parameterNames: __, retry, parameters, ...options } = declaration;
    onS3({ ...options, retry, parameters: parameters as Readonly<Record<string, TriggerParameterValue>> });
  } else {
    const { kind: _, parameterNames: __, expression, retry, ...options } = declaration;
    schedule(expression, { ...options, retry });
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return typeof value === "object" ? "an object without kind" : `a ${typeof value}`;
}

/**
 * Checks every trigger and schedule of a pipeline before anything is applied: unique ids,
 * declared parameters of the right types, and every parameter without a default set (or the
 * executions they start would be refused).
 *
 * @example
 * ```ts
 * checkDeclarations(churn.toNode()) // throws: schedule "nightly": pipeline parameter "InputData" has no default, so the trigger must set it
 * ```
 */
export function checkDeclarations(node: PipelineNode): void {
  const all: Declaration[] = [...(node.triggers ?? []), ...(node.schedules ?? [])];
  const seen = new Set<string>();
  for (const declaration of all) {
    // a node may be built by hand: each declaration is checked as its own function would
    remake(declaration);
    if (seen.has(declaration.id)) throw invalidTrigger(`pipeline "${node.name}" declares two triggers or schedules with the id "${declaration.id}": give each its own id`);
    seen.add(declaration.id);
    checkAgainstPipeline(declaration.parameters as Readonly<Record<string, TriggerParameterValue>>, node.parameters, `pipeline "${node.name}": ${label(declaration)}`, { complete: true });
  }
}
