import type { S3Client } from "@aws-sdk/client-s3";
import { readUnchangedAsset, type CodeAsset } from "../compile/assets.js";
import { SagepipeError } from "../errors.js";
import { callAws } from "./call.js";
import { s3Module } from "./clients.js";
import { awsErrorDetails, isNotFound } from "./errors.js";

/** An S3 object location. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/**
 * `s3://bucket/key`.
 *
 * @example
 * ```ts
 * s3Uri({ bucket: "my-bucket", key: "sagepipe/abc/run.py" }); // "s3://my-bucket/sagepipe/abc/run.py"
 * ```
 */
export function s3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/**
 * Splits `s3://bucket/key` into its bucket and key.
 *
 * @example
 * ```ts
 * parseS3Uri("s3://my-bucket/sagepipe/abc/run.py"); // { bucket: "my-bucket", key: "sagepipe/abc/run.py" }
 * ```
 */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (match === null) throw new SagepipeError("invalid-s3-uri", `"${uri}" is not an s3:// URI`);
  return { bucket: match[1] ?? "", key: match[2] ?? "" };
}

/** What an upload did: `s3://` URIs, sorted. Filled in as it goes, so a failure can report it. */
export interface UploadProgress {
  readonly uploaded: string[];
  readonly skipped: string[];
}

/** How many HeadObject/PutObject calls run at once. */
const CONCURRENCY = 8;

/**
 * Uploads the files of code assets that are not in S3 yet. Keys are content-addressed, so an
 * object that exists already holds these bytes: it is skipped (HeadObject). A HeadObject answered
 * 403 (a role without `s3:ListBucket` gets 403 for a missing key) is treated as missing: uploading
 * the same content again is harmless. `progress` is updated as files are handled.
 *
 * @example
 * ```ts
 * const progress = { uploaded: [], skipped: [] };
 * await uploadMissingAssets(s3, compiled.assets, progress);
 * ```
 */
export async function uploadMissingAssets(s3: S3Client, assets: readonly CodeAsset[], progress: UploadProgress): Promise<void> {
  // each local asset is read (and checked against its hash) once, when a file of it is missing in S3
  const reads = new Map<CodeAsset, Promise<ReadonlyMap<string, Uint8Array>>>();
  const bytesOf = (asset: CodeAsset, path: string) => {
    let read = reads.get(asset);
    if (read === undefined) {
      read = readUnchangedAsset(asset);
      reads.set(asset, read);
    }
    return read.then((contents) => contents.get(path) ?? new Uint8Array());
  };
  const files = assets.flatMap((asset) => {
    const { bucket } = parseS3Uri(asset.s3Uri);
    return asset.files.map((file) => ({ asset, path: file.path, content: file.content, location: { bucket, key: file.key }, serverSideEncryption: asset.serverSideEncryption }));
  });
  try {
    await forEachLimited(files, CONCURRENCY, async (file) => {
      if (await objectExists(s3, file.location)) {
        progress.skipped.push(s3Uri(file.location));
      } else {
        // a generated file (a sourcedir.tar.gz, a runproc.sh) carries its bytes; local code is read now
        await putObject(s3, file.location, file.content ?? (await bytesOf(file.asset, file.path)), undefined, file.serverSideEncryption === undefined ? {} : { serverSideEncryption: file.serverSideEncryption });
        progress.uploaded.push(s3Uri(file.location));
      }
    });
  } finally {
    progress.uploaded.sort();
    progress.skipped.sort();
  }
}

/**
 * True when the object exists; false when S3 says it does not (404) or hides it (403).
 *
 * @example
 * ```ts
 * if (!(await objectExists(s3, { bucket, key }))) await putObject(s3, { bucket, key }, bytes);
 * ```
 */
export async function objectExists(s3: S3Client, location: S3Location): Promise<boolean> {
  const { HeadObjectCommand } = await s3Module();
  try {
    await s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
    return true;
  } catch (error) {
    if (isNotFound(error) || awsErrorDetails(error).httpStatus === 403) return false;
    return callAws("HeadObject", () => Promise.reject(error), { subject: s3Uri(location) });
  }
}

/**
 * PutObject, with errors as `AwsOperationError`.
 *
 * @example
 * ```ts
 * await putObject(s3, { bucket: "my-bucket", key: "defs/churn.json" }, json, "application/json");
 * ```
 */
export async function putObject(
  s3: S3Client,
  location: S3Location,
  body: Uint8Array | string,
  contentType?: string,
  options: { readonly serverSideEncryption?: "aws:kms" } = {},
): Promise<void> {
  const { PutObjectCommand } = await s3Module();
  const input = {
    Bucket: location.bucket,
    Key: location.key,
    Body: body,
    ...(contentType === undefined ? {} : { ContentType: contentType }),
    ...(options.serverSideEncryption === undefined ? {} : { ServerSideEncryption: options.serverSideEncryption }),
  };
  await callAws(
    "PutObject",
    () => s3.send(new PutObjectCommand(input)),
    { subject: s3Uri(location) },
  );
}

/** Runs `task` on every item, at most `limit` at a time; after a failure starts no new task, then rethrows it. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}
