import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { Option, type Command } from "commander";
import type { AwsClients } from "../aws/clients.js";
import { ExecutionFailedError } from "../aws/errors.js";
import type { Execution } from "../aws/execution.js";
import type { ExecutionStep } from "../aws/execution-steps.js";
import type { CompiledPipeline } from "../compile/compile.js";
import { SagepipeError } from "../errors.js";
import { EXIT, type CliIo } from "./context.js";
import { positiveNumber } from "./options.js";
import { loadPipelineModule } from "./load-pipeline.js";
import { codeBaseDir, inputName, readInputText } from "./pipeline-file.js";

/**
 * Loads a pipeline module and compiles it (relative code paths: see {@link codeBaseDir}; `maxSteps`
 * raises the steps-per-pipeline quota).
 *
 * @example
 * ```ts
 * const compiled = await compilePipelineFileOrThrow("examples/churn/pipeline.ts", io);
 * ```
 */
export async function compilePipelineFileOrThrow(file: string, io: CliIo, options: { readonly maxSteps?: number } = {}): Promise<CompiledPipeline> {
  const { pipeline } = await loadPipelineModule(file, io.cwd);
  return pipeline.compile({ baseDir: codeBaseDir(pipeline, file, io.cwd), ...(options.maxSteps === undefined ? {} : { quotas: { maxSteps: options.maxSteps } }) });
}

/**
 * Reads a text file relative to `io.cwd` (`-`: stdin; a leading byte order mark dropped); a
 * `pipeline-not-found` SagepipeError when it is missing.
 *
 * @example
 * ```ts
 * const json = await readText("old.json", io);
 * ```
 */
export async function readText(file: string, io: CliIo): Promise<string> {
  if (file !== "-" && !existsSync(resolve(io.cwd, file))) throw new SagepipeError("pipeline-not-found", `cannot read ${inputName(file)}: no such file`);
  return readInputText(file, io);
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

/** The options every AWS command takes: where and as whom to call AWS, and how long to wait for an answer. */
export interface AwsCommandOptions {
  readonly region?: string;
  readonly profile?: string;
  /** Seconds. */
  readonly requestTimeout?: number;
}

/**
 * Adds `--region`, `--profile` and `--request-timeout` to an AWS command.
 *
 * @example
 * ```ts
 * withAwsOptions(program.command("status")).action(...)
 * ```
 */
export function withAwsOptions(command: Command): Command {
  return command
    .addOption(new Option("--region <region>", "the AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile's region)").helpGroup("AWS options:"))
    .addOption(new Option("--profile <name>", "the AWS profile for credentials and region (default: AWS_PROFILE)").helpGroup("AWS options:"))
    .addOption(
      new Option("--request-timeout <seconds>", "give up on a request after this many seconds without an answer (default 30; retried like other transient errors)")
        .argParser(positiveNumber)
        .helpGroup("AWS options:"),
    );
}

/**
 * The clients argument of the library's AWS calls, configured by the command's AWS options.
 *
 * @example
 * ```ts
 * await upsert(compiled, { roleArn, clients: awsClients(options) });
 * ```
 */
export function awsClients(options: AwsCommandOptions): AwsClients {
  return {
    config: {
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(options.requestTimeout === undefined ? {} : { requestTimeoutMs: Math.round(options.requestTimeout * 1000) }),
    },
  };
}
