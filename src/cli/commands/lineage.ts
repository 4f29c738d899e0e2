import type { Command } from "commander";
import { executionOf } from "../../aws/executions.js";
import { formatRunRecord } from "../../runtime/format-record.js";
import type { RunRecord } from "../../runtime/run-record.js";
import { awsClients, readText, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";
import { CliFailure } from "../failure.js";

/** The options of `sagepipe lineage`, as commander parses them. */
export interface LineageCommandOptions extends AwsCommandOptions {
  readonly json?: boolean;
}

/**
 * Declares `sagepipe lineage <execution-arn|run.json>`.
 *
 * @example
 * ```ts
 * registerLineage(program, context) // sagepipe lineage .sagepipe/runs/01kab8ndr4u4/run.json
 * ```
 */
export function registerLineage(program: Command, context: CliContext): void {
  withAwsOptions(program.command("lineage"))
    .summary("what produced the run's model: parameters, jobs, data, code, metrics, decision, registry, deployment, commit")
    .description(
      "Print what produced an execution's model: parameters, jobs, data, code, metrics, the decision, the registered model, the deployment and the commit. A local run record (.sagepipe/runs/<id>/run.json) prints the same way.",
    )
    .argument("<execution>", "a pipeline execution's ARN, or a local run record (run.json)")
    .option("--json", "print the record as JSON")
    .action(context.action((target: string, options: LineageCommandOptions) => lineageCommand(target, options, context.io)));
}

/**
 * `sagepipe lineage <execution-arn|run.json> [--json]`: what produced an execution's model (see
 * `Execution.lineage`); a local run record (`.sagepipe/runs/<id>/run.json`) prints the same way.
 *
 * @example
 * ```ts
 * await lineageCommand(arn, { json: true }, io) // 0, the record as JSON
 * ```
 */
export async function lineageCommand(target: string, options: LineageCommandOptions, io: CliIo): Promise<number> {
  let record: RunRecord;
  if (target.startsWith("arn:")) {
    record = await executionOf(target, { clients: awsClients(options) }).lineage();
  } else {
    const text = await readText(target, io);
    try {
      record = JSON.parse(text) as RunRecord;
    } catch (error) {
      throw new CliFailure(EXIT.usage, "input-not-json", `${target} is not valid JSON: ${(error as Error).message}`);
    }
  }
  io.stdout(options.json === true ? `${JSON.stringify(record, null, 2)}\n` : formatRunRecord(record));
  return EXIT.ok;
}
