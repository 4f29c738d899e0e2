import { describe, expect, it } from "vitest";
import { IMAGE_URI_SOURCE, ImageUriError, SagepipeError, imageUri, type ImageUriOptions } from "../../src/index.js";
import { pythonSdkFixture } from "../support/python-sdk.js";

// Expected URIs are values the SageMaker Python SDK v2.257.6 (commit fc582aaa) produced or asserted
// in its own unit tests; each case names where. "fixture" = test/fixtures/python-sdk-expected/
// (the SDK's output under its tests, see that folder's README); other paths are in the SDK's tree.

/** The image a Python SDK fixture's step uses. */
const fixtureImage = (file: string, path: "processing" | "training" | "model" | "package"): string => {
  const parsed = pythonSdkFixture(file) as { Arguments?: unknown } | { Arguments?: unknown }[];
  const step = Array.isArray(parsed) ? parsed[0] : parsed;
  const args = (step?.Arguments ?? step) as Record<string, any>;
  switch (path) {
    case "processing":
      return args.AppSpecification.ImageUri;
    case "training":
      return args.AlgorithmSpecification.TrainingImage;
    case "model":
      return args.PrimaryContainer?.Image ?? args.Containers[0].Image;
    case "package":
      return args.InferenceSpecification.Containers[0].Image;
  }
};

