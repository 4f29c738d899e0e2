import { basename } from "node:path";
import { DefaultLocation } from "../../compile/assets.js";
import { Deferred, needRegion, type DeferredContext } from "../../compile/deferred.js";
import { SourceBundle, checkSourceBundle, programName, type SourceBundleOptions } from "../../compile/source-bundle.js";
import { SagepipeError } from "../../errors.js";
import { PipelineValue, type PipelineScalar } from "../../model/expressions.js";
import type { RetryOptions } from "../../model/step-node.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, optionShape, type NestedShape } from "../../options.js";
import { FRAMEWORK_OPTIONS, FrameworkImage, checkFramework, type FrameworkSpec } from "../script-mode/frameworks.js";
import { REPACK_LAUNCHER, REPACK_LAUNCHER_TEXT, REPACK_SCRIPT, REPACK_SCRIPT_TEXT } from "../script-mode/repack-script.js";
import { frameworkTrainingStep } from "./framework-training.js";
import { MODEL_COMMON_KEYS, VPC_OPTIONS, modelStep, type ModelCommonOptions, type ModelHandle } from "./model.js";
import { REGISTER_COMMON_KEYS, REGISTER_COMMON_NESTED, registerModelStep, type ModelPackageContainerOptions, type RegisterModelCommonOptions, type RegisterModelHandle } from "./register-model.js";
import { STEP_OPTIONS, stepOptionShape } from "./shared.js";
import type { TrainingHandle } from "./training.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** Settings of the repack job (the SDK's `repack_model_step_settings`). */
export interface RepackOptions {
  /** @default "ml.m5.large", as the SDK */
  readonly instanceType?: Value<string>;
  /** @default the model's role */
  readonly role?: Value<string>;
  /** @default 30 */
  readonly volumeSizeInGB?: Value<number>;
  /** Where the repacked `model.tar.gz` goes. @default `s3://<asset bucket>/<prefix>/<pipeline>/<execution id>/<repack step>/output` */
  readonly outputPath?: Value<string>;
  /** KMS key of the repacked model. */
  readonly outputKmsKey?: Value<string>;
  /** @default the model's VPC */
  readonly vpc?: { readonly subnets: readonly Value<string>[]; readonly securityGroupIds: readonly Value<string>[] };
  /** Retry policies of the repack job (the SDK's `repack_model_retry_policies`). */
  readonly retry?: readonly RetryOptions[];
  /** The scikit-learn version of the repack image. @default "1.2-1", as the SDK */
  readonly frameworkVersion?: "0.23-1" | "1.0-1" | "1.2-1" | "1.4-2";
}

/** A framework model: the model artifact and the inference code that serves it, in the framework's inference image. */
export interface FrameworkModelSource {
  /**
   * The framework and version of the inference image (looked up for the pipeline's region, scope
   * `inference`). Without it, `image` is an image of your own (the SDK's plain `Model` with an entry
   * point), whose code is repacked into the model when there is a `sourceDir`.
   */
  readonly framework?: FrameworkSpec;
  /** An image to use instead of the framework's (required without `framework`). */
  readonly image?: Value<string>;
  /** The model artifact, e.g. `steps.Train.modelArtifacts`. */
  readonly modelData: Value<string>;
  /** The inference script (`SAGEMAKER_PROGRAM`); its path inside `sourceDir` when there is one. */
  readonly entryPoint?: string;
  /** A local directory with the inference code. */
  readonly sourceDir?: string;
  /** Local files or directories the inference code needs (in the archive's root, or `code/lib/` when repacked). */
  readonly dependencies?: readonly string[];
  /** Environment variables of the container. */
  readonly environment?: { readonly [name: string]: Value<PipelineScalar> };
  /** `SAGEMAKER_CONTAINER_LOG_LEVEL` (TensorFlow: `SAGEMAKER_TFS_NGINX_LOGLEVEL`). @default 20 (TensorFlow: none) */
  readonly containerLogLevel?: 10 | 20 | 30 | 40 | 50;
  /** `SAGEMAKER_MODEL_SERVER_WORKERS`. */
  readonly modelServerWorkers?: Value<number>;
  /** The instance type the model serves on: picks the CPU or GPU inference image. */
  readonly instanceType?: string;
  /** Block the containers' network access: scikit-learn and XGBoost then repack the code into the model. */
  readonly networkIsolation?: Value<boolean>;
  /** Settings of the repack job, when the framework repacks. */
  readonly repack?: RepackOptions;
}

