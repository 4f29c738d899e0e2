import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full BedrockCustomModel arguments schema is being written.
export const BedrockCustomModelArguments = z.looseObject({});
export type BedrockCustomModelArguments = z.infer<typeof BedrockCustomModelArguments>;

/** A `BedrockCustomModel` step. */
export const BedrockCustomModelStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("BedrockCustomModel"),
  Arguments: BedrockCustomModelArguments,
});
export type BedrockCustomModelStep = z.infer<typeof BedrockCustomModelStep>;
