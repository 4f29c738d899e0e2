import { describe, expectTypeOf, it } from "vitest";
import { inferenceComponentStep, lineageStep, pipeline, rawStep, type PipelineValue } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/serve:1";
const base = pipeline("Typed")
  .model("CreateModel", { image, role, modelData: "s3://b/model.tar.gz" })
  .endpointConfig("Config", { variants: [{ modelName: "m", instanceType: "ml.g5.xlarge" }] })
  .endpoint("Serve", ({ steps }) => ({ endpointName: "shared", endpointConfigName: steps.Config }));

describe("InferenceComponent steps", () => {
  it("take names or handles, and type the handle", () => {
    base
      .inferenceComponent("Deploy", ({ steps }) => ({
        inferenceComponentName: "churn-ic",
        endpointName: steps.Serve,
        modelName: steps.CreateModel,
        computeResources: { minMemoryMb: 1024, cpuCores: 1 },
        copyCount: 1,
      }))
      .inferenceComponent("Adapter", ({ steps }) => ({
        inferenceComponentName: "churn-adapter",
        endpointName: "shared",
        baseInferenceComponentName: steps.Deploy,
        container: { artifactUrl: "s3://b/adapter/" },
      }))
      .when("Check", ({ steps }) => {
        expectTypeOf(steps.Deploy.inferenceComponentName).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Deploy.properties.InferenceComponentStatus).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Deploy.properties.RuntimeConfig.CurrentCopyCount).toEqualTypeOf<PipelineValue<number>>();
        expectTypeOf(steps.Deploy.type).toEqualTypeOf<"InferenceComponent">();
        return steps.Deploy.properties.InferenceComponentStatus.eq("InService");
      });
  });

  it("refuses unknown options, a handle of another step type, retry and cache", () => {
    // @ts-expect-error unknown option 'copyCont': did you mean 'copyCount'?
    inferenceComponentStep("IC", { inferenceComponentName: "ic", endpointName: "e", copyCont: 2 });
    // @ts-expect-error unknown option 'minMemory'
    inferenceComponentStep("IC", { inferenceComponentName: "ic", endpointName: "e", computeResources: { minMemoryMb: 1024, minMemory: 1 } });
    // @ts-expect-error: an EndpointConfig step is not an endpoint
    base.inferenceComponent("IC", ({ steps }) => ({ inferenceComponentName: "ic", endpointName: steps.Config }));
    // @ts-expect-error: InferenceComponent steps are not retried
    inferenceComponentStep("IC", { inferenceComponentName: "ic", endpointName: "e", retry: [{ exceptions: ["Step.THROTTLING"] }] });
    // @ts-expect-error: InferenceComponent steps are not cached
    inferenceComponentStep("IC", { inferenceComponentName: "ic", endpointName: "e", cache: true });
    // @ts-expect-error: the name and the endpoint are required
    inferenceComponentStep("IC", { modelName: "m" });
  });
});

describe("Lineage steps", () => {
  it("type the ARN maps by the names the step declares (a step function in add keeps them literal)", () => {
    base
      .add(({ steps }) => lineageStep("Record", {
        actions: [{ name: "deploy-run", type: "ModelDeployment", source: "s3://b/run" }],
        artifacts: [{ name: "served-model", type: "Model", source: { uri: "s3://b/model.tar.gz", sourceTypes: [{ idType: "S3ETag", value: "abc" }] } }],
        contexts: [{ name: "shared-endpoint", type: "Endpoint", source: steps.Serve.properties.EndpointArn }],
        associations: [
          { source: { artifact: "served-model" }, destination: { context: "shared-endpoint" }, type: "ContributedTo" },
          { source: { action: "deploy-run" }, destination: { arn: "arn:aws:sagemaker:us-east-1:111111111111:context/other" } },
        ],
      }))
      .when("Check", ({ steps }) => {
        expectTypeOf(steps.Record.properties.ArtifactArns.get("served-model")).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Record.properties.ActionArns["deploy-run"]).toEqualTypeOf<PipelineValue<string>>();
        // @ts-expect-error: an artifact the step does not create
        steps.Record.properties.ArtifactArns.get("served-modle");
        // @ts-expect-error: a context the step does not create
        void steps.Record.properties.ContextArns["other"];
        return steps.Record.properties.ContextArns.get("shared-endpoint").ne("");
      });
  });

  it("types the names in the fluent method's object form; its function form widens them (the maps are then open)", () => {
    base
      .lineage("Typed", { actions: [{ name: "a", type: "t", source: "s3://b/x" }] })
      .lineage("Widened", () => ({ actions: [{ name: "a", type: "t", source: "s3://b/x" }] }))
      .when("Check", ({ steps }) => {
        // @ts-expect-error: an action the step does not create
        steps.Typed.properties.ActionArns.get("b");
        expectTypeOf(steps.Widened.properties.ActionArns.get("b")).toEqualTypeOf<PipelineValue<string>>();
        return steps.Typed.properties.ActionArns.get("a").ne("");
      });
  });

  it("keeps a kind open when one of its names is a pipeline value", () => {
    const record = lineageStep("Record", { contexts: [{ name: null as unknown as PipelineValue<string>, type: "Endpoint", source: "s3://b/x" }] });
    expectTypeOf(record.handle.properties.ContextArns.get("anything")).toEqualTypeOf<PipelineValue<string>>();
  });

  it("checks the ends of an association against the names declared (the step function)", () => {
    lineageStep("Record", {
      actions: [{ name: "train", type: "ModelTraining", source: "s3://b/run" }],
      artifacts: [{ name: "model", type: "Model", source: "s3://b/model.tar.gz" }],
      associations: [{ source: { action: "train" }, destination: { artifact: "model" }, type: "Produced" }],
    });
    lineageStep("Record", {
      actions: [{ name: "train", type: "ModelTraining", source: "s3://b/run" }],
      // @ts-expect-error: no action "trian"
      associations: [{ source: { action: "trian" }, destination: { arn: "arn:aws:sagemaker:us-east-1:111111111111:artifact/x" } }],
    });
  });

  it("refuses unknown options and misspelled entity keys", () => {
    // @ts-expect-error unknown option 'artefacts': did you mean 'artifacts'?
    lineageStep("Record", { artefacts: [] });
    // @ts-expect-error unknown option 'uri'
    lineageStep("Record", { actions: [{ name: "a", type: "t", source: "s3://b/x", uri: "s3://b/x" }] });
    // @ts-expect-error: Lineage steps are not retried
    lineageStep("Record", { actions: [{ name: "a", type: "t", source: "s3://b/x" }], retry: [{ exceptions: ["Step.THROTTLING"] }] });
  });

  it("gives a raw Lineage step its properties too", () => {
    const raw = rawStep("Raw", "Lineage", { arguments: { Actions: [{ ActionName: "a", ActionType: "t", Source: { SourceUri: "s3://b/x" } }] } });
    expectTypeOf(raw.handle.properties.ActionArns.get("a")).toEqualTypeOf<PipelineValue<string>>();
  });
});
