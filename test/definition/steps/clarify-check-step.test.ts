import { describe, expect, it } from "vitest";
import { ClarifyCheckArguments, ClarifyCheckStep, PipelineDefinition, Step } from "sagepipe";
import { pythonSdkFixture, issuePaths } from "../../support/python-sdk.js";

const DATA_BIAS = "test_clarify_check_step/test_clarify_check_step__test_data_bias_check_step__L348.json";
const MODEL_BIAS = "test_clarify_check_step/test_clarify_check_step__test_model_bias_check_step__L389.json";
const EXPLAINABILITY = "test_clarify_check_step/test_clarify_check_step__test_model_explainability_check_step__L428.json";

const modelBias = pythonSdkFixture(MODEL_BIAS) as Record<string, unknown>;

describe("ClarifyCheckStep: Python SDK output", () => {
  it.each([DATA_BIAS, MODEL_BIAS, EXPLAINABILITY])("parses %s to an equal value", (file) => {
    const value = pythonSdkFixture(file);
    expect(ClarifyCheckStep.parse(value)).toEqual(value);
    expect(Step.parse(value)).toEqual(value);
  });

  it("parses inside a whole definition", () => {
    const definition = { Version: "2020-12-01", Parameters: [{ Name: "MyModelPackageGroup", Type: "String" }], Steps: [modelBias] };
    expect(PipelineDefinition.parse(definition)).toEqual(definition);
  });
});

describe("ClarifyCheckStep: rejections", () => {
  it("needs ModelName for a model check", () => {
    const { ModelName: _m, ...rest } = modelBias;
    expect(issuePaths(ClarifyCheckStep.safeParse(rest))).toEqual([["ModelName"]]);
  });

  it("takes no ModelName in a data bias check", () => {
    const value = { ...(pythonSdkFixture(DATA_BIAS) as object), ModelName: "model_name" };
    expect(issuePaths(ClarifyCheckStep.safeParse(value))).toEqual([["ModelName"]]);
  });

  it("rejects SuppliedBaselineStatistics, which only quality checks take", () => {
    const result = ClarifyCheckStep.safeParse({ ...modelBias, SuppliedBaselineStatistics: "s3://b/s.json" });
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
  });

  it("rejects a quality check type", () => {
    expect(issuePaths(ClarifyCheckStep.safeParse({ ...modelBias, CheckType: "MODEL_QUALITY" }))).toEqual([["CheckType"]]);
  });

  it("rejects an instance type that is not ml.*", () => {
    const args = structuredClone(modelBias["Arguments"]) as { ProcessingResources: { ClusterConfig: Record<string, unknown> } };
    args.ProcessingResources.ClusterConfig["InstanceType"] = "m5.xlarge";
    expect(issuePaths(ClarifyCheckArguments.safeParse(args))).toEqual([["ProcessingResources", "ClusterConfig", "InstanceType"]]);
  });

  it("rejects a number where InstanceCount wants an integer", () => {
    const args = structuredClone(modelBias["Arguments"]) as { ProcessingResources: { ClusterConfig: Record<string, unknown> } };
    args.ProcessingResources.ClusterConfig["InstanceCount"] = "1";
    expect(issuePaths(ClarifyCheckArguments.safeParse(args))).toEqual([["ProcessingResources", "ClusterConfig", "InstanceCount"]]);
  });

  it("rejects an S3 output URI that is not s3:// or https://", () => {
    const args = structuredClone(modelBias["Arguments"]) as {
      ProcessingOutputConfig: { Outputs: { S3Output: Record<string, unknown> }[] };
    };
    const output = args.ProcessingOutputConfig.Outputs[0];
    if (output !== undefined) output.S3Output["S3Uri"] = "my_bucket/output";
    expect(issuePaths(ClarifyCheckArguments.safeParse(args))).toEqual([
      ["ProcessingOutputConfig", "Outputs", 0, "S3Output", "S3Uri"],
    ]);
  });
});
