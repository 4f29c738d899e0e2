import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full Model arguments schema is being written.
export const ModelArguments = z.looseObject({});
export type ModelArguments = z.infer<typeof ModelArguments>;

/** A `Model` step. */
export const ModelStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("Model"),
  Arguments: ModelArguments,
});
export type ModelStep = z.infer<typeof ModelStep>;
