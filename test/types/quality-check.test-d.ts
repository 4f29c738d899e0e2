import { describe, expectTypeOf, it } from "vitest";
import type { PipelineValue } from "sagepipe";
import { qualityCheckStep } from "../../src/builder/steps/quality-check.js";

declare const text: PipelineValue<string>;
declare const count: PipelineValue<number>;
const job = { image: "img", role: "role", instanceType: "ml.m5.xlarge", baselineDataset: text } as const;

describe("qualityCheckStep's types", () => {
  it("takes a data or a model quality check, each with its own options", () => {
    qualityCheckStep("Q", { ...job, checkType: "DATA_QUALITY", recordPreprocessorScript: "s3://b/pre.py", skipCheck: true, modelPackageGroupName: text });
    qualityCheckStep("Q", { ...job, checkType: "MODEL_QUALITY", problemType: "Regression", probabilityAttribute: 0, groundTruthAttribute: text });
    // @ts-expect-error: a MODEL_QUALITY check needs problemType
    qualityCheckStep("Q", { ...job, checkType: "MODEL_QUALITY" });
    // @ts-expect-error: problemType is for MODEL_QUALITY checks
    qualityCheckStep("Q", { ...job, checkType: "DATA_QUALITY", problemType: "Regression" });
    // @ts-expect-error: recordPreprocessorScript is for DATA_QUALITY checks
    qualityCheckStep("Q", { ...job, checkType: "MODEL_QUALITY", problemType: "Regression", recordPreprocessorScript: "s3://b/pre.py" });
    // @ts-expect-error: not a quality check type
    qualityCheckStep("Q", { ...job, checkType: "DATA_BIAS" });
    // @ts-expect-error: the baseline dataset is required (the image defaults to the analyzer's for the region)
    qualityCheckStep("Q", { role: "role", instanceType: "ml.m5.xlarge", checkType: "DATA_QUALITY" });
    // @ts-expect-error: attributes are strings, numbers or String values
    qualityCheckStep("Q", { ...job, checkType: "MODEL_QUALITY", problemType: "Regression", probabilityAttribute: count });
    // @ts-expect-error: a processor script is an S3 URI or a local file, not a pipeline value
    qualityCheckStep("Q", { ...job, checkType: "DATA_QUALITY", postAnalyticsProcessorScript: text });
    // @ts-expect-error: check steps take no retry policies
    qualityCheckStep("Q", { ...job, checkType: "DATA_QUALITY", retry: [{ exceptions: ["Step.THROTTLING"] }] });
    // @ts-expect-error: an unknown option
    qualityCheckStep("Q", { ...job, checkType: "DATA_QUALITY", baselineDatset: "s3://b/d" });
  });

  it("types the handle's properties", () => {
    const { handle } = qualityCheckStep("Q", { ...job, checkType: "DATA_QUALITY" });
    expectTypeOf(handle.name).toEqualTypeOf<"Q">();
    expectTypeOf(handle.properties.CalculatedBaselineStatistics).toEqualTypeOf<PipelineValue<string>>();
    expectTypeOf(handle.properties.BaselineUsedForDriftCheckConstraints).toEqualTypeOf<PipelineValue<string>>();
    // @ts-expect-error: not a property of a QualityCheck step
    void handle.properties.ProcessingJobName;
  });
});
