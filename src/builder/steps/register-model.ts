import type { CreateModelPackageInput } from "../../aws/sagemaker-shapes.js";
import { SagepipeError } from "../../errors.js";
import { GetValue, type PipelineScalar, type PipelineValue } from "../../model/expressions.js";
import { createStepNode, type Raw, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, optionShape, type KeysOf, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { deepMerge, stepOptionShape, stringMap } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** A container of a model package: the image and the model artifact it serves. */
export interface ModelPackageContainerOptions {
  /** The inference image URI. */
  readonly image: Value<string>;
  /** The model artifact (`model.tar.gz`) in S3, e.g. `steps.Train.modelArtifacts`. */
  readonly modelData?: Value<string>;
  /** Environment variables; non-string values are converted as the Python SDK does. */
  readonly environment?: { readonly [name: string]: Value<PipelineScalar> };
  /** The machine learning framework of the image, e.g. `"XGBOOST"`, for Inference Recommender. */
  readonly framework?: Value<string>;
  /** The framework version, e.g. `"1.7"`. */
  readonly frameworkVersion?: Value<string>;
  /** The name of a pre-trained model similar to this one, e.g. `"resnet50"`. */
  readonly nearestModelName?: Value<string>;
  /** The model's input shape, as JSON text (`ModelInput.DataInputConfig`), e.g. `'{"input_1":[1,224,224,3]}'`. */
  readonly dataInputConfig?: Value<string>;
}

/** A report in S3 (`MetricsSource`): what `modelMetrics` and `driftCheckBaselines` point to. */
export interface MetricsSourceOptions {
  /** The report's S3 URI, e.g. `join([steps.Evaluate.outputs.evaluation, "evaluation.json"], "/")`. */
  readonly s3Uri: Value<string>;
  /** @default "application/json" */
  readonly contentType?: Value<string>;
  /** The report's SHA-256 digest (`sha256:<hex>`). */
  readonly contentDigest?: Value<string>;
}

/** A configuration file in S3 (`FileSource`). */
export interface FileSourceOptions {
  readonly s3Uri: Value<string>;
  readonly contentType?: Value<string>;
  readonly contentDigest?: Value<string>;
}

/** The model's quality, bias and explainability reports (the Python SDK's `ModelMetrics`). */
export interface ModelMetricsOptions {
  /** `ModelQuality.Statistics`: e.g. the evaluation step's report. */
  readonly modelStatistics?: MetricsSourceOptions;
  /** `ModelQuality.Constraints`. */
  readonly modelConstraints?: MetricsSourceOptions;
  /** `ModelDataQuality.Statistics`. */
  readonly modelDataStatistics?: MetricsSourceOptions;
  /** `ModelDataQuality.Constraints`. */
  readonly modelDataConstraints?: MetricsSourceOptions;
  /** `Bias.Report`. */
  readonly bias?: MetricsSourceOptions;
  /** `Bias.PreTrainingReport`. */
  readonly biasPreTraining?: MetricsSourceOptions;
  /** `Bias.PostTrainingReport`. */
  readonly biasPostTraining?: MetricsSourceOptions;
  /** `Explainability.Report`. */
  readonly explainability?: MetricsSourceOptions;
}

/** The baselines Model Monitor checks drift against (the Python SDK's `DriftCheckBaselines`). */
export interface DriftCheckBaselinesOptions {
  readonly modelStatistics?: MetricsSourceOptions;
  readonly modelConstraints?: MetricsSourceOptions;
  readonly modelDataStatistics?: MetricsSourceOptions;
  readonly modelDataConstraints?: MetricsSourceOptions;
  readonly biasConfigFile?: FileSourceOptions;
  readonly biasPreTrainingConstraints?: MetricsSourceOptions;
  readonly biasPostTrainingConstraints?: MetricsSourceOptions;
  readonly explainabilityConstraints?: MetricsSourceOptions;
  readonly explainabilityConfigFile?: FileSourceOptions;
}

/** Options every RegisterModel step takes, whatever its containers. */
export interface RegisterModelCommonOptions extends StepOptions {
  /** The model package group (name or ARN) the new version joins. */
  readonly modelPackageGroup: Value<string>;
  /** Input MIME types the model accepts, e.g. `["text/csv"]`. */
  readonly contentTypes?: readonly Value<string>[];
  /** Output MIME types the model returns. */
  readonly responseTypes?: readonly Value<string>[];
  /** Instance types for real-time endpoints, e.g. `["ml.m5.large"]`. */
  readonly inferenceInstances?: readonly Value<string>[];
  /** Instance types for batch transform. */
  readonly transformInstances?: readonly Value<string>[];
  /**
   * `Approved`, `Rejected` or `PendingManualApproval`, or a String parameter's value.
   * @default "PendingManualApproval", as the Python SDK
   */
  readonly approvalStatus?: "Approved" | "Rejected" | "PendingManualApproval" | PipelineValue<string>;
  /**
   * The model package's description (`ModelPackageDescription`).
   * @default the step's `description`, as the Python SDK's `RegisterModel`
   */
  readonly packageDescription?: Value<string>;
  /** Quality, bias and explainability reports, e.g. `{ modelStatistics: { s3Uri: join([steps.Evaluate.outputs.evaluation, "evaluation.json"], "/") } }`. */
  readonly modelMetrics?: ModelMetricsOptions;
  /** Baselines for drift checks. */
  readonly driftCheckBaselines?: DriftCheckBaselinesOptions;
  /** Your metadata on the version: key → value (`CustomerMetadataProperties`). */
  readonly customerMetadata?: { readonly [key: string]: Value<string> };
  /** e.g. `"MACHINE_LEARNING"`, `"COMPUTER_VISION"`. */
  readonly domain?: Value<string>;
  /** e.g. `"CLASSIFICATION"`, `"REGRESSION"`, `"IMAGE_CLASSIFICATION"`. */
  readonly task?: Value<string>;
  /** The S3 URI of a sample payload archive, for Inference Recommender. */
  readonly samplePayloadUrl?: Value<string>;
  /** `"All"` skips the validation of the package's containers. @default "None", as the Python SDK */
  readonly skipModelValidation?: "All" | "None";
  /** Resource tags: key → value. */
  readonly tags?: { readonly [key: string]: Value<string> };
  /**
   * Any other field of the `CreateModelPackage` request, merged over what the options produce
   * (`ModelPackageName` and `CertifyForMarketplace` are not accepted by SageMaker Pipelines).
   */
  readonly raw?: Raw<Omit<CreateModelPackageInput, "ModelPackageName" | "CertifyForMarketplace">>;
  /** RegisterModel steps are not cached by SageMaker Pipelines. */
  readonly cache?: never;
}

/** A model package with one container. */
export interface SingleContainerRegisterModelOptions extends RegisterModelCommonOptions, ModelPackageContainerOptions {
  readonly containers?: never;
}

/** A model package of several containers (an inference pipeline). */
export interface MultiContainerRegisterModelOptions extends RegisterModelCommonOptions {
  /** The containers, in the order a request goes through them (1–15). */
  readonly containers: readonly ModelPackageContainerOptions[];
  readonly image?: never;
  readonly modelData?: never;
  readonly environment?: never;
  readonly framework?: never;
  readonly frameworkVersion?: never;
  readonly nearestModelName?: never;
  readonly dataInputConfig?: never;
}

/** What a RegisterModel step registers: one container (`image`, `modelData`) or several (`containers`). */
export type RegisterModelOptions = SingleContainerRegisterModelOptions | MultiContainerRegisterModelOptions;

/** The handle of a RegisterModel step: the new version's ARN, its properties. */
export interface RegisterModelHandle<N extends string> extends PropertiesHandle<N, "RegisterModel"> {
  /** `{"Get": "Steps.<name>.ModelPackageArn"}`: the registered version, for a deploy step. */
  readonly modelPackageArn: PipelineValue<string>;
}

const APPROVAL_STATUSES = new Set(["Approved", "Rejected", "PendingManualApproval"]);

/** The keys of a model package container: a `containers` entry's, and the step's own for its one container. */
const CONTAINER_KEYS = {
  image: true,
  modelData: true,
  environment: "map",
  framework: true,
  frameworkVersion: true,
  nearestModelName: true,
  dataInputConfig: true,
} as const satisfies { readonly [K in KeysOf<ModelPackageContainerOptions>]-?: true | "list" | "map" };
const CONTAINER = optionShape<ModelPackageContainerOptions>(CONTAINER_KEYS);
const METRICS_SOURCE = { object: optionShape<MetricsSourceOptions>({ s3Uri: true, contentType: true, contentDigest: true }) };
const FILE_SOURCE = { object: optionShape<FileSourceOptions>({ s3Uri: true, contentType: true, contentDigest: true }) };
const MODEL_METRICS = optionShape<ModelMetricsOptions>(
  {
    modelStatistics: true,
    modelConstraints: true,
    modelDataStatistics: true,
    modelDataConstraints: true,
    bias: true,
    biasPreTraining: true,
    biasPostTraining: true,
    explainability: true,
  },
  {
    modelStatistics: METRICS_SOURCE,
    modelConstraints: METRICS_SOURCE,
    modelDataStatistics: METRICS_SOURCE,
    modelDataConstraints: METRICS_SOURCE,
    bias: METRICS_SOURCE,
    biasPreTraining: METRICS_SOURCE,
    biasPostTraining: METRICS_SOURCE,
    explainability: METRICS_SOURCE,
  },
);
const DRIFT_CHECK_BASELINES = optionShape<DriftCheckBaselinesOptions>(
  {
    modelStatistics: true,
    modelConstraints: true,
    modelDataStatistics: true,
    modelDataConstraints: true,
    biasConfigFile: true,
    biasPreTrainingConstraints: true,
    biasPostTrainingConstraints: true,
    explainabilityConstraints: true,
    explainabilityConfigFile: true,
  },
  {
    modelStatistics: METRICS_SOURCE,
    modelConstraints: METRICS_SOURCE,
    modelDataStatistics: METRICS_SOURCE,
    modelDataConstraints: METRICS_SOURCE,
    biasConfigFile: FILE_SOURCE,
    biasPreTrainingConstraints: METRICS_SOURCE,
    biasPostTrainingConstraints: METRICS_SOURCE,
    explainabilityConstraints: METRICS_SOURCE,
    explainabilityConfigFile: FILE_SOURCE,
  },
);

/** @internal The keys every RegisterModel step takes besides every step's, shared with the framework model step's list. */
export const REGISTER_COMMON_KEYS = {
  modelPackageGroup: true,
  contentTypes: "list",
  responseTypes: "list",
  inferenceInstances: "list",
  transformInstances: "list",
  approvalStatus: true,
  packageDescription: true,
  modelMetrics: true,
  driftCheckBaselines: true,
  customerMetadata: "map",
  domain: true,
  task: true,
  samplePayloadUrl: true,
  skipModelValidation: true,
  tags: "map",
  raw: true,
} as const satisfies { readonly [K in Exclude<keyof RegisterModelCommonOptions, keyof StepOptions>]-?: true | "list" | "map" };

/** @internal The option objects inside the options every RegisterModel step takes. */
export const REGISTER_COMMON_NESTED = { modelMetrics: { object: MODEL_METRICS }, driftCheckBaselines: { object: DRIFT_CHECK_BASELINES } } as const;

/** @internal The option keys of a RegisterModel step, for the run-time check (the compiler keeps them those of `RegisterModelOptions`). */
export const REGISTER_MODEL_OPTIONS: OptionShape = stepOptionShape<RegisterModelOptions>(
  { ...REGISTER_COMMON_KEYS, ...CONTAINER_KEYS, containers: "list" },
  { ...REGISTER_COMMON_NESTED, containers: { list: CONTAINER } },
);

/**
 * A RegisterModel step (`CreateModelPackage`): registers a model version in a model package
 * group, as the Python SDK's `model.register()` does — an `InferenceSpecification` of the
 * containers and what they support, `ModelApprovalStatus` (default `PendingManualApproval`),
 * `SkipModelValidation: "None"`, and the model metrics. `raw` reaches every other field of the API.
 *
 * @example
 * ```ts
 * registerModelStep("Register", { modelPackageGroup: "churn", image: XGBOOST_IMAGE, modelData: steps.Train.modelArtifacts, contentTypes: ["text/csv"] })
 * // {"Name": "Register", "Type": "RegisterModel", "Arguments": {"ModelPackageGroupName": "churn",
 * //  "InferenceSpecification": {"Containers": [{"Image": "…", "ModelDataUrl": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}}], "SupportedContentTypes": ["text/csv"]},
 * //  "ModelApprovalStatus": "PendingManualApproval", "SkipModelValidation": "None"}}
 * ```
 */
export function registerModelStep<const N extends string, const O extends RegisterModelOptions>(
  name: N,
  options: ExactOptions<O, RegisterModelOptions>,
): StepDefinition<N, RegisterModelHandle<N>>;
export function registerModelStep(name: string, options: RegisterModelOptions): StepDefinition<string, RegisterModelHandle<string>> {
  checkOptions(`RegisterModel step "${name}"`, options, REGISTER_MODEL_OPTIONS);
  if ((options.image === undefined) === (options.containers === undefined)) {
    throw new SagepipeError(
      "conflicting-options",
      `RegisterModel step "${name}" needs exactly one of image (one container) and containers (several), got ${options.image === undefined ? "none" : "both"}`,
    );
  }
  if (options.containers !== undefined && (options.containers.length === 0 || options.containers.length > 15)) {
    throw new SagepipeError("invalid-containers", `RegisterModel step "${name}" needs 1–15 containers, got ${options.containers.length}`);
  }
  const status = options.approvalStatus ?? "PendingManualApproval";
  if (typeof status === "string" && !APPROVAL_STATUSES.has(status)) {
    throw new SagepipeError(
      "invalid-approval-status",
      `RegisterModel step "${name}": approvalStatus "${status}" must be Approved, Rejected or PendingManualApproval (or a String parameter)`,
    );
  }
  const containers = options.containers ?? [options as SingleContainerRegisterModelOptions];
  const description = options.packageDescription ?? options.description;
  const generated = {
    ModelPackageGroupName: options.modelPackageGroup,
    ...(description === undefined ? {} : { ModelPackageDescription: description }),
    ...(options.tags === undefined ? {} : { Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })) }),
    ...(options.modelMetrics === undefined ? {} : { ModelMetrics: modelMetrics(options.modelMetrics) }),
    ...(options.driftCheckBaselines === undefined ? {} : { DriftCheckBaselines: driftCheckBaselines(name, options.driftCheckBaselines) }),
    ...(options.customerMetadata === undefined ? {} : { CustomerMetadataProperties: { ...options.customerMetadata } }),
    ...(options.domain === undefined ? {} : { Domain: options.domain }),
    ...(options.samplePayloadUrl === undefined ? {} : { SamplePayloadUrl: options.samplePayloadUrl }),
    ...(options.task === undefined ? {} : { Task: options.task }),
    InferenceSpecification: {
      Containers: containers.map((container) => packageContainer(name, container)),
      ...(options.contentTypes === undefined ? {} : { SupportedContentTypes: [...options.contentTypes] }),
      ...(options.responseTypes === undefined ? {} : { SupportedResponseMIMETypes: [...options.responseTypes] }),
      ...(options.inferenceInstances === undefined ? {} : { SupportedRealtimeInferenceInstanceTypes: [...options.inferenceInstances] }),
      ...(options.transformInstances === undefined ? {} : { SupportedTransformInstanceTypes: [...options.transformInstances] }),
    },
    ModelApprovalStatus: status,
    SkipModelValidation: options.skipModelValidation ?? "None",
  };
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const node = createStepNode(name, "RegisterModel", args, options);
  const handle = Object.freeze({
    ...propertiesHandle(name, "RegisterModel"),
    modelPackageArn: new GetValue<string>(`Steps.${name}.ModelPackageArn`, "string"),
  });
  return Object.freeze({ name, node, handle });
}

