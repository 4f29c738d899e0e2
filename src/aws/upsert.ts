import { createHash } from "node:crypto";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { DescribePipelineResponse } from "./sagemaker-shapes.js";
import { assetPrefix } from "../compile/assets.js";
import { compile, type Compilable, type CompiledPipeline, type CompileOptions } from "../compile/compile.js";
import { SagepipeError } from "../errors.js";
import { callAws, collectPages } from "./call.js";
import { ClientProvider, sagemakerModule, type AwsClients } from "./clients.js";
import { describeDeployedPipeline, requireDeployedPipeline } from "./deployed.js";
import { AwsOperationError, UpsertIncompleteError, toAwsOperationError } from "./errors.js";
import { jsonEqual } from "./json-equal.js";
import { ensureModelPackageGroups } from "../registry/groups.js";
import { createPipelineToken } from "./tokens.js";
import { parseS3Uri, putObject, s3Uri, uploadMissingAssets, type S3Location, type UploadProgress } from "./upload.js";
import { withClients } from "./option-shapes.js";
import { checkOptions as checkOptionKeys, optionShape } from "../options.js";

/**
 * The default {@link UpsertOptions.inlineLimitBytes}: 100 KiB (102,400 bytes of UTF-8), the
 * threshold the SageMaker Python SDK uses. The API itself accepts up to 1,048,576 characters inline
 * (`PipelineDefinition`); SageMaker recommends `PipelineDefinitionS3Location` for large definitions,
 * and sending them through S3 keeps requests small.
 */
export const DEFAULT_INLINE_LIMIT_BYTES = 102_400;

/** Options of {@link upsert}. */
export interface UpsertOptions {
  /** The IAM role SageMaker assumes to run the pipeline (`RoleArn`). */
  readonly roleArn: string;
  /** `PipelineDescription`. Left out: an existing description is kept and not compared. */
  readonly description?: string;
  /** `PipelineDisplayName`. Left out: an existing display name is kept and not compared. */
  readonly displayName?: string;
  /**
   * Tags: on create through `Tags`; on an existing pipeline through `AddTags`, only the keys that
   * are missing or have another value. Tags not listed here are left as they are.
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** AWS clients (SageMaker; S3 for assets and large definitions). Default: created on first use. */
  readonly clients?: AwsClients;
  /**
   * Where a definition larger than `inlineLimitBytes` is uploaded, at the content-addressed key
   * `<prefix>/<pipeline>/definition-<sha256>.json`. Default: the pipeline's asset location
   * (`.assets({ bucket, prefix })`).
   */
  readonly definitionS3?: { readonly bucket: string; readonly prefix?: string };
  /**
   * Definitions larger than this (UTF-8 bytes) go through S3 (`PipelineDefinitionS3Location`),
   * smaller ones inline. @default 102400 ({@link DEFAULT_INLINE_LIMIT_BYTES})
   */
  readonly inlineLimitBytes?: number;
  /** Options for compiling a builder (ignored for a `CompiledPipeline`). */
  readonly compile?: CompileOptions;
  /**
   * Create the model package groups the pipeline's RegisterModel steps register into when they do
   * not exist yet (a RegisterModel step fails on a missing group). @default true
   */
  readonly ensureModelPackageGroups?: boolean;
}

/** The result of {@link upsert}. */
export interface UpsertResult {
  /**
   * `created`, `updated` (the definition, role, description or display name changed, or tags were
   * added), or `unchanged` (the pipeline was not written; missing code assets may still have been
   * uploaded, see `assets.uploaded`).
   */
  readonly status: "created" | "updated" | "unchanged";
  readonly pipelineName: string;
  readonly pipelineArn: string;
  /**
   * The pipeline version: from UpdatePipeline, otherwise the latest of ListPipelineVersions. Left
   * out when SageMaker did not say (e.g. the role may not call ListPipelineVersions).
   */
  readonly version?: number;
  /** Code assets: `s3://` URIs of the files uploaded, and of those already present. */
  readonly assets: { readonly uploaded: readonly string[]; readonly skipped: readonly string[] };
  /** Set when the definition was sent through S3: where it was uploaded. */
  readonly definitionS3Uri?: string;
  /** Tag keys added or changed with AddTags (an existing pipeline). */
  readonly tagsAdded: readonly string[];
  /** The model package groups of the RegisterModel steps: created now, or already there. */
  readonly modelPackageGroups: Readonly<Record<string, "created" | "exists">>;
}

const UPSERT_OPTIONS = withClients(
  optionShape<UpsertOptions>(
    { roleArn: true, description: true, displayName: true, tags: "map", clients: true, definitionS3: true, inlineLimitBytes: true, compile: true, ensureModelPackageGroups: true },
    { definitionS3: { object: optionShape<NonNullable<UpsertOptions["definitionS3"]>>({ bucket: true, prefix: true }) } },
  ),
);

