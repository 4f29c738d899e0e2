import type { CreateHyperParameterTuningJobRequest, HyperParameterTrainingJobDefinition } from "../../aws/sagemaker-shapes.js";
import { SagepipeError } from "../../errors.js";
import { GetValue, JoinValue, PipelineValue, type AnyValue, type PipelineScalar } from "../../model/expressions.js";
import { createStepNode, type Raw, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, optionShape, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { deepMerge, stepOptionShape } from "./shared.js";
import { pythonStr } from "../script-mode/python-json.js";
import { TRAINING_JOB_KEYS, TRAINING_JOB_NESTED, trainingJobRequest, type TrainingOptions } from "./training.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/**
 * The training jobs a tuning job launches: the options of a Training step (image, role, instance,
 * inputs, static `hyperparameters`, `metrics`, ...), without local `code` (a tuning job's algorithm
 * takes no container entrypoint). `raw` reaches every field of the API's training job definition.
 */
export interface TuningTrainingOptions extends Omit<TrainingOptions, keyof StepOptions | "raw" | "code" | "command" | "debugHook" | "profiler"> {
  /** Any other field of the `HyperParameterTrainingJobDefinition`, merged over what the options produce. */
  readonly raw?: Raw<Partial<HyperParameterTrainingJobDefinition>>;
  /** A tuning job's algorithm takes no container entrypoint: build the code into the image. */
  readonly code?: never;
  readonly command?: never;
}

/** The metric a tuning job optimises. */
export interface TuningObjectiveOptions {
  /** The metric's name, e.g. `"validation:auc"`. */
  readonly metric: string;
  /** @default "Maximize", as the Python SDK */
  readonly type?: "Maximize" | "Minimize";
  /**
   * A regex with one capture group that finds the metric in the logs: for your own containers
   * (built-in algorithms emit their metrics). Added to the training's metric definitions.
   */
  readonly regex?: string;
}

/** A bound of a numeric range: a number, a number as text (`"0.0"`), or a parameter's value. */
export type RangeBound = number | `${number}` | PipelineValue<number> | PipelineValue<string>;

/** How a numeric range is searched. */
export type ScalingType = "Auto" | "Linear" | "Logarithmic" | "ReverseLogarithmic";

/** The values a tuned hyperparameter takes: one of `continuous`, `integer` or `categorical`. */
export type HyperparameterRange =
  | {
      /** `[min, max]` of a real-valued hyperparameter. */
      readonly continuous: readonly [RangeBound, RangeBound];
      /** @default "Auto" */
      readonly scaling?: ScalingType;
      readonly integer?: never;
      readonly categorical?: never;
    }
  | {
      /** `[min, max]` of an integer hyperparameter. */
      readonly integer: readonly [RangeBound, RangeBound];
      /** @default "Auto" */
      readonly scaling?: ScalingType;
      readonly continuous?: never;
      readonly categorical?: never;
    }
  | {
      /** The values to try (converted to text as hyperparameters are). */
      readonly categorical: readonly (PipelineScalar | PipelineValue<string>)[];
      readonly continuous?: never;
      readonly integer?: never;
    };

/** Tuned hyperparameters by name. */
export type HyperparameterRanges = { readonly [hyperparameter: string]: HyperparameterRange };

/** One algorithm of a multi-algorithm tuning job. */
export interface TuningDefinitionOptions {
  readonly training: TuningTrainingOptions;
  readonly objective: TuningObjectiveOptions;
  readonly ranges: HyperparameterRanges;
}

/** Options every Tuning step takes. */
export interface TuningCommonOptions extends StepOptions {
  /** @default "Bayesian", as the Python SDK */
  readonly strategy?: "Bayesian" | "Random" | "Hyperband" | "Grid";
  /** The most training jobs to run. @default 1, as the Python SDK (not set for "Grid") */
  readonly maxJobs?: Value<number>;
  /** The most training jobs to run at once. @default 1, as the Python SDK */
  readonly maxParallelJobs?: Value<number>;
  /** `Auto` stops training jobs that are unlikely to beat the best one. @default "Off" */
  readonly earlyStopping?: "Off" | "Auto";
  /** Start from earlier tuning jobs (by name): `IdenticalDataAndAlgorithm` or `TransferLearning`. */
  readonly warmStart?: {
    readonly parents: readonly Value<string>[];
    readonly type: "IdenticalDataAndAlgorithm" | "TransferLearning";
  };
  /** Resource tags: key → value. */
  readonly tags?: { readonly [key: string]: Value<string> };
  /** Any other field of the `CreateHyperParameterTuningJob` request, merged over what the options produce. */
  readonly raw?: Raw<Omit<CreateHyperParameterTuningJobRequest, "HyperParameterTuningJobName">>;
}

/** A tuning job of one algorithm (`TrainingJobDefinition`). */
export interface SingleAlgorithmTuningOptions extends TuningCommonOptions {
  /** The training jobs to launch. */
  readonly training: TuningTrainingOptions;
  /** The metric to optimise. */
  readonly objective: TuningObjectiveOptions;
  /** The hyperparameters to tune; a static hyperparameter of the same name is left out, as the Python SDK does. */
  readonly ranges: HyperparameterRanges;
  readonly definitions?: never;
}

/** A tuning job of several algorithms (`TrainingJobDefinitions`), each with its objective and ranges. */
export interface MultiAlgorithmTuningOptions extends TuningCommonOptions {
  /** The algorithms by definition name (1–10). */
  readonly definitions: { readonly [definitionName: string]: TuningDefinitionOptions };
  readonly training?: never;
  readonly objective?: never;
  readonly ranges?: never;
}

/** What a Tuning step tunes: one algorithm (`training`, `objective`, `ranges`) or several (`definitions`). */
export type TuningOptions = SingleAlgorithmTuningOptions | MultiAlgorithmTuningOptions;

/** Where {@link TuningHandle.topModel} finds the models: a bucket and prefix, or the output path. */
export type TopModelLocation =
  | { readonly bucket: Value<string>; readonly prefix?: Value<string> }
  | { readonly outputPath: Value<string> };

/** The handle of a Tuning step: its best models, its properties. */
export interface TuningHandle<N extends string> extends PropertiesHandle<N, "Tuning"> {
  /**
   * The S3 URI of the `k`-th best model (0–49), as the Python SDK's `get_top_model_s3_uri`:
   * `{"Std:Join": {"On": "/", "Values": [<output path...>, {"Get": "Steps.<name>.TrainingJobSummaries[k].TrainingJobName"}, "output/model.tar.gz"]}}`.
   * By default the output path is the training's `outputPath`.
   *
   * @example
   * ```ts
   * steps.Tune.topModel(0, { bucket: "my-bucket", prefix: "my-prefix" })
   * // {"Std:Join": {"On": "/", "Values": ["s3:/", "my-bucket", "my-prefix", {"Get": "Steps.Tune.TrainingJobSummaries[0].TrainingJobName"}, "output/model.tar.gz"]}}
   * ```
   */
  topModel(k: number, location?: TopModelLocation): PipelineValue<string>;
}

const TRAINING = optionShape<TuningTrainingOptions>({ ...TRAINING_JOB_KEYS, raw: true }, TRAINING_JOB_NESTED);
const OBJECTIVE = optionShape<TuningObjectiveOptions>({ metric: true, type: true, regex: true });
const RANGE = optionShape<HyperparameterRange>({ continuous: "list", integer: "list", categorical: "list", scaling: true });
const DEFINITION = optionShape<TuningDefinitionOptions>(
  { training: true, objective: true, ranges: "map" },
  { training: { object: TRAINING }, objective: { object: OBJECTIVE }, ranges: { record: RANGE } },
);

/** @internal The option keys of a Tuning step, for the run-time check (the compiler keeps them those of `TuningOptions`). */
export const TUNING_OPTIONS: OptionShape = stepOptionShape<TuningOptions>(
  {
    strategy: true,
    maxJobs: true,
    maxParallelJobs: true,
    earlyStopping: true,
    warmStart: true,
    tags: "map",
    raw: true,
    training: true,
    objective: true,
    ranges: "map",
    definitions: "map",
  },
  {
    warmStart: { object: optionShape<NonNullable<TuningCommonOptions["warmStart"]>>({ parents: "list", type: true }) },
    training: { object: TRAINING },
    objective: { object: OBJECTIVE },
    ranges: { record: RANGE },
    definitions: { record: DEFINITION },
  },
);

/**
 * A Tuning step (`CreateHyperParameterTuningJob`): training jobs over hyperparameter ranges,
 * keeping the best by an objective metric, with the Python SDK's `HyperparameterTuner` defaults
 * (Bayesian, one job, early stopping off). The training definition takes the options of a Training
 * step; `raw` reaches every other field of the API.
 *
 * @example
 * ```ts
 * tuningStep("Tune", {
 *   training: { image: XGBOOST_IMAGE, role, instanceType: "ml.m5.xlarge", inputs: { train: steps.Preprocess.outputs.train } },
 *   objective: { metric: "validation:auc" }, ranges: { eta: { continuous: [0.1, 0.5] } }, maxJobs: 10, maxParallelJobs: 2,
 * })
 * // Arguments.HyperParameterTuningJobConfig: {"Strategy": "Bayesian", "ResourceLimits": {"MaxNumberOfTrainingJobs": 10, "MaxParallelTrainingJobs": 2},
 * //  "TrainingJobEarlyStoppingType": "Off", "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
 * //  "ParameterRanges": {"ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5", "ScalingType": "Auto"}], ...}}
 * ```
 */
export function tuningStep<const N extends string, const O extends TuningOptions>(name: N, options: ExactOptions<O, TuningOptions>): StepDefinition<N, TuningHandle<N>>;
export function tuningStep(name: string, options: TuningOptions): StepDefinition<string, TuningHandle<string>> {
  checkOptions(`Tuning step "${name}"`, options, TUNING_OPTIONS);
  if ((options.training === undefined) === (options.definitions === undefined)) {
    throw new SagepipeError(
      "conflicting-options",
      `Tuning step "${name}" needs exactly one of training (one algorithm, with objective and ranges) and definitions (several algorithms), got ${options.training === undefined ? "none" : "both"}`,
    );
  }
  const single = options.training !== undefined;
  const definitions: readonly (readonly [string | undefined, TuningDefinitionOptions])[] = single
    ? [[undefined, { training: options.training, objective: options.objective as TuningObjectiveOptions, ranges: options.ranges as HyperparameterRanges }]]
    : Object.entries(options.definitions as { readonly [definitionName: string]: TuningDefinitionOptions });
  if (definitions.length === 0 || definitions.length > 10) {
    throw new SagepipeError("invalid-tuning-definitions", `Tuning step "${name}" needs 1–10 definitions, got ${definitions.length}`);
  }
  const strategy = options.strategy ?? "Bayesian";
  const maxJobs = options.maxJobs ?? (strategy === "Grid" ? undefined : 1);
  const objective = (o: TuningObjectiveOptions | undefined) => {
    if (o === undefined || typeof o.metric !== "string" || o.metric === "") {
      throw new SagepipeError("missing-objective", `Tuning step "${name}" needs an objective metric, e.g. objective: { metric: "validation:auc", type: "Maximize" }`);
    }
    return { Type: o.type ?? "Maximize", MetricName: o.metric };
  };
  const first = definitions[0]?.[1] as TuningDefinitionOptions;
  const tuningConfig = {
    Strategy: strategy,
    ResourceLimits: {
      ...(maxJobs === undefined ? {} : { MaxNumberOfTrainingJobs: maxJobs }),
      MaxParallelTrainingJobs: options.maxParallelJobs ?? 1,
    },
    TrainingJobEarlyStoppingType: options.earlyStopping ?? "Off",
    ...(single ? { HyperParameterTuningJobObjective: objective(first.objective), ParameterRanges: parameterRanges(name, first.ranges) } : {}),
  };
  const jobDefinitions = definitions.map(([definitionName, definition]) => {
    const job = trainingDefinition(name, definition);
    const named =
      definitionName === undefined
        ? job
        : { ...job, DefinitionName: definitionName, TuningObjective: objective(definition.objective), HyperParameterRanges: parameterRanges(name, definition.ranges) };
    return deepMerge(named, definition.training.raw);
  });
  const generated = {
    HyperParameterTuningJobConfig: tuningConfig,
    ...(single ? { TrainingJobDefinition: jobDefinitions[0] } : { TrainingJobDefinitions: jobDefinitions }),
    ...(options.warmStart === undefined
      ? {}
      : {
          WarmStartConfig: {
            WarmStartType: options.warmStart.type,
            ParentHyperParameterTuningJobs: options.warmStart.parents.map((parent) => ({ HyperParameterTuningJobName: parent })),
          },
        }),
    ...(options.tags === undefined ? {} : { Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })) }),
  };
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const node = createStepNode(name, "Tuning", args, options);
  const outputPaths = definitions.map(([, definition]) => definition.training.outputPath);
  const handle = Object.freeze({
    ...propertiesHandle(name, "Tuning"),
    topModel: (k: number, location?: TopModelLocation) => topModel(name, single, outputPaths, k, location),
  });
  return Object.freeze({ name, node, handle });
}

