import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, extname, resolve } from "node:path";
import type { Command } from "commander";
import { ImportError, importDefinition, type ImportResult } from "../../import/import-definition.js";
import { importDeployedPipeline } from "../../import/deployed.js";
import { awsClients, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, UsageError, type CliContext, type CliIo } from "../context.js";
import { maxStepsOption, positiveInteger } from "../options.js";
import { inputName, jsonFailure, readFailure, readInputText, refuseOutputOverInput } from "../pipeline-file.js";

/** The options of `sagepipe import`, as commander parses them. */
export interface ImportCommandOptions extends AwsCommandOptions {
  readonly pipeline?: string;
  readonly pipelineVersion?: number;
  readonly output?: string;
  readonly name?: string;
  readonly maxSteps?: number;
}

/**
 * Declares `sagepipe import <definition.json | -> [-o pipeline.ts]` and `sagepipe import --pipeline <name|ARN>`.
 *
 * @example
 * ```ts
 * registerImport(program, context) // sagepipe import definition.json -o pipeline.ts
 * ```
 */
export function registerImport(program: Command, context: CliContext): void {
  const command = program
    .command("import")
    .summary("turn a pipeline definition (a file, stdin, or a deployed pipeline) into a sagepipe pipeline module")
    .description(
      "Turn a SageMaker pipeline definition (from the Python SDK, Studio, or a deployed pipeline) into a typed sagepipe pipeline module that compiles back to the same definition.",
    )
    .argument("[definition]", "a definition JSON file, or - to read it from stdin")
    .option("--pipeline <name|arn>", "import the deployed pipeline (DescribePipeline) instead of a file")
    // --pipeline-version: --version is sagepipe's own version, on every command
    .option("--pipeline-version <N>", "with --pipeline: this pipeline version (PipelineVersionId) instead of the latest", positiveInteger)
    .option("-o, --output <file>", "write the module to FILE (nothing is written when the import fails) instead of printing it")
    .option("--name <name>", "the pipeline's name (default: the file's name, or the deployed pipeline's)")
    .addOption(maxStepsOption());
  // --region, --profile, --request-timeout: for --pipeline (DescribePipeline)
  withAwsOptions(command).action(context.action((file: string | undefined, options: ImportCommandOptions) => importCommand(file, options, context.io)));
}

const PIPELINE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;

/** A pipeline name from a file name: `churn_definition.json` → `churn-definition`. */
function nameFromFile(file: string): string | undefined {
  const stem = basename(file, extname(file))
    .replace(/[^A-Za-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return PIPELINE_NAME.test(stem) ? stem : undefined;
}


/** Writes `text` to `file` whole or not at all: a temporary file next to it, then renamed over it. */
async function writeWhole(cwd: string, file: string, text: string): Promise<string | undefined> {
  const path = resolve(cwd, file);
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, text);
    await rename(temporary, path);
    return undefined;
  } catch (error) {
    await rm(temporary, { force: true });
    return `cannot write ${file}: ${(error as Error).message}`;
  }
}

/** What the import said about the module: its steps, the raw ones, how to compile it, the differences. */
function summary(result: ImportResult, where: string): string {
  const raw = result.rawSteps.length === 0 ? "" : `, ${result.rawSteps.length} written with rawStep (${result.rawSteps.join(", ")})`;
  const lines = [`${result.name}: ${where} (${result.steps} step${result.steps === 1 ? "" : "s"}${raw})`];
  if (result.loose) lines.push("  some step's Arguments are not a request SageMaker takes: compile it with --loose");
  for (const difference of result.differences) lines.push(`  differs from the input on purpose: ${difference}`);
  return `${lines.join("\n")}\n`;
}

/**
 * `sagepipe import <definition.json | -> [-o pipeline.ts]` or `--pipeline <name|ARN> [--pipeline-version N]`:
 * prints (or writes) the pipeline module. Exit 0 imported; 1 the definition is invalid or holds what
 * the builder cannot express (every issue with its JSON path; nothing is written); 2 unreadable or
 * not JSON, or a usage error; 3 an AWS call failed (`--pipeline`).
 *
 * @example
 * ```ts
 * await importCommand("definition.json", { output: "pipeline.ts" }, io) // 0; io.stdout: definition: wrote pipeline.ts (7 steps)
 * ```
 */
export async function importCommand(file: string | undefined, options: ImportCommandOptions, io: CliIo): Promise<number> {
  if ((file === undefined) === (options.pipeline === undefined)) {
    throw new UsageError(file === undefined ? "give a definition file (or - for stdin), or --pipeline <name|ARN>" : "give a definition file or --pipeline, not both");
  }
  if (options.pipelineVersion !== undefined && options.pipeline === undefined) {
    throw new UsageError("--pipeline-version goes with --pipeline (a version of the deployed pipeline)");
  }
  if (options.name !== undefined && !PIPELINE_NAME.test(options.name)) {
    throw new UsageError(`--name "${options.name}" is not a pipeline name: 1–256 letters, digits and hyphens`);
  }
  refuseOutputOverInput(io.cwd, file, options.output);
  const quotas = options.maxSteps === undefined ? {} : { quotas: { maxSteps: options.maxSteps } };
  const name = options.name === undefined ? {} : { name: options.name };

  let result: ImportResult;
  try {
    if (options.pipeline !== undefined) {
      // an AWS failure (exit 3) is reported by the CLI's error handling
      result = await importDeployedPipeline(options.pipeline, {
        ...name,
        ...quotas,
        ...(options.pipelineVersion === undefined ? {} : { version: options.pipelineVersion }),
        clients: awsClients(options),
      });
    } else {
      const source = file as string;
      let text: string;
      try {
        text = await readInputText(source, io);
      } catch (error) {
        io.stderr(`sagepipe: cannot read ${inputName(source)}: ${readFailure(error)}\n`);
        return EXIT.usage;
      }
      let definition: unknown;
      try {
        definition = JSON.parse(text);
      } catch (error) {
        io.stderr(`sagepipe: ${inputName(source)} is not valid JSON: ${jsonFailure(error)}\n`);
        return EXIT.usage;
      }
      const fromFile = source === "-" ? undefined : nameFromFile(source);
      result = importDefinition(definition, {
        ...quotas,
        ...(options.name !== undefined ? name : fromFile === undefined ? {} : { name: fromFile }),
        source: source === "-" ? "stdin" : basename(source),
      });
    }
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    const count = error.issues.length;
    io.stderr(`sagepipe: ${error.message.split("\n")[0]?.replace(/:$/, "")}${count === 0 ? "" : ` (${count} issue${count === 1 ? "" : "s"})`}\n`);
    for (const issue of error.issues) io.stderr(`  ${issue.jsonPath}${issue.code === undefined ? "" : ` [${issue.code}]`}: ${issue.message}\n`);
    return EXIT.no;
  }

  if (options.output === undefined) {
    io.stdout(result.code);
    io.stderr(summary(result, "imported"));
    return EXIT.ok;
  }
  const failure = await writeWhole(io.cwd, options.output, result.code);
  if (failure !== undefined) {
    io.stderr(`sagepipe: ${failure}\n`);
    return EXIT.usage;
  }
  io.stdout(summary(result, `wrote ${options.output}`));
  return EXIT.ok;
}
