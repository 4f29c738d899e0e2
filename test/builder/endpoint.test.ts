import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, SagepipeError, pipeline, type RetryOptions } from "sagepipe";
import { endpointConfigStep } from "../../src/builder/steps/endpoint-config.js";
import { endpointStep } from "../../src/builder/steps/endpoint.js";
import { wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) =>
  wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/test_zimmer_steps/${file}`, import.meta.url), "utf8")));

describe("endpointStep", () => {
  it("emits the CreateEndpoint request the Python SDK emits (test_zimmer_steps L107, L118)", () => {
    // given
    const p = pipeline("Hosting").add(endpointStep("Deploy", { endpointName: "ep", endpointConfigName: "cfg", cache: true }));
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[0]).toStrictEqual({
      Name: "Deploy",
      Type: "Endpoint",
      Arguments: fixture("test_zimmer_steps__test_endpoint_step_basic__L107.json"),
      CacheConfig: fixture("test_zimmer_steps__test_endpoint_step_cache_config__L118.json"),
    });
  });

  it("takes pipeline values (test_zimmer_steps L429) and tags", () => {
    const { definition } = pipeline("Hosting")
      .param("EndpointName", "String", { default: "churn" })
      .add(({ params }) => endpointStep("Deploy", { endpointName: params.EndpointName, endpointConfigName: "cfg", tags: { team: "ml" } }))
      .compile();
    expect(definition.Steps[0]?.Arguments).toStrictEqual({
      EndpointName: fixture("test_zimmer_steps__test_pipeline_variable_values_pass_validation__L429.json"),
      EndpointConfigName: "cfg",
      Tags: [{ Key: "team", Value: "ml" }],
    });
  });

  it("deploys an EndpointConfig step given its handle or its name property, ordered by the reference", () => {
    // given
    const p = pipeline("Hosting")
      .add(endpointConfigStep("Config", { variants: [{ modelName: "churn-model", instanceType: "ml.m5.large" }] }))
      .add(({ steps }) => endpointStep("Deploy", { endpointName: "churn", endpointConfigName: steps.Config }))
      .add(({ steps }) => ({ ...endpointStep("DeployToo", { endpointName: "churn-2", endpointConfigName: steps.Config.properties.EndpointConfigName }), after: [] }));
    // when
    const [, deploy, deployToo] = p.compile().definition.Steps;
    // then
    expect(deploy).toStrictEqual({
      Name: "Deploy",
      Type: "Endpoint",
      Arguments: { EndpointName: "churn", EndpointConfigName: { Get: "Steps.Config.EndpointConfigName" } },
    });
    expect(deployToo?.Arguments).toStrictEqual({ EndpointName: "churn-2", EndpointConfigName: { Get: "Steps.Config.EndpointConfigName" } });
  });

  it("types its properties from DescribeEndpoint", () => {
    expect(endpointStep("Deploy", { endpointName: "ep", endpointConfigName: "cfg" }).handle.properties.EndpointArn.toJSON()).toStrictEqual({
      Get: "Steps.Deploy.EndpointArn",
    });
  });

  it("rejects retry, a handle of another step type, and an invalid endpoint name at compile", () => {
    const retry: RetryOptions[] = [{ exceptions: ["Step.THROTTLING"] }];
    // @ts-expect-error: Endpoint steps take no retry
    expect(() => endpointStep("Deploy", { endpointName: "ep", endpointConfigName: "cfg", retry })).toThrow(/Endpoint step "Deploy" cannot take retry/);
    // @ts-expect-error: not an EndpointConfig handle
    expect(() => endpointStep("Deploy", { endpointName: "ep", endpointConfigName: { name: "Train", type: "Training" } })).toThrow(SagepipeError);
    expect(() => pipeline("Hosting").add(endpointStep("Deploy", { endpointName: "my_endpoint", endpointConfigName: "cfg" })).compile()).toThrow(CompileError);
  });
});