/** What {@link frameworkModelStep} takes: a framework model and the Model step's options. */
export interface FrameworkModelOptions extends FrameworkModelSource, Omit<ModelCommonOptions, "networkIsolation"> {}

/** What {@link registerFrameworkModelStep} takes: a framework model and the RegisterModel step's options. */
export interface RegisterFrameworkModelOptions
  extends FrameworkModelSource,
    Omit<RegisterModelCommonOptions, "tags" | "raw">,
    Pick<ModelPackageContainerOptions, "nearestModelName" | "dataInputConfig"> {
  /** The IAM role of the repack job. */
  readonly role?: Value<string>;
  /** VPC of the repack job. */
  readonly vpc?: { readonly subnets: readonly Value<string>[]; readonly securityGroupIds: readonly Value<string>[] };
  readonly tags?: RegisterModelCommonOptions["tags"];
  readonly raw?: RegisterModelCommonOptions["raw"];
}

const SOURCE_KEYS = {
  framework: true,
  image: true,
  modelData: true,
  entryPoint: true,
  sourceDir: true,
  dependencies: "list",
  environment: "map",
  containerLogLevel: true,
  modelServerWorkers: true,
  instanceType: true,
  networkIsolation: true,
  repack: true,
} as const satisfies { readonly [K in keyof FrameworkModelSource]-?: true | "list" | "map" };

const REPACK = optionShape<RepackOptions>(
  { instanceType: true, role: true, volumeSizeInGB: true, outputPath: true, outputKmsKey: true, vpc: true, retry: "list", frameworkVersion: true },
  { vpc: { object: VPC_OPTIONS }, retry: STEP_OPTIONS.nested.retry as NestedShape },
);
const SOURCE_NESTED = { framework: { object: FRAMEWORK_OPTIONS }, repack: { object: REPACK } } as const;

/** @internal The option keys of a framework Model step, for the run-time check (the compiler keeps them those of `FrameworkModelOptions`). */
export const FRAMEWORK_MODEL_OPTIONS = stepOptionShape<FrameworkModelOptions>({ ...SOURCE_KEYS, ...MODEL_COMMON_KEYS }, { ...SOURCE_NESTED, vpc: { object: VPC_OPTIONS } });

/** @internal The option keys of a framework RegisterModel step, for the run-time check (the compiler keeps them those of `RegisterFrameworkModelOptions`). */
export const REGISTER_FRAMEWORK_MODEL_OPTIONS = stepOptionShape<RegisterFrameworkModelOptions>(
  { ...SOURCE_KEYS, ...REGISTER_COMMON_KEYS, nearestModelName: true, dataInputConfig: true, role: true, vpc: true },
  { ...SOURCE_NESTED, ...REGISTER_COMMON_NESTED, vpc: { object: VPC_OPTIONS } },
);

/**
 * Steps the Python SDK adds as one (`ModelStep`): the main step's definition — its name and handle,
 * what other steps reference — and, in `steps`, every step in the order they run.
 */
export interface StepCollection<N extends string, H extends ModelHandle<N> | RegisterModelHandle<N>> extends StepDefinition<N, H> {
  /** The steps, in order: the repack job (when there is one), then the main step. */
  readonly steps: readonly StepDefinition[];
}

// The SDK's names (sagemaker/workflow/model_step.py): <name>-RepackModel-<model>, <name>-CreateModel, <name>-RegisterModel.
const REPACK_DESCRIPTION = "Used to repack a model with customer scripts for a register/create model step";

/** `SAGEMAKER_REGION`: the pipeline's region. */
class RegionEnvironment extends Deferred {
  constructor(readonly step: string) {
    super();
    Object.freeze(this);
  }

