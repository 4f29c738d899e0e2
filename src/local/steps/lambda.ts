import type { StepInvocation, StepResult } from "../engine.js";
import type { GraphStep } from "../graph.js";
import { type LocalHandlerContext, type LocalLambdaHandler, type LocalStepContext } from "./context.js";
import { text } from "../../runtime/json-fields.js";
import { checkOutputs } from "./outputs.js";

/** The local handler of a Lambda step: by step name, function ARN, or function name. */
export function lambdaHandlerOf(step: GraphStep, handlers: Readonly<Record<string, LocalLambdaHandler>>): LocalLambdaHandler | undefined {
  const arn = text(step.value.FunctionArn) ?? "";
  const functionName = /:function:([^:]+)/.exec(arn)?.[1] ?? arn;
  return handlers[step.name] ?? handlers[arn] ?? handlers[functionName];
}

/** Calls the step's local handler with the resolved Arguments as the event; its result gives the outputs. */
export async function runLambda(invocation: StepInvocation, context: LocalStepContext, deployments: Record<string, unknown>[]): Promise<StepResult> {
  const { step, arguments: args } = invocation;
  const handler = lambdaHandlerOf(step, context.lambdaHandlers);
  if (handler === undefined) throw new Error(`no local handler for Lambda step "${step.name}"`);
  const result = await handler(args, handlerContext(step.name, context, deployments));
  const outputs = checkOutputs(step.value.OutputParameters, result, `the local handler of "${step.name}"`);
  return { properties: { OutputParameters: outputs }, details: { outputParameters: outputs } };
}

/** What a handler is told about the run. */
export function handlerContext(stepName: string, context: LocalStepContext, deployments: Record<string, unknown>[]): LocalHandlerContext {
  return {
    stepName,
    executionId: context.executionId,
    pipelineName: context.pipelineName,
    workdir: context.workdir,
    pathOf: (uri) => context.store.pathOf(uri),
    recordDeployment: (deployment) => {
      deployments.push({ step: stepName, ...deployment });
    },
  };
}
