import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { bool, strEnum } from "../expressions.js";
import { coded, named } from "../rules.js";
import { roleArn, TagList, VpcConfig } from "./shared/base-shapes.js";
import { ContainerDefinition, modelName } from "./shared/model-shapes.js";

const oneContainerForm = named(
  "model-containers",
  (args: { PrimaryContainer?: unknown; Containers?: unknown }) => (args.PrimaryContainer === undefined) !== (args.Containers === undefined),
);

/**
 * `Model` arguments: the `CreateModel` request. `ModelName` is optional because the Python SDK
 * removes it (the service names the model) unless a custom name prefix is kept.
 */
export const ModelArguments = lazySchema(() =>
  strictObject({
    ModelName: modelName().optional(),
    PrimaryContainer: ContainerDefinition.optional(),
    Containers: z.array(ContainerDefinition).min(1).max(15).optional(),
    InferenceExecutionConfig: strictObject({ Mode: strEnum(["Serial", "Direct"]) }).optional(),
    ExecutionRoleArn: roleArn().optional(),
    Tags: TagList.optional(),
    VpcConfig: VpcConfig.optional(),
    EnableNetworkIsolation: bool().optional(),
  })
    .refine(
      oneContainerForm,
      coded(
        "conflicting-members",
        "a Model step sets PrimaryContainer (one container) or Containers (an inference pipeline), exactly one of them",
        ["PrimaryContainer"],
      ),
    )
);
export type ModelArguments = z.infer<typeof ModelArguments>;

/** A `Model` step: creates a SageMaker model (`CreateModel`). */
export const ModelStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("Model"),
    Arguments: ModelArguments,
  }),
  { Type: ["Model"] },
);
export type ModelStep = z.infer<typeof ModelStep>;
