import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, SagepipeError, join, pipeline, processingStep, trainingStep } from "sagepipe";
import { registerModelStep } from "../../src/builder/steps/register-model.js";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) => wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/${file}`, import.meta.url), "utf8")));

const job = { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/proc:1", role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge" } as const;

/** The options of the Python SDK's step_collections RegisterModel tests. */
const collectionOptions = {
  modelPackageGroup: "mpg",
  modelData: "s3://my-bucket/model.tar.gz",
  contentTypes: ["content_type"],
  responseTypes: ["response_type"],
  inferenceInstances: ["inference_instance"],
  transformInstances: ["transform_instance"],
  approvalStatus: "Approved",
  description: "description",
  modelMetrics: { modelStatistics: { s3Uri: "s3://my-bucket/metrics.csv", contentType: "text/csv" } },
  driftCheckBaselines: { modelConstraints: { s3Uri: "s3://my-bucket/constraints_metrics.csv", contentType: "text/csv" } },
  samplePayloadUrl: "s3://test-bucket/model",
  task: "IMAGE_CLASSIFICATION",
} as const;

const codeOf = (build: () => unknown): string | undefined => {
  try {
    build();
  } catch (error) {
    return error instanceof SagepipeError ? error.code : "not a SagepipeError";
  }
  return undefined;
};

describe("registerModelStep", () => {
  it("emits what the Python SDK's RegisterModel emits: metrics, baselines, inference specification, tags (test_step_collections L507)", () => {
    // given
    const p = pipeline("Registry")
      .add(processingStep("TestStep", job))
      .add(
        registerModelStep("RegisterModelStep-RegisterModel", {
          ...collectionOptions,
          image: "012345678901.dkr.ecr.us-west-2.amazonaws.com/my-custom-image-uri",
          displayName: "RegisterModelStep",
          dependsOn: ["TestStep"],
          tags: { myKey: "myValue" },
        }),
      );
    // when
    const { definition } = p.compile();
    // then
    const [expected] = fixture("test_step_collections/test_step_collections__test_register_model__L507.json");
    expect(definition.Steps[1]).toStrictEqual(expected);
  });

  it("emits the Python SDK's RegisterModel for a framework image without tags (test_step_collections L580)", () => {
    const p = pipeline("Registry").add(
      registerModelStep("RegisterModelStep-RegisterModel", {
        ...collectionOptions,
        image: "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-inference:1.15.2-cpu",
      }),
    );
    const [expected] = fixture("test_step_collections/test_step_collections__test_register_model_tf__L580.json");
    expect(p.compile().definition.Steps[0]).toStrictEqual(expected);
  });

  it("emits the request of model.register() with a pipeline session, minus CertifyForMarketplace (test_pipeline_session L293)", () => {
    // given
    const expected = fixture("test_pipeline_session/test_pipeline_session__test_pipeline_session_context_for_model_step_with_one_instance_types__L293.json");
    const [container] = expected.InferenceSpecification.Containers;
    const p = pipeline("Registry")
      .param("ModelData", "String", { default: "s3://my-bucket/model.tar.gz" })
      .add(({ params }) =>
        registerModelStep("Register", {
          modelPackageGroup: "MyModelPackageGroup",
          image: "fakeimage",
          modelData: params.ModelData,
          environment: container.Environment,
          framework: "TENSORFLOW",
          frameworkVersion: "2.9",
          nearestModelName: "resnet50",
          dataInputConfig: '{"input_1":[1,224,224,3]}',
          contentTypes: ["text/csv"],
          responseTypes: ["text/csv"],
          inferenceInstances: ["ml.t2.medium", "ml.m5.xlarge"],
          samplePayloadUrl: "s3://test-bucket/model",
          task: "IMAGE_CLASSIFICATION",
          raw: { ModelPackageRegistrationType: "Registered" },
        }),
      );
    // when
    const step = p.compile().definition.Steps[0];
    // then
    const { CertifyForMarketplace, ...accepted } = expected;
    expect(CertifyForMarketplace).toBe(false);
    expect(step).toStrictEqual({ Name: "Register", Type: "RegisterModel", Arguments: accepted });
  });

  it("registers a trained model with the evaluation report as its metrics and a parameter as its approval status", () => {
    // given
    const p = pipeline("Churn")
      .param("ApprovalStatus", "String", { default: "PendingManualApproval", enum: ["Approved", "PendingManualApproval"] })
      .add(trainingStep("Train", { ...job, outputPath: "s3://my-bucket/models" }))
      .add(
        processingStep("Evaluate", {
          ...job,
          outputs: { evaluation: { source: "/opt/ml/processing/evaluation", destination: "s3://my-bucket/evaluation" } },
        }),
      )
      .add(({ steps, params }) =>
        registerModelStep("Register", {
          modelPackageGroup: "churn",
          image: "fakeimage",
          modelData: steps.Train.modelArtifacts,
          approvalStatus: params.ApprovalStatus,
          modelMetrics: { modelStatistics: { s3Uri: join([steps.Evaluate.outputs.evaluation, "evaluation.json"], "/") } },
          customerMetadata: { owner: "ml-team" },
          domain: "MACHINE_LEARNING",
          retry: [{ exceptions: ["SageMaker.CAPACITY_ERROR"], maxAttempts: 3 }],
        }),
      );
    // when
    const step = p.compile().definition.Steps[2];
    // then
    expect(step).toStrictEqual({
      Name: "Register",
      Type: "RegisterModel",
      Arguments: {
        ModelPackageGroupName: "churn",
        ModelMetrics: {
          ModelQuality: {
            Statistics: {
              ContentType: "application/json",
              S3Uri: {
                "Std:Join": {
                  On: "/",
                  Values: [{ Get: "Steps.Evaluate.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri" }, "evaluation.json"],
                },
              },
            },
          },
          Bias: {},
          Explainability: {},
        },
        CustomerMetadataProperties: { owner: "ml-team" },
        Domain: "MACHINE_LEARNING",
        InferenceSpecification: { Containers: [{ Image: "fakeimage", ModelDataUrl: { Get: "Steps.Train.ModelArtifacts.S3ModelArtifacts" } }] },
        ModelApprovalStatus: { Get: "Parameters.ApprovalStatus" },
        SkipModelValidation: "None",
      },
      RetryPolicies: [{ ExceptionType: ["SageMaker.CAPACITY_ERROR"], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }],
    });
  });

  it("registers several containers, every metrics report and every drift baseline", () => {
    const source = (name: string) => ({ s3Uri: `s3://my-bucket/${name}.json` });
    const p = pipeline("Registry").add(
      registerModelStep("Register", {
        modelPackageGroup: "churn",
        containers: [{ image: "preprocess", modelData: "s3://my-bucket/pre.tar.gz" }, { image: "xgboost" }],
        packageDescription: "churn model",
        description: "registers the churn model",
        skipModelValidation: "All",
        modelMetrics: {
          modelStatistics: source("ms"),
          modelConstraints: source("mc"),
          modelDataStatistics: source("ds"),
          modelDataConstraints: { s3Uri: "s3://my-bucket/dc.json", contentType: "text/csv", contentDigest: `sha256:${"a".repeat(64)}` },
          bias: source("b"),
          biasPreTraining: source("bpre"),
          biasPostTraining: source("bpost"),
          explainability: source("e"),
        },
        driftCheckBaselines: {
          modelDataStatistics: source("dds"),
          biasConfigFile: { s3Uri: "s3://my-bucket/bias-config.json" },
          biasPreTrainingConstraints: source("dbpre"),
          explainabilityConstraints: source("dec"),
          explainabilityConfigFile: { s3Uri: "s3://my-bucket/shap.json", contentType: "application/json" },
        },
      }),
    );
    const json = (name: string) => ({ ContentType: "application/json", S3Uri: `s3://my-bucket/${name}.json` });
    expect(p.compile().definition.Steps[0]).toStrictEqual({
      Name: "Register",
      Type: "RegisterModel",
      Arguments: {
        ModelPackageGroupName: "churn",
        ModelPackageDescription: "churn model",
        ModelMetrics: {
          ModelQuality: { Statistics: json("ms"), Constraints: json("mc") },
          ModelDataQuality: {
            Statistics: json("ds"),
            Constraints: { ContentType: "text/csv", S3Uri: "s3://my-bucket/dc.json", ContentDigest: `sha256:${"a".repeat(64)}` },
          },
          Bias: { Report: json("b"), PreTrainingReport: json("bpre"), PostTrainingReport: json("bpost") },
          Explainability: { Report: json("e") },
        },
        DriftCheckBaselines: {
          ModelDataQuality: { Statistics: json("dds") },
          Bias: { ConfigFile: { S3Uri: "s3://my-bucket/bias-config.json" }, PreTrainingConstraints: json("dbpre") },
          Explainability: { Constraints: json("dec"), ConfigFile: { ContentType: "application/json", S3Uri: "s3://my-bucket/shap.json" } },
        },
        InferenceSpecification: {
          Containers: [{ Image: "preprocess", ModelDataUrl: "s3://my-bucket/pre.tar.gz" }, { Image: "xgboost" }],
        },
        ModelApprovalStatus: "PendingManualApproval",
        SkipModelValidation: "All",
      },
      Description: "registers the churn model",
    });
  });

  it("exposes the version's ARN and its properties (DescribeModelPackage)", () => {
    const { handle } = registerModelStep("RegisterModelStep-RegisterModel", { modelPackageGroup: "mpg", image: "fakeimage" });
    expect(handle.modelPackageArn.toJSON()).toStrictEqual({ Get: "Steps.RegisterModelStep-RegisterModel.ModelPackageArn" });
    expect(handle.properties.ModelPackageName.toJSON()).toStrictEqual(
      fixture("test_step_collections/test_step_collections__test_step_collection_properties__L212.json"),
    );
    expect(handle.properties.ModelApprovalStatus.toJSON()).toStrictEqual({ Get: "Steps.RegisterModelStep-RegisterModel.ModelApprovalStatus" });
  });

  it("rejects no container or both kinds, an unknown approval status, and empty drift baselines", () => {
    // @ts-expect-error: needs image or containers
    expect(codeOf(() => registerModelStep("R", { modelPackageGroup: "mpg" }))).toBe("conflicting-options");
    // @ts-expect-error: image and containers exclude each other
    expect(() => registerModelStep("R", { modelPackageGroup: "mpg", image: "a", containers: [{ image: "b" }] })).toThrow(/got both/);
    expect(() => registerModelStep("R", { modelPackageGroup: "mpg", containers: [] })).toThrow(/needs 1–15 containers, got 0/);
    // @ts-expect-error: not an approval status
    expect(() => registerModelStep("R", { modelPackageGroup: "mpg", image: "a", approvalStatus: "approved" })).toThrow(
      /approvalStatus "approved" must be Approved, Rejected or PendingManualApproval/,
    );
    expect(codeOf(() => registerModelStep("R", { modelPackageGroup: "mpg", image: "a", driftCheckBaselines: {} }))).toBe("invalid-drift-check-baselines");
  });

  it("does not offer CertifyForMarketplace, which SageMaker Pipelines rejects; forced in, compile fails", () => {
    // @ts-expect-error: not offered in raw
    const step = registerModelStep("R", { modelPackageGroup: "mpg", image: "a", raw: { CertifyForMarketplace: false } });
    expect(() => pipeline("Registry").add(step).compile()).toThrow(CompileError);
  });
});
