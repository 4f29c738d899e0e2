import { SagepipeError } from "../../errors.js";
import { checkOptions, optionShape, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";

/** The dataset a Clarify check reads (the Python SDK's `DataConfig`, as the analysis configuration has it). */
export interface ClarifyDataConfig {
  /** `text/csv`, `application/jsonlines`, `application/json` (needs `features`), `application/x-parquet` or `application/x-image`. */
  readonly datasetType: "text/csv" | "application/jsonlines" | "application/json" | "application/x-parquet" | "application/x-image";
  /** Column names, in order (for CSV without a header row). */
  readonly headers?: readonly string[];
  /** The label column: a name or an index. */
  readonly label?: string | number;
  /** JMESPath of the features (JSON and JSON Lines data). */
  readonly features?: string;
  /** The column joining the dataset with the facet or predicted-label datasets (`joinsource_name_or_index`). */
  readonly joinsource?: string | number;
  /** Columns to leave out of the model's input. */
  readonly excludedColumns?: readonly (string | number)[];
  /** A separate dataset with the facet columns, and their names. */
  readonly facetDatasetUri?: string;
  readonly facetHeaders?: readonly string[];
  /** A separate dataset with the predicted labels, and their names. */
  readonly predictedLabelDatasetUri?: string;
  readonly predictedLabelHeaders?: readonly string[];
  /** The predicted label column, when the dataset has one. */
  readonly predictedLabel?: string | number;
}

/** What counts as a positive outcome and which group is sensitive (the SDK's `BiasConfig`). */
export interface ClarifyBiasConfig {
  /** Label values (or a threshold) that are a positive outcome. */
  readonly labelValuesOrThreshold: readonly (string | number)[];
  /** The sensitive column(s): name(s) or index(es). */
  readonly facetName: string | number | readonly (string | number)[];
  /** Values or threshold of the sensitive group; one per facet when there are several. */
  readonly facetValuesOrThreshold?: readonly (string | number)[] | readonly (readonly (string | number)[])[];
  /** A group column for conditional demographic disparity. */
  readonly groupName?: string;
}

/** The shadow endpoint Clarify runs the model on (the SDK's `ModelConfig`; the model is the step's `modelName`). */
export interface ClarifyModelConfig {
  readonly instanceType: string;
  /** @default 1 */
  readonly instanceCount?: number;
  readonly acceptType?: "text/csv" | "application/jsonlines" | "application/json";
  readonly contentType?: "text/csv" | "application/jsonlines" | "application/json" | "image/jpeg" | "image/jpg" | "image/png" | "application/x-npy";
  /** For JSON content: the request template, with `$features` (JSON Lines) or `$record(s)` (JSON). */
  readonly contentTemplate?: string;
  readonly recordTemplate?: string;
  readonly customAttributes?: string;
  readonly acceleratorType?: string;
  /** Prefix of the shadow endpoint's name. */
  readonly endpointNamePrefix?: string;
  /** The model of a multi-model endpoint. */
  readonly targetModel?: string;
}

/** How to read the predicted label from the model's output (the SDK's `ModelPredictedLabelConfig`). */
export interface ClarifyPredictedLabelConfig {
  readonly label?: string | number;
  readonly probability?: string | number;
  /** The probability above which the label is positive. @default 0.5 (Clarify's) */
  readonly probabilityThreshold?: number;
  readonly labelHeaders?: readonly string[];
}

/** SHAP explanations (the SDK's `SHAPConfig`). */
export interface ClarifyShapConfig {
  /** The baseline records (a list of rows) or the S3 URI of a baseline file; Clarify computes one with K-means when left out. */
  readonly baseline?: readonly (readonly (string | number)[])[] | string;
  readonly numSamples?: number;
  readonly aggMethod?: "mean_abs" | "median" | "mean_sq";
  /** @default false */
  readonly useLogit?: boolean;
  /** @default true */
  readonly saveLocalShapValues?: boolean;
  readonly seed?: number;
  /** Clusters for the K-means baseline (when there is no `baseline`). */
  readonly numClusters?: number;
  readonly featuresToExplain?: readonly (string | number)[];
}

interface AnalysisBase {
  readonly data: ClarifyDataConfig;
  /** The metrics to compute. @default "all" */
  readonly methods?: "all" | readonly string[];
}

/** The analysis of a DATA_BIAS check: pre-training bias metrics of the dataset. */
export interface DataBiasAnalysis extends AnalysisBase {
  readonly checkType: "DATA_BIAS";
  readonly bias: ClarifyBiasConfig;
}

/** The analysis of a MODEL_BIAS check: post-training bias metrics of the model's predictions. */
export interface ModelBiasAnalysis extends AnalysisBase {
  readonly checkType: "MODEL_BIAS";
  readonly bias: ClarifyBiasConfig;
  readonly model: ClarifyModelConfig;
  readonly predictedLabel?: ClarifyPredictedLabelConfig;
}

/** The analysis of a MODEL_EXPLAINABILITY check: SHAP values of the model's predictions. */
export interface ModelExplainabilityAnalysis {
  readonly checkType: "MODEL_EXPLAINABILITY";
  readonly data: ClarifyDataConfig;
  readonly model: ClarifyModelConfig;
  readonly shap: ClarifyShapConfig;
  /** The model's score: a label name or index, or how to read label and probability. */
  readonly modelScores?: string | number | ClarifyPredictedLabelConfig;
}

/** What {@link clarifyAnalysisConfig} takes: the analysis of one kind of Clarify check. */
export type ClarifyAnalysisOptions = DataBiasAnalysis | ModelBiasAnalysis | ModelExplainabilityAnalysis;

/** A Clarify analysis configuration sagepipe writes (`analysis_config.json`) and uploads, content-addressed. */
export class ClarifyAnalysisConfig {
  constructor(
    readonly checkType: ClarifyAnalysisOptions["checkType"],
    /** The configuration, as the Python SDK's ClarifyCheckStep writes it. */
    readonly json: Readonly<Record<string, unknown>>,
  ) {
    Object.freeze(this);
  }
}

const PREDICTED_LABEL = optionShape<ClarifyPredictedLabelConfig>({ label: true, probability: true, probabilityThreshold: true, labelHeaders: "list" });

/** @internal The option keys of {@link clarifyAnalysisConfig}, for the run-time check. */
export const CLARIFY_ANALYSIS_OPTIONS: OptionShape = optionShape<ClarifyAnalysisOptions>(
  { checkType: true, data: true, methods: true, bias: true, model: true, predictedLabel: true, shap: true, modelScores: true },
  {
    data: {
      object: optionShape<ClarifyDataConfig>({
        datasetType: true,
        headers: "list",
        label: true,
        features: true,
        joinsource: true,
        excludedColumns: "list",
        facetDatasetUri: true,
        facetHeaders: "list",
        predictedLabelDatasetUri: true,
        predictedLabelHeaders: "list",
        predictedLabel: true,
      }),
    },
    bias: { object: optionShape<ClarifyBiasConfig>({ labelValuesOrThreshold: "list", facetName: true, facetValuesOrThreshold: "list", groupName: true }) },
    model: {
      object: optionShape<ClarifyModelConfig>({
        instanceType: true,
        instanceCount: true,
        acceptType: true,
        contentType: true,
        contentTemplate: true,
        recordTemplate: true,
        customAttributes: true,
        acceleratorType: true,
        endpointNamePrefix: true,
        targetModel: true,
      }),
    },
    predictedLabel: { object: PREDICTED_LABEL },
    modelScores: { object: PREDICTED_LABEL },
    shap: {
      object: optionShape<ClarifyShapConfig>({
        baseline: true,
        numSamples: true,
        aggMethod: true,
        useLogit: true,
        saveLocalShapValues: true,
        seed: true,
        numClusters: true,
        featuresToExplain: "list",
      }),
    },
  },
);

/** Sets `key` when the value is given, as the SDK's `_set`. */
function set(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = Array.isArray(value) ? [...value] : value;
}

const DATASET_TYPES = ["text/csv", "application/jsonlines", "application/json", "application/x-parquet", "application/x-image"];

function dataConfig(data: ClarifyDataConfig): Record<string, unknown> {
  if (!DATASET_TYPES.includes(data.datasetType)) {
    throw new SagepipeError("invalid-clarify-config", `Clarify data: datasetType ${JSON.stringify(data.datasetType)} must be one of ${DATASET_TYPES.join(", ")}`);
  }
  // the SDK's DataConfig: JSON data needs the JMESPath of its features
  if (data.datasetType === "application/json" && data.features === undefined) {
    throw new SagepipeError("invalid-clarify-config", "Clarify data: features (a JMESPath) is required for application/json data");
  }
  // the SDK's DataConfig: predicted labels and excluded columns are for tabular data; facet and
  // predicted-label datasets for CSV
  if (data.datasetType === "application/x-image") {
    if (data.predictedLabel !== undefined) throw new SagepipeError("invalid-clarify-config", "Clarify data: predictedLabel is not supported for application/x-image data");
    if (data.excludedColumns !== undefined) throw new SagepipeError("invalid-clarify-config", "Clarify data: excludedColumns is not supported for application/x-image data");
  }
  if (data.datasetType !== "text/csv") {
    if (data.facetDatasetUri !== undefined || data.facetHeaders !== undefined) {
      throw new SagepipeError("invalid-clarify-config", `Clarify data: facetDatasetUri and facetHeaders are for text/csv data, not ${data.datasetType}`);
    }
    if (data.predictedLabelDatasetUri !== undefined || data.predictedLabelHeaders !== undefined) {
      throw new SagepipeError("invalid-clarify-config", `Clarify data: predictedLabelDatasetUri and predictedLabelHeaders are for text/csv data, not ${data.datasetType}`);
    }
  }
  const out: Record<string, unknown> = { dataset_type: data.datasetType };
  set(out, "features", data.features);
  set(out, "headers", data.headers);
  set(out, "label", data.label);
  set(out, "joinsource_name_or_index", data.joinsource);
  set(out, "facet_dataset_uri", data.facetDatasetUri);
  set(out, "facet_headers", data.facetHeaders);
  set(out, "predicted_label_dataset_uri", data.predictedLabelDatasetUri);
  set(out, "predicted_label_headers", data.predictedLabelHeaders);
  set(out, "predicted_label", data.predictedLabel);
  set(out, "excluded_columns", data.excludedColumns);
  return out;
}

function biasConfig(bias: ClarifyBiasConfig): Record<string, unknown> {
  const names = Array.isArray(bias.facetName) ? (bias.facetName as readonly (string | number)[]) : [bias.facetName as string | number];
  if (names.length === 0) throw new SagepipeError("invalid-clarify-config", "Clarify bias: give at least one facet");
  let facets: Record<string, unknown>[];
  if (!Array.isArray(bias.facetName)) {
    facets = [{ name_or_index: bias.facetName, ...(bias.facetValuesOrThreshold === undefined ? {} : { value_or_threshold: [...bias.facetValuesOrThreshold] }) }];
  } else if (bias.facetValuesOrThreshold === undefined) {
    facets = names.map((name) => ({ name_or_index: name }));
  } else if (bias.facetValuesOrThreshold.length === names.length) {
    facets = names.map((name, i) => ({ name_or_index: name, value_or_threshold: bias.facetValuesOrThreshold?.[i] }));
  } else {
    throw new SagepipeError("invalid-clarify-config", `Clarify bias: ${names.length} facet names but ${bias.facetValuesOrThreshold.length} facet values`);
  }
  const out: Record<string, unknown> = { label_values_or_threshold: [...bias.labelValuesOrThreshold], facet: facets };
  set(out, "group_variable", bias.groupName);
  return out;
}

const ACCEPT_TYPES = ["text/csv", "application/jsonlines", "application/json"];
const CONTENT_TYPES = [...ACCEPT_TYPES, "image/jpeg", "image/jpg", "image/png", "application/x-npy"];

function predictorConfig(model: ClarifyModelConfig): Record<string, unknown> {
  if (typeof model.instanceType !== "string" || model.instanceType === "") {
    throw new SagepipeError("invalid-clarify-config", "Clarify model: instanceType (of the shadow endpoint, e.g. \"ml.m5.xlarge\") is required");
  }
  if (model.instanceCount !== undefined && (!Number.isInteger(model.instanceCount) || model.instanceCount < 1)) {
    throw new SagepipeError("invalid-clarify-config", `Clarify model: instanceCount ${String(model.instanceCount)} must be a whole number of at least 1`);
  }
  if (model.acceptType !== undefined && !ACCEPT_TYPES.includes(model.acceptType)) {
    throw new SagepipeError("invalid-clarify-config", `Clarify model: acceptType ${JSON.stringify(model.acceptType)} must be one of ${ACCEPT_TYPES.join(", ")}`);
  }
  if (model.contentType !== undefined && !CONTENT_TYPES.includes(model.contentType)) {
    throw new SagepipeError("invalid-clarify-config", `Clarify model: contentType ${JSON.stringify(model.contentType)} must be one of ${CONTENT_TYPES.join(", ")}`);
  }
  const out: Record<string, unknown> = { instance_type: model.instanceType, initial_instance_count: model.instanceCount ?? 1 };
  if (model.endpointNamePrefix !== undefined) {
    if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9])/.test(model.endpointNamePrefix)) {
      throw new SagepipeError("invalid-clarify-config", `Clarify model: endpointNamePrefix "${model.endpointNamePrefix}" must start with a letter or digit, then letters, digits and hyphens`);
    }
    out.endpoint_name_prefix = model.endpointNamePrefix;
  }
  set(out, "accept_type", model.acceptType);
  if (model.contentType !== undefined) {
    if (model.contentType === "application/jsonlines" && (model.contentTemplate === undefined || !model.contentTemplate.includes("$features"))) {
      throw new SagepipeError("invalid-clarify-config", "Clarify model: JSON Lines content needs a contentTemplate with the placeholder $features");
    }
    if (model.contentType === "application/json" && (model.contentTemplate === undefined || model.recordTemplate === undefined || !model.contentTemplate.includes("$record"))) {
      throw new SagepipeError("invalid-clarify-config", "Clarify model: JSON content needs a contentTemplate with $records or $record, and a recordTemplate");
    }
    out.content_type = model.contentType;
  }
  set(out, "content_template", model.contentTemplate);
  set(out, "record_template", model.recordTemplate);
  set(out, "custom_attributes", model.customAttributes);
  set(out, "accelerator_type", model.acceleratorType);
  set(out, "target_model", model.targetModel);
  return out;
}

