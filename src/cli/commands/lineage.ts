import type { Command } from "commander";
import { executionOf } from "../../aws/executions.js";
import { formatRunRecord } from "../../runtime/format-record.js";
import { SagepipeError } from "../../errors.js";
import { parseRunRecord } from "../../runtime/read-run-record.js";
import type { RunRecord } from "../../runtime/run-record.js";
import { awsClients, readText, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";
import { CliFailure } from "../failure.js";
import { inputName } from "../pipeline-file.js";

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
    .argument("<execution>", "a pipeline execution's ARN, or a local run record (run.json; - reads it from stdin)")
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
    try {
      record = parseRunRecord(await readText(target, io), inputName(target));
    } catch (error) {
      // a file that is not a run record is an input error (exit 2), said in one line with where
      if (error instanceof SagepipeError && error.code === "run-record-unreadable") throw new CliFailure(EXIT.usage, error.code, error.message);
      throw error;
    }
  }
  io.stdout(options.json === true ? `${JSON.stringify(record, null, 2)}\n` : formatRunRecord(record));
  return EXIT.ok;
}
