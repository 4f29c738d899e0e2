export { pipeline, type ParameterOptions, type PipelineBuilder } from "./pipeline-builder.js";
export { propertiesHandle, type PropertiesHandle } from "./handles.js";
export { propertyFile, type JsonAt, type JsonPaths, type PropertyFileOptions, type PropertyFileRef } from "./property-files.js";
export type {
  Build,
  BuildContext,
  ParameterMap,
  ParameterValueType,
  ParameterValues,
  StepDefinition,
  StepHandle,
  StepMap,
} from "./step-definition.js";
export { failStep } from "./steps/fail.js";
export {
  processingStep,
  type ProcessingHandle,
  type ProcessingInputOptions,
  type ProcessingOptions,
  type ProcessingOutputOptions,
} from "./steps/processing.js";
export { trainingStep, type ChannelOptions, type TrainingHandle, type TrainingOptions } from "./steps/training.js";
export { callbackStep, type CallbackHandle, type CallbackOptions } from "./steps/callback.js";
export { DEPLOY_INPUTS, deployStep, type DeployOptions } from "./steps/deploy.js";
export { endpointConfigStep, type EndpointConfigHandle, type EndpointConfigOptions, type VariantOptions } from "./steps/endpoint-config.js";
export { endpointStep, type EndpointHandle, type EndpointOptions } from "./steps/endpoint.js";
export {
  lambdaStep,
  type LambdaHandle,
  type LambdaOptions,
  type OutputDeclarations,
  type OutputParameterType,
  type OutputValueType,
  type OutputValues,
  type StepInputValue,
  type StepInputs,
} from "./steps/lambda.js";
