import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { CompiledPipeline, CompileOptions } from "../compile/compile.js";
import { SagepipeError } from "../errors.js";
import { formatIssues, type ValidationIssue } from "../validate/issues.js";
import { loadPipeline, type LoadablePipeline } from "./load-pipeline.js";
import { UsageError, type CliIo } from "./run.js";

/** What compiling a pipeline module gave: a definition, validation issues, or an error to print. */
export type PipelineFileResult =
  | { readonly kind: "compiled"; readonly compiled: CompiledPipeline }
  | { readonly kind: "invalid"; readonly name: string; readonly issues: readonly ValidationIssue[] }
  | { readonly kind: "failed"; readonly message: string; readonly exitCode: 1 | 2 };

/** Options shared by the commands that compile a pipeline module. */
export interface PipelineFileOptions {
  /** Relative local code paths are read from here. @default the pipeline file's directory */
  readonly baseDir?: string;
  readonly arguments?: "strict" | "loose";
  readonly maxSteps?: number;
}

/**
 * Loads a pipeline module and compiles it. Loading errors (no file, the module throws, no pipeline
 * exported) fail with exit code 2; errors raised while compiling (a CompileError's issues, or
 * another sagepipe error such as a missing code file) are the pipeline's, exit code 1.
 *
 * @example
 * ```ts
 * const result = await compilePipelineFile("examples/churn/pipeline.ts", process.cwd());
 * if (result.kind === "compiled") result.compiled.json // {"Version":"2020-12-01",...}
 * ```
 */
export async function compilePipelineFile(file: string, cwd: string, options: PipelineFileOptions = {}): Promise<PipelineFileResult> {
  let pipeline: LoadablePipeline;
  try {
    pipeline = await loadPipeline(file, cwd);
  } catch (error) {
    if (error instanceof SagepipeError) return { kind: "failed", message: error.message, exitCode: 2 };
    throw error;
  }
  const compileOptions: CompileOptions = {
    baseDir: resolve(cwd, options.baseDir ?? dirname(file)),
    ...(options.arguments === undefined ? {} : { arguments: options.arguments }),
    ...(options.maxSteps === undefined ? {} : { quotas: { maxSteps: options.maxSteps } }),
  };
  try {
    return { kind: "compiled", compiled: pipeline.compile(compileOptions) };
  } catch (error) {
    // the builder may come from another copy of sagepipe (reached through a package in node_modules): match by shape
    if (isCompileError(error)) return { kind: "invalid", name: pipelineName(pipeline), issues: error.issues };
    if (isSagepipeError(error)) return { kind: "failed", message: `${file}: ${error.message}`, exitCode: 1 };
    throw error;
  }
}

function isCompileError(error: unknown): error is Error & { issues: readonly ValidationIssue[] } {
  return error instanceof Error && error.name === "CompileError" && Array.isArray((error as { issues?: unknown }).issues);
}

function isSagepipeError(error: unknown): error is Error & { code: string } {
  if (error instanceof SagepipeError) return true;
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^[a-z]+(-[a-z]+)*$/.test(code);
}

function pipelineName(pipeline: { toNode(): { name: string } }): string {
  try {
    return pipeline.toNode().name;
  } catch {
    return "pipeline";
  }
}

/**
 * Parses `--max-steps`: undefined when absent, a UsageError unless a positive integer.
 *
 * @example
 * ```ts
 * parseMaxSteps("80") // 80
 * parseMaxSteps("0")  // throws UsageError: --max-steps must be a positive integer, got "0"
 * ```
 */
export function parseMaxSteps(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const maxSteps = Number(value);
  if (!(Number.isInteger(maxSteps) && maxSteps > 0)) throw new UsageError(`--max-steps must be a positive integer, got "${value}"`);
  return maxSteps;
}

/**
 * Writes `text` to `file` (relative to `cwd`), creating its directory; a message on failure.
 *
 * @example
 * ```ts
 * await writeOutput(io.cwd, "out/definition.json", json) // undefined, or "cannot write out/definition.json: ..."
 * ```
 */
export async function writeOutput(cwd: string, file: string, text: string): Promise<string | undefined> {
  const path = resolve(cwd, file);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    return undefined;
  } catch (error) {
    return `cannot write ${file}: ${(error as Error).message}`;
  }
}

interface CompileArgs {
  readonly values: {
    output?: string;
    compact?: boolean;
    pretty?: boolean;
    "base-dir"?: string;
    loose?: boolean;
    "max-steps"?: string;
  };
  readonly positionals: string[];
}

/**
 * `sagepipe compile <pipeline.ts> [-o out.json] [--compact]`: prints (or writes) the definition JSON.
 * Exit 0 compiled, 1 the pipeline is invalid (every issue printed to stderr), 2 unreadable or usage.
 *
 * @example
 * ```ts
 * await compileCommand({ values: { output: "definition.json" }, positionals: ["pipeline.ts"] }, io)
 * // 0, and io.stdout: ChurnPipeline: wrote definition.json (4 top-level steps, 3 local code assets to upload) ...
 * ```
 */
export async function compileCommand({ values, positionals }: CompileArgs, io: CliIo): Promise<number> {
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError("compile needs a pipeline file: sagepipe compile <pipeline.ts>");
  if (extra.length > 0) throw new UsageError(`compile takes one file, got ${positionals.length}`);
  if (values.compact === true && values.pretty === true) throw new UsageError("--compact and --pretty cannot be combined");
  const maxSteps = parseMaxSteps(values["max-steps"]);

  const result = await compilePipelineFile(file, io.cwd, {
    ...(values["base-dir"] === undefined ? {} : { baseDir: values["base-dir"] }),
    ...(values.loose === true ? { arguments: "loose" as const } : {}),
    ...(maxSteps === undefined ? {} : { maxSteps }),
  });
  if (result.kind !== "compiled") return reportFailure(file, result, io);

  const { compiled } = result;
  const pretty = `${JSON.stringify(compiled.definition, null, 2)}\n`;
  if (values.output === undefined) {
    io.stdout(values.compact === true ? `${compiled.json}\n` : pretty);
    return 0;
  }
  // --compact writes the exact bytes of the definition (what CreatePipeline receives), no newline
  const failure = await writeOutput(io.cwd, values.output, values.compact === true ? compiled.json : pretty);
  if (failure !== undefined) {
    io.stderr(`sagepipe: ${failure}\n`);
    return 2;
  }
  const steps = compiled.definition.Steps.length;
  const assets = compiled.assets.length;
  const summary = `${compiled.name}: wrote ${values.output} (${steps} top-level step${steps === 1 ? "" : "s"}${assets === 0 ? "" : `, ${assets} local code asset${assets === 1 ? "" : "s"} to upload`})\n`;
  io.stdout(summary + compiled.assets.map((asset) => `  ${asset.localPath} → ${asset.s3Uri}\n`).join(""));
  return 0;
}

/**
 * Prints a failed compile to stderr and returns its exit code.
 *
 * @example
 * ```ts
 * if (result.kind !== "compiled") return reportFailure(file, result, io); // 1 or 2
 * ```
 */
export function reportFailure(file: string, result: Exclude<PipelineFileResult, { kind: "compiled" }>, io: CliIo): number {
  if (result.kind === "failed") {
    io.stderr(`sagepipe: ${result.message}\n`);
    return result.exitCode;
  }
  const count = result.issues.length;
  io.stderr(`${file}: pipeline "${result.name}" does not compile, ${count} issue${count === 1 ? "" : "s"}\n\n${formatIssues(result.issues)}\n`);
  return 1;
}
