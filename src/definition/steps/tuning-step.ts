import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full Tuning arguments schema is being written.
export const TuningArguments = z.looseObject({});
export type TuningArguments = z.infer<typeof TuningArguments>;

/** A `Tuning` step. */
export const TuningStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("Tuning"),
  Arguments: TuningArguments,
});
export type TuningStep = z.infer<typeof TuningStep>;
