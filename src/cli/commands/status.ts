import type { Command } from "commander";
import { executionOf } from "../../aws/executions.js";
import { awsClients, stepLine, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";

/** The options of `sagepipe status`, as commander parses them. */
export interface StatusCommandOptions extends AwsCommandOptions {
  readonly json?: boolean;
}

/**
 * Declares `sagepipe status <execution-arn>`.
 *
 * @example
 * ```ts
 * registerStatus(program, context) // sagepipe status arn:aws:sagemaker:...:pipeline/churn/execution/abc
 * ```
 */
export function registerStatus(program: Command, context: CliContext): void {
  withAwsOptions(program.command("status"))
    .summary("the execution's and each step's status (exit 1 when Failed or Stopped)")
    .description("Print the execution's status and each step's. Exit code 1 when the execution Failed or was Stopped.")
    .argument("<execution-arn>", "the pipeline execution's ARN")
    .option("--json", "print the status as JSON")
    .action(context.action((arn: string, options: StatusCommandOptions) => statusCommand(arn, options, context.io)));
}

/**
 * `sagepipe status <execution-arn> [--json]`: the execution's status and each step's.
 *
 * @example
 * ```ts
 * await statusCommand(arn, {}, io) // 0 when Succeeded or still running
 * ```
 */
export async function statusCommand(arn: string, options: StatusCommandOptions, io: CliIo): Promise<number> {
  const execution = executionOf(arn, { clients: awsClients(options) });
  const [described, steps] = await Promise.all([execution.describe(), execution.steps()]);
  const status = described.PipelineExecutionStatus ?? "Unknown";
  // SageMaker sometimes answers an empty reason: that is no reason
  const reason = described.FailureReason?.trim() === "" ? undefined : described.FailureReason;
  if (options.json === true) {
    io.stdout(`${JSON.stringify({ executionArn: arn, status, failureReason: reason, steps }, null, 2)}\n`);
  } else {
    io.stdout(`${arn}: ${status}${reason === undefined ? "" : ` — ${reason}`}\n${steps.map((s) => `${stepLine(s)}\n`).join("")}`);
  }
  return status === "Failed" || status === "Stopped" ? EXIT.no : EXIT.ok;
}
