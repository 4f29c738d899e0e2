import { describe, expect, it } from "vitest";
import { AutoMLArguments, AutoMLStep } from "sagepipe";
import { pythonSdkFixture } from "../../support/python-sdk.js";

/** The distinct paths of a failed parse's issues, in order. */
const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) => [
  ...new Map((result.error?.issues ?? []).map((issue) => [issue.path.join("/"), issue.path])).values(),
];

type Obj = Record<string, unknown>;

const args = {
  InputDataConfig: [
    {
      ChannelType: "training",
      DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://bucket/data" } },
      TargetAttributeName: "target",
    },
  ],
  OutputDataConfig: { S3OutputPath: "s3://bucket/output/" },
  RoleArn: "arn:aws:iam::111111111111:role/SageMakerRole",
  ProblemType: "BinaryClassification",
  AutoMLJobObjective: { MetricName: "F1" },
  AutoMLJobConfig: { Mode: "ENSEMBLING", CompletionCriteria: { MaxCandidates: 10 } },
};

const withConfig = (config: Obj) => ({ ...args, AutoMLJobConfig: { ...args.AutoMLJobConfig, ...config } });

describe("AutoMLStep: Python SDK output", () => {
  // The SDK's AutoML tests pass tags as {"Name", "Value"}, which the SDK forwards unchanged; the
  // CreateAutoMLJob API needs {"Key", "Value"}, so only that tag is an issue.
  it.each([
    "test_automl_step/test_automl_step__test_single_automl_step__L92.json",
    "test_automl_step/test_automl_step__test_single_automl_step_with_parameter__L221.json",
  ])("parses %s once its tags use Key", (file) => {
    const step = pythonSdkFixture(file) as Obj;
    const result = AutoMLStep.safeParse(step);
    expect(issuePaths(result)).toEqual([["Arguments", "Tags", 0, "Key"], ["Arguments", "Tags", 0]]);
    expect(result.error?.issues[1]).toMatchObject({ code: "unrecognized_keys", keys: ["Name"] });

    const stepArgs = step["Arguments"] as Obj;
    const tags = stepArgs["Tags"] as { Name: string; Value: string }[];
    const fixed = { ...step, Arguments: { ...stepArgs, Tags: tags.map(({ Name, Value }) => ({ Key: Name, Value })) } };
    expect(AutoMLStep.parse(fixed)).toEqual(fixed);
  });
});

describe("AutoMLStep: rejections", () => {
  it("accepts only the ENSEMBLING mode", () => {
    const result = AutoMLArguments.safeParse(withConfig({ Mode: "AUTO" }));
    expect(issuePaths(result)).toEqual([["AutoMLJobConfig", "Mode"]]);
    expect(result.error?.issues[0]?.message).toMatch(/ENSEMBLING/);
    expect(AutoMLArguments.safeParse(withConfig({ Mode: { Get: "Parameters.Mode" } })).success).toBe(true);
  });

  it("needs AutoMLJobConfig.Mode", () => {
    const { AutoMLJobConfig, ...rest } = args;
    expect(issuePaths(AutoMLArguments.safeParse(rest))).toEqual([["AutoMLJobConfig"]]);
    const result = AutoMLArguments.safeParse({ ...args, AutoMLJobConfig: { CompletionCriteria: AutoMLJobConfig.CompletionCriteria } });
    expect(issuePaths(result)).toEqual([["AutoMLJobConfig", "Mode"]]);
  });

  it("needs RoleArn", () => {
    const { RoleArn: _role, ...rest } = args;
    expect(issuePaths(AutoMLArguments.safeParse(rest))).toEqual([["RoleArn"]]);
  });

  it.each(["ModelDeployConfig", "GenerateCandidateDefinitionsOnly"])("rejects %s, which Pipelines does not accept", (key) => {
    const result = AutoMLArguments.safeParse({ ...args, [key]: key === "ModelDeployConfig" ? { AutoGenerateEndpointName: true } : true });
    expect(issuePaths(result)).toEqual([[key]]);
    expect(result.error?.issues[0]?.message).toMatch(/not accepted by SageMaker Pipelines/);
  });

  it("rejects a misspelt key", () => {
    const result = AutoMLArguments.safeParse({ ...args, ProblemTypes: "Regression" });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["ProblemTypes"] });
  });

  it("rejects more than two channels and too many candidates", () => {
    const three = { ...args, InputDataConfig: [...args.InputDataConfig, ...args.InputDataConfig, ...args.InputDataConfig] };
    expect(issuePaths(AutoMLArguments.safeParse(three))).toEqual([["InputDataConfig"]]);
    const result = AutoMLArguments.safeParse(withConfig({ CompletionCriteria: { MaxCandidates: 751 } }));
    expect(issuePaths(result)).toEqual([["AutoMLJobConfig", "CompletionCriteria", "MaxCandidates"]]);
  });

  it("rejects a validation fraction above 1 and a string count", () => {
    expect(issuePaths(AutoMLArguments.safeParse(withConfig({ DataSplitConfig: { ValidationFraction: 1.5 } })))).toEqual([
      ["AutoMLJobConfig", "DataSplitConfig", "ValidationFraction"],
    ]);
    expect(issuePaths(AutoMLArguments.safeParse(withConfig({ CompletionCriteria: { MaxCandidates: "10" } })))).toEqual([
      ["AutoMLJobConfig", "CompletionCriteria", "MaxCandidates"],
    ]);
  });

  it("rejects an AutoML job name prefix longer than 32 characters", () => {
    const result = AutoMLArguments.safeParse({ ...args, AutoMLJobName: "a".repeat(33) });
    expect(issuePaths(result)).toEqual([["AutoMLJobName"]]);
  });
});
