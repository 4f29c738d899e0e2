import { Deferred, type DeferredContext } from "../../compile/deferred.js";
import { SagepipeError } from "../../errors.js";
import { GetValue, type PipelineValue } from "../../model/expressions.js";
import { optionShape } from "../../options.js";
import { isGpu, isTrainium, literal, type FrameworkSpec } from "./frameworks.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/**
 * How a script-mode training job is distributed — the Python SDK's `distribution` dictionary, with
 * camelCase names: `{ torchDistributed: { enabled: true } }` is `{"torch_distributed": {"enabled": True}}`.
 * Which strategies a framework takes is in its training options' type.
 */
export interface DistributionOptions {
  /** PyTorch and Hugging Face: `torchrun` (GPU, and Trainium). */
  readonly torchDistributed?: { readonly enabled: boolean };
  /** PyTorch: SageMaker's PyTorch DDP, run as smdistributed data parallelism (as the SDK rewrites it). */
  readonly pytorchddp?: { readonly enabled: boolean; readonly customMpiOptions?: string };
  /** PyTorch, TensorFlow, Hugging Face: the SageMaker distributed libraries; one strategy at a time. */
  readonly smdistributed?: {
    readonly dataparallel?: { readonly enabled: boolean; readonly customMpiOptions?: string };
    readonly modelparallel?: { readonly enabled: boolean; readonly parameters?: { readonly [key: string]: unknown } };
  };
  /** Open MPI (Horovod). */
  readonly mpi?: { readonly enabled: boolean; readonly processesPerHost?: number; readonly customMpiOptions?: string };
  /** TensorFlow and MXNet: parameter servers. */
  readonly parameterServer?: { readonly enabled: boolean };
  /** TensorFlow 2.9 and later: `MultiWorkerMirroredStrategy`. */
  readonly multiWorkerMirroredStrategy?: { readonly enabled: boolean };
}

type Strategy<K extends keyof DistributionOptions> = NonNullable<DistributionOptions[K]>;
type SmStrategy<K extends keyof Strategy<"smdistributed">> = NonNullable<Strategy<"smdistributed">[K]>;
const ENABLED_ONLY = { object: optionShape<Strategy<"torchDistributed">>({ enabled: true }) };

/** @internal The keys of the distribution options, for the run-time check of option keys. */
export const DISTRIBUTION_OPTIONS = optionShape<DistributionOptions>(
  { torchDistributed: true, pytorchddp: true, smdistributed: true, mpi: true, parameterServer: true, multiWorkerMirroredStrategy: true },
  {
    torchDistributed: ENABLED_ONLY,
    parameterServer: ENABLED_ONLY,
    multiWorkerMirroredStrategy: ENABLED_ONLY,
    pytorchddp: { object: optionShape<Strategy<"pytorchddp">>({ enabled: true, customMpiOptions: true }) },
    mpi: { object: optionShape<Strategy<"mpi">>({ enabled: true, processesPerHost: true, customMpiOptions: true }) },
    smdistributed: {
      object: optionShape<Strategy<"smdistributed">>(
        { dataparallel: true, modelparallel: true },
        {
          dataparallel: { object: optionShape<SmStrategy<"dataparallel">>({ enabled: true, customMpiOptions: true }) },
          modelparallel: { object: optionShape<SmStrategy<"modelparallel">>({ enabled: true, parameters: "map" }) },
        },
      ),
    },
  },
);

/** The strategies each framework's estimator takes in the Python SDK. */
export const DISTRIBUTIONS = {
  sklearn: [],
  xgboost: [],
  pytorch: ["torchDistributed", "pytorchddp", "smdistributed", "mpi", "parameterServer"],
  tensorflow: ["parameterServer", "mpi", "smdistributed", "multiWorkerMirroredStrategy"],
  mxnet: ["parameterServer", "mpi"],
  huggingface: ["torchDistributed", "pytorchddp", "smdistributed", "mpi"],
} as const satisfies Record<FrameworkSpec["name"], readonly (keyof DistributionOptions)[]>;

