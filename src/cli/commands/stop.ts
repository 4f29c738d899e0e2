import type { Command } from "commander";
import { executionOf } from "../../aws/executions.js";
import { guardedAws } from "../aws-support.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";

/** The options of `sagepipe stop`, as commander parses them. */
export interface StopCommandOptions {
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
  program
    .command("stop")
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
  return guardedAws(io, async () => {
    await executionOf(arn).stop();
    io.stdout(options.json === true ? `${JSON.stringify({ executionArn: arn, stopping: true })}\n` : `stopping ${arn}\n`);
    return EXIT.ok;
  });
}
