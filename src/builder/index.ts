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