  resolve(context: DeferredContext): string {
    return needRegion(context, `the SAGEMAKER_REGION of step "${this.step}"`);
  }
}

const TF_LOG_LEVELS: Readonly<Record<number, string>> = { 10: "debug", 20: "info", 30: "warn", 40: "error", 50: "crit" };

/** Whether the SDK repacks this framework's inference code into the model archive (each model's `prepare_container_def`). */
function repacks(source: FrameworkModelSource): boolean {
  if (source.entryPoint === undefined) return false;
  const { framework } = source;
  // the SDK's Model.is_repack: a source directory and an entry point
  if (framework === undefined) return source.sourceDir !== undefined;
  const atLeast = (floor: readonly number[]) => {
    const parts = framework.version.split(/[.-]/).map(Number);
    for (let i = 0; i < floor.length; i++) {
      const part = parts[i] ?? 0;
      if (Number.isNaN(part)) return true;
      if (part !== floor[i]) return part > (floor[i] ?? 0);
    }
    return true;
  };
  switch (framework.name) {
    case "sklearn":
    case "xgboost":
      return source.networkIsolation === true || source.networkIsolation instanceof PipelineValue;
    case "pytorch":
      return atLeast([1, 2]);
    case "mxnet":
      return atLeast([1, 4, 0]);
    case "huggingface":
    case "tensorflow":
      return true;
  }
}

