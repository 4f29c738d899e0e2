export { pipeline, type ParameterOptions, type PipelineBuilder } from "./pipeline-builder.js";
export type { ExactBuild, ExactOptions } from "./exact-options.js";
export { propertiesHandle, type PropertiesHandle } from "./handles.js";
export { propertyFile, type JsonAt, type JsonPaths, type PropertyFileOptions, type PropertyFileRef } from "./property-files.js";
export type {
  Build,
  BuildContext,
  EnumParameterType,
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
export {
  trainingStep,
  type ChannelOptions,
  type DebugCollectionOptions,
  type DebugHookOptions,
  type ProfilerOptions,
  type DeclaredMetricNames,
  type TrainingHandle,
  type TrainingProperties,
  type TrainingOptions,
} from "./steps/training.js";
export { callbackStep, type CallbackHandle, type CallbackOptions } from "./steps/callback.js";
export { DEPLOY_INPUTS, deployStep, type DeployOptions } from "./steps/deploy.js";
export { endpointConfigStep, type EndpointConfigHandle, type EndpointConfigOptions, type VariantOptions } from "./steps/endpoint-config.js";
export { endpointStep, type EndpointHandle, type EndpointOptions } from "./steps/endpoint.js";
export {
  inferenceComponentStep,
  type InferenceComponentComputeOptions,
  type InferenceComponentContainerOptions,
  type InferenceComponentHandle,
  type InferenceComponentOptions,
  type InferenceComponentStartupOptions,
} from "./steps/inference-component.js";
export {
  lineageStep,
  type LineageActionOptions,
  type LineageArns,
  type LineageArtifactOptions,
  type LineageArtifactSourceOptions,
  type LineageAssociationOptions,
  type LineageContextOptions,
  type LineageEntityNames,
  type LineageEntityOptions,
  type LineageHandle,
  type LineageMetadataOptions,
  type LineageOptions,
  type LineageProperties,
  type LineageSourceOptions,
} from "./steps/lineage.js";
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
export {
  modelStep,
  type ModelCommonOptions,
  type ModelContainerOptions,
  type ModelHandle,
  type ModelOptions,
  type ModelPackageModelOptions,
  type MultiContainerModelOptions,
  type SingleContainerModelOptions,
} from "./steps/model.js";
export {
  registerModelStep,
  type DriftCheckBaselinesOptions,
  type FileSourceOptions,
  type MetricsSourceOptions,
  type ModelMetricsOptions,
  type ModelPackageContainerOptions,
  type MultiContainerRegisterModelOptions,
  type RegisterModelCommonOptions,
  type RegisterModelHandle,
  type RegisterModelOptions,
  type SingleContainerRegisterModelOptions,
} from "./steps/register-model.js";
export { transformStep, type TransformHandle, type TransformInputOptions, type TransformOptions, type TransformOutputOptions } from "./steps/transform.js";
export {
  tuningStep,
  type HyperparameterRange,
  type HyperparameterRanges,
  type MultiAlgorithmTuningOptions,
  type RangeBound,
  type ScalingType,
  type SingleAlgorithmTuningOptions,
  type TopModelLocation,
  type TuningCommonOptions,
  type TuningDefinitionOptions,
  type TuningHandle,
  type TuningObjectiveOptions,
  type TuningOptions,
  type TuningTrainingOptions,
} from "./steps/tuning.js";
export {
  rawStep,
  type ApiRequest,
  type DefinitionValues,
  type OutputParameterDeclaration,
  type PropertyFileDeclaration,
  type RawOutputValues,
  type RawStepArguments,
  type RawStepHandle,
  type RawStepKeys,
  type RawStepOptions,
  type RawStepType,
} from "./steps/raw.js";
export {
  qualityCheckStep,
  type CheckJobOptions,
  type DataQualityCheckOptions,
  type DatasetFormat,
  type ModelQualityAttribute,
  type ModelQualityCheckOptions,
  type QualityCheckHandle,
  type QualityCheckOptions,
} from "./steps/quality-check.js";
export { clarifyCheckStep, type ClarifyCheckHandle, type ClarifyCheckOptions, type DataBiasCheckOptions, type ModelClarifyCheckOptions } from "./steps/clarify-check.js";
export {
  ClarifyAnalysisConfig,
  clarifyAnalysisConfig,
  type ClarifyAnalysisOptions,
  type ClarifyBiasConfig,
  type ClarifyDataConfig,
  type ClarifyModelConfig,
  type ClarifyPredictedLabelConfig,
  type ClarifyShapConfig,
  type DataBiasAnalysis,
  type ModelBiasAnalysis,
  type ModelExplainabilityAnalysis,
} from "./steps/clarify-analysis.js";
export { emrStep, type EMRClusterConfigOptions, type EMRClusterIdOptions, type EMRHandle, type EMROptions } from "./steps/emr.js";
export {
  emrServerlessStep,
  type EMRServerlessApplicationConfigOptions,
  type EMRServerlessApplicationIdOptions,
  type EMRServerlessHandle,
  type EMRServerlessOptions,
} from "./steps/emr-serverless.js";
export { autoMLStep, type AutoMLBestCandidate, type AutoMLBestCandidateEnvironment, type AutoMLHandle, type AutoMLOptions } from "./steps/automl.js";
export { frameworkProcessingStep, type FrameworkProcessingOptions } from "./steps/framework-processing.js";
export {
  frameworkTrainingStep,
  type CustomImageTrainingOptions,
  type DistributionsByFramework,
  type FrameworkDistribution,
  type FrameworkTrainingOptions,
  type JsonValue,
  type ScriptModeTrainingCommon,
} from "./steps/framework-training.js";
export type { DistributionOptions } from "./script-mode/distribution.js";
export type {
  FrameworkSpec,
  HuggingFaceFramework,
  MXNetFramework,
  PyTorchFramework,
  SKLearnFramework,
  ScriptModeFramework,
  TensorFlowFramework,
  XGBoostFramework,
} from "./script-mode/frameworks.js";
export {
  frameworkModelStep,
  registerFrameworkModelStep,
  type FrameworkModelOptions,
  type FrameworkModelSource,
  type RegisterFrameworkModelOptions,
  type RepackOptions,
  type StepCollection,
} from "./steps/framework-model.js";