/** A training job definition in the Python SDK's key order, from the Training step's options. */
function trainingDefinition(step: string, definition: TuningDefinitionOptions) {
  const training = definition.training;
  if (training.code !== undefined) {
    throw new SagepipeError(
      "unsupported-option",
      `Tuning step "${step}": a tuning job's training cannot run local code (the API takes no container entrypoint); build it into the image or pass it as hyperparameters`,
    );
  }
  const request = trainingJobRequest(step, training);
  const ranged = new Set(Object.keys(definition.ranges));
  const objective = definition.objective;
  const metrics = request.AlgorithmSpecification.MetricDefinitions ?? [];
  const declared = metrics.find((m) => m.Name === objective.metric);
  if (declared !== undefined && objective.regex !== undefined && declared.Regex !== objective.regex) {
    throw new SagepipeError(
      "conflicting-options",
      `Tuning step "${step}": the objective's regex for "${objective.metric}" differs from the training's metrics; declare it in one place`,
    );
  }
  const metricDefinitions =
    declared === undefined && objective.regex !== undefined ? [...metrics, { Name: objective.metric, Regex: objective.regex }] : metrics;
  return {
    StaticHyperParameters: Object.fromEntries(Object.entries(request.HyperParameters ?? {}).filter(([key]) => !ranged.has(key))),
    RoleArn: request.RoleArn,
    OutputDataConfig: request.OutputDataConfig,
    HyperParameterTuningResourceConfig: request.ResourceConfig,
    StoppingCondition: request.StoppingCondition,
    AlgorithmSpecification: {
      TrainingImage: request.AlgorithmSpecification.TrainingImage,
      TrainingInputMode: request.AlgorithmSpecification.TrainingInputMode,
      ...(metricDefinitions.length === 0 ? {} : { MetricDefinitions: metricDefinitions }),
    },
    ...(request.InputDataConfig === undefined ? {} : { InputDataConfig: request.InputDataConfig }),
    ...(request.Environment === undefined ? {} : { Environment: request.Environment }),
  };
}