/** The container, and the repack step when the framework needs one. */
function frameworkContainer(
  name: string,
  repackName: string,
  source: FrameworkModelSource,
  defaults: { readonly role?: Value<string>; readonly vpc?: RepackOptions["vpc"]; readonly dependsOn?: unknown; readonly after?: unknown },
) {
  if (source.framework === undefined) {
    if (source.image === undefined) throw new SagepipeError("invalid-framework", `step "${name}": give the framework ({ name, version }) or the image of your own`);
  } else {
    checkFramework(name, source.framework);
  }
  if (source.modelData === undefined) throw new SagepipeError("invalid-model", `step "${name}": modelData is required (e.g. steps.Train.modelArtifacts)`);
  const bundle: SourceBundleOptions | undefined =
    source.entryPoint === undefined
      ? undefined
      : {
          entryPoint: source.entryPoint,
          ...(source.sourceDir === undefined ? {} : { sourceDir: source.sourceDir }),
          ...(source.dependencies === undefined ? {} : { dependencies: source.dependencies }),
        };
  if (bundle === undefined && (source.sourceDir !== undefined || (source.dependencies?.length ?? 0) > 0)) {
    throw new SagepipeError("invalid-source", `step "${name}": sourceDir and dependencies go with an entryPoint (the inference script)`);
  }
  if (bundle !== undefined) checkSourceBundle(name, bundle);
  const image =
    source.image ?? (new FrameworkImage(source.framework as FrameworkSpec, { step: name, scope: "inference", instanceType: source.instanceType }) as unknown as Value<string>);

  const environment: Record<string, unknown> = { ...(source.environment ?? {}) };
  const repack = bundle !== undefined && repacks(source);
  let repackStep: StepDefinition<string, TrainingHandle<string, never>> | undefined;
  let modelData: Value<string> = source.modelData;
  if (repack && bundle !== undefined) {
    const settings = source.repack ?? {};
    const role = settings.role ?? defaults.role;
    if (role === undefined) throw new SagepipeError("invalid-model", `step "${name}": the repack job needs a role: give role, or repack.role`);
    const vpc = settings.vpc ?? defaults.vpc;
    // the repack job's code: the inference code, and sagepipe's repack launcher and script beside it
    const code = new SourceBundle(repackName, {
      ...bundle,
      extraFiles: [
        { name: REPACK_LAUNCHER, text: REPACK_LAUNCHER_TEXT, executable: true },
        { name: REPACK_SCRIPT, text: REPACK_SCRIPT_TEXT },
      ],
    });
    repackStep = frameworkTrainingStep(repackName, {
      framework: { name: "sklearn", version: settings.frameworkVersion ?? "1.2-1" },
      role,
      instanceType: settings.instanceType ?? "ml.m5.large",
      ...(settings.volumeSizeInGB === undefined ? {} : { volumeSizeInGB: settings.volumeSizeInGB }),
      entryPoint: REPACK_LAUNCHER,
      sourceDir: code as unknown as PipelineValue<string>,
      inputs: { training: source.modelData },
      outputPath: settings.outputPath ?? (new DefaultLocation([repackName, "output"]) as unknown as Value<string>),
      hyperparameters: {
        inference_script: basename(bundle.entryPoint),
        model_archive: source.modelData as never,
        dependencies: bundle.dependencies === undefined || bundle.dependencies.length === 0 ? null : bundle.dependencies.map((d) => basename(d)).join(" "),
        source_dir: bundle.sourceDir ?? null,
      },
      description: REPACK_DESCRIPTION,
      ...(settings.retry === undefined ? {} : { retry: settings.retry }),
      ...(defaults.dependsOn === undefined ? {} : { dependsOn: defaults.dependsOn as never }),
      ...(defaults.after === undefined ? {} : { after: defaults.after as never }),
      raw: {
        ...(settings.outputKmsKey === undefined ? {} : { OutputDataConfig: { KmsKeyId: settings.outputKmsKey } }),
        ...(vpc === undefined ? {} : { VpcConfig: { Subnets: [...vpc.subnets], SecurityGroupIds: [...vpc.securityGroupIds] } }),
      },
    } as never) as unknown as StepDefinition<string, TrainingHandle<string, never>>;
    modelData = repackStep.handle.modelArtifacts;
  }

  if (source.framework?.name === "tensorflow") {
    // TensorFlow Serving: no script-mode variables; the log level is nginx's
    if (source.containerLogLevel !== undefined) environment.SAGEMAKER_TFS_NGINX_LOGLEVEL = TF_LOG_LEVELS[source.containerLogLevel];
  } else if (bundle !== undefined) {
    environment.SAGEMAKER_PROGRAM = repack ? basename(bundle.entryPoint) : programName(bundle);
    // Model._script_mode_env_vars: repacked, or with network isolation (a pipeline value counts as on), the code is in the model
    const isolated = source.networkIsolation === true || source.networkIsolation instanceof PipelineValue;
    environment.SAGEMAKER_SUBMIT_DIRECTORY = repack || isolated ? "/opt/ml/model/code" : new SourceBundle(name, bundle);
    environment.SAGEMAKER_CONTAINER_LOG_LEVEL = String(source.containerLogLevel ?? 20);
    environment.SAGEMAKER_REGION = new RegionEnvironment(name);
  }
  if (source.modelServerWorkers !== undefined) environment.SAGEMAKER_MODEL_SERVER_WORKERS = source.modelServerWorkers;
  return {
    container: { image, modelData, environment: environment as { readonly [name: string]: Value<PipelineScalar> } },
    repackStep,
  };
}

/**
 * A Model step for a framework model with inference code — the Python SDK's `ModelStep` with
 * `SKLearnModel`, `XGBoostModel`, `PyTorchModel`, `TensorFlowModel`, `MXNetModel` or
 * `HuggingFaceModel(...).create()`: the step `<name>-CreateModel`, and before it, where the SDK
 * repacks the code into the model archive (PyTorch 1.2+, MXNet 1.4+, Hugging Face, TensorFlow,
 * scikit-learn and XGBoost with network isolation), the training job `<name>-RepackModel-0` that
 * does it. The container's environment has `SAGEMAKER_PROGRAM`, `SAGEMAKER_SUBMIT_DIRECTORY`,
 * `SAGEMAKER_CONTAINER_LOG_LEVEL` and `SAGEMAKER_REGION`, as the SDK's.
 *
 * @example
 * ```ts
 * .add(({ steps }) => frameworkModelStep("ChurnModel", {
 *   framework: { name: "pytorch", version: "2.3", pyVersion: "py311" }, instanceType: "ml.m5.xlarge",
 *   modelData: steps.Train.modelArtifacts, entryPoint: "inference.py", sourceDir: "./serve", role,
 * }))
 * // steps ChurnModel-RepackModel-0 (Training) and ChurnModel-CreateModel (Model); steps["ChurnModel-CreateModel"].modelName
 * ```
 */