function predictedLabelConfig(config: ClarifyPredictedLabelConfig): Record<string, unknown> {
  if (config.probabilityThreshold !== undefined && (typeof config.probabilityThreshold !== "number" || !Number.isFinite(config.probabilityThreshold))) {
    throw new SagepipeError("invalid-clarify-config", `Clarify predicted label: probabilityThreshold ${JSON.stringify(config.probabilityThreshold)} must be a number`);
  }
  const out: Record<string, unknown> = {};
  set(out, "label", config.label);
  set(out, "probability", config.probability);
  set(out, "label_headers", config.labelHeaders);
  return out;
}

function shapConfig(shap: ClarifyShapConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { use_logit: shap.useLogit ?? false, save_local_shap_values: shap.saveLocalShapValues ?? true };
  if (shap.aggMethod !== undefined && !["mean_abs", "median", "mean_sq"].includes(shap.aggMethod)) {
    throw new SagepipeError("invalid-clarify-config", `Clarify SHAP: aggMethod ${JSON.stringify(shap.aggMethod)} must be mean_abs, median or mean_sq`);
  }
  if (shap.baseline !== undefined && shap.numClusters !== undefined) {
    throw new SagepipeError("invalid-clarify-config", "Clarify SHAP: give a baseline or numClusters (for Clarify's K-means baseline), not both");
  }
  set(out, "baseline", typeof shap.baseline === "string" ? shap.baseline : shap.baseline?.map((row) => [...row]));
  set(out, "num_samples", shap.numSamples);
  set(out, "agg_method", shap.aggMethod);
  set(out, "seed", shap.seed);
  set(out, "num_clusters", shap.numClusters);
  set(out, "features_to_explain", shap.featuresToExplain);
  return out;
}

