import { describe, expect, it } from "vitest";
import { BedrockCustomModelArguments, BedrockCustomModelStep } from "sagepipe";
import { pythonSdkFixture } from "../../support/python-sdk.js";

/** The distinct paths of a failed parse's issues, in order. */
const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) => [
  ...new Map((result.error?.issues ?? []).map((issue) => [issue.path.join("/"), issue.path])).values(),
];

const args = {
  ModelName: pythonSdkFixture("test_zimmer_steps/test_zimmer_steps__test_bedrock_custom_model_step_basic__L172.json"),
  RoleArn: "arn:aws:iam::111111111111:role/BedrockImport",
  ModelSourceConfig: { S3DataSource: { S3Uri: "s3://my-bucket/model/" } },
};

describe("BedrockCustomModelStep", () => {
  it("parses a step with the SDK's ModelName expression to an equal value", () => {
    const step = { Name: "RegisterModel", Type: "BedrockCustomModel", Arguments: args };
    expect(BedrockCustomModelStep.parse(step)).toEqual(step);
  });

  it("parses a model from a SageMaker model package with tags and a KMS key", () => {
    const value = {
      ModelName: "my-model_v2",
      CustomModelDataSource: {
        ModelPackageArnDataSource: { ModelPackageArn: { Get: "Steps.Register.ModelPackageArn" } },
      },
      ModelKmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/12345678-1234-1234-1234-123456789012",
      ModelTags: [{ Key: "team", Value: "ml" }],
      ClientRequestToken: "token-1",
    };
    expect(BedrockCustomModelArguments.parse(value)).toEqual(value);
  });

  it("needs ModelName", () => {
    const { ModelName: _name, ...rest } = args;
    expect(issuePaths(BedrockCustomModelArguments.safeParse(rest))).toEqual([["ModelName"]]);
  });

  it("needs exactly one model source", () => {
    const { ModelSourceConfig: _source, ...none } = args;
    expect(issuePaths(BedrockCustomModelArguments.safeParse(none))).toEqual([["ModelSourceConfig"]]);
    const both = { ...args, CustomModelDataSource: { ModelPackageArnDataSource: { ModelPackageArn: "arn" } } };
    expect(issuePaths(BedrockCustomModelArguments.safeParse(both))).toEqual([["ModelSourceConfig"]]);
  });

  it("needs RoleArn with an S3 source", () => {
    const { RoleArn: _role, ...rest } = args;
    expect(issuePaths(BedrockCustomModelArguments.safeParse(rest))).toEqual([["RoleArn"]]);
  });

  it("rejects camelCase keys: pipeline Arguments use PascalCase", () => {
    const result = BedrockCustomModelArguments.safeParse({ ...args, modelTags: [] });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["modelTags"] });
    const nested = BedrockCustomModelArguments.safeParse({ ...args, ModelSourceConfig: { s3DataSource: { s3Uri: "s3://my-bucket/m" } } });
    expect(issuePaths(nested)).toEqual([["ModelSourceConfig", "S3DataSource"], ["ModelSourceConfig"]]);
  });

  it("rejects more than 200 tags, a bad name and a non-S3 source", () => {
    const tags = Array.from({ length: 201 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    expect(issuePaths(BedrockCustomModelArguments.safeParse({ ...args, ModelTags: tags }))).toEqual([["ModelTags"]]);
    expect(issuePaths(BedrockCustomModelArguments.safeParse({ ...args, ModelName: "my model" }))).toEqual([["ModelName"]]);
    expect(
      issuePaths(BedrockCustomModelArguments.safeParse({ ...args, ModelSourceConfig: { S3DataSource: { S3Uri: "https://x/y" } } })),
    ).toEqual([["ModelSourceConfig", "S3DataSource", "S3Uri"]]);
  });
});
