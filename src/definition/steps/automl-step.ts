import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full AutoML arguments schema is being written.
export const AutoMLArguments = z.looseObject({});
export type AutoMLArguments = z.infer<typeof AutoMLArguments>;

/** A `AutoML` step. */
export const AutoMLStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("AutoML"),
  Arguments: AutoMLArguments,
});
export type AutoMLStep = z.infer<typeof AutoMLStep>;
