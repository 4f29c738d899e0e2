import { isObject, type JsonObject } from "../../validate/step-index.js";
import { entries, lit, object, type Code, type Entry, type EntryLike } from "../code.js";
import { jsonEqual } from "../json.js";
import type { ValueLifter } from "../values.js";
import { keepsOrder } from "./processing.js";
import { literalOption, objectAt, option, tagsOption, type Lifter } from "./shared.js";
import { trainingJobOptions } from "./training.js";

/** A range bound as the options take it: a number when it reads back as the same text, else the text or the value. */
function bound(json: unknown, values: ValueLifter): Code {
  if (typeof json === "string" && /^-?\d+(\.\d+)?$/.test(json) && JSON.stringify(Number(json)) === json) return lit(Number(json));
  return values.value(json);
}

/** `ranges` from ParameterRanges: every range by hyperparameter name; undefined when one cannot be said with the options. */
function ranges(json: unknown, values: ValueLifter): Code | undefined {
  if (!isObject(json)) return undefined;
  const lists = [json.ContinuousParameterRanges, json.CategoricalParameterRanges, json.IntegerParameterRanges];
  // the builder writes all three lists, empty ones included
  if (!lists.every(Array.isArray)) return undefined;
  const out: Entry[] = [];
  const names = new Set<string>();
  const kinds = [["ContinuousParameterRanges", "continuous"], ["CategoricalParameterRanges", "categorical"], ["IntegerParameterRanges", "integer"]] as const;
  for (const [key, kind] of kinds) {
    for (const range of json[key] as unknown[]) {
      if (!isObject(range) || typeof range.Name !== "string" || names.has(range.Name) || !keepsOrder(range.Name)) return undefined;
      names.add(range.Name);
      if (kind === "categorical") {
        if (!Array.isArray(range.Values) || Object.keys(range).length !== 2) return undefined;
        out.push({ key: range.Name, value: object([["categorical", values.value(range.Values)]]) });
        continue;
      }
      if (Object.keys(range).length !== 4 || range.MinValue === undefined || range.MaxValue === undefined) return undefined;
      const scaling = literalOption("scaling", range.ScalingType, ["Auto", "Linear", "Logarithmic", "ReverseLogarithmic"], "Auto");
      if (typeof range.ScalingType !== "string") return undefined;
      out.push({
        key: range.Name,
        value: object([[kind, { kind: "array", items: [bound(range.MinValue, values), bound(range.MaxValue, values)] }], scaling]),
      });
    }
  }
  return out.length === 0 ? undefined : object(out);
}

function objective(json: unknown): Code | undefined {
  if (!isObject(json) || typeof json.MetricName !== "string" || Object.keys(json).length !== 2) return undefined;
  if (json.Type !== "Maximize" && json.Type !== "Minimize") return undefined;
  return object([["metric", lit(json.MetricName)], literalOption("type", json.Type, ["Maximize", "Minimize"], "Maximize")]);
}

/** A tuning job's training definition as training options. */
function training(definition: JsonObject, defaultOutputPath: unknown, values: ValueLifter): Code | undefined {
  const job = trainingJobOptions(definition, { resources: "HyperParameterTuningResourceConfig", hyperparameters: "StaticHyperParameters" }, defaultOutputPath, values);
  return job === undefined ? undefined : object(job.entries);
}

/** A Tuning step: `.tune`, of one algorithm (`training`, `objective`, `ranges`) or several (`definitions`). */
export const liftTuning: Lifter = ({ step, args, values, defaultLocation }) => {
  const config = objectAt(args, "HyperParameterTuningJobConfig");
  const limits = objectAt(config, "ResourceLimits");
  const strategy = typeof config.Strategy === "string" ? config.Strategy : "Bayesian";
  const output = defaultLocation([step.name, "output"]);
  let what: EntryLike[];
  // what topModel(k) starts its URI with: the training's output path (slashes trimmed), or the step's property of it
  const outputPaths = (isObject(args.TrainingJobDefinition) ? [args.TrainingJobDefinition] : Array.isArray(args.TrainingJobDefinitions) ? args.TrainingJobDefinitions : [])
    .filter(isObject)
    .map((definition) => objectAt(definition, "OutputDataConfig").S3OutputPath);
  const first = outputPaths[0];
  const isDefault = first !== undefined && jsonEqual(first, output);
  const topModelPrefix =
    outputPaths.length === 0 || !outputPaths.every((path) => jsonEqual(path, first))
      ? undefined
      : isDefault
        ? { Get: `Steps.${step.name}.${isObject(args.TrainingJobDefinition) ? "TrainingJobDefinition" : "TrainingJobDefinitions[0]"}.OutputDataConfig.S3OutputPath` }
        : typeof first === "string"
          ? first.replace(/\/+$/, "")
          : first;
  if (isObject(args.TrainingJobDefinition)) {
    const single = training(args.TrainingJobDefinition, output, values);
    const goal = objective(config.HyperParameterTuningJobObjective);
    const tuned = ranges(config.ParameterRanges, values);
    if (single === undefined || goal === undefined || tuned === undefined) return undefined;
    what = [["training", single], ["objective", goal], ["ranges", tuned]];
  } else if (Array.isArray(args.TrainingJobDefinitions)) {
    const definitions: Entry[] = [];
    for (const definition of args.TrainingJobDefinitions) {
      if (!isObject(definition) || typeof definition.DefinitionName !== "string" || !keepsOrder(definition.DefinitionName)) return undefined;
      const job = training(definition, output, values);
      const goal = objective(definition.TuningObjective);
      const tuned = ranges(definition.HyperParameterRanges, values);
      if (job === undefined || goal === undefined || tuned === undefined) return undefined;
      definitions.push({ key: definition.DefinitionName, value: object([["training", job], ["objective", goal], ["ranges", tuned]]) });
    }
    what = [["definitions", object(definitions)]];
  } else {
    return undefined;
  }
  const warm = objectAt(args, "WarmStartConfig");
  const parents = Array.isArray(warm.ParentHyperParameterTuningJobs) ? warm.ParentHyperParameterTuningJobs : undefined;
  const parentNames = parents?.map((p) => (isObject(p) ? p.HyperParameterTuningJobName : undefined));
  return {
    method: "tune",
    options: entries([
      ...what,
      literalOption("strategy", config.Strategy, ["Bayesian", "Random", "Hyperband", "Grid"], "Bayesian"),
      option("maxJobs", limits.MaxNumberOfTrainingJobs, values, strategy === "Grid" ? undefined : 1),
      option("maxParallelJobs", limits.MaxParallelTrainingJobs, values, 1),
      literalOption("earlyStopping", config.TrainingJobEarlyStoppingType, ["Off", "Auto"], "Off"),
      [
        "warmStart",
        parentNames === undefined || parentNames.some((p) => p === undefined) || (warm.WarmStartType !== "IdenticalDataAndAlgorithm" && warm.WarmStartType !== "TransferLearning")
          ? undefined
          : object([["parents", values.value(parentNames)], ["type", lit(warm.WarmStartType)]]),
      ],
      ["tags", tagsOption(args.Tags, values)],
    ]),
    handle: { topModelPrefix },
  };
};
