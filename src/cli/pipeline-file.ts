import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { CompiledPipeline, CompileOptions } from "../compile/compile.js";
import { SagepipeError } from "../errors.js";
import { formatIssues, type ValidationIssue } from "../validate/issues.js";
import { loadPipeline, type LoadablePipeline } from "./load-pipeline.js";
import type { CliIo } from "./context.js";

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

/** A JSON file read and parsed, or the exit code after printing why it could not be. */
export type ReadJsonResult = { readonly kind: "read"; readonly document: unknown } | { readonly kind: "failed"; readonly exitCode: 2 };

/**
 * Reads and parses a JSON file (relative to `io.cwd`); prints one line to stderr when it cannot.
 *
 * @example
 * ```ts
 * const read = await readJsonFile("definition.json", io);
 * if (read.kind === "failed") return read.exitCode; // 2
 * ```
 */
export async function readJsonFile(file: string, io: CliIo): Promise<ReadJsonResult> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    io.stderr(`sagepipe: cannot read ${file}: ${reason}\n`);
    return { kind: "failed", exitCode: 2 };
  }
  try {
    return { kind: "read", document: JSON.parse(text) };
  } catch (error) {
    io.stderr(`sagepipe: ${file} is not valid JSON: ${(error as Error).message}\n`);
    return { kind: "failed", exitCode: 2 };
  }
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
