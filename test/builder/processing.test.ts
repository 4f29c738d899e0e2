import { describe, expect, it } from "vitest";
import { SagepipeError, compile, pipeline, processingStep } from "sagepipe";
import { DUMMY_ROLE_ARN, pythonSdkFixture } from "../support/python-sdk.js";

// What the SageMaker Python SDK v2.257.6 writes for a Processor / ScriptProcessor
// (sagemaker/processing.py): StoppingCondition only when max_runtime_in_seconds is set
// (`_ProcessingJob._get_process_args`), and `code="s3://..."` used as it is
// (`ScriptProcessor._handle_user_code_url`) as the input "code" at /opt/ml/processing/input/code.

const job = { image: "fakeimage", role: DUMMY_ROLE_ARN, instanceType: "ml.m4.xlarge" } as const;

type Json = Record<string, any>;

const stepOf = (p: { compile: (options?: never) => { definition: { Steps: readonly unknown[] } } }, index = 0): Json =>
  p.compile().definition.Steps[index] as Json;

describe("processing: StoppingCondition only when the runtime is set, as the SDK's Processor", () => {
  it("leaves StoppingCondition out when maxRuntimeSeconds is not given", () => {
    const step = stepOf(pipeline("P").add(processingStep("A", job)));
    expect(step.Arguments).not.toHaveProperty("StoppingCondition");
  });

  it("writes the runtime given, a literal or a parameter", () => {
    const p = pipeline("P")
      .param("Runtime", "Integer", { default: 600 })
      .add(processingStep("A", { ...job, maxRuntimeSeconds: 3600 }))
      .add(({ params }) => processingStep("B", { ...job, maxRuntimeSeconds: params.Runtime }));
    expect(stepOf(p, 0).Arguments.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600 });
    expect(stepOf(p, 1).Arguments.StoppingCondition).toEqual({ MaxRuntimeInSeconds: { Get: "Parameters.Runtime" } });
  });

  it("the fluent .process leaves it out too", () => {
    const step = stepOf(pipeline("P").process("A", job));
    expect(step.Arguments).not.toHaveProperty("StoppingCondition");
  });
});

describe("processing: code already in S3 (the SDK's code=\"s3://...\")", () => {
  it("matches test_processing_step_with_script_processor (L437): the S3 URI is the code input, run with python3", () => {
    const expected = pythonSdkFixture("test_processing_step/test_processing_step__test_processing_step_with_script_processor__L437.json") as Json;
    const p = pipeline("MyPipeline").add(
      processingStep("MyProcessingStep", {
        ...job,
        code: "s3://dummy-s3/dummy_script.py",
        volumeSizeInGB: 100,
        maxRuntimeSeconds: 3600,
        environment: { my_env_variable: "my_env_variable_value" },
        inputs: { "input-1": { source: "s3://my-bucket/processing_manifest", destination: "/opt/ml/processing/processing_manifest" } },
        // fields the processing options do not cover: the request's own, through raw
        raw: {
          ProcessingResources: { ClusterConfig: { VolumeKmsKeyId: "volume-kms-key" } },
          NetworkConfig: {
            EnableNetworkIsolation: true,
            EnableInterContainerTrafficEncryption: true,
            VpcConfig: { SecurityGroupIds: ["my_security_group_id"], Subnets: ["my_subnet_id"] },
          },
          Tags: [{ Key: "my-tag", Value: "my-tag-value" }],
        },
      }),
    );
    expect(stepOf(p)).toStrictEqual(expected);
  });

  it("compiles with no local file and no asset to upload, fluent form and command included", () => {
    const compiled = compile(pipeline("P").process("A", { ...job, code: "s3://bucket/code/preprocess.py", command: ["python3", "-u"] }));
    expect(compiled.assets).toEqual([]);
    const args = (compiled.definition.Steps[0] as Json).Arguments;
    expect(args.AppSpecification.ContainerEntrypoint).toEqual(["python3", "-u", "/opt/ml/processing/input/code/preprocess.py"]);
    expect(args.ProcessingInputs).toEqual([
      {
        InputName: "code",
        AppManaged: false,
        S3Input: {
          S3Uri: "s3://bucket/code/preprocess.py",
          LocalPath: "/opt/ml/processing/input/code",
          S3DataType: "S3Prefix",
          S3InputMode: "File",
          S3DataDistributionType: "FullyReplicated",
          S3CompressionType: "None",
        },
      },
    ]);
  });

  it("takes the scheme in any case, as the SDK's urlparse does", () => {
    const args = processingStep("A", { ...job, code: "S3://bucket/run.py" }).node.arguments as Json;
    expect(args.AppSpecification.ContainerEntrypoint).toEqual(["python3", "/opt/ml/processing/input/code/run.py"]);
  });

  it("refuses an S3 URI that names no file, and a directory in S3", () => {
    expect(() => processingStep("A", { ...job, code: "s3://bucket/code/" })).toThrow(
      expect.objectContaining({ code: "invalid-source", message: expect.stringContaining('"s3://bucket/code/"') }),
    );
    expect(() => processingStep("A", { ...job, code: { dir: "s3://bucket/code", entryPoint: "run.py" } })).toThrow(SagepipeError);
  });

  it("refuses an input named code next to code (the code is that input)", () => {
    expect(() => processingStep("A", { ...job, code: "s3://bucket/run.py", inputs: { code: "s3://bucket/other/" } })).toThrow(
      expect.objectContaining({ code: "invalid-inputs", message: expect.stringContaining('"code"') }),
    );
  });
});
