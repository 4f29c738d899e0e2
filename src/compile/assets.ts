import { createHash } from "node:crypto";
import { readdirSync, readFileSync, realpathSync, statSync, type BigIntStats } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, isAbsolute, join, resolve, sep } from "node:path";
import { SagepipeError } from "../errors.js";
import type { PipelineNode } from "../model/pipeline-node.js";

/**
 * A local file or directory that a step needs in S3 (its code). The compiler hashes its content
 * and names a content-addressed S3 location for it; nothing is uploaded while compiling.
 */
export class LocalAsset {
  /** Type-level only: makes the class nominal, so an options object with a `path` is not taken for an asset. */
  private declare readonly localAsset: never;

  /**
   * `path`: the file or directory; `expects`: `"file"` when the path names a script that a step
   * runs (a plain-string `code` option): a directory there is refused when it is compiled.
   */
  constructor(
    readonly path: string,
    readonly expects?: "file",
  ) {
    Object.freeze(this);
  }
}

/**
 * Marks a local file or directory as code to upload: the definition gets a content-addressed
 * `s3://<asset bucket>/<prefix>/<sha256>/...` URI in its place.
 *
 * @example
 * ```ts
 * localCode("./scripts/preprocess.py") // → s3://my-assets/sagepipe/3f2a…/preprocess.py
 * ```
 */
export function localCode(path: string): LocalAsset {
  if (path === "") throw new SagepipeError("invalid-asset", "localCode needs a path");
  return new LocalAsset(path);
}

/**
 * A default S3 location under the pipeline's asset bucket, for outputs the user did not place:
 * `s3://<bucket>/<prefix>/<pipeline>/<execution id>/<parts...>`.
 */
export class DefaultLocation {
  constructor(readonly parts: readonly string[]) {
    Object.freeze(this);
  }
}

/** The key prefix under the asset bucket, without surrounding slashes. @default "sagepipe" */
export function assetPrefix(location: { readonly prefix?: string }): string {
  return (location.prefix ?? "sagepipe").replace(/^\/+|\/+$/g, "");
}

/** A local file or directory to upload before the pipeline runs, or a file sagepipe made from local code. */
export interface CodeAsset {
  /** The path as written in the pipeline; for a generated file, what it was made from (e.g. `./src (sourcedir.tar.gz)`). */
  readonly localPath: string;
  /**
   * `file` or `directory`; `generated` for a file sagepipe makes while compiling (the `sourcedir.tar.gz`
   * of script-mode code, a `runproc.sh`): its bytes are in `files[0].content`.
   */
  readonly kind: "file" | "directory" | "generated";
  /** SHA-256 of the content (file names and bytes; of the archived names and bytes for an archive). */
  readonly sha256: string;
  /** Where the definition expects it: the object (file) or prefix (directory, ending in `/`). */
  readonly s3Uri: string;
  /**
   * Every file, with the S3 key it goes to: its local `path`, or for a generated file its `content`
   * (and `path` says what it was made from).
   */
  readonly files: readonly { readonly path: string; readonly key: string; readonly content?: Uint8Array }[];
  /**
   * How S3 encrypts it at rest when it is uploaded: `aws:kms` (the AWS managed key) for a
   * `sourcedir.tar.gz`, as the Python SDK uploads it (`tar_and_upload_dir`); absent, the bucket's
   * default encryption.
   */
  readonly serverSideEncryption?: "aws:kms";
}

/** @internal A file of local code: where to read it, its name under the packed root, and whether it is executable. */
export interface LocalFile {
  /** The path to read (through any symbolic link, whose target holds the content). */
  readonly path: string;
  /** Its `/`-separated path relative to the directory that was listed. */
  readonly name: string;
  /** True when any of its execute bits is set (the archive keeps it: mode 0755, else 0644). */
  readonly executable: boolean;
}

/**
 * @internal The files under `root`, sorted, without `node_modules`, `__pycache__` and hidden
 * entries (what code assets hold). Symbolic links are followed and their content packed under
 * the link's own name, as the Python SDK packs code (`utils.create_tar_file` opens its tar with
 * `dereference=True`); a link that leads outside `root`, one that points to nothing, and a link to
 * a directory it is in (a cycle) are a `SagepipeError` naming the link — `what` says whose
 * directory it is (e.g. `step "Train": sourceDir "./src"`).
 */
