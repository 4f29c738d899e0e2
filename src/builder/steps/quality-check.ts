import type { CreateProcessingJobRequest } from "../../aws/sagemaker-shapes.js";
import { posix } from "node:path";
import { DefaultLocation, LocalAsset } from "../../compile/assets.js";
import { SagepipeError } from "../../errors.js";
import { PipelineValue, type PipelineScalar } from "../../model/expressions.js";
import { createStepNode, type Raw, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, optionShape, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { ToolImage } from "../script-mode/frameworks.js";
import { deepMerge, isS3Uri, stepOptionShape, stringMap } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/**
 * The format of a baseline dataset, as Model Monitor reads it: `"csv"` (with a header row),
 * `"json"` (JSON lines), `"parquet"`, or the full form.
 */
export type DatasetFormat =
  | "csv"
  | "json"
  | "parquet"
  | { readonly csv: { readonly header?: boolean; readonly outputColumnsPosition?: "START" | "END" } }
  | { readonly json: { readonly lines?: boolean } }
  | { readonly parquet: Readonly<Record<string, never>> };

/** What every baselining check step (QualityCheck, ClarifyCheck) runs on and decides. */
export interface CheckJobOptions extends StepOptions {
  /** The IAM role the baselining job runs as. */
  readonly role: Value<string>;
  /** e.g. `"ml.m5.xlarge"`. */
  readonly instanceType: Value<string>;
  /** @default 1 */
  readonly instanceCount?: Value<number>;
  /** @default 30, as the Python SDK's CheckJobConfig */
  readonly volumeSizeInGB?: Value<number>;
  /** The job's time limit. @default none (the service's limit), as the Python SDK */
  readonly maxRuntimeSeconds?: Value<number>;
  /** The KMS key that encrypts the instances' storage volumes. */
  readonly volumeKmsKey?: Value<string>;
  /** The KMS key that encrypts the job's output in S3. */
  readonly outputKmsKey?: Value<string>;
  /** A model package group (name or ARN) whose latest approved package holds the baselines to check against. */
  readonly modelPackageGroupName?: Value<string>;
  /** Only compute the baseline, without checking it. @default false */
  readonly skipCheck?: Value<boolean>;
  /** Fail the step when the check finds a violation. @default true */
  readonly failOnViolation?: Value<boolean>;
  /** Make the computed baseline the one later checks use (`BaselineUsedForDriftCheck*`). @default false */
  readonly registerNewBaseline?: Value<boolean>;
  /** The S3 URI of a constraints JSON file to check against, instead of the registered one. */
  readonly suppliedBaselineConstraints?: Value<string>;
  /** Check steps cannot be retried by SageMaker Pipelines. */
  readonly retry?: never;
  /** Any other field of the `CreateProcessingJob` request, merged over what the options produce. */
  readonly raw?: Raw<Omit<CreateProcessingJobRequest, "ProcessingJobName">>;
}

/** What a QualityCheck step computes a baseline of, and checks. */
interface QualityCheckBaseOptions extends CheckJobOptions {
  /**
   * The Model Monitor analyzer image for your region, e.g.
   * `159807026194.dkr.ecr.us-west-2.amazonaws.com/sagemaker-model-monitor-analyzer`.
   */
  readonly image?: Value<string>;
  /** The baseline dataset: an S3 URI, or `localCode(path)` for local data (uploaded). */
  readonly baselineDataset: Value<string> | LocalAsset;
  /** @default "csv" (with a header row) */
  readonly datasetFormat?: DatasetFormat;
  /**
   * Where the statistics and constraints are written.
   * @default `s3://<asset bucket>/<prefix>/<pipeline>/<execution id>/<step>/output/quality_check_output` (needs `.assets({ bucket })`)
   */
  readonly outputPath?: Value<string>;
  /** A post-analytics processor script: an S3 URI (`s3://...`) or a local file (uploaded). */
  readonly postAnalyticsProcessorScript?: string | LocalAsset;
  /** Environment variables of the analyzer, before the ones the step sets. */
  readonly environment?: { readonly [name: string]: Value<PipelineScalar> };
  /** The S3 URI of a statistics JSON file to check against, instead of the registered one. */
  readonly suppliedBaselineStatistics?: Value<string>;
}

/** A DATA_QUALITY check: statistics and constraints of a dataset. */
export interface DataQualityCheckOptions extends QualityCheckBaseOptions {
  readonly checkType: "DATA_QUALITY";
  /** A record preprocessor script: an S3 URI (`s3://...`) or a local file (uploaded). */
  readonly recordPreprocessorScript?: string | LocalAsset;
}

/** A literal, number or String-valued pipeline value passed to the analyzer as text. */
export type ModelQualityAttribute = string | number | PipelineValue<string>;

/** A MODEL_QUALITY check: metrics of a model's predictions against ground truth. */
export interface ModelQualityCheckOptions extends QualityCheckBaseOptions {
  readonly checkType: "MODEL_QUALITY";
  readonly problemType: "Regression" | "BinaryClassification" | "MulticlassClassification" | PipelineValue<string>;
  /** Index or JSONPath of the predicted label in each record. */
  readonly inferenceAttribute?: ModelQualityAttribute;
  /** Index or JSONPath of the probability in each record. */
  readonly probabilityAttribute?: ModelQualityAttribute;
  /** Index or JSONPath of the ground-truth label in each record. */
  readonly groundTruthAttribute?: ModelQualityAttribute;
  /** The threshold that turns probabilities into binary labels. */
  readonly probabilityThresholdAttribute?: ModelQualityAttribute;
}

/** A QualityCheck step's options: a data or a model quality check. */
export type QualityCheckOptions = DataQualityCheckOptions | ModelQualityCheckOptions;

/**
 * The handle of a QualityCheck step: `properties.CalculatedBaselineStatistics`,
 * `CalculatedBaselineConstraints`, `BaselineUsedForDriftCheckStatistics` and
 * `BaselineUsedForDriftCheckConstraints` (S3 URIs, e.g. for a model package's DriftCheckBaselines).
 */
export type QualityCheckHandle<N extends string> = PropertiesHandle<N, "QualityCheck">;

/** @internal The keys of the options every check step takes. */
export const CHECK_JOB_KEYS = {
  role: true,
  instanceType: true,
  instanceCount: true,
  volumeSizeInGB: true,
  maxRuntimeSeconds: true,
  volumeKmsKey: true,
  outputKmsKey: true,
  modelPackageGroupName: true,
  skipCheck: true,
  failOnViolation: true,
  registerNewBaseline: true,
  suppliedBaselineConstraints: true,
  raw: true,
} as const satisfies { readonly [K in Exclude<keyof CheckJobOptions, keyof StepOptions>]-?: true | "list" | "map" };

type DatasetFormatObject = Exclude<DatasetFormat, string>;
const DATASET_FORMAT = optionShape<DatasetFormatObject>(
  { csv: true, json: true, parquet: "map" },
  {
    csv: { object: optionShape<Extract<DatasetFormatObject, { readonly csv: unknown }>["csv"]>({ header: true, outputColumnsPosition: true }) },
    json: { object: optionShape<Extract<DatasetFormatObject, { readonly json: unknown }>["json"]>({ lines: true }) },
    parquet: { object: optionShape<{}>({}) },
  },
);

/** @internal The option keys of a QualityCheck step, for the run-time check (the compiler keeps them those of `QualityCheckOptions`). */
export const QUALITY_CHECK_OPTIONS: OptionShape = stepOptionShape<QualityCheckOptions>(
  {
    ...CHECK_JOB_KEYS,
    checkType: true,
    image: true,
    baselineDataset: true,
    datasetFormat: true,
    outputPath: true,
    postAnalyticsProcessorScript: true,
    environment: "map",
    suppliedBaselineStatistics: true,
    recordPreprocessorScript: true,
    problemType: true,
    inferenceAttribute: true,
    probabilityAttribute: true,
    groundTruthAttribute: true,
    probabilityThresholdAttribute: true,
  },
  { datasetFormat: { object: DATASET_FORMAT } },
);

const BASE = "/opt/ml/processing";
const OUTPUT_DIR = `${BASE}/output`;
const OUTPUT_NAME = "quality_check_output";
const BASELINE_INPUT = "baseline_dataset_input";
const POST_ANALYTICS_INPUT = "post_analytics_processor_script_input";
const RECORD_PREPROCESSOR_INPUT = "record_preprocessor_script_input";

/**
 * A QualityCheck step: a Model Monitor baselining job (a processing job running the analyzer
 * image) that computes the statistics and constraints of a dataset (`DATA_QUALITY`) or of a
 * model's predictions (`MODEL_QUALITY`), then checks them against the registered or supplied
 * baseline. Built as the Python SDK's `QualityCheckStep` builds it (inputs, environment and
 * step-level keys, `null` for the unset ones); `raw` reaches every other field of the request.
 *
 * @example
 * ```ts
 * qualityCheckStep("DataQuality", {
 *   checkType: "DATA_QUALITY", image: MODEL_MONITOR_IMAGE, role, instanceType: "ml.m5.xlarge",
 *   baselineDataset: steps.Preprocess.outputs.train, outputPath: "s3://my-bucket/baselines",
 *   modelPackageGroupName: "churn", registerNewBaseline: params.RegisterBaseline,
 * })
 * // {"Type": "QualityCheck", "Arguments": {...}, "CheckType": "DATA_QUALITY", "ModelPackageGroupName": "churn", "SkipCheck": false, ...}
 * ```
 */
export function qualityCheckStep<const N extends string, const O extends QualityCheckOptions>(
  name: N,
  options: ExactOptions<O, QualityCheckOptions>,
): StepDefinition<N, QualityCheckHandle<N>>;
export function qualityCheckStep(name: string, options: QualityCheckOptions): StepDefinition<string, QualityCheckHandle<string>> {
  const where = `QualityCheck step "${name}"`;
  checkOptions(where, options, QUALITY_CHECK_OPTIONS);
  const checkType: string = options.checkType;
  if (checkType !== "DATA_QUALITY" && checkType !== "MODEL_QUALITY") {
    throw new SagepipeError("invalid-check-type", `${where}: checkType ${JSON.stringify(checkType)} must be "DATA_QUALITY" or "MODEL_QUALITY"`);
  }
  // the Model Monitor analyzer image for the pipeline's region, unless given (the SDK's ModelMonitor picks it so)
  const image = options.image ?? (new ToolImage("model-monitor", name) as unknown as Value<string>);
  requireOption(where, "baselineDataset", options.baselineDataset, "the S3 URI of the data to compute the baseline of");
  const model = options.checkType === "MODEL_QUALITY" ? options : undefined;
  const data = options.checkType === "DATA_QUALITY" ? options : undefined;
  if (model === undefined) {
    for (const key of ["problemType", "inferenceAttribute", "probabilityAttribute", "groundTruthAttribute", "probabilityThresholdAttribute"]) {
      if ((options as unknown as Record<string, unknown>)[key] !== undefined) {
        throw new SagepipeError("invalid-option", `${where}: ${key} is for a MODEL_QUALITY check, and this one is DATA_QUALITY`);
      }
    }
  } else {
    requireOption(where, "problemType", model.problemType, '"Regression", "BinaryClassification" or "MulticlassClassification"');
    if ((options as unknown as Record<string, unknown>).recordPreprocessorScript !== undefined) {
      throw new SagepipeError("invalid-option", `${where}: recordPreprocessorScript is for a DATA_QUALITY check, and this one is MODEL_QUALITY`);
    }
  }

  const baselineDir = `${BASE}/input/${BASELINE_INPUT}`;
  const post = options.postAnalyticsProcessorScript === undefined ? undefined : script(where, POST_ANALYTICS_INPUT, options.postAnalyticsProcessorScript);
  const record = data?.recordPreprocessorScript === undefined ? undefined : script(where, RECORD_PREPROCESSOR_INPUT, data.recordPreprocessorScript);
  const inputs = [s3Input(BASELINE_INPUT, options.baselineDataset, baselineDir), ...[post, record].flatMap((s) => (s === undefined ? [] : [s.input]))];

  const environment: Record<string, ModelQualityAttribute | PipelineScalar | PipelineValue<unknown>> = {
    ...options.environment,
    output_path: OUTPUT_DIR,
    publish_cloudwatch_metrics: "Disabled",
    dataset_format: datasetFormatJson(options.datasetFormat ?? "csv"),
    ...(record === undefined ? {} : { record_preprocessor_script: record.path }),
    ...(post === undefined ? {} : { post_analytics_processor_script: post.path }),
    dataset_source: baselineDir,
    ...(model === undefined
      ? {}
      : {
          analysis_type: "MODEL_QUALITY",
          problem_type: model.problemType,
          ...attribute("inference_attribute", model.inferenceAttribute),
          ...attribute("probability_attribute", model.probabilityAttribute),
          ...attribute("ground_truth_attribute", model.groundTruthAttribute),
          ...attribute("probability_threshold_attribute", model.probabilityThresholdAttribute),
        }),
  };

  const generated = {
    ...checkJobResources(options, image),
    ProcessingInputs: inputs,
    ProcessingOutputConfig: checkOutput(options, OUTPUT_NAME, options.outputPath ?? new DefaultLocation([name, "output", OUTPUT_NAME])),
    Environment: stringMap(environment, `${where}: environment`),
    ...(options.maxRuntimeSeconds === undefined ? {} : { StoppingCondition: { MaxRuntimeInSeconds: options.maxRuntimeSeconds } }),
  };
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const node = createStepNode(name, "QualityCheck", args, options, {
    CheckType: options.checkType,
    ...checkKeys(options),
    SuppliedBaselineStatistics: options.suppliedBaselineStatistics ?? null,
    SuppliedBaselineConstraints: options.suppliedBaselineConstraints ?? null,
  });
  return Object.freeze({ name, node, handle: propertiesHandle(name, "QualityCheck") });
}

/**
 * Throws when a required option is missing (for callers without the type checker).
 *
 * @example
 * ```ts
 * requireOption(`QualityCheck step "Q"`, "image", options.image, "the Model Monitor analyzer image URI for your region")
 * ```
 */
export function requireOption(where: string, option: string, value: unknown, what: string): void {
  if (value === undefined || value === null || value === "") {
    throw new SagepipeError("missing-option", `${where} needs ${option}: ${what}`);
  }
}

/**
 * The processing resources, image and role of a check's baselining job, in the Python SDK's order.
 *
 * @example
 * ```ts
 * checkJobResources({ role, instanceType: "ml.m5.xlarge" }, image)
 * // {"ProcessingResources": {"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30}}, "AppSpecification": {"ImageUri": image}, "RoleArn": role}
 * ```
 */
export function checkJobResources(options: CheckJobOptions, image: Value<string>) {
  return {
    ProcessingResources: {
      ClusterConfig: {
        InstanceCount: options.instanceCount ?? 1,
        InstanceType: options.instanceType,
        VolumeSizeInGB: options.volumeSizeInGB ?? 30,
        ...(options.volumeKmsKey === undefined ? {} : { VolumeKmsKeyId: options.volumeKmsKey }),
      },
    },
    AppSpecification: { ImageUri: image },
    RoleArn: options.role,
  };
}

/**
 * The step-level keys checks share, as the Python SDK emits them: `null` when unset, and the defaults.
 *
 * @example
 * ```ts
 * checkKeys({ role, instanceType: "ml.m5.xlarge" })
 * // {"ModelPackageGroupName": null, "SkipCheck": false, "FailOnViolation": true, "RegisterNewBaseline": false}
 * ```
 */
export function checkKeys(options: CheckJobOptions) {
  return {
    ModelPackageGroupName: options.modelPackageGroupName ?? null,
    SkipCheck: options.skipCheck ?? false,
    FailOnViolation: options.failOnViolation ?? true,
    RegisterNewBaseline: options.registerNewBaseline ?? false,
  };
}

/**
 * The one output of a check's baselining job: `/opt/ml/processing/output` uploaded to `destination`.
 *
 * @example
 * ```ts
 * checkOutput(options, "analysis_result", "s3://my-bucket/clarify")
 * // {"Outputs": [{"OutputName": "analysis_result", "AppManaged": false, "S3Output": {"S3Uri": "s3://my-bucket/clarify", "LocalPath": "/opt/ml/processing/output", "S3UploadMode": "EndOfJob"}}]}
 * ```
 */
export function checkOutput(options: CheckJobOptions, outputName: string, destination: Value<string> | DefaultLocation, uploadMode: "EndOfJob" | "Continuous" = "EndOfJob") {
  return {
    Outputs: [
      {
        OutputName: outputName,
        AppManaged: false,
        S3Output: { S3Uri: destination, LocalPath: OUTPUT_DIR, S3UploadMode: uploadMode },
      },
    ],
    ...(options.outputKmsKey === undefined ? {} : { KmsKeyId: options.outputKmsKey }),
  };
}

/**
 * A processing input downloading `source` to `localPath`, with the Python SDK's defaults.
 *
 * @example
 * ```ts
 * s3Input("dataset", "s3://my-bucket/data", "/opt/ml/processing/input/data")
 * // {"InputName": "dataset", "AppManaged": false, "S3Input": {"S3Uri": "s3://my-bucket/data", "LocalPath": "/opt/ml/processing/input/data", "S3DataType": "S3Prefix", ...}}
 * ```
 */
export function s3Input(inputName: string, source: Value<string> | LocalAsset, localPath: string) {
  return {
    InputName: inputName,
    AppManaged: false,
    S3Input: {
      S3Uri: source,
      LocalPath: localPath,
      S3DataType: "S3Prefix",
      S3InputMode: "File",
      S3DataDistributionType: "FullyReplicated",
      S3CompressionType: "None",
    },
  };
}

function script(where: string, inputName: string, source: string | LocalAsset) {
  if (typeof source !== "string" && !(source instanceof LocalAsset)) {
    throw new SagepipeError("invalid-option", `${where}: a processor script is an S3 URI or a local file path, not a pipeline value (the container path needs its file name)`);
  }
  const asset = typeof source === "string" && !isS3Uri(source) ? new LocalAsset(source) : source;
  const file = posix.basename((asset instanceof LocalAsset ? asset.path : asset).replace(/\\/g, "/"));
  const dir = `${BASE}/input/${inputName}`;
  return { input: s3Input(inputName, asset, dir), path: `${dir}/${file}` };
}

function attribute(key: string, value: ModelQualityAttribute | undefined): Record<string, string | PipelineValue<string>> {
  if (value === undefined) return {};
  if (value instanceof PipelineValue && value.kind !== "string" && value.kind !== "unknown") {
    throw new SagepipeError("invalid-option", `${key} takes a string, a number or a String parameter, not a ${value.kind} value`);
  }
  return { [key]: typeof value === "number" ? String(value) : value };
}

/** The dataset format as the Python SDK writes it in `dataset_format` (`json.dumps` spacing). */
function datasetFormatJson(format: DatasetFormat): string {
  const full =
    format === "csv"
      ? { csv: {} }
      : format === "json"
        ? { json: {} }
        : format === "parquet"
          ? { parquet: {} }
          : format;
  if ("csv" in full) {
    return pythonJson({ csv: { header: full.csv.header ?? true, output_columns_position: full.csv.outputColumnsPosition ?? "START" } });
  }
  if ("json" in full) return pythonJson({ json: { lines: full.json.lines ?? true } });
  if ("parquet" in full) return pythonJson({ parquet: {} });
  throw new SagepipeError("invalid-option", `datasetFormat ${JSON.stringify(format)} must be "csv", "json", "parquet" or { csv | json | parquet: {...} }`);
}

/** JSON with Python's `json.dumps` separators (`", "` and `": "`). */
function pythonJson(value: unknown): string {
  if (typeof value === "object" && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${pythonJson(item)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}
