import { describe, expect, it } from "vitest";
import { BedrockProvisionedModelThroughputArguments, BedrockProvisionedModelThroughputStep } from "sagepipe";

/** The distinct paths of a failed parse's issues, in order. */
const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) => [
  ...new Map((result.error?.issues ?? []).map((issue) => [issue.path.join("/"), issue.path])).values(),
];

const args = { ProvisionedModelName: "prov", ModelId: "m", ModelUnits: 1, CommitmentDuration: "OneMonth" };

describe("BedrockProvisionedModelThroughputStep", () => {
  it("parses a step to an equal value", () => {
    const step = { Name: "Prov", Type: "BedrockProvisionedModelThroughput", Arguments: args, DependsOn: ["Import"] };
    expect(BedrockProvisionedModelThroughputStep.parse(step)).toEqual(step);
  });

  it("accepts the imported model ARN and a unit count parameter", () => {
    const value = { ProvisionedModelName: "p", ModelId: { Get: "Steps.I.ImportedModelArn" }, ModelUnits: { Get: "Parameters.Units" } };
    expect(BedrockProvisionedModelThroughputArguments.parse(value)).toEqual(value);
  });

  it("needs ModelUnits", () => {
    const { ModelUnits: _units, ...rest } = args;
    expect(issuePaths(BedrockProvisionedModelThroughputArguments.safeParse(rest))).toEqual([["ModelUnits"]]);
  });

  it("rejects a misspelt key", () => {
    const result = BedrockProvisionedModelThroughputArguments.safeParse({ ...args, Bogus: 1 });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["Bogus"] });
  });

  it("rejects zero model units, a fractional count and an unknown commitment", () => {
    expect(issuePaths(BedrockProvisionedModelThroughputArguments.safeParse({ ...args, ModelUnits: 0 }))).toEqual([["ModelUnits"]]);
    expect(issuePaths(BedrockProvisionedModelThroughputArguments.safeParse({ ...args, ModelUnits: 1.5 }))).toEqual([["ModelUnits"]]);
    expect(issuePaths(BedrockProvisionedModelThroughputArguments.safeParse({ ...args, CommitmentDuration: "OneYear" }))).toEqual([
      ["CommitmentDuration"],
    ]);
  });

  it("rejects a string where the unit count belongs", () => {
    expect(issuePaths(BedrockProvisionedModelThroughputArguments.safeParse({ ...args, ModelUnits: "1" }))).toEqual([["ModelUnits"]]);
  });
});
