import { Deferred, needRegion, type DeferredContext } from "../../compile/deferred.js";
import { SagepipeError } from "../../errors.js";
import { ImageUriError, imageUri, instanceFamily, type ImageFramework, type ImageUriOptions } from "../../images/image-uri.js";
import type { ImageVersions } from "../../images/image-uri-data.js";
import { PipelineValue } from "../../model/expressions.js";
import { optionShape } from "../../options.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** scikit-learn (`SKLearn`, `SKLearnProcessor`). */
export interface SKLearnFramework {
  readonly name: "sklearn";
  /** e.g. `"1.2-1"`. */
  readonly version: ImageVersions["sklearn"];
  /** @default "py3", the only one */
  readonly pyVersion?: "py3";
}

/** XGBoost in script mode (`XGBoost`, `XGBoostProcessor`). */
export interface XGBoostFramework {
  readonly name: "xgboost";
  /** e.g. `"1.7-1"`. */
  readonly version: ImageVersions["xgboost"];
  /** @default "py3", the only one */
  readonly pyVersion?: "py3";
}

/** PyTorch (`PyTorch`, `PyTorchProcessor`). */
export interface PyTorchFramework {
  readonly name: "pytorch";
  /** e.g. `"2.3"` or `"2.3.0"`. */
  readonly version: ImageVersions["pytorch"];
  /** e.g. `"py311"`. @default the only one the version has */
  readonly pyVersion?: string;
}

/** TensorFlow (`TensorFlow`, `TensorFlowProcessor`). */
export interface TensorFlowFramework {
  readonly name: "tensorflow";
  /** e.g. `"2.16"`. */
  readonly version: ImageVersions["tensorflow"];
  /** e.g. `"py310"`. @default the only one the version has */
  readonly pyVersion?: string;
}

/** Apache MXNet (`MXNet`, `MXNetProcessor`). */
export interface MXNetFramework {
  readonly name: "mxnet";
  readonly version: ImageVersions["mxnet"];
  readonly pyVersion?: string;
}

/** Hugging Face transformers on PyTorch or TensorFlow (`HuggingFace`, `HuggingFaceProcessor`). */
export interface HuggingFaceFramework {
  readonly name: "huggingface";
  /** The transformers version, e.g. `"4.28"`. */
  readonly version: ImageVersions["huggingface"];
  /** The PyTorch version underneath, e.g. `"2.0"` (give this or `tensorflowVersion`). */
  readonly pytorchVersion?: string;
  /** The TensorFlow version underneath. */
  readonly tensorflowVersion?: string;
  readonly pyVersion?: string;
}

/**
 * A framework with an AWS prebuilt container and script mode: your code runs in the framework's
 * image, as the Python SDK's framework estimators and processors run it.
 */
export type FrameworkSpec = SKLearnFramework | XGBoostFramework | PyTorchFramework | TensorFlowFramework | MXNetFramework | HuggingFaceFramework;

/** @internal The keys of a framework spec, for the run-time check of option keys. */
export const FRAMEWORK_OPTIONS = optionShape<FrameworkSpec>({ name: true, version: true, pyVersion: true, pytorchVersion: true, tensorflowVersion: true });

/** The frameworks with script mode. */
export type ScriptModeFramework = FrameworkSpec["name"];

const FRAMEWORKS: readonly ScriptModeFramework[] = ["sklearn", "xgboost", "pytorch", "tensorflow", "mxnet", "huggingface"];

/** Checks a framework spec from untyped code: a `SagepipeError` naming the step and the fault. */
export function checkFramework(step: string, spec: FrameworkSpec): void {
  if (typeof spec !== "object" || spec === null || !FRAMEWORKS.includes(spec.name)) {
    throw new SagepipeError(
      "invalid-framework",
      `step "${step}": framework.name must be one of ${FRAMEWORKS.join(", ")}, got ${JSON.stringify((spec as { name?: unknown } | null)?.name ?? spec)}`,
    );
  }
  const version: unknown = spec.version;
  if (typeof version !== "string" || version === "") {
    throw new SagepipeError("invalid-framework", `step "${step}": framework.version is required (a ${spec.name} version, e.g. ${example(spec.name)})`);
  }
  if (spec.name === "huggingface" && (spec.pytorchVersion === undefined) === (spec.tensorflowVersion === undefined)) {
    throw new SagepipeError("invalid-framework", `step "${step}": a huggingface framework needs exactly one of pytorchVersion and tensorflowVersion`);
  }
  if (spec.name === "huggingface") {
    const base = spec.pytorchVersion ?? spec.tensorflowVersion ?? "";
    // the SDK's HuggingFace._validate_args: both versions full or both shortened
    if (base.split(".").length !== spec.version.split(".").length) {
      throw new SagepipeError(
        "invalid-framework",
        `step "${step}": give the transformers version and the ${spec.pytorchVersion === undefined ? "TensorFlow" : "PyTorch"} version both in full ("4.28.1", "2.0.0") or both shortened ("4.28", "2.0"), as the Python SDK requires`,
      );
    }
  }
}

const example = (name: ScriptModeFramework) =>
  ({ sklearn: '"1.2-1"', xgboost: '"1.7-1"', pytorch: '"2.3"', tensorflow: '"2.16"', mxnet: '"1.9"', huggingface: '"4.28"' })[name];

