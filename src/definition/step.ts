import { z } from "zod";
import { AutoMLStep } from "./steps/automl-step.js";
import { BedrockCustomModelDeploymentStep } from "./steps/bedrock-custom-model-deployment-step.js";
import { BedrockCustomModelStep } from "./steps/bedrock-custom-model-step.js";
import { BedrockModelImportStep } from "./steps/bedrock-model-import-step.js";
import { BedrockProvisionedModelThroughputStep } from "./steps/bedrock-provisioned-model-throughput-step.js";
import { CallbackStep } from "./steps/callback-step.js";
import { ClarifyCheckStep } from "./steps/clarify-check-step.js";
import { ConditionStep } from "./steps/condition-step.js";
import { EMRServerlessStep } from "./steps/emr-serverless-step.js";
import { EMRStep } from "./steps/emr-step.js";
import { EndpointConfigStep } from "./steps/endpoint-config-step.js";
import { EndpointStep } from "./steps/endpoint-step.js";
import { FailStep } from "./steps/fail-step.js";
import { InferenceComponentStep } from "./steps/inference-component-step.js";
import { LambdaStep } from "./steps/lambda-step.js";
import { LineageStep } from "./steps/lineage-step.js";
import { ModelStep } from "./steps/model-step.js";
import { ProcessingStep } from "./steps/processing-step.js";
import { QualityCheckStep } from "./steps/quality-check-step.js";
import { RegisterModelStep } from "./steps/register-model-step.js";
import { TrainingStep } from "./steps/training-step.js";
import { TransformStep } from "./steps/transform-step.js";
import { TuningStep } from "./steps/tuning-step.js";
import type { StepType } from "./capabilities.js";

/** The schema of each step `Type`. */
export const STEP_SCHEMAS = {
  Processing: ProcessingStep,
  Training: TrainingStep,
  Transform: TransformStep,
  Tuning: TuningStep,
  Model: ModelStep,
  RegisterModel: RegisterModelStep,
  Condition: ConditionStep,
  Fail: FailStep,
  Lambda: LambdaStep,
  Callback: CallbackStep,
  QualityCheck: QualityCheckStep,
  ClarifyCheck: ClarifyCheckStep,
  EMR: EMRStep,
  EMRServerless: EMRServerlessStep,
  AutoML: AutoMLStep,
  EndpointConfig: EndpointConfigStep,
  Endpoint: EndpointStep,
  InferenceComponent: InferenceComponentStep,
  Lineage: LineageStep,
  BedrockCustomModel: BedrockCustomModelStep,
  BedrockCustomModelDeployment: BedrockCustomModelDeploymentStep,
  BedrockModelImport: BedrockModelImportStep,
  BedrockProvisionedModelThroughput: BedrockProvisionedModelThroughputStep,
} as const satisfies Record<StepType, z.ZodType>;

/** Any step of a pipeline definition, discriminated by `Type`. */
export type Step =
  | ConditionStep
  | z.infer<(typeof STEP_SCHEMAS)[Exclude<StepType, "Condition">]>;

export const Step: z.ZodType<Step> = z.lazy(() =>
  z.discriminatedUnion(
    "Type",
    Object.values(STEP_SCHEMAS) as unknown as [z.ZodObject, ...z.ZodObject[]],
  ),
) as unknown as z.ZodType<Step>;
