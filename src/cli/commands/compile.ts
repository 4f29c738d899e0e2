import { Option, type Command } from "commander";
import { compilePipelineFile, refuseOutputOverInput, reportFailure, writeOutput } from "../pipeline-file.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";
import { maxStepsOption } from "../options.js";
import { typecheckPipelineFile } from "../typecheck.js";

/** The options of `sagepipe compile`, as commander parses them. */
export interface CompileCommandOptions {
  readonly output?: string;
  readonly compact?: boolean;
  readonly pretty?: boolean;
  readonly baseDir?: string;
  readonly loose?: boolean;
  readonly maxSteps?: number;
  readonly typecheck?: boolean;
}

/**
 * Declares `sagepipe compile <pipeline>`.
 *
 * @example
 * ```ts
 * registerCompile(program, context) // sagepipe compile examples/churn/pipeline.ts -o churn.json
 * ```
 */
export function registerCompile(program: Command, context: CliContext): void {
  program
    .command("compile")
    .summary("compile a pipeline module (its default export) to the definition JSON")
    .description("Compile a pipeline module (its default export) to the definition JSON that CreatePipeline receives.")
    .argument("<pipeline>", "the pipeline module (.ts, .mts, .js, .mjs, ...)")
    .option("-o, --output <file>", "write the definition to FILE instead of printing it, and list the local code to upload")
    .addOption(new Option("--compact", "the exact compact JSON CreatePipeline receives").conflicts("pretty"))
    .option("--pretty", "indented JSON (the default)")
    .option("--base-dir <dir>", "where local code paths are read from (default: the pipeline file's directory)")
    .option("--loose", "accept any object as step Arguments (check references and types only)")
    .addOption(maxStepsOption())
    .option("--typecheck", "type-check the pipeline file first, with your project's TypeScript and tsconfig.json (loading it only strips the types)")
    .action(context.action((file: string, options: CompileCommandOptions) => compileCommand(file, options, context.io)));
}

/**
 * `sagepipe compile <pipeline.ts> [-o out.json] [--compact]`: prints (or writes) the definition JSON.
 * Exit 0 compiled, 1 the pipeline is invalid (every issue printed to stderr), 2 unreadable or usage.
 *
 * @example
 * ```ts
 * await compileCommand("pipeline.ts", { output: "definition.json" }, io)
 * // 0, and io.stdout: ChurnPipeline: wrote definition.json (4 top-level steps, 3 local code assets to upload) ...
 * ```
 */
export async function compileCommand(file: string, options: CompileCommandOptions, io: CliIo): Promise<number> {
  refuseOutputOverInput(io.cwd, file, options.output);
  if (options.typecheck === true) typecheckPipelineFile(file, io.cwd);
  const result = await compilePipelineFile(file, io.cwd, {
    ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
    ...(options.loose === true ? { arguments: "loose" as const } : {}),
    ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
  });
  if (result.kind === "invalid") return reportFailure(file, result, io);

  const { compiled } = result;
  const pretty = `${JSON.stringify(compiled.definition, null, 2)}\n`;
  if (options.output === undefined) {
    io.stdout(options.compact === true ? `${compiled.json}\n` : pretty);
    return EXIT.ok;
  }
  // --compact writes the exact bytes of the definition (what CreatePipeline receives), no newline
  await writeOutput(io.cwd, options.output, options.compact === true ? compiled.json : pretty);
  const steps = compiled.definition.Steps.length;
  const assets = compiled.assets.length;
  const summary = `${compiled.name}: wrote ${options.output} (${steps} top-level step${steps === 1 ? "" : "s"}${assets === 0 ? "" : `, ${assets} local code asset${assets === 1 ? "" : "s"} to upload`})\n`;
  io.stdout(summary + compiled.assets.map((asset) => `  ${asset.localPath} → ${asset.s3Uri}\n`).join(""));
  return EXIT.ok;
}
