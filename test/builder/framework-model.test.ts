import { describe, expect, it } from "vitest";
import { SagepipeError, frameworkModelStep, frameworkTrainingStep, pipeline, registerFrameworkModelStep, type FrameworkModelSource, type PipelineValue, type StepCollection } from "sagepipe";
import { readTarGz } from "../../src/compile/archive.js";
import { DUMMY_ROLE_ARN } from "../support/python-sdk.js";

// Expected values: what the SageMaker Python SDK v2.257.6 asserts in
// tests/unit/sagemaker/workflow/test_model_step.py (cited per case) and what its model classes'
// prepare_container_def and workflow/model_step.py, workflow/_utils.py compute.

const baseDir = new URL("../fixtures/script-mode/", import.meta.url).pathname;

interface Step {
  Name: string;
  Type: string;
  Arguments: Record<string, any>;
  DependsOn?: string[];
  Description?: string;
  RetryPolicies?: unknown[];
}

function compileWith(build: (modelData: PipelineValue<string>) => StepCollection<string, never>) {
  const compiled = pipeline("MyPipeline")
    .region("us-west-2")
    .assets({ bucket: "my-bucket", prefix: "code" })
    .param("ModelData", "String", { default: "s3://my-bucket/model.tar.gz" })
    .add({ ...frameworkModelStep("TestStep", { image: "fakeimage", modelData: "s3://b/m.tar.gz", role: "arn:aws:iam::111111111111:role/R" }), after: [] })
    .add(({ params }) => build(params.ModelData))
    .compile({ baseDir });
  return { steps: compiled.definition.Steps.slice(1) as unknown as Step[], assets: compiled.assets };
}

const register = { contentTypes: ["text/csv"], responseTypes: ["text/csv"], inferenceInstances: ["ml.t2.medium", "ml.m5.xlarge"], transformInstances: ["ml.m5.xlarge"], modelPackageGroup: "MyModelPackageGroup" } as const;

