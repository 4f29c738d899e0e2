export { localCode, type CodeAsset } from "./assets.js";
export { CompileError, DEFAULT_EXPERIMENT_CONFIG, compile, type Compilable, type CompileOptions, type CompiledPipeline } from "./compile.js";
