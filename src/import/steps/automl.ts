import { isObject, type JsonObject } from "../../validate/step-index.js";
import { entries, object } from "../code.js";
import { jsonEqual } from "../json.js";
import { listOption, literalOption, objectAt, option, type Lifter } from "./shared.js";

const CHANNEL_KEYS = ["ChannelType", "CompressionType", "ContentType", "DataSource", "SampleWeightAttributeName", "TargetAttributeName"];

/** An AutoML step: `.autoML`. */
export const liftAutoML: Lifter = ({ step, args, values, defaultLocation }) => {
  const channels = Array.isArray(args.InputDataConfig) ? args.InputDataConfig.filter(isObject) : [];
  if (channels.length === 0 || channels.length > 2 || args.RoleArn === undefined) return undefined;
  const [training, validation] = channels as [JsonObject, JsonObject | undefined];
  if (!channels.every((c) => Object.keys(c).every((key) => CHANNEL_KEYS.includes(key)))) return undefined;
  const uri = (channel: JsonObject | undefined) => (channel === undefined ? undefined : objectAt(objectAt(channel, "DataSource"), "S3DataSource").S3Uri);
  const s3 = objectAt(objectAt(training, "DataSource"), "S3DataSource");
  if (uri(training) === undefined || training.TargetAttributeName === undefined) return undefined;
  const output = objectAt(args, "OutputDataConfig");
  const config = objectAt(args, "AutoMLJobConfig");
  const completion = objectAt(config, "CompletionCriteria");
  const security = objectAt(config, "SecurityConfig");
  const vpc = objectAt(security, "VpcConfig");
  const subnets = listOption(vpc.Subnets, values);
  const groups = listOption(vpc.SecurityGroupIds, values);
  return {
    method: "autoML",
    options: entries([
      ["role", values.value(args.RoleArn)],
      ["trainingData", values.value(uri(training))],
      ["validationData", validation === undefined ? undefined : values.value(uri(validation))],
      ["targetAttribute", values.value(training.TargetAttributeName)],
      option("sampleWeightAttribute", training.SampleWeightAttributeName, values),
      literalOption("dataType", s3.S3DataType, ["S3Prefix", "ManifestFile", "AugmentedManifestFile"], "S3Prefix"),
      literalOption("compression", training.CompressionType, ["None", "Gzip"]),
      option("contentType", training.ContentType, values),
      option("problemType", args.ProblemType, values),
      option("objective", objectAt(args, "AutoMLJobObjective").MetricName, values),
      ["outputPath", output.S3OutputPath === undefined || jsonEqual(output.S3OutputPath, defaultLocation([step.name, "output"])) ? undefined : values.value(output.S3OutputPath)],
      option("outputKmsKey", output.KmsKeyId, values),
      option("maxCandidates", completion.MaxCandidates, values),
      option("maxRuntimePerTrainingJobSeconds", completion.MaxRuntimePerTrainingJobInSeconds, values),
      option("maxRuntimeSeconds", completion.MaxAutoMLJobRuntimeInSeconds, values),
      option("validationFraction", objectAt(config, "DataSplitConfig").ValidationFraction, values),
      option("featureSpecification", objectAt(config, "CandidateGenerationConfig").FeatureSpecificationS3Uri, values),
      option("volumeKmsKey", security.VolumeKmsKeyId, values),
      ["vpc", subnets === undefined || groups === undefined ? undefined : object([["securityGroupIds", groups], ["subnets", subnets]])],
      option("encryptInterContainerTraffic", security.EnableInterContainerTrafficEncryption, values, false),
    ]),
    handle: {},
  };
};
