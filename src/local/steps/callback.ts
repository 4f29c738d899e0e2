import { randomUUID } from "node:crypto";
import type { StepInvocation, StepResult } from "../engine.js";
import type { LocalStepContext } from "./context.js";
import { handlerContext } from "./lambda.js";
import { checkOutputs } from "./outputs.js";

/**
 * Calls the Callback step's local handler with the message SageMaker would send to the queue (a token
 * and the resolved Arguments); what it returns are the outputs SendPipelineExecutionStepSuccess gives.
 */
export async function runCallback(invocation: StepInvocation, context: LocalStepContext, deployments: Record<string, unknown>[]): Promise<StepResult> {
  const { step, arguments: args } = invocation;
  const handler = context.callbackHandlers[step.name];
  if (handler === undefined) throw new Error(`no local handler for Callback step "${step.name}"`);
  const result = await handler({ token: randomUUID(), arguments: args }, handlerContext(step.name, context, deployments));
  const outputs = checkOutputs(step.value.OutputParameters, result, `the local handler of "${step.name}"`);
  return { properties: { OutputParameters: outputs }, details: { outputParameters: outputs } };
}