describe("framework models: the SDK's ModelStep, with its repack job", () => {
  it("registers a model with an entry point and source dir after a repack job (test_register_model_with_runtime_repack, L115–203)", () => {
    const { steps, assets } = compileWith(
      (modelData) =>
        registerFrameworkModelStep("MyModelStep", {
          image: "fakeimage",
          modelData,
          entryPoint: "inference.py",
          sourceDir: "serve",
          role: DUMMY_ROLE_ARN,
          ...register,
          dependsOn: ["TestStep-CreateModel"],
          description: "my model step description",
          retry: [{ exceptions: ["Step.THROTTLING"], maxAttempts: 3 }],
          repack: { retry: [{ exceptions: ["SageMaker.CAPACITY_ERROR"], maxAttempts: 3 }] },
        }) as never,
    );
    expect(steps.map((step) => [step.Name, step.Type])).toEqual([
      ["MyModelStep-RepackModel-0", "Training"],
      ["MyModelStep-RegisterModel", "RegisterModel"],
    ]);
    const [repack, registered] = steps as [Step, Step];
    // the repack job: the model's dependencies, the model as its training channel, the SDK's hyperparameters
    expect(repack.DependsOn).toEqual(["TestStep-CreateModel"]);
    expect(repack.Arguments.InputDataConfig).toHaveLength(1);
    expect(repack.Arguments.InputDataConfig[0].DataSource.S3DataSource.S3Uri).toEqual({ Get: "Parameters.ModelData" });
    expect(repack.Arguments.HyperParameters).toMatchObject({
      inference_script: '"inference.py"',
      model_archive: { Get: "Parameters.ModelData" },
      sagemaker_program: '"_repack_script_launcher.sh"',
      dependencies: "null",
      sagemaker_container_log_level: "20",
      sagemaker_region: '"us-west-2"',
    });
    expect(repack.Arguments.HyperParameters.sagemaker_submit_directory).toMatch(/^"s3:\/\/my-bucket\/code\/[0-9a-f]{64}\/sourcedir\.tar\.gz"$/);
    expect(repack.RetryPolicies).toEqual([{ ExceptionType: ["SageMaker.CAPACITY_ERROR"], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }]);
    expect(repack.Description).toContain("repack a model with customer scripts");
    // _validate_repack_job_default_cfgs_for_configurable_args: ml.m5.large, 30 GB, the model's role, no KMS key, no VPC
    expect(repack.Arguments.ResourceConfig).toEqual({ InstanceCount: 1, InstanceType: "ml.m5.large", VolumeSizeInGB: 30 });
    expect(repack.Arguments.RoleArn).toBe(DUMMY_ROLE_ARN);
    expect(repack.Arguments.OutputDataConfig.KmsKeyId).toBeUndefined();
    expect(repack.Arguments.VpcConfig).toBeUndefined();
    // the scikit-learn 1.2-1 image (workflow/_utils.py FRAMEWORK_VERSION), as the SDK's repacker
    expect(repack.Arguments.AlgorithmSpecification.TrainingImage).toBe("246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3");
    // the registered model: no DependsOn, the repacked model, the script-mode environment
    expect(registered.DependsOn).toBeUndefined();
    expect(registered.Arguments.ModelPackageGroupName).toBe("MyModelPackageGroup");
    expect(registered.Arguments.ModelApprovalStatus).toBe("PendingManualApproval");
    const [container] = registered.Arguments.InferenceSpecification.Containers;
    expect(container).toEqual({
      Image: "fakeimage",
      ModelDataUrl: { Get: "Steps.MyModelStep-RepackModel-0.ModelArtifacts.S3ModelArtifacts" },
      Environment: { SAGEMAKER_PROGRAM: "inference.py", SAGEMAKER_SUBMIT_DIRECTORY: "/opt/ml/model/code", SAGEMAKER_CONTAINER_LOG_LEVEL: "20", SAGEMAKER_REGION: "us-west-2" },
    });
    expect(registered.RetryPolicies).toEqual([{ ExceptionType: ["Step.THROTTLING"], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }]);
    expect(registered.Description).toContain("my model step description");
    // the repack job's code: the source directory and sagepipe's launcher and script
    const archive = assets.find((asset) => asset.s3Uri === JSON.parse(repack.Arguments.HyperParameters.sagemaker_submit_directory));
    expect(readTarGz(archive?.files[0]?.content ?? new Uint8Array()).map((entry) => entry.name)).toEqual(["inference.py", "_repack_script_launcher.sh", "_sagepipe_repack.py"]);
  });

  it("creates a model after a repack job (test_create_model_with_runtime_repack): <name>-CreateModel", () => {
    const { steps } = compileWith((modelData) => frameworkModelStep("MyModelStep", { image: "fakeimage", modelData, entryPoint: "inference.py", sourceDir: "serve", role: DUMMY_ROLE_ARN }) as never);
    expect(steps.map((step) => step.Name)).toEqual(["MyModelStep-RepackModel-0", "MyModelStep-CreateModel"]);
    expect(steps[1]?.Arguments.PrimaryContainer.ModelDataUrl).toEqual({ Get: "Steps.MyModelStep-RepackModel-0.ModelArtifacts.S3ModelArtifacts" });
    expect(steps[1]?.Arguments.ExecutionRoleArn).toBe(DUMMY_ROLE_ARN);
  });

  it("an entry point without a source dir in an image of your own: no repack, the code uploaded (test_register_model_without_repack)", () => {
    const { steps, assets } = compileWith((modelData) => registerFrameworkModelStep("MyModelStep", { image: "fakeimage", modelData, entryPoint: "serve/inference.py", role: DUMMY_ROLE_ARN, ...register }) as never);
    expect(steps.map((step) => step.Name)).toEqual(["MyModelStep-RegisterModel"]);
    const [container] = steps[0]?.Arguments.InferenceSpecification.Containers;
    expect(container.ModelDataUrl).toEqual({ Get: "Parameters.ModelData" });
    expect(container.Environment).toEqual({ SAGEMAKER_PROGRAM: "inference.py", SAGEMAKER_SUBMIT_DIRECTORY: assets[0]?.s3Uri, SAGEMAKER_CONTAINER_LOG_LEVEL: "20", SAGEMAKER_REGION: "us-west-2" });
  });

  // test_model_step_among_different_model_types (L725–790): which framework models get a repack job
  // (expected step counts: SKLearn with network isolation 2, XGBoost 1, PyTorch 1.5.0 2, MXNet 1.2.0 1,
  // Hugging Face 2, TensorFlow 2)
  const models: readonly { readonly source: Omit<FrameworkModelSource, "modelData">; readonly steps: number; readonly what: string }[] = [
    { source: { framework: { name: "sklearn", version: "1.2-1" }, networkIsolation: true }, steps: 2, what: "SKLearnModel with network isolation" },
    { source: { framework: { name: "sklearn", version: "1.2-1" } }, steps: 1, what: "SKLearnModel" },
    { source: { framework: { name: "xgboost", version: "1.7-1" } }, steps: 1, what: "XGBoostModel" },
    { source: { framework: { name: "pytorch", version: "1.5.0", pyVersion: "py3" }, instanceType: "ml.c4.4xlarge" }, steps: 2, what: "PyTorchModel 1.5.0" },
    { source: { framework: { name: "mxnet", version: "1.2.1", pyVersion: "py3" }, instanceType: "ml.c4.4xlarge" }, steps: 1, what: "MXNetModel below 1.4" },
    { source: { framework: { name: "huggingface", version: "4.28", pytorchVersion: "2.0", pyVersion: "py310" }, instanceType: "ml.g5.xlarge" }, steps: 2, what: "HuggingFaceModel" },
    { source: { framework: { name: "tensorflow", version: "2.16" }, instanceType: "ml.c5.xlarge" }, steps: 2, what: "TensorFlowModel" },
  ];
  it.each(models)("$what: $steps step(s)", ({ source, steps: count }) => {
    const { steps } = compileWith((modelData) => frameworkModelStep("MyModelStep", { ...source, modelData, entryPoint: "serve/inference.py", role: DUMMY_ROLE_ARN }) as never);
    expect(steps).toHaveLength(count);
    expect(steps.at(-1)?.Name).toBe("MyModelStep-CreateModel");
    if (count === 2) expect(steps[0]?.Name).toBe("MyModelStep-RepackModel-0");
  });

  it("the inference image for the region and instance type; TensorFlow Serving's own environment", () => {
    const image = (source: Omit<FrameworkModelSource, "modelData">) =>
      compileWith((modelData) => frameworkModelStep("M", { ...source, modelData, role: "arn:aws:iam::111111111111:role/R" }) as never).steps.at(-1)?.Arguments.PrimaryContainer;
    expect(image({ framework: { name: "pytorch", version: "2.3", pyVersion: "py311" }, instanceType: "ml.g5.xlarge", entryPoint: "serve/inference.py" }).Image).toBe(
      "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.3-gpu-py311",
    );
    const tf = image({ framework: { name: "tensorflow", version: "2.16" }, instanceType: "ml.c5.xlarge", entryPoint: "serve/inference.py", containerLogLevel: 30 });
    expect(tf.Image).toBe("763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-inference:2.16-cpu");
    // TensorFlowModel._get_container_env: no SAGEMAKER_PROGRAM; the log level as nginx's
    expect(tf.Environment).toEqual({ SAGEMAKER_TFS_NGINX_LOGLEVEL: "warn" });
    // no entry point: the plain framework model, no script-mode environment
    expect(image({ framework: { name: "xgboost", version: "1.7-1" }, environment: { A: "1" }, modelServerWorkers: 2 }).Environment).toEqual({ A: "1", SAGEMAKER_MODEL_SERVER_WORKERS: "2" });
  });

  it("repack settings: instance, role, output, KMS key, VPC (the SDK's repack_model_step_settings)", () => {
    const { steps } = compileWith(
      (modelData) =>
        frameworkModelStep("MyModelStep", {
          framework: { name: "huggingface", version: "4.28", pytorchVersion: "2.0", pyVersion: "py310" },
          instanceType: "ml.g5.xlarge",
          modelData,
          entryPoint: "inference.py",
          sourceDir: "serve",
          dependencies: ["lib"],
          role: DUMMY_ROLE_ARN,
          repack: {
            instanceType: "ml.m4.xlarge",
            role: "arn:aws:iam::123412341234:role/new-role",
            volumeSizeInGB: 50,
            outputPath: "s3://my-bucket/repack-model-output",
            outputKmsKey: "repack-model-output-kms-key",
            vpc: { securityGroupIds: ["repack-model-security-group-a"], subnets: ["repack-model-subnet-a", "repack-model-subnet-b"] },
          },
        }) as never,
    );
    const repack = steps[0]?.Arguments ?? {};
    expect(repack.ResourceConfig).toEqual({ InstanceCount: 1, InstanceType: "ml.m4.xlarge", VolumeSizeInGB: 50 });
    expect(repack.RoleArn).toBe("arn:aws:iam::123412341234:role/new-role");
    expect(repack.OutputDataConfig).toEqual({ S3OutputPath: "s3://my-bucket/repack-model-output", KmsKeyId: "repack-model-output-kms-key" });
    expect(repack.VpcConfig).toEqual({ Subnets: ["repack-model-subnet-a", "repack-model-subnet-b"], SecurityGroupIds: ["repack-model-security-group-a"] });
    // dependencies by the names they have in the job's code (the SDK passes its local paths)
    expect(repack.HyperParameters.dependencies).toBe('"lib"');
  });

  it("mistakes: no framework and no image, no model data, sourceDir without an entry point", () => {
    const failure = (build: () => unknown) => {
      try {
        build();
      } catch (error) {
        expect(error).toBeInstanceOf(SagepipeError);
        return (error as SagepipeError).code;
      }
      throw new Error("expected a SagepipeError");
    };
    expect(failure(() => frameworkModelStep("M", { modelData: "s3://b/m", role: "arn:aws:iam::111111111111:role/R" } as never))).toBe("invalid-framework");
    expect(failure(() => frameworkModelStep("M", { image: "i", role: "arn:aws:iam::111111111111:role/R" } as never))).toBe("invalid-model");
    expect(failure(() => frameworkModelStep("M", { image: "i", modelData: "s3://b/m", sourceDir: "serve", role: "arn:aws:iam::111111111111:role/R" }))).toBe("invalid-source");
  });
});

