import { compile, type Compilable, type CompiledPipeline, type CompileOptions } from "../compile/compile.js";
import type { CodeAsset } from "../compile/assets.js";
import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import { validateDefinition } from "../validate/validate-definition.js";

/** What a local run or simulation accepts: a builder, a compiled pipeline, or a definition. */
export type RunTarget = Compilable | CompiledPipeline | PipelineDefinition;

/** A target made ready to run: compiled (or validated), with its name and local code assets. */
export interface ResolvedTarget {
  readonly name: string;
  readonly definition: PipelineDefinition;
  readonly assets: readonly CodeAsset[];
}

/** Compiles a builder, or validates a definition given as JSON, so a run never starts on a bad one. */
export function resolveTarget(target: RunTarget, name: string | undefined, compileOptions: CompileOptions = {}): ResolvedTarget {
  if ("toNode" in target) {
    const compiled = compile(target, compileOptions);
    return { name: compiled.name, definition: compiled.definition, assets: compiled.assets };
  }
  if ("definition" in target && "json" in target) return { name: target.name, definition: target.definition, assets: target.assets };
  const definition = validateDefinition(target, compileOptions.arguments !== undefined ? { arguments: compileOptions.arguments } : {});
  return { name: name ?? "LocalPipeline", definition, assets: [] };
}
