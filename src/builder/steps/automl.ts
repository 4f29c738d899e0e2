import type { AutoMLMetricEnum, AutoMLS3DataType, CreateAutoMLJobRequest, ProblemType } from "../../aws/sagemaker-shapes.js";
import { DefaultLocation, type LocalAsset } from "../../compile/assets.js";
import { SagepipeError } from "../../errors.js";
import { GetValue, type PipelineValue } from "../../model/expressions.js";
import { createStepNode, type Raw, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, optionShape, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { deepMerge, stepOptionShape } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** What an AutoML step learns from, and how long it may search. */
export interface AutoMLOptions extends StepOptions {
  /** The IAM role the AutoML job runs as. */
  readonly role: Value<string>;
  /** The training data: an S3 URI (a prefix by default, see `dataType`), or `localCode(path)` for local data (uploaded). */
  readonly trainingData: Value<string> | LocalAsset;
  /** Separate validation data; without it, AutoML splits the training data (see `validationFraction`). */
  readonly validationData?: Value<string> | LocalAsset;
  /** The column to predict. */
  readonly targetAttribute: Value<string>;
  /** A column of per-row weights. */
  readonly sampleWeightAttribute?: Value<string>;
  /** @default "S3Prefix" */
  readonly dataType?: AutoMLS3DataType;
  /** The data's compression. @default none (`None`) */
  readonly compression?: "None" | "Gzip";
  /** The data's MIME type, e.g. `"text/csv;header=present"` or `"x-application/vnd.amazon+parquet"`. */
  readonly contentType?: Value<string>;
  /** @default detected by AutoML */
  readonly problemType?: ProblemType | PipelineValue<string>;
  /** The metric to optimise (`AutoMLJobObjective.MetricName`). @default chosen by AutoML for the problem type */
  readonly objective?: AutoMLMetricEnum | PipelineValue<string>;
  /**
   * Where the job writes its artifacts and the candidates' models.
   * @default `s3://<asset bucket>/<prefix>/<pipeline>/<execution id>/<step>/output` (needs `.assets({ bucket })`)
   */
  readonly outputPath?: Value<string>;
  /** The KMS key that encrypts the output. */
  readonly outputKmsKey?: Value<string>;
  /** The most candidates (training jobs) to try. */
  readonly maxCandidates?: Value<number>;
  /** The longest a candidate's training job may run. */
  readonly maxRuntimePerTrainingJobSeconds?: Value<number>;
  /** The longest the whole AutoML job may run. */
  readonly maxRuntimeSeconds?: Value<number>;
  /** The share of the data held out for validation (0–1). */
  readonly validationFraction?: Value<number>;
  /** The S3 URI of a JSON file naming the features to use. */
  readonly featureSpecification?: Value<string>;
  /** The KMS key that encrypts the candidates' storage volumes. */
  readonly volumeKmsKey?: Value<string>;
  /** The VPC the candidates' jobs run in. */
  readonly vpc?: { readonly securityGroupIds: readonly Value<string>[]; readonly subnets: readonly Value<string>[] };
  /** @default false, as the Python SDK (which always sends it) */
  readonly encryptInterContainerTraffic?: Value<boolean>;
  /**
   * Any other field of the `CreateAutoMLJob` request, merged over what the options produce.
   * `AutoMLJobConfig.Mode` stays `ENSEMBLING`: SageMaker Pipelines runs AutoML in that mode only.
   */
  readonly raw?: Raw<Omit<CreateAutoMLJobRequest, "AutoMLJobName" | "ModelDeployConfig" | "GenerateCandidateDefinitionsOnly">>;
}

/** The environment variables of the best candidate's inference container that the Python SDK passes to its model. */
export type AutoMLBestCandidateEnvironment = {
  readonly [K in (typeof CANDIDATE_ENVIRONMENT)[number]]: PipelineValue<string>;
};

/** References to the best candidate of an AutoML step, to deploy or register it. */
export interface AutoMLBestCandidate {
  /** `BestCandidate.CandidateName`. */
  readonly name: PipelineValue<string>;
  /** `BestCandidate.InferenceContainers[0].Image`: the inference image. */
  readonly image: PipelineValue<string>;
  /** `BestCandidate.InferenceContainers[0].ModelDataUrl`: the model artifact. */
  readonly modelDataUrl: PipelineValue<string>;
  /** `BestCandidate.InferenceContainers[0].Environment['<name>']`, as the Python SDK's `get_best_auto_ml_model` passes them. */
  readonly environment: AutoMLBestCandidateEnvironment;
  /** `BestCandidate.FinalAutoMLJobObjectiveMetric.Value`: the objective metric it reached. */
  readonly objectiveMetric: PipelineValue<number>;
  /** `BestCandidateProperties.ModelInsightsJsonReportPath`: the S3 URI of the model insights report. */
  readonly modelInsightsReport: PipelineValue<string>;
  /** `BestCandidateProperties.ExplainabilityJsonReportPath`: the S3 URI of the explainability report. */
  readonly explainabilityReport: PipelineValue<string>;
}

/** The handle of an AutoML step: its properties (`DescribeAutoMLJob`) and the best candidate's shortcuts. */
export interface AutoMLHandle<N extends string> extends PropertiesHandle<N, "AutoML"> {
  /** The best candidate: its inference container (image, model artifact, environment), metric and reports. */
  readonly bestCandidate: AutoMLBestCandidate;
}

/** @internal The option keys of an AutoML step, for the run-time check (the compiler keeps them those of `AutoMLOptions`). */
export const AUTOML_OPTIONS: OptionShape = stepOptionShape<AutoMLOptions>(
  {
    role: true,
    trainingData: true,
    validationData: true,
    targetAttribute: true,
    sampleWeightAttribute: true,
    dataType: true,
    compression: true,
    contentType: true,
    problemType: true,
    objective: true,
    outputPath: true,
    outputKmsKey: true,
    maxCandidates: true,
    maxRuntimePerTrainingJobSeconds: true,
    maxRuntimeSeconds: true,
    validationFraction: true,
    featureSpecification: true,
    volumeKmsKey: true,
    vpc: true,
    encryptInterContainerTraffic: true,
    raw: true,
  },
  { vpc: { object: optionShape<NonNullable<AutoMLOptions["vpc"]>>({ securityGroupIds: "list", subnets: "list" }) } },
);

const CANDIDATE_ENVIRONMENT = [
  "MODEL_NAME",
  "SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT",
  "SAGEMAKER_SUBMIT_DIRECTORY",
  "SAGEMAKER_INFERENCE_SUPPORTED",
  "SAGEMAKER_INFERENCE_OUTPUT",
  "SAGEMAKER_PROGRAM",
] as const;

/**
 * An AutoML step: an Autopilot job (`CreateAutoMLJob`) in `ENSEMBLING` mode, the only mode
 * SageMaker Pipelines runs, that trains and ranks candidates on tabular data. As the Python
 * SDK's `AutoML` + `AutoMLStep`; `raw` reaches every other field of the API. The handle's
 * `bestCandidate` gives what a Model step needs to deploy the winner.
 *
 * @example
 * ```ts
 * autoMLStep("AutoML", {
 *   role, trainingData: steps.Preprocess.outputs.train, targetAttribute: "churn",
 *   problemType: "BinaryClassification", objective: "F1", maxCandidates: 10,
 * })
 * // {"Type": "AutoML", "Arguments": {"InputDataConfig": [...], "AutoMLJobConfig": {"Mode": "ENSEMBLING", ...}, ...}}
 * // later: { PrimaryContainer: { Image: steps.AutoML.bestCandidate.image, ModelDataUrl: steps.AutoML.bestCandidate.modelDataUrl } }
 * ```
 */
export function autoMLStep<const N extends string, const O extends AutoMLOptions>(name: N, options: ExactOptions<O, AutoMLOptions>): StepDefinition<N, AutoMLHandle<N>>;
export function autoMLStep(name: string, options: AutoMLOptions): StepDefinition<string, AutoMLHandle<string>> {
  const where = `AutoML step "${name}"`;
  checkOptions(where, options, AUTOML_OPTIONS);
  for (const [option, what] of [
    ["role", "the IAM role the job runs as"],
    ["trainingData", "the S3 URI of the training data"],
    ["targetAttribute", "the name of the column to predict"],
  ] as const) {
    const value: unknown = options[option];
    if (value === undefined || value === "") throw new SagepipeError("missing-option", `${where} needs ${option}: ${what}`);
  }
  const mode = (options.raw as { readonly AutoMLJobConfig?: { readonly Mode?: unknown } } | undefined)?.AutoMLJobConfig?.Mode;
  if (typeof mode === "string" && mode !== "ENSEMBLING") {
    throw new SagepipeError("invalid-option", `${where}: SageMaker Pipelines runs AutoML in ENSEMBLING mode only, not ${mode}: remove raw.AutoMLJobConfig.Mode`);
  }

  const withTypes = options.validationData !== undefined;
  const channel = (data: Value<string> | LocalAsset, channelType: "training" | "validation") => ({
    ...(withTypes ? { ChannelType: channelType } : {}),
    ...(options.compression === undefined ? {} : { CompressionType: options.compression }),
    ...(options.contentType === undefined ? {} : { ContentType: options.contentType }),
    DataSource: { S3DataSource: { S3DataType: options.dataType ?? "S3Prefix", S3Uri: data } },
    ...(options.sampleWeightAttribute === undefined ? {} : { SampleWeightAttributeName: options.sampleWeightAttribute }),
    TargetAttributeName: options.targetAttribute,
  });
  const completion = {
    ...(options.maxCandidates === undefined ? {} : { MaxCandidates: options.maxCandidates }),
    ...(options.maxRuntimePerTrainingJobSeconds === undefined ? {} : { MaxRuntimePerTrainingJobInSeconds: options.maxRuntimePerTrainingJobSeconds }),
    ...(options.maxRuntimeSeconds === undefined ? {} : { MaxAutoMLJobRuntimeInSeconds: options.maxRuntimeSeconds }),
  };
  const generated = {
    InputDataConfig: [
      channel(options.trainingData, "training"),
      ...(options.validationData === undefined ? [] : [channel(options.validationData, "validation")]),
    ],
    OutputDataConfig: {
      S3OutputPath: options.outputPath ?? new DefaultLocation([name, "output"]),
      ...(options.outputKmsKey === undefined ? {} : { KmsKeyId: options.outputKmsKey }),
    },
    AutoMLJobConfig: {
      ...(Object.keys(completion).length === 0 ? {} : { CompletionCriteria: completion }),
      SecurityConfig: {
        EnableInterContainerTrafficEncryption: options.encryptInterContainerTraffic ?? false,
        ...(options.volumeKmsKey === undefined ? {} : { VolumeKmsKeyId: options.volumeKmsKey }),
        ...(options.vpc === undefined ? {} : { VpcConfig: { SecurityGroupIds: [...options.vpc.securityGroupIds], Subnets: [...options.vpc.subnets] } }),
      },
      ...(options.featureSpecification === undefined ? {} : { CandidateGenerationConfig: { FeatureSpecificationS3Uri: options.featureSpecification } }),
      ...(options.validationFraction === undefined ? {} : { DataSplitConfig: { ValidationFraction: options.validationFraction } }),
      Mode: "ENSEMBLING",
    },
    RoleArn: options.role,
    ...(options.problemType === undefined ? {} : { ProblemType: options.problemType }),
    ...(options.objective === undefined ? {} : { AutoMLJobObjective: { MetricName: options.objective } }),
  };
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const node = createStepNode(name, "AutoML", args, options);
  const container = `Steps.${name}.BestCandidate.InferenceContainers[0]`;
  const bestCandidate: AutoMLBestCandidate = Object.freeze({
    name: new GetValue<string>(`Steps.${name}.BestCandidate.CandidateName`, "string"),
    image: new GetValue<string>(`${container}.Image`, "string"),
    modelDataUrl: new GetValue<string>(`${container}.ModelDataUrl`, "string"),
    environment: Object.freeze(
      Object.fromEntries(CANDIDATE_ENVIRONMENT.map((key) => [key, new GetValue<string>(`${container}.Environment['${key}']`, "string")])),
    ) as unknown as AutoMLBestCandidateEnvironment,
    objectiveMetric: new GetValue<number>(`Steps.${name}.BestCandidate.FinalAutoMLJobObjectiveMetric.Value`, "float"),
    modelInsightsReport: new GetValue<string>(`Steps.${name}.BestCandidateProperties.ModelInsightsJsonReportPath`, "string"),
    explainabilityReport: new GetValue<string>(`Steps.${name}.BestCandidateProperties.ExplainabilityJsonReportPath`, "string"),
  });
  const handle: AutoMLHandle<string> = Object.freeze({ ...propertiesHandle(name, "AutoML"), bestCandidate });
  return Object.freeze({ name, node, handle });
}