export function frameworkModelStep<const N extends string>(name: N, options: FrameworkModelOptions): StepCollection<`${N}-CreateModel`, ModelHandle<`${N}-CreateModel`>> {
  checkOptions(`Framework model step "${name}"`, options, FRAMEWORK_MODEL_OPTIONS);
  const { framework: _f, image: _i, modelData: _m, entryPoint: _e, sourceDir: _s, dependencies: _d, environment: _env, containerLogLevel: _c, modelServerWorkers: _w, instanceType: _t, networkIsolation, repack: _r, ...model } = options;
  const mainName = `${name}-CreateModel` as const;
  const { container, repackStep } = frameworkContainer(mainName, `${name}-RepackModel-0`, options, { role: options.role, vpc: options.vpc, dependsOn: options.dependsOn, after: options.after });
  const main = modelStep(mainName, {
    ...model,
    // after a repack job, the model step follows it (through the repacked model); the job takes the ordering
    ...(repackStep === undefined ? {} : { dependsOn: undefined, after: undefined }),
    ...(networkIsolation === undefined ? {} : { networkIsolation }),
    image: container.image,
    modelData: container.modelData,
    environment: container.environment,
  } as never);
  return collection(main, repackStep) as StepCollection<`${N}-CreateModel`, ModelHandle<`${N}-CreateModel`>>;
}

/**
 * A RegisterModel step for a framework model with inference code — the Python SDK's `ModelStep`
 * with `model.register(...)`: the step `<name>-RegisterModel`, after the repack job
 * `<name>-RepackModel-0` where the SDK repacks (see {@link frameworkModelStep}).
 *
 * @example
 * ```ts
 * .add(({ steps }) => registerFrameworkModelStep("Register", {
 *   framework: { name: "sklearn", version: "1.2-1" }, modelData: steps.Train.modelArtifacts,
 *   entryPoint: "inference.py", modelPackageGroup: "churn", contentTypes: ["text/csv"],
 * }))
 * // steps["Register-RegisterModel"].modelPackageArn
 * ```
 */
export function registerFrameworkModelStep<const N extends string>(
  name: N,
  options: RegisterFrameworkModelOptions,
): StepCollection<`${N}-RegisterModel`, RegisterModelHandle<`${N}-RegisterModel`>> {
  checkOptions(`Framework model step "${name}"`, options, REGISTER_FRAMEWORK_MODEL_OPTIONS);
  const { framework: _f, image: _i, modelData: _m, entryPoint: _e, sourceDir: _s, dependencies: _d, environment: _env, containerLogLevel: _c, modelServerWorkers: _w, instanceType: _t, networkIsolation: _n, repack: _r, role: _role, vpc: _vpc, nearestModelName, dataInputConfig, ...register } = options;
  const mainName = `${name}-RegisterModel` as const;
  const { container, repackStep } = frameworkContainer(mainName, `${name}-RepackModel-0`, options, { ...(options.role === undefined ? {} : { role: options.role }), ...(options.vpc === undefined ? {} : { vpc: options.vpc }), dependsOn: options.dependsOn, after: options.after });
  const main = registerModelStep(mainName, {
    ...register,
    // after a repack job, the model step follows it (through the repacked model); the job takes the ordering
    ...(repackStep === undefined ? {} : { dependsOn: undefined, after: undefined }),
    image: container.image,
    modelData: container.modelData,
    environment: container.environment,
    ...(nearestModelName === undefined ? {} : { nearestModelName }),
    ...(dataInputConfig === undefined ? {} : { dataInputConfig }),
  } as never);
  return collection(main, repackStep) as unknown as StepCollection<`${N}-RegisterModel`, RegisterModelHandle<`${N}-RegisterModel`>>;
}

function collection(main: StepDefinition, repackStep: StepDefinition | undefined): StepCollection<string, ModelHandle<string>> {
  return Object.freeze({ ...main, steps: Object.freeze(repackStep === undefined ? [main] : [repackStep, main]) }) as unknown as StepCollection<string, ModelHandle<string>>;
}
