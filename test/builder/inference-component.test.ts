import { describe, expect, it } from "vitest";
import { CompileError, execution, inferenceComponentStep, join, pipeline } from "sagepipe";
import { sagepipeErrorOf } from "../support/errors.js";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/serve:1";

describe("inferenceComponentStep", () => {
  it("writes the CreateInferenceComponent request from the options, in the API's order, and only what is set", () => {
    const { definition } = pipeline("Serve")
      .model("CreateModel", { image, role, modelData: "s3://b/model.tar.gz" })
      .endpointConfig("Config", ({ steps }) => ({ variants: [{ modelName: steps.CreateModel.modelName, instanceType: "ml.g5.xlarge" }] }))
      .endpoint("Endpoint", ({ steps }) => ({ endpointName: "shared", endpointConfigName: steps.Config }))
      .inferenceComponent("Deploy", ({ steps }) => ({
        inferenceComponentName: join(["churn", execution.PipelineExecutionId], "-"),
        endpointName: steps.Endpoint,
        variantName: "AllTraffic",
        modelName: steps.CreateModel,
        container: { environment: { WORKERS: 2 } },
        startup: { modelDataDownloadTimeoutSeconds: 600, healthCheckTimeoutSeconds: 300 },
        computeResources: { minMemoryMb: 1024, cpuCores: 1, acceleratorDevices: 1, maxMemoryMb: 4096 },
        copyCount: 2,
        tags: { team: "ml" },
        dependsOn: ["Endpoint"],
      }))
      .compile();
    expect(definition.Steps[3]).toStrictEqual({
      Name: "Deploy",
      Type: "InferenceComponent",
      Arguments: {
        InferenceComponentName: { "Std:Join": { On: "-", Values: ["churn", { Get: "Execution.PipelineExecutionId" }] } },
        EndpointName: { Get: "Steps.Endpoint.EndpointName" },
        VariantName: "AllTraffic",
        Specification: {
          ModelName: { Get: "Steps.CreateModel.ModelName" },
          Container: { Environment: { WORKERS: "2" } },
          StartupParameters: { ModelDataDownloadTimeoutInSeconds: 600, ContainerStartupHealthCheckTimeoutInSeconds: 300 },
          ComputeResourceRequirements: { NumberOfCpuCoresRequired: 1, NumberOfAcceleratorDevicesRequired: 1, MinMemoryRequiredInMb: 1024, MaxMemoryRequiredInMb: 4096 },
        },
        RuntimeConfig: { CopyCount: 2 },
        Tags: [{ Key: "team", Value: "ml" }],
      },
      DependsOn: ["Endpoint"],
    });
  });

  it("emits the minimal request as the Python SDK's InferenceComponentStep does with the same arguments", () => {
    const step = inferenceComponentStep("IC", { inferenceComponentName: "ic", endpointName: "ep", modelName: "m", computeResources: { minMemoryMb: 1024 }, copyCount: 1 });
    const { definition } = pipeline("P").add(step).compile();
    expect(definition.Steps[0]).toStrictEqual({
      Name: "IC",
      Type: "InferenceComponent",
      Arguments: { InferenceComponentName: "ic", EndpointName: "ep", Specification: { ModelName: "m", ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024 } }, RuntimeConfig: { CopyCount: 1 } },
    });
  });

  it("deploys an adapter on a base component given by its handle", () => {
    const { definition } = pipeline("Adapters")
      .inferenceComponent("Base", { inferenceComponentName: "base", endpointName: "ep", modelName: "llm", computeResources: { minMemoryMb: 16384, acceleratorDevices: 1 }, copyCount: 1 })
      .inferenceComponent("Adapter", ({ steps }) => ({ inferenceComponentName: "adapter", endpointName: "ep", baseInferenceComponentName: steps.Base, container: { artifactUrl: "s3://b/adapter/" } }))
      .compile();
    expect(definition.Steps[1]?.Arguments).toStrictEqual({
      InferenceComponentName: "adapter",
      EndpointName: "ep",
      Specification: { Container: { ArtifactUrl: "s3://b/adapter/" }, BaseInferenceComponentName: { Get: "Steps.Base.InferenceComponentName" } },
    });
    // ordered by the reference, not by a DependsOn
    expect(definition.Steps[1]).not.toHaveProperty("DependsOn");
  });

  it("merges raw over the options: Specifications per instance type replace Specification", () => {
    const step = inferenceComponentStep("IC", {
      inferenceComponentName: "ic",
      endpointName: "ep",
      raw: { Specifications: [{ InstanceType: "ml.g5.xlarge", ModelName: "m", ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024 } }] },
    });
    expect(pipeline("P").add(step).compile().definition.Steps[0]?.Arguments).toStrictEqual({
      InferenceComponentName: "ic",
      EndpointName: "ep",
      Specifications: [{ InstanceType: "ml.g5.xlarge", ModelName: "m", ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024 } }],
    });
  });

  it("gives the handle the component's name and its DescribeInferenceComponent properties", () => {
    const { handle } = inferenceComponentStep("IC", { inferenceComponentName: "ic", endpointName: "ep" });
    expect(handle.inferenceComponentName.toJSON()).toStrictEqual({ Get: "Steps.IC.InferenceComponentName" });
    expect(handle.properties.RuntimeConfig.CurrentCopyCount.toJSON()).toStrictEqual({ Get: "Steps.IC.RuntimeConfig.CurrentCopyCount" });
    expect(handle.properties.Specifications.get(0).ModelName.toJSON()).toStrictEqual({ Get: "Steps.IC.Specifications[0].ModelName" });
  });

  it("refuses from JavaScript: an unknown option, retry, a handle of another step type, no endpoint", () => {
    const untyped = inferenceComponentStep as unknown as (name: string, options: unknown) => unknown;
    expect(sagepipeErrorOf(() => untyped("IC", { inferenceComponentName: "ic", endpointName: "ep", copyCont: 2 }))).toMatch(/^unknown-option: InferenceComponent step "IC": unknown option "copyCont"\. Did you mean "copyCount"\?/);
    expect(sagepipeErrorOf(() => untyped("IC", { inferenceComponentName: "ic", endpointName: "ep", computeResources: { minMemory: 1 } }))).toMatch(/unknown option "computeResources\.minMemory"/);
    expect(sagepipeErrorOf(() => untyped("IC", { inferenceComponentName: "ic", endpointName: "ep", retry: [{ exceptions: ["Step.THROTTLING"] }] }))).toMatch(/^retry-not-supported: /);
    const config = pipeline("P").endpointConfig("Config", { variants: [{ modelName: "m", instanceType: "ml.m5.large" }] });
    expect(sagepipeErrorOf(() => config.add(({ steps }) => untyped("IC", { inferenceComponentName: "ic", endpointName: steps.Config }) as never))).toMatch(
      /^invalid-option: InferenceComponent step "IC": endpointName is a name, a pipeline value or an Endpoint step's handle \(steps\.<step>\); got the handle of a EndpointConfig step/,
    );
    expect(sagepipeErrorOf(() => untyped("IC", { inferenceComponentName: "ic" }))).toMatch(/^missing-option: InferenceComponent step "IC" needs endpointName/);
  });

  it("is checked when compiled: cache is refused, the request's limits hold", () => {
    const cached = { ...inferenceComponentStep("IC", { inferenceComponentName: "ic", endpointName: "ep" }) };
    const withCache = pipeline("P").add({ ...cached, node: { ...cached.node, cacheConfig: { Enabled: true } } });
    expect(() => withCache.compile()).toThrow(CompileError);
    const tooSmall = pipeline("P").add(inferenceComponentStep("IC", { inferenceComponentName: "ic", endpointName: "ep", computeResources: { minMemoryMb: 64 } }));
    expect(() => tooSmall.compile()).toThrow(/MinMemoryRequiredInMb/);
  });
});