/**
 * A Clarify analysis configuration, as the Python SDK's `ClarifyCheckStep` writes it from its
 * `DataBiasCheckConfig`, `ModelBiasCheckConfig` or `ModelExplainabilityCheckConfig`: the data
 * config, the bias config, the predictor (the model's name is the step's `ModelName`), the methods
 * and the report. Give it to `clarifyCheckStep` as `analysisConfig`: sagepipe writes
 * `analysis_config.json` and uploads it content-addressed under the pipeline's asset location.
 *
 * @example
 * ```ts
 * clarifyAnalysisConfig({
 *   checkType: "DATA_BIAS",
 *   data: { datasetType: "text/csv", headers: ["churn", "age", "gender"], label: "churn" },
 *   bias: { labelValuesOrThreshold: [1], facetName: "gender", facetValuesOrThreshold: [0] },
 * }).json
 * // {"dataset_type": "text/csv", "headers": [...], "label": "churn", "label_values_or_threshold": [1],
 * //  "facet": [{"name_or_index": "gender", "value_or_threshold": [0]}], "methods": {"pre_training_bias": {"methods": "all"}, "report": {...}}}
 * ```
 */
export function clarifyAnalysisConfig<const O extends ClarifyAnalysisOptions>(options: ExactOptions<O, ClarifyAnalysisOptions>): ClarifyAnalysisConfig;
export function clarifyAnalysisConfig(options: ClarifyAnalysisOptions): ClarifyAnalysisConfig {
  checkOptions("clarifyAnalysisConfig", options, CLARIFY_ANALYSIS_OPTIONS);
  const json = dataConfig(options.data);
  const report = { name: "report", title: "Analysis Report" };
  switch (options.checkType) {
    case "DATA_BIAS":
      Object.assign(json, biasConfig(options.bias));
      json.methods = { pre_training_bias: { methods: methodsOf(options.methods) }, report };
      break;
    case "MODEL_BIAS": {
      Object.assign(json, biasConfig(options.bias));
      const predictor = { ...predictedLabelConfig(options.predictedLabel ?? {}), ...predictorConfig(options.model) };
      json.methods = { post_training_bias: { methods: methodsOf(options.methods) }, report };
      json.predictor = predictor;
      set(json, "probability_threshold", options.predictedLabel?.probabilityThreshold);
      break;
    }
    case "MODEL_EXPLAINABILITY": {
      const predictor = predictorConfig(options.model);
      const scores = options.modelScores;
      if (typeof scores === "object") {
        set(json, "probability_threshold", scores.probabilityThreshold);
        Object.assign(predictor, predictedLabelConfig(scores));
      } else {
        set(predictor, "label", scores);
      }
      json.methods = { shap: shapConfig(options.shap), report };
      json.predictor = predictor;
      break;
    }
    default:
      throw new SagepipeError(
        "invalid-check-type",
        `clarifyAnalysisConfig: checkType ${JSON.stringify((options as { checkType?: unknown }).checkType)} must be "DATA_BIAS", "MODEL_BIAS" or "MODEL_EXPLAINABILITY"`,
      );
  }
  return new ClarifyAnalysisConfig(options.checkType, Object.freeze(json));
}

function methodsOf(methods: "all" | readonly string[] | undefined): "all" | string[] {
  return methods === undefined || methods === "all" ? "all" : [...methods];
}
