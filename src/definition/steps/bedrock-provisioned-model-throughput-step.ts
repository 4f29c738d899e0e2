import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { int, str, strEnum } from "../expressions.js";
import { bedrockClientRequestToken, bedrockName, BedrockTagList } from "./shared/model-shapes.js";

/**
 * `BedrockProvisionedModelThroughput` arguments: the Bedrock `CreateProvisionedModelThroughput`
 * request with PascalCase keys.
 */
export const BedrockProvisionedModelThroughputArguments = lazySchema(() =>
  strictObject({
    ClientRequestToken: bedrockClientRequestToken().optional(),
    ModelUnits: int({ min: 1 }),
    ProvisionedModelName: bedrockName(),
    ModelId: str({ min: 1, max: 2048 }),
    CommitmentDuration: strEnum(["OneMonth", "SixMonths"]).optional(),
    Tags: BedrockTagList.optional(),
  })
);
export type BedrockProvisionedModelThroughputArguments = z.infer<typeof BedrockProvisionedModelThroughputArguments>;

/** A `BedrockProvisionedModelThroughput` step: buys provisioned throughput for a Bedrock model. */
export const BedrockProvisionedModelThroughputStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("BedrockProvisionedModelThroughput"),
    Arguments: BedrockProvisionedModelThroughputArguments,
  }),
  { Type: ["BedrockProvisionedModelThroughput"] },
);
export type BedrockProvisionedModelThroughputStep = z.infer<typeof BedrockProvisionedModelThroughputStep>;
