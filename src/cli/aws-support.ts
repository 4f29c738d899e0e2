import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { AwsOperationError, ExecutionFailedError } from "../aws/errors.js";
import type { Execution } from "../aws/execution.js";
import type { ExecutionStep } from "../aws/execution-steps.js";
import { CompileError, type CompiledPipeline } from "../compile/compile.js";
import { SagepipeError } from "../errors.js";
import { ParameterError } from "../runtime/parameters.js";
import { formatIssues } from "../validate/issues.js";
import { EXIT, UsageError, type CliIo } from "./context.js";
import { loadPipelineModule } from "./load-pipeline.js";

/**
 * Runs an AWS command and turns its errors into exit codes: 2 for usage, parameter and load errors,
 * 1 for an invalid pipeline or a failed AWS call (the message keeps AWS's error name and request id).
 *
 * @example
 * ```ts
 * return guardedAws(io, async () => { await execution.stop(); return 0; });
 * ```
 */
export async function guardedAws(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof ParameterError) {
      io.stderr(`sagepipe: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CompileError) {
      io.stderr(`sagepipe: pipeline does not compile, ${error.issues.length} issue(s)\n\n${formatIssues(error.issues)}\n`);
      return EXIT.no;
    }
    if (error instanceof AwsOperationError) {
      const details = [error.awsErrorName, error.requestId !== undefined ? `request id ${error.requestId}` : undefined].filter(Boolean).join(", ");
      io.stderr(`sagepipe: ${error.message}${details === "" || error.message.includes(details) ? "" : ` (${details})`}\n`);
      return EXIT.no;
    }
    if (error instanceof SagepipeError) {
      io.stderr(`sagepipe: ${error.message}\n`);
      return error.code.startsWith("pipeline-") ? EXIT.usage : EXIT.no;
    }
    throw error;
  }
}

/**
 * Loads a pipeline module and compiles it (its directory is the base of relative code paths).
 *
 * @example
 * ```ts
 * const compiled = await compilePipelineFileOrThrow("examples/churn/pipeline.ts", io);
 * ```
 */
export async function compilePipelineFileOrThrow(file: string, io: CliIo): Promise<CompiledPipeline> {
  const { pipeline } = await loadPipelineModule(file, io.cwd);
  return pipeline.compile({ baseDir: resolve(io.cwd, dirname(file)) });
}

/**
 * Reads a text file relative to `io.cwd`; a `pipeline-not-found` SagepipeError when it is missing.
 *
 * @example
 * ```ts
 * const json = await readText("old.json", io);
 * ```
 */
export async function readText(file: string, io: CliIo): Promise<string> {
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new SagepipeError("pipeline-not-found", `cannot read ${file}: no such file`);
  return readFile(path, "utf8");
}

/**
 * Waits for an execution, printing step progress to stderr; 0 when it succeeded, 1 otherwise.
 *
 * @example
 * ```ts
 * return waitForExecution(execution, io, false, 240, 5);
 * ```
 */
export async function waitForExecution(execution: Execution, io: CliIo, json: boolean, timeoutMinutes: number | undefined, poll?: number): Promise<number> {
  try {
    const described = await execution.wait({
      ...(timeoutMinutes !== undefined ? { timeoutMs: timeoutMinutes * 60_000 } : {}),
      ...(poll !== undefined ? { pollIntervalMs: poll * 1000, maxPollIntervalMs: poll * 1000 } : {}),
      onStep: (step) => io.stderr(`${stepLine(step)}\n`),
    });
    if (json) io.stdout(`${JSON.stringify({ executionArn: execution.arn, status: described.PipelineExecutionStatus }, null, 2)}\n`);
    else io.stdout(`${execution.arn}: ${described.PipelineExecutionStatus ?? "Succeeded"}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof ExecutionFailedError)) throw error;
    if (json) io.stdout(`${JSON.stringify({ executionArn: execution.arn, status: error.status, failureReason: error.failureReason, failedSteps: error.failedSteps }, null, 2)}\n`);
    else io.stdout(`${error.message}\n`);
    return EXIT.no;
  }
}

/**
 * One line per step: name, type, status, cache hit and failure reason.
 *
 * @example
 * ```ts
 * stepLine(step) // "  Train (Training) Failed: AlgorithmError: out of memory"
 * ```
 */
export function stepLine(step: ExecutionStep): string {
  const cached = step.cacheHit !== undefined ? " (cached)" : "";
  const reason = step.failureReason !== undefined ? `: ${step.failureReason}` : "";
  return `  ${step.name} (${step.type}) ${step.status}${cached}${reason}`;
}
