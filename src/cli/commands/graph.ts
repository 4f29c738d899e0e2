import { Option, type Command } from "commander";
import { GRAPH_FORMATS, renderGraph, type GraphFormat, type RenderOptions } from "../../graph/render.js";
import { isObject, type JsonObject } from "../../validate/step-index.js";
import { EXIT, type CliContext, type CliIo } from "../context.js";
import { CliFailure } from "../failure.js";
import { isPipelineModule } from "../load-pipeline.js";
import { compilePipelineFile, readJsonFile, refuseOutputOverInput, reportFailure, writeOutput } from "../pipeline-file.js";

/** The options of `sagepipe graph`, as commander parses them. */
export interface GraphCommandOptions {
  readonly format: GraphFormat;
  readonly output?: string;
}

/**
 * Declares `sagepipe graph <pipeline.ts|definition.json>`.
 *
 * @example
 * ```ts
 * registerGraph(program, context) // sagepipe graph pipeline.ts --format dot
 * ```
 */
export function registerGraph(program: Command, context: CliContext): void {
  program
    .command("graph")
    .summary("draw the steps and what orders them (Mermaid or Graphviz DOT)")
    .description("Draw the pipeline's steps and what orders them. A definition JSON file is drawn as it is, not validated.")
    .argument("<file>", "a pipeline module (.ts, .js, ...) or a definition JSON file")
    .addOption(new Option("--format <format>", "Mermaid (GitHub renders it in a ```mermaid block) or Graphviz DOT").choices(GRAPH_FORMATS).default("mermaid"))
    .option("-o, --output <file>", "write the graph to FILE instead of printing it")
    .action(context.action((file: string, options: GraphCommandOptions) => graphCommand(file, options, context.io)));
}

/**
 * `sagepipe graph <pipeline.ts|definition.json> [--format mermaid|dot] [-o file]`: the pipeline's
 * DAG as text. A pipeline module is compiled first (exit 1 with its issues when it does not compile);
 * a definition JSON file is drawn as it is, without validating it.
 *
 * @example
 * ```ts
 * await graphCommand("pipeline.ts", { format: "dot" }, io) // 0, io.stdout: digraph "Churn" { ...
 * ```
 */
export async function graphCommand(file: string, options: GraphCommandOptions, io: CliIo): Promise<number> {
  refuseOutputOverInput(io.cwd, file, options.output);
  let definition: JsonObject;
  let render: RenderOptions = {};
  if (isPipelineModule(file)) {
    // loose: the graph needs the references, not every API field this sagepipe knows
    const result = await compilePipelineFile(file, io.cwd, { arguments: "loose" });
    if (result.kind === "invalid") return reportFailure(file, result, io);
    definition = result.compiled.definition;
    render = { title: result.compiled.name };
  } else {
    const document = await readJsonFile(file, io);
    if (!isObject(document) || !Array.isArray(document.Steps)) throw new CliFailure(EXIT.no, "not-a-definition", `${file} is not a pipeline definition: it has no "Steps" list`);
    definition = document;
  }

  const text = renderGraph(definition, options.format, render);
  if (options.output === undefined) {
    io.stdout(text);
    return EXIT.ok;
  }
  await writeOutput(io.cwd, options.output, text);
  return EXIT.ok;
}
