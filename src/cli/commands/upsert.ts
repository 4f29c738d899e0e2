import type { Command } from "commander";
import { upsert } from "../../aws/upsert.js";
import { awsClients, compilePipelineFileOrThrow, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";
import { collectKeyValue, keyValues, maxStepsOption } from "../options.js";

/** The options of `sagepipe upsert`, as commander parses them. */
export interface UpsertCommandOptions extends AwsCommandOptions {
  readonly roleArn: string;
  readonly description?: string;
  readonly displayName?: string;
  readonly tag?: readonly string[];
  readonly maxSteps?: number;
  readonly json?: boolean;
}

/**
 * Declares `sagepipe upsert <pipeline.ts> --role-arn ARN`.
 *
 * @example
 * ```ts
 * registerUpsert(program, context) // sagepipe upsert pipeline.ts --role-arn "$ROLE" --tag team=ml
 * ```
 */
export function registerUpsert(program: Command, context: CliContext): void {
  withAwsOptions(program.command("upsert"))
    .summary("upload missing code assets, create or update the pipeline (no write if unchanged)")
    .description("Upload the code assets missing from S3, then create or update the pipeline; nothing is written when it is unchanged.")
    .argument("<pipeline>", "the pipeline module (.ts, .js, ...)")
    .requiredOption("--role-arn <arn>", "the IAM role SageMaker assumes to run the pipeline")
    .option("--description <text>", "the pipeline's description")
    .option("--display-name <name>", "the pipeline's display name")
    .option("--tag <KEY=VALUE>", "a tag for the pipeline (repeatable)", collectKeyValue)
    .addOption(maxStepsOption())
    .option("--json", "print the result as JSON")
    .action(context.action((file: string, options: UpsertCommandOptions) => upsertCommand(file, options, context.io)));
}

/**
 * `sagepipe upsert <pipeline.ts> --role-arn ARN [--description D] [--tag K=V]... [--json]`: uploads
 * missing code assets and creates or updates the pipeline (nothing is written when it is unchanged).
 *
 * @example
 * ```ts
 * await upsertCommand("pipeline.ts", { roleArn: role }, io) // 0: "ChurnPipeline: created ..."
 * ```
 */
export async function upsertCommand(file: string, options: UpsertCommandOptions, io: CliIo): Promise<number> {
  const tags = keyValues(options.tag, "--tag");
  const compiled = await compilePipelineFileOrThrow(file, io, options);
  const result = await upsert(compiled, {
    roleArn: options.roleArn,
    clients: awsClients(options),
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
  });
  if (options.json === true) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const version = result.version !== undefined ? ` (version ${result.version})` : "";
    io.stdout(
      `${result.pipelineName}: ${result.status}${version}\n  ${result.pipelineArn}\n` +
        `  code assets: ${result.assets.uploaded.length} uploaded, ${result.assets.skipped.length} already in S3\n`,
    );
  }
  return EXIT.ok;
}
