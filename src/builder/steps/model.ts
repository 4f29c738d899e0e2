import type { CreateModelInput } from "../../aws/sagemaker-shapes.js";
import { SagepipeError } from "../../errors.js";
import { GetValue, PipelineValue, type PipelineScalar } from "../../model/expressions.js";
import { createStepNode, type Raw, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, optionShape, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { deepMerge, stepOptionShape, stringMap } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** One container of a model: an image and, usually, the model artifact it serves. */
export interface ModelContainerOptions {
  /** The inference image URI. */
  readonly image: Value<string>;
  /** The model artifact (`model.tar.gz`) in S3, e.g. `steps.Train.modelArtifacts`. */
  readonly modelData?: Value<string>;
  /** Environment variables; non-string values are converted as the Python SDK does. @default {} */
  readonly environment?: { readonly [name: string]: Value<PipelineScalar> };
  /** The container's DNS host name in an inference pipeline. */
  readonly hostname?: Value<string>;
}

/** Options every Model step takes, whatever its containers. */
export interface ModelCommonOptions extends StepOptions {
  /** The IAM role the model's containers run as (`ExecutionRoleArn`). */
  readonly role: Value<string>;
  /** Run the containers in your VPC: its subnets and security groups. */
  readonly vpc?: { readonly subnets: readonly Value<string>[]; readonly securityGroupIds: readonly Value<string>[] };
  /** Block the containers' network access. @default not set (off) */
  readonly networkIsolation?: Value<boolean>;
  /** Resource tags: key → value. */
  readonly tags?: { readonly [key: string]: Value<string> };
  /** Any other field of the `CreateModel` request, merged over what the options produce. */
  readonly raw?: Raw<Omit<CreateModelInput, "ModelName">>;
  /** Model steps are not cached by SageMaker Pipelines. */
  readonly cache?: never;
}

/** A model with one container (`PrimaryContainer`). */
export interface SingleContainerModelOptions extends ModelCommonOptions, ModelContainerOptions {
  readonly containers?: never;
  readonly modelPackage?: never;
}

/** A model of several containers run in sequence: an inference pipeline (`Containers`). */
export interface MultiContainerModelOptions extends ModelCommonOptions {
  /** The containers, in the order a request goes through them (1–15). */
  readonly containers: readonly ModelContainerOptions[];
  readonly image?: never;
  readonly modelData?: never;
  readonly environment?: never;
  readonly hostname?: never;
  readonly modelPackage?: never;
}

/** A model made from a registered model package version (`Containers: [{ModelPackageName}]`). */
export interface ModelPackageModelOptions extends ModelCommonOptions {
  /** The model package ARN, e.g. `steps.Register.modelPackageArn`. */
  readonly modelPackage: Value<string>;
  readonly image?: never;
  readonly modelData?: never;
  readonly environment?: never;
  readonly hostname?: never;
  readonly containers?: never;
}

/**
 * What a Model step creates: one container (`image`, `modelData`, `environment`), an inference
 * pipeline (`containers`), or a model from a registered package (`modelPackage`).
 */
export type ModelOptions = SingleContainerModelOptions | MultiContainerModelOptions | ModelPackageModelOptions;

/** The handle of a Model step: its name, its properties. */
export interface ModelHandle<N extends string> extends PropertiesHandle<N, "Model"> {
  /** `{"Get": "Steps.<name>.ModelName"}`: the name SageMaker gave the model, for a Transform or EndpointConfig step. */
  readonly modelName: PipelineValue<string>;
}

const CONTAINER = optionShape<ModelContainerOptions>({ image: true, modelData: true, environment: "map", hostname: true });
const VPC = optionShape<NonNullable<ModelCommonOptions["vpc"]>>({ subnets: "list", securityGroupIds: "list" });

/** @internal The keys every Model step takes besides every step's, shared with the framework model step's list. */
export const MODEL_COMMON_KEYS = { role: true, vpc: true, networkIsolation: true, tags: "map", raw: true } as const satisfies {
  readonly [K in Exclude<keyof ModelCommonOptions, keyof StepOptions>]-?: true | "list" | "map";
};

/** @internal The VPC option's keys. */
export const VPC_OPTIONS = VPC;

/** @internal The option keys of a Model step, for the run-time check (the compiler keeps them those of `ModelOptions`). */
export const MODEL_OPTIONS: OptionShape = stepOptionShape<ModelOptions>(
  { ...MODEL_COMMON_KEYS, image: true, modelData: true, environment: "map", hostname: true, containers: "list", modelPackage: true },
  { vpc: { object: VPC }, containers: { list: CONTAINER } },
);

/**
 * A Model step (`CreateModel`): the SageMaker model a Transform or EndpointConfig step uses. The
 * service names the model; read the name with `steps.<name>.modelName`. Containers are emitted as
 * the Python SDK's `container_def` does (`Environment` always present); `raw` reaches every other
 * field of the API.
 *
 * @example
 * ```ts
 * modelStep("CreateModel", { image: XGBOOST_IMAGE, modelData: steps.Train.modelArtifacts, role })
 * // {"Name": "CreateModel", "Type": "Model", "Arguments": {"ExecutionRoleArn": "arn:…",
 * //  "PrimaryContainer": {"Image": "…", "Environment": {}, "ModelDataUrl": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}}}}
 * ```
 */
export function modelStep<const N extends string, const O extends ModelOptions>(name: N, options: ExactOptions<O, ModelOptions>): StepDefinition<N, ModelHandle<N>>;
export function modelStep(name: string, options: ModelOptions): StepDefinition<string, ModelHandle<string>> {
  checkOptions(`Model step "${name}"`, options, MODEL_OPTIONS);
  const given = [options.image !== undefined, options.containers !== undefined, options.modelPackage !== undefined].filter(Boolean).length;
  if (given !== 1) {
    throw new SagepipeError(
      "conflicting-options",
      `Model step "${name}" needs exactly one of image (one container), containers (an inference pipeline) or modelPackage (a registered model), got ${given === 0 ? "none" : "several"}`,
    );
  }
  if (options.containers !== undefined && (options.containers.length === 0 || options.containers.length > 15)) {
    throw new SagepipeError("invalid-containers", `Model step "${name}" needs 1–15 containers, got ${options.containers.length}`);
  }
  const generated = {
    ExecutionRoleArn: options.role,
    ...(options.image !== undefined
      ? { PrimaryContainer: containerDefinition(name, options as SingleContainerModelOptions) }
      : options.containers !== undefined
        ? { Containers: options.containers.map((container) => containerDefinition(name, container)) }
        : { Containers: [{ ModelPackageName: options.modelPackage }] }),
    ...(options.tags === undefined ? {} : { Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })) }),
    ...(options.vpc === undefined ? {} : { VpcConfig: { Subnets: [...options.vpc.subnets], SecurityGroupIds: [...options.vpc.securityGroupIds] } }),
    ...(options.networkIsolation === undefined || options.networkIsolation === false ? {} : { EnableNetworkIsolation: options.networkIsolation }),
  };
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const node = createStepNode(name, "Model", args, options);
  const handle = Object.freeze({
    ...propertiesHandle(name, "Model"),
    modelName: new GetValue<string>(`Steps.${name}.ModelName`, "string"),
  });
  return Object.freeze({ name, node, handle });
}

function containerDefinition(step: string, container: ModelContainerOptions) {
  return {
    ...(container.hostname === undefined ? {} : { ContainerHostname: container.hostname }),
    Image: container.image,
    Environment: stringMap(container.environment ?? {}, `Model step "${step}": environment`),
    ...(container.modelData === undefined ? {} : { ModelDataUrl: container.modelData }),
  };
}