const RANGE_KINDS = ["continuous", "integer", "categorical"] as const;

/** `ParameterRanges` as the Python SDK emits it: all three lists, empty ones included. */
function parameterRanges(step: string, ranges: HyperparameterRanges) {
  const entries = Object.entries(ranges ?? {});
  if (entries.length === 0) {
    throw new SagepipeError("missing-ranges", `Tuning step "${step}" needs at least one hyperparameter range, e.g. ranges: { eta: { continuous: [0.1, 0.5] } }`);
  }
  const out = {
    ContinuousParameterRanges: [] as unknown[],
    CategoricalParameterRanges: [] as unknown[],
    IntegerParameterRanges: [] as unknown[],
  };
  for (const [hyperparameter, range] of entries) {
    const kinds = RANGE_KINDS.filter((kind) => range[kind] !== undefined);
    if (kinds.length !== 1) {
      throw new SagepipeError(
        "invalid-range",
        `Tuning step "${step}": the range of "${hyperparameter}" needs exactly one of continuous, integer or categorical, got ${kinds.length === 0 ? "none" : kinds.join(" and ")}`,
      );
    }
    if (range.categorical !== undefined) {
      if (range.categorical.length === 0) {
        throw new SagepipeError("invalid-range", `Tuning step "${step}": the categorical range of "${hyperparameter}" needs at least one value`);
      }
      out.CategoricalParameterRanges.push({ Name: hyperparameter, Values: range.categorical.map(rangeText) });
      continue;
    }
    const kind = range.continuous === undefined ? "integer" : "continuous";
    const bounds = (range.continuous ?? range.integer) as readonly [RangeBound, RangeBound];
    checkBounds(step, hyperparameter, kind, bounds);
    const numeric = { Name: hyperparameter, MinValue: rangeText(bounds[0]), MaxValue: rangeText(bounds[1]), ScalingType: range.scaling ?? "Auto" };
    (kind === "integer" ? out.IntegerParameterRanges : out.ContinuousParameterRanges).push(numeric);
  }
  return out;
}

