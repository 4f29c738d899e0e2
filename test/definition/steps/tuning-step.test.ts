import { describe, expect, it } from "vitest";
import { TuningArguments, TuningStep } from "sagepipe";
import { fixtureSteps, issuePaths, withValue } from "./job-fixtures.js";

const definition = {
  AlgorithmSpecification: { TrainingImage: "fakeimage", TrainingInputMode: "File" },
  RoleArn: "arn:aws:iam::111111111111:role/SageMakerRole",
  OutputDataConfig: { S3OutputPath: "s3://my-bucket/" },
  ResourceConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 },
  StoppingCondition: { MaxRuntimeInSeconds: 86400 },
  StaticHyperParameters: { epochs: "10" },
};

const args = {
  HyperParameterTuningJobConfig: {
    Strategy: "Bayesian",
    HyperParameterTuningJobObjective: { Type: "Maximize", MetricName: "val:accuracy" },
    ResourceLimits: { MaxNumberOfTrainingJobs: 5, MaxParallelTrainingJobs: 2 },
    ParameterRanges: {
      ContinuousParameterRanges: [{ Name: "learning_rate", MinValue: "0.0001", MaxValue: "0.05", ScalingType: "Auto" }],
      CategoricalParameterRanges: [{ Name: "optimizer", Values: ["sgd", "adam"] }],
    },
  },
  TrainingJobDefinition: definition,
};

// The SDK test deleted the channel S3Uri before comparing; the test puts a value back.
const S3_URI_DELETED = "test_tuning_step_with_single_algo_tuner";
// The SDK test passes `early_stopping_type="OFF"` through; the API takes only "Off" or "Auto".
const UPPERCASE_OFF = "test_steps__test_single_algo_tuning_step";

const steps = fixtureSteps("Tuning");
const real = steps.filter(({ file }) => ![S3_URI_DELETED, UPPERCASE_OFF].some((name) => file.includes(name)));

describe("TuningStep: Python SDK output", () => {
  it("finds the SDK's tuning steps", () => {
    expect(real.length).toBeGreaterThanOrEqual(2);
  });

  it.each(real)("parses $id to an equal value", ({ step }) => {
    expect(TuningStep.parse(step)).toEqual(step);
  });

  it.each(steps.filter(({ file }) => file.includes(S3_URI_DELETED)))(
    "parses $id once the channel S3Uri the SDK test deleted is back",
    ({ step }) => {
      const path = ["Arguments", "TrainingJobDefinition", "InputDataConfig", 0, "DataSource", "S3DataSource", "S3Uri"];
      const restored = withValue(step, path, "s3://my-bucket/my-training-input");
      expect(TuningStep.parse(restored)).toEqual(restored);
    },
  );

  it("reports the upper-case early stopping type of the single-algorithm tuning test", () => {
    const step = steps.find(({ file }) => file.includes(UPPERCASE_OFF))?.step;
    const result = TuningStep.safeParse(step);
    expect(issuePaths(result)).toEqual([["Arguments", "HyperParameterTuningJobConfig", "TrainingJobEarlyStoppingType"]]);
    const fixed = withValue(step, ["Arguments", "HyperParameterTuningJobConfig", "TrainingJobEarlyStoppingType"], "Off");
    expect(TuningStep.parse(fixed)).toEqual(fixed);
  });

  it("accepts expressions in parameter ranges and tuning resources", () => {
    const value = withValue(args, ["HyperParameterTuningJobConfig", "ParameterRanges", "ContinuousParameterRanges", 0, "MinValue"], {
      "Std:Join": { On: "", Values: [{ Get: "Parameters.MinLearningRate" }] },
    });
    expect(TuningArguments.parse(value)).toEqual(value);
  });

  it("keeps HyperParameterTuningJobName when a custom name prefix is used", () => {
    const value = { ...args, HyperParameterTuningJobName: "my-tuning-job" };
    expect(TuningArguments.parse(value)).toEqual(value);
  });
});

