import { describe, expect, it } from "vitest";
import { TrainingArguments, TrainingStep } from "sagepipe";
import { fixture, fixtureSteps, issuePaths, withValue } from "./job-fixtures.js";

const args = {
  AlgorithmSpecification: { TrainingImage: "fakeimage", TrainingInputMode: "File" },
  RoleArn: "arn:aws:iam::111111111111:role/SageMakerRole",
  InputDataConfig: [
    {
      ChannelName: "training",
      DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://my-bucket/train" } },
    },
  ],
  OutputDataConfig: { S3OutputPath: "s3://my-bucket/output" },
  ResourceConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 },
  StoppingCondition: { MaxRuntimeInSeconds: 86400 },
};

// Steps whose Arguments are not a CreateTrainingJob request: SDK tests of other features use a
// custom "Training" step with `{}`, `{"input_data": ...}` or `{"Input", "Output"}` as Arguments.
const STUB_KEYS = new Set(["input_data", "Input", "Output"]);
const isStub = (step: Record<string, unknown>) =>
  Object.keys(step.Arguments as object).every((key) => STUB_KEYS.has(key));

// The SDK tests deleted these members before comparing (their values hold upload hashes or
// images looked up at run time); the tests put a value back.
const S3_URI_DELETED = "test_training_step_with_algorithm_base";
const IMAGE_DELETED = "test_utils__test_repack_model_step";
// A mocked session made the output path a list.
const MOCKED_OUTPUT = "test_function_step__test_function_step_to_request";

const steps = fixtureSteps("Training");
const stubs = steps.filter(({ step }) => isStub(step));
const real = steps.filter(
  ({ step, file }) =>
    !isStub(step) && ![S3_URI_DELETED, IMAGE_DELETED, MOCKED_OUTPUT].some((name) => file.includes(name)),
);

describe("TrainingStep: Python SDK output", () => {
  it("finds the SDK's training steps", () => {
    expect(real.length).toBeGreaterThanOrEqual(6);
  });

  it.each(real)("parses $id to an equal value", ({ step }) => {
    expect(TrainingStep.parse(step)).toEqual(step);
  });

  it.each(steps.filter(({ file }) => file.includes(S3_URI_DELETED)))(
    "parses $id once the channel S3Uri the SDK test deleted is back",
    ({ step }) => {
      const restored = withValue(step, ["Arguments", "InputDataConfig", 0, "DataSource", "S3DataSource", "S3Uri"], "s3://my-bucket/input");
      expect(TrainingStep.parse(restored)).toEqual(restored);
    },
  );

  it.each(steps.filter(({ file }) => file.includes(IMAGE_DELETED)))(
    "parses $id once the TrainingImage the SDK test deleted is back",
    ({ step }) => {
      const restored = withValue(step, ["Arguments", "AlgorithmSpecification", "TrainingImage"], "fakeimage");
      expect(TrainingStep.parse(restored)).toEqual(restored);
    },
  );

  it("reports the list-valued S3OutputPath and the role name ROLE of the function step test (a mocked session)", () => {
    const step = steps.find(({ file }) => file.includes(MOCKED_OUTPUT))?.step;
    // (the mocked session's role is "ROLE", a name where the API takes an ARN: refused as AWS refuses it)
    expect(issuePaths(TrainingStep.safeParse(step))).toEqual([
      ["Arguments", "RoleArn"],
      ["Arguments", "OutputDataConfig", "S3OutputPath"],
    ]);
  });

  it.each(stubs)("does not take the stub Arguments of $id as a training job", ({ step }) => {
    expect(TrainingStep.safeParse(step).success).toBe(false);
  });

  it("accepts a Std:JsonGet instance type", () => {
    const instanceType = fixture("test_training_step/test_training_step__test_training_step_with_jsonget_instance_type__L928.json");
    const value = withValue(args, ["ResourceConfig", "InstanceType"], instanceType);
    expect(TrainingArguments.parse(value)).toEqual(value);
  });

  it("keeps TrainingJobName when a custom name prefix is used", () => {
    const value = { ...args, TrainingJobName: "my-training-job" };
    expect(TrainingArguments.parse(value)).toEqual(value);
  });
});

