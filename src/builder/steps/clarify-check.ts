import { DefaultLocation, type LocalAsset } from "../../compile/assets.js";
import { SagepipeError } from "../../errors.js";
import { createStepNode } from "../../model/step-node.js";
import { GeneratedFile } from "../../compile/source-bundle.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import { ToolImage } from "../script-mode/frameworks.js";
import { pythonJsonDumps } from "../script-mode/python-json.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { ClarifyAnalysisConfig } from "./clarify-analysis.js";
import { CHECK_JOB_KEYS, checkJobResources, checkKeys, checkOutput, requireOption, s3Input, type CheckJobOptions } from "./quality-check.js";
import { deepMerge, stepOptionShape } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** What a ClarifyCheck step analyses. */
interface ClarifyCheckBaseOptions extends CheckJobOptions {
  /**
   * The SageMaker Clarify processing image.
   * @default the Clarify image of the pipeline's region (`imageUri({ framework: "clarify", region })`,
   * as the Python SDK's `SageMakerClarifyProcessor` picks it), e.g.
   * `306415355426.dkr.ecr.us-west-2.amazonaws.com/sagemaker-clarify-processing:1.0`
   */
  readonly image?: Value<string>;
  /** The dataset to analyse: an S3 URI, or `localCode(path)` for local data (uploaded). */
  readonly dataset: Value<string> | LocalAsset;
  /**
   * The Clarify analysis configuration (`analysis_config.json`: label, facets, methods, and for
   * model checks the predictor and SHAP settings): what {@link clarifyAnalysisConfig} builds
   * (sagepipe writes the file as the Python SDK's `ClarifyCheckStep` does and uploads it,
   * content-addressed), an S3 URI, or `localCode(path)` for a file of your own (uploaded).
   */
  readonly analysisConfig: ClarifyAnalysisConfig | Value<string> | LocalAsset;
  /**
   * Where the analysis result is written.
   * @default `s3://<asset bucket>/<prefix>/<pipeline>/<execution id>/<step>/output/analysis_result` (needs `.assets({ bucket })`)
   */
  readonly outputPath?: Value<string>;
}

/** A DATA_BIAS check: pre-training bias metrics of a dataset. */
export interface DataBiasCheckOptions extends ClarifyCheckBaseOptions {
  readonly checkType: "DATA_BIAS";
}

/** A MODEL_BIAS or MODEL_EXPLAINABILITY check: runs the model on a shadow endpoint. */
export interface ModelClarifyCheckOptions extends ClarifyCheckBaseOptions {
  readonly checkType: "MODEL_BIAS" | "MODEL_EXPLAINABILITY";
  /** The SageMaker model to check, e.g. a Model step's `properties.ModelName`. */
  readonly modelName: Value<string>;
}

/** A ClarifyCheck step's options: a data bias, model bias or model explainability check. */
export type ClarifyCheckOptions = DataBiasCheckOptions | ModelClarifyCheckOptions;

/**
 * The handle of a ClarifyCheck step: `properties.CalculatedBaselineConstraints` and
 * `BaselineUsedForDriftCheckConstraints` (S3 URIs, e.g. for a model package's DriftCheckBaselines).
 */
export type ClarifyCheckHandle<N extends string> = PropertiesHandle<N, "ClarifyCheck">;

const CHECK_TYPES: readonly string[] = ["DATA_BIAS", "MODEL_BIAS", "MODEL_EXPLAINABILITY"];
const OUTPUT_NAME = "analysis_result";

/** @internal The option keys of a ClarifyCheck step, for the run-time check (the compiler keeps them those of `ClarifyCheckOptions`). */
export const CLARIFY_CHECK_OPTIONS: OptionShape = stepOptionShape<ClarifyCheckOptions>({
  ...CHECK_JOB_KEYS,
  checkType: true,
  image: true,
  dataset: true,
  analysisConfig: true,
  outputPath: true,
  modelName: true,
});

