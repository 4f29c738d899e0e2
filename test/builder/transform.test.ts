import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SagepipeError, join, pipeline, processingStep, trainingStep } from "sagepipe";
import { modelStep } from "../../src/builder/steps/model.js";
import { transformStep } from "../../src/builder/steps/transform.js";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) => wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/${file}`, import.meta.url), "utf8")));

const job = { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/proc:1", role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge" } as const;

/** The fixture without `TransformJobName`: the Python SDK keeps a custom job name prefix, sagepipe lets the service name jobs. */
const withoutJobName = (step: { Arguments: Record<string, unknown> }) => {
  const { TransformJobName, ...args } = step.Arguments;
  expect(TransformJobName).toBe("TestTransformJobPrefix");
  return { ...step, Arguments: args };
};

describe("transformStep", () => {
  it("emits what the Python SDK emits for a Transform step with cache, display name and dependencies (test_steps L927)", () => {
    // given
    const p = pipeline("Batch")
      .add(processingStep("TestStep", job))
      .add(processingStep("SecondTestStep", { ...job, after: [] }))
      .add(
        transformStep("MyTransformStep", {
          modelName: "gisele",
          input: "s3://my-bucket/transform_manifest",
          output: "s3://my-bucket/transform-output",
          instanceType: "ml.c4.4xlarge",
          displayName: "TransformStep",
          description: "TestDescription",
          dependsOn: ["TestStep", "SecondTestStep"],
          cache: { expireAfter: "PT1H" },
        }),
      );
    // when
    const step = p.compile().definition.Steps[2];
    // then: the Python SDK leaves S3OutputPath null (set when the legacy Transformer runs) and the
    // fixture's "c4.4xlarge" is not a SageMaker instance type; the rest is identical
    const expected = fixture("test_steps/test_steps__test_transform_step__L927.json");
    expect(expected.Arguments.TransformOutput).toStrictEqual({ S3OutputPath: null });
    expect(step).toStrictEqual({
      ...expected,
      Arguments: {
        ...expected.Arguments,
        TransformOutput: { S3OutputPath: "s3://my-bucket/transform-output" },
        TransformResources: { InstanceCount: 1, InstanceType: "ml.c4.4xlarge" },
      },
    });
  });

  it("emits what the Python SDK emits for literal, parameter, join and step-property model names, inputs and outputs (test_transform_step L132)", () => {
    // given: a custom step the fixtures reference, and the fixtures' parameters
    const base = pipeline("Batch")
      .param("ModelName", "String", { default: "my-model" })
      .param("MyTransformInput", "String", { default: "s3://my-bucket/my-data" })
      .param("MyOutputPath", "String", { default: "s3://my-bucket/my-output-path" })
      .add(trainingStep("my-custom-step", { ...job, outputPath: "s3://my-bucket/out" }));
    const cases = [
      ["test_transform_step__test_transform_step_with_transformer__L132.json", "literal", "literal", "literal"],
      ["test_transform_step__test_transform_step_with_transformer__L132__10.json", "param", "join", "literal"],
      ["test_transform_step__test_transform_step_with_transformer__L132__16.json", "step", "step", "literal"],
      ["test_transform_step__test_transform_step_with_transformer__L132__23.json", "join", "param", "param"],
      ["test_transform_step__test_transform_step_with_transformer__L132__41.json", "literal", "join", "join"],
      ["test_transform_step__test_transform_step_with_transformer__L132__62.json", "param", "step", "step"],
    ] as const;
    for (const [file, model, input, output] of cases) {
      const p = base.add(({ params, steps }) =>
        transformStep("MyTransformStep", {
          modelName: { literal: "my-model", param: params.ModelName, join: join(["my", "model"], "-"), step: steps["my-custom-step"].properties.RoleArn }[model],
          input: {
            literal: "s3://my-bucket/my-data",
            param: params.MyTransformInput,
            join: join(["s3://my-bucket", "my-transform-data", "input"], "/"),
            step: steps["my-custom-step"].properties.OutputDataConfig.S3OutputPath,
          }[input],
          output: {
            literal: "s3://my-bucket/my-output-path",
            param: params.MyOutputPath,
            join: join(["s3://my-bucket", "my-transform-data", "output"], "/"),
            step: steps["my-custom-step"].properties.OutputDataConfig.S3OutputPath,
          }[output],
          instanceType: "ml.m5.xlarge",
          after: [],
        }),
      );
      // when
      const step = p.compile().definition.Steps[1];
      // then
      expect(step, file).toStrictEqual(withoutJobName(fixture(`test_transform_step/${file}`)));
    }
  });

  it("transforms with a Model step's model, split records, filters, environment, tags and raw fields", () => {
    // given
    const p = pipeline("Batch")
      .assets({ bucket: "my-bucket", prefix: "batch" })
      .param("Payload", "Integer", { default: 6 })
      .add(modelStep("CreateModel", { image: "fakeimage", modelData: "s3://my-bucket/model.tar.gz", role: DUMMY_ROLE_ARN }))
      .add(({ steps, params }) =>
        transformStep("Score", {
          modelName: steps.CreateModel.modelName,
          input: { source: "s3://my-bucket/batch/", contentType: "text/csv", splitType: "Line", compression: "Gzip", dataType: "ManifestFile" },
          output: { accept: "text/csv", assembleWith: "Line", kmsKey: "alias/batch" },
          instanceType: "ml.m5.xlarge",
          instanceCount: 2,
          batchStrategy: "MultiRecord",
          maxConcurrentTransforms: 4,
          maxPayloadInMB: params.Payload,
          environment: { THREADS: 4 },
          dataProcessing: { inputFilter: "$[1:]", outputFilter: "$[0,-1]", joinSource: "Input" },
          tags: { team: "ml" },
          retry: [{ exceptions: ["SageMaker.CAPACITY_ERROR"], maxAttempts: 2 }],
          raw: { ModelClientConfig: { InvocationsTimeoutInSeconds: 600 }, DataCaptureConfig: { DestinationS3Uri: "s3://my-bucket/capture" } },
        }),
      );
    // when
    const step = p.compile().definition.Steps[1];
    // then
    expect(step).toStrictEqual({
      Name: "Score",
      Type: "Transform",
      Arguments: {
        ModelName: { Get: "Steps.CreateModel.ModelName" },
        TransformInput: {
          DataSource: { S3DataSource: { S3DataType: "ManifestFile", S3Uri: "s3://my-bucket/batch/" } },
          ContentType: "text/csv",
          CompressionType: "Gzip",
          SplitType: "Line",
        },
        TransformOutput: {
          S3OutputPath: {
            "Std:Join": {
              On: "/",
              Values: ["s3:/", "my-bucket", "batch", { Get: "Execution.PipelineName" }, { Get: "Execution.PipelineExecutionId" }, "Score", "output"],
            },
          },
          KmsKeyId: "alias/batch",
          AssembleWith: "Line",
          Accept: "text/csv",
        },
        TransformResources: { InstanceCount: 2, InstanceType: "ml.m5.xlarge" },
        BatchStrategy: "MultiRecord",
        MaxConcurrentTransforms: 4,
        MaxPayloadInMB: { Get: "Parameters.Payload" },
        Environment: { THREADS: "4" },
        Tags: [{ Key: "team", Value: "ml" }],
        DataProcessing: { InputFilter: "$[1:]", OutputFilter: "$[0,-1]", JoinSource: "Input" },
        ModelClientConfig: { InvocationsTimeoutInSeconds: 600 },
        DataCaptureConfig: { DestinationS3Uri: "s3://my-bucket/capture" },
      },
      RetryPolicies: [{ ExceptionType: ["SageMaker.CAPACITY_ERROR"], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 2 }],
    });
  });

  it("exposes where the results are and its properties (DescribeTransformJob)", () => {
    const { handle } = transformStep("MyTransformStep", { modelName: "m", input: "s3://b/in", output: "s3://b/out", instanceType: "ml.m5.xlarge" });
    expect(handle.outputPath.toJSON()).toStrictEqual({ Get: "Steps.MyTransformStep.TransformOutput.S3OutputPath" });
    expect(handle.properties.TransformJobName.toJSON()).toStrictEqual(fixture("test_steps/test_steps__test_transform_step__L951.json"));
  });

  it("rejects a missing input or model, and a default output without an asset bucket", () => {
    // @ts-expect-error: input is required
    expect(() => transformStep("T", { modelName: "m", instanceType: "ml.m5.xlarge" })).toThrow(/needs an input/);
    // @ts-expect-error: modelName is required
    expect(() => transformStep("T", { input: "s3://b/in", instanceType: "ml.m5.xlarge" })).toThrow(SagepipeError);
    const step = transformStep("T", { modelName: "m", input: "s3://b/in", instanceType: "ml.m5.xlarge" });
    expect(() => pipeline("Batch").add(step).compile()).toThrow(/needs a default S3 location for T\/output/);
  });

  it("rejects a batch payload above SageMaker's 100 MB when compiled", () => {
    const step = transformStep("T", { modelName: "m", input: "s3://b/in", output: "s3://b/out", instanceType: "ml.m5.xlarge", maxPayloadInMB: 500 });
    expect(() => pipeline("Batch").add(step).compile()).toThrow(/MaxPayloadInMB/);
  });
});
