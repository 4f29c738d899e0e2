import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, SagepipeError, pipeline, processingStep, trainingStep } from "sagepipe";
import { modelStep } from "../../src/builder/steps/model.js";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) => wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/${file}`, import.meta.url), "utf8")));

const job = { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/proc:1", role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge" } as const;
// the fixtures' steps depend on TestStep (and SecondTestStep)
const base = pipeline("Models").add(processingStep("TestStep", job)).add(processingStep("SecondTestStep", { ...job, after: [] }));

const codeOf = (build: () => unknown): string | undefined => {
  try {
    build();
  } catch (error) {
    return error instanceof SagepipeError ? error.code : "not a SagepipeError";
  }
  return undefined;
};

describe("modelStep", () => {
  it("emits what the Python SDK emits for CreateModelStep (test_steps L813)", () => {
    // given
    const p = base.add(
      modelStep("MyCreateModelStep", {
        image: "fakeimage",
        role: DUMMY_ROLE_ARN,
        displayName: "MyCreateModelStep",
        description: "TestDescription",
        dependsOn: ["TestStep", "SecondTestStep"],
      }),
    );
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[2]).toStrictEqual(fixture("test_steps/test_steps__test_create_model_step__L813.json"));
  });

  it("emits an inference pipeline's Containers as the Python SDK's PipelineModel (test_steps L873)", () => {
    const expected = fixture("test_steps/test_steps__test_create_model_step_with_model_pipeline__L873.json");
    const [first, second] = expected.Arguments.Containers;
    const p = base.add(
      modelStep("MyCreateModelStep", {
        role: DUMMY_ROLE_ARN,
        containers: [
          { image: first.Image, modelData: first.ModelDataUrl, environment: first.Environment },
          { image: second.Image, modelData: second.ModelDataUrl, environment: second.Environment },
        ],
        displayName: "MyCreateModelStep",
        description: "TestDescription",
        dependsOn: ["TestStep", "SecondTestStep"],
      }),
    );
    expect(p.compile().definition.Steps[2]).toStrictEqual(expected);
  });

  it("takes a training step's model artifact and a retry policy (test_step_collections L1149)", () => {
    // given
    const p = pipeline("Models")
      .add(processingStep("TestStep", job))
      .add(
        modelStep("EstimatorTransformerStepCreateModelStep", {
          image: "fakeimage",
          modelData: "s3://my-bucket/model.tar.gz",
          role: DUMMY_ROLE_ARN,
          dependsOn: ["TestStep"],
          retry: [{ exceptions: ["Step.SERVICE_FAULT"], maxAttempts: 10 }],
        }),
      )
      .add(trainingStep("Train", { ...job, outputPath: "s3://my-bucket/models", after: [] }))
      .add(({ steps }) => modelStep("FromTraining", { image: "fakeimage", modelData: steps.Train.modelArtifacts, role: DUMMY_ROLE_ARN, after: [] }));
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[1]).toStrictEqual(fixture("test_step_collections/test_step_collections__test_estimator_transformer__L1149.json"));
    expect(definition.Steps[3]).toStrictEqual({
      Name: "FromTraining",
      Type: "Model",
      Arguments: {
        ExecutionRoleArn: DUMMY_ROLE_ARN,
        PrimaryContainer: { Image: "fakeimage", Environment: {}, ModelDataUrl: { Get: "Steps.Train.ModelArtifacts.S3ModelArtifacts" } },
      },
    });
  });

  it("takes parameters, environment, VPC, network isolation, tags and raw fields", () => {
    // given
    const p = pipeline("Models")
      .param("Image", "String", { default: "fakeimage" })
      .param("Workers", "Integer", { default: 2 })
      .param("Isolated", "Boolean", { default: true })
      .add(({ params }) =>
        modelStep("CreateModel", {
          image: params.Image,
          modelData: "s3://my-bucket/model.tar.gz",
          environment: { WORKERS: params.Workers, MODE: "fast", DEBUG: false },
          hostname: "main",
          role: "arn:aws:iam::111111111111:role/SageMakerRole",
          vpc: { subnets: ["subnet-1"], securityGroupIds: ["sg-1"] },
          networkIsolation: params.Isolated,
          tags: { team: "ml" },
          raw: { PrimaryContainer: { Mode: "SingleModel" }, InferenceExecutionConfig: { Mode: "Serial" } },
        }),
      );
    // when
    const step = p.compile().definition.Steps[0];
    // then
    expect(step).toStrictEqual({
      Name: "CreateModel",
      Type: "Model",
      Arguments: {
        ExecutionRoleArn: "arn:aws:iam::111111111111:role/SageMakerRole",
        PrimaryContainer: {
          ContainerHostname: "main",
          Image: { Get: "Parameters.Image" },
          Environment: { WORKERS: { "Std:Join": { On: "", Values: [{ Get: "Parameters.Workers" }] } }, MODE: "fast", DEBUG: "false" },
          ModelDataUrl: "s3://my-bucket/model.tar.gz",
          Mode: "SingleModel",
        },
        Tags: [{ Key: "team", Value: "ml" }],
        VpcConfig: { Subnets: ["subnet-1"], SecurityGroupIds: ["sg-1"] },
        EnableNetworkIsolation: { Get: "Parameters.Isolated" },
        InferenceExecutionConfig: { Mode: "Serial" },
      },
    });
  });

  it("makes a model from a registered model package", () => {
    const p = pipeline("Models").add(
      modelStep("FromPackage", { modelPackage: "arn:aws:sagemaker:us-west-2:111111111111:model-package/churn/3", role: DUMMY_ROLE_ARN, networkIsolation: false }),
    );
    expect(p.compile().definition.Steps[0]).toStrictEqual({
      Name: "FromPackage",
      Type: "Model",
      Arguments: { ExecutionRoleArn: DUMMY_ROLE_ARN, Containers: [{ ModelPackageName: "arn:aws:sagemaker:us-west-2:111111111111:model-package/churn/3" }] },
    });
  });

  it("exposes the model's name and its properties (DescribeModel)", () => {
    const { handle } = modelStep("MyCreateModelStep", { image: "fakeimage", role: DUMMY_ROLE_ARN });
    expect(handle.modelName.toJSON()).toStrictEqual(fixture("test_steps/test_steps__test_create_model_step__L824.json"));
    expect(handle.properties.PrimaryContainer.ModelDataUrl.toJSON()).toStrictEqual({ Get: "Steps.MyCreateModelStep.PrimaryContainer.ModelDataUrl" });
    expect(handle.type).toBe("Model");
  });

  it("rejects no container, several kinds of containers, and an empty inference pipeline", () => {
    // @ts-expect-error: needs image, containers or modelPackage
    expect(() => modelStep("M", { role: DUMMY_ROLE_ARN })).toThrow(/exactly one of image \(one container\), containers .* got none/);
    // @ts-expect-error: image and containers exclude each other
    expect(() => modelStep("M", { role: DUMMY_ROLE_ARN, image: "a", containers: [{ image: "b" }] })).toThrow(SagepipeError);
    expect(() => modelStep("M", { role: DUMMY_ROLE_ARN, containers: [] })).toThrow(/needs 1–15 containers, got 0/);
    // @ts-expect-error: see above
    expect(codeOf(() => modelStep("M", { role: DUMMY_ROLE_ARN, image: "a", modelPackage: "b" }))).toBe("conflicting-options");
  });

  it("rejects cache, which SageMaker Pipelines does not honour on Model steps, when compiled", () => {
    // @ts-expect-error: Model steps are not cached
    const step = modelStep("M", { role: DUMMY_ROLE_ARN, image: "fakeimage", cache: true });
    expect(() => pipeline("Models").add(step).compile()).toThrow(CompileError);
  });
});