/**
 * Deploys a pipeline: compiles it (a `CompileError` is thrown before any AWS call), uploads the
 * code assets that are not in S3 yet, then creates the pipeline, updates it, or — when the deployed
 * definition is the same JSON and the role (and the description and display name, when given) are
 * equal — writes nothing and says `unchanged`.
 *
 * CreatePipeline gets a `ClientRequestToken` derived from the name and the definition's hash, so a
 * retried create is idempotent. A definition larger than `inlineLimitBytes` is uploaded to S3 and
 * passed as `PipelineDefinitionS3Location`.
 *
 * Failures: before anything is written, an `AwsOperationError` (or sagepipe's own `SagepipeError`,
 * such as `asset-changed`: local code edited since it was compiled); after (an asset uploaded, then
 * CreatePipeline refused), an `UpsertIncompleteError` saying what was written and what was not.
 * Running `upsert` again completes it.
 *
 * @example
 * ```ts
 * const result = await upsert(churnPipeline, { roleArn: "arn:aws:iam::111111111111:role/SageMakerRole", tags: { team: "ml" } });
 * // { status: "created", pipelineArn: "arn:aws:sagemaker:…:pipeline/churnpipeline", version: 1, assets: { uploaded: [...], skipped: [] }, tagsAdded: [] }
 * ```
 */
export async function upsert(pipeline: Compilable | CompiledPipeline, options: UpsertOptions): Promise<UpsertResult> {
  checkOptionKeys("upsert", options, UPSERT_OPTIONS);
  const compiled = isCompiled(pipeline) ? pipeline : compile(pipeline, options.compile);
  checkOptions(options);
  const name = compiled.name;
  const inlineLimit = options.inlineLimitBytes ?? DEFAULT_INLINE_LIMIT_BYTES;
  const definitionObject =
    Buffer.byteLength(compiled.json, "utf8") > inlineLimit ? definitionObjectLocation(pipeline, compiled, options) : undefined;

  const provider = new ClientProvider(options.clients);
  const sagemaker = await provider.sagemaker();
  const deployed = await describeDeployedPipeline(sagemaker, name);
  const changed = deployed === undefined || !sameDeployment(deployed, compiled, options);

  const progress: UploadProgress = { uploaded: [], skipped: [] };
  const tracker = new WriteTracker(name, compiled, { changed, exists: deployed !== undefined, tags: options.tags, definitionObject });
  try {
    if (compiled.assets.length > 0) await uploadMissingAssets(await provider.s3(), compiled.assets, progress);
    tracker.done("assets");

    const modelPackageGroups = options.ensureModelPackageGroups === false ? {} : await ensureModelPackageGroups(compiled, { clients: { sagemaker } });
    let written: { arn: string; version?: number } | undefined;
    let existing = deployed;
    if (changed) {
      if (definitionObject !== undefined) {
        await putObject(await provider.s3(), definitionObject, compiled.json, "application/json");
        progress.uploaded.push(s3Uri(definitionObject));
      }
      tracker.done("definition");
      const source = definitionObject === undefined ? { PipelineDefinition: compiled.json } : { PipelineDefinitionS3Location: { Bucket: definitionObject.bucket, ObjectKey: definitionObject.key } };
      if (deployed !== undefined) {
        written = await updatePipeline(sagemaker, deployed, name, source, options);
      } else {
        try {
          written = await createPipeline(sagemaker, compiled, source, options);
        } catch (error) {
          // created by someone else since our DescribePipeline: update it, as a later upsert would
          if (!isAlreadyExists(error)) throw error;
          existing = await requireDeployedPipeline(sagemaker, name);
          written = sameDeployment(existing, compiled, options)
            ? { arn: existing.PipelineArn ?? "" }
            : await updatePipeline(sagemaker, existing, name, source, options);
        }
      }
      tracker.done("pipeline");
    }
    const pipelineArn = written?.arn ?? existing?.PipelineArn ?? "";
    const tagsAdded = existing !== undefined && options.tags !== undefined ? await addChangedTags(sagemaker, pipelineArn, options.tags) : [];
    tracker.done("tags");
    const version = written?.version ?? (await latestVersion(sagemaker, name));

    const status = existing === undefined ? "created" : changed || tagsAdded.length > 0 ? "updated" : "unchanged";
    return {
      status,
      pipelineName: name,
      pipelineArn,
      ...(version === undefined ? {} : { version }),
      assets: { uploaded: progress.uploaded.filter((uri) => definitionObject === undefined || uri !== s3Uri(definitionObject)), skipped: progress.skipped },
      ...(changed && definitionObject !== undefined ? { definitionS3Uri: s3Uri(definitionObject) } : {}),
      tagsAdded,
      modelPackageGroups,
    };
  } catch (error) {
    // sagepipe's own refusal (code that changed since compile, ...) before anything was written: as it is
    if (error instanceof SagepipeError && !(error instanceof AwsOperationError) && progress.uploaded.length === 0 && !tracker.pipelineWritten) throw error;
    const failure = toAwsOperationError(error, "upsert", { subject: `pipeline "${name}"` });
    if (progress.uploaded.length === 0 && !tracker.pipelineWritten) throw failure;
    throw new UpsertIncompleteError(name, tracker.report(progress), failure);
  }
}