// Facts from the Python SDK v2.257.6, sagemaker/fw_utils.py: the framework versions that support a strategy.
const SM_DATAPARALLEL_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  tensorflow: ["2.3", "2.3.1", "2.3.2", "2.4", "2.4.1", "2.4.3", "2.5", "2.5.0", "2.5.1", "2.6", "2.6.0", "2.6.2", "2.6.3", "2.7", "2.7.1", "2.8", "2.8.0", "2.9", "2.9.1", "2.9.2", "2.10", "2.10.1", "2.11", "2.11.0"],
  pytorch: ["1.6", "1.6.0", "1.7", "1.7.1", "1.8", "1.8.0", "1.8.1", "1.9", "1.9.0", "1.9.1", "1.10", "1.10.0", "1.10.2", "1.11", "1.11.0", "1.12", "1.12.0", "1.12.1", "1.13.1", "2.0.0", "2.0.1", "2.1.0", "2.1.2", "2.2.0"],
};
const TORCH_DISTRIBUTED_GPU_VERSIONS = ["1.13.1", "2.0.0", "2.0.1", "2.1.0", "2.1.2", "2.2.0", "2.3.0", "2.3.1", "2.4.1", "2.5.1", "2.6.0", "2.7.1", "2.8.0"];
const TORCH_DISTRIBUTED_TRAINIUM_VERSIONS = ["1.11", "1.11.0", "1.12", "1.12.0", "1.12.1", "1.13.1", "2.0.0"];
/** Framework.UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM (estimator.py): images smdistributed does not run in without torch_distributed. */
const UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM = ["2.0.1-gpu-py310-cu121"];
const P5_MESSAGE = "smdistributed data and model parallelism do not run on p5 instances without torchDistributed";

/**
 * `sagemaker_instance_type` from a String parameter, checked when compiling as the SDK checks it
 * (Framework._distribution_configuration: `"p5.48xlarge" in instance_type.default_value`).
 */
class P5ParameterCheck extends Deferred {
  constructor(
    readonly step: string,
    readonly parameter: GetValue<unknown>,
  ) {
    super();
    Object.freeze(this);
  }

  resolve(context: DeferredContext): unknown {
    const fallback = context.parameterDefault(this.parameter.reference.slice("Parameters.".length));
    if (typeof fallback === "string" && fallback.includes("p5.48xlarge")) {
      throw new SagepipeError("invalid-distribution", `step "${this.step}": ${P5_MESSAGE} (its instanceType parameter defaults to ${fallback})`);
    }
    return this.parameter;
  }
}

/** A hyperparameter value before JSON encoding: a literal, or a pipeline value kept as it is. */
export type HyperparameterValue = unknown;

interface DistributionContext {
  readonly step: string;
  readonly framework: FrameworkSpec;
  readonly instanceType: Value<string>;
  /** Set when the user gives the image: the SDK then skips the framework-version checks. */
  readonly image: boolean;
  /** The image the user gave, when it is a literal (the SDK checks it against UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM). */
  readonly imageUri?: string;
  readonly entryPoint: string | PipelineValue<string>;
}

const fail = (context: DistributionContext, message: string): never => {
  throw new SagepipeError("invalid-distribution", `step "${context.step}": ${message}`);
};

/**
 * Validates `distribution` as the Python SDK's estimators do (`validate_distribution`,
 * `validate_smdistributed`, `validate_torch_distributed_distribution`, MXNet's and TensorFlow's own
 * checks) and returns the hyperparameters it adds, before JSON encoding, in the SDK's order.
 */
