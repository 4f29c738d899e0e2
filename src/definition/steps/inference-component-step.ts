import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full InferenceComponent arguments schema is being written.
export const InferenceComponentArguments = z.looseObject({});
export type InferenceComponentArguments = z.infer<typeof InferenceComponentArguments>;

/** A `InferenceComponent` step. */
export const InferenceComponentStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("InferenceComponent"),
  Arguments: InferenceComponentArguments,
});
export type InferenceComponentStep = z.infer<typeof InferenceComponentStep>;
