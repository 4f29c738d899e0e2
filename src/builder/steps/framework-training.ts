import { DefaultLocation } from "../../compile/assets.js";
import { Deferred, needRegion, type DeferredContext } from "../../compile/deferred.js";
import { MappedDeferred, SourceBundle, checkSourceBundle, programName } from "../../compile/source-bundle.js";
import { SagepipeError } from "../../errors.js";
import { PipelineValue } from "../../model/expressions.js";
import { execution, join } from "../../model/functions.js";
import { checkOptions } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import type { StepDefinition } from "../step-definition.js";
import { DISTRIBUTION_OPTIONS, distributionHyperparameters, type DistributionOptions } from "../script-mode/distribution.js";
import { FRAMEWORK_OPTIONS, FrameworkImage, checkFramework, type FrameworkSpec } from "../script-mode/frameworks.js";
import { pythonJsonDumps, pythonStr } from "../script-mode/python-json.js";
import { deepMerge, isS3Uri, sdkToString, stepOptionShape } from "./shared.js";
import { TRAINING_JOB_KEYS, TRAINING_NESTED, trainingStep, type TrainingHandle, type TrainingOptions } from "./training.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/**
 * A JSON value: what a script-mode hyperparameter may be (the SDK JSON-encodes each one). A `Map`
 * is an object whose keys keep their order: JavaScript puts integer-like keys (`"1"`) of a plain
 * object first, Python keeps the order they were written in.
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue } | ReadonlyMap<string, JsonValue>;

/** The distribution strategies each framework's training takes (the Python SDK's estimators). */
export interface DistributionsByFramework {
  readonly sklearn: never;
  readonly xgboost: never;
  readonly pytorch: Pick<DistributionOptions, "torchDistributed" | "pytorchddp" | "smdistributed" | "mpi" | "parameterServer">;
  readonly tensorflow: Pick<DistributionOptions, "parameterServer" | "mpi" | "smdistributed" | "multiWorkerMirroredStrategy">;
  readonly mxnet: Pick<DistributionOptions, "parameterServer" | "mpi">;
  readonly huggingface: Pick<DistributionOptions, "torchDistributed" | "pytorchddp" | "smdistributed" | "mpi">;
}

/** The distribution strategies a framework's training takes. */
export type FrameworkDistribution<F extends FrameworkSpec> = DistributionsByFramework[F["name"]];

/** What every script-mode training job takes: the code, its hyperparameters, and the training step's options. */
export interface ScriptModeTrainingCommon extends Omit<TrainingOptions, "image" | "code" | "command" | "hyperparameters"> {
  /**
   * The training script. Without `sourceDir`, a local file, packed alone; with `sourceDir`, its path
   * inside that directory (or, when `sourceDir` is in S3, a pipeline value).
   */
  readonly entryPoint: string | PipelineValue<string>;
  /**
   * The script's directory: a local one is packed into `sourcedir.tar.gz` (content-addressed, under
   * the pipeline's asset location); an `s3://…/sourcedir.tar.gz` or a pipeline value is used as it is.
   */
  readonly sourceDir?: string | PipelineValue<string>;
  /** Local files or directories packed next to the code (the SDK's `dependencies`). */
  readonly dependencies?: readonly string[];
  /** Hyperparameters: each JSON-encoded as the SDK does (`"lr": "0.1"`, `"name": "\"resnet\""`); pipeline values stay. */
  readonly hyperparameters?: { readonly [name: string]: JsonValue | PipelineValue<unknown> };
  /** The container's log level (`sagemaker_container_log_level`). @default 20 (Python's logging.INFO) */
  readonly containerLogLevel?: Value<number>;
  /**
   * Run without network access (`EnableNetworkIsolation`): the code then comes as the `code`
   * channel and `sagemaker_submit_directory` points into it, as the SDK does.
   */
  readonly networkIsolation?: Value<boolean>;
  /** Script mode runs `entryPoint`; `code` and `command` are the plain training step's. */
  readonly code?: never;
  readonly command?: never;
}

/**
 * A script-mode training job in a framework's prebuilt image, as the Python SDK's `SKLearn`,
 * `XGBoost`, `PyTorch`, `TensorFlow`, `MXNet` and `HuggingFace` estimators run it.
 */
export interface FrameworkTrainingOptions<F extends FrameworkSpec = FrameworkSpec> extends ScriptModeTrainingCommon {
  /** The framework, its version (and Python version): the image is looked up for the pipeline's region. */
  readonly framework: F;
  /** An image to use instead of the framework's (the SDK's `image_uri`); the framework still shapes the job. */
  readonly image?: Value<string>;
  /** Distributed training: the strategies this framework takes, checked as the SDK checks them. */
  readonly distribution?: FrameworkDistribution<F>;
  /**
   * TensorFlow: where the script saves checkpoints (`model_dir`); `false` for none.
   * @default `/opt/ml/model` with MPI, else `<outputPath>/<execution id>/<step>/model`
   */
  readonly modelDir?: F extends { readonly name: "tensorflow" } ? Value<string> | false : never;
}

