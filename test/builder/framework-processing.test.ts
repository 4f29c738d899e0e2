import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ImageUriError, SagepipeError, frameworkProcessingStep, imageUri, pipeline, type CodeAsset, type FrameworkProcessingOptions, type PipelineValue } from "sagepipe";
import { readTarGz } from "../../src/compile/archive.js";
import { DUMMY_ROLE_ARN, pythonSdkFixture } from "../support/python-sdk.js";

// Expected values: what the SageMaker Python SDK v2.257.6 emits in its own unit tests
// (tests/unit/sagemaker/workflow/test_processing_step.py, as recorded in
// test/fixtures/python-sdk-expected/test_processing_step/). Its fixtures: region us-west-2,
// role DUMMY_ROLE_ARN, instance ml.m4.xlarge, a network config and a volume KMS key set on the processor.

const baseDir = new URL("../fixtures/script-mode/", import.meta.url).pathname;
const FIXTURE = "test_processing_step/test_processing_step__test_processing_step_with_framework_processor";
// what the SDK test sets on every processor (processor.volume_kms_key, processor.network_config)
const sdkProcessorExtras = {
  raw: {
    ProcessingResources: { ClusterConfig: { VolumeKmsKeyId: "volume-kms-key" } },
    NetworkConfig: {
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: true,
      VpcConfig: { SecurityGroupIds: ["my_security_group_id"], Subnets: ["my_subnet_id"] },
    },
  },
} as const;

interface Step {
  Name: string;
  Type: string;
  Arguments: Record<string, any>;
}

/** Compiles one framework processing step in the SDK tests' region and returns it with the assets. */
function compileStep(
  options: FrameworkProcessingOptions | ((instanceType: PipelineValue<string>) => FrameworkProcessingOptions),
  region = "us-west-2",
): { step: Step; assets: readonly CodeAsset[] } {
  const compiled = pipeline("MyPipeline")
    .region(region)
    .assets({ bucket: "my-bucket", prefix: "code" })
    .param("ProcessingInstanceType", "String", { default: "ml.m4.xlarge" })
    .add(({ params }) => frameworkProcessingStep("MyProcessingStep", typeof options === "function" ? options(params.ProcessingInstanceType) : options))
    .compile({ baseDir });
  return { step: compiled.definition.Steps[0] as unknown as Step, assets: compiled.assets };
}

/** The SDK test's comparison: it deletes the first input's and output's S3 URIs before comparing. */
function withoutFirstUris(step: Step): Step {
  const copy = structuredClone(step);
  delete copy.Arguments.ProcessingInputs?.[0]?.S3Input?.S3Uri;
  delete copy.Arguments.ProcessingOutputConfig?.Outputs?.[0]?.S3Output?.S3Uri;
  return copy;
}

describe("frameworkProcessingStep: as the Python SDK's processors, with code in S3 (test_processing_step_with_framework_processor, L502)", () => {
  // The SDK test runs each processor with code="s3://dummy-s3/dummy_script.py", one input, one output,
  // and the instance type as a parameter (its image was looked up with the literal type first).
  // Input and output names: the SDK numbers them (input-1, output-1); sagepipe takes the names given.
  const cases = [
    { fixture: `${FIXTURE}__L502__2.json`, framework: { name: "sklearn", version: "0.23-1" }, what: "SKLearnProcessor 0.23-1 (a ScriptProcessor: python3 and the code input)" },
    { fixture: `${FIXTURE}__L502.json`, framework: { name: "pytorch", version: "1.8", pyVersion: "py3" }, what: "FrameworkProcessor(PyTorch) 1.8" },
    { fixture: `${FIXTURE}__L502__3.json`, framework: { name: "pytorch", version: "1.8.0", pyVersion: "py3" }, what: "PyTorchProcessor 1.8.0" },
    { fixture: `${FIXTURE}__L502__4.json`, framework: { name: "tensorflow", version: "2.0", pyVersion: "py3" }, what: "TensorFlowProcessor 2.0" },
    { fixture: `${FIXTURE}__L502__6.json`, framework: { name: "xgboost", version: "1.3-1" }, what: "XGBoostProcessor 1.3-1" },
    { fixture: `${FIXTURE}__L502__7.json`, framework: { name: "mxnet", version: "1.4.1", pyVersion: "py3" }, what: "MXNetProcessor 1.4.1" },
  ] as const;

  it.each(cases)("$what", ({ fixture, framework }) => {
    const expected = pythonSdkFixture(fixture) as Step;
    // the image the SDK looked up with the literal instance type; the job then runs on the parameter
    const { name, ...versions } = framework;
    const image = imageUri({ ...versions, framework: name, region: "us-west-2", scope: "training", instanceType: "ml.m4.xlarge" } as never);
    const { step } = compileStep((instanceType) => ({
      framework,
      image,
      role: DUMMY_ROLE_ARN,
      instanceType,
      code: "s3://dummy-s3/dummy_script.py",
      inputs: { "input-1": { source: "s3://my-bucket/processing_manifest", destination: "/opt/ml/processing/processing_manifest" } },
      outputs: { "output-1": { source: "/opt/ml/output", destination: "s3://my-bucket/my-output" } },
      ...sdkProcessorExtras,
    }));
    expect(withoutFirstUris(step)).toStrictEqual(expected);
  });

  it("HuggingFaceProcessor (transformers 4.6, PyTorch 1.7) on ml.p3.2xlarge: its image from the framework", () => {
    const expected = pythonSdkFixture(`${FIXTURE}__L502__5.json`) as Step;
    const { step } = compileStep({
      framework: { name: "huggingface", version: "4.6", pytorchVersion: "1.7", pyVersion: "py36" },
      role: DUMMY_ROLE_ARN,
      instanceType: "ml.p3.2xlarge",
      code: "s3://dummy-s3/dummy_script.py",
      inputs: { "input-1": { source: "s3://my-bucket/processing_manifest", destination: "/opt/ml/processing/processing_manifest" } },
      outputs: { "output-1": { source: "/opt/ml/output", destination: "s3://my-bucket/my-output" } },
      ...sdkProcessorExtras,
    });
    // the SDK test sets the instance type to a parameter after the image was chosen
    expected.Arguments.ProcessingResources.ClusterConfig.InstanceType = "ml.p3.2xlarge";
    expect(withoutFirstUris(step)).toStrictEqual(expected);
  });
});

