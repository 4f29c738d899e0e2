export { ParameterError, parameterValueText, resolveParameterValues, type ParameterArguments, type ParameterInputForm, type ParameterValue } from "./parameters.js";
export type { ConditionDecision, ConditionEvaluation } from "./conditions.js";
export type { DataLocation, LocalIsolation, LocalIsolationMode, RegisteredModel, RunEvent, RunRecord, RunStatus, SourceVersion, StepRecord, StepStatus } from "./run-record.js";
export { formatRunRecord } from "./format-record.js";
