import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full Training arguments schema is being written.
export const TrainingArguments = z.looseObject({});
export type TrainingArguments = z.infer<typeof TrainingArguments>;

/** A `Training` step. */
export const TrainingStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("Training"),
  Arguments: TrainingArguments,
});
export type TrainingStep = z.infer<typeof TrainingStep>;
