import { describe, expect, it } from "vitest";
import { ImageUriError, SagepipeError, execution, frameworkTrainingStep, pipeline, type CodeAsset, type FrameworkSpec, type JsonValue, type PipelineValue, type StepDefinition } from "sagepipe";
import { readTarGz } from "../../src/compile/archive.js";
import { DUMMY_ROLE_ARN, pythonSdkFixture } from "../support/python-sdk.js";

// Expected values come from the SageMaker Python SDK v2.257.6: its unit tests' recorded output
// (test/fixtures/python-sdk-expected/, "fixture") or, where no test records a full step, the
// values its unit tests assert and its source computes (each case names which).
// sagepipe differences on purpose (README, "Differences from the SageMaker Python SDK"): no
// DebugHookConfig/ProfilerConfig by default, and code keys content-addressed under the asset location.

const baseDir = new URL("../fixtures/script-mode/", import.meta.url).pathname;

interface Step {
  Name: string;
  Type: string;
  Arguments: Record<string, any>;
  [key: string]: unknown;
}

function compileSteps(build: (params: { EntryPoint: PipelineValue<string>; SourceDir: PipelineValue<string>; InstanceType: PipelineValue<string>; Isolated: PipelineValue<boolean>; Epochs: PipelineValue<number> }) => StepDefinition, region = "us-west-2") {
  const compiled = pipeline("MyPipeline")
    .region(region)
    .assets({ bucket: "my-bucket", prefix: "code" })
    .param("EntryPoint", "String")
    .param("SourceDir", "String")
    .param("InstanceType", "String", { default: "ml.p3.16xlarge" })
    .param("Isolated", "Boolean", { default: false })
    .param("Epochs", "Integer", { default: 5 })
    .add(({ params }) => build(params))
    .compile({ baseDir });
  return { step: compiled.definition.Steps[0] as unknown as Step, assets: compiled.assets as readonly CodeAsset[] };
}

const sdkJob = { role: DUMMY_ROLE_ARN, instanceType: "ml.m4.xlarge", outputPath: "s3://my-bucket/", inputs: { training: "s3://my-bucket/my-training-input" } } as const;
/** What the SDK's estimators write by default (DebugHookConfig, ProfilerConfig): sagepipe's debugHook and profiler options. */
const sdkDebugger = { debugHook: { s3OutputPath: "s3://my-bucket/", collections: [] }, profiler: { s3OutputPath: "s3://my-bucket/", disabled: false } } as const;

