export { localDeployHandler } from "./deploy-handler.js";
export { LocalRunError, LocalStepError, type LocalRunErrorCode } from "./errors.js";
export { LocalObjectStore } from "./object-store.js";
export { listLocalModelVersions, type LocalModelVersion } from "./registry.js";
export type { LocalIsolationRequest } from "./isolation.js";
export { LOCAL_STEP_TYPES, runLocal, type RunLocalOptions } from "./run-local.js";
export { simulate, type SimulateOptions, type SimulationResult } from "./simulate.js";
export type { LocalCallbackHandler, LocalHandlerContext, LocalLambdaHandler } from "./steps/context.js";
export type { StepOutcome } from "./stub.js";
