import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { callAws } from "../aws/call.js";
import { sagemakerModule } from "../aws/clients.js";
import { awsErrorDetails, isNotFound } from "../aws/errors.js";
import type { CompiledPipeline } from "../compile/compile.js";
import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import { indexSteps } from "../validate/step-index.js";
import { ClientProvider } from "../aws/clients.js";
import type { RegistryClients } from "./clients.js";
import { checkOptions, optionShape } from "../options.js";
import { withClients } from "../aws/option-shapes.js";

/** Options of {@link ensureModelPackageGroup}. */
export interface EnsureGroupOptions {
  /** `ModelPackageGroupDescription`, used when the group is created. */
  readonly description?: string;
  /** Tags of a created group. An existing group's tags are left as they are. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly clients?: RegistryClients;
}

const ENSURE_GROUP_OPTIONS = withClients(optionShape<EnsureGroupOptions>({ description: true, tags: "map", clients: true }));

/**
 * Makes sure a model package group exists: DescribeModelPackageGroup, then CreateModelPackageGroup
 * when it is missing. Idempotent: `"exists"` when it was there, `"created"` when this call created it,
 * and `"exists"` too when another process created it between the two calls (SageMaker's "already
 * exists" answer). An existing group's description and tags are not changed.
 *
 * @example
 * ```ts
 * await ensureModelPackageGroup("churn-models", { description: "Churn classifiers", tags: { team: "ml" } }); // "created"
 * await ensureModelPackageGroup("churn-models"); // "exists"
 * ```
 */
export async function ensureModelPackageGroup(name: string, options: EnsureGroupOptions = {}): Promise<"created" | "exists"> {
  checkOptions("ensureModelPackageGroup", options, ENSURE_GROUP_OPTIONS);
  const sagemaker = await new ClientProvider(options.clients).sagemaker();
  if (await groupExists(sagemaker, name)) return "exists";
  const { CreateModelPackageGroupCommand } = await sagemakerModule();
  const tags = Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  try {
    await sagemaker.send(
      new CreateModelPackageGroupCommand({
        ModelPackageGroupName: name,
        ...(options.description === undefined ? {} : { ModelPackageGroupDescription: options.description }),
        ...(tags.length > 0 ? { Tags: tags } : {}),
      }),
    );
    return "created";
  } catch (error) {
    if (isAlreadyExists(error)) return "exists";
    return callAws("CreateModelPackageGroup", () => Promise.reject(error), { subject: `model package group "${name}"` });
  }
}

/**
 * The model package groups a pipeline's RegisterModel steps register into (branch steps included),
 * in order, without repeats. A group given as an expression (a parameter, a join) cannot be known
 * before the run and is left out.
 *
 * @example
 * ```ts
 * modelPackageGroupsOf(compile(churn)); // ["churn-models"]
 * ```
 */
export function modelPackageGroupsOf(pipeline: CompiledPipeline | PipelineDefinition): string[] {
  const definition = "definition" in pipeline ? pipeline.definition : pipeline;
  const groups = indexSteps(definition as unknown as Record<string, unknown>).flatMap((step) => {
    if (step.type !== "RegisterModel") return [];
    const group = (step.value.Arguments as Record<string, unknown> | undefined)?.ModelPackageGroupName;
    return typeof group === "string" ? [group] : [];
  });
  return [...new Set(groups)];
}

/**
 * Makes sure every model package group a pipeline registers into exists (see
 * {@link modelPackageGroupsOf}): what an upsert needs before the first run registers a model.
 *
 * @example
 * ```ts
 * await ensureModelPackageGroups(compile(churn)); // { "churn-models": "created" }
 * ```
 */
export async function ensureModelPackageGroups(
  pipeline: CompiledPipeline | PipelineDefinition,
  options: EnsureGroupOptions = {},
): Promise<Record<string, "created" | "exists">> {
  checkOptions("ensureModelPackageGroups", options, ENSURE_GROUP_OPTIONS);
  const provider = new ClientProvider(options.clients);
  const clients = { ...options.clients, sagemaker: await provider.sagemaker() };
  const results: Record<string, "created" | "exists"> = {};
  for (const group of modelPackageGroupsOf(pipeline)) {
    results[group] = await ensureModelPackageGroup(group, { ...options, clients });
  }
  return results;
}

async function groupExists(sagemaker: SageMakerClient, name: string): Promise<boolean> {
  const { DescribeModelPackageGroupCommand } = await sagemakerModule();
  try {
    await sagemaker.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: name }));
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    return callAws("DescribeModelPackageGroup", () => Promise.reject(error), { subject: `model package group "${name}"` });
  }
}

/** SageMaker answers a create of an existing group with a ValidationException saying so (or ResourceInUse). */
function isAlreadyExists(error: unknown): boolean {
  const { awsErrorName, awsMessage } = awsErrorDetails(error);
  if (awsErrorName === "ResourceInUse" || awsErrorName === "ConflictException") return true;
  return awsErrorName === "ValidationException" && /already exists/i.test(awsMessage ?? "");
}
