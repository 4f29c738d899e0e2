import { isObject, type JsonObject } from "../../validate/step-index.js";
import { array, entries, lit, object, type Code, type Entry } from "../code.js";
import { jsonEqual } from "../json.js";
import type { ValueLifter } from "../values.js";
import { hasExactly, keepsOrder } from "./processing.js";
import { literalOption, objectAt, option, stringMapOption, type Lifter } from "./shared.js";

const S3_KEYS = ["S3DataType", "S3Uri", "S3DataDistributionType"];
const CHANNEL_OPTIONS: readonly (readonly [string, string, readonly string[] | undefined])[] = [
  ["ContentType", "contentType", undefined],
  ["CompressionType", "compression", ["None", "Gzip"]],
  ["InputMode", "mode", ["File", "Pipe", "FastFile"]],
];

/**
 * `inputs` of a Training step (or a tuning job's training): each S3 channel by name, as its URI
 * when it has the defaults, or its options. Undefined when one cannot be said with the options.
 */
export function trainingInputs(json: unknown, values: ValueLifter): Code | undefined {
  if (!Array.isArray(json) || json.length === 0) return undefined;
  const list: Entry[] = [];
  for (const channel of json) {
    if (!isObject(channel) || typeof channel.ChannelName !== "string" || !keepsOrder(channel.ChannelName)) return undefined;
    const extra = Object.keys(channel).filter((key) => key !== "ChannelName" && key !== "DataSource");
    if (!extra.every((key) => CHANNEL_OPTIONS.some(([name]) => name === key))) return undefined;
    const source = objectAt(channel, "DataSource");
    const s3 = objectAt(source, "S3DataSource");
    if (!hasExactly(source, ["S3DataSource"]) || !hasExactly(s3, S3_KEYS)) return undefined;
    const dataType = s3.S3DataType;
    const distribution = s3.S3DataDistributionType;
    if (typeof dataType !== "string" || !["S3Prefix", "ManifestFile", "AugmentedManifestFile"].includes(dataType)) return undefined;
    if (typeof distribution !== "string" || !["FullyReplicated", "ShardedByS3Key"].includes(distribution)) return undefined;
    const settings: (readonly [string, Code | undefined])[] = [
      literalOption("dataType", dataType, ["S3Prefix", "ManifestFile", "AugmentedManifestFile"], "S3Prefix"),
      literalOption("distribution", distribution, ["FullyReplicated", "ShardedByS3Key"], "FullyReplicated"),
    ];
    for (const [key, name, allowed] of CHANNEL_OPTIONS) {
      const value = channel[key];
      if (value === undefined) continue;
      if (allowed !== undefined && (typeof value !== "string" || !allowed.includes(value))) return undefined;
      settings.push([name, allowed === undefined ? values.value(value) : lit(value as string)]);
    }
    const uri = values.value(s3.S3Uri);
    const set = settings.filter(([, value]) => value !== undefined);
    list.push({ key: channel.ChannelName, value: set.length === 0 ? uri : object([["source", uri], ...set]) });
  }
  return object(list);
}

/** `metrics` (name → regex) from MetricDefinitions, when each is a literal name and regex. */
export function metricsOption(json: unknown): Code | undefined {
  if (!Array.isArray(json) || json.length === 0) return undefined;
  const names = new Set<string>();
  const list: Entry[] = [];
  for (const metric of json) {
    if (!isObject(metric) || !hasExactly(metric, ["Name", "Regex"]) || typeof metric.Name !== "string" || typeof metric.Regex !== "string") return undefined;
    if (names.has(metric.Name) || !keepsOrder(metric.Name)) return undefined;
    names.add(metric.Name);
    list.push({ key: metric.Name, value: lit(metric.Regex) });
  }
  return object(list);
}

/**
 * The options of a training job: a Training step's `CreateTrainingJob` request, or a tuning job's
 * training definition, whose resources and static hyperparameters have other keys.
 */
