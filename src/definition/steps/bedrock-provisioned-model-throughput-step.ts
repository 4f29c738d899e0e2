import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full BedrockProvisionedModelThroughput arguments schema is being written.
export const BedrockProvisionedModelThroughputArguments = z.looseObject({});
export type BedrockProvisionedModelThroughputArguments = z.infer<typeof BedrockProvisionedModelThroughputArguments>;

/** A `BedrockProvisionedModelThroughput` step. */
export const BedrockProvisionedModelThroughputStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("BedrockProvisionedModelThroughput"),
  Arguments: BedrockProvisionedModelThroughputArguments,
});
export type BedrockProvisionedModelThroughputStep = z.infer<typeof BedrockProvisionedModelThroughputStep>;