function isCompiled(pipeline: Compilable | CompiledPipeline): pipeline is CompiledPipeline {
  return !("toNode" in pipeline) && typeof (pipeline as CompiledPipeline).json === "string";
}

function checkOptions(options: UpsertOptions): void {
  if (typeof options.roleArn !== "string" || options.roleArn === "") {
    throw new SagepipeError("invalid-option", "upsert needs a roleArn: the IAM role SageMaker assumes to run the pipeline");
  }
  const limit = options.inlineLimitBytes;
  if (limit !== undefined && !(Number.isFinite(limit) && limit >= 0)) {
    throw new SagepipeError("invalid-option", `inlineLimitBytes must be a number of bytes (0 or more), got ${String(limit)}`);
  }
}

/** Where a large definition goes: `definitionS3`, else the pipeline's asset location. */
function definitionObjectLocation(pipeline: Compilable | CompiledPipeline, compiled: CompiledPipeline, options: UpsertOptions): S3Location {
  const location = options.definitionS3 ?? assetLocation(pipeline, compiled);
  if (location === undefined) {
    throw new SagepipeError(
      "missing-definition-location",
      `the definition of pipeline "${compiled.name}" is ${Buffer.byteLength(compiled.json, "utf8")} bytes, more than the inline limit, so it goes through S3, but the pipeline has no asset location: pass definitionS3: { bucket } or add .assets({ bucket }) to the pipeline`,
    );
  }
  const prefix = assetPrefix(location);
  const hash = createHash("sha256").update(compiled.json, "utf8").digest("hex");
  return { bucket: location.bucket, key: `${prefix === "" ? "" : `${prefix}/`}${compiled.name}/definition-${hash}.json` };
}

function assetLocation(pipeline: Compilable | CompiledPipeline, compiled: CompiledPipeline): { bucket: string; prefix?: string } | undefined {
  if (!isCompiled(pipeline)) return pipeline.toNode().assets;
  if (compiled.assetLocation !== undefined) return compiled.assetLocation;
  // a compile result from an older sagepipe: the location its first code asset went to
  const asset = compiled.assets[0];
  const key = asset?.files[0]?.key;
  if (asset === undefined || key === undefined) return undefined;
  const marker = key.indexOf(asset.sha256);
  return { bucket: parseS3Uri(asset.s3Uri).bucket, prefix: marker > 0 ? key.slice(0, marker - 1) : "" };
}

function sameDeployment(deployed: DescribePipelineResponse, compiled: CompiledPipeline, options: UpsertOptions): boolean {
  if (deployed.RoleArn !== options.roleArn) return false;
  if (options.description !== undefined && deployed.PipelineDescription !== options.description) return false;
  if (options.displayName !== undefined && deployed.PipelineDisplayName !== options.displayName) return false;
  try {
    return jsonEqual(JSON.parse(deployed.PipelineDefinition ?? ""), JSON.parse(compiled.json));
  } catch {
    return false;
  }
}

type DefinitionSource =
  | { readonly PipelineDefinition: string }
  | { readonly PipelineDefinitionS3Location: { readonly Bucket: string; readonly ObjectKey: string } };

async function createPipeline(sagemaker: SageMakerClient, compiled: CompiledPipeline, source: DefinitionSource, options: UpsertOptions): Promise<{ arn: string }> {
  const { CreatePipelineCommand } = await sagemakerModule();
  const tags = Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  const response = await callAws(
    "CreatePipeline",
    () =>
      sagemaker.send(
        new CreatePipelineCommand({
          PipelineName: compiled.name,
          ...source,
          RoleArn: options.roleArn,
          ClientRequestToken: createPipelineToken(compiled.name, compiled.json),
          ...(options.description === undefined ? {} : { PipelineDescription: options.description }),
          ...(options.displayName === undefined ? {} : { PipelineDisplayName: options.displayName }),
          ...(tags.length === 0 ? {} : { Tags: tags }),
        }),
      ),
    { subject: `pipeline "${compiled.name}"` },
  );
  return { arn: response.PipelineArn ?? "" };
}