function checkBounds(step: string, hyperparameter: string, kind: "continuous" | "integer", bounds: readonly [RangeBound, RangeBound]): void {
  if (!Array.isArray(bounds) || bounds.length !== 2) {
    throw new SagepipeError("invalid-range", `Tuning step "${step}": the ${kind} range of "${hyperparameter}" is [min, max]`);
  }
  const literal = bounds.map((bound) => (bound instanceof PipelineValue ? undefined : Number(bound)));
  for (const value of literal) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || (kind === "integer" && !Number.isInteger(value))) {
      throw new SagepipeError(
        "invalid-range",
        `Tuning step "${step}": the ${kind} range of "${hyperparameter}" has bound ${JSON.stringify(bounds[literal.indexOf(value)])}, which is not ${kind === "integer" ? "an integer" : "a number"}`,
      );
    }
  }
  const [min, max] = literal;
  if (min !== undefined && max !== undefined && min > max) {
    throw new SagepipeError("invalid-range", `Tuning step "${step}": the ${kind} range of "${hyperparameter}" has min ${min} above max ${max}`);
  }
}

/** A range bound or categorical value as the API's text: literals as hyperparameters are converted, pipeline values as they are. */
function rangeText(value: PipelineScalar | PipelineValue<unknown>): string | PipelineValue<unknown> {
  return value instanceof PipelineValue ? value : pythonStr(value);
}