/** The literal value of an option, or undefined when it is a pipeline value (known only when the run starts). */
export const literal = <T>(value: Value<T> | undefined): T | undefined => (value instanceof PipelineValue ? undefined : (value as T | undefined));

/** What picks a framework's training or processing image besides the framework itself. */
export interface FrameworkImageRequest {
  readonly step: string;
  /** `training` (estimators and framework processors) or `inference` (models). */
  readonly scope: "training" | "inference";
  readonly instanceType: Value<string> | undefined;
  /** smdistributed is on: old GPU images get their CUDA 11 container (the SDK's auto-selection). */
  readonly smdistributed?: boolean;
  /** smdistributed model parallelism with torch_distributed: the `pytorch-smp` image. */
  readonly modelParallel?: boolean;
  /** The SageMaker Training Compiler is not offered; kept for the HF GPU container rule. */
}

/**
 * The image of a framework step, looked up for the pipeline's region when it compiles — as the
 * Python SDK's estimators (`get_training_image_uri`) and models look it up.
 */
export class FrameworkImage extends Deferred {
  constructor(
    readonly spec: FrameworkSpec,
    readonly request: FrameworkImageRequest,
  ) {
    super();
    Object.freeze(this);
  }

  resolve(context: DeferredContext): string {
    return frameworkImageUri(this.spec, this.request, needRegion(context, `the ${this.spec.name} image of step "${this.request.step}"`));
  }
}

/** The image URI for a framework step in a region: an `ImageUriError` that names the step otherwise. */
export function frameworkImageUri(spec: FrameworkSpec, request: FrameworkImageRequest, region: string): string {
  const instanceType = literal(request.instanceType);
  let options: ImageUriOptions<ImageFramework> = {
    framework: spec.name,
    region,
    version: spec.version as ImageVersions[ImageFramework],
    scope: request.scope,
    ...(spec.pyVersion === undefined ? {} : { pyVersion: spec.pyVersion }),
    ...(instanceType === undefined ? {} : { instanceType }),
    ...(request.smdistributed === true ? { smdistributed: true } : {}),
  };
  if (spec.name === "huggingface") {
    const base = spec.pytorchVersion === undefined ? `tensorflow${spec.tensorflowVersion ?? ""}` : `pytorch${spec.pytorchVersion}`;
    options = { ...options, baseFrameworkVersion: base };
    // the SDK's get_training_image_uri: Hugging Face training on GPU takes the cu110-ubuntu18.04
    // container, unless the table fixes one
    if (request.scope === "training" && instanceType !== undefined && isGpu(instanceType)) options = { ...options, containerVersion: "cu110-ubuntu18.04" };
  }
  if (spec.name === "pytorch" && request.modelParallel === true) {
    // the SDK's get_training_image_uri: smdistributed model parallelism with torch_distributed runs
    // the pytorch-smp image, whose CUDA version goes with the PyTorch version
    const containerVersion = ["2.5"].some((v) => spec.version.includes(v))
      ? "cu124"
      : (instanceType ?? "").includes("p5") || ["2.1", "2.2", "2.3", "2.4"].some((v) => spec.version.includes(v))
        ? "cu121"
        : "cu118";
    options = { ...options, framework: "pytorch-smp", containerVersion };
  }
  if (instanceType === undefined && request.instanceType !== undefined) {
    // a parameter: the image cannot follow it; fine when the image has one processor type only
    try {
      return imageUri(options);
    } catch (error) {
      if (error instanceof ImageUriError && error.option === "instanceType") {
        throw new ImageUriError(
          "instanceType",
          error.valid,
          `step "${request.step}": its instanceType is a pipeline value, so the ${spec.name} image (CPU or GPU) cannot be chosen when compiling: give a literal instanceType, or the image itself with image: imageUri({...})`,
        );
      }
      throw withStep(request.step, error);
    }
  }
  try {
    return imageUri(options);
  } catch (error) {
    throw withStep(request.step, error);
  }
}

function withStep(step: string, error: unknown): unknown {
  if (!(error instanceof ImageUriError)) return error;
  return new ImageUriError(error.option, error.valid, `step "${step}": ${error.message}`);
}

/** A GPU instance type (`ml.p*`, `ml.g*`, `local_gpu`), as the SDK's `_is_gpu_instance`. */
export function isGpu(instanceType: string): boolean {
  const family = instanceFamily(instanceType);
  return family.startsWith("p") || family.startsWith("g") || instanceType === "local_gpu";
}

/** A Trainium instance type (`ml.trn*`). */
export function isTrainium(instanceType: string): boolean {
  return instanceFamily(instanceType).startsWith("trn");
}

/**
 * The image of a SageMaker tool (`model-monitor`, `clarify`) for the pipeline's region, looked up
 * when compiling: what the Python SDK's `ModelMonitor` and `SageMakerClarifyProcessor` pick.
 */
export class ToolImage extends Deferred {
  constructor(
    readonly framework: "model-monitor" | "clarify",
    readonly step: string,
  ) {
    super();
    Object.freeze(this);
  }

  resolve(context: DeferredContext): string {
    const region = needRegion(context, `the ${this.framework} image of step "${this.step}" (or give its image)`);
    try {
      return imageUri({ framework: this.framework, region });
    } catch (error) {
      throw withStep(this.step, error);
    }
  }
}
