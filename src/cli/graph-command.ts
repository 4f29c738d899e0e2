import { GRAPH_FORMATS, renderGraph, type GraphFormat, type RenderOptions } from "../graph/render.js";
import { isObject, type JsonObject } from "../validate/step-index.js";
import { compilePipelineFile, reportFailure, writeOutput } from "./compile-command.js";
import { isPipelineModule } from "./load-pipeline.js";
import { UsageError, type CliIo } from "./run.js";
import { readJsonFile } from "./validate-command.js";

interface GraphArgs {
  readonly values: { format?: string; output?: string };
  readonly positionals: string[];
}

/**
 * `sagepipe graph <pipeline.ts|definition.json> [--format mermaid|dot] [-o file]`: the pipeline's
 * DAG as text. A pipeline module is compiled first (exit 1 with its issues when it does not compile);
 * a definition JSON file is drawn as it is, without validating it.
 *
 * @example
 * ```ts
 * await graphCommand({ values: { format: "dot" }, positionals: ["pipeline.ts"] }, io) // 0, io.stdout: digraph "Churn" { ...
 * ```
 */
export async function graphCommand({ values, positionals }: GraphArgs, io: CliIo): Promise<number> {
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError("graph needs a pipeline or definition file: sagepipe graph <pipeline.ts|definition.json>");
  if (extra.length > 0) throw new UsageError(`graph takes one file, got ${positionals.length}`);
  const format = values.format ?? "mermaid";
  if (!isGraphFormat(format)) throw new UsageError(`--format must be ${GRAPH_FORMATS.join(" or ")}, got "${format}"`);

  let definition: JsonObject;
  let options: RenderOptions = {};
  if (isPipelineModule(file)) {
    // loose: the graph needs the references, not every API field this sagepipe knows
    const result = await compilePipelineFile(file, io.cwd, { arguments: "loose" });
    if (result.kind !== "compiled") return reportFailure(file, result, io);
    definition = result.compiled.definition;
    options = { title: result.compiled.name };
  } else {
    const read = await readJsonFile(file, io);
    if (read.kind === "failed") return read.exitCode;
    if (!isObject(read.document) || !Array.isArray(read.document.Steps)) {
      io.stderr(`sagepipe: ${file} is not a pipeline definition: it has no "Steps" list\n`);
      return 1;
    }
    definition = read.document;
  }

  const text = renderGraph(definition, format, options);
  if (values.output === undefined) {
    io.stdout(text);
    return 0;
  }
  const failure = await writeOutput(io.cwd, values.output, text);
  if (failure !== undefined) {
    io.stderr(`sagepipe: ${failure}\n`);
    return 2;
  }
  return 0;
}

function isGraphFormat(value: string): value is GraphFormat {
  return (GRAPH_FORMATS as readonly string[]).includes(value);
}