function topModel(step: string, single: boolean, outputPaths: readonly (Value<string> | undefined)[], k: number, location?: TopModelLocation): PipelineValue<string> {
  if (!Number.isInteger(k) || k < 0 || k > 49) {
    throw new SagepipeError("invalid-top-model", `Tuning step "${step}": topModel(k) takes k from 0 to 49 (the tuning job lists its 50 best training jobs), got ${k}`);
  }
  const trainingJob = new GetValue<string>(`Steps.${step}.TrainingJobSummaries[${k}].TrainingJobName`, "string");
  let prefix: readonly AnyValue[];
  if (location !== undefined && "bucket" in location) {
    prefix = ["s3:/", location.bucket, ...(location.prefix === undefined || location.prefix === "" ? [] : [location.prefix])];
  } else {
    prefix = [trimSlash(location?.outputPath ?? defaultOutputPath(step, single, outputPaths))];
  }
  return new JoinValue("/", [...prefix, trainingJob, "output/model.tar.gz"]);
}

/** The training's output path; the step's property when it is the default location (known only when compiled). */
function defaultOutputPath(step: string, single: boolean, outputPaths: readonly (Value<string> | undefined)[]): Value<string> {
  const distinct = [...new Set(outputPaths)];
  if (distinct.length > 1) {
    throw new SagepipeError(
      "ambiguous-output-path",
      `Tuning step "${step}": its definitions write to different output paths, so topModel(k) cannot tell where the k-th best model is; pass topModel(k, { outputPath })`,
    );
  }
  const path = distinct[0];
  if (path !== undefined) return path;
  return new GetValue<string>(`Steps.${step}.${single ? "TrainingJobDefinition" : "TrainingJobDefinitions[0]"}.OutputDataConfig.S3OutputPath`, "string");
}

const trimSlash = (path: Value<string>): Value<string> => (typeof path === "string" ? path.replace(/\/+$/, "") : path);