describe("TuningStep: rejections", () => {
  it("needs HyperParameterTuningJobConfig", () => {
    const { HyperParameterTuningJobConfig: _, ...rest } = args;
    expect(issuePaths(TuningArguments.safeParse(rest))).toEqual([["HyperParameterTuningJobConfig"]]);
  });

  it("needs exactly one of TrainingJobDefinition and TrainingJobDefinitions", () => {
    const { TrainingJobDefinition: _, ...neither } = args;
    const both = { ...args, TrainingJobDefinitions: [{ ...definition, DefinitionName: "a" }] };
    for (const value of [neither, both]) {
      const result = TuningArguments.safeParse(value);
      expect(issuePaths(result)).toEqual([[]]);
      expect(result.error?.issues[0]?.message).toMatch(/exactly one of TrainingJobDefinition/);
    }
  });

  it("needs MaxParallelTrainingJobs", () => {
    const value = withValue(args, ["HyperParameterTuningJobConfig", "ResourceLimits"], { MaxNumberOfTrainingJobs: 5 });
    const result = TuningArguments.safeParse(value);
    expect(issuePaths(result)).toEqual([["HyperParameterTuningJobConfig", "ResourceLimits", "MaxParallelTrainingJobs"]]);
  });

  it("needs a StoppingCondition in each training definition", () => {
    const { StoppingCondition: _, ...rest } = definition;
    const result = TuningArguments.safeParse({ ...args, TrainingJobDefinition: rest });
    expect(issuePaths(result)).toEqual([["TrainingJobDefinition", "StoppingCondition"]]);
  });

  it("rejects a misspelt key", () => {
    const result = TuningArguments.safeParse({ ...args, WarmStart: {} });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["WarmStart"], path: [] });
  });

  it("rejects an unknown strategy", () => {
    const value = withValue(args, ["HyperParameterTuningJobConfig", "Strategy"], "Baysian");
    expect(issuePaths(TuningArguments.safeParse(value))).toEqual([["HyperParameterTuningJobConfig", "Strategy"]]);
  });

  it("rejects more than 10 training definitions", () => {
    const { TrainingJobDefinition: _, ...rest } = args;
    const TrainingJobDefinitions = Array.from({ length: 11 }, (_, i) => ({ ...definition, DefinitionName: `d${i}` }));
    expect(issuePaths(TuningArguments.safeParse({ ...rest, TrainingJobDefinitions }))).toEqual([["TrainingJobDefinitions"]]);
  });

  it("rejects a tuning runtime under 120 seconds", () => {
    const value = withValue(args, ["HyperParameterTuningJobConfig", "ResourceLimits", "MaxRuntimeInSeconds"], 60);
    const result = TuningArguments.safeParse(value);
    expect(issuePaths(result)).toEqual([["HyperParameterTuningJobConfig", "ResourceLimits", "MaxRuntimeInSeconds"]]);
  });

  it("rejects a categorical range without values", () => {
    const path = ["HyperParameterTuningJobConfig", "ParameterRanges", "CategoricalParameterRanges", 0, "Values"];
    expect(issuePaths(TuningArguments.safeParse(withValue(args, path, [])))).toEqual([path]);
  });

  it("rejects ResourceConfig together with HyperParameterTuningResourceConfig", () => {
    const value = withValue(args, ["TrainingJobDefinition", "HyperParameterTuningResourceConfig"], {
      InstanceCount: 1,
      InstanceType: "ml.m5.xlarge",
      VolumeSizeInGB: 30,
    });
    expect(issuePaths(TuningArguments.safeParse(value))).toEqual([["TrainingJobDefinition"]]);
  });

  it("rejects more than 48 environment variables in a training definition", () => {
    const Environment = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`V${i}`, "x"]));
    const value = withValue(args, ["TrainingJobDefinition", "Environment"], Environment);
    expect(issuePaths(TuningArguments.safeParse(value))).toEqual([["TrainingJobDefinition", "Environment"]]);
  });

  it("rejects a string where an integer belongs", () => {
    const path = ["HyperParameterTuningJobConfig", "ResourceLimits", "MaxParallelTrainingJobs"];
    expect(issuePaths(TuningArguments.safeParse(withValue(args, path, "2")))).toEqual([path]);
  });

  it("rejects a tuning job name over 32 characters", () => {
    const result = TuningArguments.safeParse({ ...args, HyperParameterTuningJobName: "a".repeat(33) });
    expect(result.success).toBe(false);
    expect(new Set(issuePaths(result).map((path) => path.join(".")))).toEqual(new Set(["HyperParameterTuningJobName"]));
  });
});