async function updatePipeline(
  sagemaker: SageMakerClient,
  deployed: DescribePipelineResponse,
  name: string,
  source: DefinitionSource,
  options: UpsertOptions,
): Promise<{ arn: string; version?: number }> {
  const { UpdatePipelineCommand } = await sagemakerModule();
  const response = await callAws(
    "UpdatePipeline",
    () =>
      sagemaker.send(
        new UpdatePipelineCommand({
          PipelineName: name,
          ...source,
          RoleArn: options.roleArn,
          ...(options.description === undefined ? {} : { PipelineDescription: options.description }),
          ...(options.displayName === undefined ? {} : { PipelineDisplayName: options.displayName }),
        }),
      ),
    { subject: `pipeline "${name}"` },
  );
  const arn = response.PipelineArn ?? deployed.PipelineArn ?? "";
  return response.PipelineVersionId === undefined ? { arn } : { arn, version: response.PipelineVersionId };
}

/** AddTags for the keys that are missing or differ; returns them. */
async function addChangedTags(sagemaker: SageMakerClient, arn: string, tags: Readonly<Record<string, string>>): Promise<string[]> {
  const { AddTagsCommand, ListTagsCommand } = await sagemakerModule();
  const current = await collectPages(async (NextToken) => {
    const page = await callAws("ListTags", () => sagemaker.send(new ListTagsCommand({ ResourceArn: arn, ...(NextToken === undefined ? {} : { NextToken }) })));
    return { items: page.Tags, nextToken: page.NextToken };
  });
  const existing = new Map(current.map((tag) => [tag.Key, tag.Value]));
  const changed = Object.entries(tags).filter(([key, value]) => existing.get(key) !== value);
  if (changed.length === 0) return [];
  await callAws("AddTags", () => sagemaker.send(new AddTagsCommand({ ResourceArn: arn, Tags: changed.map(([Key, Value]) => ({ Key, Value })) })));
  return changed.map(([key]) => key).sort();
}

/** The newest pipeline version, or undefined when it cannot be read (a best-effort read after the writes). */
async function latestVersion(sagemaker: SageMakerClient, name: string): Promise<number | undefined> {
  const { ListPipelineVersionsCommand } = await sagemakerModule();
  try {
    const response = await sagemaker.send(new ListPipelineVersionsCommand({ PipelineName: name, SortOrder: "Descending", MaxResults: 1 }));
    return response?.PipelineVersionSummaries?.[0]?.PipelineVersionId;
  } catch {
    return undefined;
  }
}

type Stage = "assets" | "definition" | "pipeline" | "tags";

/** Knows what upsert still had to write at each stage, for an `UpsertIncompleteError`. */
class WriteTracker {
  #stage: Stage = "assets";
  pipelineWritten = false;

  constructor(
    private readonly name: string,
    private readonly compiled: CompiledPipeline,
    private readonly plan: { changed: boolean; exists: boolean; tags: Readonly<Record<string, string>> | undefined; definitionObject: S3Location | undefined },
  ) {}

  done(stage: Stage): void {
    if (stage === "pipeline") this.pipelineWritten = true;
    const order: Stage[] = ["assets", "definition", "pipeline", "tags"];
    this.#stage = order[Math.min(order.indexOf(stage) + 1, order.length - 1)] ?? "tags";
  }

  report(progress: UploadProgress): { uploaded: string[]; pipeline?: "created" | "updated"; notWritten: string[] } {
    const notWritten: string[] = [];
    const stage = this.#stage;
    if (stage === "assets") {
      const handled = new Set([...progress.uploaded, ...progress.skipped]);
      for (const asset of this.compiled.assets) {
        const { bucket } = parseS3Uri(asset.s3Uri);
        for (const file of asset.files) {
          const uri = s3Uri({ bucket, key: file.key });
          if (!handled.has(uri)) notWritten.push(`code asset ${uri} (not uploaded)`);
        }
      }
    }
    if (this.plan.changed) {
      if ((stage === "assets" || stage === "definition") && this.plan.definitionObject !== undefined) {
        notWritten.push(`definition object ${s3Uri(this.plan.definitionObject)} (PutObject)`);
      }
      if (stage !== "tags") notWritten.push(`pipeline "${this.name}" (${this.plan.exists ? "UpdatePipeline: the deployed pipeline is unchanged" : "CreatePipeline: the pipeline does not exist"})`);
    }
    if (this.plan.exists && this.plan.tags !== undefined) notWritten.push("tags (ListTags/AddTags)");
    return {
      uploaded: [...progress.uploaded],
      ...(this.pipelineWritten ? { pipeline: this.plan.exists ? ("updated" as const) : ("created" as const) } : {}),
      notWritten,
    };
  }
}

/** CreatePipeline refused because a pipeline of that name exists (created since we looked). */
function isAlreadyExists(error: unknown): boolean {
  return error instanceof AwsOperationError && error.awsErrorName === "ValidationException" && /already exists/i.test(error.awsMessage ?? "");
}
