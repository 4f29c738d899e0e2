import { describe, expect, it } from "vitest";
import { BedrockCustomModelDeploymentArguments, BedrockCustomModelDeploymentStep } from "sagepipe";

/** The distinct paths of a failed parse's issues, in order. */
const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) => [
  ...new Map((result.error?.issues ?? []).map((issue) => [issue.path.join("/"), issue.path])).values(),
];

const args = {
  ModelDeploymentName: { Get: "Parameters.DepName" },
  ModelArn: "arn:aws:bedrock:us-east-1:111111111111:custom-model/imported/abcdefghijkl",
};

describe("BedrockCustomModelDeploymentStep", () => {
  it("parses a step to an equal value", () => {
    const step = { Name: "Deploy", Type: "BedrockCustomModelDeployment", Arguments: { ...args, Description: "d", Tags: [{ Key: "k", Value: "v" }] } };
    expect(BedrockCustomModelDeploymentStep.parse(step)).toEqual(step);
  });

  it("accepts the model ARN of a previous step", () => {
    const value = { ...args, ModelArn: { Get: "Steps.RegisterModel.ModelArn" } };
    expect(BedrockCustomModelDeploymentArguments.parse(value)).toEqual(value);
  });

  it("needs ModelArn", () => {
    expect(issuePaths(BedrockCustomModelDeploymentArguments.safeParse({ ModelDeploymentName: "d" }))).toEqual([["ModelArn"]]);
  });

  it("rejects a misspelt key", () => {
    const result = BedrockCustomModelDeploymentArguments.safeParse({ ...args, ModelARN: "x" });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["ModelARN"] });
  });

  it("rejects an ARN that is not a custom model's, and an empty description", () => {
    expect(issuePaths(BedrockCustomModelDeploymentArguments.safeParse({ ...args, ModelArn: "arn:aws:bedrock:us-east-1::foundation-model/x" }))).toEqual([
      ["ModelArn"],
    ]);
    expect(issuePaths(BedrockCustomModelDeploymentArguments.safeParse({ ...args, Description: "" }))).toEqual([["Description"]]);
  });

  it("rejects a number as the deployment name", () => {
    expect(issuePaths(BedrockCustomModelDeploymentArguments.safeParse({ ...args, ModelDeploymentName: 7 }))).toEqual([["ModelDeploymentName"]]);
  });
});
