import { compile, type Compilable, type CompiledPipeline, type CompileOptions } from "../compile/compile.js";
import { resolveParameterValues, type ParameterInputForm, type ParameterValue } from "../runtime/parameters.js";
import type { Execution } from "./execution.js";
import { COMMIT_TAG } from "./lineage.js";
import { start } from "./start.js";
import { deriveClientRequestToken } from "./tokens.js";
import { upsert, type UpsertOptions, type UpsertResult } from "./upsert.js";

/** Options of {@link deploy}. */
export interface PipelineDeployOptions extends Omit<UpsertOptions, "compile"> {
  /**
   * The code version being deployed (a commit SHA): tagged on the pipeline as `sagepipe:commit`,
   * written into the started execution's description, and part of its idempotency token.
   */
  readonly commit?: string;
  /** Start an execution once the pipeline is deployed, with these parameter values. */
  readonly start?: {
    readonly params?: Readonly<Record<string, ParameterValue | string>>;
    /** `"text"` when `params` come from a command line. @default "typed" */
    readonly paramsForm?: ParameterInputForm;
    readonly displayName?: string;
    readonly parallelism?: number;
  };
  readonly compile?: CompileOptions;
}

/** What {@link deploy} did. */
export interface PipelineDeployResult {
  readonly upsert: UpsertResult;
  /** The execution started (with `start`), and the token it was started with. */
  readonly execution?: { readonly handle: Execution; readonly arn: string; readonly clientRequestToken: string };
}

/**
 * Deploys a pipeline from CI: compiles and validates it, and checks the start parameters (nothing
 * is written otherwise), upserts it
 * (uploading missing code, tagging it with the commit), and optionally starts an execution whose
 * `ClientRequestToken` is derived from the pipeline, the commit and the parameters — so a CI job that
 * retries the deploy of one commit starts one execution, not two.
 *
 * @example
 * ```ts
 * const { upsert, execution } = await deploy(churn, { roleArn, commit: process.env.GITHUB_SHA, start: {} });
 * await execution?.handle.wait();
 * ```
 */
export async function deploy(pipeline: Compilable | CompiledPipeline, options: PipelineDeployOptions): Promise<PipelineDeployResult> {
  const compiled = "json" in pipeline && "definition" in pipeline ? pipeline : compile(pipeline, options.compile);
  const tags = { ...options.tags, ...(options.commit !== undefined ? { [COMMIT_TAG]: options.commit } : {}) };
  const { commit, start: startOptions, compile: _compile, ...upsertOptions } = options;
  // parameter values are checked before anything is written
  if (startOptions !== undefined) resolveParameterValues(compiled.name, compiled.definition.Parameters ?? [], startOptions.params ?? {}, startOptions.paramsForm ?? "typed");
  const upserted = await upsert(compiled, { ...upsertOptions, ...(Object.keys(tags).length > 0 ? { tags } : {}) });
  if (startOptions === undefined) return { upsert: upserted };
  const params = startOptions.params ?? {};
  const clientRequestToken = deriveClientRequestToken({ pipelineName: compiled.name, ...(commit !== undefined ? { commit } : {}), params });
  const handle = await start(compiled, {
    params,
    paramsForm: startOptions.paramsForm ?? "typed",
    clientRequestToken,
    ...(commit !== undefined ? { description: `commit ${commit}` } : {}),
    ...(startOptions.displayName !== undefined ? { displayName: startOptions.displayName } : {}),
    ...(startOptions.parallelism !== undefined ? { parallelism: startOptions.parallelism } : {}),
    ...(options.clients !== undefined ? { clients: options.clients } : {}),
  });
  return { upsert: upserted, execution: { handle, arn: handle.arn, clientRequestToken } };
}
