import { describe, expectTypeOf, it } from "vitest";
import { pipeline, type PipelineValue } from "sagepipe";
import { deployStep } from "../../src/builder/steps/deploy.js";

const functionArn = "arn:aws:lambda:us-east-1:111111111111:function:deploy-model";
const options = { functionArn, modelPackageArn: "arn", endpointName: "churn", instanceType: "ml.m5.large" } as const;

describe("deployStep types", () => {
  it("returns a Lambda handle with the declared outputs", () => {
    pipeline("Typed")
      .param("Count", "Integer", { default: 1 })
      .add(deployStep("Deploy", { ...options, outputs: { EndpointArn: "String" } }))
      .add(({ steps, params }) => {
        deployStep("Counted", { ...options, instanceCount: params.Count });
        expectTypeOf(steps.Deploy.type).toEqualTypeOf<"Lambda">();
        expectTypeOf(steps.Deploy.outputs.EndpointArn).toEqualTypeOf<PipelineValue<string>>();
        // @ts-expect-error: an output the step does not declare
        void steps.Deploy.outputs.ModelArn;
        return deployStep("DeployToo", { ...options, endpointName: "churn-2" });
      });
  });

  it("takes string values where the APIs take strings, and rejects retry", () => {
    pipeline("Typed")
      .param("Count", "Integer", { default: 1 })
      .add(({ params }) => {
        // @ts-expect-error: the model package ARN is a string, not a number
        deployStep("Deploy", { ...options, modelPackageArn: params.Count });
        // @ts-expect-error: the instance count is a number
        deployStep("Deploy", { ...options, instanceCount: "2" });
        // @ts-expect-error: Lambda steps take no retry
        deployStep("Deploy", { ...options, retry: [{ exceptions: ["Step.THROTTLING"] }] });
        // @ts-expect-error: the endpoint name is required
        deployStep("Deploy", { functionArn, modelPackageArn: "arn", instanceType: "ml.m5.large" });
        return deployStep("Deploy", options);
      });
  });
});
