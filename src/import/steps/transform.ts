import { entries, object, type Code } from "../code.js";
import { jsonEqual } from "../json.js";
import { hasExactly } from "./processing.js";
import { literalOption, objectAt, option, stringMapOption, tagsOption, type Lifter } from "./shared.js";

/** A Transform step: `.transform`. */
export const liftTransform: Lifter = ({ step, args, values, defaultLocation }) => {
  const input = objectAt(args, "TransformInput");
  const s3 = objectAt(objectAt(input, "DataSource"), "S3DataSource");
  const resources = objectAt(args, "TransformResources");
  if (args.ModelName === undefined || s3.S3Uri === undefined || resources.InstanceType === undefined) return undefined;
  if (!hasExactly(objectAt(input, "DataSource"), ["S3DataSource"]) || !hasExactly(s3, ["S3DataType", "S3Uri"])) return undefined;

  const inputSettings = [
    literalOption("dataType", s3.S3DataType, ["S3Prefix", "ManifestFile", "AugmentedManifestFile"], "S3Prefix"),
    option("contentType", input.ContentType, values),
    literalOption("compression", input.CompressionType, ["None", "Gzip"]),
    literalOption("splitType", input.SplitType, ["None", "Line", "RecordIO", "TFRecord"]),
  ].filter(([, value]) => value !== undefined);
  const source = values.value(s3.S3Uri);

  const output = objectAt(args, "TransformOutput");
  const path = output.S3OutputPath;
  const destination = path === undefined || jsonEqual(path, defaultLocation([step.name, "output"])) ? undefined : values.value(path);
  const outputSettings = [
    literalOption("assembleWith", output.AssembleWith, ["None", "Line"]),
    option("accept", output.Accept, values),
    option("kmsKey", output.KmsKeyId, values),
  ].filter(([, value]) => value !== undefined);
  let outputOption: Code | undefined;
  if (outputSettings.length > 0) outputOption = object([["destination", destination], ...outputSettings]);
  else outputOption = destination;

  const processing = objectAt(args, "DataProcessing");
  const dataProcessing = object([
    option("inputFilter", processing.InputFilter, values),
    option("outputFilter", processing.OutputFilter, values),
    literalOption("joinSource", processing.JoinSource, ["Input", "None"]),
  ]);
  return {
    method: "transform",
    options: entries([
      ["modelName", values.value(args.ModelName)],
      ["input", inputSettings.length === 0 ? source : object([["source", source], ...inputSettings])],
      ["output", outputOption],
      ["instanceType", values.value(resources.InstanceType)],
      option("instanceCount", resources.InstanceCount, values, 1),
      literalOption("batchStrategy", args.BatchStrategy, ["MultiRecord", "SingleRecord"]),
      option("maxConcurrentTransforms", args.MaxConcurrentTransforms, values),
      option("maxPayloadInMB", args.MaxPayloadInMB, values),
      ["environment", stringMapOption(args.Environment, values)],
      ["dataProcessing", dataProcessing.kind === "object" && dataProcessing.entries.length > 0 ? dataProcessing : undefined],
      ["tags", tagsOption(args.Tags, values)],
    ]),
    handle: {},
  };
};
