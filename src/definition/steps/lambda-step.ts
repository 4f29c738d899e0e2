import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full Lambda arguments schema is being written.
export const LambdaArguments = z.looseObject({});
export type LambdaArguments = z.infer<typeof LambdaArguments>;

/** A `Lambda` step. */
export const LambdaStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("Lambda"),
  Arguments: LambdaArguments,
});
export type LambdaStep = z.infer<typeof LambdaStep>;
