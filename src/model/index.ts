export {
  PipelineCondition,
  GetValue,
  JoinValue,
  JsonGetValue,
  PipelineValue,
  and,
  isPipelineValue,
  not,
  or,
  compare,
  type AnyValue,
  type Comparable,
  type ComparisonOperator,
  type PipelineScalar,
  type ValueKind,
  type ValueOf,
} from "./expressions.js";
export { execution, experimentConfig, join, jsonGet } from "./functions.js";
export type { PipelineNode, PlacedStep, StepPlacement } from "./pipeline-node.js";
export { stepProperties, type DeclaredNames, type Properties, type PropertyGet, type PropertyList, type PropertyMap, type StepPropertyShapes } from "./properties.js";
export { createStepNode, formatDuration, type Duration, type Raw, type RetryOptions, type StepNode, type StepOptions, type StepRef } from "./step-node.js";
