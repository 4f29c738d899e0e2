import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SagepipeError, clarifyAnalysisConfig, clarifyCheckStep, pipeline, type ClarifyAnalysisOptions, type ClarifyCheckOptions, type CodeAsset } from "sagepipe";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

// Expected values: the Python SDK v2.257.6's ClarifyCheckStep._generate_processing_job_analysis_config
// and _generate_processing_job_parameters (src/sagemaker/workflow/clarify_check_step.py), which
// json.dump the analysis config into analysis_config.json, applied to the configurations of its unit
// tests (tests/unit/sagemaker/workflow/test_clarify_check_step.py: the data_config, bias_config,
// model_config, predictions_config and shap_config fixtures, L236-L307).
const fixture = (file: string) =>
  wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/test_clarify_check_step/${file}`, import.meta.url), "utf8")));

// DataConfig(s3_data_input_path, s3_output_path, label="fraud", dataset_type="text/csv")
const data = { datasetType: "text/csv", label: "fraud" } as const;
// BiasConfig(label_values_or_threshold=[0], facet_name="customer_gender_female", facet_values_or_threshold=[1])
const bias = { labelValuesOrThreshold: [0], facetName: "customer_gender_female", facetValuesOrThreshold: [1] } as const;
// ModelConfig(model_name="model_name", instance_type="ml.m5.xlarge", instance_count=1, accept_type="text/csv", content_type="text/csv")
const model = { instanceType: "ml.m5.xlarge", instanceCount: 1, acceptType: "text/csv", contentType: "text/csv" } as const;
// SHAPConfig(baseline=[], num_samples=15, agg_method="mean_abs", save_local_shap_values=True)
const shap = { baseline: [], numSamples: 15, aggMethod: "mean_abs", saveLocalShapValues: true } as const;

const checkJob = { role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge", instanceCount: 1, outputKmsKey: "output_kms_key" } as const;
const io = { dataset: "s3://my_bucket/input", outputPath: "s3://my_bucket/output" } as const;

/** Compiles one check step for us-west-2 with an asset bucket; returns the step and its analysis_config.json. */
function compileCheck(options: ClarifyCheckOptions) {
  const compiled = pipeline("MyPipeline")
    .param("MyModelPackageGroup", "String", { default: "" })
    .assets({ bucket: "my-bucket", prefix: "code" })
    .region("us-west-2")
    .add(clarifyCheckStep("Check", options))
    .compile();
  const step = compiled.definition.Steps[0] as unknown as {
    Arguments: { AppSpecification: { ImageUri: string }; ProcessingInputs: { InputName: string; S3Input: { S3Uri: string } }[]; ProcessingOutputConfig: { Outputs: { S3Output: { S3UploadMode: string } }[] } };
  };
  const asset = compiled.assets.find((a: CodeAsset) => a.s3Uri.endsWith("/analysis_config.json"));
  const text = asset?.files[0]?.content === undefined ? undefined : Buffer.from(asset.files[0].content).toString("utf8");
  return { step, asset, text, definition: compiled.definition };
}

describe("clarifyAnalysisConfig", () => {
  it("writes a DATA_BIAS analysis as the SDK's ClarifyCheckStep does, and uploads it content-addressed (test_data_bias_check_step)", () => {
    // given
    const analysisConfig = clarifyAnalysisConfig({ checkType: "DATA_BIAS", data, bias, methods: "all" });
    // when
    const { step, asset, text } = compileCheck({ ...checkJob, ...io, checkType: "DATA_BIAS", analysisConfig });
    // then: json.dump's bytes (", " and ": " separators), keys in the SDK's order
    expect(text).toBe(
      '{"dataset_type": "text/csv", "label": "fraud", "label_values_or_threshold": [0], "facet": [{"name_or_index": "customer_gender_female", "value_or_threshold": [1]}], ' +
        '"methods": {"pre_training_bias": {"methods": "all"}, "report": {"name": "report", "title": "Analysis Report"}}}',
    );
    expect(asset?.kind).toBe("generated");
    expect(asset?.s3Uri).toMatch(/^s3:\/\/my-bucket\/code\/[0-9a-f]{64}\/analysis_config\.json$/);
    expect(step.Arguments.ProcessingInputs[0]).toMatchObject({ InputName: "analysis_config", S3Input: { S3Uri: asset?.s3Uri, LocalPath: "/opt/ml/processing/input/config" } });
    // the Clarify image of the region, as the SDK picks it (the DSL fixtures of test_clarify_check_step, us-west-2)
    expect(step.Arguments.AppSpecification.ImageUri).toBe(fixture("test_clarify_check_step__test_data_bias_check_step__L348.json").Arguments.AppSpecification.ImageUri);
  });

  it("writes a MODEL_BIAS analysis: the predicted-label config, then the model's, without model_name; probability_threshold last (test_model_bias_check_step)", () => {
    // given: ModelPredictedLabelConfig(probability_threshold=0.8)
    const analysisConfig = clarifyAnalysisConfig({ checkType: "MODEL_BIAS", data, bias, model, predictedLabel: { probabilityThreshold: 0.8 } });
    // when
    const { step, text, definition } = compileCheck({ ...checkJob, ...io, checkType: "MODEL_BIAS", analysisConfig, modelName: "model_name" });
    // then
    expect(text).toBe(
      '{"dataset_type": "text/csv", "label": "fraud", "label_values_or_threshold": [0], "facet": [{"name_or_index": "customer_gender_female", "value_or_threshold": [1]}], ' +
        '"methods": {"post_training_bias": {"methods": "all"}, "report": {"name": "report", "title": "Analysis Report"}}, ' +
        '"predictor": {"instance_type": "ml.m5.xlarge", "initial_instance_count": 1, "accept_type": "text/csv", "content_type": "text/csv"}, "probability_threshold": 0.8}',
    );
    // everything but the uploaded file's URI is the SDK's step
    const expected = fixture("test_clarify_check_step__test_model_bias_check_step__L389.json");
    expected.Name = "Check";
    expected.ModelPackageGroupName = null;
    expected.SuppliedBaselineConstraints = null;
    expected.Arguments.ProcessingInputs[0].S3Input.S3Uri = step.Arguments.ProcessingInputs[0]?.S3Input.S3Uri;
    expect(definition.Steps[0]).toStrictEqual(expected);
  });

  it("writes a MODEL_EXPLAINABILITY analysis: SHAP methods, the model's predictor, the model scores (test_model_explainability_check_step)", () => {
    // given
    const analysisConfig = clarifyAnalysisConfig({ checkType: "MODEL_EXPLAINABILITY", data, model, shap });
    // when
    const { text } = compileCheck({ ...checkJob, ...io, checkType: "MODEL_EXPLAINABILITY", analysisConfig, modelName: "model_name" });
    // then: SHAPConfig writes use_logit and save_local_shap_values first, then what is set
    expect(text).toBe(
      '{"dataset_type": "text/csv", "label": "fraud", ' +
        '"methods": {"shap": {"use_logit": false, "save_local_shap_values": true, "baseline": [], "num_samples": 15, "agg_method": "mean_abs"}, "report": {"name": "report", "title": "Analysis Report"}}, ' +
        '"predictor": {"instance_type": "ml.m5.xlarge", "initial_instance_count": 1, "accept_type": "text/csv", "content_type": "text/csv"}}',
    );
    // model_scores as a label index goes into the predictor; as a ModelPredictedLabelConfig, its threshold at the top
    expect(clarifyAnalysisConfig({ checkType: "MODEL_EXPLAINABILITY", data, model, shap, modelScores: 0 }).json.predictor).toMatchObject({ label: 0 });
    const scored = clarifyAnalysisConfig({ checkType: "MODEL_EXPLAINABILITY", data, model, shap, modelScores: { probability: "score", probabilityThreshold: 0.6 } }).json;
    expect(Object.keys(scored)).toStrictEqual(["dataset_type", "label", "probability_threshold", "methods", "predictor"]);
    expect(scored.predictor).toStrictEqual({ instance_type: "ml.m5.xlarge", initial_instance_count: 1, accept_type: "text/csv", content_type: "text/csv", probability: "score" });
  });

  it("writes multiple facets, a group variable, the data config's optional keys in the SDK's order", () => {
    const json = clarifyAnalysisConfig({
      checkType: "DATA_BIAS",
      data: { datasetType: "text/csv", headers: ["y", "a", "b"], label: "y", joinsource: "id", excludedColumns: ["id"], facetDatasetUri: "s3://b/f", facetHeaders: ["a"] },
      bias: { labelValuesOrThreshold: [1], facetName: ["a", "b"], facetValuesOrThreshold: [[0], [1, 2]], groupName: "g" },
      methods: ["CI", "DPL"],
    }).json;
    expect(Object.keys(json)).toStrictEqual([
      "dataset_type",
      "headers",
      "label",
      "joinsource_name_or_index",
      "facet_dataset_uri",
      "facet_headers",
      "excluded_columns",
      "label_values_or_threshold",
      "facet",
      "group_variable",
      "methods",
    ]);
    expect(json.facet).toStrictEqual([
      { name_or_index: "a", value_or_threshold: [0] },
      { name_or_index: "b", value_or_threshold: [1, 2] },
    ]);
    expect(json.methods).toStrictEqual({ pre_training_bias: { methods: ["CI", "DPL"] }, report: { name: "report", title: "Analysis Report" } });
  });

  it("uploads an image dataset's results as they are written (the SDK's ProcessingOutputHandler: Continuous)", () => {
    const analysisConfig = clarifyAnalysisConfig({ checkType: "MODEL_EXPLAINABILITY", data: { datasetType: "application/x-image" }, model: { instanceType: "ml.m5.xlarge", contentType: "image/jpeg" }, shap: {} });
    const { step } = compileCheck({ ...checkJob, ...io, checkType: "MODEL_EXPLAINABILITY", analysisConfig, modelName: "m" });
    expect(step.Arguments.ProcessingOutputConfig.Outputs[0]?.S3Output.S3UploadMode).toBe("Continuous");
  });

  it("names the same file for the same analysis (content-addressed), another for another", () => {
    const uri = (labelValue: number) => compileCheck({ ...checkJob, ...io, checkType: "DATA_BIAS", analysisConfig: clarifyAnalysisConfig({ checkType: "DATA_BIAS", data, bias: { ...bias, labelValuesOrThreshold: [labelValue] } }) }).asset?.s3Uri;
    expect(uri(0)).toBe(uri(0));
    expect(uri(0)).not.toBe(uri(1));
  });

  it("rejects what the SDK's configuration classes reject, with what to fix", () => {
    const bad = (options: unknown) => () => clarifyAnalysisConfig(options as ClarifyAnalysisOptions);
    const invalid = (options: unknown, message: RegExp) => {
      expect(bad(options)).toThrow(message);
      expect(bad(options)).toThrow(SagepipeError);
    };
    invalid({ checkType: "DATA_BIAS", data: { datasetType: "text/plain" }, bias }, /datasetType "text\/plain" must be one of text\/csv/);
    invalid({ checkType: "DATA_BIAS", data: { datasetType: "application/json" }, bias }, /features \(a JMESPath\) is required for application\/json/);
    invalid({ checkType: "DATA_BIAS", data: { datasetType: "application/jsonlines", facetDatasetUri: "s3://b/f" }, bias }, /facetDatasetUri and facetHeaders are for text\/csv data/);
    invalid({ checkType: "DATA_BIAS", data: { datasetType: "application/x-image", excludedColumns: [1] }, bias }, /excludedColumns is not supported for application\/x-image/);
    invalid({ checkType: "DATA_BIAS", data, bias: { ...bias, facetName: ["a", "b"], facetValuesOrThreshold: [[1]] } }, /2 facet names but 1 facet values/);
    invalid({ checkType: "DATA_BIAS", data, bias: { ...bias, facetName: [] } }, /at least one facet/);
    invalid({ checkType: "MODEL_BIAS", data, bias, model: { ...model, contentType: "application/jsonlines" } }, /contentTemplate with the placeholder \$features/);
    invalid({ checkType: "MODEL_BIAS", data, bias, model: { ...model, contentType: "application/json", contentTemplate: "$records" } }, /JSON content needs a contentTemplate with \$records or \$record, and a recordTemplate/);
    invalid({ checkType: "MODEL_BIAS", data, bias, model: { ...model, acceptType: "image/png" } }, /acceptType "image\/png" must be one of/);
    invalid({ checkType: "MODEL_BIAS", data, bias, model: { ...model, endpointNamePrefix: "-x" } }, /endpointNamePrefix "-x" must start with a letter or digit/);
    invalid({ checkType: "MODEL_BIAS", data, bias, model: { instanceCount: 1 } }, /instanceType \(of the shadow endpoint/);
    invalid({ checkType: "MODEL_BIAS", data, bias, model, predictedLabel: { probabilityThreshold: "high" } }, /probabilityThreshold "high" must be a number/);
    invalid({ checkType: "MODEL_EXPLAINABILITY", data, model, shap: { aggMethod: "max" } }, /aggMethod "max" must be mean_abs, median or mean_sq/);
    invalid({ checkType: "MODEL_EXPLAINABILITY", data, model, shap: { baseline: "s3://b/base.csv", numClusters: 3 } }, /a baseline or numClusters/);
    invalid({ checkType: "QUALITY", data }, /checkType "QUALITY" must be "DATA_BIAS", "MODEL_BIAS" or "MODEL_EXPLAINABILITY"/);
    // a misspelled key is an error, not silently left out of the file
    invalid({ checkType: "DATA_BIAS", data, bias: { ...bias, facetValueOrThreshold: [1] } }, /unknown option "bias\.facetValueOrThreshold"\. Did you mean "?facetValuesOrThreshold"?/i);
    invalid({ checkType: "MODEL_EXPLAINABILITY", data, model, shap, modelScores: { probabilty: "p" } }, /unknown option "modelScores\.probabilty"/);
  });

  it("refuses an analysis of another check type than the step's", () => {
    const analysisConfig = clarifyAnalysisConfig({ checkType: "DATA_BIAS", data, bias });
    expect(() => clarifyCheckStep("Check", { ...checkJob, ...io, checkType: "MODEL_BIAS", modelName: "m", analysisConfig })).toThrow(
      /ClarifyCheck step "Check": analysisConfig is the analysis of a DATA_BIAS check, and this check is MODEL_BIAS/,
    );
  });

  it("without an image or a region, says how to give either", () => {
    const p = pipeline("P")
      .assets({ bucket: "my-bucket" })
      .add(clarifyCheckStep("Check", { ...checkJob, ...io, checkType: "DATA_BIAS", analysisConfig: "s3://b/c.json" }));
    expect(() => p.compile()).toThrow(/needs an AWS region for the clarify image of step "Check" \(or give its image\)/);
  });
});
