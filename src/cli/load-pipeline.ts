import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, resolve } from "node:path";
import type { CompiledPipeline, CompileOptions } from "../compile/compile.js";
import { SagepipeError } from "../errors.js";
import type { PipelineNode } from "../model/pipeline-node.js";
import { privateCacheDir } from "./cache-dir.js";
// the module a pipeline file gets for `import ... from "sagepipe"`: the very instance this CLI runs on
import * as sagepipe from "../index.js";

/** What a pipeline module's default export must be: a pipeline builder (or anything shaped like one). */
export interface LoadablePipeline {
  toNode(): PipelineNode;
  compile(options?: CompileOptions): CompiledPipeline;
}

/** File extensions read as pipeline modules; anything else is a definition JSON file. */
export const PIPELINE_MODULE_EXTENSIONS: readonly string[] = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];

/**
 * True when `file` names a pipeline module (TypeScript or JavaScript) rather than a definition JSON file.
 *
 * @example
 * ```ts
 * isPipelineModule("examples/churn/pipeline.ts") // true
 * isPipelineModule("definition.json")            // false
 * ```
 */
export function isPipelineModule(file: string): boolean {
  return PIPELINE_MODULE_EXTENSIONS.includes(extname(file).toLowerCase());
}

/**
 * Loads a TypeScript or JavaScript module whose default export is a pipeline builder, with jiti
 * (loaded on first use only). `import ... from "sagepipe"` in the module (and in the local modules
 * it imports) resolves to the sagepipe that runs this code, whether that is the source tree or
 * `dist/`; `import ... from "zod"` resolves to sagepipe's own zod when the module's project has none. `file` is resolved against `cwd` and named as given in error messages.
 *
 * Throws a {@link SagepipeError}: `pipeline-not-found` (no such file), `pipeline-load-failed`
 * (the module throws while loading: its message and where in the file), `pipeline-no-default-export`,
 * `pipeline-not-a-pipeline` (the default export has no `toNode()` and `compile()`).
 *
 * @example
 * ```ts
 * const pipeline = await loadPipeline("examples/churn/pipeline.ts");
 * pipeline.compile({ baseDir: "examples/churn" }).json // {"Version":"2020-12-01",...}
 * ```
 */
export async function loadPipeline(file: string, cwd: string = process.cwd()): Promise<LoadablePipeline> {
  return (await loadPipelineModule(file, cwd)).pipeline;
}

/** A loaded pipeline module: its default export, and its other named exports (such as `local`). */
export interface LoadedPipelineModule {
  readonly pipeline: LoadablePipeline;
  readonly exports: Readonly<Record<string, unknown>>;
}

/** True when `name` resolves from the directory of `file` (the module's project has it). */
function resolvable(name: string, file: string): boolean {
  try {
    createRequire(file).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** Like {@link loadPipeline}, and also returns the module's named exports. */
export async function loadPipelineModule(file: string, cwd: string = process.cwd()): Promise<LoadedPipelineModule> {
  const path = resolve(cwd, file);
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message;
    throw new SagepipeError("pipeline-not-found", `cannot read ${file}: ${reason}`, { cause: error });
  }

  // required, not imported: import() of jiti's CommonJS build has node scan it for its exports first,
  // which cost more than loading it (about 90 of 130 ms of CPU time)
  const { createJiti } = createRequire(import.meta.url)("jiti") as typeof import("jiti");
  const jiti = createJiti(path, {
    // a fresh evaluation on every load; "sagepipe" is this instance, so the builder's values are ours
    moduleCache: false,
    // transformed files are code the next run executes: a directory of this user's, never /tmp/jiti
    fsCache: transformCache(),
    // the module's own exports, not a proxy: a builder's private fields only work on the builder itself
    interopDefault: false,
    // "zod" (property-file schemas) is sagepipe's own where the module's project has none
    virtualModules: { sagepipe, ...(resolvable("zod", path) ? {} : { zod: await import("zod") }) },
  });
  let loaded: unknown;
  try {
    // transpiled even when it is JavaScript, so that its "sagepipe" is the virtual module above
    loaded = await jiti.evalModule(source, { filename: path, async: true, forceTranspile: true });
  } catch (error) {
    throw new SagepipeError("pipeline-load-failed", `cannot load ${file}: ${describeLoadError(error, path, file)}`, { cause: error });
  }

  const exports = typeof loaded === "object" || typeof loaded === "function" ? (loaded as { default?: unknown } | null) : null;
  const hasDefault = exports !== null && "default" in exports;
  // CommonJS `module.exports = pipeline(...)` counts as the default export
  const candidate = hasDefault ? exports.default : isPipeline(loaded) ? loaded : undefined;
  if (!hasDefault && candidate === undefined) {
    throw new SagepipeError(
      "pipeline-no-default-export",
      `${file} has no default export: end it with export default pipeline("MyPipeline")...`,
    );
  }
  if (!isPipeline(candidate)) {
    throw new SagepipeError(
      "pipeline-not-a-pipeline",
      `the default export of ${file} is not a pipeline (got ${describeValue(candidate)}): export default the builder, as in export default pipeline("MyPipeline").process(...)`,
    );
  }
  return { pipeline: candidate, exports: exports !== null && typeof exports === "object" ? (exports as Record<string, unknown>) : {} };
}

let transformCacheDir: string | false | undefined;
/** Where jiti keeps transformed pipeline files (see cache-dir.ts); `false`: not cached. */
function transformCache(): string | false {
  transformCacheDir ??= privateCacheDir("jiti") ?? false;
  return transformCacheDir;
}

function isPipeline(value: unknown): value is LoadablePipeline {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const { toNode, compile } = value as { toNode?: unknown; compile?: unknown };
  return typeof toNode === "function" && typeof compile === "function";
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "function") return "a function";
  if (typeof value === "object") {
    if (typeof (value as { then?: unknown }).then === "function") return "a Promise: await it before exporting it";
    const keys = Object.keys(value);
    const shown = keys.slice(0, 5).join(", ") + (keys.length > 5 ? ", ..." : "");
    return keys.length === 0 ? "an empty object" : `an object with keys ${shown}`;
  }
  return `a ${typeof value}`;
}

/** One line: the first line of the module's error, and where in the file it was thrown when known. */
function describeLoadError(error: unknown, path: string, file: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const display = (text: string) => text.split(path).join(file);
  let first = display(message.split("\n").find((line) => line.trim() !== "") ?? "").trim().replace(/\s+/g, " ");
  if (first === "") first = "the module threw an error without a message";
  if (error instanceof Error && !["Error", "SagepipeError"].includes(error.name) && !first.startsWith(error.name)) {
    first = `${error.name}: ${first}`;
  }
  const text = `${message}\n${error instanceof Error ? (error.stack ?? "") : ""}`;
  const at = new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+):(\\d+)`).exec(text);
  return at === null || first.includes(`${file}:`) ? first : `${first} (${file}:${at[1]})`;
}
