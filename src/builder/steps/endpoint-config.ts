import type { CreateEndpointConfigInput } from "../../aws/sagemaker-shapes.js";
import { SagepipeError } from "../../errors.js";
import { execution, join } from "../../model/functions.js";
import { GetValue, type PipelineValue } from "../../model/expressions.js";
import { createStepNode, type Raw, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, optionShape, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { deepMerge, stepOptionShape } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** One production variant: a model served by the endpoint, on instances or serverless. */
export interface VariantOptions {
  /** The SageMaker model to serve, e.g. `steps.CreateModel.properties.ModelName`. */
  readonly modelName: Value<string>;
  /** e.g. `"ml.m5.large"`; required unless `serverless` is set. */
  readonly instanceType?: Value<string>;
  /** @default 1 (not emitted for a serverless variant) */
  readonly initialInstanceCount?: Value<number>;
  /** @default "AllTraffic", as the Python SDK */
  readonly variantName?: Value<string>;
  /** The variant's share of traffic relative to the others. @default 1 */
  readonly initialVariantWeight?: Value<number>;
  /** Serve without instances: memory (1024–6144 MB, in 1 GB steps) and concurrent invocations (1–200). */
  readonly serverless?: { readonly memorySizeInMB: Value<number>; readonly maxConcurrency: Value<number> };
}

/** What an EndpointConfig step creates. */
export interface EndpointConfigOptions extends StepOptions {
  /**
   * The endpoint configuration's name: unique in the account and region, so a name that changes
   * each run lets the same endpoint be updated run after run.
   * @default `{"Std:Join": {"On": "-", "Values": ["<step name>", {"Get": "Execution.PipelineExecutionId"}]}}`
   */
  readonly endpointConfigName?: Value<string>;
  /** The production variants (1–10); each needs its own `variantName`. */
  readonly variants: readonly VariantOptions[];
  /** The KMS key that encrypts the storage volumes of the endpoint's instances. */
  readonly kmsKey?: Value<string>;
  /** Resource tags: key → value. */
  readonly tags?: { readonly [key: string]: Value<string> };
  /**
   * Any other field of the `CreateEndpointConfig` request, merged over what the options produce
   * (`DataCaptureConfig` and `ExplainerConfig` are rejected by SageMaker Pipelines, so not offered).
   */
  readonly raw?: Raw<Omit<CreateEndpointConfigInput, "EndpointConfigName" | "DataCaptureConfig" | "ExplainerConfig">>;
}

/** The handle of an EndpointConfig step: its name, its properties. */
export interface EndpointConfigHandle<N extends string> extends PropertiesHandle<N, "EndpointConfig"> {
  /** `{"Get": "Steps.<name>.EndpointConfigName"}`: what an Endpoint step deploys. */
  readonly endpointConfigName: PipelineValue<string>;
}

const VARIANT = optionShape<VariantOptions>(
  { modelName: true, instanceType: true, initialInstanceCount: true, variantName: true, initialVariantWeight: true, serverless: true },
  { serverless: { object: optionShape<NonNullable<VariantOptions["serverless"]>>({ memorySizeInMB: true, maxConcurrency: true }) } },
);

/** @internal The option keys of an EndpointConfig step, for the run-time check (the compiler keeps them those of `EndpointConfigOptions`). */
export const ENDPOINT_CONFIG_OPTIONS: OptionShape = stepOptionShape<EndpointConfigOptions>(
  { endpointConfigName: true, variants: "list", kmsKey: true, tags: "map", raw: true },
  { variants: { list: VARIANT } },
);

/** A step name that can start a default resource name (letters, digits, hyphens; room for the execution id). */
const NAME_PREFIX = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,49}$/;

