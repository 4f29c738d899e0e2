import type { Command } from "commander";
import { start } from "../../aws/start.js";
import { awsClients, compilePipelineFileOrThrow, waitForExecution, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";
import { isPipelineModule } from "../load-pipeline.js";
import { collectKeyValue, keyValues, maxStepsOption, positiveInteger, positiveNumber } from "../options.js";

/** The options of `sagepipe start`, as commander parses them. */
export interface StartCommandOptions extends AwsCommandOptions {
  readonly param?: readonly string[];
  readonly wait?: boolean;
  readonly clientRequestToken?: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly parallelism?: number;
  readonly timeoutMinutes?: number;
  readonly pollSeconds?: number;
  readonly maxSteps?: number;
  readonly json?: boolean;
}

/**
 * Declares `sagepipe start <pipeline.ts|name>`.
 *
 * @example
 * ```ts
 * registerStart(program, context) // sagepipe start ChurnPipeline --param AccuracyThreshold=0.9 --wait
 * ```
 */
export function registerStart(program: Command, context: CliContext): void {
  withAwsOptions(program.command("start"))
    .summary("start an execution (parameter values are checked first)")
    .description("Start an execution of a deployed pipeline; parameter values are checked against the pipeline first.")
    .argument("<pipeline>", "a pipeline module (.ts, .js, ...) or a deployed pipeline's name")
    .option("--param <NAME=VALUE>", "a parameter value (repeatable)", collectKeyValue)
    .option("--wait", "print each step's progress; exit 1 unless the execution succeeded")
    .option("--client-request-token <token>", "makes a retried start idempotent (see deriveClientRequestToken)")
    .option("--display-name <name>", "the execution's display name")
    .option("--description <text>", "the execution's description")
    .option("--parallelism <N>", "the most steps running at once", positiveInteger)
    .option("--timeout-minutes <N>", "with --wait: stop waiting after N minutes (the execution keeps running)", positiveInteger)
    .option("--poll-seconds <S>", "with --wait: seconds between polls (default 5, backing off to 30)", positiveNumber)
    .addOption(maxStepsOption())
    .option("--json", "print the result as JSON")
    .action(context.action((target: string, options: StartCommandOptions) => startCommand(target, options, context.io)));
}

/**
 * `sagepipe start <pipeline.ts|name> [--param K=V]... [--wait] [--client-request-token T] [--json]`:
 * starts an execution (parameter values checked first). With `--wait`, prints each step's progress
 * and exits non-zero unless the execution succeeded.
 *
 * @example
 * ```ts
 * await startCommand("ChurnPipeline", { param: ["AccuracyThreshold=0.9"], wait: true }, io)
 * ```
 */
export async function startCommand(target: string, options: StartCommandOptions, io: CliIo): Promise<number> {
  const params = keyValues(options.param, "--param");
  const subject = isPipelineModule(target) ? await compilePipelineFileOrThrow(target, io, options) : target;
  const execution = await start(subject, {
    params,
    paramsForm: "text",
    clients: awsClients(options),
    ...(options.clientRequestToken !== undefined ? { clientRequestToken: options.clientRequestToken } : {}),
    ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.parallelism !== undefined ? { parallelism: options.parallelism } : {}),
  });
  io.stderr(`started ${execution.arn}\n`);
  if (options.wait !== true) {
    io.stdout(options.json === true ? `${JSON.stringify({ executionArn: execution.arn }, null, 2)}\n` : `${execution.arn}\n`);
    return EXIT.ok;
  }
  return waitForExecution(execution, io, options.json === true, options.timeoutMinutes, options.pollSeconds);
}
