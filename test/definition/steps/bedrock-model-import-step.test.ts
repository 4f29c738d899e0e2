import { describe, expect, it } from "vitest";
import { BedrockModelImportArguments, BedrockModelImportStep } from "sagepipe";
import { pythonSdkFixture } from "../../support/python-sdk.js";

/** The distinct paths of a failed parse's issues, in order. */
const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) => [
  ...new Map((result.error?.issues ?? []).map((issue) => [issue.path.join("/"), issue.path])).values(),
];

const args = {
  ImportedModelName: "imp",
  JobName: "job",
  RoleArn: "arn:aws:iam::111111111111:role/BedrockImport",
  ModelDataSource: { S3DataSource: { S3Uri: { Get: "Steps.Train.ModelArtifacts.S3ModelArtifacts" } } },
};

describe("BedrockModelImportStep", () => {
  it("parses a step to an equal value", () => {
    const step = {
      Name: "Import",
      Type: "BedrockModelImport",
      Arguments: {
        ...args,
        VpcConfig: { SubnetIds: ["subnet-0"], SecurityGroupIds: ["sg-0"] },
        ImportedModelKmsKeyId: "alias/my-key",
        JobTags: [{ Key: "k", Value: "v" }],
      },
    };
    expect(BedrockModelImportStep.parse(step)).toEqual(step);
  });

  it("rejects the SDK's one-key test stub: the model, role and source are required", () => {
    const stub = pythonSdkFixture("test_zimmer_steps/test_zimmer_steps__test_empty_arguments_rejected__L416__4.json");
    expect(issuePaths(BedrockModelImportArguments.safeParse(stub))).toEqual([["ImportedModelName"], ["RoleArn"], ["ModelDataSource"]]);
  });

  it("rejects a misspelt key", () => {
    const result = BedrockModelImportArguments.safeParse({ ...args, ImportedModelTag: [] });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["ImportedModelTag"] });
  });

  it("rejects a job name over 63 characters and more than 16 subnets", () => {
    expect(issuePaths(BedrockModelImportArguments.safeParse({ ...args, JobName: "j".repeat(64) }))).toEqual([["JobName"]]);
    const SubnetIds = Array.from({ length: 17 }, (_, i) => `subnet-${i}`);
    expect(issuePaths(BedrockModelImportArguments.safeParse({ ...args, VpcConfig: { SubnetIds, SecurityGroupIds: ["sg"] } }))).toEqual([
      ["VpcConfig", "SubnetIds"],
    ]);
  });

  it("rejects SageMaker's VpcConfig key names", () => {
    const result = BedrockModelImportArguments.safeParse({ ...args, VpcConfig: { Subnets: ["s"], SecurityGroupIds: ["sg"] } });
    expect(issuePaths(result)).toEqual([["VpcConfig", "SubnetIds"], ["VpcConfig"]]);
  });

  it("rejects a list where the data source object belongs", () => {
    expect(issuePaths(BedrockModelImportArguments.safeParse({ ...args, ModelDataSource: [] }))).toEqual([["ModelDataSource"]]);
  });
});