/**
 * An EndpointConfig step (`CreateEndpointConfig`): the models an endpoint serves and on what,
 * with the Python SDK's `production_variant` defaults; `raw` reaches every other field of the API.
 *
 * @example
 * ```ts
 * endpointConfigStep("Config", { variants: [{ modelName: steps.CreateModel.properties.ModelName, instanceType: "ml.m5.large" }] })
 * // {"Name": "Config", "Type": "EndpointConfig", "Arguments": {"EndpointConfigName": {"Std:Join": {"On": "-", "Values": ["Config", {"Get": "Execution.PipelineExecutionId"}]}},
 * //  "ProductionVariants": [{"ModelName": {"Get": "Steps.CreateModel.ModelName"}, "VariantName": "AllTraffic", "InitialVariantWeight": 1, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}]}}
 * ```
 */
export function endpointConfigStep<const N extends string, const O extends EndpointConfigOptions>(
  name: N,
  options: ExactOptions<O, EndpointConfigOptions>,
): StepDefinition<N, EndpointConfigHandle<N>>;
export function endpointConfigStep(name: string, options: EndpointConfigOptions): StepDefinition<string, EndpointConfigHandle<string>> {
  checkOptions(`EndpointConfig step "${name}"`, options, ENDPOINT_CONFIG_OPTIONS);
  if (!Array.isArray(options.variants) || options.variants.length === 0 || options.variants.length > 10) {
    throw new SagepipeError("invalid-variants", `EndpointConfig step "${name}" needs 1–10 variants, got ${Array.isArray(options.variants) ? options.variants.length : "none"}`);
  }
  const variants = options.variants.map((variant, index) => productionVariant(name, variant, index));
  const variantNames = options.variants.map((v) => v.variantName ?? "AllTraffic").filter((v): v is string => typeof v === "string");
  const duplicate = variantNames.find((v, i) => variantNames.indexOf(v) !== i);
  if (duplicate !== undefined) {
    throw new SagepipeError("duplicate-variant-name", `EndpointConfig step "${name}" has two variants named "${duplicate}": give each variant its own variantName`);
  }
  if (options.endpointConfigName === undefined && !NAME_PREFIX.test(name)) {
    throw new SagepipeError(
      "invalid-default-name",
      `EndpointConfig step "${name}": the default endpointConfigName starts with the step name, which must then be 1–50 letters, digits and hyphens; set endpointConfigName`,
    );
  }
  const generated = {
    EndpointConfigName: options.endpointConfigName ?? join([name, execution.PipelineExecutionId], "-"),
    ProductionVariants: variants,
    ...(options.kmsKey === undefined ? {} : { KmsKeyId: options.kmsKey }),
    ...(options.tags === undefined ? {} : { Tags: tagList(options.tags) }),
  };
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const node = createStepNode(name, "EndpointConfig", args, options);
  const handle = Object.freeze({
    ...propertiesHandle(name, "EndpointConfig"),
    endpointConfigName: new GetValue<string>(`Steps.${name}.EndpointConfigName`, "string"),
  });
  return Object.freeze({ name, node, handle });
}

function productionVariant(step: string, variant: VariantOptions, index: number) {
  if (variant.serverless !== undefined) {
    if (variant.instanceType !== undefined || variant.initialInstanceCount !== undefined) {
      throw new SagepipeError(
        "conflicting-options",
        `EndpointConfig step "${step}": variant ${index} is serverless and cannot also set instanceType or initialInstanceCount`,
      );
    }
  } else if (variant.instanceType === undefined) {
    throw new SagepipeError("missing-instance-type", `EndpointConfig step "${step}": variant ${index} needs an instanceType (or serverless)`);
  }
  return {
    ModelName: variant.modelName,
    VariantName: variant.variantName ?? "AllTraffic",
    InitialVariantWeight: variant.initialVariantWeight ?? 1,
    ...(variant.serverless === undefined
      ? { InitialInstanceCount: variant.initialInstanceCount ?? 1, InstanceType: variant.instanceType }
      : { ServerlessConfig: { MemorySizeInMB: variant.serverless.memorySizeInMB, MaxConcurrency: variant.serverless.maxConcurrency } }),
  };
}

/**
 * @internal A tag record as the API's tag list.
 *
 * @example
 * ```ts
 * tagList({ team: "ml" }) // [{"Key": "team", "Value": "ml"}]
 * ```
 */
export function tagList(tags: { readonly [key: string]: Value<string> }): { Key: string; Value: Value<string> }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
