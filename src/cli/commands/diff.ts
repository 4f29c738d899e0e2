import type { Command } from "commander";
import { diffDeployed } from "../../aws/diff-deployed.js";
import { diffDefinitions } from "../../diff/diff-definitions.js";
import { formatDiff } from "../../diff/format-diff.js";
import { awsClients, compilePipelineFileOrThrow, readText, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";
import { isPipelineModule } from "../load-pipeline.js";
import { maxStepsOption } from "../options.js";

/** The options of `sagepipe diff`, as commander parses them. */
export interface DiffCommandOptions extends AwsCommandOptions {
  readonly maxSteps?: number;
  readonly json?: boolean;
}

/**
 * Declares `sagepipe diff <pipeline.ts> [other]`.
 *
 * @example
 * ```ts
 * registerDiff(program, context) // sagepipe diff pipeline.ts || [ $? -eq 1 ]
 * ```
 */
export function registerDiff(program: Command, context: CliContext): void {
  withAwsOptions(program.command("diff"))
    .summary("what an upsert would change in the deployed pipeline (or between two files)")
    .description(
      "Show what an upsert would change in the deployed pipeline, or the difference between two local files. Exit code 0 no change, 1 changes.",
    )
    .argument("<pipeline>", "the pipeline module (or a definition JSON file, with a second file)")
    .argument("[other]", "a second pipeline module or definition JSON file to compare with, instead of the deployed pipeline")
    .addOption(maxStepsOption())
    .option("--json", "print the diff as JSON")
    .action(context.action((file: string, other: string | undefined, options: DiffCommandOptions) => diffCommand(file, other, options, context.io)));
}

/**
 * `sagepipe diff <pipeline.ts> [other.json|other.ts]`: what an upsert would change in the deployed
 * pipeline, or the difference between two local pipelines. Exit 0 no change, 1 changes.
 *
 * @example
 * ```ts
 * await diffCommand("pipeline.ts", undefined, {}, io) // 1, and "~ step Train (Training) ..."
 * ```
 */
export async function diffCommand(file: string, other: string | undefined, options: DiffCommandOptions, io: CliIo): Promise<number> {
  let result: { readonly deployed: boolean; readonly diff: ReturnType<typeof diffDefinitions> };
  if (other === undefined) {
    result = await diffDeployed(await compilePipelineFileOrThrow(file, io, options), { clients: awsClients(options) });
  } else {
    const before = isPipelineModule(file) ? (await compilePipelineFileOrThrow(file, io, options)).definition : await readText(file, io);
    const after = isPipelineModule(other) ? (await compilePipelineFileOrThrow(other, io, options)).definition : await readText(other, io);
    result = { deployed: true, diff: diffDefinitions(before, after) };
  }
  if (options.json === true) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(`${result.deployed ? "" : "(not deployed yet: everything is new)\n"}${formatDiff(result.diff)}\n`);
  return result.diff.changed ? EXIT.no : EXIT.ok;
}
