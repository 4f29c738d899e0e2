import { describe, expect, it } from "vitest";
import { RegisterModelArguments, RegisterModelStep } from "sagepipe";
import { pythonSdkFixture } from "../../support/python-sdk.js";

/** The distinct paths of a failed parse's issues, in order. */
const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) => [
  ...new Map((result.error?.issues ?? []).map((issue) => [issue.path.join("/"), issue.path])).values(),
];

type Obj = Record<string, unknown>;

const container = { Image: "fakeimage", ModelDataUrl: "s3://my-bucket/model.tar.gz" };
const args = {
  ModelPackageGroupName: "mpg",
  ModelApprovalStatus: "PendingManualApproval",
  SkipModelValidation: "None",
  InferenceSpecification: { Containers: [container], SupportedContentTypes: ["text/csv"] },
};

describe("RegisterModelStep: Python SDK output", () => {
  it.each([
    "test_step_collections/test_step_collections__test_register_model__L507.json",
    "test_step_collections/test_step_collections__test_register_model_tf__L580.json",
  ])("parses the step of %s to an equal value", (file) => {
    const [step] = pythonSdkFixture(file) as unknown[];
    expect(RegisterModelStep.parse(step)).toEqual(step);
  });

  // The SDK's create_model_package request still holds CertifyForMarketplace, which the
  // RegisterModel step pops before it writes Arguments.
  it.each([
    "test_pipeline_session/test_pipeline_session__test_pipeline_session_context_for_model_step_without_instance_types__L228.json",
    "test_pipeline_session/test_pipeline_session__test_pipeline_session_context_for_model_step_with_one_instance_types__L293.json",
  ])("parses the request of %s once CertifyForMarketplace is popped", (file) => {
    const { CertifyForMarketplace, ...value } = pythonSdkFixture(file) as Obj;
    expect(CertifyForMarketplace).toBe(false);
    expect(RegisterModelArguments.parse(value)).toEqual(value);

    const rejected = RegisterModelArguments.safeParse({ ...value, CertifyForMarketplace });
    expect(issuePaths(rejected)).toEqual([["CertifyForMarketplace"]]);
    expect(rejected.error?.issues[0]?.message).toMatch(/not accepted by SageMaker Pipelines/);
  });

  // These tests delete InferenceSpecification.Containers before comparing.
  it.each([
    "test_step_collections/test_step_collections__test_register_model_with_model_repack_with_estimator__L824.json",
    "test_step_collections/test_step_collections__test_register_model_with_model_repack_with_model__L950.json",
    "test_step_collections/test_step_collections__test_register_model_with_model_repack_with_pipeline_model__L1084.json",
  ])("parses the Arguments of %s with their containers put back", (file) => {
    const value = pythonSdkFixture(file) as Obj;
    expect(issuePaths(RegisterModelArguments.safeParse(value))).toEqual([["InferenceSpecification", "Containers"]]);
    const spec = value["InferenceSpecification"] as Obj;
    const whole = { ...value, InferenceSpecification: { ...spec, Containers: [container] } };
    expect(RegisterModelArguments.parse(whole)).toEqual(whole);
  });

  it.each([
    "test_model_step/test_model_step__test_register_model_with_runtime_repack__L193.json",
    "test_model_step/test_model_step__test_register_pipeline_model_with_runtime_repack__L485.json",
    "test_model_step/test_model_step__test_register_pipeline_model_with_runtime_repack__L489.json",
    "test_model_step/test_model_step__test_register_model_without_repack__L547.json",
    "test_model_step/test_model_step__test_conditional_model_create_and_regis__L677.json",
  ])("accepts the container ModelDataUrl of %s", (file) => {
    const value = { ...args, InferenceSpecification: { Containers: [{ Image: "x", ModelDataUrl: pythonSdkFixture(file) }] } };
    expect(RegisterModelArguments.parse(value)).toEqual(value);
  });

  it("rejects the test stub of test_register_model_sip (Environment as a list, placeholder URLs)", () => {
    const [step] = pythonSdkFixture("test_step_collections/test_step_collections__test_register_model_sip__L658.json") as unknown[];
    const paths = issuePaths(RegisterModelStep.safeParse(step)).map((path) => path.join("."));
    expect(paths.sort()).toEqual([
      "Arguments.InferenceSpecification.Containers.0.Environment",
      "Arguments.InferenceSpecification.Containers.0.ModelDataUrl",
      "Arguments.InferenceSpecification.Containers.1.Environment",
      "Arguments.InferenceSpecification.Containers.1.ModelDataUrl",
    ]);
  });
});

describe("RegisterModelStep: rejections", () => {
  it("needs InferenceSpecification.Containers", () => {
    const result = RegisterModelArguments.safeParse({ ...args, InferenceSpecification: { SupportedContentTypes: [] } });
    expect(issuePaths(result)).toEqual([["InferenceSpecification", "Containers"]]);
  });

  it("rejects a misspelt key", () => {
    const result = RegisterModelArguments.safeParse({ ...args, ModelApprovalStatuss: "Approved" });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["ModelApprovalStatuss"] });
  });

  it("rejects more than 15 containers", () => {
    const result = RegisterModelArguments.safeParse({
      ...args,
      InferenceSpecification: { Containers: Array.from({ length: 16 }, () => container) },
    });
    expect(issuePaths(result)).toEqual([["InferenceSpecification", "Containers"]]);
  });

  it("rejects more than 50 customer metadata properties, and none", () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    expect(issuePaths(RegisterModelArguments.safeParse({ ...args, CustomerMetadataProperties: many }))).toEqual([
      ["CustomerMetadataProperties"],
    ]);
    expect(issuePaths(RegisterModelArguments.safeParse({ ...args, CustomerMetadataProperties: {} }))).toEqual([
      ["CustomerMetadataProperties"],
    ]);
    const one = { ...args, CustomerMetadataProperties: { team: { Get: "Parameters.Team" } } };
    expect(RegisterModelArguments.parse(one)).toEqual(one);
  });

  it("rejects an unknown approval status and a wrong primitive", () => {
    expect(issuePaths(RegisterModelArguments.safeParse({ ...args, ModelApprovalStatus: "Pending" }))).toEqual([
      ["ModelApprovalStatus"],
    ]);
    expect(issuePaths(RegisterModelArguments.safeParse({ ...args, SkipModelValidation: false }))).toEqual([
      ["SkipModelValidation"],
    ]);
  });

  it("rejects a metrics report without a content type", () => {
    const result = RegisterModelArguments.safeParse({
      ...args,
      ModelMetrics: { ModelQuality: { Statistics: { S3Uri: "s3://b/metrics.json" } } },
    });
    expect(issuePaths(result)).toEqual([["ModelMetrics", "ModelQuality", "Statistics", "ContentType"]]);
  });

  it("accepts an approval status given as a parameter", () => {
    const value = { ...args, ModelApprovalStatus: { Get: "Parameters.ModelApprovalStatus" } };
    expect(RegisterModelArguments.parse(value)).toEqual(value);
  });
});
