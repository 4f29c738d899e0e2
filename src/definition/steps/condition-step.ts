import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { Condition } from "../conditions.js";
import { Step } from "../step.js";

const ConditionStepBase = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("Condition"),
  })
);

/** `Condition` arguments: AND-ed conditions and the complete steps of each branch. */
export interface ConditionArguments {
  Conditions: Condition[];
  IfSteps: Step[];
  ElseSteps: Step[];
}

/** A `Condition` step: runs `IfSteps` when every condition holds, `ElseSteps` otherwise. */
export type ConditionStep = z.infer<typeof ConditionStepBase> & { Arguments: ConditionArguments };

export const ConditionArguments: z.ZodType<ConditionArguments> = lazySchema(() =>
  strictObject({
    Conditions: z.array(Condition).min(1).max(200),
    IfSteps: z.array(z.lazy(() => Step)).max(20),
    ElseSteps: z.array(z.lazy(() => Step)).max(20),
  })
);

export const ConditionStep = lazySchema(() =>
  ConditionStepBase.extend({ Arguments: ConditionArguments }),
  { Type: ["Condition"] },
);
