import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full BedrockModelImport arguments schema is being written.
export const BedrockModelImportArguments = z.looseObject({});
export type BedrockModelImportArguments = z.infer<typeof BedrockModelImportArguments>;

/** A `BedrockModelImport` step. */
export const BedrockModelImportStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("BedrockModelImport"),
  Arguments: BedrockModelImportArguments,
});
export type BedrockModelImportStep = z.infer<typeof BedrockModelImportStep>;