describe("framework models: what the review of script mode found (SDK v2.257.6 source)", () => {
  it("network isolation as a parameter counts as on: SAGEMAKER_SUBMIT_DIRECTORY is /opt/ml/model/code (model.py Model._script_mode_env_vars)", () => {
    const compiled = pipeline("P")
      .region("us-west-2")
      .assets({ bucket: "my-bucket", prefix: "code" })
      .param("Isolated", "Boolean", { default: true })
      .add(({ params }) => frameworkModelStep("M", { image: "my-image", role: "arn:aws:iam::111111111111:role/R", modelData: "s3://b/model.tar.gz", entryPoint: "src/train.py", networkIsolation: params.Isolated }))
      .compile({ baseDir });
    const model = compiled.definition.Steps[0] as unknown as Step;
    expect(model.Arguments.PrimaryContainer.Environment.SAGEMAKER_SUBMIT_DIRECTORY).toBe("/opt/ml/model/code");
    expect(model.Arguments.EnableNetworkIsolation).toStrictEqual({ Get: "Parameters.Isolated" });
  });

  it("the repack job's model_archive from a step's property is a Std:Join, as SKLearn JSON-encodes it (Properties.to_string; workflow/_utils.py _RepackModelStep)", () => {
    const compiled = pipeline("P")
      .region("us-west-2")
      .assets({ bucket: "my-bucket", prefix: "code" })
      .add(frameworkTrainingStep("Train", { framework: { name: "sklearn", version: "1.2-1" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", entryPoint: "src/train.py" }))
      .add(({ steps }) => frameworkModelStep("M", { framework: { name: "pytorch", version: "2.3.0", pyVersion: "py311" }, instanceType: "ml.m5.xlarge", role: "arn:aws:iam::111111111111:role/R", modelData: steps.Train.modelArtifacts, entryPoint: "inference.py", sourceDir: "serve" }))
      .compile({ baseDir });
    const repack = compiled.definition.Steps.find((step) => step.Name === "M-RepackModel-0") as unknown as Step;
    expect(repack.Arguments.HyperParameters.model_archive).toStrictEqual({ "Std:Join": { On: "", Values: [{ Get: "Steps.Train.ModelArtifacts.S3ModelArtifacts" }] } });
    // the training input stays the property itself (TrainingInput(model_data))
    expect(repack.Arguments.InputDataConfig[0].DataSource.S3DataSource.S3Uri).toStrictEqual({ Get: "Steps.Train.ModelArtifacts.S3ModelArtifacts" });
  });
});
