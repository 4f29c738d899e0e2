import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full EMRServerless arguments schema is being written.
export const EMRServerlessArguments = z.looseObject({});
export type EMRServerlessArguments = z.infer<typeof EMRServerlessArguments>;

/** A `EMRServerless` step. */
export const EMRServerlessStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("EMRServerless"),
  Arguments: EMRServerlessArguments,
});
export type EMRServerlessStep = z.infer<typeof EMRServerlessStep>;
