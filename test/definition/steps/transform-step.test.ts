import { describe, expect, it } from "vitest";
import { TransformArguments, TransformStep } from "sagepipe";
import { fixture, fixtureSteps, issuePaths, withValue } from "./job-fixtures.js";

const args = {
  ModelName: { Get: "Steps.CreateModel.ModelName" },
  TransformInput: {
    DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://my-bucket/batch" } },
    ContentType: "text/csv",
    SplitType: "Line",
  },
  TransformOutput: { S3OutputPath: "s3://my-bucket/predictions", AssembleWith: "Line" },
  TransformResources: { InstanceType: "ml.m5.xlarge", InstanceCount: 1 },
};

// A Transformer built without an output path or an `ml.` instance type: the SDK emits
// `"S3OutputPath": null` and `"InstanceType": "c4.4xlarge"`, which no job accepts.
const NO_OUTPUT = "test_steps__test_transform_step__";

const steps = fixtureSteps("Transform");
const real = steps.filter(({ file }) => !file.includes(NO_OUTPUT));

describe("TransformStep: Python SDK output", () => {
  it("finds the SDK's transform steps", () => {
    expect(real.length).toBeGreaterThanOrEqual(60);
  });

  it.each(real)("parses $id to an equal value", ({ step }) => {
    expect(TransformStep.parse(step)).toEqual(step);
  });

  it("reports the null S3OutputPath and the instance type of the transform step test", () => {
    const step = steps.find(({ file }) => file.includes(NO_OUTPUT))?.step;
    expect(issuePaths(TransformStep.safeParse(step))).toEqual([
      ["Arguments", "TransformOutput", "S3OutputPath"],
      ["Arguments", "TransformResources", "InstanceType"],
    ]);
  });

  it.each([
    "test_step_collections/test_step_collections__test_estimator_transformer__L1170.json",
    "test_step_collections/test_step_collections__test_estimator_transformer_with_model_repack_with_estimator__L1283.json",
  ])("parses the TransformInput and TransformResources of %s", (file) => {
    // these Arguments are a subset the SDK test compared (its TransformOutput.S3OutputPath is null)
    const subset = fixture(file) as Record<string, unknown>;
    const value = { ...args, TransformInput: subset.TransformInput, TransformResources: subset.TransformResources };
    expect(TransformArguments.parse(value)).toEqual(value);
  });

  it("keeps TransformJobName when a custom name prefix is used", () => {
    const value = { ...args, TransformJobName: "my-transform-job" };
    expect(TransformArguments.parse(value)).toEqual(value);
  });
});

describe("TransformStep: rejections", () => {
  it.each(["ModelName", "TransformInput", "TransformOutput", "TransformResources"])("needs %s", (key) => {
    const { [key as keyof typeof args]: _, ...rest } = args;
    expect(issuePaths(TransformArguments.safeParse(rest))).toEqual([[key]]);
  });

  it("needs an S3 data source", () => {
    const result = TransformArguments.safeParse({ ...args, TransformInput: { DataSource: {} } });
    expect(issuePaths(result)).toEqual([["TransformInput", "DataSource", "S3DataSource"]]);
  });

  it("rejects a misspelt key", () => {
    const result = TransformArguments.safeParse({ ...args, BatchStrategyy: "MultiRecord" });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["BatchStrategyy"], path: [] });
  });

  it("rejects an unknown split type", () => {
    const value = withValue(args, ["TransformInput", "SplitType"], "Lines");
    expect(issuePaths(TransformArguments.safeParse(value))).toEqual([["TransformInput", "SplitType"]]);
  });

  it("rejects more than 16 environment variables", () => {
    const Environment = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`V${i}`, "x"]));
    expect(issuePaths(TransformArguments.safeParse({ ...args, Environment }))).toEqual([["Environment"]]);
  });

  it("rejects a payload over 100 MB and a retry count over 3", () => {
    expect(issuePaths(TransformArguments.safeParse({ ...args, MaxPayloadInMB: 101 }))).toEqual([["MaxPayloadInMB"]]);
    const result = TransformArguments.safeParse({ ...args, ModelClientConfig: { InvocationsMaxRetries: 4 } });
    expect(issuePaths(result)).toEqual([["ModelClientConfig", "InvocationsMaxRetries"]]);
  });

  it("rejects zero instances", () => {
    const value = withValue(args, ["TransformResources", "InstanceCount"], 0);
    expect(issuePaths(TransformArguments.safeParse(value))).toEqual([["TransformResources", "InstanceCount"]]);
  });

  it("rejects a number where a string belongs", () => {
    const value = withValue(args, ["TransformOutput", "Accept"], 1);
    expect(issuePaths(TransformArguments.safeParse(value))).toEqual([["TransformOutput", "Accept"]]);
  });

  it("rejects an invalid TransformJobName", () => {
    const result = TransformArguments.safeParse({ ...args, TransformJobName: "-job" });
    expect(issuePaths(result)).toEqual([["TransformJobName"]]);
  });
});