const FP = "test_processing_step/test_processing_step__test_processing_step_with_framework_processor";
const cases: readonly { readonly options: ImageUriOptions; readonly expected: string; readonly source: string }[] = [
  // Framework processors of tests/unit/sagemaker/workflow/test_processing_step.py (FRAMEWORK_PROCESSOR, instance ml.m4.xlarge).
  { options: { framework: "sklearn", version: "0.23-1", region: "us-west-2", instanceType: "ml.m4.xlarge" }, expected: fixtureImage(`${FP}__L502__2.json`, "processing"), source: "fixture: SKLearnProcessor 0.23-1" },
  { options: { framework: "pytorch", version: "1.8", scope: "training", pyVersion: "py3", region: "us-west-2", instanceType: "ml.m4.xlarge" }, expected: fixtureImage(`${FP}__L502.json`, "processing"), source: "fixture: FrameworkProcessor(PyTorch, 1.8)" },
  { options: { framework: "pytorch", version: "1.8.0", scope: "training", pyVersion: "py3", region: "us-west-2", instanceType: "ml.m4.xlarge" }, expected: fixtureImage(`${FP}__L502__3.json`, "processing"), source: "fixture: PyTorchProcessor 1.8.0" },
  { options: { framework: "tensorflow", version: "2.0", scope: "training", pyVersion: "py3", region: "us-west-2", instanceType: "ml.m4.xlarge" }, expected: fixtureImage(`${FP}__L502__4.json`, "processing"), source: "fixture: TensorFlowProcessor 2.0" },
  {
    options: { framework: "huggingface", version: "4.6", baseFrameworkVersion: "pytorch1.7", scope: "training", pyVersion: "py36", region: "us-west-2", instanceType: "ml.p3.2xlarge" },
    expected: fixtureImage(`${FP}__L502__5.json`, "processing"),
    source: "fixture: HuggingFaceProcessor transformers 4.6, pytorch 1.7",
  },
  { options: { framework: "xgboost", version: "1.3-1", pyVersion: "py3", region: "us-west-2", instanceType: "ml.m4.xlarge" }, expected: fixtureImage(`${FP}__L502__6.json`, "processing"), source: "fixture: XGBoostProcessor 1.3-1" },
  { options: { framework: "mxnet", version: "1.4.1", scope: "training", pyVersion: "py3", region: "us-west-2", instanceType: "ml.m4.xlarge" }, expected: fixtureImage(`${FP}__L502__7.json`, "processing"), source: "fixture: MXNetProcessor 1.4.1" },
  { options: { framework: "data-wrangler", version: "3.x", region: "us-west-2" }, expected: fixtureImage(`${FP}__L502__8.json`, "processing"), source: "fixture: DataWranglerProcessor" },
  // Built-in algorithms: tests/unit/sagemaker/workflow/test_training_step.py, test_training_step_with_algorithm_base.
  { options: { framework: "kmeans", region: "us-west-2" }, expected: fixtureImage("test_training_step/test_training_step__test_training_step_with_algorithm_base__L665__2.json", "training"), source: "fixture: KMeans" },
  { options: { framework: "lda", region: "us-west-2" }, expected: fixtureImage("test_training_step/test_training_step__test_training_step_with_algorithm_base__L665__5.json", "training"), source: "fixture: LDA" },
  { options: { framework: "pytorch", version: "1.5.0", scope: "training", pyVersion: "py3", region: "us-west-2", instanceType: "ml.m4.xlarge" }, expected: "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:1.5.0-cpu-py3", source: "fixture: test_tuning_step with_single_algo_tuner (PyTorch 1.5.0)" },
  { options: { framework: "tensorflow", version: "1.15.2", scope: "inference", region: "us-west-2", instanceType: "ml.m4.xlarge" }, expected: fixtureImage("test_step_collections/test_step_collections__test_register_model_tf__L580.json", "package"), source: "fixture: TensorFlowModel 1.15.2 registered (no Python version in inference tags)" },
  { options: { framework: "sparkml-serving", version: "3.3", region: "us-west-2" }, expected: "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-sparkml-serving:3.3", source: "fixture: test_steps test_create_model_step_with_model_pipeline" },
  // Tools.
  { options: { framework: "model-monitor", region: "us-west-2" }, expected: "159807026194.dkr.ecr.us-west-2.amazonaws.com/sagemaker-model-monitor-analyzer", source: "tests/unit/sagemaker/monitor/test_model_monitoring.py:85 DEFAULT_IMAGE_URI; fixture: test_quality_check_step" },
  { options: { framework: "clarify", region: "us-west-2" }, expected: "306415355426.dkr.ecr.us-west-2.amazonaws.com/sagemaker-clarify-processing:1.0", source: "tests/unit/test_clarify.py:52" },
  { options: { framework: "debugger", region: "us-west-2" }, expected: "895741380848.dkr.ecr.us-west-2.amazonaws.com/sagemaker-debugger-rules:latest", source: "tests/unit/test_estimator.py:1281 RuleEvaluatorImage" },
  // Container versions picked for p4d (tests/unit/sagemaker/image_uris/test_retrieve.py).
  { options: { framework: "tensorflow", version: "2.3", scope: "training", pyVersion: "py37", region: "us-west-2", instanceType: "ml.p4d.24xlarge" }, expected: "763104351884.dkr.ecr.us-west-2.amazonaws.com/tensorflow-training:2.3-gpu-py37-cu110-ubuntu18.04-v3", source: "image_uris/test_retrieve.py:551" },
  { options: { framework: "pytorch", version: "1.6", scope: "training", pyVersion: "py3", region: "us-west-2", instanceType: "ml.p4d.24xlarge" }, expected: "763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-training:1.6-gpu-py3-cu110-ubuntu18.04-v3", source: "image_uris/test_retrieve.py:566" },
  // Graviton (tests/unit/sagemaker/image_uris/test_graviton.py).
  { options: { framework: "sklearn", version: "1.0-1", region: "us-west-2", instanceType: "ml.c6g.4xlarge" }, expected: "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-scikit-learn:1.0-1-arm64-cpu-py3", source: "image_uris/test_graviton.py:157" },
  { options: { framework: "xgboost", version: "1.5-1", scope: "inference_graviton", region: "us-west-2" }, expected: "246618743249.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.5-1-arm64", source: "image_uris/test_graviton.py:120" },
  // Hugging Face LLM (tests/unit/sagemaker/image_uris/test_huggingface_llm.py:55, TGI 1.4.0).
  { options: { framework: "huggingface-llm", version: "1.4.0", region: "us-west-2" }, expected: "763104351884.dkr.ecr.us-west-2.amazonaws.com/huggingface-pytorch-tgi-inference:2.1.1-tgi1.4.0-gpu-py310-cu121-ubuntu20.04", source: "image_uris/test_huggingface_llm.py:55" },
  // Other partitions (hostnames: sagemaker/utils.py ALTERNATE_DOMAINS; accounts: tests/unit/sagemaker/jumpstart/constants.py:5713).
  {
    options: { framework: "huggingface", version: "4.28.1", baseFrameworkVersion: "pytorch2.0.0", scope: "training", pyVersion: "py310", region: "cn-north-1", instanceType: "ml.p3.2xlarge" },
    expected: "727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/huggingface-pytorch-training:2.0.0-transformers4.28.1-gpu-py310-cu118-ubuntu20.04",
    source: "jumpstart/constants.py:5713",
  },
  // Trainium: the Neuron SDK version and container (tests/unit/sagemaker/jumpstart/constants.py:4737, ap-northeast-1).
  { options: { framework: "pytorch", version: "1.11.0", scope: "training", region: "ap-northeast-1", instanceType: "ml.trn1.32xlarge" }, expected: "763104351884.dkr.ecr.ap-northeast-1.amazonaws.com/pytorch-training-neuron:1.11.0-neuron-py38-sdk2.4.0-ubuntu20.04", source: "jumpstart/constants.py:4737" },
  // DJL LMI (tests/unit/sagemaker/serve/builder/test_js_builder.py:1170).
  { options: { framework: "djl-lmi", version: "0.29.0", region: "us-west-2" }, expected: "763104351884.dkr.ecr.us-west-2.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124", source: "serve/builder/test_js_builder.py:1170" },
];

