import { isObject, type JsonObject } from "../../validate/step-index.js";
import { entries, lit, object, type Code } from "../code.js";
import { checkJobOptions, checkOutputPath, inputUri } from "./clarify-check.js";
import { option, stringMapOption, type Lifter } from "./shared.js";

/** The environment keys the QualityCheck step writes itself. */
const GENERATED = new Set([
  "output_path",
  "publish_cloudwatch_metrics",
  "dataset_format",
  "record_preprocessor_script",
  "post_analytics_processor_script",
  "dataset_source",
  "analysis_type",
  "problem_type",
  "inference_attribute",
  "probability_attribute",
  "ground_truth_attribute",
  "probability_threshold_attribute",
]);

/** `datasetFormat` from the analyzer's `dataset_format` (the Python SDK's JSON text). */
function datasetFormat(text: unknown): Code | undefined | false {
  if (typeof text !== "string") return false;
  let format: unknown;
  try {
    format = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isObject(format)) return false;
  if (isObject(format.csv)) {
    const { header, output_columns_position: position } = format.csv;
    if (typeof header !== "boolean" || (position !== "START" && position !== "END")) return false;
    if (header && position === "START") return undefined;
    return object([["csv", object([["header", header ? undefined : lit(false)], ["outputColumnsPosition", position === "START" ? undefined : lit(position)]])]]);
  }
  if (isObject(format.json)) {
    if (typeof format.json.lines !== "boolean") return false;
    return format.json.lines ? lit("json") : object([["json", object([["lines", lit(false)]])]]);
  }
  if (isObject(format.parquet)) return lit("parquet");
  return false;
}

/** A processor script: its S3 URI, when it is one (the option reads anything else as a local file). */
function script(args: JsonObject, input: string): Code | undefined | false {
  const uri = inputUri(args, input);
  if (uri === undefined) return undefined;
  return typeof uri === "string" && uri.startsWith("s3://") ? lit(uri) : false;
}

/** A QualityCheck step: `.qualityCheck`, a DATA_QUALITY or MODEL_QUALITY baseline. */
export const liftQualityCheck: Lifter = ({ step, args, keys, values, defaultLocation }) => {
  const checkType = keys.CheckType;
  const image = isObject(args.AppSpecification) ? args.AppSpecification.ImageUri : undefined;
  const dataset = inputUri(args, "baseline_dataset_input");
  const environment = isObject(args.Environment) ? args.Environment : {};
  if ((checkType !== "DATA_QUALITY" && checkType !== "MODEL_QUALITY") || image === undefined || dataset === undefined) return undefined;
  const format = datasetFormat(environment.dataset_format);
  const post = script(args, "post_analytics_processor_script_input");
  const record = script(args, "record_preprocessor_script_input");
  const outputPath = checkOutputPath(args, defaultLocation([step.name, "output", "quality_check_output"]), values);
  if (format === false || post === false || record === false || outputPath === false) return undefined;
  if (checkType === "MODEL_QUALITY" && (record !== undefined || environment.problem_type === undefined)) return undefined;
  const extra = Object.fromEntries(Object.entries(environment).filter(([key]) => !GENERATED.has(key)));
  const model =
    checkType === "MODEL_QUALITY"
      ? [
          option("problemType", environment.problem_type, values),
          option("inferenceAttribute", environment.inference_attribute, values),
          option("probabilityAttribute", environment.probability_attribute, values),
          option("groundTruthAttribute", environment.ground_truth_attribute, values),
          option("probabilityThresholdAttribute", environment.probability_threshold_attribute, values),
        ]
      : [];
  return {
    method: "qualityCheck",
    options: entries([
      ["checkType", lit(checkType)],
      ["image", values.value(image)],
      ...checkJobOptions(args, keys, values),
      ["baselineDataset", values.value(dataset)],
      ["datasetFormat", format],
      outputPath,
      ["postAnalyticsProcessorScript", post],
      ["recordPreprocessorScript", record],
      ["environment", Object.keys(extra).length === 0 ? undefined : stringMapOption(extra, values)],
      option("suppliedBaselineStatistics", keys.SuppliedBaselineStatistics === null ? undefined : keys.SuppliedBaselineStatistics, values),
      ...model,
    ]),
    handle: {},
  };
};
