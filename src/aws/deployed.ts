import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { DescribePipelineResponse } from "./sagemaker-shapes.js";
import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import { SagepipeError } from "../errors.js";
import { formatJsonPath } from "../validate/issues.js";
import { MAX_DEPTH, tooDeepAt } from "../validate/json-data.js";
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
 * It is untrusted input (whatever wrote the pipeline wrote it: another SDK, the console, a
 * hand-made CreatePipeline), so it is read as every reader of untrusted JSON in sagepipe reads:
 * without recursion, nested at most `MAX_DEPTH` (100) levels (the validator's limit: nothing
 * sagepipe writes nests deeper), with `__proto__` kept as an own key, and with the shape its readers
 * rely on (a Steps list of steps with a string Name and Type, a Parameters list of parameters with a
 * string Name). Its arguments are not validated again: SageMaker validated them when the pipeline
 * was written. Throws a SagepipeError `invalid-deployed-definition` saying what and where.
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
    const deep = tooDeepAt(parsed, (text ?? "").length, MAX_DEPTH);
  if (deep !== undefined) {
    throw new SagepipeError("invalid-deployed-definition", `the definition of ${what} returned by SageMaker is ${deep}: sagepipe reads definitions up to ${MAX_DEPTH} levels (real ones nest about 14)`);
  }
  const problem = shapeProblem(parsed);
  if (problem !== undefined) throw new SagepipeError("invalid-deployed-definition", `the definition of ${what} returned by SageMaker is not a pipeline definition: ${problem}`);
  return parsed as unknown as PipelineDefinition;
}

/** What is wrong with the members of a definition its readers rely on, if anything. */
function shapeProblem(definition: Record<string, unknown>): string | undefined {
  const { Steps: steps, Parameters: parameters } = definition;
  if (!Array.isArray(steps)) return "$.Steps is not a list";
  if (parameters !== undefined && !Array.isArray(parameters)) return "$.Parameters is not a list";
  for (const [list, name, members] of [
    [parameters ?? [], "Parameters", ["Name"]],
    [steps, "Steps", ["Name", "Type"]],
  ] as const) {
    for (let i = 0; i < list.length; i++) {
      const item: unknown = list[i];
      if (!isObject(item)) return `${formatJsonPath([name, i])} is not an object`;
      for (const member of members) if (typeof item[member] !== "string") return `${formatJsonPath([name, i, member])} is not a string`;
    }
  }
  return undefined;
}
