import { compile, type Compilable, type CompiledPipeline, type CompileOptions } from "../compile/compile.js";
import type { PipelineNode } from "../model/pipeline-node.js";
import { applyAlerts, applyTriggers } from "../triggers/apply.js";
import type { TriggerChanges, TriggerClients } from "../triggers/index.js";
import { checkDeclarations } from "../triggers/declare.js";
import { SagepipeError } from "../errors.js";
import { resolveParameterValues, type ParameterInputForm, type ParameterValue } from "../runtime/parameters.js";
import type { Execution } from "./execution.js";
import { COMMIT_TAG } from "./lineage.js";
import { start } from "./start.js";
import { deriveClientRequestToken } from "./tokens.js";
import { upsert, type UpsertOptions, type UpsertResult } from "./upsert.js";
import { checkOptions, optionShape } from "../options.js";
import { withClients } from "./option-shapes.js";

/** Options of {@link deploy}. */
export interface PipelineDeployOptions extends Omit<UpsertOptions, "compile"> {
  /**
   * The code version being deployed (a commit SHA): tagged on the pipeline as `sagepipe:commit`,
   * written into the started execution's description, and part of its idempotency token.
   * `undefined` (e.g. `process.env.GITHUB_SHA` outside CI) is the same as leaving it out.
   */
  readonly commit?: string | undefined;
  /** Start an execution once the pipeline is deployed, with these parameter values. */
  readonly start?: {
    readonly params?: Readonly<Record<string, ParameterValue | string>>;
    /** `"text"` when `params` come from a command line. @default "typed" */
    readonly paramsForm?: ParameterInputForm;
    readonly displayName?: string;
    readonly parallelism?: number;
  };
  readonly compile?: CompileOptions;
  /**
   * Apply the pipeline's triggers, schedules and failure alert (`.trigger`, `.schedule`,
   * `.onFailure`) after the upsert. `roleArn`: the role EventBridge and Scheduler assume to start the
   * pipeline (not the SageMaker execution role), for declarations without their own.
   * `false` skips them. @default applied when the pipeline declares any
   */
  readonly triggers?: { readonly roleArn?: string; readonly clients?: TriggerClients } | false;
}

/** What {@link deploy} did. */
export interface PipelineDeployResult {
  readonly upsert: UpsertResult;
  /** What applying the triggers and schedules changed (when the pipeline declares any). */
  readonly triggers?: TriggerChanges;
  /** What applying the failure alert changed (when the pipeline declares one). */
  readonly alerts?: TriggerChanges;
  /** The execution started (with `start`), and the token it was started with. */
  readonly execution?: { readonly handle: Execution; readonly arn: string; readonly clientRequestToken: string };
}

const DEPLOY_OPTIONS = withClients(
  optionShape<PipelineDeployOptions>(
    {
      commit: true, start: true, compile: true, triggers: true, roleArn: true, description: true, displayName: true, tags: "map", clients: true, definitionS3: true,
      inlineLimitBytes: true, ensureModelPackageGroups: true,
    },
    {
      start: { object: optionShape<NonNullable<PipelineDeployOptions["start"]>>({ params: "map", paramsForm: true, displayName: true, parallelism: true }) },
      triggers: { object: withClients(optionShape<Exclude<NonNullable<PipelineDeployOptions["triggers"]>, false>>({ roleArn: true, clients: true })) },
      definitionS3: { object: optionShape<NonNullable<PipelineDeployOptions["definitionS3"]>>({ bucket: true, prefix: true }) },
    },
  ),
);

/**
 * Deploys a pipeline from CI: compiles and validates it, and checks the start parameters (nothing
 * is written otherwise), upserts it
 * (uploading missing code, tagging it with the commit), applies its triggers, schedules and failure
 * alert, and optionally starts an execution whose
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
  checkOptions("deploy", options, DEPLOY_OPTIONS);
  const node: PipelineNode | undefined = "toNode" in pipeline ? pipeline.toNode() : undefined;
  const compiled = "json" in pipeline && "definition" in pipeline ? pipeline : compile(pipeline, options.compile);
  const tags = { ...options.tags, ...(options.commit !== undefined ? { [COMMIT_TAG]: options.commit } : {}) };
  const { commit, start: startOptions, compile: _compile, triggers: triggerOptions, ...upsertOptions } = options;
  // everything that can be checked offline is, before anything is written
  if (startOptions !== undefined) resolveParameterValues(compiled.name, compiled.definition.Parameters ?? [], startOptions.params ?? {}, startOptions.paramsForm ?? "typed");
  const declaresTriggers = node !== undefined && ((node.triggers?.length ?? 0) > 0 || (node.schedules?.length ?? 0) > 0);
  const declaresAlert = node?.alert !== undefined;
  if (node !== undefined && triggerOptions !== false && declaresTriggers) checkDeclarations(node);
  if (triggerOptions !== false && declaresTriggers) {
    const all = [...(node?.triggers ?? []), ...(node?.schedules ?? [])];
    const withoutRole = all.filter((declaration) => declaration.roleArn === undefined);
    if (withoutRole.length > 0 && triggerOptions?.roleArn === undefined) {
      throw new SagepipeError(
        "invalid-trigger",
        `pipeline "${compiled.name}" declares triggers without a roleArn (${withoutRole.map((d) => d.id).join(", ")}): pass triggers: { roleArn } (--trigger-role-arn), the role EventBridge and Scheduler assume to start the pipeline`,
      );
    }
  }

  const upserted = await upsert(compiled, { ...upsertOptions, ...(Object.keys(tags).length > 0 ? { tags } : {}) });
  // the deploy's clients (and their config) serve the triggers too, unless the triggers have their own
  const triggerClients = triggerOptions === false ? undefined : (triggerOptions?.clients ?? options.clients);
  const applied =
    node !== undefined && triggerOptions !== false && declaresTriggers
      ? await applyTriggers(node, {
          pipelineArn: upserted.pipelineArn,
          ...(triggerOptions?.roleArn !== undefined ? { roleArn: triggerOptions.roleArn } : {}),
          ...(triggerClients !== undefined ? { clients: triggerClients } : {}),
        })
      : undefined;
  const alerts =
    node !== undefined && triggerOptions !== false && declaresAlert
      ? await applyAlerts(node, { pipelineArn: upserted.pipelineArn, ...(triggerClients !== undefined ? { clients: triggerClients } : {}) })
      : undefined;
  const applyResults = { ...(applied !== undefined ? { triggers: applied } : {}), ...(alerts !== undefined ? { alerts } : {}) };
  if (startOptions === undefined) return { upsert: upserted, ...applyResults };
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
  return { upsert: upserted, ...applyResults, execution: { handle, arn: handle.arn, clientRequestToken } };
}
