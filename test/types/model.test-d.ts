import { describe, expectTypeOf, it } from "vitest";
import { pipeline, trainingStep, type PipelineValue } from "sagepipe";
import { modelStep, type ModelHandle } from "../../src/builder/steps/model.js";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const job = { image: "img", role, instanceType: "ml.m5.xlarge" } as const;

describe("modelStep types", () => {
  it("types the handle: the model's name and the DescribeModel properties", () => {
    pipeline("Typed")
      .add(trainingStep("Train", job))
      .add(({ steps }) => modelStep("CreateModel", { image: "img", modelData: steps.Train.modelArtifacts, role }))
      .add(({ steps }) => {
        expectTypeOf(steps.CreateModel).toEqualTypeOf<ModelHandle<"CreateModel">>();
        expectTypeOf(steps.CreateModel.type).toEqualTypeOf<"Model">();
        expectTypeOf(steps.CreateModel.modelName).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.CreateModel.properties.ModelArn).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.CreateModel.properties.PrimaryContainer.ModelDataUrl).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.CreateModel.properties.EnableNetworkIsolation).toEqualTypeOf<PipelineValue<boolean>>();
        // @ts-expect-error: a property DescribeModel does not have
        void steps.CreateModel.properties.ModelArtifacts;
        return modelStep("Other", { image: "img", role });
      });
  });

  it("takes one container, an inference pipeline or a model package, exactly one of them", () => {
    modelStep("A", { image: "img", role });
    modelStep("B", { containers: [{ image: "a" }, { image: "b", modelData: "s3://b/model.tar.gz", environment: { N: 1 } }], role });
    modelStep("C", { modelPackage: "arn:aws:sagemaker:us-east-1:111111111111:model-package/g/1", role });
    // @ts-expect-error: image and containers exclude each other
    modelStep("D", { image: "img", containers: [{ image: "a" }], role });
    // @ts-expect-error: modelData belongs to the container
    modelStep("E", { containers: [{ image: "a" }], modelData: "s3://b/m.tar.gz", role });
    // @ts-expect-error: a container needs an image
    modelStep("F", { containers: [{ modelData: "s3://b/m.tar.gz" }], role });
    // @ts-expect-error: the role is required
    modelStep("G", { image: "img" });
  });

  it("takes pipeline values of the right type, no cache and no ModelName in raw", () => {
    pipeline("Typed")
      .param("Isolated", "Boolean", { default: true })
      .param("Image", "String", { default: "img" })
      .add(({ params }) => {
        modelStep("Ok", { image: params.Image, role, networkIsolation: params.Isolated });
        // @ts-expect-error: network isolation is a boolean
        modelStep("Bad", { image: "img", role, networkIsolation: params.Image });
        // @ts-expect-error: the image is a string
        modelStep("Bad", { image: params.Isolated, role });
        // @ts-expect-error: SageMaker Pipelines does not cache Model steps
        modelStep("Bad", { image: "img", role, cache: true });
        // @ts-expect-error: the service names the model
        modelStep("Bad", { image: "img", role, raw: { ModelName: "m" } });
        return modelStep("M", { image: "img", role, retry: [{ exceptions: ["SageMaker.CAPACITY_ERROR"] }], raw: { InferenceExecutionConfig: { Mode: "Serial" } } });
      });
  });
});
