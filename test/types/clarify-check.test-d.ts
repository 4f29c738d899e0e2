import { describe, expectTypeOf, it } from "vitest";
import { clarifyAnalysisConfig, type PipelineValue } from "sagepipe";
import { clarifyCheckStep } from "../../src/builder/steps/clarify-check.js";

declare const text: PipelineValue<string>;
const job = { image: "img", role: "role", instanceType: "ml.m5.xlarge", dataset: text, analysisConfig: "s3://b/analysis_config.json" } as const;

describe("clarifyCheckStep's types", () => {
  it("takes a data bias check, or a model check with its model", () => {
    clarifyCheckStep("C", { ...job, checkType: "DATA_BIAS", failOnViolation: false, suppliedBaselineConstraints: text });
    clarifyCheckStep("C", { ...job, checkType: "MODEL_BIAS", modelName: text });
    clarifyCheckStep("C", { ...job, checkType: "MODEL_EXPLAINABILITY", modelName: "m" });
    // @ts-expect-error: a model check needs modelName
    clarifyCheckStep("C", { ...job, checkType: "MODEL_BIAS" });
    // @ts-expect-error: a data bias check runs no model
    clarifyCheckStep("C", { ...job, checkType: "DATA_BIAS", modelName: "m" });
    // @ts-expect-error: not a Clarify check type
    clarifyCheckStep("C", { ...job, checkType: "DATA_QUALITY" });
    // @ts-expect-error: the analysis configuration is required
    clarifyCheckStep("C", { image: "img", role: "role", instanceType: "ml.m5.xlarge", dataset: "s3://b/d", checkType: "DATA_BIAS" });
    // @ts-expect-error: SuppliedBaselineStatistics is a QualityCheck key
    clarifyCheckStep("C", { ...job, checkType: "DATA_BIAS", suppliedBaselineStatistics: "s3://b/s.json" });
  });

  it("builds an analysis configuration with what each check type needs, and the image is optional", () => {
    const data = { datasetType: "text/csv", label: "y" } as const;
    const bias = { labelValuesOrThreshold: [1], facetName: "gender" } as const;
    const model = { instanceType: "ml.m5.xlarge" } as const;
    clarifyCheckStep("C", { role: "role", instanceType: "ml.m5.xlarge", dataset: text, checkType: "DATA_BIAS", analysisConfig: clarifyAnalysisConfig({ checkType: "DATA_BIAS", data, bias }) });
    clarifyAnalysisConfig({ checkType: "MODEL_BIAS", data, bias, model, predictedLabel: { probabilityThreshold: 0.5 } });
    clarifyAnalysisConfig({ checkType: "MODEL_EXPLAINABILITY", data, model, shap: { numSamples: 10 }, modelScores: 0 });
    // @ts-expect-error: a bias analysis needs its bias config
    clarifyAnalysisConfig({ checkType: "DATA_BIAS", data });
    // @ts-expect-error: a model bias analysis needs the model's endpoint config
    clarifyAnalysisConfig({ checkType: "MODEL_BIAS", data, bias });
    // @ts-expect-error: an explainability analysis needs its SHAP config
    clarifyAnalysisConfig({ checkType: "MODEL_EXPLAINABILITY", data, model });
    // @ts-expect-error: not a dataset type Clarify reads
    clarifyAnalysisConfig({ checkType: "DATA_BIAS", data: { datasetType: "text/plain" }, bias });
    // @ts-expect-error: a misspelled key of the bias config
    clarifyAnalysisConfig({ checkType: "DATA_BIAS", data, bias: { ...bias, groupNam: "g" } });
    // @ts-expect-error: not a SHAP aggregation
    clarifyAnalysisConfig({ checkType: "MODEL_EXPLAINABILITY", data, model, shap: { aggMethod: "max" } });
  });

  it("types the handle's properties", () => {
    const { handle } = clarifyCheckStep("C", { ...job, checkType: "DATA_BIAS" });
    expectTypeOf(handle.type).toEqualTypeOf<"ClarifyCheck">();
    expectTypeOf(handle.properties.CalculatedBaselineConstraints).toEqualTypeOf<PipelineValue<string>>();
    // @ts-expect-error: a ClarifyCheck step computes no statistics
    void handle.properties.CalculatedBaselineStatistics;
  });
});