/**
 * Script mode in an image of your own that has the SageMaker training toolkit (the SDK's
 * `Estimator(image_uri=..., entry_point=...)`): no framework, so no framework defaults.
 */
export interface CustomImageTrainingOptions extends ScriptModeTrainingCommon {
  readonly framework?: undefined;
  /** The training image. */
  readonly image: Value<string>;
  readonly distribution?: never;
  readonly modelDir?: never;
}

/** @internal The option keys of a script-mode Training step, for the run-time check (the compiler keeps them those of its options). */
export const FRAMEWORK_TRAINING_OPTIONS = stepOptionShape<FrameworkTrainingOptions | CustomImageTrainingOptions>(
  {
    ...TRAINING_JOB_KEYS,
    debugHook: true,
    profiler: true,
    raw: true,
    framework: true,
    entryPoint: true,
    sourceDir: true,
    dependencies: "list",
    containerLogLevel: true,
    networkIsolation: true,
    distribution: true,
    modelDir: true,
  },
  { ...TRAINING_NESTED, framework: { object: FRAMEWORK_OPTIONS }, distribution: { object: DISTRIBUTION_OPTIONS } },
);

/** Keys the script-mode contract writes: a hyperparameter of the same name would be overwritten. */
const RESERVED = new Set([
  "sagemaker_submit_directory",
  "sagemaker_program",
  "sagemaker_container_log_level",
  "sagemaker_region",
  "sagemaker_job_name",
]);

const CODE_CHANNEL_SOURCEDIR = "/opt/ml/input/data/code/sourcedir.tar.gz";

/** `sagemaker_region`: the pipeline's region, JSON-encoded. */
class RegionHyperparameter extends Deferred {
  constructor(readonly step: string) {
    super();
    Object.freeze(this);
  }

  resolve(context: DeferredContext): string {
    return pythonJsonDumps(needRegion(context, `the sagemaker_region hyperparameter of step "${this.step}"`));
  }
}


/**
 * A hyperparameter value as the SDK sends it: a pipeline value through `to_string()`, a literal
 * JSON-encoded (`json`: `EstimatorBase._json_encode_hyperparameters`) or, for the plain `Estimator`
 * without a source directory, as Python's `str()` of it (`str`: `Estimator.set_hyperparameters`
 * keeps the value, `_get_train_args` applies `to_string`).
 */
function encode(step: string, name: string, value: unknown, style: "json" | "str" = "json"): unknown {
  if (value instanceof PipelineValue) return sdkToString(value);
  if (value instanceof Deferred) return value;
  const where = nestedTrouble(value);
  if (where === "pipeline-value") {
    throw new SagepipeError(
      "invalid-hyperparameter",
      `step "${step}": hyperparameter "${name}" holds a pipeline value inside a list or object, which cannot be JSON-encoded before the run; pass the pipeline value as a hyperparameter of its own`,
    );
  }
  if (where !== undefined) {
    throw new SagepipeError(
      "invalid-hyperparameter",
      `step "${step}": hyperparameter "${name}" has an object with the integer-like key "${where}" among others: JavaScript puts such keys first, so the order Python would write is lost; give that object as a Map (new Map([["b", 1], ["1", 2]])) to fix the order`,
    );
  }
  return style === "json" ? pythonJsonDumps(value) : pythonStr(value);
}

/** An array index as JavaScript orders it: a canonical integer below 2^32 - 1. */
const isIndexKey = (key: string): boolean => /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;

/** What a literal cannot be encoded with: a pipeline value inside it, or the integer-like key of an object whose order JavaScript changed. */
function nestedTrouble(value: unknown): "pipeline-value" | string | undefined {
  if (value instanceof PipelineValue) return "pipeline-value";
  const items: unknown[] = [];
  if (value instanceof Map) items.push(...value.values());
  else if (Array.isArray(value)) items.push(...(value as unknown[]));
  else if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value);
    const index = keys.find(isIndexKey);
    if (keys.length > 1 && index !== undefined) return index;
    items.push(...Object.values(value));
  }
  for (const item of items) {
    const trouble = nestedTrouble(item);
    if (trouble !== undefined) return trouble;
  }
  return undefined;
}

/** The framework versions from which the SDK turns on SageMaker metrics (`EnableSageMakerMetricsTimeSeries`). */
function metricsByDefault(framework: FrameworkSpec): boolean {
  const atLeast = (floor: readonly number[]) => {
    const parts = framework.version.split(/[.-]/).map(Number);
    for (let i = 0; i < floor.length; i++) {
      const part = parts[i] ?? 0;
      if (Number.isNaN(part)) return false;
      if (part !== floor[i]) return part > (floor[i] ?? 0);
    }
    return true;
  };
  switch (framework.name) {
    case "pytorch":
      return atLeast([1, 3]);
    case "tensorflow":
      return atLeast([1, 15]);
    case "mxnet":
      return atLeast([1, 6]);
    case "huggingface":
      return true;
    default:
      return false;
  }
}

