import { statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { CompiledPipeline, CompileOptions } from "../compile/compile.js";
import { SagepipeError } from "../errors.js";
import { excerpt } from "../text.js";
import { formatIssues, type ValidationIssue } from "../validate/issues.js";
import { loadPipeline, type LoadablePipeline } from "./load-pipeline.js";
import { EXIT, type CliIo } from "./context.js";
import { CliFailure } from "./failure.js";

/** What compiling a pipeline module gave: a definition, or validation issues. */
export type PipelineFileResult =
  | { readonly kind: "compiled"; readonly compiled: CompiledPipeline }
  | { readonly kind: "invalid"; readonly name: string; readonly issues: readonly ValidationIssue[] };

/**
 * The directory a loaded pipeline's relative code paths are read from: `--base-dir` when given,
 * else the directory of the file that called `pipeline()` (as the library does), else the pipeline
 * file's directory.
 *
 * @example
 * ```ts
 * pipeline.compile({ baseDir: codeBaseDir(pipeline, "examples/churn/pipeline.ts", io.cwd) })
 * ```
 */
export function codeBaseDir(pipeline: { toNode(): { readonly sourceDir?: string } }, file: string, cwd: string, given?: string): string {
  if (given !== undefined) return resolve(cwd, given);
  let sourceDir: string | undefined;
  try {
    sourceDir = pipeline.toNode().sourceDir;
  } catch {
    sourceDir = undefined;
  }
  return typeof sourceDir === "string" ? sourceDir : resolve(cwd, dirname(file));
}

/** Options shared by the commands that compile a pipeline module. */
export interface PipelineFileOptions {
  /** Relative local code paths are read from here. @default see {@link codeBaseDir} */
  readonly baseDir?: string;
  readonly arguments?: "strict" | "loose";
  readonly maxSteps?: number;
}

/**
 * Loads a pipeline module and compiles it. Loading errors (no file, the module throws, no pipeline
 * exported) throw a {@link CliFailure} with exit code 2; a CompileError's issues are the result
 * `invalid`; another sagepipe error raised while compiling (such as a missing code file) is the
 * pipeline's: a CliFailure with exit code 1.
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
    if (error instanceof SagepipeError) throw new CliFailure(EXIT.usage, error.code, error.message);
    throw error;
  }
  const compileOptions: CompileOptions = {
    baseDir: codeBaseDir(pipeline, file, cwd, options.baseDir),
    ...(options.arguments === undefined ? {} : { arguments: options.arguments }),
    ...(options.maxSteps === undefined ? {} : { quotas: { maxSteps: options.maxSteps } }),
  };
  try {
    return { kind: "compiled", compiled: pipeline.compile(compileOptions) };
  } catch (error) {
    // the builder may come from another copy of sagepipe (reached through a package in node_modules): match by shape
    if (isCompileError(error)) return { kind: "invalid", name: pipelineName(pipeline), issues: error.issues };
    if (isSagepipeError(error)) throw new CliFailure(EXIT.no, error.code, `${file}: ${error.message}`);
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
 * Refuses an `--output` that is the command's input file (`compile pipeline.ts -o pipeline.ts`
 * would replace the pipeline's source with its definition): a {@link CliFailure} (exit 2), before
 * anything is read or written. The same file by another path (a link, `./x` and `x`) counts.
 *
 * @example
 * ```ts
 * refuseOutputOverInput(io.cwd, "pipeline.ts", options.output) // throws when options.output is pipeline.ts
 * ```
 */
export function refuseOutputOverInput(cwd: string, input: string | undefined, output: string | undefined): void {
  if (input === undefined || output === undefined || input === "-") return;
  const a = resolve(cwd, input);
  const b = resolve(cwd, output);
  const same = a === b || (() => {
    const x = statSync(a, { throwIfNoEntry: false });
    const y = statSync(b, { throwIfNoEntry: false });
    return x !== undefined && y !== undefined && x.dev === y.dev && x.ino === y.ino;
  })();
  if (same) throw new CliFailure(EXIT.usage, "output-is-input", `--output ${output} is the input file ${input}: it would be overwritten; write the output to another file`);
}

/**
 * Writes `text` to `file` (relative to `cwd`), creating its directory; a {@link CliFailure} (exit 2)
 * when it cannot.
 *
 * @example
 * ```ts
 * await writeOutput(io.cwd, "out/definition.json", json) // or throws: cannot write out/definition.json: ...
 * ```
 */
export async function writeOutput(cwd: string, file: string, text: string): Promise<void> {
  const path = resolve(cwd, file);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  } catch (error) {
    throw new CliFailure(EXIT.usage, "output-unwritable", `cannot write ${file}: ${(error as Error).message}`);
  }
}

/**
 * Reads and parses a JSON file (relative to `io.cwd`; `-` is stdin, see {@link readInputText}); a
 * {@link CliFailure} (exit 2) when it cannot
 * be read or is not JSON.
 *
 * @example
 * ```ts
 * const document = await readJsonFile("definition.json", io);
 * ```
 */
export async function readJsonFile(file: string, io: CliIo): Promise<unknown> {
  let text: string;
  try {
    text = await readInputText(file, io);
  } catch (error) {
    throw new CliFailure(EXIT.usage, "input-unreadable", `cannot read ${inputName(file)}: ${readFailure(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliFailure(EXIT.usage, "input-not-json", `${inputName(file)} is not valid JSON: ${jsonFailure(error)}`);
  }
}

/**
 * The text of a file named on the command line (relative to `io.cwd`), or all of stdin for `-`.
 * A leading UTF-8 byte order mark is dropped (RFC 8259 lets a JSON parser ignore one, and editors
 * on Windows write one; `JSON.parse` would fail on an invisible character).
 *
 * @example
 * ```ts
 * const text = await readInputText("-", io); // what was piped in
 * ```
 */
export async function readInputText(file: string, io: CliIo): Promise<string> {
  const text = file === "-" ? await readStdin(io) : await readFile(resolve(io.cwd, file), "utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * How a message names an input: `stdin` for `-`, else the file name as given, control characters
 * escaped and at most 200 characters.
 *
 * @example
 * ```ts
 * inputName("-") // "stdin"
 * ```
 */
export function inputName(file: string): string {
  return file === "-" ? "stdin" : excerpt(file, 200);
}

/**
 * Why a file could not be read, for a message: "no such file", or the error's message, escaped.
 *
 * @example
 * ```ts
 * readFailure(error) // "no such file"
 * ```
 */
export function readFailure(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : excerpt(error instanceof Error ? error.message : String(error), 200);
}

/**
 * What JSON.parse said, for a message: its excerpt of the text may hold control characters.
 *
 * @example
 * ```ts
 * jsonFailure(error) // "Unexpected token 'n', \"{ not json\" is not valid JSON"
 * ```
 */
export function jsonFailure(error: unknown): string {
  return excerpt(error instanceof Error ? error.message : String(error), 200);
}

async function readStdin(io: CliIo): Promise<string> {
  if (io.stdin !== undefined) return io.stdin();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Prints the issues of a pipeline that does not compile to stderr; exit code 1.
 *
 * @example
 * ```ts
 * if (result.kind === "invalid") return reportFailure(file, result, io); // 1
 * ```
 */
export function reportFailure(file: string, result: Extract<PipelineFileResult, { kind: "invalid" }>, io: CliIo): number {
  const count = result.issues.length;
  io.stderr(`${file}: pipeline "${result.name}" does not compile, ${count} issue${count === 1 ? "" : "s"}\n\n${formatIssues(result.issues)}\n`);
  return EXIT.no;
}
