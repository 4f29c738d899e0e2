import type { Command } from "commander";
import { listExecutions } from "../../aws/executions.js";
import { awsClients, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";
import { positiveInteger } from "../options.js";

/** The options of `sagepipe executions`, as commander parses them. */
export interface ExecutionsCommandOptions extends AwsCommandOptions {
  readonly maxResults?: number;
  readonly json?: boolean;
}

/**
 * Declares `sagepipe executions <name>`.
 *
 * @example
 * ```ts
 * registerExecutions(program, context) // sagepipe executions ChurnPipeline --max-results 10
 * ```
 */
export function registerExecutions(program: Command, context: CliContext): void {
  withAwsOptions(program.command("executions"))
    .summary("the pipeline's executions, newest first")
    .description("List the pipeline's executions, newest first.")
    .argument("<name>", "the deployed pipeline's name")
    .option("--max-results <N>", "at most N executions", positiveInteger)
    .option("--json", "print the executions as JSON")
    .action(context.action((name: string, options: ExecutionsCommandOptions) => executionsCommand(name, options, context.io)));
}

/**
 * `sagepipe executions <name> [--max-results N] [--json]`: the pipeline's executions, newest first.
 *
 * @example
 * ```ts
 * await executionsCommand("ChurnPipeline", { maxResults: 5 }, io)
 * ```
 */
export async function executionsCommand(name: string, options: ExecutionsCommandOptions, io: CliIo): Promise<number> {
  const executions = await listExecutions(name, { clients: awsClients(options), ...(options.maxResults !== undefined ? { maxResults: options.maxResults } : {}) });
  if (options.json === true) {
    io.stdout(`${JSON.stringify(executions.map(({ execution: _, ...summary }) => summary), null, 2)}\n`);
  } else {
    io.stdout(executions.map((e) => `${e.startTime?.toISOString() ?? "-"}  ${(e.status ?? "").padEnd(9)}  ${e.arn}${e.failureReason !== undefined ? `  ${e.failureReason}` : ""}\n`).join("") || "no executions\n");
  }
  return EXIT.ok;
}
