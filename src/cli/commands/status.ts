import type { Command } from "commander";
import { executionOf } from "../../aws/executions.js";
import { guardedAws, stepLine } from "../aws-support.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";

/** The options of `sagepipe status`, as commander parses them. */
export interface StatusCommandOptions {
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
  program
    .command("status")
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
  return guardedAws(io, async () => {
    const execution = executionOf(arn);
    const [described, steps] = await Promise.all([execution.describe(), execution.steps()]);
    const status = described.PipelineExecutionStatus ?? "Unknown";
    if (options.json === true) {
      io.stdout(`${JSON.stringify({ executionArn: arn, status, failureReason: described.FailureReason, steps }, null, 2)}\n`);
    } else {
      io.stdout(`${arn}: ${status}${described.FailureReason !== undefined ? ` — ${described.FailureReason}` : ""}\n${steps.map((s) => `${stepLine(s)}\n`).join("")}`);
    }
    return status === "Failed" || status === "Stopped" ? EXIT.no : EXIT.ok;
  });
}
