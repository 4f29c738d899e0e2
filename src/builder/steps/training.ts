import type { CreateTrainingJobRequest, DescribeTrainingJobResponse, MetricData } from "../../aws/sagemaker-shapes.js";
import { posix } from "node:path";
import { SagepipeError } from "../../errors.js";
import { DefaultLocation, LocalAsset } from "../../compile/assets.js";
import { GetValue, PipelineValue, type PipelineScalar } from "../../model/expressions.js";
import { createStepNode, type Raw, type StepOptions } from "../../model/step-node.js";
import { stepProperties, type Properties, type PropertyList } from "../../model/properties.js";
import { namedValues } from "../handles.js";
import type { StepDefinition, StepHandle } from "../step-definition.js";
import { checkOptions, optionShape, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { pythonStr } from "../script-mode/python-json.js";
import { checkCode, deepMerge, sdkToString, stepOptionShape, stringMap } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** A training channel: an S3 location the job reads. */
export interface ChannelOptions {
  /** The S3 URI of the data (a prefix by default). */
  readonly source: Value<string> | LocalAsset;
  /** @default "S3Prefix" */
  readonly dataType?: "S3Prefix" | "ManifestFile" | "AugmentedManifestFile";
  /** @default "FullyReplicated" */
  readonly distribution?: "FullyReplicated" | "ShardedByS3Key";
  /** The MIME type of the data, e.g. `"text/csv"`. */
  readonly contentType?: Value<string>;
  /** @default "None" */
  readonly compression?: "None" | "Gzip";
  /** `File`, `Pipe` or `FastFile`; by default the job's input mode. */
  readonly mode?: "File" | "Pipe" | "FastFile";
}

/** What a Training step trains and on what. */
export interface TrainingOptions extends StepOptions {
  /** The training image URI. */
  readonly image: Value<string>;
  /** The IAM role the job runs as. */
  readonly role: Value<string>;
  /** e.g. `"ml.m5.xlarge"`. */
  readonly instanceType: Value<string>;
  /** @default 1 */
  readonly instanceCount?: Value<number>;
  /** @default 30, as the Python SDK */
  readonly volumeSizeInGB?: Value<number>;
  /** Channels by name (`train`, `validation`, ...): an S3 URI or the full options. */
  readonly inputs?: { readonly [channel: string]: Value<string> | LocalAsset | ChannelOptions };
  /** Hyperparameters; non-string values are converted as the Python SDK does. */
  readonly hyperparameters?: { readonly [name: string]: Value<PipelineScalar> };
  /**
   * Where the model artifact is written.
   * @default `s3://<asset bucket>/<prefix>/<pipeline>/<execution id>/<step>/output` (needs `.assets({ bucket })`)
   */
  readonly outputPath?: Value<string>;
  /**
   * Local training code: a script, or `{ dir, entryPoint }`. It is uploaded, given to the job as
   * the `code` channel, and run with `command` as the container entrypoint.
   */
  readonly code?: string | { readonly dir: string; readonly entryPoint: string };
  /** The interpreter that runs `code`. @default ["python3"] */
  readonly command?: readonly string[];
  /** Metrics to scrape from the logs: name → regex with one capture group. */
  readonly metrics?: { readonly [name: string]: string };
  /** Environment variables. */
  readonly environment?: { readonly [name: string]: Value<PipelineScalar> };
  /** @default "File" */
  readonly inputMode?: "File" | "Pipe" | "FastFile";
  /** @default 86400 (one day), as the Python SDK */
  readonly maxRuntimeSeconds?: Value<number>;
  /** SageMaker Debugger's hook (`DebugHookConfig`): where the job saves tensors, and which collections. */
  readonly debugHook?: DebugHookOptions;
  /** SageMaker's profiler (`ProfilerConfig`); `{ disabled: true }` turns it off. */
  readonly profiler?: ProfilerOptions;
  /** Any other field of the `CreateTrainingJob` request, merged over what the options produce. */
  readonly raw?: Raw<Omit<CreateTrainingJobRequest, "TrainingJobName">>;
}

/**
 * SageMaker Debugger's hook of a training job (`DebugHookConfig`). The Python SDK's estimators write
 * one by default: `{ s3OutputPath: <output path>, collections: [] }`.
 */
export interface DebugHookOptions {
  /** Where the tensors are uploaded. */
  readonly s3OutputPath: Value<string>;
  /** Where the job writes them in the container. @default "/opt/ml/output/tensors" (SageMaker's) */
  readonly localPath?: Value<string>;
  /** The hook's parameters (`save_interval`, ...). */
  readonly hookParameters?: { readonly [name: string]: Value<string> };
  /** The tensor collections to save, each by name with its parameters; `[]` is written as an empty list. */
  readonly collections?: readonly DebugCollectionOptions[];
}

/** A tensor collection SageMaker Debugger saves (`CollectionConfiguration`). */
export interface DebugCollectionOptions {
  readonly name: string;
  readonly parameters?: { readonly [name: string]: Value<string> };
}

/** SageMaker's profiler of a training job (`ProfilerConfig`). */
export interface ProfilerOptions {
  /** Where the profiling data is uploaded. */
  readonly s3OutputPath?: Value<string>;
  /** How often the system metrics are sampled. */
  readonly intervalMs?: 100 | 200 | 500 | 1000 | 5000 | 60000 | PipelineValue<number>;
  /** The profiler's parameters (`DataloaderProfilingConfig`, ...). */
  readonly parameters?: { readonly [name: string]: Value<string> };
  /** `true` turns the profiler off; written as given (the Python SDK writes `false` by default). */
  readonly disabled?: Value<boolean>;
}

/** The metric names a Training step's options declare; `string` when they declare none (the list is open). */
export type DeclaredMetricNames<O> = [O] extends [never]
  ? string
  : O extends { readonly metrics: infer M }
    ? [keyof M & string] extends [never]
      ? string
      : keyof M & string
    : string;

/**
 * The properties of a Training step (`DescribeTrainingJobResponse`), with `FinalMetricDataList`
 * keyed by the metric names `M` it declares: `FinalMetricDataList["validation:auc"]` and
 * `FinalMetricDataList.get("validation:auc")` are typed as present, another name is a type error.
 */
export type TrainingProperties<M extends string = string> = {
  readonly [K in Exclude<keyof DescribeTrainingJobResponse, "$metadata" | "FinalMetricDataList">]-?: Properties<DescribeTrainingJobResponse[K]>;
} & { readonly FinalMetricDataList: PropertyList<MetricData, M> } & PipelineValue<unknown>;

/** The handle of a Training step: its model artifact, its metrics, its properties. */
export interface TrainingHandle<N extends string, O extends TrainingOptions> extends StepHandle<N, "Training"> {
  /**
   * `{"Get": "Steps.<name>.<path>"}` references, typed from `DescribeTrainingJobResponse`;
   * `FinalMetricDataList` by the declared metric names (see {@link TrainingProperties}).
   */
  readonly properties: TrainingProperties<DeclaredMetricNames<O>>;
  /** `{"Get": "Steps.<name>.ModelArtifacts.S3ModelArtifacts"}`: the model.tar.gz in S3. */
  readonly modelArtifacts: PipelineValue<string>;
  /** `{"Get": "Steps.<name>.FinalMetricDataList['<metric>'].Value"}` per declared metric. */
  readonly metrics: { readonly [K in keyof NonNullable<O["metrics"]>]: PipelineValue<number> };
}

const CODE_CHANNEL_DIR = "/opt/ml/input/data/code";

const CHANNEL = optionShape<ChannelOptions>({ source: true, dataType: true, distribution: true, contentType: true, compression: true, mode: true });
const CODE = optionShape<Exclude<TrainingOptions["code"], string | undefined>>({ dir: true, entryPoint: true });
const DEBUG_HOOK = optionShape<DebugHookOptions>(
  { s3OutputPath: true, localPath: true, hookParameters: "map", collections: "list" },
  { collections: { list: optionShape<DebugCollectionOptions>({ name: true, parameters: "map" }) } },
);
const PROFILER = optionShape<ProfilerOptions>({ s3OutputPath: true, intervalMs: true, parameters: "map", disabled: true });

/** @internal The training job keys of the training options, shared with the tuning step's `training`. */
export const TRAINING_JOB_KEYS = {
  image: true,
  role: true,
  instanceType: true,
  instanceCount: true,
  volumeSizeInGB: true,
  inputs: "map",
  hyperparameters: "map",
  outputPath: true,
  code: true,
  command: "list",
  metrics: "map",
  environment: "map",
  inputMode: true,
  maxRuntimeSeconds: true,
} as const satisfies { readonly [K in keyof TrainingJobOptions]-?: true | "list" | "map" };

/** @internal The option objects inside the training job options. */
export const TRAINING_JOB_NESTED = { inputs: { record: CHANNEL }, code: { object: CODE } } as const;

/** @internal The option objects inside the training step's options, shared with the script-mode step's list. */
export const TRAINING_NESTED = { ...TRAINING_JOB_NESTED, debugHook: { object: DEBUG_HOOK }, profiler: { object: PROFILER } } as const;

/** @internal The option keys of a Training step, for the run-time check (the compiler keeps them those of `TrainingOptions`). */
export const TRAINING_OPTIONS: OptionShape = stepOptionShape<TrainingOptions>({ ...TRAINING_JOB_KEYS, debugHook: true, profiler: true, raw: true }, TRAINING_NESTED);

/**
 * A Training step from high-level options (image, inputs, hyperparameters, instance, metrics),
 * with the Python SDK's estimator defaults; `raw` reaches every other field of the API.
 *
 * @example
 * ```ts
 * trainingStep("Train", { image, role, instanceType: "ml.m5.xlarge", inputs: { train: "s3://b/train/" }, hyperparameters: { max_depth: 5 } })
 * // Arguments.HyperParameters: {"max_depth": "5"}
 * ```
 */
export function trainingStep<const N extends string, const O extends TrainingOptions>(
  name: N,
  options: ExactOptions<O, TrainingOptions>,
): StepDefinition<N, TrainingHandle<N, O>>;
export function trainingStep(name: string, options: TrainingOptions): StepDefinition<string, TrainingHandle<string, TrainingOptions>> {
  checkOptions(`Training step "${name}"`, options, TRAINING_OPTIONS);
  const generated = { ...trainingJobRequest(name, options), ...debuggerRequest(name, options) };
  const metrics = generated.AlgorithmSpecification.MetricDefinitions ?? [];
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const node = createStepNode(name, "Training", args, options);
  // the declared metrics are the names FinalMetricDataList has (unless raw replaces the definitions)
  const declared = options.metrics !== undefined && metrics.length > 0 && !rawSetsMetricDefinitions(options.raw) ? [{ path: "FinalMetricDataList", what: "metric", names: metrics.map((m) => m.Name) }] : [];
  const handle = Object.freeze({
    name,
    type: "Training",
    properties: stepProperties("Training", name, declared),
    modelArtifacts: new GetValue<string>(`Steps.${name}.ModelArtifacts.S3ModelArtifacts`, "string"),
    metrics: namedValues(
      `Training step "${name}"`,
      "metric",
      Object.fromEntries(metrics.map((m) => [m.Name, new GetValue<number>(`Steps.${name}.FinalMetricDataList['${m.Name}'].Value`, "float")])),
    ),
  }) as unknown as TrainingHandle<string, TrainingOptions>;
  return Object.freeze({ name, node, handle });
}

/** True when `raw` sets `AlgorithmSpecification.MetricDefinitions` (which replaces the declared metrics). */
function rawSetsMetricDefinitions(raw: TrainingOptions["raw"]): boolean {
  const spec: unknown = (raw as { readonly AlgorithmSpecification?: unknown } | undefined)?.AlgorithmSpecification;
  return typeof spec === "object" && spec !== null && "MetricDefinitions" in spec;
}

/** The training job fields that {@link trainingJobRequest} reads: the options without the step-level ones and `raw`. */
export type TrainingJobOptions = Omit<TrainingOptions, keyof StepOptions | "raw" | "debugHook" | "profiler">;

/** `DebugHookConfig` and `ProfilerConfig` from a Training step's options (a tuning job's training has neither). */
function debuggerRequest(name: string, options: Pick<TrainingOptions, "debugHook" | "profiler">) {
  const hook = options.debugHook;
  const profiler = options.profiler;
  return {
    ...(hook === undefined
      ? {}
      : {
          DebugHookConfig: {
            S3OutputPath: hook.s3OutputPath,
            ...(hook.localPath === undefined ? {} : { LocalPath: hook.localPath }),
            ...(hook.hookParameters === undefined ? {} : { HookParameters: stringMap(hook.hookParameters, `step "${name}": debugHook.hookParameters`) }),
            ...(hook.collections === undefined
              ? {}
              : {
                  CollectionConfigurations: hook.collections.map((collection, index) => ({
                    CollectionName: collection.name,
                    ...(collection.parameters === undefined
                      ? {}
                      : { CollectionParameters: stringMap(collection.parameters, `step "${name}": debugHook.collections[${index}].parameters`) }),
                  })),
                }),
          },
        }),
    ...(profiler === undefined
      ? {}
      : {
          ProfilerConfig: {
            ...(profiler.s3OutputPath === undefined ? {} : { S3OutputPath: profiler.s3OutputPath }),
            ...(profiler.intervalMs === undefined ? {} : { ProfilingIntervalInMilliseconds: profiler.intervalMs }),
            ...(profiler.parameters === undefined ? {} : { ProfilingParameters: stringMap(profiler.parameters, `step "${name}": profiler.parameters`) }),
            ...(profiler.disabled === undefined ? {} : { DisableProfiler: profiler.disabled }),
          },
        }),
  };
}

/**
 * @internal The `CreateTrainingJob` fields the high-level training options produce (before `raw`):
 * shared by `trainingStep` and `tuningStep`, which maps them onto its training job definitions.
 *
 * @example
 * ```ts
 * trainingJobRequest("Train", { image, role, instanceType: "ml.m5.xlarge" }).ResourceConfig
 * // {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30}
 * ```
 */
export function trainingJobRequest(name: string, options: TrainingJobOptions) {
  const channels = Object.entries(options.inputs ?? {}).map(([channel, input]) => trainingChannel(channel, input));
  let entrypoint: string[] | undefined;
  if (options.command !== undefined && options.code === undefined) {
    throw new SagepipeError(
      "invalid-option",
      `step "${name}": command runs code, and the step has no code (the command would be left out and the image's own program would run): give code: "./train.py" with it, or the entrypoint with raw: { AlgorithmSpecification: { ContainerEntrypoint: [...] } }`,
    );
  }
  if (options.code !== undefined) {
    checkCode(`step "${name}"`, options.code);
    const code = typeof options.code === "string" ? { path: options.code, entryPoint: posix.basename(options.code) } : { path: options.code.dir, entryPoint: options.code.entryPoint };
    channels.push(trainingChannel("code", { source: new LocalAsset(code.path, typeof options.code === "string" ? "file" : undefined) }));
    entrypoint = [...(options.command ?? ["python3"]), `${CODE_CHANNEL_DIR}/${code.entryPoint}`];
  }
  const metrics = Object.entries(options.metrics ?? {}).map(([metric, regex]) => ({ Name: metric, Regex: regex }));
  return {
    AlgorithmSpecification: {
      TrainingImage: options.image,
      TrainingInputMode: options.inputMode ?? "File",
      ...(metrics.length === 0 ? {} : { MetricDefinitions: metrics }),
      ...(entrypoint === undefined ? {} : { ContainerEntrypoint: entrypoint }),
    },
    OutputDataConfig: { S3OutputPath: options.outputPath ?? new DefaultLocation([name, "output"]) },
    ResourceConfig: {
      InstanceCount: options.instanceCount ?? 1,
      InstanceType: options.instanceType,
      VolumeSizeInGB: options.volumeSizeInGB ?? 30,
    },
    RoleArn: options.role,
    StoppingCondition: { MaxRuntimeInSeconds: options.maxRuntimeSeconds ?? 86400 },
    ...(options.hyperparameters === undefined ? {} : { HyperParameters: hyperparameterMap(name, options.hyperparameters) }),
    ...(channels.length === 0 ? {} : { InputDataConfig: channels }),
    ...(options.environment === undefined ? {} : { Environment: stringMap(options.environment, `step "${name}": environment`) }),
  };
}

/**
 * The hyperparameters as the SDK's Estimator writes them (`_get_train_args` applies its
 * `to_string()` to each): a literal as Python's `str()` writes it (`true` → `"True"`, `1e-5` →
 * `"1e-05"`), a pipeline value through the SDK's `to_string()` (a step's string property too is
 * wrapped in a Join, as the SDK wraps it).
 */
function hyperparameterMap(step: string, hyperparameters: NonNullable<TrainingJobOptions["hyperparameters"]>) {
  const map = stringMap(hyperparameters, `step "${step}": hyperparameters`);
  for (const [key, value] of Object.entries(map)) {
    const literal: unknown = Object.getOwnPropertyDescriptor(hyperparameters, key)?.value;
    if (value instanceof PipelineValue) map[key] = sdkToString(value);
    else if (typeof literal === "number" || typeof literal === "boolean") map[key] = pythonStr(literal);
  }
  return map;
}

function trainingChannel(channel: string, input: Value<string> | LocalAsset | ChannelOptions) {
  const spec: ChannelOptions =
    typeof input === "string" || input instanceof LocalAsset || input instanceof PipelineValue ? { source: input } : input;
  return {
    ChannelName: channel,
    DataSource: {
      S3DataSource: {
        S3DataType: spec.dataType ?? "S3Prefix",
        S3Uri: spec.source,
        S3DataDistributionType: spec.distribution ?? "FullyReplicated",
      },
    },
    ...(spec.contentType === undefined ? {} : { ContentType: spec.contentType }),
    ...(spec.compression === undefined ? {} : { CompressionType: spec.compression }),
    ...(spec.mode === undefined ? {} : { InputMode: spec.mode }),
  };
}
