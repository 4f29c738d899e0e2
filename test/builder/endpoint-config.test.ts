import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, SagepipeError, pipeline } from "sagepipe";
import { endpointConfigStep } from "../../src/builder/steps/endpoint-config.js";
import { wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) =>
  wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/test_zimmer_steps/${file}`, import.meta.url), "utf8")));

describe("endpointConfigStep", () => {
  it("builds one variant with the Python SDK's production_variant defaults and a per-run name", () => {
    // given
    const p = pipeline("Hosting").add(endpointConfigStep("Config", { variants: [{ modelName: "churn-model", instanceType: "ml.m5.large" }] }));
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[0]).toStrictEqual({
      Name: "Config",
      Type: "EndpointConfig",
      Arguments: {
        EndpointConfigName: { "Std:Join": { On: "-", Values: ["Config", { Get: "Execution.PipelineExecutionId" }] } },
        ProductionVariants: [
          { ModelName: "churn-model", VariantName: "AllTraffic", InitialVariantWeight: 1, InitialInstanceCount: 1, InstanceType: "ml.m5.large" },
        ],
      },
    });
  });

  it("takes names, several variants, serverless, KMS, tags, cache, retry and raw fields", () => {
    // given
    const p = pipeline("Hosting")
      .param("InstanceType", "String", { default: "ml.m5.large" })
      .param("Count", "Integer", { default: 2 })
      .add(({ params }) =>
        endpointConfigStep("Config", {
          endpointConfigName: "churn-config-1",
          variants: [
            { modelName: "model-a", variantName: "A", instanceType: params.InstanceType, initialInstanceCount: params.Count, initialVariantWeight: 0.9 },
            { modelName: "model-b", variantName: "B", serverless: { memorySizeInMB: 2048, maxConcurrency: 5 }, initialVariantWeight: 0.1 },
          ],
          kmsKey: "alias/hosting",
          tags: { team: "ml" },
          cache: { expireAfter: { days: 30 } },
          retry: [{ exceptions: ["SageMaker.CAPACITY_ERROR"], maxAttempts: 3 }],
          raw: { EnableNetworkIsolation: true },
        }),
      );
    // when
    const step = p.compile().definition.Steps[0];
    // then
    expect(step).toStrictEqual({
      Name: "Config",
      Type: "EndpointConfig",
      Arguments: {
        EndpointConfigName: "churn-config-1",
        ProductionVariants: [
          {
            ModelName: "model-a",
            VariantName: "A",
            InitialVariantWeight: 0.9,
            InitialInstanceCount: { Get: "Parameters.Count" },
            InstanceType: { Get: "Parameters.InstanceType" },
          },
          { ModelName: "model-b", VariantName: "B", InitialVariantWeight: 0.1, ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } },
        ],
        KmsKeyId: "alias/hosting",
        Tags: [{ Key: "team", Value: "ml" }],
        EnableNetworkIsolation: true,
      },
      RetryPolicies: [{ ExceptionType: ["SageMaker.CAPACITY_ERROR"], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }],
      CacheConfig: fixture("test_zimmer_steps__test_endpoint_config_step_to_request_includes_cache_and_retry__L71.json"),
    });
  });

  it("exposes its name as a property of the step (DescribeEndpointConfig)", () => {
    const { handle } = endpointConfigStep("Config", { variants: [{ modelName: "m", instanceType: "ml.m5.large" }] });
    expect(handle.endpointConfigName.toJSON()).toStrictEqual({ Get: "Steps.Config.EndpointConfigName" });
    expect(handle.properties.EndpointConfigArn.toJSON()).toStrictEqual({ Get: "Steps.Config.EndpointConfigArn" });
  });

  it("rejects no variants, clashing variant names, a variant with neither instances nor serverless, and a step name unfit for the default name", () => {
    expect(() => endpointConfigStep("Config", { variants: [] })).toThrow(/needs 1–10 variants, got 0/);
    expect(() =>
      endpointConfigStep("Config", {
        variants: [
          { modelName: "a", instanceType: "ml.m5.large" },
          { modelName: "b", instanceType: "ml.m5.large" },
        ],
      }),
    ).toThrow(/two variants named "AllTraffic"/);
    expect(() => endpointConfigStep("Config", { variants: [{ modelName: "a" }] })).toThrow(/variant 0 needs an instanceType \(or serverless\)/);
    expect(() =>
      endpointConfigStep("Config", { variants: [{ modelName: "a", instanceType: "ml.m5.large", serverless: { memorySizeInMB: 2048, maxConcurrency: 1 } }] }),
    ).toThrow(SagepipeError);
    expect(() => endpointConfigStep("My_Config", { variants: [{ modelName: "a", instanceType: "ml.m5.large" }] })).toThrow(/set endpointConfigName/);
    expect(endpointConfigStep("My_Config", { endpointConfigName: "ok", variants: [{ modelName: "a", instanceType: "ml.m5.large" }] }).name).toBe("My_Config");
  });

  it("does not offer DataCaptureConfig, which SageMaker Pipelines rejects; forced in, compile fails", () => {
    // @ts-expect-error: not offered in raw
    const step = endpointConfigStep("Config", { variants: [{ modelName: "a", instanceType: "ml.m5.large" }], raw: { DataCaptureConfig: { InitialSamplingPercentage: 10 } } });
    expect(() => pipeline("Hosting").add(step).compile()).toThrow(CompileError);
    expect(() => pipeline("Hosting").add(step).compile()).toThrow(/DataCaptureConfig is rejected by SageMaker Pipelines/);
  });
});
