import { optionShape } from "../options.js";
import type { StepInvocation, StepResult } from "./engine.js";
import { LocalStepError } from "./errors.js";
import { defaultProperties, mergeProperties } from "./step-properties.js";

/** A stubbed outcome of one step, for `simulate` and for steps `runLocal` cannot run. */
export interface StepOutcome {
  /** Property files the step writes, by name: what `Std:JsonGet` reads. */
  readonly propertyFiles?: Readonly<Record<string, unknown>>;
  /** Lambda or Callback output parameters, by name. */
  readonly outputs?: Readonly<Record<string, string | number | boolean>>;
  /** Properties of the step (its Describe* response), merged over the ones its Arguments imply. */
  readonly properties?: Readonly<Record<string, unknown>>;
  /** Fails the step with this reason (the run then fails). */
  readonly fail?: string;
}

/** @internal The keys a stub may have (checked at run time: a misspelt key is `unknown-option`). */
export const STEP_OUTCOME = optionShape<StepOutcome>({ propertyFiles: "map", outputs: "map", properties: "map", fail: true });

/** The result a stubbed step ends with. */
export function stubbedResult(invocation: StepInvocation, outcome: StepOutcome | undefined): StepResult {
  if (outcome?.fail !== undefined) throw new LocalStepError(outcome.fail);
  let properties = defaultProperties(invocation);
  if (outcome?.outputs !== undefined) properties = { ...properties, OutputParameters: { ...outcome.outputs } };
  if (outcome?.properties !== undefined) properties = mergeProperties(properties, outcome.properties);
  return {
    properties,
    ...(outcome?.propertyFiles !== undefined ? { propertyFiles: outcome.propertyFiles } : {}),
    ...(outcome?.outputs !== undefined ? { details: { outputParameters: outcome.outputs } } : {}),
  };
}
