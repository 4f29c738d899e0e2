import type { CreateInferenceComponentInput } from "../../aws/sagemaker-shapes.js";
import { SagepipeError } from "../../errors.js";
import { GetValue, PipelineValue, type PipelineScalar } from "../../model/expressions.js";
import { createStepNode, type Raw, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import type { StepDefinition, StepHandle } from "../step-definition.js";
import { checkOptions, optionShape, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { tagList } from "./endpoint-config.js";
import { rejectRetry } from "./lambda.js";
import { deepMerge, stepOptionShape, stringMap } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** The container of an inference component that brings its own image or artifact instead of a model. */
export interface InferenceComponentContainerOptions {
  /** The inference image URI. */
  readonly image?: Value<string>;
  /** The model artifact (`model.tar.gz`) in S3, e.g. `steps.Train.modelArtifacts`; for an adapter, the adapter's weights. */
  readonly artifactUrl?: Value<string>;
  /** Environment variables; non-string values are converted as the Python SDK does. */
  readonly environment?: { readonly [name: string]: Value<PipelineScalar> };
}

/** What each copy of the component reserves on the endpoint's instances (`ComputeResourceRequirements`). */
export interface InferenceComponentComputeOptions {
  /** The memory a copy needs, in MB (at least 128). */
  readonly minMemoryMb: Value<number>;
  /** The memory a copy may use at most, in MB. */
  readonly maxMemoryMb?: Value<number>;
  /** CPU cores a copy reserves (from 0.25). */
  readonly cpuCores?: Value<number>;
  /** GPUs or other accelerators a copy reserves. */
  readonly acceleratorDevices?: Value<number>;
}

/** How long a copy may take to start (`StartupParameters`), in seconds (60–3600). */
export interface InferenceComponentStartupOptions {
  /** To download the model data. */
  readonly modelDataDownloadTimeoutSeconds?: Value<number>;
  /** For the container to pass its health check. */
  readonly healthCheckTimeoutSeconds?: Value<number>;
}

/** What an InferenceComponent step creates or updates (`CreateInferenceComponent`). */
export interface InferenceComponentOptions extends StepOptions {
  /** The component's name: the step creates it, or updates it when it exists. */
  readonly inferenceComponentName: Value<string>;
  /** The endpoint that hosts it: its name, or an Endpoint step's handle (`steps.Serve`). */
  readonly endpointName: Value<string> | StepHandle<string, "Endpoint">;
  /** The endpoint's production variant that hosts it. */
  readonly variantName?: Value<string>;
  /** The SageMaker model it serves: a name, or a Model step's handle (`steps.CreateModel`). */
  readonly modelName?: Value<string> | StepHandle<string, "Model">;
  /** A container of its own (image, artifact, environment), with or instead of a model. */
  readonly container?: InferenceComponentContainerOptions;
  /** What each copy reserves on the instances. */
  readonly computeResources?: InferenceComponentComputeOptions;
  /** Start-up timeouts of a copy. */
  readonly startup?: InferenceComponentStartupOptions;
  /**
   * For an adapter (a LoRA on a base model): the component it runs on, by name or as an
   * InferenceComponent step's handle; the adapter's weights are `container.artifactUrl`.
   */
  readonly baseInferenceComponentName?: Value<string> | StepHandle<string, "InferenceComponent">;
  /** Copies of the model to run (`RuntimeConfig.CopyCount`). Not set: not emitted, as the Python SDK's step. */
  readonly copyCount?: Value<number>;
  /** Resource tags: key → value. */
  readonly tags?: { readonly [key: string]: Value<string> };
  /** InferenceComponent steps cannot be retried by SageMaker Pipelines. */
  readonly retry?: never;
  /** InferenceComponent steps are not cached by SageMaker Pipelines. */
  readonly cache?: never;
  /**
   * Any other field of the `CreateInferenceComponent` request (`Specifications` per instance type,
   * `Specification.SchedulingConfig`, `DataCacheConfig`, ...), merged over what the options produce.
   */
  readonly raw?: Raw<Omit<CreateInferenceComponentInput, "InferenceComponentName" | "EndpointName">>;
}

/** The handle of an InferenceComponent step: its name, its properties (`DescribeInferenceComponent`). */
export interface InferenceComponentHandle<N extends string> extends PropertiesHandle<N, "InferenceComponent"> {
  /** `{"Get": "Steps.<name>.InferenceComponentName"}`: the component, e.g. the base of an adapter. */
  readonly inferenceComponentName: PipelineValue<string>;
}

/** @internal The option keys of an InferenceComponent step, for the run-time check (the compiler keeps them those of `InferenceComponentOptions`). */
export const INFERENCE_COMPONENT_OPTIONS: OptionShape = stepOptionShape<InferenceComponentOptions>(
  {
    inferenceComponentName: true,
    endpointName: true,
    variantName: true,
    modelName: true,
    container: true,
    computeResources: true,
    startup: true,
    baseInferenceComponentName: true,
    copyCount: true,
    tags: "map",
    raw: true,
  },
  {
    container: { object: optionShape<InferenceComponentContainerOptions>({ image: true, artifactUrl: true, environment: "map" }) },
    computeResources: { object: optionShape<InferenceComponentComputeOptions>({ minMemoryMb: true, maxMemoryMb: true, cpuCores: true, acceleratorDevices: true }) },
    startup: { object: optionShape<InferenceComponentStartupOptions>({ modelDataDownloadTimeoutSeconds: true, healthCheckTimeoutSeconds: true }) },
  },
);

/**
 * An InferenceComponent step (`CreateInferenceComponent`): deploys a model onto an existing
 * endpoint as an inference component (the service creates it, or updates it when it exists), so
 * several models share the endpoint's instances and scale on their own. The Python SDK's
 * `InferenceComponentStep`, with the request written from options; `raw` reaches every other
 * field. Emits only what is set. It is neither retried nor cached.
 *
 * @example
 * ```ts
 * inferenceComponentStep("Deploy", {
 *   inferenceComponentName: "churn-ic", endpointName: "shared-endpoint", variantName: "AllTraffic",
 *   modelName: steps.CreateModel, computeResources: { minMemoryMb: 1024, cpuCores: 1 }, copyCount: 1,
 * })
 * // {"Name": "Deploy", "Type": "InferenceComponent", "Arguments": {"InferenceComponentName": "churn-ic", "EndpointName": "shared-endpoint", "VariantName": "AllTraffic",
 * //  "Specification": {"ModelName": {"Get": "Steps.CreateModel.ModelName"}, "ComputeResourceRequirements": {"NumberOfCpuCoresRequired": 1, "MinMemoryRequiredInMb": 1024}}, "RuntimeConfig": {"CopyCount": 1}}}
 * ```
 */
export function inferenceComponentStep<const N extends string, const O extends InferenceComponentOptions>(
  name: N,
  options: ExactOptions<O, InferenceComponentOptions>,
): StepDefinition<N, InferenceComponentHandle<N>>;
export function inferenceComponentStep(name: string, options: InferenceComponentOptions): StepDefinition<string, InferenceComponentHandle<string>> {
  const where = `InferenceComponent step "${name}"`;
  checkOptions(where, options, INFERENCE_COMPONENT_OPTIONS);
  rejectRetry("InferenceComponent", name, options);
  const endpointName = nameOf(where, "endpointName", options.endpointName, "Endpoint", "EndpointName");
  if (endpointName === undefined) {
    throw new SagepipeError("missing-option", `${where} needs endpointName: the endpoint's name, or an Endpoint step's handle (steps.<endpoint step>)`);
  }
  const modelName = nameOf(where, "modelName", options.modelName, "Model", "ModelName");
  const base = nameOf(where, "baseInferenceComponentName", options.baseInferenceComponentName, "InferenceComponent", "InferenceComponentName");
  const { container, computeResources: compute, startup } = options;
  const specification = {
    ...(modelName === undefined ? {} : { ModelName: modelName }),
    ...(container === undefined
      ? {}
      : {
          Container: {
            ...(container.image === undefined ? {} : { Image: container.image }),
            ...(container.artifactUrl === undefined ? {} : { ArtifactUrl: container.artifactUrl }),
            ...(container.environment === undefined ? {} : { Environment: stringMap(container.environment, `${where}: container.environment`) }),
          },
        }),
    ...(startup === undefined
      ? {}
      : {
          StartupParameters: {
            ...(startup.modelDataDownloadTimeoutSeconds === undefined ? {} : { ModelDataDownloadTimeoutInSeconds: startup.modelDataDownloadTimeoutSeconds }),
            ...(startup.healthCheckTimeoutSeconds === undefined ? {} : { ContainerStartupHealthCheckTimeoutInSeconds: startup.healthCheckTimeoutSeconds }),
          },
        }),
    ...(compute === undefined
      ? {}
      : {
          ComputeResourceRequirements: {
            ...(compute.cpuCores === undefined ? {} : { NumberOfCpuCoresRequired: compute.cpuCores }),
            ...(compute.acceleratorDevices === undefined ? {} : { NumberOfAcceleratorDevicesRequired: compute.acceleratorDevices }),
            MinMemoryRequiredInMb: compute.minMemoryMb,
            ...(compute.maxMemoryMb === undefined ? {} : { MaxMemoryRequiredInMb: compute.maxMemoryMb }),
          },
        }),
    ...(base === undefined ? {} : { BaseInferenceComponentName: base }),
  };
  const generated = {
    InferenceComponentName: options.inferenceComponentName,
    EndpointName: endpointName,
    ...(options.variantName === undefined ? {} : { VariantName: options.variantName }),
    ...(Object.keys(specification).length === 0 ? {} : { Specification: specification }),
    ...(options.copyCount === undefined ? {} : { RuntimeConfig: { CopyCount: options.copyCount } }),
    ...(options.tags === undefined ? {} : { Tags: tagList(options.tags) }),
  };
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const node = createStepNode(name, "InferenceComponent", args, options);
  const handle = Object.freeze({
    ...propertiesHandle(name, "InferenceComponent"),
    inferenceComponentName: new GetValue<string>(`Steps.${name}.InferenceComponentName`, "string"),
  });
  return Object.freeze({ name, node, handle });
}

/**
 * A name option that takes a name, a pipeline value, or the handle of a step of type `type` (whose
 * property `property` is the name); `undefined` when not set.
 */
function nameOf(where: string, option: string, value: unknown, type: string, property: string): Value<string> | undefined {
  if (value === undefined || typeof value === "string" || value instanceof PipelineValue) return value;
  if (typeof value === "object" && value !== null && (value as { type?: unknown }).type === type && typeof (value as { name?: unknown }).name === "string") {
    return new GetValue<string>(`Steps.${(value as { name: string }).name}.${property}`, "string");
  }
  throw new SagepipeError("invalid-option", `${where}: ${option} is a name, a pipeline value or a${/^[AEIOU]/.test(type) ? "n" : ""} ${type} step's handle (steps.<step>); got ${describeValue(value)}`);
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object" && typeof (value as { type?: unknown }).type === "string") return `the handle of a ${String((value as { type: string }).type)} step`;
  return Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}
