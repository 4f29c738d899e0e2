import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full Processing arguments schema is being written.
export const ProcessingArguments = z.looseObject({});
export type ProcessingArguments = z.infer<typeof ProcessingArguments>;

/** A `Processing` step. */
export const ProcessingStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("Processing"),
  Arguments: ProcessingArguments,
});
export type ProcessingStep = z.infer<typeof ProcessingStep>;
