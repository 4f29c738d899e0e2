import { describe, expect, it } from "vitest";
import { ProcessingArguments, ProcessingStep } from "sagepipe";
import { fixture, fixtureSteps, issuePaths, withValue } from "./job-fixtures.js";

const args = {
  AppSpecification: { ImageUri: "fakeimage", ContainerEntrypoint: ["python3", "/opt/ml/processing/input/code/run.py"] },
  ProcessingInputs: [
    {
      InputName: "input-1",
      AppManaged: false,
      S3Input: { S3Uri: "s3://my-bucket/input", LocalPath: "/opt/ml/processing/input", S3DataType: "S3Prefix" },
    },
  ],
  ProcessingOutputConfig: {
    Outputs: [
      {
        OutputName: "evaluation",
        S3Output: { S3Uri: "s3://my-bucket/evaluation", LocalPath: "/opt/ml/processing/evaluation", S3UploadMode: "EndOfJob" },
      },
    ],
  },
  ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
  RoleArn: "arn:aws:iam::111111111111:role/SageMakerRole",
};

const propertyFile = { PropertyFileName: "EvaluationReport", OutputName: "evaluation", FilePath: "evaluation.json" };

// The SDK tests deleted the S3Uri of inputs and outputs whose paths hold upload hashes before
// comparing; the tests put a value back.
const S3_URI_DELETED = "test_processing_step_with_framework_processor";
// A Processor built with `image_uri=None`: the SDK emits `"ImageUri": null`, which no job accepts.
const NO_IMAGE = "test_processing_step_with_processor_using_custom_job_prefixes";

/** A copy of a step with a placeholder S3Uri wherever an S3Input or S3Output has none. */
function restoreS3Uris(step: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(step);
  const walk = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) return value.forEach((item) => walk(item));
    if (typeof value !== "object" || value === null) return;
    const object = value as Record<string, unknown>;
    if ((key === "S3Input" || key === "S3Output") && !("S3Uri" in object)) object.S3Uri = "s3://my-bucket/restored";
    for (const [k, v] of Object.entries(object)) walk(v, k);
  };
  walk(copy);
  return copy;
}

const steps = fixtureSteps("Processing");
const real = steps.filter(({ file }) => ![S3_URI_DELETED, NO_IMAGE].some((name) => file.includes(name)));

describe("ProcessingStep: Python SDK output", () => {
  it("finds the SDK's processing steps", () => {
    expect(real.length).toBeGreaterThanOrEqual(6);
  });

  it.each(real)("parses $id to an equal value", ({ step }) => {
    expect(ProcessingStep.parse(step)).toEqual(step);
  });

  it.each(steps.filter(({ file }) => file.includes(S3_URI_DELETED)))(
    "parses $id once the S3Uris the SDK test deleted are back",
    ({ step }) => {
      const restored = restoreS3Uris(step);
      expect(restored).not.toEqual(step);
      expect(ProcessingStep.parse(restored)).toEqual(restored);
    },
  );

  it.each(steps.filter(({ file }) => file.includes(NO_IMAGE)))("reports the null ImageUri of $id", ({ step }) => {
    expect(issuePaths(ProcessingStep.safeParse(step))).toEqual([["Arguments", "AppSpecification", "ImageUri"]]);
  });

  it.each([
    "test_processing_step/test_processing_step__test_spark_processor__L931.json",
    "test_processing_step/test_processing_step__test_spark_processor_local_code__L1076.json",
  ])("parses the Outputs of %s", (file) => {
    const Outputs = fixture(file);
    const value = { ...args, ProcessingOutputConfig: { Outputs } };
    expect(ProcessingArguments.parse(value)).toEqual(value);
  });

  it("accepts a role ARN parameter", () => {
    const RoleArn = fixture("test_processing_step/test_processing_step__test_processor_with_role_as_pipeline_parameter__L1148.json");
    const value = { ...args, RoleArn };
    expect(ProcessingArguments.parse(value)).toEqual(value);
  });

  it("keeps ProcessingJobName when a custom name prefix is used", () => {
    const value = { ...args, ProcessingJobName: "my-processing-job" };
    expect(ProcessingArguments.parse(value)).toEqual(value);
  });
});

