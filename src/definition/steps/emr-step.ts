import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full EMR arguments schema is being written.
export const EMRArguments = z.looseObject({});
export type EMRArguments = z.infer<typeof EMRArguments>;

/** A `EMR` step. */
export const EMRStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("EMR"),
  Arguments: EMRArguments,
});
export type EMRStep = z.infer<typeof EMRStep>;
