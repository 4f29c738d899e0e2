import { readFileSync, statSync } from "node:fs";
import { basename, isAbsolute, join, resolve, sep } from "node:path";
import { SagepipeError } from "../errors.js";
import { tarGz, type ArchiveEntry } from "./archive.js";
import { listFiles, RELATIVE_PATHS_HINT } from "./assets.js";
import { Deferred, contentHash, type DeferredContext } from "./deferred.js";

/** Local script-mode code: an entry point, optionally in a source directory, and extra dependencies. */
export interface SourceBundleOptions {
  /** The script: a path relative to `sourceDir` when there is one, else a local path. */
  readonly entryPoint: string;
  /** A local directory whose files (recursively) go to the root of the archive. */
  readonly sourceDir?: string;
  /** Local files or directories added to the root of the archive under their own names. */
  readonly dependencies?: readonly string[];
  /** Files sagepipe adds at the root of the archive (the repack job's scripts). */
  readonly extraFiles?: readonly { readonly name: string; readonly text: string; readonly executable?: boolean }[];
}

/** The name of the script to run, relative to the archive's root: `entryPoint` in `sourceDir`, else its base name. */
export function programName(options: SourceBundleOptions): string {
  return options.sourceDir === undefined ? basename(options.entryPoint) : options.entryPoint.split(sep).join("/");
}

/**
 * Checks what can be checked before compiling (paths are read when compiling): a `SagepipeError`
 * naming the step otherwise.
 */
export function checkSourceBundle(step: string, options: SourceBundleOptions): void {
  if (typeof options.entryPoint !== "string" || options.entryPoint === "") {
    throw new SagepipeError("invalid-source", `step "${step}": entryPoint must be the path of the script to run`);
  }
  if (options.sourceDir !== undefined) {
    if (typeof options.sourceDir !== "string" || options.sourceDir === "") throw new SagepipeError("invalid-source", `step "${step}": sourceDir must be a directory`);
    const inside = options.entryPoint.split(/[\\/]/);
    if (isAbsolute(options.entryPoint) || inside.includes("..")) {
      throw new SagepipeError(
        "invalid-source",
        `step "${step}": with sourceDir, entryPoint is the script's path inside it (e.g. "train.py" or "jobs/train.py"), not "${options.entryPoint}"`,
      );
    }
  }
  for (const dependency of options.dependencies ?? []) {
    if (typeof dependency !== "string" || dependency === "") throw new SagepipeError("invalid-source", `step "${step}": each of dependencies must be a local path`);
  }
}

/**
 * The `sourcedir.tar.gz` of script-mode code, as the Python SDK packs it (`tar_and_upload_dir`):
 * the source directory's files at the archive's root (or the entry point alone), then each
 * dependency under its own name. Made when the pipeline compiles — the files are read then — and
 * named by the hash of what it holds: `s3://<asset bucket>/<prefix>/<sha256>/sourcedir.tar.gz`.
 * Hidden files, `__pycache__` and `node_modules` are left out, as for other local code; symbolic
 * links are followed (a link out of its directory, or in a cycle, is refused); executable files
 * keep their executable bit.
 */
export class SourceBundle extends Deferred {
  constructor(
    readonly step: string,
    readonly options: SourceBundleOptions,
  ) {
    super();
    Object.freeze(this);
  }

  resolve(context: DeferredContext): string {
    const entries = bundleEntries(this.step, this.options, context.baseDir);
    const origin = `${this.options.sourceDir ?? this.options.entryPoint}${(this.options.dependencies ?? []).map((d) => ` + ${d}`).join("")} (sourcedir.tar.gz)`;
    // encrypted with the AWS managed KMS key, as the SDK uploads it (fw_utils.tar_and_upload_dir)
    return context.generated("sourcedir.tar.gz", tarGz(entries), origin, contentHash(entries), { serverSideEncryption: "aws:kms" });
  }
}

/** A text file sagepipe writes (a `runproc.sh`), uploaded content-addressed like local code. */
export class GeneratedFile extends Deferred {
  constructor(
    readonly name: string,
    readonly text: string,
    readonly origin: string,
  ) {
    super();
    Object.freeze(this);
  }

  resolve(context: DeferredContext): string {
    const content = Buffer.from(this.text, "utf8");
    return context.generated(this.name, content, this.origin, contentHash([{ name: this.name, content }]));
  }
}

/** A deferred value turned into another when it resolves (e.g. a URI into its JSON text). */
export class MappedDeferred extends Deferred {
  constructor(
    readonly inner: Deferred,
    readonly map: (value: unknown) => unknown,
  ) {
    super();
    Object.freeze(this);
  }

  resolve(context: DeferredContext): unknown {
    return this.map(this.inner.resolve(context));
  }
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The files of the archive, in the order the Python SDK adds them, with their names in it. */
function bundleEntries(step: string, options: SourceBundleOptions, baseDir: string): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  const names = new Map<string, string>();
  const add = (name: string, file: string, executable: boolean) => {
    const before = names.get(name);
    if (before !== undefined) {
      throw new SagepipeError("invalid-source", `step "${step}": "${name}" would be in sourcedir.tar.gz twice (from ${before} and ${file}); rename one`);
    }
    names.set(name, file);
    entries.push({ name, content: readFileSync(file), ...(executable ? { executable } : {}) });
  };
  const addPath = (path: string, what: string) => {
    const full = resolve(baseDir, path);
    const info = statOf(full);
    if (info === undefined) throw new SagepipeError("missing-asset", `step "${step}": ${what} "${path}" does not exist (looked in ${full})${isAbsolute(path) ? "" : RELATIVE_PATHS_HINT}`);
    const root = basename(full);
    if (info.isDirectory()) for (const file of listFiles(full, `step "${step}": ${what} "${path}"`)) add(`${root}/${file.name}`, file.path, file.executable);
    else add(root, full, (Number(info.mode) & 0o111) !== 0);
  };
  if (options.sourceDir === undefined) {
    addPath(options.entryPoint, "entryPoint");
  } else {
    const dir = resolve(baseDir, options.sourceDir);
    if (statOf(dir)?.isDirectory() !== true) throw new SagepipeError("missing-asset", `step "${step}": sourceDir "${options.sourceDir}" is not a directory (looked in ${dir})`);
    // the SDK's validate_source_dir: the entry point must be a file in the source directory
    if (statOf(join(dir, options.entryPoint))?.isFile() !== true) {
      throw new SagepipeError("missing-asset", `step "${step}": no file named "${options.entryPoint}" in sourceDir "${options.sourceDir}" (looked in ${join(dir, options.entryPoint)})`);
    }
    for (const file of listFiles(dir, `step "${step}": sourceDir "${options.sourceDir}"`)) add(file.name, file.path, file.executable);
  }
  for (const dependency of options.dependencies ?? []) addPath(dependency, "dependency");
  for (const extra of options.extraFiles ?? []) {
    if (names.has(extra.name)) throw new SagepipeError("invalid-source", `step "${step}": "${extra.name}" is sagepipe's own file in this archive; rename yours`);
    names.set(extra.name, "sagepipe");
    entries.push({ name: extra.name, content: Buffer.from(extra.text, "utf8"), ...(extra.executable === true ? { executable: true } : {}) });
  }
  return entries;
}
