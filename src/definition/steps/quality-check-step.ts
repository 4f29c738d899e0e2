import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full QualityCheck arguments schema is being written.
export const QualityCheckArguments = z.looseObject({});
export type QualityCheckArguments = z.infer<typeof QualityCheckArguments>;

/** A `QualityCheck` step. */
export const QualityCheckStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("QualityCheck"),
  Arguments: QualityCheckArguments,
});
export type QualityCheckStep = z.infer<typeof QualityCheckStep>;
