import { isObject, type JsonObject } from "../../validate/step-index.js";
import { entries, lit, type EntryLike } from "../code.js";
import { jsonEqual } from "../json.js";
import type { ValueLifter } from "../values.js";
import { objectAt, option, type Lifter } from "./shared.js";

/** The S3 URI of the processing input `name`, if the step has one. */
export function inputUri(args: JsonObject, name: string): unknown {
  const inputs = Array.isArray(args.ProcessingInputs) ? args.ProcessingInputs : [];
  const input = inputs.find((i) => isObject(i) && i.InputName === name);
  return isObject(input) && isObject(input.S3Input) ? input.S3Input.S3Uri : undefined;
}

/** The options every check step shares: the baselining job's resources and the check's step keys. */
export function checkJobOptions(args: JsonObject, keys: JsonObject, values: ValueLifter): EntryLike[] {
  const cluster = objectAt(objectAt(args, "ProcessingResources"), "ClusterConfig");
  const keyOption = (key: string, json: unknown, fallback: unknown): EntryLike =>
    json === undefined || jsonEqual(json, fallback) ? undefined : [key, values.value(json)];
  return [
    ["role", values.value(args.RoleArn)],
    ["instanceType", values.value(cluster.InstanceType)],
    option("instanceCount", cluster.InstanceCount, values, 1),
    option("volumeSizeInGB", cluster.VolumeSizeInGB, values, 30),
    option("volumeKmsKey", cluster.VolumeKmsKeyId, values),
    option("outputKmsKey", objectAt(args, "ProcessingOutputConfig").KmsKeyId, values),
    option("maxRuntimeSeconds", objectAt(args, "StoppingCondition").MaxRuntimeInSeconds, values),
    keyOption("modelPackageGroupName", keys.ModelPackageGroupName, null),
    keyOption("skipCheck", keys.SkipCheck, false),
    keyOption("failOnViolation", keys.FailOnViolation, true),
    keyOption("registerNewBaseline", keys.RegisterNewBaseline, false),
    keyOption("suppliedBaselineConstraints", keys.SuppliedBaselineConstraints, null),
  ];
}

/** `outputPath`: the S3 URI of the check's one output, left out when it is the default location; false when there is no output. */
export function checkOutputPath(args: JsonObject, defaultLocation: unknown, values: ValueLifter): EntryLike | false {
  const outputs = objectAt(args, "ProcessingOutputConfig").Outputs;
  const first = Array.isArray(outputs) && isObject(outputs[0]) && isObject(outputs[0].S3Output) ? outputs[0].S3Output.S3Uri : undefined;
  if (first === undefined) return false;
  return jsonEqual(first, defaultLocation) ? undefined : ["outputPath", values.value(first)];
}

const CHECK_TYPES = ["DATA_BIAS", "MODEL_BIAS", "MODEL_EXPLAINABILITY"];

/** A ClarifyCheck step: `.clarifyCheck`. */
export const liftClarifyCheck: Lifter = ({ step, args, keys, values, defaultLocation }) => {
  const checkType = keys.CheckType;
  const image = objectAt(args, "AppSpecification").ImageUri;
  const dataset = inputUri(args, "dataset");
  const analysisConfig = inputUri(args, "analysis_config");
  if (typeof checkType !== "string" || !CHECK_TYPES.includes(checkType) || image === undefined || dataset === undefined || analysisConfig === undefined) return undefined;
  if ((checkType === "DATA_BIAS") !== (keys.ModelName === undefined)) return undefined;
  const outputPath = checkOutputPath(args, defaultLocation([step.name, "output", "analysis_result"]), values);
  if (outputPath === false) return undefined;
  return {
    method: "clarifyCheck",
    options: entries([
      ["checkType", lit(checkType)],
      ["image", values.value(image)],
      ...checkJobOptions(args, keys, values),
      ["dataset", values.value(dataset)],
      ["analysisConfig", values.value(analysisConfig)],
      outputPath,
      ["modelName", keys.ModelName === undefined ? undefined : values.value(keys.ModelName)],
    ]),
    handle: {},
  };
};