export function listFiles(root: string, what: string): LocalFile[] {
  const out: LocalFile[] = [];
  let top: string;
  try {
    top = realpathSync(root);
  } catch {
    throw new SagepipeError("missing-asset", `${what}: ${root} does not exist`);
  }
  const inside = (real: string) => real === top || real.startsWith(top.endsWith(sep) ? top : top + sep);
  const refuse = (link: string, why: string): never => {
    throw new SagepipeError("invalid-asset", `${what}: the symbolic link ${link} ${why}; sagepipe packs what a link points to only when it is inside the directory (replace the link with the file, or move its target in)`);
  };
  // `ancestors`: the real paths of the directories being walked, to find a link back into one
  const walk = (dir: string, prefix: string, ancestors: readonly string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name === "node_modules" || entry.name === "__pycache__" || entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      const name = `${prefix}${entry.name}`;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let real = full;
      if (entry.isSymbolicLink()) {
        try {
          real = realpathSync(full);
        } catch {
          refuse(full, "points to nothing");
        }
        if (!inside(real)) refuse(full, `leads outside ${root} (to ${real})`);
        const target = statSync(real);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
        if (isDirectory && (ancestors.includes(real) || real === top)) refuse(full, `leads back to a directory it is in (${real}): a cycle`);
      }
      if (isDirectory) walk(full, `${name}/`, [...ancestors, isDirectory && entry.isSymbolicLink() ? real : realpathSync(full)]);
      else if (isFile) out.push({ path: full, name, executable: (statSync(full).mode & 0o111) !== 0 });
    }
  };
  walk(root, "", [top]);
  return out;
}

/**
 * @internal The SHA-256 that names content-addressed code: of each file's name, executable bit and
 * bytes, each field preceded by its length so that no two different lists hash alike.
 */
export function filesHash(files: readonly { readonly name: string; readonly content: Uint8Array; readonly executable?: boolean }[]): string {
  const hash = createHash("sha256");
  for (const file of files) {
    const name = Buffer.from(file.name, "utf8");
    hash.update(`${name.length}:`);
    hash.update(name);
    hash.update(`${file.executable === true ? "x" : "-"}${file.content.length}:`);
    hash.update(file.content);
  }
  return hash.digest("hex");
}

/**
 * Names the S3 location of the local code a pipeline uses, hashing each file or directory the first
 * time it is asked for (compile asks while it assembles the definition), and lists them.
 */
export function assetResolver(
  node: PipelineNode,
  baseDir: string,
): {
  readonly uriOf: (asset: LocalAsset) => string;
  readonly generated: (name: string, content: Uint8Array, origin: string, sha256: string, upload?: { readonly serverSideEncryption?: "aws:kms" }) => string;
  readonly list: () => readonly CodeAsset[];
} {
  const byPath = new Map<string, CodeAsset>();
  const location = (what: string) => {
    if (node.assets === undefined) {
      throw new SagepipeError(
        "missing-asset-bucket",
        `pipeline "${node.name}" uses ${what} but has no asset location: add .assets({ bucket: "my-bucket", prefix: "sagepipe" }) to the pipeline`,
      );
    }
    return node.assets;
  };
  return {
    uriOf: (asset) => {
      let resolved = byPath.get(asset.path);
      if (resolved === undefined) {
        resolved = hashAsset(asset.path, baseDir, location(`local code "${asset.path}"`));
        byPath.set(asset.path, resolved);
      }
      if (asset.expects === "file" && resolved.kind === "directory") {
        // the step would run the directory's name as a script, which does not exist where its files go
        throw new SagepipeError(
          "invalid-source",
          `local code "${asset.path}" is a directory, and code names the script to run: give code: { dir: ${JSON.stringify(asset.path)}, entryPoint: "<script in it>" }`,
        );
      }
      return resolved.s3Uri;
    },
    generated: (name, content, origin, sha256, upload) => {
      const assets = location(`local code ${origin}`);
      const prefix = assetPrefix(assets);
      const key = `${prefix === "" ? "" : `${prefix}/`}${sha256}/${name}`;
      const s3Uri = `s3://${assets.bucket}/${key}`;
      // the same generated file may serve several steps: listed once, under its URI
      if (!byPath.has(s3Uri)) {
        const encryption = upload?.serverSideEncryption === undefined ? {} : { serverSideEncryption: upload.serverSideEncryption };
        byPath.set(s3Uri, { localPath: origin, kind: "generated", sha256, s3Uri, files: [{ path: origin, key, content }], ...encryption });
      }
      return s3Uri;
    },
    list: () => [...byPath.values()].sort((a, b) => (a.localPath < b.localPath ? -1 : a.localPath > b.localPath ? 1 : a.s3Uri < b.s3Uri ? -1 : 1)),
  };
}

/**
 * @internal Reads the files of a local code asset (a file or a directory) — from where compile read
 * them, or from `pathOf(file)` (a copy) — and checks that they hash to what compile found: its S3
 * keys are named by that hash, and an object, once there, is never uploaded again (HeadObject). Code
 * edited between compile and upload would otherwise be stored under the old content's key, and every
 * later pipeline whose code is the old content would run the new one. Returns the bytes by the
 * file's `path`. Throws `asset-changed` or `missing-asset`.
 *
 * @example
 * ```ts
 * const bytes = await readUnchangedAsset(compiled.assets[0]); // Map { "/work/run.py" => <Buffer ...> }
 * ```
 */