describe("TrainingStep: rejections", () => {
  it.each(["RoleArn", "OutputDataConfig"])("needs %s", (key) => {
    const { [key as keyof typeof args]: _, ...rest } = args;
    expect(issuePaths(TrainingArguments.safeParse(rest))).toEqual([[key]]);
  });

  it("needs TrainingInputMode", () => {
    const value = { ...args, AlgorithmSpecification: { TrainingImage: "fakeimage" } };
    expect(issuePaths(TrainingArguments.safeParse(value))).toEqual([["AlgorithmSpecification", "TrainingInputMode"]]);
  });

  it("rejects a misspelt key", () => {
    const result = TrainingArguments.safeParse({ ...args, HyperParameter: {} });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["HyperParameter"], path: [] });
  });

  it("rejects PropertyFiles, which only Processing steps have", () => {
    const result = TrainingStep.safeParse({ Name: "Train", Type: "Training", Arguments: args, PropertyFiles: [] });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["PropertyFiles"] });
  });

  it("needs exactly one of TrainingImage and AlgorithmName", () => {
    const both = withValue(args, ["AlgorithmSpecification", "AlgorithmName"], "my-algorithm");
    const neither = { ...args, AlgorithmSpecification: { TrainingInputMode: "File" } };
    for (const value of [both, neither]) {
      const result = TrainingArguments.safeParse(value);
      expect(issuePaths(result)).toEqual([["AlgorithmSpecification"]]);
      expect(result.error?.issues[0]?.message).toMatch(/exactly one of TrainingImage/);
    }
  });

  it("rejects more than 100 hyperparameters", () => {
    const HyperParameters = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`hp${i}`, "1"]));
    expect(issuePaths(TrainingArguments.safeParse({ ...args, HyperParameters }))).toEqual([["HyperParameters"]]);
  });

  it("rejects a hyperparameter value over 2500 characters", () => {
    const result = TrainingArguments.safeParse({ ...args, HyperParameters: { epochs: "9".repeat(2501) } });
    expect(issuePaths(result)).toEqual([["HyperParameters", "epochs"]]);
  });

  it("rejects a hyperparameter that is a number", () => {
    const result = TrainingArguments.safeParse({ ...args, HyperParameters: { epochs: 10 } });
    expect(issuePaths(result)).toEqual([["HyperParameters", "epochs"]]);
  });

  it("rejects an empty InputDataConfig and more than 20 channels", () => {
    const channel = args.InputDataConfig[0];
    for (const InputDataConfig of [[], Array.from({ length: 21 }, () => channel)]) {
      expect(issuePaths(TrainingArguments.safeParse({ ...args, InputDataConfig }))).toEqual([["InputDataConfig"]]);
    }
  });

  it("rejects more than 40 metric definitions", () => {
    const metrics = Array.from({ length: 41 }, (_, i) => ({ Name: `m${i}`, Regex: "m=(.*)" }));
    const value = withValue(args, ["AlgorithmSpecification", "MetricDefinitions"], metrics);
    expect(issuePaths(TrainingArguments.safeParse(value))).toEqual([["AlgorithmSpecification", "MetricDefinitions"]]);
  });

  it("rejects an environment variable name with a hyphen", () => {
    const result = TrainingArguments.safeParse({ ...args, Environment: { "MY-VAR": "1" } });
    expect(issuePaths(result)).toEqual([["Environment", "MY-VAR"]]);
  });

  it("rejects a string where an integer belongs", () => {
    const value = withValue(args, ["ResourceConfig", "InstanceCount"], "1");
    expect(issuePaths(TrainingArguments.safeParse(value))).toEqual([["ResourceConfig", "InstanceCount"]]);
  });

  it("rejects an instance type without the ml. prefix", () => {
    const value = withValue(args, ["ResourceConfig", "InstanceType"], "m5.xlarge");
    expect(issuePaths(TrainingArguments.safeParse(value))).toEqual([["ResourceConfig", "InstanceType"]]);
  });

  it("rejects an S3 URI of another scheme", () => {
    const value = withValue(args, ["OutputDataConfig", "S3OutputPath"], "ftp://my-bucket/output");
    expect(issuePaths(TrainingArguments.safeParse(value))).toEqual([["OutputDataConfig", "S3OutputPath"]]);
  });

  it("needs a channel data source", () => {
    const value = withValue(args, ["InputDataConfig", 0, "DataSource"], {});
    const result = TrainingArguments.safeParse(value);
    expect(issuePaths(result)).toEqual([["InputDataConfig", 0, "DataSource"]]);
    expect(result.error?.issues[0]?.message).toMatch(/exactly one of S3DataSource/);
  });

  it("rejects an invalid TrainingJobName", () => {
    expect(issuePaths(TrainingArguments.safeParse({ ...args, TrainingJobName: "my_job" }))).toEqual([["TrainingJobName"]]);
  });

  it("rejects a retry strategy over 30 attempts", () => {
    const result = TrainingArguments.safeParse({ ...args, RetryStrategy: { MaximumRetryAttempts: 31 } });
    expect(issuePaths(result)).toEqual([["RetryStrategy", "MaximumRetryAttempts"]]);
  });
});