/**
 * A script-mode Training step: the Python SDK's framework estimators (`SKLearn`, `XGBoost`,
 * `PyTorch`, `TensorFlow`, `MXNet`, `HuggingFace`) in a pipeline. The entry point (with its source
 * directory and dependencies) is packed into a content-addressed `sourcedir.tar.gz`; the job gets
 * the framework's prebuilt image for the pipeline's region and the script-mode hyperparameters
 * exactly as the SDK writes them: every value JSON-encoded, plus `sagemaker_submit_directory`,
 * `sagemaker_program`, `sagemaker_container_log_level`, `sagemaker_region` and those of the
 * distribution strategy.
 *
 * @example
 * ```ts
 * frameworkTrainingStep("Train", {
 *   framework: { name: "sklearn", version: "1.2-1" }, entryPoint: "train.py", sourceDir: "./src",
 *   role, instanceType: "ml.m5.xlarge", inputs: { train: steps.Preprocess.outputs.train },
 *   hyperparameters: { n_estimators: 100, criterion: "gini" },
 * })
 * // HyperParameters: {"n_estimators": "100", "criterion": "\"gini\"", "sagemaker_program": "\"train.py\"",
 * //   "sagemaker_submit_directory": "\"s3://…/sourcedir.tar.gz\"", "sagemaker_container_log_level": "20", "sagemaker_region": "\"us-east-1\""}
 * ```
 */
