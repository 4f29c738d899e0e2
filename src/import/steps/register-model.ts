import { isObject, type JsonObject } from "../../validate/step-index.js";
import { array, entries, object, type Code, type EntryLike } from "../code.js";
import type { ValueLifter } from "../values.js";
import { listOption, literalOption, objectAt, option, stringMapOption, tagsOption, type Lifter } from "./shared.js";

/** A model package container as `ModelPackageContainerOptions`. */
function packageContainer(json: unknown, values: ValueLifter): EntryLike[] | undefined {
  if (!isObject(json) || json.Image === undefined) return undefined;
  const input = objectAt(json, "ModelInput");
  return [
    ["image", values.value(json.Image)],
    option("modelData", json.ModelDataUrl, values),
    ["environment", stringMapOption(json.Environment, values)],
    option("framework", json.Framework, values),
    option("frameworkVersion", json.FrameworkVersion, values),
    option("nearestModelName", json.NearestModelName, values),
    option("dataInputConfig", input.DataInputConfig, values),
  ];
}

/** A `MetricsSource` (or `FileSource`) as `{ s3Uri, contentType, contentDigest }`; `contentType` left out when it is the default. */
function source(json: unknown, values: ValueLifter, defaultContentType: string | undefined): Code | undefined {
  if (!isObject(json)) return undefined;
  return object([
    ["s3Uri", values.value(json.S3Uri)],
    option("contentType", json.ContentType, values, defaultContentType),
    option("contentDigest", json.ContentDigest, values),
  ]);
}

/** ModelMetrics or DriftCheckBaselines as the options name their reports. */
function reports(json: unknown, names: readonly (readonly [string, string, string, boolean])[], values: ValueLifter): Code | undefined {
  if (!isObject(json)) return undefined;
  return object(
    names.map(([group, key, optionName, file]) => {
      const report = objectAt(objectAt(json, group), key);
      return [optionName, report.S3Uri === undefined ? undefined : source(report, values, file ? undefined : "application/json")] as const;
    }),
  );
}

const MODEL_METRICS = [
  ["ModelQuality", "Statistics", "modelStatistics", false],
  ["ModelQuality", "Constraints", "modelConstraints", false],
  ["ModelDataQuality", "Statistics", "modelDataStatistics", false],
  ["ModelDataQuality", "Constraints", "modelDataConstraints", false],
  ["Bias", "Report", "bias", false],
  ["Bias", "PreTrainingReport", "biasPreTraining", false],
  ["Bias", "PostTrainingReport", "biasPostTraining", false],
  ["Explainability", "Report", "explainability", false],
] as const;

const DRIFT_CHECK_BASELINES = [
  ["ModelQuality", "Statistics", "modelStatistics", false],
  ["ModelQuality", "Constraints", "modelConstraints", false],
  ["ModelDataQuality", "Statistics", "modelDataStatistics", false],
  ["ModelDataQuality", "Constraints", "modelDataConstraints", false],
  ["Bias", "ConfigFile", "biasConfigFile", true],
  ["Bias", "PreTrainingConstraints", "biasPreTrainingConstraints", false],
  ["Bias", "PostTrainingConstraints", "biasPostTrainingConstraints", false],
  ["Explainability", "Constraints", "explainabilityConstraints", false],
  ["Explainability", "ConfigFile", "explainabilityConfigFile", true],
] as const;

/** A RegisterModel step: `.register`. */
export const liftRegisterModel: Lifter = ({ step, args, values }) => {
  if (args.ModelPackageGroupName === undefined) return undefined;
  const spec: JsonObject = objectAt(args, "InferenceSpecification");
  const containers = Array.isArray(spec.Containers) ? spec.Containers.map((c) => packageContainer(c, values)) : [];
  if (containers.length === 0 || containers.some((c) => c === undefined)) return undefined;
  const status = args.ModelApprovalStatus;
  const approval = typeof status === "string" ? literalOption("approvalStatus", status, ["Approved", "Rejected", "PendingManualApproval"], "PendingManualApproval") : option("approvalStatus", status, values);
  if (typeof status === "string" && !["Approved", "Rejected", "PendingManualApproval"].includes(status)) return undefined;
  const description = args.ModelPackageDescription;
  return {
    method: "register",
    options: entries([
      ["modelPackageGroup", values.value(args.ModelPackageGroupName)],
      ...(containers.length === 1 ? (containers[0] as EntryLike[]) : [["containers", array(containers.map((c) => object(c as EntryLike[])))] as const]),
      ["contentTypes", listOption(spec.SupportedContentTypes, values)],
      ["responseTypes", listOption(spec.SupportedResponseMIMETypes, values)],
      ["inferenceInstances", listOption(spec.SupportedRealtimeInferenceInstanceTypes, values)],
      ["transformInstances", listOption(spec.SupportedTransformInstanceTypes, values)],
      approval,
      description === undefined || description === step.json.Description ? undefined : ["packageDescription", values.value(description)],
      ["modelMetrics", reports(args.ModelMetrics, MODEL_METRICS, values)],
      ["driftCheckBaselines", reports(args.DriftCheckBaselines, DRIFT_CHECK_BASELINES, values)],
      ["customerMetadata", isObject(args.CustomerMetadataProperties) ? values.value(args.CustomerMetadataProperties) : undefined],
      option("domain", args.Domain, values),
      option("task", args.Task, values),
      option("samplePayloadUrl", args.SamplePayloadUrl, values),
      literalOption("skipModelValidation", args.SkipModelValidation, ["All", "None"], "None"),
      ["tags", tagsOption(args.Tags, values)],
    ]),
    handle: {},
  };
};
