import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { str } from "../expressions.js";
import { coded, named } from "../rules.js";
import { ProcessingArguments } from "./processing-step.js";
import { checkStepKeys } from "./shared/check-shapes.js";

/** `ClarifyCheck` arguments: the `CreateProcessingJob` request of the Clarify analysis job. */
export const ClarifyCheckArguments = ProcessingArguments;
export type ClarifyCheckArguments = z.infer<typeof ClarifyCheckArguments>;

const MODEL_CHECKS: readonly string[] = ["MODEL_BIAS", "MODEL_EXPLAINABILITY"];

const modelCheckHasModel = named(
  "clarify-model-check-model",
  (step: { CheckType: string; ModelName?: unknown }) => !MODEL_CHECKS.includes(step.CheckType) || step.ModelName !== undefined,
);
const modelOnlyWithModelCheck = named(
  "clarify-model-only-with-model-check",
  (step: { CheckType: string; ModelName?: unknown }) => MODEL_CHECKS.includes(step.CheckType) || step.ModelName === undefined,
);

/**
 * A `ClarifyCheck` step: computes bias or explainability baselines with SageMaker Clarify and
 * checks them against the supplied or registered baselines. Model checks name the model to explain.
 */
export const ClarifyCheckStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("ClarifyCheck"),
    Arguments: ClarifyCheckArguments,
    CheckType: z.enum(["DATA_BIAS", "MODEL_BIAS", "MODEL_EXPLAINABILITY"]),
    ...checkStepKeys(),
    /** The SageMaker model a MODEL_BIAS or MODEL_EXPLAINABILITY check runs (through a shadow endpoint). */
    ModelName: str({ min: 1, max: 63 }).optional(),
  })
    .refine(
      modelCheckHasModel,
      coded(
        "missing-key",
        "a MODEL_BIAS or MODEL_EXPLAINABILITY check needs ModelName: name the model to check",
        ["ModelName"],
      ),
    )
    .refine(
      modelOnlyWithModelCheck,
      coded(
        "conflicting-members",
        "ModelName goes only with a MODEL_BIAS or MODEL_EXPLAINABILITY check: remove it from this DATA_BIAS check",
        ["ModelName"],
      ),
    ),
  { Type: ["ClarifyCheck"] },
);
export type ClarifyCheckStep = z.infer<typeof ClarifyCheckStep>;