describe("imageUri: the URIs the Python SDK builds", () => {
  it.each(cases)("$source → $expected", ({ options, expected }) => {
    expect(imageUri(options)).toBe(expected);
  });

  it("names the SDK version its table comes from", () => {
    expect(IMAGE_URI_SOURCE).toEqual({
      repository: "aws/sagemaker-python-sdk",
      ref: "v2.257.6",
      commit: "fc582aaa46faf7b7e16ab1e13840869712174cd0",
      path: "src/sagemaker/image_uri_config/*.json",
    });
  });

  it("picks CPU and GPU images from the instance type, as the SDK (image_uris/test_retrieve.py test_retrieve_processor_type)", () => {
    const base = { framework: "pytorch", version: "2.3", scope: "training", pyVersion: "py311", region: "us-east-1" } as const;
    for (const cpu of ["local", "ml.t2.medium", "ml.m5.xlarge", "ml.r5.large", "ml_c5"]) {
      expect(imageUri({ ...base, instanceType: cpu })).toBe("763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3-cpu-py311");
    }
    for (const gpu of ["local_gpu", "ml.p3.2xlarge", "ml.g4dn.xlarge", "ml.g5.12xlarge", "ml_p3"]) {
      expect(imageUri({ ...base, instanceType: gpu })).toBe("763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3-gpu-py311");
    }
  });

  it("uses the partition's ECR host name (sagemaker/utils.py ALTERNATE_DOMAINS)", () => {
    const host = (region: string) => imageUri({ framework: "model-monitor", region }).split("/")[0]!.replace(/^\d+\.dkr\./, "");
    expect(host("cn-northwest-1")).toBe("ecr.cn-northwest-1.amazonaws.com.cn");
    expect(imageUri({ framework: "sklearn", version: "1.2-1", region: "us-gov-west-1" })).toMatch(/^\d{12}\.dkr\.ecr\.us-gov-west-1\.amazonaws\.com\//);
    expect(host("eu-west-1")).toBe("ecr.eu-west-1.amazonaws.com");
    expect(imageUri({ framework: "sklearn", version: "1.2-1", region: "us-iso-east-1" })).toMatch(/^\d{12}\.dkr\.ecr\.us-iso-east-1\.c2s\.ic\.gov\/sagemaker-scikit-learn:1\.2-1-cpu-py3$/);
    expect(imageUri({ framework: "sklearn", version: "1.2-1", region: "us-isob-east-1" })).toMatch(/\.dkr\.ecr\.us-isob-east-1\.sc2s\.sgov\.gov\//);
  });

  it("the only version, scope and Python version are defaults; the sklearn and xgboost scope defaults to training", () => {
    expect(imageUri({ framework: "linear-learner", region: "eu-west-1" })).toBe("438346466558.dkr.ecr.eu-west-1.amazonaws.com/linear-learner:1");
    expect(imageUri({ framework: "sklearn", version: "1.2-1", region: "us-east-1" })).toBe(imageUri({ framework: "sklearn", version: "1.2-1", scope: "inference", region: "us-east-1" }));
    expect(imageUri({ framework: "xgboost", version: "latest", region: "us-east-1" })).toBe("811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:latest");
  });

  it("Hugging Face: the base framework version as given goes into the tag (pytorch1.7 → 1.7)", () => {
    const common = { framework: "huggingface", version: "4.6", scope: "training", pyVersion: "py36", region: "us-west-2", instanceType: "ml.p3.2xlarge" } as const;
    expect(imageUri({ ...common, baseFrameworkVersion: "pytorch1.7.1" })).toBe("763104351884.dkr.ecr.us-west-2.amazonaws.com/huggingface-pytorch-training:1.7.1-transformers4.6-gpu-py36-cu110-ubuntu18.04");
  });
});

describe("imageUri: what the table does not have is an error that lists what it has", () => {
  const fail = (options: ImageUriOptions): ImageUriError => {
    try {
      imageUri(options);
    } catch (error) {
      expect(error).toBeInstanceOf(ImageUriError);
      expect(error).toBeInstanceOf(SagepipeError);
      expect((error as ImageUriError).code).toBe("unsupported-image");
      return error as ImageUriError;
    }
    throw new Error("expected an ImageUriError");
  };

  it("an unknown framework lists the frameworks", () => {
    const error = fail({ framework: "scikit" as never, region: "us-east-1" });
    expect(error.option).toBe("framework");
    expect(error.valid).toContain("sklearn");
    expect(error.valid).toContain("model-monitor");
    expect(error.message).toMatch(/no framework "scikit".*sklearn/);
  });

  it("an unknown version lists the versions (and aliases) of that framework and scope", () => {
    const error = fail({ framework: "sklearn", version: "1.3-1" as never, region: "us-east-1" });
    expect(error.option).toBe("version");
    expect(error.valid).toEqual(["0.20.0", "0.23-1", "1.0-1", "1.2-1", "1.4-2"]);
    expect(error.message).toBe('imageUri: sklearn (training) has no version "1.3-1" (`version`); valid: 0.20.0, 0.23-1, 1.0-1, 1.2-1, 1.4-2');
  });

  it("a version is needed where there are several (the SDK would pick the latest, which moves with the table)", () => {
    expect(fail({ framework: "sklearn", region: "us-east-1" }).option).toBe("version");
  });

  it("a version that does not exist is an error even where there is only one (the SDK would use that one)", () => {
    expect(fail({ framework: "clarify", version: "2.0" as never, region: "us-east-1" }).valid).toEqual(["1.0"]);
  });

  it("a region without the image lists the regions that have it", () => {
    const error = fail({ framework: "sklearn", version: "1.2-1", region: "mars-north-1" });
    expect(error.option).toBe("region");
    expect(error.valid).toContain("us-east-1");
    expect(error.valid).toContain("cn-north-1");
    expect(error.valid).not.toContain("mars-north-1");
  });

  it("a scope is needed where a framework has several; a Python version where a version has several", () => {
    expect(fail({ framework: "pytorch", version: "2.3", region: "us-east-1", instanceType: "ml.m5.xlarge" }).valid).toEqual(["eia", "inference", "inference_graviton", "training"]);
    const py = fail({ framework: "pytorch", version: "1.4.0", scope: "training", pyVersion: "py39", region: "us-east-1", instanceType: "ml.m5.xlarge" });
    expect(py.option).toBe("pyVersion");
    expect(py.valid).toEqual(["py2", "py3", "py36"]);
  });

  it("a GPU instance for a CPU-only image, and a missing instance type where the image has both", () => {
    expect(fail({ framework: "sklearn", version: "1.2-1", region: "us-east-1", instanceType: "ml.g5.xlarge" }).message).toMatch(/needs a gpu image, and sklearn 1\.2-1 py3 \(training\) has only cpu/);
    expect(fail({ framework: "pytorch", version: "2.3", scope: "training", pyVersion: "py311", region: "us-east-1" }).message).toMatch(/needs `instanceType` to choose between its processor types cpu, gpu/);
    expect(fail({ framework: "pytorch", version: "2.3", scope: "training", pyVersion: "py311", region: "us-east-1", instanceType: "m5.xlarge" }).message).toMatch(/not a SageMaker instance type/);
  });

  it("Trainium and Graviton run only the frameworks the SDK allows; P2 is gone from PyTorch 1.13 on", () => {
    expect(fail({ framework: "tensorflow", version: "2.16", scope: "training", pyVersion: "py310", region: "us-east-1", instanceType: "ml.trn1.2xlarge" }).valid).toEqual(["pytorch"]);
    expect(fail({ framework: "mxnet", version: "1.9", scope: "inference", pyVersion: "py38", region: "us-east-1", instanceType: "ml.c6g.xlarge" }).option).toBe("framework");
    expect(fail({ framework: "pytorch", version: "1.13", scope: "training", pyVersion: "py39", region: "us-east-1", instanceType: "ml.p2.xlarge" }).message).toMatch(/P2 instances/);
  });

  it("Hugging Face needs the base framework version, and lists them", () => {
    const error = fail({ framework: "huggingface", version: "4.28", scope: "training", region: "us-east-1", instanceType: "ml.g5.xlarge" });
    expect(error.option).toBe("baseFrameworkVersion");
    expect(error.valid).toContain("pytorch2.0.0");
  });

  it("bad input from plain JavaScript is an ImageUriError too", () => {
    expect(fail({ framework: undefined as never, region: "us-east-1" }).option).toBe("framework");
    expect(fail({ framework: "sklearn", version: "1.2-1", region: undefined as never }).option).toBe("region");
    expect(fail({ framework: "toString" as never, region: "us-east-1" }).option).toBe("framework");
  });
});