export function frameworkTrainingStep<const N extends string, const F extends FrameworkSpec, const O extends FrameworkTrainingOptions<F>>(
  name: N,
  options: ExactOptions<O, FrameworkTrainingOptions<F>> & { readonly framework: F },
): StepDefinition<N, TrainingHandle<N, O & TrainingOptions>>;
export function frameworkTrainingStep<const N extends string, const O extends CustomImageTrainingOptions>(
  name: N,
  options: ExactOptions<O, CustomImageTrainingOptions>,
): StepDefinition<N, TrainingHandle<N, O & TrainingOptions>>;
export function frameworkTrainingStep(name: string, options: FrameworkTrainingOptions | CustomImageTrainingOptions): StepDefinition<string, TrainingHandle<string, TrainingOptions>> {
  checkOptions(`Script-mode training step "${name}"`, options, FRAMEWORK_TRAINING_OPTIONS);
  for (const key of ["code", "command"] as const) {
    if (options[key] !== undefined) {
      throw new SagepipeError("conflicting-options", `Script-mode training step "${name}": ${key} is the plain training step's; script mode runs entryPoint (with sourceDir and dependencies)`);
    }
  }
  const {
    framework,
    image,
    entryPoint,
    sourceDir,
    dependencies,
    hyperparameters,
    containerLogLevel,
    distribution,
    networkIsolation,
    modelDir,
    raw,
    ...training
  } = options as FrameworkTrainingOptions & { readonly framework?: FrameworkSpec };
  if (framework === undefined) {
    if (image === undefined) throw new SagepipeError("invalid-framework", `step "${name}": give the framework ({ name, version }) or the image of your own`);
  } else {
    checkFramework(name, framework);
  }
  const instanceType = options.instanceType;

  if (framework?.name === "sklearn") {
    // the SDK's SKLearn: no distributed training
    const count = options.instanceCount;
    if (count instanceof PipelineValue || (count !== undefined && count !== 1)) {
      throw new SagepipeError("invalid-instance-count", `step "${name}": scikit-learn does not train on several instances: leave instanceCount out or set it to 1`);
    }
  }

  // Where the code comes from, and the names the container gets.
  // in S3 (a URI or a pipeline value), or (internally, the repack job) an archive sagepipe makes
  const source: unknown = sourceDir;
  const s3Source = source instanceof PipelineValue || source instanceof Deferred || isS3Uri(sourceDir);
  if (entryPoint instanceof PipelineValue && !s3Source) {
    throw new SagepipeError("invalid-source", `step "${name}": entryPoint may be a pipeline value only when sourceDir is in S3 (an s3:// URI or a pipeline value), as the SDK requires`);
  }
  if (s3Source && dependencies !== undefined && dependencies.length > 0) {
    throw new SagepipeError("invalid-source", `step "${name}": dependencies are packed with local code; with sourceDir in S3, put them in that archive`);
  }
  const isolated = networkIsolation === true || networkIsolation instanceof PipelineValue;
  if (isolated && (entryPoint instanceof PipelineValue || sourceDir instanceof PipelineValue)) {
    throw new SagepipeError("invalid-source", `step "${name}": with networkIsolation, entryPoint and sourceDir cannot be pipeline values (the SDK's rule)`);
  }
  let submitDirectory: unknown;
  let program: unknown;
  let codeChannel: unknown;
  if (s3Source) {
    program = encode(name, "sagemaker_program", entryPoint);
    if (isolated) {
      // the SDK's _prepare_for_training: with network isolation the code comes as the code channel,
      // wherever it is (estimator.py, code_dir = CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH)
      codeChannel = sourceDir;
      submitDirectory = pythonJsonDumps(CODE_CHANNEL_SOURCEDIR);
    } else {
      submitDirectory = source instanceof Deferred ? new MappedDeferred(source, pythonJsonDumps) : encode(name, "sagemaker_submit_directory", sourceDir);
    }
  } else {
    const bundle = {
      entryPoint: entryPoint as string,
      ...(sourceDir === undefined ? {} : { sourceDir: sourceDir as string }),
      ...(dependencies === undefined ? {} : { dependencies }),
    };
    checkSourceBundle(name, bundle);
    const archive = new SourceBundle(name, bundle);
    program = pythonJsonDumps(programName(bundle));
    if (isolated) {
      codeChannel = archive;
      submitDirectory = pythonJsonDumps(CODE_CHANNEL_SOURCEDIR);
    } else {
      submitDirectory = new MappedDeferred(archive, pythonJsonDumps);
    }
  }

  // the plain Estimator (an image of your own) JSON-encodes your hyperparameters only when it has a
  // source directory, else sends str() of each (estimator.py Estimator.set_hyperparameters); the
  // framework estimators always JSON-encode them (Framework.set_hyperparameters)
  const style = framework === undefined && sourceDir === undefined ? "str" : "json";
  const hps: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hyperparameters ?? {})) {
    if (RESERVED.has(key)) throw new SagepipeError("invalid-hyperparameter", `step "${name}": hyperparameter "${key}" is set by script mode; use another name`);
    hps[key] = encode(name, key, value, style);
  }
  hps.sagemaker_submit_directory = submitDirectory;
  hps.sagemaker_program = program;
  hps.sagemaker_container_log_level = encode(name, "sagemaker_container_log_level", containerLogLevel ?? 20);
  hps.sagemaker_region = new RegionHyperparameter(name);
  const imageUri = typeof image === "string" ? { imageUri: image } : {};
  const distributed = distribution === undefined || framework === undefined ? [] : distributionHyperparameters({ step: name, framework, instanceType, image: image !== undefined, ...imageUri, entryPoint }, distribution as DistributionOptions);
  for (const [key, value] of distributed) hps[key] = encode(name, key, value);
  if (framework?.name === "tensorflow" && modelDir !== false) {
    const mpi = (distribution as DistributionOptions | undefined)?.mpi?.enabled === true;
    hps.model_dir =
      modelDir !== undefined
        ? encode(name, "model_dir", modelDir)
        : mpi
          ? pythonJsonDumps("/opt/ml/model")
          : options.outputPath === undefined
            ? new DefaultLocation([name, "model"])
            : join([options.outputPath, execution.PipelineExecutionId, name, "model"], "/");
  }

  const smdistributed = (distribution as DistributionOptions | undefined)?.smdistributed;
  const trainingImage =
    image ??
    (new FrameworkImage(framework as FrameworkSpec, {
      step: name,
      scope: "training",
      instanceType,
      smdistributed: smdistributed !== undefined,
      // image_uris.get_training_image_uri: torch_distributed given (on or off) and modelparallel not turned off (enabled defaults to True)
      modelParallel: smdistributed?.modelparallel !== undefined && smdistributed.modelparallel.enabled !== false && (distribution as DistributionOptions | undefined)?.torchDistributed !== undefined,
    }) as unknown as Value<string>);
  const generated = {
    AlgorithmSpecification: framework !== undefined && metricsByDefault(framework) ? { EnableSageMakerMetricsTimeSeries: true } : {},
    HyperParameters: hps,
    ...(networkIsolation === undefined || networkIsolation === false ? {} : { EnableNetworkIsolation: networkIsolation }),
  };
  const step = trainingStep(name, {
    ...training,
    image: trainingImage,
    ...(codeChannel === undefined ? {} : { inputs: { ...(training.inputs ?? {}), code: { source: codeChannel as Value<string> } } }),
    raw: (raw === undefined ? generated : deepMerge(generated, raw)) as TrainingOptions["raw"],
  } as TrainingOptions);
  if (codeChannel !== undefined && training.inputs !== undefined && "code" in training.inputs) {
    throw new SagepipeError("invalid-inputs", `step "${name}": with networkIsolation the code comes as the "code" channel; name your input otherwise`);
  }
  return step;
}