export function distributionHyperparameters(context: DistributionContext, distribution: DistributionOptions): [string, HyperparameterValue][] {
  const { framework } = context;
  const allowed: readonly string[] = DISTRIBUTIONS[framework.name];
  const given = Object.keys(distribution).filter((key) => (distribution as Record<string, unknown>)[key] !== undefined) as (keyof DistributionOptions)[];
  for (const key of given) {
    if (!allowed.includes(key)) {
      fail(context, `${framework.name} training takes no distribution "${key}"${allowed.length === 0 ? "" : ` (it takes ${allowed.join(", ")})`}`);
    }
  }
  const instanceType = literal(context.instanceType);
  let strategies: DistributionOptions = distribution;

  if (framework.name === "pytorch" && distribution.pytorchddp !== undefined) {
    // the SDK rewrites pytorchddp into smdistributed data parallelism
    if (distribution.smdistributed !== undefined) fail(context, "give pytorchddp or smdistributed, not both");
    const { pytorchddp, ...rest } = distribution;
    strategies = { ...rest, smdistributed: { dataparallel: pytorchddp } };
  }

  // validate_distribution_for_instance_type: Trainium takes torch_distributed only
  if (instanceType !== undefined && isTrainium(instanceType)) {
    const keys = Object.keys(strategies).filter((key) => (strategies as Record<string, unknown>)[key] !== undefined);
    if (keys.length > 1) fail(context, `Trainium instances (${instanceType}) take one distribution strategy, torchDistributed`);
    if (keys.length === 1 && keys[0] !== "torchDistributed") fail(context, `Trainium instances (${instanceType}) take only the torchDistributed strategy, not ${keys[0]}`);
  }

  const smdistributed = strategies.smdistributed;
  if (smdistributed !== undefined) validateSmdistributed(context, smdistributed, instanceType);
  if (strategies.torchDistributed?.enabled === true && (framework.name === "pytorch" || framework.name === "huggingface")) {
    validateTorchDistributed(context, instanceType);
  }
  if (framework.name === "mxnet" && given.length > 0 && versionBelow(framework.version, [1, 3])) {
    fail(context, `the distribution option is valid for MXNet 1.3 and later, not ${framework.version}`);
  }

  const out: [string, HyperparameterValue][] = [];
  const torchDistributed = strategies.torchDistributed?.enabled ?? false;
  if (framework.name === "mxnet") {
    if (strategies.parameterServer !== undefined) out.push(["sagemaker_parameter_server_enabled", strategies.parameterServer.enabled]);
    if (strategies.mpi !== undefined) {
      out.push(["sagemaker_mpi_enabled", strategies.mpi.enabled]);
      if (strategies.mpi.processesPerHost !== undefined && strategies.mpi.processesPerHost !== 0) {
        out.push(["sagemaker_mpi_num_of_processes_per_host", strategies.mpi.processesPerHost], ["sagemaker_mpi_custom_mpi_options", strategies.mpi.customMpiOptions ?? ""]);
      }
    }
    return out;
  }
  if ((framework.name === "pytorch" || framework.name === "huggingface") && (torchDistributed || (framework.name === "huggingface" && distribution.pytorchddp?.enabled === true))) {
    if (framework.name === "huggingface" && distribution.pytorchddp?.enabled === true) {
      out.push(["sagemaker_pytorch_ddp_enabled", true]);
    } else {
      if (framework.name === "pytorch" && smdistributed !== undefined) out.push(...generic(context, strategies, instanceType));
      out.push(["sagemaker_torch_distributed_enabled", true]);
    }
    if (context.instanceType !== undefined) out.push(["sagemaker_instance_type", context.instanceType]);
    return out;
  }
  return [...out, ...generic(context, strategies, instanceType)];
}