function packageContainer(step: string, container: ModelPackageContainerOptions) {
  return {
    Image: container.image,
    ...(container.modelData === undefined ? {} : { ModelDataUrl: container.modelData }),
    ...(container.environment === undefined ? {} : { Environment: stringMap(container.environment, `RegisterModel step "${step}": environment`) }),
    ...(container.framework === undefined ? {} : { Framework: container.framework }),
    ...(container.frameworkVersion === undefined ? {} : { FrameworkVersion: container.frameworkVersion }),
    ...(container.nearestModelName === undefined ? {} : { NearestModelName: container.nearestModelName }),
    ...(container.dataInputConfig === undefined ? {} : { ModelInput: { DataInputConfig: container.dataInputConfig } }),
  };
}

function metricsSource(source: MetricsSourceOptions) {
  return {
    ContentType: source.contentType ?? "application/json",
    S3Uri: source.s3Uri,
    ...(source.contentDigest === undefined ? {} : { ContentDigest: source.contentDigest }),
  };
}

function fileSource(source: FileSourceOptions) {
  return {
    ...(source.contentType === undefined ? {} : { ContentType: source.contentType }),
    S3Uri: source.s3Uri,
    ...(source.contentDigest === undefined ? {} : { ContentDigest: source.contentDigest }),
  };
}

