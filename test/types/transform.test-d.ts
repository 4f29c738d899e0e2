import { describe, expectTypeOf, it } from "vitest";
import { pipeline, type PipelineValue } from "sagepipe";
import { modelStep } from "../../src/builder/steps/model.js";
import { transformStep, type TransformHandle } from "../../src/builder/steps/transform.js";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";

describe("transformStep types", () => {
  it("types the handle: where the results are and the DescribeTransformJob properties", () => {
    pipeline("Typed")
      .add(modelStep("CreateModel", { image: "img", role }))
      .add(({ steps }) => transformStep("Score", { modelName: steps.CreateModel.modelName, input: "s3://b/in", instanceType: "ml.m5.xlarge" }))
      .add(({ steps }) => {
        expectTypeOf(steps.Score).toEqualTypeOf<TransformHandle<"Score">>();
        expectTypeOf(steps.Score.type).toEqualTypeOf<"Transform">();
        expectTypeOf(steps.Score.outputPath).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Score.properties.TransformOutput.S3OutputPath).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Score.properties.TransformResources.InstanceCount).toEqualTypeOf<PipelineValue<number>>();
        // @ts-expect-error: a property DescribeTransformJob does not have
        void steps.Score.properties.ModelArtifacts;
        return transformStep("Again", { modelName: "m", input: { source: steps.Score.outputPath, splitType: "Line" }, instanceType: "ml.m5.xlarge" });
      });
  });

  it("takes pipeline values of the right type and the API's literals", () => {
    pipeline("Typed")
      .param("Count", "Integer", { default: 1 })
      .param("Input", "String", { default: "s3://b/in" })
      .add(({ params }) => {
        transformStep("Ok", { modelName: "m", input: params.Input, instanceType: "ml.m5.xlarge", instanceCount: params.Count, maxPayloadInMB: params.Count });
        // @ts-expect-error: the instance count is a number
        transformStep("Bad", { modelName: "m", input: "s3://b/in", instanceType: "ml.m5.xlarge", instanceCount: params.Input });
        // @ts-expect-error: the input is a string
        transformStep("Bad", { modelName: "m", input: params.Count, instanceType: "ml.m5.xlarge" });
        // @ts-expect-error: not a split type
        transformStep("Bad", { modelName: "m", input: { source: "s3://b/in", splitType: "Lines" }, instanceType: "ml.m5.xlarge" });
        // @ts-expect-error: not a join source
        transformStep("Bad", { modelName: "m", input: "s3://b/in", instanceType: "ml.m5.xlarge", dataProcessing: { joinSource: "Output" } });
        return transformStep("T", { modelName: "m", input: "s3://b/in", instanceType: "ml.m5.xlarge" });
      });
  });

  it("needs a model, an input and an instance type, and leaves job names to the service", () => {
    // @ts-expect-error: a model is required
    transformStep("A", { input: "s3://b/in", instanceType: "ml.m5.xlarge" });
    // @ts-expect-error: an input is required
    transformStep("B", { modelName: "m", instanceType: "ml.m5.xlarge" });
    // @ts-expect-error: an instance type is required
    transformStep("C", { modelName: "m", input: "s3://b/in" });
    // @ts-expect-error: the service names the job
    transformStep("D", { modelName: "m", input: "s3://b/in", instanceType: "ml.m5.xlarge", raw: { TransformJobName: "j" } });
    transformStep("E", { modelName: "m", input: "s3://b/in", instanceType: "ml.m5.xlarge", cache: true, raw: { ModelClientConfig: { InvocationsMaxRetries: 1 } } });
  });
});
