import { compile, type Compilable, type CompiledPipeline, type CompileOptions } from "../compile/compile.js";
import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import { diffDefinitions, type DefinitionDiff } from "../diff/diff-definitions.js";
import { ClientProvider, type AwsClients } from "./clients.js";
import { describeDeployedPipeline, parseDeployedDefinition } from "./deployed.js";
import { checkOptions, optionShape } from "../options.js";
import { withClients } from "./option-shapes.js";

/** The result of {@link diffDeployed}. */
export interface DeployedDiff {
  readonly pipelineName: string;
  /** False when no pipeline of that name is deployed: every step and parameter is then "added". */
  readonly deployed: boolean;
  /** What an upsert would change, from the deployed definition to ours. */
  readonly diff: DefinitionDiff;
}

const DIFF_DEPLOYED_OPTIONS = withClients(optionShape<{ readonly clients?: AwsClients; readonly compile?: CompileOptions }>({ clients: true, compile: true }));

/**
 * A semantic diff between the deployed pipeline (DescribePipeline) and this one: steps and
 * parameters added, removed and changed, with the JSON path of every change. Compiles first, so an
 * invalid pipeline throws a `CompileError` before any AWS call. Use `diffDefinitions` for two local
 * definitions.
 *
 * @example
 * ```ts
 * const { deployed, diff } = await diffDeployed(churn);
 * if (diff.changed) console.log(formatDiff(diff));
 * ```
 */
export async function diffDeployed(
  pipeline: Compilable | CompiledPipeline,
  options: { readonly clients?: AwsClients; readonly compile?: CompileOptions } = {},
): Promise<DeployedDiff> {
  checkOptions("diffDeployed", options, DIFF_DEPLOYED_OPTIONS);
  const compiled = "json" in pipeline && "definition" in pipeline ? pipeline : compile(pipeline, options.compile);
  const provider = new ClientProvider(options.clients);
  const described = await describeDeployedPipeline(await provider.sagemaker(), compiled.name);
  const before: PipelineDefinition =
    described === undefined
      ? { Version: compiled.definition.Version, Parameters: [], Steps: [] }
      : parseDeployedDefinition(described.PipelineDefinition, `pipeline "${compiled.name}"`);
  return { pipelineName: compiled.name, deployed: described !== undefined, diff: diffDefinitions(before, compiled.definition) };
}
