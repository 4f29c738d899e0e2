import type { Command } from "commander";
import { executionOf } from "../../aws/executions.js";
import { awsClients, waitForExecution, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";
import { positiveNumber } from "../options.js";

/** The options of `sagepipe retry`, as commander parses them. */
export interface RetryCommandOptions extends AwsCommandOptions {
  readonly wait?: boolean;
  readonly pollSeconds?: number;
  readonly json?: boolean;
}

/**
 * Declares `sagepipe retry <execution-arn>`.
 *
 * @example
 * ```ts
 * registerRetry(program, context) // sagepipe retry arn:aws:sagemaker:...:pipeline/churn/execution/abc --wait
 * ```
 */
export function registerRetry(program: Command, context: CliContext): void {
  withAwsOptions(program.command("retry"))
    .summary("retry a failed execution (--wait to follow it)")
    .description("Retry a failed pipeline execution (RetryPipelineExecution).")
    .argument("<execution-arn>", "the pipeline execution's ARN")
    .option("--wait", "print each step's progress; exit 1 unless the execution succeeded")
    .option("--poll-seconds <S>", "with --wait: seconds between polls (default 5, backing off to 30)", positiveNumber)
    .option("--json", "print the result as JSON")
    .action(context.action((arn: string, options: RetryCommandOptions) => retryCommand(arn, options, context.io)));
}

/**
 * `sagepipe retry <execution-arn> [--wait] [--json]`.
 *
 * @example
 * ```ts
 * await retryCommand(arn, { wait: true }, io) // 0 when the retried execution succeeded
 * ```
 */
export async function retryCommand(arn: string, options: RetryCommandOptions, io: CliIo): Promise<number> {
  const retried = await executionOf(arn, { clients: awsClients(options) }).retry();
  io.stdout(options.json === true ? `${JSON.stringify({ executionArn: retried.arn })}\n` : `retrying ${retried.arn}\n`);
  return options.wait === true ? waitForExecution(retried, io, options.json === true, undefined, options.pollSeconds) : EXIT.ok;
}