/**
 * A ClarifyCheck step: a SageMaker Clarify processing job that computes bias
 * (`DATA_BIAS`, `MODEL_BIAS`) or explainability (`MODEL_EXPLAINABILITY`) constraints from an
 * analysis configuration, then checks them against the registered or supplied baseline. Built as
 * the Python SDK's `ClarifyCheckStep` builds it (the `analysis_config` and `dataset` inputs, the
 * `analysis_result` output, the step-level keys with `null` for the unset ones); `raw` reaches
 * every other field of the request.
 *
 * @example
 * ```ts
 * clarifyCheckStep("DataBias", {
 *   checkType: "DATA_BIAS", role, instanceType: "ml.m5.xlarge",
 *   dataset: steps.Preprocess.outputs.train,
 *   analysisConfig: clarifyAnalysisConfig({
 *     checkType: "DATA_BIAS",
 *     data: { datasetType: "text/csv", headers: ["churn", "age", "gender"], label: "churn" },
 *     bias: { labelValuesOrThreshold: [1], facetName: "gender", facetValuesOrThreshold: [0] },
 *   }),
 *   modelPackageGroupName: "churn",
 * })
 * // {"Type": "ClarifyCheck", "Arguments": {...}, "CheckType": "DATA_BIAS", "ModelPackageGroupName": "churn", "SkipCheck": false, ...}
 * ```
 */
export function clarifyCheckStep<const N extends string, const O extends ClarifyCheckOptions>(
  name: N,
  options: ExactOptions<O, ClarifyCheckOptions>,
): StepDefinition<N, ClarifyCheckHandle<N>>;
export function clarifyCheckStep(name: string, options: ClarifyCheckOptions): StepDefinition<string, ClarifyCheckHandle<string>> {
  const where = `ClarifyCheck step "${name}"`;
  checkOptions(where, options, CLARIFY_CHECK_OPTIONS);
  if (!CHECK_TYPES.includes(options.checkType)) {
    throw new SagepipeError(
      "invalid-check-type",
      `${where}: checkType ${JSON.stringify(options.checkType)} must be "DATA_BIAS", "MODEL_BIAS" or "MODEL_EXPLAINABILITY"`,
    );
  }
  // the Clarify image of the pipeline's region unless given, as the SDK's SageMakerClarifyProcessor
  const image = options.image ?? (new ToolImage("clarify", name) as unknown as Value<string>);
  requireOption(where, "dataset", options.dataset, "the S3 URI of the data to analyse");
  requireOption(where, "analysisConfig", options.analysisConfig, "clarifyAnalysisConfig({...}), or the S3 URI of a Clarify analysis_config.json");
  const analysis = options.analysisConfig instanceof ClarifyAnalysisConfig ? options.analysisConfig : undefined;
  if (analysis !== undefined && analysis.checkType !== options.checkType) {
    throw new SagepipeError("invalid-option", `${where}: analysisConfig is the analysis of a ${analysis.checkType} check, and this check is ${options.checkType}`);
  }
  // written as the SDK writes it (json.dump), uploaded content-addressed
  const analysisUri =
    analysis === undefined
      ? (options.analysisConfig as Value<string> | LocalAsset)
      : (new GeneratedFile("analysis_config.json", pythonJsonDumps(analysis.json), `clarifyAnalysisConfig of step "${name}" (analysis_config.json)`) as unknown as Value<string>);
  const modelName = (options as { readonly modelName?: Value<string> }).modelName;
  if (options.checkType === "DATA_BIAS") {
    if (modelName !== undefined) {
      throw new SagepipeError("invalid-option", `${where}: modelName is for a MODEL_BIAS or MODEL_EXPLAINABILITY check, and this one is DATA_BIAS`);
    }
  } else {
    requireOption(where, "modelName", modelName, `the SageMaker model that the ${options.checkType} check runs`);
  }

  const generated = {
    ...checkJobResources(options, image),
    ProcessingInputs: [s3Input("analysis_config", analysisUri, "/opt/ml/processing/input/config"), s3Input("dataset", options.dataset, "/opt/ml/processing/input/data")],
    // the SDK's ProcessingOutputHandler: an image dataset's results are uploaded as they are written
    ProcessingOutputConfig: checkOutput(
      options,
      OUTPUT_NAME,
      options.outputPath ?? new DefaultLocation([name, "output", OUTPUT_NAME]),
      analysis?.json.dataset_type === "application/x-image" ? "Continuous" : "EndOfJob",
    ),
    ...(options.maxRuntimeSeconds === undefined ? {} : { StoppingCondition: { MaxRuntimeInSeconds: options.maxRuntimeSeconds } }),
  };
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const node = createStepNode(name, "ClarifyCheck", args, options, {
    CheckType: options.checkType,
    ...checkKeys(options),
    SuppliedBaselineConstraints: options.suppliedBaselineConstraints ?? null,
    ...(modelName === undefined ? {} : { ModelName: modelName }),
  });
  return Object.freeze({ name, node, handle: propertiesHandle(name, "ClarifyCheck") });
}
