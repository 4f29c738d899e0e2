import { describe, expect, it } from "vitest";
import { EndpointConfigArguments, EndpointConfigStep } from "sagepipe";
import { pythonSdkFixture } from "../../support/python-sdk.js";

/** The distinct paths of a failed parse's issues, in order. */
const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) => [
  ...new Map((result.error?.issues ?? []).map((issue) => [issue.path.join("/"), issue.path])).values(),
];

const variant = { VariantName: "AllTraffic", ModelName: "m", InstanceType: "ml.m5.large", InitialInstanceCount: 1 };
const args = { EndpointConfigName: "MyCfg", ProductionVariants: [variant] };

describe("EndpointConfigStep: Python SDK output", () => {
  it("takes the CacheConfig the SDK emits", () => {
    const CacheConfig = pythonSdkFixture(
      "test_zimmer_steps/test_zimmer_steps__test_endpoint_config_step_to_request_includes_cache_and_retry__L71.json",
    );
    const step = { Name: "Cfg", Type: "EndpointConfig", Arguments: args, DisplayName: "Create Config", Description: "desc", CacheConfig };
    expect(EndpointConfigStep.parse(step)).toEqual(step);
  });

  it("rejects the SDK's one-key test stub: ProductionVariants is required", () => {
    const stub = pythonSdkFixture("test_zimmer_steps/test_zimmer_steps__test_empty_arguments_rejected__L416.json");
    expect(issuePaths(EndpointConfigArguments.safeParse(stub))).toEqual([["ProductionVariants"]]);
  });

  it("parses the rest of the API surface", () => {
    const value = {
      ...args,
      KmsKeyId: "arn:aws:kms:us-west-2:111111111111:key/abc",
      ExecutionRoleArn: "arn:aws:iam::111111111111:role/SageMakerRole",
      AsyncInferenceConfig: { OutputConfig: { S3OutputPath: "s3://bucket/async/" } },
      VpcConfig: { SecurityGroupIds: ["sg-0"], Subnets: ["subnet-0"] },
      EnableNetworkIsolation: false,
      ShadowProductionVariants: [{ ...variant, VariantName: "Shadow", InitialVariantWeight: 0.5 }],
      MetricsConfig: { EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 60 },
      Tags: [{ Key: "team", Value: "ml" }],
    };
    expect(EndpointConfigArguments.parse(value)).toEqual(value);
  });

  it("accepts expressions in variant fields", () => {
    const value = {
      EndpointConfigName: { Get: "Parameters.ConfigName" },
      ProductionVariants: [{ ...variant, ModelName: { Get: "Steps.CreateModel.ModelName" }, InstanceType: { Get: "Parameters.Type" } }],
    };
    expect(EndpointConfigArguments.parse(value)).toEqual(value);
  });
});

describe("EndpointConfigStep: rejections", () => {
  it.each(["DataCaptureConfig", "ExplainerConfig"])("rejects %s, which Pipelines rejects", (key) => {
    const result = EndpointConfigArguments.safeParse({ ...args, [key]: {} });
    expect(issuePaths(result)).toEqual([[key]]);
    expect(result.error?.issues[0]?.message).toBe(`${key} is rejected by SageMaker Pipelines in an EndpointConfig step: remove it`);
  });

  it("needs a VariantName in each variant", () => {
    const { VariantName: _name, ...rest } = variant;
    expect(issuePaths(EndpointConfigArguments.safeParse({ ...args, ProductionVariants: [rest] }))).toEqual([
      ["ProductionVariants", 0, "VariantName"],
    ]);
  });

  it("rejects a misspelt key", () => {
    const result = EndpointConfigArguments.safeParse({ ...args, ProductionVariant: [variant] });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["ProductionVariant"] });
  });

  it("rejects more than 10 variants and an empty list", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ ...variant, VariantName: `v${i}` }));
    expect(issuePaths(EndpointConfigArguments.safeParse({ ...args, ProductionVariants: eleven }))).toEqual([["ProductionVariants"]]);
    expect(issuePaths(EndpointConfigArguments.safeParse({ ...args, ProductionVariants: [] }))).toEqual([["ProductionVariants"]]);
  });

  it("rejects serverless memory outside 1024–6144 MB", () => {
    const serverless = { VariantName: "v", ModelName: "m", ServerlessConfig: { MemorySizeInMB: 512, MaxConcurrency: 5 } };
    expect(issuePaths(EndpointConfigArguments.safeParse({ ...args, ProductionVariants: [serverless] }))).toEqual([
      ["ProductionVariants", 0, "ServerlessConfig", "MemorySizeInMB"],
    ]);
  });

  it("rejects a fractional instance count and a non-ml instance type", () => {
    expect(issuePaths(EndpointConfigArguments.safeParse({ ...args, ProductionVariants: [{ ...variant, InitialInstanceCount: 1.5 }] }))).toEqual([
      ["ProductionVariants", 0, "InitialInstanceCount"],
    ]);
    expect(issuePaths(EndpointConfigArguments.safeParse({ ...args, ProductionVariants: [{ ...variant, InstanceType: "m5.large" }] }))).toEqual([
      ["ProductionVariants", 0, "InstanceType"],
    ]);
  });

  it("rejects a metrics frequency AWS does not offer", () => {
    const result = EndpointConfigArguments.safeParse({ ...args, MetricsConfig: { MetricPublishFrequencyInSeconds: 45 } });
    expect(issuePaths(result)).toEqual([["MetricsConfig", "MetricPublishFrequencyInSeconds"]]);
  });
});
