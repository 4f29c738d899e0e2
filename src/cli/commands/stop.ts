import type { Command } from "commander";
import { executionOf } from "../../aws/executions.js";
import { awsClients, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";

/** The options of `sagepipe stop`, as commander parses them. */
export interface StopCommandOptions extends AwsCommandOptions {
  readonly json?: boolean;
}

/**
 * Declares `sagepipe stop <execution-arn>`.
 *
 * @example
 * ```ts
 * registerStop(program, context) // sagepipe stop arn:aws:sagemaker:...:pipeline/churn/execution/abc
 * ```
 */
export function registerStop(program: Command, context: CliContext): void {
  withAwsOptions(program.command("stop"))
    .summary("stop an execution")
    .description("Stop a pipeline execution (StopPipelineExecution).")
    .argument("<execution-arn>", "the pipeline execution's ARN")
    .option("--json", "print the result as JSON")
    .action(context.action((arn: string, options: StopCommandOptions) => stopCommand(arn, options, context.io)));
}

/**
 * `sagepipe stop <execution-arn> [--json]`.
 *
 * @example
 * ```ts
 * await stopCommand(arn, {}, io) // 0, io.stdout: "stopping arn:..."
 * ```
 */
export async function stopCommand(arn: string, options: StopCommandOptions, io: CliIo): Promise<number> {
  await executionOf(arn, { clients: awsClients(options) }).stop();
  io.stdout(options.json === true ? `${JSON.stringify({ executionArn: arn, stopping: true })}\n` : `stopping ${arn}\n`);
  return EXIT.ok;
}
