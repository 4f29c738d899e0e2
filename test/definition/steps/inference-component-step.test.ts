import { describe, expect, it } from "vitest";
import { InferenceComponentArguments, InferenceComponentStep } from "sagepipe";
import { pythonSdkFixture } from "../../support/python-sdk.js";

/** The distinct paths of a failed parse's issues, in order. */
const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) => [
  ...new Map((result.error?.issues ?? []).map((issue) => [issue.path.join("/"), issue.path])).values(),
];

const specification = {
  ModelName: "m",
  ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024, NumberOfCpuCoresRequired: 2.0 },
};
const args = {
  InferenceComponentName: "ic",
  EndpointName: "ep",
  VariantName: "v",
  Specification: specification,
  RuntimeConfig: { CopyCount: 1 },
};

describe("InferenceComponentStep", () => {
  it("parses a step to an equal value", () => {
    const step = { Name: "IC", Type: "InferenceComponent", Arguments: args };
    expect(InferenceComponentStep.parse(step)).toEqual(step);
  });

  it("parses per-instance-type Specifications with containers", () => {
    const value = {
      InferenceComponentName: "ic",
      EndpointName: { Get: "Steps.Deploy.EndpointName" },
      Specifications: [
        {
          InstanceType: "ml.g5.xlarge",
          Container: { Image: "image:1", ArtifactUrl: "s3://bucket/model.tar.gz", Environment: { A: "1" } },
          ComputeResourceRequirements: { MinMemoryRequiredInMb: 2048, NumberOfAcceleratorDevicesRequired: 1 },
        },
      ],
    };
    expect(InferenceComponentArguments.parse(value)).toEqual(value);
  });

  it("rejects the SDK's one-key test stub: EndpointName is required", () => {
    const stub = pythonSdkFixture("test_zimmer_steps/test_zimmer_steps__test_empty_arguments_rejected__L416__3.json");
    expect(issuePaths(InferenceComponentArguments.safeParse(stub))).toEqual([["EndpointName"]]);
  });

  it("rejects Specification together with Specifications", () => {
    const result = InferenceComponentArguments.safeParse({ ...args, Specifications: [specification] });
    expect(issuePaths(result)).toEqual([["Specifications"]]);
  });

  it("needs MinMemoryRequiredInMb", () => {
    const result = InferenceComponentArguments.safeParse({
      ...args,
      Specification: { ModelName: "m", ComputeResourceRequirements: { NumberOfCpuCoresRequired: 1 } },
    });
    expect(issuePaths(result)).toEqual([["Specification", "ComputeResourceRequirements", "MinMemoryRequiredInMb"]]);
  });

  it("rejects a misspelt key", () => {
    const result = InferenceComponentArguments.safeParse({ ...args, Bogus: 1 });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["Bogus"] });
  });

  it("rejects less than a quarter CPU core and less than 128 MB", () => {
    const result = InferenceComponentArguments.safeParse({
      ...args,
      Specification: { ComputeResourceRequirements: { MinMemoryRequiredInMb: 64, NumberOfCpuCoresRequired: 0.1 } },
    });
    expect(issuePaths(result)).toEqual([
      ["Specification", "ComputeResourceRequirements", "MinMemoryRequiredInMb"],
      ["Specification", "ComputeResourceRequirements", "NumberOfCpuCoresRequired"],
    ]);
  });

  it("rejects a string copy count", () => {
    const result = InferenceComponentArguments.safeParse({ ...args, RuntimeConfig: { CopyCount: "1" } });
    expect(issuePaths(result)).toEqual([["RuntimeConfig", "CopyCount"]]);
  });
});
