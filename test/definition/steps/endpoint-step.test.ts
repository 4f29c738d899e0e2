import { describe, expect, it } from "vitest";
import { EndpointArguments, EndpointStep } from "sagepipe";
import { pythonSdkFixture } from "../../support/python-sdk.js";

/** The distinct paths of a failed parse's issues, in order. */
const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) => [
  ...new Map((result.error?.issues ?? []).map((issue) => [issue.path.join("/"), issue.path])).values(),
];

describe("EndpointStep: Python SDK output", () => {
  it("parses the SDK's endpoint arguments to an equal value", () => {
    const value = pythonSdkFixture("test_zimmer_steps/test_zimmer_steps__test_endpoint_step_basic__L107.json");
    expect(EndpointArguments.parse(value)).toEqual(value);
  });

  it("takes the CacheConfig the SDK emits", () => {
    const CacheConfig = pythonSdkFixture("test_zimmer_steps/test_zimmer_steps__test_endpoint_step_cache_config__L118.json");
    const step = {
      Name: "Deploy",
      Type: "Endpoint",
      Arguments: { EndpointName: "ep", EndpointConfigName: "cfg" },
      DependsOn: ["Prev"],
      CacheConfig,
    };
    expect(EndpointStep.parse(step)).toEqual(step);
  });

  it("accepts expressions as names", () => {
    const value = {
      EndpointName: pythonSdkFixture("test_zimmer_steps/test_zimmer_steps__test_pipeline_variable_values_pass_validation__L429.json"),
      EndpointConfigName: { Get: "Steps.Cfg.EndpointConfigName" },
    };
    expect(EndpointArguments.parse(value)).toEqual(value);
  });

  it("rejects the SDK's one-key test stub: EndpointConfigName is required", () => {
    const stub = pythonSdkFixture("test_zimmer_steps/test_zimmer_steps__test_empty_arguments_rejected__L416__2.json");
    expect(issuePaths(EndpointArguments.safeParse(stub))).toEqual([["EndpointConfigName"]]);
  });
});

describe("EndpointStep: rejections", () => {
  const args = { EndpointName: "ep", EndpointConfigName: "cfg" };

  it("rejects DeploymentConfig, which Pipelines rejects", () => {
    const result = EndpointArguments.safeParse({ ...args, DeploymentConfig: { RollingUpdatePolicy: {} } });
    expect(issuePaths(result)).toEqual([["DeploymentConfig"]]);
    expect(result.error?.issues[0]?.message).toMatch(/DeploymentConfig is rejected by SageMaker Pipelines/);
  });

  it("rejects a misspelt key", () => {
    const result = EndpointArguments.safeParse({ ...args, Tag: [] });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["Tag"] });
  });

  it("rejects a name longer than 63 characters or with underscores", () => {
    expect(issuePaths(EndpointArguments.safeParse({ ...args, EndpointName: "e".repeat(64) }))).toEqual([["EndpointName"]]);
    expect(issuePaths(EndpointArguments.safeParse({ ...args, EndpointName: "my_endpoint" }))).toEqual([["EndpointName"]]);
  });

  it("rejects more than 50 tags and a non-string tag value", () => {
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    expect(issuePaths(EndpointArguments.safeParse({ ...args, Tags: tags }))).toEqual([["Tags"]]);
    expect(issuePaths(EndpointArguments.safeParse({ ...args, Tags: [{ Key: "k", Value: 1 }] }))).toEqual([["Tags", 0, "Value"]]);
  });
});