/** The SDK's `Framework._distribution_configuration`: the strategies every framework shares. */
function generic(context: DistributionContext, strategies: DistributionOptions, instanceType: string | undefined): [string, HyperparameterValue][] {
  const out: [string, HyperparameterValue][] = [];
  if (strategies.parameterServer !== undefined) out.push(["sagemaker_parameter_server_enabled", strategies.parameterServer.enabled]);
  if (strategies.mpi !== undefined) {
    out.push(["sagemaker_mpi_enabled", strategies.mpi.enabled]);
    if (strategies.mpi.processesPerHost !== undefined && strategies.mpi.processesPerHost !== 0) out.push(["sagemaker_mpi_num_of_processes_per_host", strategies.mpi.processesPerHost]);
    out.push(["sagemaker_mpi_custom_mpi_options", strategies.mpi.customMpiOptions ?? ""]);
  }
  const smdistributed = strategies.smdistributed;
  if (smdistributed !== undefined) {
    const modelParallel = smdistributed.modelparallel;
    // get_mp_parameters: the key only when model parallelism is on and has parameters (an empty dict is falsy)
    if (modelParallel?.enabled === true) {
      const parameters = checkModelParallel(context, modelParallel.parameters ?? {});
      if (Object.keys(parameters).length > 0) out.push(["mp_parameters", parameters]);
    }
    const torchDistributed = strategies.torchDistributed?.enabled ?? false;
    // Framework._distribution_configuration: DLC images where smdistributed does not work without torch_distributed
    const unsupported = UNSUPPORTED_DLC_IMAGE_FOR_SM_PARALLELISM.find((tag) => context.imageUri?.includes(tag) === true);
    if (unsupported !== undefined && !torchDistributed) {
      fail(context, `smdistributed does not work with the image ${context.imageUri ?? ""} (its CUDA is newer than 11), as the SDK says; use torchDistributed or another image`);
    }
    if (!torchDistributed && instanceType?.includes("p5.48xlarge") === true) fail(context, P5_MESSAGE);
    const dataParallel = smdistributed.dataparallel?.enabled ?? false;
    // a String parameter: the SDK checks its default value for p5 (checked when compiling, where the default is known)
    const parameter = context.instanceType instanceof GetValue && context.instanceType.reference.startsWith("Parameters.") ? context.instanceType : undefined;
    const instanceValue = !torchDistributed && parameter !== undefined ? new P5ParameterCheck(context.step, parameter) : context.instanceType;
    out.push(["sagemaker_distributed_dataparallel_enabled", dataParallel], ["sagemaker_instance_type", instanceValue]);
    if (dataParallel) out.push(["sagemaker_distributed_dataparallel_custom_mpi_options", smdistributed.dataparallel?.customMpiOptions ?? ""]);
  }
  if (strategies.multiWorkerMirroredStrategy !== undefined) {
    const enabled = strategies.multiWorkerMirroredStrategy.enabled;
    if (enabled) {
      if (context.framework.name !== "tensorflow") fail(context, "multiWorkerMirroredStrategy is for TensorFlow only");
      if (versionBelow(context.framework.version, [2, 9])) fail(context, `multiWorkerMirroredStrategy needs TensorFlow 2.9 or later, not ${context.framework.version}`);
      if (strategies.smdistributed !== undefined || strategies.parameterServer !== undefined) {
        fail(context, "multiWorkerMirroredStrategy does not combine with smdistributed or parameterServer");
      }
    }
    out.push(["sagemaker_multi_worker_mirrored_strategy_enabled", enabled]);
  }
  return out;
}

/** The SDK's `validate_smdistributed` and `_validate_smdataparallel_args`. */
function validateSmdistributed(context: DistributionContext, smdistributed: NonNullable<DistributionOptions["smdistributed"]>, instanceType: string | undefined): void {
  const strategies = Object.keys(smdistributed).filter((key) => (smdistributed as Record<string, unknown>)[key] !== undefined);
  for (const strategy of strategies) {
    if (strategy !== "dataparallel" && strategy !== "modelparallel") fail(context, `smdistributed takes dataparallel or modelparallel, not "${strategy}"`);
  }
  if (strategies.length > 1) fail(context, "smdistributed takes one strategy at a time: dataparallel or modelparallel");
  if (context.instanceType !== undefined && instanceType === undefined) return; // a pipeline value: validate_smdistributed checks nothing more
  if (smdistributed.dataparallel?.enabled === true && !context.image) {
    const name = context.framework.name === "huggingface" ? (context.framework.pytorchVersion === undefined ? "tensorflow" : "pytorch") : context.framework.name;
    const version = context.framework.name === "huggingface" ? (context.framework.pytorchVersion ?? context.framework.tensorflowVersion ?? "") : context.framework.version;
    const supported = SM_DATAPARALLEL_VERSIONS[name] ?? [];
    if (!supported.includes(version)) {
      fail(context, `smdistributed dataparallel does not support ${name} ${version}; supported: ${supported.join(", ")}`);
    }
    const py = context.framework.pyVersion;
    if (py !== undefined && !py.includes("py3")) fail(context, `smdistributed dataparallel needs Python 3, not ${py}`);
  }
}

