import { describe, expect, it } from "vitest";
import { QualityCheckArguments, QualityCheckStep, Step } from "sagepipe";
import { pythonSdkFixture, issuePaths } from "../../support/python-sdk.js";

interface CheckStepJson {
  Arguments: {
    ProcessingInputs: { S3Input: Record<string, unknown> }[];
    ProcessingOutputConfig: { Outputs: { S3Output: Record<string, unknown> }[] };
  };
}

/**
 * The SDK's quality-check tests pop the timestamped `S3Uri` of some inputs and outputs before
 * comparing (`_get_step_definition_for_test`); the real step has them. Puts one back where it is missing.
 */
function withS3Uris(value: unknown): unknown {
  const step = structuredClone(value) as CheckStepJson;
  for (const input of step.Arguments.ProcessingInputs) input.S3Input["S3Uri"] ??= "s3://my-bucket/input";
  for (const output of step.Arguments.ProcessingOutputConfig.Outputs) output.S3Output["S3Uri"] ??= "s3://my-bucket/output";
  return step;
}

const DATA_QUALITY = "test_quality_check_step/test_quality_check_step__test_data_quality_check_step__L268.json";
const MODEL_QUALITY = "test_quality_check_step/test_quality_check_step__test_model_quality_check_step__L354.json";

const base = withS3Uris(pythonSdkFixture(MODEL_QUALITY)) as Record<string, unknown> & CheckStepJson;

describe("QualityCheckStep: Python SDK output", () => {
  it.each([DATA_QUALITY, MODEL_QUALITY])("parses %s (S3Uris restored) to an equal value", (file) => {
    const value = withS3Uris(pythonSdkFixture(file));
    expect(QualityCheckStep.parse(value)).toEqual(value);
    expect(Step.parse(value)).toEqual(value);
  });

  it("reports only the S3Uris that the SDK test popped", () => {
    expect(issuePaths(QualityCheckStep.safeParse(pythonSdkFixture(MODEL_QUALITY)))).toEqual([
      ["Arguments", "ProcessingInputs", 0, "S3Input", "S3Uri"],
      ["Arguments", "ProcessingInputs", 1, "S3Input", "S3Uri"],
      ["Arguments", "ProcessingOutputConfig", "Outputs", 0, "S3Output", "S3Uri"],
    ]);
  });

  it("accepts the nulls the SDK emits for unset baselines and package group", () => {
    const value = {
      ...base,
      ModelPackageGroupName: null,
      SuppliedBaselineStatistics: null,
      SuppliedBaselineConstraints: null,
    };
    expect(QualityCheckStep.parse(value)).toEqual(value);
  });
});

describe("QualityCheckStep: rejections", () => {
  it("needs CheckType", () => {
    const { CheckType: _c, ...rest } = base;
    expect(issuePaths(QualityCheckStep.safeParse(rest))).toEqual([["CheckType"]]);
  });

  it("rejects a Clarify check type", () => {
    expect(issuePaths(QualityCheckStep.safeParse({ ...base, CheckType: "DATA_BIAS" }))).toEqual([["CheckType"]]);
  });

  it("rejects a misspelt step-level key", () => {
    const result = QualityCheckStep.safeParse({ ...base, SupliedBaselineStatistics: "s3://b/s.json" });
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
  });

  it("rejects a volume above 16384 GB", () => {
    const args = structuredClone(base.Arguments) as unknown as {
      ProcessingResources: { ClusterConfig: Record<string, unknown> };
    };
    args.ProcessingResources.ClusterConfig["VolumeSizeInGB"] = 20000;
    expect(issuePaths(QualityCheckArguments.safeParse(args))).toEqual([
      ["ProcessingResources", "ClusterConfig", "VolumeSizeInGB"],
    ]);
  });

  it("rejects a string where SkipCheck wants a boolean", () => {
    expect(issuePaths(QualityCheckStep.safeParse({ ...base, SkipCheck: "false" }))).toEqual([["SkipCheck"]]);
  });

  it("rejects a processing input with both S3Input and DatasetDefinition", () => {
    const args = structuredClone(base.Arguments) as unknown as { ProcessingInputs: Record<string, unknown>[] };
    const dataset = { LocalPath: "/opt/ml/processing/input/q" };
    args.ProcessingInputs[0] = { ...args.ProcessingInputs[0], DatasetDefinition: dataset };
    expect(issuePaths(QualityCheckArguments.safeParse(args))).toEqual([["ProcessingInputs", 0]]);
  });

  it("rejects more than 10 processing inputs", () => {
    const args = structuredClone(base.Arguments) as unknown as { ProcessingInputs: unknown[] };
    const input = args.ProcessingInputs[0];
    args.ProcessingInputs = Array.from({ length: 11 }, () => input);
    expect(issuePaths(QualityCheckArguments.safeParse(args))).toEqual([["ProcessingInputs"]]);
  });

  it("needs RoleArn in Arguments", () => {
    const { RoleArn: _r, ...args } = base.Arguments as unknown as Record<string, unknown>;
    expect(issuePaths(QualityCheckArguments.safeParse(args))).toEqual([["RoleArn"]]);
  });
});