/** A pair of optional reports, or nothing when neither is set. */
function pair(
  first: readonly [string, Record<string, unknown> | undefined],
  second: readonly [string, Record<string, unknown> | undefined],
): Record<string, unknown> | undefined {
  const out = Object.fromEntries([first, second].filter(([, value]) => value !== undefined));
  return Object.keys(out).length === 0 ? undefined : out;
}

const optional = <T, R>(value: T | undefined, map: (value: T) => R): R | undefined => (value === undefined ? undefined : map(value));

/** `ModelMetrics` as the Python SDK emits it: `Bias` and `Explainability` always present, even empty. */
function modelMetrics(metrics: ModelMetricsOptions) {
  const quality = pair(["Statistics", optional(metrics.modelStatistics, metricsSource)], ["Constraints", optional(metrics.modelConstraints, metricsSource)]);
  const dataQuality = pair(
    ["Statistics", optional(metrics.modelDataStatistics, metricsSource)],
    ["Constraints", optional(metrics.modelDataConstraints, metricsSource)],
  );
  return {
    ...(quality === undefined ? {} : { ModelQuality: quality }),
    ...(dataQuality === undefined ? {} : { ModelDataQuality: dataQuality }),
    Bias: {
      ...(metrics.bias === undefined ? {} : { Report: metricsSource(metrics.bias) }),
      ...(metrics.biasPreTraining === undefined ? {} : { PreTrainingReport: metricsSource(metrics.biasPreTraining) }),
      ...(metrics.biasPostTraining === undefined ? {} : { PostTrainingReport: metricsSource(metrics.biasPostTraining) }),
    },
    Explainability: metrics.explainability === undefined ? {} : { Report: metricsSource(metrics.explainability) },
  };
}

