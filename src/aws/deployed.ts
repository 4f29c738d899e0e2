import type { DescribePipelineResponse, SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import { SagepipeError } from "../errors.js";
import { isObject } from "../validate/step-index.js";
import { callAws } from "./call.js";
import { sagemakerModule } from "./clients.js";
import { isNotFound } from "./errors.js";

/**
 * DescribePipeline, or `undefined` when the pipeline does not exist. Other failures throw an
 * `AwsOperationError`.
 *
 * @example
 * ```ts
 * const deployed = await describeDeployedPipeline(client, "Churn"); // undefined: create it
 * ```
 */
export async function describeDeployedPipeline(sagemaker: SageMakerClient, pipelineName: string): Promise<DescribePipelineResponse | undefined> {
  const { DescribePipelineCommand } = await sagemakerModule();
  try {
    const { $metadata: _, ...described } = await sagemaker.send(new DescribePipelineCommand({ PipelineName: pipelineName }));
    return described;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    return callAws("DescribePipeline", () => Promise.reject(error), { subject: `pipeline "${pipelineName}"` });
  }
}

/**
 * DescribePipeline for a pipeline that must exist: throws an `AwsOperationError` with code
 * `pipeline-not-found` otherwise.
 *
 * @example
 * ```ts
 * const { PipelineDefinition } = await requireDeployedPipeline(client, "Churn");
 * ```
 */
export async function requireDeployedPipeline(sagemaker: SageMakerClient, pipelineName: string): Promise<DescribePipelineResponse> {
  const { DescribePipelineCommand } = await sagemakerModule();
  const { $metadata: _, ...described } = await callAws(
    "DescribePipeline",
    () => sagemaker.send(new DescribePipelineCommand({ PipelineName: pipelineName })),
    { notFoundCode: "pipeline-not-found", subject: `pipeline "${pipelineName}"` },
  );
  return described;
}

/**
 * Parses a definition SageMaker returned (DescribePipeline, DescribePipelineDefinitionForExecution).
 * SageMaker validated it when the pipeline was written, so it is not validated again here.
 *
 * @example
 * ```ts
 * const definition = parseDeployedDefinition(described.PipelineDefinition, 'pipeline "Churn"');
 * ```
 */
export function parseDeployedDefinition(text: string | undefined, what: string): PipelineDefinition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? "");
  } catch (error) {
    throw new SagepipeError("invalid-deployed-definition", `the definition of ${what} returned by SageMaker is not JSON`, { cause: error });
  }
  if (!isObject(parsed)) throw new SagepipeError("invalid-deployed-definition", `the definition of ${what} returned by SageMaker is not a JSON object`);
  return parsed as PipelineDefinition;
}
