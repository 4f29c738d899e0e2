import { liftCallback } from "./callback.js";
import { liftClarifyCheck } from "./clarify-check.js";
import { liftEMR } from "./emr.js";
import { liftLambda } from "./lambda.js";
import { liftProcessing } from "./processing.js";
import type { Lifter } from "./shared.js";
import { liftTraining } from "./training.js";

/** The lifter of each step type with a high-level builder method. */
export const LIFTERS: Readonly<Partial<Record<string, Lifter>>> = {
  Processing: liftProcessing,
  Training: liftTraining,
  Lambda: liftLambda,
  Callback: liftCallback,
  EMR: liftEMR,
  ClarifyCheck: liftClarifyCheck,
};
