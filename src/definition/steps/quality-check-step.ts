import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { str } from "../expressions.js";
import { ProcessingArguments } from "./processing-step.js";
import { checkStepKeys } from "./shared/check-shapes.js";

/** `QualityCheck` arguments: the `CreateProcessingJob` request of the Model Monitor baselining job. */
export const QualityCheckArguments = ProcessingArguments;
export type QualityCheckArguments = z.infer<typeof QualityCheckArguments>;

/**
 * A `QualityCheck` step: computes data or model quality baselines with Model Monitor and checks
 * them against the supplied or registered baselines.
 */
export const QualityCheckStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("QualityCheck"),
    Arguments: QualityCheckArguments,
    CheckType: z.enum(["DATA_QUALITY", "MODEL_QUALITY"]),
    ...checkStepKeys(),
    /** The S3 URI of a statistics JSON file to check against; the SDK emits `null` when unset. */
    SuppliedBaselineStatistics: str({ max: 1024 }).nullable().optional(),
  }),
  { Type: ["QualityCheck"] },
);
export type QualityCheckStep = z.infer<typeof QualityCheckStep>;
