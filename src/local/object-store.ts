import { cp, mkdir, stat } from "node:fs/promises";
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { LocalStepError } from "./errors.js";
import { listFiles } from "./files.js";
import { copyFileAtomic } from "./files-atomic.js";
import { MAX_DATA_DEPTH, tooDeepAt } from "../validate/json-data.js";

/**
 * A directory that stands in for S3: `s3://bucket/key` is `<root>/bucket/key`. Mounts map an S3 prefix
 * to a local directory for reading (your data, without copying it), and an input may also be a local
 * path or a `file://` URL.
 *
 * @example
 * ```ts
 * const store = new LocalObjectStore(".sagepipe/s3", { "s3://my-bucket/raw/": "./data" });
 * store.pathOf("s3://my-bucket/raw/churn.csv"); // "<cwd>/data/churn.csv"
 * ```
 */
export class LocalObjectStore {
  readonly root: string;
  readonly #mounts: readonly (readonly [prefix: string, dir: string])[];
  readonly #baseDir: string;

  constructor(root: string, mounts: Readonly<Record<string, string>> = {}, baseDir: string = process.cwd()) {
    this.root = resolve(root);
    this.#baseDir = baseDir;
    this.#mounts = Object.entries(mounts)
      .map(([prefix, dir]) => [prefix.replace(/\/+$/, ""), resolve(baseDir, dir)] as const)
      .sort((a, b) => b[0].length - a[0].length);
  }

  /**
   * The local path of an S3 URI (mounts apply when reading), a `file://` URL or a local path. What is
   * written must be an `s3://` URI inside the store; a mounted URI must stay inside its directory.
   */
  pathOf(uri: string, mode: "read" | "write" = "read"): string {
    if (uri.startsWith("s3://")) {
      if (mode === "read") {
        for (const [prefix, dir] of this.#mounts) {
          if (uri !== prefix && !uri.startsWith(`${prefix}/`)) continue;
          const path = join(dir, uri.slice(prefix.length));
          if (path !== dir && !path.startsWith(dir + sep)) throw new LocalStepError(`"${uri}" points outside the directory ${dir} mounted at ${prefix}`);
          return path;
        }
      }
      const rest = uri.slice("s3://".length);
      if (rest.length === 0 || rest.startsWith("/")) throw new LocalStepError(`"${uri}" is not an S3 URI (s3://bucket/key)`);
      const path = resolve(this.root, rest);
      if (path !== this.root && !path.startsWith(this.root + sep)) throw new LocalStepError(`"${uri}" points outside the local object store`);
      return path;
    }
    if (mode === "write") throw new LocalStepError(`"${uri}" is not an s3:// URI: outputs go to S3 (locally, to the object store ${this.root})`);
    if (uri.startsWith("file://")) return fileURLToPath(uri);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) throw new LocalStepError(`"${uri}" cannot be read locally: only s3:// URIs, file:// URLs and local paths are`);
    return resolve(this.#baseDir, uri);
  }

  /**
   * Copies what an S3 URI names into `dir`: an object (as `dir/<its name>`) or every object under a
   * prefix. Fails like SageMaker when nothing is there.
   */
  async download(uri: string, dir: string): Promise<number> {
    const source = this.pathOf(uri);
    await mkdir(dir, { recursive: true });
    const info = await stat(source).catch(() => undefined);
    if (info === undefined) throw new LocalStepError(`ClientError: no objects found under ${uri} (looked in ${source})`);
    if (info.isFile()) {
      await cp(source, join(dir, basename(source)));
      return 1;
    }
    const count = await countFiles(source);
    if (count === 0) throw new LocalStepError(`ClientError: no objects found under ${uri} (the directory ${source} is empty)`);
    await cp(source, dir, { recursive: true });
    return count;
  }

  /**
   * Copies every file under `dir` to the prefix `uri`; returns how many. Each object is replaced
   * atomically, so runs writing the same objects at once (code assets) never see or leave a partial
   * one.
   */
  async upload(dir: string, uri: string): Promise<number> {
    const target = this.pathOf(uri, "write");
    const files = await listFiles(dir);
    for (const file of files) await copyFileAtomic(file, join(target, relative(dir, file)));
    return files.length;
  }

  /** Copies one local file to the object `uri` (replacing it atomically). */
  async putFile(file: string, uri: string): Promise<void> {
    await copyFileAtomic(file, this.pathOf(uri, "write"));
  }

  /** True when an object (or a prefix with objects) exists. */
  exists(uri: string): boolean {
    return existsSync(this.pathOf(uri));
  }

  /** Reads and parses a JSON object. */
  readJson(uri: string): unknown {
    const path = this.pathOf(uri);
    let text: string;
    try {
      if (!statSync(path).isFile()) throw new Error("not a file");
      text = readFileSync(path, "utf8");
    } catch {
      throw new LocalStepError(`no JSON object at ${uri} (looked in ${path})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch (error) {
      throw new LocalStepError(`${uri} is not valid JSON: ${(error as Error).message}`);
    }
    // what a step reads is written again (registry entries, the run record): JSON.stringify recurses
    const deep = tooDeepAt(parsed, text.length, MAX_DATA_DEPTH);
    if (deep !== undefined) throw new LocalStepError(`${uri} is ${deep}: sagepipe reads JSON documents up to ${MAX_DATA_DEPTH} levels`);
    return parsed;
  }
}

async function countFiles(dir: string): Promise<number> {
  return (await listFiles(dir)).length;
}
