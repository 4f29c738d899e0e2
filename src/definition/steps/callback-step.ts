import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full Callback arguments schema is being written.
export const CallbackArguments = z.looseObject({});
export type CallbackArguments = z.infer<typeof CallbackArguments>;

/** A `Callback` step. */
export const CallbackStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("Callback"),
  Arguments: CallbackArguments,
});
export type CallbackStep = z.infer<typeof CallbackStep>;