/** The SDK's `validate_torch_distributed_distribution`. */
function validateTorchDistributed(context: DistributionContext, instanceType: string | undefined): void {
  const errors: string[] = [];
  if (!context.image) {
    const py = context.framework.pyVersion;
    if (py !== undefined && !py.includes("py3")) errors.push(`torchDistributed needs Python 3, not ${py}`);
    const version = context.framework.name === "huggingface" ? (context.framework.pytorchVersion ?? "") : context.framework.version;
    if (instanceType === undefined && context.instanceType !== undefined) {
      // _is_gpu_instance and _is_trainium_instance are false for a pipeline variable
      errors.push("torchDistributed needs a literal instanceType (GPU or Trainium): the SDK refuses a pipeline parameter here, which it cannot check");
    } else if (instanceType !== undefined) {
      if (isGpu(instanceType)) {
        if (!TORCH_DISTRIBUTED_GPU_VERSIONS.includes(version)) {
          errors.push(`torchDistributed on ${instanceType} does not support PyTorch ${version}; supported: ${TORCH_DISTRIBUTED_GPU_VERSIONS.join(", ")}`);
        }
      } else if (isTrainium(instanceType)) {
        if (!TORCH_DISTRIBUTED_TRAINIUM_VERSIONS.includes(version)) {
          errors.push(`torchDistributed on ${instanceType} does not support PyTorch ${version}; supported: ${TORCH_DISTRIBUTED_TRAINIUM_VERSIONS.join(", ")}`);
        }
      } else {
        errors.push(`torchDistributed runs on GPU and Trainium instances only, not ${instanceType}`);
      }
    }
  }
  if (typeof context.entryPoint === "string" && !context.entryPoint.endsWith(".py")) errors.push(`torchDistributed runs Python programs (*.py) only, not ${context.entryPoint}`);
  if (errors.length > 0) fail(context, errors.join("; "));
}

/** The SDK's `validate_mp_config`: the model parallelism parameters it rejects. */
function checkModelParallel(context: DistributionContext, parameters: { readonly [key: string]: unknown }): { readonly [key: string]: unknown } {
  const oneOf = (key: string, values: readonly unknown[]) => {
    if (key in parameters && !values.includes(parameters[key])) fail(context, `smdistributed modelparallel parameter ${key} must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`);
  };
  oneOf("pipeline", ["simple", "interleaved", "_only_forward"]);
  oneOf("placement_strategy", ["spread", "cluster"]);
  oneOf("optimize", ["speed", "memory"]);
  for (const key of ["microbatches", "partitions", "active_microbatches"]) {
    const value = parameters[key];
    if (key in parameters && (typeof value !== "number" || !Number.isInteger(value) || value < 1)) fail(context, `smdistributed modelparallel parameter ${key} must be a positive integer`);
  }
  for (const key of ["auto_partition", "contiguous", "load_partition", "horovod", "ddp", "deterministic_server"]) oneOf(key, [true, false]);
  if ("partition_file" in parameters && typeof parameters.partition_file !== "string") fail(context, "smdistributed modelparallel parameter partition_file must be a string");
  if (parameters.auto_partition === false && !("default_partition" in parameters)) fail(context, "smdistributed modelparallel needs default_partition when auto_partition is false");
  if ("default_partition" in parameters && (parameters.default_partition as number) >= (parameters.partitions as number)) {
    fail(context, "smdistributed modelparallel default_partition must be less than partitions");
  }
  if ("memory_weight" in parameters && ((parameters.memory_weight as number) > 1 || (parameters.memory_weight as number) < 0)) {
    fail(context, "smdistributed modelparallel memory_weight must be between 0.0 and 1.0");
  }
  if (("ddp_port" in parameters || "ddp_dist_backend" in parameters) && !("ddp" in parameters)) fail(context, "smdistributed modelparallel ddp_port and ddp_dist_backend need ddp");
  if ("ddp_port" in parameters && (typeof parameters.ddp_port !== "number" || !Number.isInteger(parameters.ddp_port) || parameters.ddp_port < 0)) {
    fail(context, `smdistributed modelparallel ddp_port ${String(parameters.ddp_port)} is not a port number`);
  }
  if (parameters.horovod === true && parameters.ddp === true) fail(context, "smdistributed modelparallel cannot enable ddp and horovod together");
  return parameters;
}

/** True when a dotted version is below `floor` (`"1.2-1"` reads as 1.2). */
function versionBelow(version: string, floor: readonly number[]): boolean {
  const parts = version.split(/[.-]/).map(Number);
  for (let i = 0; i < floor.length; i++) {
    const part = parts[i] ?? 0;
    const bound = floor[i] ?? 0;
    if (Number.isNaN(part)) return false;
    if (part !== bound) return part < bound;
  }
  return false;
}
