import { SagepipeError } from "../../errors.js";
import { PipelineValue } from "../../model/expressions.js";
import { createStepNode, type StepOptions } from "../../model/step-node.js";
import type { StepDefinition, StepHandle } from "../step-definition.js";
import { checkOptions, describe, optionShape } from "../../options.js";

const FAIL_OPTIONS = optionShape<Omit<StepOptions, "cache" | "retry">>({ displayName: true, description: true, dependsOn: "list", after: "list" });

/**
 * A Fail step: ends the run as Failed with `message` (a string, or a `join` of values).
 *
 * @example
 * ```ts
 * failStep("AccuracyTooLow", join`accuracy below ${params.Threshold}`)
 * // {"Name": "AccuracyTooLow", "Type": "Fail", "Arguments": {"ErrorMessage": {"Std:Join": {...}}}}
 * ```
 */
export function failStep<const N extends string>(
  name: N,
  message: string | PipelineValue<unknown>,
  options: Omit<StepOptions, "cache" | "retry"> = {},
): StepDefinition<N, StepHandle<N, "Fail">> {
  if (typeof message !== "string" && !(message instanceof PipelineValue)) {
    throw new SagepipeError("invalid-fail-message", `Fail step "${name}" needs a string or join\`...\` message, got ${describe(message)}`);
  }
  checkOptions(`Fail step "${name}"`, options, FAIL_OPTIONS);
  const node = createStepNode(name, "Fail", { ErrorMessage: message }, options);
  return Object.freeze({ name, node, handle: Object.freeze({ name, type: "Fail" as const }) });
}