describe("frameworkTrainingStep: script mode as the SDK's estimators write it", () => {
  it("entry point and source directory as pipeline values (test_training_step_estimator_with_param_code_input, L446)", () => {
    const expected = pythonSdkFixture("test_training_step/test_training_step__test_training_step_estimator_with_param_code_input__L446.json") as Step;
    const { step } = compileSteps((params) =>
      frameworkTrainingStep("MyTrainingStep", {
        ...sdkJob,
        image: "fakeimage",
        entryPoint: params.EntryPoint,
        sourceDir: params.SourceDir,
        hyperparameters: { "test-key": "test-val" },
        ...sdkDebugger,
        description: "TrainingStep description",
        displayName: "MyTrainingStep",
      }),
    );
    expect(step).toStrictEqual(expected);
  });

  it("network isolation: the code as the `code` channel, sagemaker_submit_directory inside it (test_training_step_with_estimator, L378)", () => {
    const expected = pythonSdkFixture("test_training_step/test_training_step__test_training_step_with_estimator__L378__2.json") as Step;
    const { step, assets } = compileSteps((params) =>
      frameworkTrainingStep("MyTrainingStep", {
        ...sdkJob,
        image: "fakeimage",
        entryPoint: "train.py",
        sourceDir: "src",
        dependencies: ["lib"],
        hyperparameters: { "test-key": "test-val" },
        networkIsolation: params.Isolated,
        raw: { EnableInterContainerTrafficEncryption: params.Isolated },
        ...sdkDebugger,
        description: "TrainingStep description",
        displayName: "MyTrainingStep",
      }),
    );
    const archive = assets.find((asset) => asset.s3Uri.endsWith("sourcedir.tar.gz"));
    // the SDK test's own differences: its parameters' names, its program path (the entry point as it
    // was written, a full path) and its code key under the default bucket; the DependsOn of its chain
    const sdk = structuredClone(expected);
    sdk.Arguments.EnableInterContainerTrafficEncryption = { Get: "Parameters.Isolated" };
    sdk.Arguments.EnableNetworkIsolation = { Get: "Parameters.Isolated" };
    sdk.Arguments.HyperParameters.sagemaker_program = '"train.py"';
    sdk.Arguments.InputDataConfig[1].DataSource.S3DataSource.S3Uri = archive?.s3Uri;
    delete sdk.DependsOn;
    expect(step).toStrictEqual(sdk);
    expect(readTarGz(archive?.files[0]?.content ?? new Uint8Array()).map((entry) => entry.name)).toEqual(["requirements.txt", "train.py", "utils/helpers.py", "lib/shared.py"]);
  });

  it("TensorFlow with smdistributed data parallelism, code in S3, parameters (test_steps test_training_step_tensorflow, L413)", () => {
    const expected = pythonSdkFixture("test_steps/test_steps__test_training_step_tensorflow__L413.json") as Step;
    // the SDK test's parameters, by the same names
    const compiled = pipeline("MyPipeline")
      .region("us-west-2")
      .param("InstanceType", "String", { default: "ml.p3.16xlarge" })
      .param("InstanceCount", "Integer", { default: 1 })
      .param("DataSourceS3Uri", "String", { default: "s3://my-bucket/train_manifest" })
      .param("TrainingEpochs", "Integer", { default: 5 })
      .param("TrainingBatchSize", "Integer", { default: 500 })
      .add(({ params }) =>
        frameworkTrainingStep("MyTrainingStep", {
          framework: { name: "tensorflow", version: "2.4.1", pyVersion: "py37" },
          image: "fakeimage",
          role: DUMMY_ROLE_ARN,
          entryPoint: "dummy_script.py",
          sourceDir: "s3://mybucket/source",
          modelDir: false,
          instanceType: params.InstanceType,
          instanceCount: params.InstanceCount,
          outputPath: "s3://my-bucket/",
          inputs: { training: params.DataSourceS3Uri },
          hyperparameters: { "batch-size": params.TrainingBatchSize, epochs: params.TrainingEpochs },
          distribution: { smdistributed: { dataparallel: { enabled: true } } },
          profiler: sdkDebugger.profiler,
          cache: { expireAfter: "PT1H" },
        }),
      )
      .compile();
    const step = structuredClone(compiled.definition.Steps[0]) as unknown as Step;
    // the SDK test pops sagemaker_program before comparing
    delete step.Arguments.HyperParameters.sagemaker_program;
    expect(step).toStrictEqual(expected);
  });

  it("hyperparameters JSON-encoded as Python's json.dumps writes them (EstimatorBase._json_encode_hyperparameters)", () => {
    const { step } = compileSteps(() =>
      frameworkTrainingStep("T", {
        framework: { name: "sklearn", version: "1.2-1" },
        role: "arn:aws:iam::111111111111:role/R",
        instanceType: "ml.m5.xlarge",
        entryPoint: "train.py",
        sourceDir: "src",
        hyperparameters: { n_estimators: 100, criterion: "gini", lr: 1e-5, layers: [64, 32], opts: { depth: 2.5, name: "é" }, flag: true, none: null },
        containerLogLevel: 10,
      }),
    );
    // expected strings: Python 3.11's json.dumps of the same values
    expect(step.Arguments.HyperParameters).toStrictEqual({
      n_estimators: "100",
      criterion: '"gini"',
      lr: "1e-05",
      layers: "[64, 32]",
      opts: '{"depth": 2.5, "name": "\\u00e9"}',
      flag: "true",
      none: "null",
      sagemaker_submit_directory: expect.stringMatching(/^"s3:\/\/my-bucket\/code\/[0-9a-f]{64}\/sourcedir\.tar\.gz"$/),
      sagemaker_program: '"train.py"',
      sagemaker_container_log_level: "10",
      sagemaker_region: '"us-west-2"',
    });
    expect(step.Arguments.AlgorithmSpecification).toStrictEqual({ TrainingImage: "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", TrainingInputMode: "File" });
  });

  it("the entry point alone: packed at the archive's root, sagemaker_program its base name (tar_and_upload_dir)", () => {
    const { step, assets } = compileSteps(() =>
      frameworkTrainingStep("T", { framework: { name: "xgboost", version: "1.7-1" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", entryPoint: "src/train.py" }),
    );
    expect(step.Arguments.HyperParameters.sagemaker_program).toBe('"train.py"');
    expect(readTarGz(assets[0]?.files[0]?.content ?? new Uint8Array()).map((entry) => entry.name)).toEqual(["train.py"]);
    expect(step.Arguments.AlgorithmSpecification.TrainingImage).toBe("246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1");
  });

  it("each framework's image for the region and SageMaker metrics from the versions the SDK turns them on", () => {
    const image = (framework: FrameworkSpec, instanceType: string) =>
      compileSteps(() => frameworkTrainingStep("T", { framework: framework as never, role: "arn:aws:iam::111111111111:role/R", instanceType, entryPoint: "src/train.py" }), "eu-west-1").step.Arguments.AlgorithmSpecification;
    expect(image({ name: "pytorch", version: "2.3", pyVersion: "py311" }, "ml.g5.xlarge")).toStrictEqual({
      TrainingImage: "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3-gpu-py311",
      TrainingInputMode: "File",
      EnableSageMakerMetricsTimeSeries: true,
    });
    expect(image({ name: "tensorflow", version: "2.16", pyVersion: "py310" }, "ml.m5.xlarge").TrainingImage).toBe("763104351884.dkr.ecr.eu-west-1.amazonaws.com/tensorflow-training:2.16-cpu-py310");
    expect(image({ name: "mxnet", version: "1.9", pyVersion: "py38" }, "ml.m5.xlarge").EnableSageMakerMetricsTimeSeries).toBe(true);
    // Hugging Face on GPU: the SDK's get_training_image_uri gives the transformers images their CUDA container
    expect(image({ name: "huggingface", version: "4.28", pytorchVersion: "2.0", pyVersion: "py310" }, "ml.g5.xlarge").TrainingImage).toBe(
      "763104351884.dkr.ecr.eu-west-1.amazonaws.com/huggingface-pytorch-training:2.0-transformers4.28-gpu-py310-cu118-ubuntu20.04",
    );
    expect(image({ name: "sklearn", version: "1.2-1" }, "ml.m5.xlarge").EnableSageMakerMetricsTimeSeries).toBeUndefined();
  });
});

describe("frameworkTrainingStep: distribution, with the SDK's checks", () => {
  const pytorch = (distribution: object, instanceType = "ml.p4d.24xlarge", version = "2.0.1") =>
    compileSteps(() =>
      frameworkTrainingStep("T", { framework: { name: "pytorch", version: version as never, pyVersion: "py310" }, role: "arn:aws:iam::111111111111:role/R", instanceType, entryPoint: "src/train.py", distribution: distribution as never }),
    ).step.Arguments.HyperParameters;
  const scriptMode = ["sagemaker_submit_directory", "sagemaker_program", "sagemaker_container_log_level", "sagemaker_region"];
  const added = (hyperparameters: Record<string, unknown>) => Object.fromEntries(Object.entries(hyperparameters).filter(([key]) => !scriptMode.includes(key)));

  it("pytorchddp runs as smdistributed data parallelism (tests/unit/test_pytorch.py test_pytorch_ddp_distribution_configuration, L835)", () => {
    expect(added(pytorch({ pytorchddp: { enabled: true } }))).toStrictEqual({
      sagemaker_distributed_dataparallel_enabled: "true",
      sagemaker_instance_type: '"ml.p4d.24xlarge"',
      sagemaker_distributed_dataparallel_custom_mpi_options: '""',
    });
  });

  it("torch_distributed (PyTorch._pytorch_distribution_configuration)", () => {
    expect(added(pytorch({ torchDistributed: { enabled: true } }))).toStrictEqual({ sagemaker_torch_distributed_enabled: "true", sagemaker_instance_type: '"ml.p4d.24xlarge"' });
  });

  it("parameter server and MPI (tests/unit/test_estimator.py test_framework_distribution_configuration, L4892–4910)", () => {
    const tf = (distribution: object) =>
      added(
        compileSteps(() =>
          frameworkTrainingStep("T", {
            framework: { name: "tensorflow", version: "2.11", pyVersion: "py39" },
            role: "arn:aws:iam::111111111111:role/R",
            instanceType: "ml.c4.4xlarge",
            entryPoint: "src/train.py",
            modelDir: false,
            distribution: distribution as never,
          }),
        ).step.Arguments.HyperParameters,
      );
    expect(tf({ parameterServer: { enabled: true } })).toStrictEqual({ sagemaker_parameter_server_enabled: "true" });
    expect(tf({ mpi: { enabled: true, processesPerHost: 2, customMpiOptions: "options" } })).toStrictEqual({
      sagemaker_mpi_enabled: "true",
      sagemaker_mpi_num_of_processes_per_host: "2",
      sagemaker_mpi_custom_mpi_options: '"options"',
    });
    expect(tf({ smdistributed: { dataparallel: { enabled: true, customMpiOptions: "options" } } })).toStrictEqual({
      sagemaker_distributed_dataparallel_enabled: "true",
      sagemaker_instance_type: '"ml.c4.4xlarge"',
      sagemaker_distributed_dataparallel_custom_mpi_options: '"options"',
    });
  });

  it("model parallelism with torch_distributed: mp_parameters JSON-encoded, and the pytorch-smp image (get_training_image_uri)", () => {
    const { step } = compileSteps(() =>
      frameworkTrainingStep("T", {
        framework: { name: "pytorch", version: "2.2.0", pyVersion: "py310" },
        role: "arn:aws:iam::111111111111:role/R",
        instanceType: "ml.p4d.24xlarge",
        entryPoint: "src/train.py",
        distribution: { torchDistributed: { enabled: true }, smdistributed: { modelparallel: { enabled: true, parameters: { placement_strategy: "cluster", hybrid_shard_degree: 8 } } } },
      }),
    );
    expect(added(step.Arguments.HyperParameters)).toStrictEqual({
      mp_parameters: '{"placement_strategy": "cluster", "hybrid_shard_degree": 8}',
      sagemaker_distributed_dataparallel_enabled: "false",
      sagemaker_instance_type: '"ml.p4d.24xlarge"',
      sagemaker_torch_distributed_enabled: "true",
    });
    expect(step.Arguments.AlgorithmSpecification.TrainingImage).toBe("658645717510.dkr.ecr.us-west-2.amazonaws.com/smdistributed-modelparallel:2.2.0-gpu-py310-cu121");
  });

  it("TensorFlow's model_dir: /opt/ml/model with MPI, else under the output path for the execution", () => {
    const tf = (distribution?: object) =>
      compileSteps(() =>
        frameworkTrainingStep("T", { framework: { name: "tensorflow", version: "2.11", pyVersion: "py39" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.c5.xlarge", entryPoint: "src/train.py", outputPath: "s3://b/out", ...(distribution === undefined ? {} : { distribution: distribution as never }) }),
      ).step.Arguments.HyperParameters.model_dir;
    expect(tf({ mpi: { enabled: true } })).toBe('"/opt/ml/model"');
    expect(tf()).toStrictEqual({ "Std:Join": { On: "/", Values: ["s3://b/out", { Get: "Execution.PipelineExecutionId" }, "T", "model"] } });
  });

  const failure = (build: () => unknown): SagepipeError => {
    try {
      build();
    } catch (error) {
      expect(error).toBeInstanceOf(SagepipeError);
      return error as SagepipeError;
    }
    throw new Error("expected a SagepipeError");
  };

  it("rejects what the SDK rejects: versions × instance types, strategies per framework and instance", () => {
    // fw_utils.validate_torch_distributed_distribution: GPU versions, Trainium versions, GPU or Trainium only
    expect(failure(() => pytorch({ torchDistributed: { enabled: true } }, "ml.p4d.24xlarge", "1.12.1")).message).toMatch(/torchDistributed on ml\.p4d\.24xlarge does not support PyTorch 1\.12\.1/);
    expect(failure(() => pytorch({ torchDistributed: { enabled: true } }, "ml.trn1.32xlarge", "2.1.0")).message).toMatch(/on ml\.trn1\.32xlarge does not support PyTorch 2\.1\.0/);
    expect(failure(() => pytorch({ torchDistributed: { enabled: true } }, "ml.c5.xlarge")).message).toMatch(/GPU and Trainium instances only/);
    // validate_distribution_for_instance_type: Trainium takes torch_distributed only
    expect(failure(() => pytorch({ mpi: { enabled: true } }, "ml.trn1.32xlarge", "1.13.1")).message).toMatch(/Trainium instances .* only the torchDistributed strategy/);
    // _validate_smdataparallel_args: framework versions
    expect(failure(() => pytorch({ smdistributed: { dataparallel: { enabled: true } } }, "ml.p4d.24xlarge", "2.3.0")).message).toMatch(/smdistributed dataparallel does not support pytorch 2\.3\.0/);
    // validate_smdistributed: one strategy
    expect(failure(() => pytorch({ smdistributed: { dataparallel: { enabled: true }, modelparallel: { enabled: true } } })).message).toMatch(/one strategy at a time/);
    // smdistributed on p5 needs torch_distributed
    expect(failure(() => pytorch({ smdistributed: { dataparallel: { enabled: true } } }, "ml.p5.48xlarge", "2.2.0")).message).toMatch(/p5 instances/);
    // validate_mp_config
    expect(failure(() => pytorch({ torchDistributed: { enabled: true }, smdistributed: { modelparallel: { enabled: true, parameters: { partitions: 0 } } } }, "ml.p4d.24xlarge", "2.2.0")).message).toMatch(/partitions must be a positive integer/);
    // a strategy the framework does not take (also a type error)
    expect(failure(() => compileSteps(() => frameworkTrainingStep("T", { framework: { name: "mxnet", version: "1.9", pyVersion: "py38" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.c5.xlarge", entryPoint: "src/train.py", distribution: { torchDistributed: { enabled: true } } as never }))).message).toMatch(
      /mxnet training takes no distribution "torchDistributed" \(it takes parameterServer, mpi\)/,
    );
    // TensorFlow MultiWorkerMirroredStrategy from 2.9
    expect(failure(() => compileSteps(() => frameworkTrainingStep("T", { framework: { name: "tensorflow", version: "2.8", pyVersion: "py39" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.c5.xlarge", entryPoint: "src/train.py", distribution: { multiWorkerMirroredStrategy: { enabled: true } } }))).message).toMatch(/TensorFlow 2\.9 or later/);
  });

  it("scikit-learn trains on one instance; reserved hyperparameter names; pipeline values inside JSON", () => {
    const sklearn = { framework: { name: "sklearn", version: "1.2-1" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", entryPoint: "src/train.py" } as const;
    expect(failure(() => frameworkTrainingStep("T", { ...sklearn, instanceCount: 2 })).code).toBe("invalid-instance-count");
    expect(failure(() => frameworkTrainingStep("T", { ...sklearn, hyperparameters: { sagemaker_program: "x" } })).code).toBe("invalid-hyperparameter");
    expect(failure(() => compileSteps((params) => frameworkTrainingStep("T", { ...sklearn, hyperparameters: { epochs: [params.Epochs] as never } }))).message).toContain("cannot be JSON-encoded");
    expect(failure(() => compileSteps((params) => frameworkTrainingStep("T", { ...sklearn, entryPoint: params.EntryPoint }))).message).toContain("only when sourceDir is in S3");
    expect(failure(() => frameworkTrainingStep("T", { role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", entryPoint: "train.py" } as never)).message).toContain("give the framework");
  });

  it("an image the table does not have names the step; a parameter instance type cannot pick CPU or GPU", () => {
    expect(failure(() => compileSteps(() => frameworkTrainingStep("T", { framework: { name: "pytorch", version: "2.3", pyVersion: "py27" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", entryPoint: "src/train.py" })))).toBeInstanceOf(ImageUriError);
    expect(failure(() => compileSteps((params) => frameworkTrainingStep("T", { framework: { name: "pytorch", version: "2.3", pyVersion: "py311" }, role: "arn:aws:iam::111111111111:role/R", instanceType: params.InstanceType, entryPoint: "src/train.py" }))).message).toMatch(
      /^step "T": its instanceType is a pipeline value/,
    );
  });
});

describe("frameworkTrainingStep: what the review of script mode found (SDK v2.257.6 source)", () => {
  const failure = (build: () => unknown): SagepipeError => {
    try {
      build();
    } catch (error) {
      expect(error).toBeInstanceOf(SagepipeError);
      return error as SagepipeError;
    }
    throw new Error("expected a SagepipeError");
  };

  it("network isolation with code in S3: sagemaker_submit_directory is the code channel's path (estimator.py _prepare_for_training, CONTAINER_CODE_CHANNEL_SOURCEDIR_PATH)", () => {
    const { step } = compileSteps(() =>
      frameworkTrainingStep("T", { framework: { name: "pytorch", version: "2.3.0", pyVersion: "py311" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", entryPoint: "train.py", sourceDir: "s3://bkt/src/sourcedir.tar.gz", networkIsolation: true }),
    );
    expect(step.Arguments.HyperParameters.sagemaker_submit_directory).toBe('"/opt/ml/input/data/code/sourcedir.tar.gz"');
    expect(step.Arguments.InputDataConfig).toContainEqual(expect.objectContaining({ ChannelName: "code", DataSource: { S3DataSource: expect.objectContaining({ S3Uri: "s3://bkt/src/sourcedir.tar.gz" }) } }));
  });

  it("an image of your own without sourceDir sends str() of each hyperparameter, not JSON (estimator.py Estimator.set_hyperparameters, then to_string in _get_train_args)", () => {
    const { step } = compileSteps(() =>
      frameworkTrainingStep("T", {
        image: "my-image",
        role: "arn:aws:iam::111111111111:role/R",
        instanceType: "ml.m5.xlarge",
        entryPoint: "src/train.py",
        hyperparameters: { criterion: "gini", bootstrap: true, off: false, n: 100, lr: 0.1, small: 1e-5, layers: [64, "relu", null], opts: { "it's": 'say "hi"', "é\n": 1 }, nothing: null },
      }),
    );
    const { sagemaker_submit_directory: _dir, ...hps } = step.Arguments.HyperParameters;
    expect(hps).toStrictEqual({
      criterion: "gini",
      bootstrap: "True",
      off: "False",
      n: "100",
      lr: "0.1",
      small: "1e-05",
      layers: "[64, 'relu', None]",
      opts: `{"it's": 'say "hi"', 'é\\n': 1}`,
      nothing: "None",
      // the script-mode keys are JSON-encoded either way (_script_mode_hyperparam_update)
      sagemaker_program: '"train.py"',
      sagemaker_container_log_level: "20",
      sagemaker_region: '"us-west-2"',
    });
    // with a source directory the plain Estimator JSON-encodes them, as the framework estimators always do
    const withSource = compileSteps(() => frameworkTrainingStep("T", { image: "my-image", role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", entryPoint: "train.py", sourceDir: "src", hyperparameters: { criterion: "gini", bootstrap: true } }));
    expect(withSource.step.Arguments.HyperParameters).toMatchObject({ criterion: '"gini"', bootstrap: "true" });
  });

  it("pipeline values through the SDK's to_string(): a step's property and non-String parameters in Std:Join, String parameters and execution variables as they are (workflow/entities.py, parameters.py, execution_variables.py)", () => {
    const compiled = pipeline("P")
      .region("us-east-1")
      .assets({ bucket: "my-bucket", prefix: "code" })
      .param("Criterion", "String", { default: "gini" })
      .param("Epochs", "Integer", { default: 5 })
      .add(() => frameworkTrainingStep("First", { framework: { name: "sklearn", version: "1.2-1" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", entryPoint: "train.py", sourceDir: "src" }))
      .add(({ steps, params }) =>
        frameworkTrainingStep("Second", {
          framework: { name: "sklearn", version: "1.2-1" },
          role: "arn:aws:iam::111111111111:role/R",
          instanceType: "ml.m5.xlarge",
          entryPoint: "train.py",
          sourceDir: "src",
          hyperparameters: { previous: steps.First.modelArtifacts, criterion: params.Criterion, epochs: params.Epochs, run: execution.PipelineExecutionId },
        }),
      )
      .compile({ baseDir });
    const hps = (compiled.definition.Steps[1] as unknown as Step).Arguments.HyperParameters;
    expect(hps.previous).toStrictEqual({ "Std:Join": { On: "", Values: [{ Get: "Steps.First.ModelArtifacts.S3ModelArtifacts" }] } });
    expect(hps.criterion).toStrictEqual({ Get: "Parameters.Criterion" });
    expect(hps.epochs).toStrictEqual({ "Std:Join": { On: "", Values: [{ Get: "Parameters.Epochs" }] } });
    expect(hps.run).toStrictEqual({ Get: "Execution.PipelineExecutionId" });
  });

  it("an object with integer-like keys among others is refused (JavaScript moves them first; Python keeps the written order); a Map keeps the order", () => {
    const sklearn = { framework: { name: "sklearn", version: "1.2-1" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", entryPoint: "train.py", sourceDir: "src" } as const;
    const error = failure(() => frameworkTrainingStep("T", { ...sklearn, hyperparameters: { cfg: { b: 1, "1": 2 } } }));
    expect(error.code).toBe("invalid-hyperparameter");
    expect(error.message).toContain('integer-like key "1"');
    expect(error.message).toContain("Map");
    const { step } = compileSteps(() => frameworkTrainingStep("T", { ...sklearn, hyperparameters: { cfg: new Map<string, JsonValue>([["b", 1], ["1", 2]]), one: { "1": 2 } } }));
    expect(step.Arguments.HyperParameters).toMatchObject({ cfg: '{"b": 1, "1": 2}', one: '{"1": 2}' });
  });

  it("model parallelism without parameters adds no mp_parameters (fw_utils.get_mp_parameters: an empty dict is falsy)", () => {
    const { step } = compileSteps(() =>
      frameworkTrainingStep("T", { framework: { name: "pytorch", version: "2.2.0", pyVersion: "py310" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.p4d.24xlarge", entryPoint: "train.py", sourceDir: "src", distribution: { torchDistributed: { enabled: true }, smdistributed: { modelparallel: { enabled: true } } } }),
    );
    expect(step.Arguments.HyperParameters).not.toHaveProperty("mp_parameters");
    expect(step.Arguments.HyperParameters).toMatchObject({ sagemaker_distributed_dataparallel_enabled: "false", sagemaker_torch_distributed_enabled: "true" });
  });

  it("the pytorch-smp image when torch_distributed is given at all and modelparallel is not turned off (image_uris.get_training_image_uri: .get('enabled', True))", () => {
    const image = (distribution: object) =>
      compileSteps(() => frameworkTrainingStep("T", { framework: { name: "pytorch", version: "2.2.0", pyVersion: "py310" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.p4d.24xlarge", entryPoint: "train.py", sourceDir: "src", distribution: distribution as never })).step.Arguments
        .AlgorithmSpecification.TrainingImage;
    const smp = "658645717510.dkr.ecr.us-west-2.amazonaws.com/smdistributed-modelparallel:2.2.0-gpu-py310-cu121";
    expect(image({ torchDistributed: { enabled: false }, smdistributed: { modelparallel: { enabled: true } } })).toBe(smp);
    expect(image({ torchDistributed: { enabled: true }, smdistributed: { modelparallel: {} } })).toBe(smp);
    expect(image({ torchDistributed: { enabled: true }, smdistributed: { modelparallel: { enabled: false } } })).not.toBe(smp);
  });

  it("rejects what the SDK rejects besides: smdistributed in the 2.0.1-gpu-py310-cu121 image, torch_distributed with a parameter instance type, p5 as the default of the instance type parameter", () => {
    const dlc = "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:2.0.1-gpu-py310-cu121-ubuntu20.04-sagemaker";
    const pytorch = { framework: { name: "pytorch", version: "2.0.1", pyVersion: "py310" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.p4d.24xlarge", entryPoint: "train.py", sourceDir: "src" } as const;
    // Framework.UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM (estimator.py _distribution_configuration)
    expect(failure(() => frameworkTrainingStep("T", { ...pytorch, image: dlc, distribution: { smdistributed: { dataparallel: { enabled: true } } } })).message).toContain("2.0.1-gpu-py310-cu121");
    expect(compileSteps(() => frameworkTrainingStep("T", { ...pytorch, image: dlc, distribution: { torchDistributed: { enabled: true }, smdistributed: { modelparallel: { enabled: true } } } })).step.Arguments.AlgorithmSpecification.TrainingImage).toBe(dlc);
    // fw_utils.validate_torch_distributed_distribution: a pipeline variable is neither a GPU nor a Trainium instance
    const parameter = failure(() => compileSteps((params) => frameworkTrainingStep("T", { ...pytorch, instanceType: params.InstanceType, distribution: { torchDistributed: { enabled: true } } })));
    expect(parameter.code).toBe("invalid-distribution");
    expect(parameter.message).toContain("literal instanceType");
    // _distribution_configuration: "p5.48xlarge" in instance_type.default_value
    const onP5 = (fallback: string) =>
      pipeline("P")
        .region("us-west-2")
        .assets({ bucket: "my-bucket" })
        .param("InstanceType", "String", { default: fallback })
        .add(({ params }) => frameworkTrainingStep("T", { ...pytorch, image: "my-image", sourceDir: "s3://b/sourcedir.tar.gz", instanceType: params.InstanceType, distribution: { smdistributed: { dataparallel: { enabled: true } } } }))
        .compile();
    const p5 = failure(() => onP5("ml.p5.48xlarge"));
    expect(p5.code).toBe("invalid-distribution");
    expect(p5.message).toContain("defaults to ml.p5.48xlarge");
    expect((onP5("ml.p4d.24xlarge").definition.Steps[0] as unknown as Step).Arguments.HyperParameters.sagemaker_instance_type).toStrictEqual({ Get: "Parameters.InstanceType" });
  });
});
