import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { entityName, rejectedKey, TagList } from "./shared/base-shapes.js";

/**
 * `Endpoint` arguments: the `CreateEndpoint` request (the service creates the endpoint, or
 * updates it when it exists). `DeploymentConfig` exists in the API but SageMaker Pipelines
 * rejects it.
 */
export const EndpointArguments = lazySchema(() =>
  strictObject({
    EndpointName: entityName(),
    EndpointConfigName: entityName(),
    DeploymentConfig: rejectedKey(
      "DeploymentConfig is rejected by SageMaker Pipelines in an Endpoint step: remove it",
    ),
    Tags: TagList.optional(),
  })
);
export type EndpointArguments = z.infer<typeof EndpointArguments>;

/** An `Endpoint` step: creates or updates a SageMaker endpoint (`CreateEndpoint`). */
export const EndpointStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("Endpoint"),
    Arguments: EndpointArguments,
  }),
  { Type: ["Endpoint"] },
);
export type EndpointStep = z.infer<typeof EndpointStep>;
