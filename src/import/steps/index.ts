import { liftAutoML } from "./automl.js";
import { liftCallback } from "./callback.js";
import { liftClarifyCheck } from "./clarify-check.js";
import { liftEMR } from "./emr.js";
import { liftEMRServerless } from "./emr-serverless.js";
import { liftEndpoint } from "./endpoint.js";
import { liftEndpointConfig } from "./endpoint-config.js";
import { liftInferenceComponent } from "./inference-component.js";
import { liftLambda } from "./lambda.js";
import { liftLineage } from "./lineage.js";
import { liftModel } from "./model.js";
import { liftProcessing } from "./processing.js";
import { liftQualityCheck } from "./quality-check.js";
import { liftRegisterModel } from "./register-model.js";
import type { Lifter } from "./shared.js";
import { liftTraining } from "./training.js";
import { liftTransform } from "./transform.js";
import { liftTuning } from "./tuning.js";

/** The lifter of each step type with a high-level builder method. */
export const LIFTERS: Readonly<Partial<Record<string, Lifter>>> = {
  Processing: liftProcessing,
  Training: liftTraining,
  Tuning: liftTuning,
  Model: liftModel,
  RegisterModel: liftRegisterModel,
  Transform: liftTransform,
  Lambda: liftLambda,
  Callback: liftCallback,
  EMR: liftEMR,
  EMRServerless: liftEMRServerless,
  QualityCheck: liftQualityCheck,
  ClarifyCheck: liftClarifyCheck,
  AutoML: liftAutoML,
  EndpointConfig: liftEndpointConfig,
  Endpoint: liftEndpoint,
  InferenceComponent: liftInferenceComponent,
  Lineage: liftLineage,
};