export function trainingJobOptions(
  request: JsonObject,
  keys: { readonly resources: string; readonly hyperparameters: string },
  defaultOutputPath: unknown,
  values: ValueLifter,
): { entries: Entry[]; metrics: Set<string> } | undefined {
  const algorithm = objectAt(request, "AlgorithmSpecification");
  const resources = objectAt(request, keys.resources);
  const job = {
    role: request.RoleArn,
    outputPath: objectAt(request, "OutputDataConfig").S3OutputPath,
    stopping: objectAt(request, "StoppingCondition"),
    hyperparameters: request[keys.hyperparameters],
    inputs: request.InputDataConfig,
    environment: request.Environment,
  };
  if (algorithm.TrainingImage === undefined || resources.InstanceType === undefined || job.role === undefined) return undefined;
  const metrics = metricsOption(algorithm.MetricDefinitions);
  return {
    entries: entries([
      ["image", values.value(algorithm.TrainingImage)],
      ["role", values.value(job.role)],
      ["instanceType", values.value(resources.InstanceType)],
      option("instanceCount", resources.InstanceCount, values, 1),
      option("volumeSizeInGB", resources.VolumeSizeInGB, values, 30),
      ["inputs", trainingInputs(job.inputs, values)],
      ["hyperparameters", stringMapOption(job.hyperparameters, values, true)],
      ["outputPath", job.outputPath === undefined || jsonEqual(job.outputPath, defaultOutputPath) ? undefined : values.value(job.outputPath)],
      ["metrics", metrics],
      ["environment", stringMapOption(job.environment, values)],
      literalOption("inputMode", algorithm.TrainingInputMode, ["File", "Pipe", "FastFile"], "File"),
      option("maxRuntimeSeconds", job.stopping.MaxRuntimeInSeconds, values, 86400),
    ]),
    metrics: new Set(metrics?.kind === "object" ? metrics.entries.map((e) => e.key) : []),
  };
}

const PROFILING_INTERVALS = [100, 200, 500, 1000, 5000, 60000];

/** `debugHook` from a DebugHookConfig the options can say; undefined otherwise (it stays in `raw`). */
export function debugHookOption(json: unknown, values: ValueLifter): Code | undefined {
  if (!isObject(json) || json.S3OutputPath === undefined) return undefined;
  if (!Object.keys(json).every((key) => ["S3OutputPath", "LocalPath", "HookParameters", "CollectionConfigurations"].includes(key))) return undefined;
  let collections: Code | undefined;
  if (json.CollectionConfigurations !== undefined) {
    if (!Array.isArray(json.CollectionConfigurations)) return undefined;
    const items: Code[] = [];
    for (const collection of json.CollectionConfigurations) {
      if (!isObject(collection) || typeof collection.CollectionName !== "string") return undefined;
      if (!Object.keys(collection).every((key) => key === "CollectionName" || key === "CollectionParameters")) return undefined;
      const parameters = collection.CollectionParameters === undefined ? undefined : stringMapOption(collection.CollectionParameters, values);
      if (collection.CollectionParameters !== undefined && parameters === undefined) return undefined;
      items.push(object([["name", lit(collection.CollectionName)], ["parameters", parameters]]));
    }
    collections = array(items);
  }
  const hookParameters = json.HookParameters === undefined ? undefined : stringMapOption(json.HookParameters, values);
  if (json.HookParameters !== undefined && hookParameters === undefined) return undefined;
  return object([
    ["s3OutputPath", values.value(json.S3OutputPath)],
    option("localPath", json.LocalPath, values),
    ["hookParameters", hookParameters],
    ["collections", collections],
  ]);
}

/** `profiler` from a ProfilerConfig the options can say; undefined otherwise (it stays in `raw`). */
export function profilerOption(json: unknown, values: ValueLifter): Code | undefined {
  if (!isObject(json)) return undefined;
  if (!Object.keys(json).every((key) => ["S3OutputPath", "ProfilingIntervalInMilliseconds", "ProfilingParameters", "DisableProfiler"].includes(key))) return undefined;
  const interval = json.ProfilingIntervalInMilliseconds;
  if (typeof interval === "number" && !PROFILING_INTERVALS.includes(interval)) return undefined;
  if (interval !== undefined && typeof interval !== "number" && !isObject(interval)) return undefined;
  if (json.DisableProfiler !== undefined && typeof json.DisableProfiler !== "boolean" && !isObject(json.DisableProfiler)) return undefined;
  const parameters = json.ProfilingParameters === undefined ? undefined : stringMapOption(json.ProfilingParameters, values);
  if (json.ProfilingParameters !== undefined && parameters === undefined) return undefined;
  return object([
    option("s3OutputPath", json.S3OutputPath, values),
    option("intervalMs", interval, values),
    ["parameters", parameters],
    option("disabled", json.DisableProfiler, values),
  ]);
}

/** A Training step: `.train`. */
export const liftTraining: Lifter = ({ step, args, values, defaultLocation }) => {
  const job = trainingJobOptions(args, { resources: "ResourceConfig", hyperparameters: "HyperParameters" }, defaultLocation([step.name, "output"]), values);
  if (job === undefined) return undefined;
  const debuggerEntries = entries([
    ["debugHook", args.DebugHookConfig === undefined ? undefined : debugHookOption(args.DebugHookConfig, values)],
    ["profiler", args.ProfilerConfig === undefined ? undefined : profilerOption(args.ProfilerConfig, values)],
  ]);
  return { method: "train", options: [...job.entries, ...debuggerEntries], handle: { metrics: job.metrics } };
};
