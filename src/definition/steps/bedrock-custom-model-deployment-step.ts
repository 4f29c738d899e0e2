import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full BedrockCustomModelDeployment arguments schema is being written.
export const BedrockCustomModelDeploymentArguments = z.looseObject({});
export type BedrockCustomModelDeploymentArguments = z.infer<typeof BedrockCustomModelDeploymentArguments>;

/** A `BedrockCustomModelDeployment` step. */
export const BedrockCustomModelDeploymentStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("BedrockCustomModelDeployment"),
  Arguments: BedrockCustomModelDeploymentArguments,
});
export type BedrockCustomModelDeploymentStep = z.infer<typeof BedrockCustomModelDeploymentStep>;
