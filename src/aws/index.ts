export { type AwsClientConfig, type AwsClients, type AwsSdkClient } from "./clients.js";
export {
  AwsOperationError,
  ExecutionFailedError,
  UpsertIncompleteError,
  isTransientAwsError,
  type AwsErrorCode,
  type AwsErrorDetails,
  type FailedStep,
  type UpsertProgress,
} from "./errors.js";
export {
  Execution,
  type ExecutionDescription,
  type ExecutionProgress,
  type RerunOptions,
  type WaitOptions,
  type WatchOptions,
} from "./execution.js";
export type {
  CallbackExecutionStep,
  CheckExecutionStep,
  ConditionExecutionStep,
  EMRExecutionStep,
  ExecutionStep,
  ExecutionStepBase,
  FailExecutionStep,
  JobExecutionStep,
  LambdaExecutionStep,
  OtherExecutionStep,
  ResourceExecutionStep,
} from "./execution-steps.js";
export {
  executionOf,
  listExecutions,
  sendCallbackFailure,
  sendCallbackSuccess,
  type CallbackAnswerOptions,
  type ExecutionSummary,
  type ListExecutionsOptions,
} from "./executions.js";
export { downstreamSteps, type StepSelection } from "./selection.js";
export { start, type StartByNameOptions, type StartOptions } from "./start.js";
export { CLIENT_REQUEST_TOKEN_LENGTH, deriveClientRequestToken, type ClientRequestTokenParts } from "./tokens.js";
export { DEFAULT_INLINE_LIMIT_BYTES, upsert, type UpsertOptions, type UpsertResult } from "./upsert.js";
export { diffDeployed, type DeployedDiff } from "./diff-deployed.js";
export { COMMIT_TAG } from "./lineage.js";
export { deploy, type PipelineDeployOptions, type PipelineDeployResult } from "./deploy.js";
