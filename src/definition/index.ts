export { STEP_CAPABILITIES, STEP_TYPES, type StepType } from "./capabilities.js";
export {
  CacheConfig,
  ISO_8601_DURATION,
  OutputParameter,
  PropertyFile,
  RETRY_EXCEPTION_TYPES,
  RetryPolicy,
  StepName,
} from "./common.js";
export {
  COMPARISON_TYPES,
  Condition,
  ConditionValue,
  type ComparisonCondition,
  type ComparisonType,
  type InCondition,
  type NotCondition,
  type OrCondition,
} from "./conditions.js";
export {
  EXECUTION_VARIABLES,
  Expression,
  GetExpression,
  JoinExpression,
  JsonGetExpression,
  Primitive,
  isExpression,
  type ExecutionVariableName,
  type SlotKind,
} from "./expressions.js";
export { Parameter, type ParameterType } from "./parameters.js";
export {
  DEFINITION_VERSION,
  MlflowConfig,
  PipelineDefinition,
  PipelineExperimentConfig,
} from "./pipeline-definition.js";
export { STEP_SCHEMAS, Step } from "./step.js";
export * from "./steps/index.js";
