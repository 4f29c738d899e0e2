import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full ClarifyCheck arguments schema is being written.
export const ClarifyCheckArguments = z.looseObject({});
export type ClarifyCheckArguments = z.infer<typeof ClarifyCheckArguments>;

/** A `ClarifyCheck` step. */
export const ClarifyCheckStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("ClarifyCheck"),
  Arguments: ClarifyCheckArguments,
});
export type ClarifyCheckStep = z.infer<typeof ClarifyCheckStep>;
