import type { CreateEndpointInput } from "../../aws/sagemaker-shapes.js";
import { SagepipeError } from "../../errors.js";
import { GetValue, PipelineValue } from "../../model/expressions.js";
import { createStepNode, type Raw, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import type { StepDefinition, StepHandle } from "../step-definition.js";
import { tagList } from "./endpoint-config.js";
import { rejectRetry } from "./lambda.js";
import { checkOptions, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { deepMerge, stepOptionShape } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** What an Endpoint step creates or updates. */
export interface EndpointOptions extends StepOptions {
  /** The endpoint's name: the step creates it, or updates it to the new configuration when it exists. */
  readonly endpointName: Value<string>;
  /**
   * The endpoint configuration to deploy: an EndpointConfig step's handle (`steps.Config`), or its
   * name (e.g. `steps.Config.properties.EndpointConfigName`).
   */
  readonly endpointConfigName: Value<string> | StepHandle<string, "EndpointConfig">;
  /** Resource tags: key → value. */
  readonly tags?: { readonly [key: string]: Value<string> };
  /** Endpoint steps cannot be retried by SageMaker Pipelines. */
  readonly retry?: never;
  /**
   * Any other field of the `CreateEndpoint` request, merged over what the options produce
   * (`DeploymentConfig` is rejected by SageMaker Pipelines, so not offered).
   */
  readonly raw?: Raw<Omit<CreateEndpointInput, "EndpointName" | "EndpointConfigName" | "DeploymentConfig">>;
}

/** @internal The option keys of an Endpoint step, for the run-time check (the compiler keeps them those of `EndpointOptions`). */
export const ENDPOINT_OPTIONS: OptionShape = stepOptionShape<EndpointOptions>({ endpointName: true, endpointConfigName: true, tags: "map", raw: true });

/** The handle of an Endpoint step: its properties (`DescribeEndpoint`). */
export type EndpointHandle<N extends string> = PropertiesHandle<N, "Endpoint">;

/**
 * An Endpoint step (`CreateEndpoint`): creates the endpoint, or updates it when it exists, to
 * serve an endpoint configuration. It may be cached, not retried.
 *
 * @example
 * ```ts
 * endpointStep("Deploy", { endpointName: "churn", endpointConfigName: steps.Config })
 * // {"Name": "Deploy", "Type": "Endpoint", "Arguments": {"EndpointName": "churn", "EndpointConfigName": {"Get": "Steps.Config.EndpointConfigName"}}}
 * ```
 */
export function endpointStep<const N extends string, const O extends EndpointOptions>(name: N, options: ExactOptions<O, EndpointOptions>): StepDefinition<N, EndpointHandle<N>>;
export function endpointStep(name: string, options: EndpointOptions): StepDefinition<string, EndpointHandle<string>> {
  checkOptions(`Endpoint step "${name}"`, options, ENDPOINT_OPTIONS);
  rejectRetry("Endpoint", name, options);
  const config = options.endpointConfigName;
  const configName =
    typeof config === "string" || config instanceof PipelineValue
      ? config
      : typeof config === "object" && config !== null && config.type === "EndpointConfig"
        ? new GetValue<string>(`Steps.${config.name}.EndpointConfigName`, "string")
        : undefined;
  if (configName === undefined) {
    throw new SagepipeError(
      "invalid-endpoint-config",
      `Endpoint step "${name}": endpointConfigName must be a name, a pipeline value or an EndpointConfig step's handle (steps.<config step>)`,
    );
  }
  const generated = {
    EndpointName: options.endpointName,
    EndpointConfigName: configName,
    ...(options.tags === undefined ? {} : { Tags: tagList(options.tags) }),
  };
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const node = createStepNode(name, "Endpoint", args, options);
  return Object.freeze({ name, node, handle: propertiesHandle(name, "Endpoint") });
}
