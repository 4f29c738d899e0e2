import { SagepipeError } from "../errors.js";
import { filesHash, type LocalAsset } from "./assets.js";

/** What a {@link Deferred} value can read while a pipeline compiles. */
export interface DeferredContext {
  /** The pipeline's name. */
  readonly pipeline: string;
  /** The AWS region the pipeline is compiled for (`compile(p, { region })`, else `.region(...)`), if any. */
  readonly region: string | undefined;
  /** The directory relative local paths are read from. */
  readonly baseDir: string;
  /** The content-addressed S3 URI of local code (hashed on first use). */
  readonly uriOf: (asset: LocalAsset) => string;
  /**
   * The S3 URI of a file sagepipe makes (a `sourcedir.tar.gz`, a `runproc.sh`):
   * `s3://<bucket>/<prefix>/<sha256>/<name>`, listed in the compile result's assets. `origin` says
   * what it was made from; `sha256` is the hash of what it holds (see {@link contentHash}).
   */
  readonly generated: (name: string, content: Uint8Array, origin: string, sha256: string, upload?: { readonly serverSideEncryption?: "aws:kms" }) => string;
  /** The default value of the pipeline's parameter `name` (as it is in the definition), or undefined. */
  readonly parameterDefault: (name: string) => unknown;
}

/**
 * @internal A value of a step's arguments that only compiling can settle — the image of a
 * framework (it depends on the pipeline's region), an archive of local code (its content hash
 * names its S3 key) — in the way `LocalAsset` and `DefaultLocation` are settled.
 *
 * @example
 * ```ts
 * class Region extends Deferred { resolve(context: DeferredContext) { return needRegion(context, "the step") } }
 * ```
 */
export abstract class Deferred {
  /** The JSON value it stands for (which may hold pipeline values and other deferred values). */
  abstract resolve(context: DeferredContext): unknown;
}

/**
 * The region of the compile, or a `missing-region` error saying what needs it and how to set it.
 *
 * @example
 * ```ts
 * needRegion(context, 'the image of step "Train"') // "us-east-1"
 * ```
 */
export function needRegion(context: DeferredContext, what: string): string {
  if (context.region === undefined) {
    throw new SagepipeError(
      "missing-region",
      `pipeline "${context.pipeline}" needs an AWS region for ${what}: add .region("us-east-1") to the pipeline, or compile with { region }`,
    );
  }
  return context.region;
}

/**
 * The SHA-256 that names a generated file's S3 key: of the names, executable bits and bytes of what
 * it holds (an archive's files, or the one file), each field preceded by its length, as local code
 * directories are hashed — so the key does not change with the compressor's version, and two
 * different file lists never share one.
 *
 * @example
 * ```ts
 * contentHash([{ name: "runproc.sh", content: Buffer.from(script) }]) // "9f86d0…"
 * ```
 */
export function contentHash(entries: readonly { readonly name: string; readonly content: Uint8Array; readonly executable?: boolean }[]): string {
  return filesHash(entries);
}

/** An AWS region name: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`. */
export const isRegionName = (region: unknown): region is string => typeof region === "string" && /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region);