/** `DriftCheckBaselines` as the Python SDK emits it: only the groups that have a baseline. */
function driftCheckBaselines(step: string, baselines: DriftCheckBaselinesOptions) {
  const quality = pair(["Statistics", optional(baselines.modelStatistics, metricsSource)], ["Constraints", optional(baselines.modelConstraints, metricsSource)]);
  const dataQuality = pair(
    ["Statistics", optional(baselines.modelDataStatistics, metricsSource)],
    ["Constraints", optional(baselines.modelDataConstraints, metricsSource)],
  );
  const bias = Object.fromEntries(
    (
      [
        ["ConfigFile", optional(baselines.biasConfigFile, fileSource)],
        ["PreTrainingConstraints", optional(baselines.biasPreTrainingConstraints, metricsSource)],
        ["PostTrainingConstraints", optional(baselines.biasPostTrainingConstraints, metricsSource)],
      ] as const
    ).filter(([, value]) => value !== undefined),
  );
  const explainability = pair(
    ["Constraints", optional(baselines.explainabilityConstraints, metricsSource)],
    ["ConfigFile", optional(baselines.explainabilityConfigFile, fileSource)],
  );
  const out = {
    ...(quality === undefined ? {} : { ModelQuality: quality }),
    ...(dataQuality === undefined ? {} : { ModelDataQuality: dataQuality }),
    ...(Object.keys(bias).length === 0 ? {} : { Bias: bias }),
    ...(explainability === undefined ? {} : { Explainability: explainability }),
  };
  if (Object.keys(out).length === 0) {
    throw new SagepipeError("invalid-drift-check-baselines", `RegisterModel step "${step}": driftCheckBaselines is empty; set at least one baseline or leave it out`);
  }
  return out;
}