export async function readUnchangedAsset(
  asset: CodeAsset,
  pathOf: (file: CodeAsset["files"][number]) => string = (file) => file.path,
): Promise<ReadonlyMap<string, Uint8Array>> {
  const contents = new Map<string, Uint8Array>();
  // (what hashAsset hashes: each file's name under the asset, and its bytes)
  const hashed: { name: string; content: Uint8Array }[] = [];
  const base = `${asset.sha256}/`;
  for (const file of asset.files) {
    let content: Uint8Array;
    try {
      content = await readFile(pathOf(file));
    } catch (error) {
      throw new SagepipeError("missing-asset", `local code "${asset.localPath}": ${file.path} cannot be read since it was compiled (${(error as Error).message}): compile again`, { cause: error });
    }
    contents.set(file.path, content);
    const at = file.key.indexOf(base);
    hashed.push({ name: at < 0 ? file.key : file.key.slice(at + base.length), content });
  }
  const now = filesHash(hashed);
  if (now !== asset.sha256) {
    throw new SagepipeError(
      "asset-changed",
      `local code "${asset.localPath}" changed after the pipeline was compiled (its files hash to ${now.slice(0, 12)}…, the definition names ${asset.sha256.slice(0, 12)}…): compile again`,
    );
  }
  return contents;
}

/** What a missing relative code path's error adds: where relative paths are read from, and how to change it. */
export const RELATIVE_PATHS_HINT = "; relative code paths are read from the directory of the file that calls pipeline() (or compile's baseDir, the CLI's --base-dir)";

/**
 * The hashes of single-file code assets this process has read, by path, with what identified the
 * file then: device, inode, size, and modification and change times in nanoseconds. A compile of a
 * file whose identity is unchanged reuses its hash instead of reading and hashing it again (watch
 * mode, tests, a Lambda function compiling per call). Any write changes the change time (which no
 * user can set back); a hash is kept only when the file's last change was over
 * {@link SETTLED_NS} before it was read, so that a write in the same tick of the file system's clock
 * as the read (same size, same times) cannot go unseen — git's "racily clean" rule. Should a stale
 * hash ever get through, the upload and the local run read the bytes again and refuse them
 * (`readUnchangedAsset`).
 */
const fileHashes = new Map<string, { readonly identity: string; readonly sha256: string }>();
/** Entries kept at most (a process compiling many distinct files starts again). */
const MAX_FILE_HASHES = 10_000;
/** How long ago a file must have last changed for its hash to be kept: 2 s. */
const SETTLED_NS = 2_000_000_000n;

function fileIdentity(info: BigIntStats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

/** The hash of a single-file asset (its name and bytes), from {@link fileHashes} when the file is unchanged. */
function fileAssetHash(full: string, info: BigIntStats): string {
  const identity = fileIdentity(info);
  const known = fileHashes.get(full);
  if (known !== undefined && known.identity === identity) return known.sha256;
  // (the file system's times are the wall clock's, in nanoseconds)
  const readAt = BigInt(Date.now()) * 1_000_000n;
  const sha256 = filesHash([{ name: basename(full), content: readFileSync(full) }]);
  if (info.ctimeNs < readAt - SETTLED_NS && info.mtimeNs < readAt - SETTLED_NS) {
    if (fileHashes.size >= MAX_FILE_HASHES) fileHashes.clear();
    fileHashes.set(full, { identity, sha256 });
  } else {
    fileHashes.delete(full);
  }
  return sha256;
}

function hashAsset(path: string, baseDir: string, location: { readonly bucket: string; readonly prefix?: string }): CodeAsset {
  const full = isAbsolute(path) ? path : resolve(baseDir, path);
  let info: BigIntStats;
  try {
    info = statSync(full, { bigint: true });
  } catch {
    throw new SagepipeError("missing-asset", `local code "${path}" does not exist (looked in ${full})${isAbsolute(path) ? "" : RELATIVE_PATHS_HINT}`);
  }
  const isDirectory = info.isDirectory();
  const files: LocalFile[] = isDirectory ? listFiles(full, `local code "${path}"`) : [{ path: full, name: basename(full), executable: false }];
  const names = files.map((file) => file.name);
  const sha256 = isDirectory ? filesHash(files.map((file) => ({ name: file.name, content: readFileSync(file.path) }))) : fileAssetHash(full, info);
  const prefix = assetPrefix(location);
  const base = `${prefix === "" ? "" : `${prefix}/`}${sha256}`;
  const keys = names.map((name) => `${base}/${name}`);
  return {
    localPath: path,
    kind: isDirectory ? "directory" : "file",
    sha256,
    s3Uri: isDirectory ? `s3://${location.bucket}/${base}/` : `s3://${location.bucket}/${keys[0] ?? base}`,
    files: files.map((file, i) => ({ path: file.path, key: keys[i] ?? base })),
  };
}