describe("ProcessingStep: rejections", () => {
  it.each(["AppSpecification", "ProcessingResources", "RoleArn"])("needs %s", (key) => {
    const { [key as keyof typeof args]: _, ...rest } = args;
    expect(issuePaths(ProcessingArguments.safeParse(rest))).toEqual([[key]]);
  });

  it("needs an ImageUri", () => {
    const result = ProcessingArguments.safeParse({ ...args, AppSpecification: {} });
    expect(issuePaths(result)).toEqual([["AppSpecification", "ImageUri"]]);
  });

  it("rejects a misspelt key", () => {
    const result = ProcessingArguments.safeParse({ ...args, ProcessingInput: [] });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["ProcessingInput"], path: [] });
  });

  it("rejects more than 10 inputs and more than 10 outputs", () => {
    const inputs = Array.from({ length: 11 }, () => args.ProcessingInputs[0]);
    expect(issuePaths(ProcessingArguments.safeParse({ ...args, ProcessingInputs: inputs }))).toEqual([["ProcessingInputs"]]);
    const outputs = Array.from({ length: 11 }, () => args.ProcessingOutputConfig.Outputs[0]);
    const value = withValue(args, ["ProcessingOutputConfig", "Outputs"], outputs);
    expect(issuePaths(ProcessingArguments.safeParse(value))).toEqual([["ProcessingOutputConfig", "Outputs"]]);
  });

  it("rejects empty container arguments and more than 100", () => {
    for (const list of [[], Array.from({ length: 101 }, () => "--x")]) {
      const value = withValue(args, ["AppSpecification", "ContainerArguments"], list);
      expect(issuePaths(ProcessingArguments.safeParse(value))).toEqual([["AppSpecification", "ContainerArguments"]]);
    }
  });

  it("rejects an environment value over 256 characters and more than 100 variables", () => {
    const long = ProcessingArguments.safeParse({ ...args, Environment: { MODE: "x".repeat(257) } });
    expect(issuePaths(long)).toEqual([["Environment", "MODE"]]);
    const Environment = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, "x"]));
    expect(issuePaths(ProcessingArguments.safeParse({ ...args, Environment }))).toEqual([["Environment"]]);
  });

  it("rejects an S3 URI over 1024 characters", () => {
    const value = withValue(args, ["ProcessingInputs", 0, "S3Input", "S3Uri"], `s3://my-bucket/${"k".repeat(1010)}`);
    expect(issuePaths(ProcessingArguments.safeParse(value))).toEqual([["ProcessingInputs", 0, "S3Input", "S3Uri"]]);
  });

  it("rejects a string where an integer belongs", () => {
    const value = withValue(args, ["ProcessingResources", "ClusterConfig", "VolumeSizeInGB"], "30");
    const result = ProcessingArguments.safeParse(value);
    expect(issuePaths(result)).toEqual([["ProcessingResources", "ClusterConfig", "VolumeSizeInGB"]]);
  });

  it("rejects a stopping condition over 777600 seconds", () => {
    const result = ProcessingArguments.safeParse({ ...args, StoppingCondition: { MaxRuntimeInSeconds: 777601 } });
    expect(issuePaths(result)).toEqual([["StoppingCondition", "MaxRuntimeInSeconds"]]);
  });

  it("rejects more than 10 property files and a misspelt property file key", () => {
    const step = { Name: "Evaluate", Type: "Processing", Arguments: args };
    const many = ProcessingStep.safeParse({ ...step, PropertyFiles: Array.from({ length: 11 }, () => propertyFile) });
    expect(issuePaths(many)).toEqual([["PropertyFiles"]]);
    const typo = ProcessingStep.safeParse({ ...step, PropertyFiles: [{ ...propertyFile, Filepath: "x.json" }] });
    expect(typo.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["Filepath"], path: ["PropertyFiles", 0] });
  });

  it("accepts property files", () => {
    const step = { Name: "Evaluate", Type: "Processing", Arguments: args, PropertyFiles: [propertyFile] };
    expect(ProcessingStep.parse(step)).toEqual(step);
  });
});