describe("frameworkProcessingStep: local code, packed as the SDK's FrameworkProcessor packs it", () => {
  it("matches test_processing_step_with_framework_processor_local_code (L557) but for the content-addressed S3 keys", () => {
    // given: FrameworkProcessor(PyTorch 1.8) with a local script, an input named manifest and an output
    const expected = pythonSdkFixture("test_processing_step/test_processing_step__test_processing_step_with_framework_processor_local_code__L557.json") as Step;
    const { step, assets } = compileStep({
      framework: { name: "pytorch", version: "1.8", pyVersion: "py3" },
      role: DUMMY_ROLE_ARN,
      instanceType: "ml.m4.xlarge",
      code: "preprocessing.py",
      inputs: { manifest: { source: "s3://my-bucket/processing_manifest", destination: "/opt/ml/processing/processing_manifest" } },
      outputs: { framework_output: "/opt/ml/processing/framework_output" },
      ...sdkProcessorExtras,
    });
    const inputs = step.Arguments.ProcessingInputs as { InputName: string; S3Input: { S3Uri: string } }[];
    // then: the SDK puts the archive and the runproc.sh under s3://<default bucket>/<pipeline>/code/<hash>/;
    // sagepipe under the asset location, keyed by the content's sha256
    const archive = assets.find((asset) => asset.s3Uri.endsWith("/sourcedir.tar.gz"));
    const runproc = assets.find((asset) => asset.s3Uri.endsWith("/runproc.sh"));
    expect(inputs.map((input) => input.S3Input.S3Uri)).toEqual(["s3://my-bucket/processing_manifest", archive?.s3Uri, runproc?.s3Uri]);
    expect(archive?.s3Uri).toMatch(/^s3:\/\/my-bucket\/code\/[0-9a-f]{64}\/sourcedir\.tar\.gz$/);
    expect(runproc?.s3Uri).toMatch(/^s3:\/\/my-bucket\/code\/[0-9a-f]{64}\/runproc\.sh$/);
    const sdkUris = (expected.Arguments.ProcessingInputs as { S3Input: { S3Uri: string } }[]).map((input) => input.S3Input.S3Uri);
    expect(sdkUris[1]).toMatch(/\/sourcedir\.tar\.gz$/);
    expect(sdkUris[2]).toMatch(/\/runproc\.sh$/);
    // everything else is the SDK's
    const ours = structuredClone(step);
    for (const [i, input] of (ours.Arguments.ProcessingInputs as { S3Input: { S3Uri: string } }[]).entries()) input.S3Input.S3Uri = sdkUris[i] ?? "";
    delete ours.Arguments.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri;
    expect(ours).toStrictEqual(expected);
    // the archive holds the script at its root, as the SDK's tar_and_upload_dir
    expect(readTarGz(archive?.files[0]?.content ?? new Uint8Array()).map((entry) => entry.name)).toEqual(["preprocessing.py"]);
  });

  it("sourceDir: the directory at the archive's root, dependencies beside it, runproc.sh runs the script with python", () => {
    const { step, assets } = compileStep({
      framework: { name: "sklearn", version: "1.2-1" },
      role: DUMMY_ROLE_ARN,
      instanceType: "ml.m5.xlarge",
      code: "train.py",
      sourceDir: "src",
      dependencies: ["lib"],
      arguments: ["--epochs", "3"],
    });
    expect(step.Arguments.AppSpecification).toStrictEqual({
      ImageUri: "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
      ContainerEntrypoint: ["/bin/bash", "/opt/ml/processing/input/entrypoint/runproc.sh"],
      ContainerArguments: ["--epochs", "3"],
    });
    expect(step.Arguments.ProcessingInputs.map((input: { InputName: string; S3Input: { LocalPath: string } }) => [input.InputName, input.S3Input.LocalPath])).toEqual([
      ["code", "/opt/ml/processing/input/code/"],
      ["entrypoint", "/opt/ml/processing/input/entrypoint"],
    ]);
    const archive = assets.find((asset) => asset.s3Uri.endsWith("sourcedir.tar.gz"));
    expect(archive?.kind).toBe("generated");
    expect(archive?.localPath).toBe("src + lib (sourcedir.tar.gz)");
    const entries = readTarGz(archive?.files[0]?.content ?? new Uint8Array());
    expect(entries.map((entry) => entry.name)).toEqual(["requirements.txt", "train.py", "utils/helpers.py", "lib/shared.py"]);
    expect(entries.find((entry) => entry.name === "utils/helpers.py")?.content.toString()).toContain("def greet");
    const script = Buffer.from(assets.find((asset) => asset.s3Uri.endsWith("runproc.sh"))?.files[0]?.content ?? []).toString();
    expect(script.startsWith("#!/bin/bash\n")).toBe(true);
    expect(script).toContain("cd /opt/ml/processing/input/code/\ntar -xzf sourcedir.tar.gz\n");
    expect(script).toContain("python -m pip install -r requirements.txt");
    expect(script.trimEnd().split("\n").at(-1)).toBe('python train.py "$@"');
  });

  it("is deterministic and content-addressed: same files, same keys and bytes; a changed file, a new key", () => {
    const options = { framework: { name: "pytorch", version: "2.3", pyVersion: "py311" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", code: "train.py", sourceDir: "src" } as const;
    const first = compileStep(options).assets;
    const second = compileStep(options).assets;
    expect(second.map((asset) => asset.s3Uri)).toEqual(first.map((asset) => asset.s3Uri));
    expect(Buffer.compare(Buffer.from(second[0]?.files[0]?.content ?? []), Buffer.from(first[0]?.files[0]?.content ?? []))).toBe(0);
    // the gzip header carries no time and names Unix
    const bytes = first.find((asset) => asset.s3Uri.endsWith(".tar.gz"))?.files[0]?.content ?? new Uint8Array();
    expect([...bytes.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
    expect(bytes[9]).toBe(3);
    expect(gunzipSync(bytes).length % 512).toBe(0);
    const otherCommand = compileStep({ ...options, command: ["python3", "-u"] }).assets;
    expect(otherCommand.find((asset) => asset.s3Uri.endsWith("runproc.sh"))?.s3Uri).not.toBe(first.find((asset) => asset.s3Uri.endsWith("runproc.sh"))?.s3Uri);
  });

  it("logs pip into CodeArtifact when asked, with the repository's ARN parts", () => {
    const { assets } = compileStep({
      framework: { name: "pytorch", version: "2.3", pyVersion: "py311" },
      role: "arn:aws:iam::111111111111:role/R",
      instanceType: "ml.m5.xlarge",
      code: "train.py",
      sourceDir: "src",
      codeArtifactRepoArn: "arn:aws:codeartifact:eu-west-1:111122223333:repository/my-domain/my-repo",
    });
    const script = Buffer.from(assets.find((asset) => asset.s3Uri.endsWith("runproc.sh"))?.files[0]?.content ?? []).toString();
    expect(script).toContain("aws codeartifact login --tool pip --domain my-domain --domain-owner 111122223333 --repository my-repo --region eu-west-1");
  });

  it("writes command into runproc.sh as the SDK does, its words joined by spaces (processing.py FrameworkProcessor._generate_framework_script: \" \".join(self.command))", () => {
    const { assets } = compileStep({ framework: { name: "pytorch", version: "2.3", pyVersion: "py311" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", code: "train.py", sourceDir: "src", command: ["python3 -u"] });
    const script = Buffer.from(assets.find((asset) => asset.s3Uri.endsWith("runproc.sh"))?.files[0]?.content ?? []).toString();
    expect(script.trimEnd().split("\n").at(-1)).toBe('python3 -u train.py "$@"');
  });
});

describe("frameworkProcessingStep: mistakes are errors that say what to do", () => {
  const base = { framework: { name: "sklearn", version: "1.2-1" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", code: "preprocessing.py" } as const;
  const failure = (build: () => unknown): SagepipeError => {
    try {
      build();
    } catch (error) {
      expect(error).toBeInstanceOf(SagepipeError);
      return error as SagepipeError;
    }
    throw new Error("expected a SagepipeError");
  };

  it("a pipeline without a region cannot pick the image", () => {
    const error = failure(() => pipeline("P").assets({ bucket: "my-bucket" }).add(frameworkProcessingStep("A", base)).compile({ baseDir }));
    expect(error.code).toBe("missing-region");
    expect(error.message).toContain('add .region("us-east-1") to the pipeline');
    // compile({ region }) sets it (and overrides the pipeline's)
    const definition = pipeline("P").region("eu-west-1").assets({ bucket: "my-bucket" }).add(frameworkProcessingStep("A", base)).compile({ baseDir, region: "us-east-1" }).definition;
    expect((definition.Steps[0] as unknown as Step).Arguments.AppSpecification.ImageUri).toBe("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3");
  });

  it("a region must look like one, on the pipeline and in compile options", () => {
    expect(failure(() => pipeline("P").region("useast1")).code).toBe("invalid-region");
    expect(failure(() => pipeline("P").region(undefined as never)).code).toBe("invalid-region");
    expect(failure(() => pipeline("P").region("us-east-1").compile({ region: "US-EAST-1" })).code).toBe("invalid-region");
    for (const region of ["us-east-1", "eu-central-2", "us-gov-west-1", "cn-northwest-1", "us-isob-east-1", "ap-southeast-7"]) {
      expect(pipeline("P").region(region).toNode().region).toBe(region);
    }
  });

  it("a framework version the table does not have lists the valid ones, naming the step", () => {
    const error = failure(() => compileStep({ ...base, framework: { name: "sklearn", version: "1.3-1" as never } }));
    expect(error).toBeInstanceOf(ImageUriError);
    expect(error.message).toMatch(/^step "MyProcessingStep": imageUri: sklearn \(training\) has no version "1\.3-1".*1\.2-1/);
  });

  it("a GPU framework on an instance type given as a parameter needs a literal type or the image", () => {
    const error = failure(() =>
      compileStep((instanceType) => ({ framework: { name: "pytorch", version: "2.3", pyVersion: "py311" }, role: "arn:aws:iam::111111111111:role/R", instanceType, code: "s3://b/run.sh" })),
    );
    expect(error.message).toContain("instanceType is a pipeline value");
  });

  it("missing code, an entry point outside sourceDir, the framework's own input names", () => {
    expect(failure(() => compileStep({ ...base, code: "nope.py" })).code).toBe("missing-asset");
    expect(failure(() => compileStep({ ...base, code: "nope.py", sourceDir: "src" })).message).toContain('no file named "nope.py" in sourceDir "src"');
    expect(failure(() => frameworkProcessingStep("A", { ...base, code: "../train.py", sourceDir: "src" })).code).toBe("invalid-source");
    expect(failure(() => frameworkProcessingStep("A", { ...base, inputs: { code: "s3://b/c" } })).code).toBe("invalid-inputs");
    expect(failure(() => frameworkProcessingStep("A", { ...base, code: "s3://b/x.py", sourceDir: "src" })).code).toBe("invalid-source");
    expect(failure(() => frameworkProcessingStep("A", { ...base, framework: { name: "scikit", version: "1" } as never })).code).toBe("invalid-framework");
    expect(failure(() => frameworkProcessingStep("A", { ...base, framework: { name: "huggingface", version: "4.28" } })).message).toContain("pytorchVersion and tensorflowVersion");
    expect(failure(() => frameworkProcessingStep("A", { ...base, sourceDir: "src", code: "train.py", codeArtifactRepoArn: "arn:aws:s3:::bucket" }).node).code).toBe("invalid-codeartifact-arn");
  });

  it("two files with one name in the archive are an error, not a silent overwrite", () => {
    const error = failure(() => compileStep({ ...base, code: "train.py", sourceDir: "src", dependencies: ["src/utils", "lib/../src/utils"] }));
    expect(error.message).toContain('"utils/helpers.py" would be in sourcedir.tar.gz twice');
  });
});
