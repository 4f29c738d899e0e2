import { describe, expectTypeOf, it } from "vitest";
import { join, pipeline, processingStep, trainingStep, type PipelineValue } from "sagepipe";
import { registerModelStep, type RegisterModelHandle } from "../../src/builder/steps/register-model.js";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const job = { image: "img", role, instanceType: "ml.m5.xlarge" } as const;

describe("registerModelStep types", () => {
  it("types the handle: the version's ARN and the DescribeModelPackage properties", () => {
    pipeline("Typed")
      .add(trainingStep("Train", job))
      .add(processingStep("Evaluate", { ...job, outputs: { evaluation: "/opt/ml/processing/evaluation" } }))
      .add(({ steps }) =>
        registerModelStep("Register", {
          modelPackageGroup: "churn",
          image: "img",
          modelData: steps.Train.modelArtifacts,
          modelMetrics: { modelStatistics: { s3Uri: join([steps.Evaluate.outputs.evaluation, "evaluation.json"], "/") } },
        }),
      )
      .add(({ steps }) => {
        expectTypeOf(steps.Register).toEqualTypeOf<RegisterModelHandle<"Register">>();
        expectTypeOf(steps.Register.type).toEqualTypeOf<"RegisterModel">();
        expectTypeOf(steps.Register.modelPackageArn).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Register.properties.ModelPackageVersion).toEqualTypeOf<PipelineValue<number>>();
        expectTypeOf(steps.Register.properties.ModelApprovalStatus).toEqualTypeOf<PipelineValue<string>>();
        // @ts-expect-error: a property DescribeModelPackage does not have
        void steps.Register.properties.ModelName;
        return registerModelStep("Other", { modelPackageGroup: "churn", image: "img" });
      });
  });

  it("takes a literal approval status or a String parameter, nothing else", () => {
    pipeline("Typed")
      .param("Approval", "String", { default: "PendingManualApproval" })
      .param("Count", "Integer", { default: 1 })
      .add(({ params }) => {
        registerModelStep("A", { modelPackageGroup: "g", image: "img", approvalStatus: "Approved" });
        registerModelStep("B", { modelPackageGroup: "g", image: "img", approvalStatus: params.Approval });
        // @ts-expect-error: not an approval status
        registerModelStep("C", { modelPackageGroup: "g", image: "img", approvalStatus: "approved" });
        // @ts-expect-error: an Integer parameter is not an approval status
        registerModelStep("D", { modelPackageGroup: "g", image: "img", approvalStatus: params.Count });
        return registerModelStep("R", { modelPackageGroup: "g", image: "img" });
      });
  });

  it("needs a group and one kind of container, and does not offer what Pipelines rejects", () => {
    registerModelStep("A", { modelPackageGroup: "g", containers: [{ image: "a", framework: "XGBOOST" }, { image: "b" }] });
    // @ts-expect-error: the model package group is required
    registerModelStep("B", { image: "img" });
    // @ts-expect-error: image and containers exclude each other
    registerModelStep("C", { modelPackageGroup: "g", image: "img", containers: [{ image: "a" }] });
    // @ts-expect-error: a metrics report needs its S3 URI
    registerModelStep("D", { modelPackageGroup: "g", image: "img", modelMetrics: { modelStatistics: { contentType: "application/json" } } });
    // @ts-expect-error: rejected by SageMaker Pipelines
    registerModelStep("E", { modelPackageGroup: "g", image: "img", raw: { CertifyForMarketplace: false } });
    // @ts-expect-error: versions live in a group; the name is not offered
    registerModelStep("F", { modelPackageGroup: "g", image: "img", raw: { ModelPackageName: "p" } });
    // @ts-expect-error: SageMaker Pipelines does not cache RegisterModel steps
    registerModelStep("G", { modelPackageGroup: "g", image: "img", cache: true });
    registerModelStep("H", { modelPackageGroup: "g", image: "img", raw: { ModelPackageRegistrationType: "Registered", SourceUri: "s3://b/src" } });
  });
});
