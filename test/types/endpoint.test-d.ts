import { describe, expectTypeOf, it } from "vitest";
import { pipeline, type PipelineValue } from "sagepipe";
import { endpointConfigStep } from "../../src/builder/steps/endpoint-config.js";
import { endpointStep } from "../../src/builder/steps/endpoint.js";

describe("endpointStep types", () => {
  it("deploys an EndpointConfig handle or a string value, and types its properties from DescribeEndpoint", () => {
    const config = endpointConfigStep("Config", { variants: [{ modelName: "m", instanceType: "ml.m5.large" }] });
    pipeline("Typed")
      .param("Epochs", "Integer", { default: 1 })
      .add(config)
      .add(endpointStep("Deploy", { endpointName: "churn", endpointConfigName: config.handle }))
      .add(({ steps, params }) => {
        endpointStep("FromHandle", { endpointName: "churn", endpointConfigName: steps.Config });
        expectTypeOf(steps.Deploy.type).toEqualTypeOf<"Endpoint">();
        expectTypeOf(steps.Deploy.properties.EndpointArn).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Deploy.properties.EndpointStatus).toEqualTypeOf<PipelineValue<string>>();
        // @ts-expect-error: a property DescribeEndpoint does not have
        void steps.Deploy.properties.ModelName;
        endpointStep("ByName", { endpointName: "churn", endpointConfigName: steps.Config.properties.EndpointConfigName });
        // @ts-expect-error: a number is not a configuration name
        endpointStep("Bad", { endpointName: "churn", endpointConfigName: params.Epochs });
        // @ts-expect-error: only an EndpointConfig step's handle
        endpointStep("Bad", { endpointName: "churn", endpointConfigName: steps.Deploy });
        // @ts-expect-error: Endpoint steps take no retry
        endpointStep("Bad", { endpointName: "churn", endpointConfigName: "cfg", retry: [{ exceptions: ["Step.THROTTLING"] }] });
        // @ts-expect-error: DeploymentConfig is rejected by SageMaker Pipelines
        endpointStep("Bad", { endpointName: "churn", endpointConfigName: "cfg", raw: { DeploymentConfig: {} } });
        return endpointStep("Again", { endpointName: "churn", endpointConfigName: "cfg", cache: true });
      });
  });
});
