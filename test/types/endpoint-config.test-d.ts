import { describe, expectTypeOf, it } from "vitest";
import { pipeline, type PipelineValue } from "sagepipe";
import { endpointConfigStep } from "../../src/builder/steps/endpoint-config.js";

const variant = { modelName: "churn-model", instanceType: "ml.m5.large" } as const;

describe("endpointConfigStep types", () => {
  it("types the handle's properties from DescribeEndpointConfig", () => {
    pipeline("Typed")
      .add(endpointConfigStep("Config", { variants: [variant] }))
      .add(({ steps }) => {
        expectTypeOf(steps.Config.type).toEqualTypeOf<"EndpointConfig">();
        expectTypeOf(steps.Config.endpointConfigName).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Config.properties.EndpointConfigName).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Config.properties.EnableNetworkIsolation).toEqualTypeOf<PipelineValue<boolean>>();
        // @ts-expect-error: a property DescribeEndpointConfig does not have
        void steps.Config.properties.EndpointName;
        return endpointConfigStep("Other", { variants: [variant] });
      });
  });

  it("takes pipeline values of the right type in variants", () => {
    pipeline("Typed")
      .param("Count", "Integer", { default: 1 })
      .param("Type", "String", { default: "ml.m5.large" })
      .add(({ params }) => {
        endpointConfigStep("Ok", { variants: [{ modelName: "m", instanceType: params.Type, initialInstanceCount: params.Count }] });
        // @ts-expect-error: the instance count is a number
        endpointConfigStep("Bad", { variants: [{ modelName: "m", instanceType: "ml.m5.large", initialInstanceCount: params.Type }] });
        return endpointConfigStep("Config", { variants: [variant] });
      });
  });

  it("does not offer DataCaptureConfig or ExplainerConfig, and needs variants with a model", () => {
    // @ts-expect-error: rejected by SageMaker Pipelines
    endpointConfigStep("C", { variants: [variant], raw: { DataCaptureConfig: { InitialSamplingPercentage: 10 } } });
    // @ts-expect-error: rejected by SageMaker Pipelines
    endpointConfigStep("C", { variants: [variant], raw: { ExplainerConfig: {} } });
    // @ts-expect-error: variants are required
    endpointConfigStep("C", {});
    // @ts-expect-error: a variant needs a model
    endpointConfigStep("C", { variants: [{ instanceType: "ml.m5.large" }] });
    endpointConfigStep("C", { variants: [variant], raw: { EnableNetworkIsolation: true, AsyncInferenceConfig: { OutputConfig: { S3OutputPath: "s3://b/async" } } } });
  });
});
