import { describe, expect, it } from "vitest";
import { ModelArguments, ModelStep } from "sagepipe";
import { pythonSdkFixture } from "../../support/python-sdk.js";

/** The distinct paths of a failed parse's issues, in order. */
const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) => [
  ...new Map((result.error?.issues ?? []).map((issue) => [issue.path.join("/"), issue.path])).values(),
];

const args = {
  ExecutionRoleArn: "arn:aws:iam::111111111111:role/SageMakerRole",
  PrimaryContainer: { Image: "fakeimage", ModelDataUrl: "s3://my-bucket/model.tar.gz", Environment: {} },
};

describe("ModelStep: Python SDK output", () => {
  it.each([
    "test_steps/test_steps__test_create_model_step__L813.json",
    "test_steps/test_steps__test_create_model_step_with_model_pipeline__L873.json",
    "test_step_collections/test_step_collections__test_estimator_transformer__L1149.json",
    "test_automl_step/test_automl_step__test_get_best_auto_ml_model__L346.json",
  ])("parses %s to an equal value", (file) => {
    const step = pythonSdkFixture(file);
    expect(ModelStep.parse(step)).toEqual(step);
  });

  it("parses Arguments whose ModelDataUrl the test popped", () => {
    const file = "test_step_collections/test_step_collections__test_estimator_transformer_with_model_repack_with_estimator__L1269.json";
    const value = pythonSdkFixture(file);
    expect(ModelArguments.parse(value)).toEqual(value);
  });

  it.each([
    "test_model_step/test_model_step__test_create_model_with_runtime_repack__L279.json",
    "test_model_step/test_model_step__test_create_pipeline_model_with_runtime_repack__L378.json",
    "test_model_step/test_model_step__test_create_pipeline_model_with_runtime_repack__L382.json",
    "test_model_step/test_model_step__test_conditional_model_create_and_regis__L667.json",
  ])("accepts the container ModelDataUrl of %s", (file) => {
    const value = { ...args, PrimaryContainer: { Image: "fakeimage", ModelDataUrl: pythonSdkFixture(file) } };
    expect(ModelArguments.parse(value)).toEqual(value);
  });

  it("accepts a Lambda output as the container image", () => {
    const image = pythonSdkFixture("test_model_step/test_model_step__test_model_step_with_lambda_property_reference__L1091.json");
    expect(ModelArguments.safeParse({ ...args, PrimaryContainer: { Image: image } }).success).toBe(true);
  });

  it("keeps ModelName when a custom name prefix is used", () => {
    const value = { ...args, ModelName: "my-model" };
    expect(ModelArguments.parse(value)).toEqual(value);
  });
});

describe("ModelStep: rejections", () => {
  it("needs PrimaryContainer or Containers", () => {
    const result = ModelArguments.safeParse({ ExecutionRoleArn: args.ExecutionRoleArn });
    expect(issuePaths(result)).toEqual([["PrimaryContainer"]]);
  });

  it("rejects PrimaryContainer together with Containers", () => {
    const result = ModelArguments.safeParse({ ...args, Containers: [args.PrimaryContainer] });
    expect(issuePaths(result)).toEqual([["PrimaryContainer"]]);
    expect(result.error?.issues[0]?.message).toMatch(/exactly one/);
  });

  it("needs ImageConfig.RepositoryAccessMode", () => {
    const result = ModelArguments.safeParse({ ...args, PrimaryContainer: { Image: "x", ImageConfig: {} } });
    expect(issuePaths(result)).toEqual([["PrimaryContainer", "ImageConfig", "RepositoryAccessMode"]]);
  });

  it("rejects a misspelt key", () => {
    const result = ModelArguments.safeParse({ ...args, ExecutionRoleARN: "x" });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["ExecutionRoleARN"], path: [] });
  });

  it("rejects more than 15 containers", () => {
    const result = ModelArguments.safeParse({ Containers: Array.from({ length: 16 }, () => ({ Image: "x" })) });
    expect(issuePaths(result)).toEqual([["Containers"]]);
  });

  it("rejects more than 100 environment variables", () => {
    const Environment = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, "x"]));
    const result = ModelArguments.safeParse({ ...args, PrimaryContainer: { Image: "x", Environment } });
    expect(issuePaths(result)).toEqual([["PrimaryContainer", "Environment"]]);
  });

  it("rejects a ModelDataUrl that is not an S3 or HTTPS URI", () => {
    const result = ModelArguments.safeParse({ ...args, PrimaryContainer: { ModelDataUrl: "ftp://bucket/model.tar.gz" } });
    expect(issuePaths(result)).toEqual([["PrimaryContainer", "ModelDataUrl"]]);
  });

  it("rejects a string where a boolean belongs", () => {
    const result = ModelArguments.safeParse({ ...args, EnableNetworkIsolation: "true" });
    expect(issuePaths(result)).toEqual([["EnableNetworkIsolation"]]);
  });

  it("rejects an invalid ModelName", () => {
    const result = ModelArguments.safeParse({ ...args, ModelName: "my_model" });
    expect(issuePaths(result)).toEqual([["ModelName"]]);
  });

  it("rejects a step-level typo", () => {
    const result = ModelStep.safeParse({ Name: "M", Type: "Model", Arguments: args, DependOn: ["X"] });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["DependOn"] });
  });
});
