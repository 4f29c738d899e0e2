import { z } from "zod";
import { AutoMLStep } from "./steps/automl-step.js";
import { BedrockCustomModelDeploymentStep } from "./steps/bedrock-custom-model-deployment-step.js";
import { BedrockCustomModelStep } from "./steps/bedrock-custom-model-step.js";
import { BedrockModelImportStep } from "./steps/bedrock-model-import-step.js";
import { BedrockProvisionedModelThroughputStep } from "./steps/bedrock-provisioned-model-throughput-step.js";
import { CallbackStep } from "./steps/callback-step.js";
import { ClarifyCheckStep } from "./steps/clarify-check-step.js";
import { ConditionStep } from "./steps/condition-step.js";
import { EMRServerlessStep } from "./steps/emr-serverless-step.js";
import { EMRStep } from "./steps/emr-step.js";
import { EndpointConfigStep } from "./steps/endpoint-config-step.js";
import { EndpointStep } from "./steps/endpoint-step.js";
import { FailStep } from "./steps/fail-step.js";
import { InferenceComponentStep } from "./steps/inference-component-step.js";
import { LambdaStep } from "./steps/lambda-step.js";
import { LineageStep } from "./steps/lineage-step.js";
import { ModelStep } from "./steps/model-step.js";
import { ProcessingStep } from "./steps/processing-step.js";
import { QualityCheckStep } from "./steps/quality-check-step.js";
import { RegisterModelStep } from "./steps/register-model-step.js";
import { TrainingStep } from "./steps/training-step.js";
import { TransformStep } from "./steps/transform-step.js";
import { TuningStep } from "./steps/tuning-step.js";
import type { StepType } from "./capabilities.js";
import { deferUnion } from "./lazy-schema.js";

/** The schema of each step `Type`. */
export const STEP_SCHEMAS = {
  Processing: ProcessingStep,
  Training: TrainingStep,
  Transform: TransformStep,
  Tuning: TuningStep,
  Model: ModelStep,
  RegisterModel: RegisterModelStep,
  Condition: ConditionStep,
  Fail: FailStep,
  Lambda: LambdaStep,
  Callback: CallbackStep,
  QualityCheck: QualityCheckStep,
  ClarifyCheck: ClarifyCheckStep,
  EMR: EMRStep,
  EMRServerless: EMRServerlessStep,
  AutoML: AutoMLStep,
  EndpointConfig: EndpointConfigStep,
  Endpoint: EndpointStep,
  InferenceComponent: InferenceComponentStep,
  Lineage: LineageStep,
  BedrockCustomModel: BedrockCustomModelStep,
  BedrockCustomModelDeployment: BedrockCustomModelDeploymentStep,
  BedrockModelImport: BedrockModelImportStep,
  BedrockProvisionedModelThroughput: BedrockProvisionedModelThroughputStep,
} as const satisfies Record<StepType, z.ZodType>;

/** Any step of a pipeline definition, discriminated by `Type`. */
export type Step =
  | ConditionStep
  | z.infer<(typeof STEP_SCHEMAS)[Exclude<StepType, "Condition">]>;

// (the union is built on first use, which builds the schema of every step type: sagepipe's own
// walks pick the step type's schema by Type instead, see deferUnion)
export const Step: z.ZodType<Step> = deferUnion(
  z.lazy(() =>
    z.discriminatedUnion(
      "Type",
      Object.values(STEP_SCHEMAS) as unknown as [z.ZodObject, ...z.ZodObject[]],
    ),
  ) as unknown as z.ZodType<Step>,
  { discriminator: "Type", options: () => Object.values(STEP_SCHEMAS) },
);

/** Step types by name, for {@link stepAcceptedBySchema}. */
const SCHEMA_OF_TYPE: ReadonlyMap<unknown, z.ZodType> = new Map(Object.entries(STEP_SCHEMAS));

/** Most steps of a `Condition` step's branch, as its schema allows. */
const MAX_BRANCH_STEPS = 20;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Whether a step passes the `Step` schema, decided by zod with only the schemas of the step types
 * the step has: the schema of its `Type`, and for a `Condition` step, the schema of each step of
 * its branches in turn. (The `Step` union builds the schemas of all 23 step types the first time it
 * parses anything; a pipeline uses a few.) The same answer as `Step.safeParse(step).success`: the
 * union picks the option by `Type`, and a Condition step's branches are its arguments' arrays of at
 * most {@link MAX_BRANCH_STEPS} steps, each one a `Step`.
 */
export function stepAcceptedBySchema(step: unknown, params: { readonly jitless?: boolean } = {}): boolean {
  const schema = isPlainObject(step) && typeof step.Type === "string" ? SCHEMA_OF_TYPE.get(step.Type) : undefined;
  if (schema === undefined || !isPlainObject(step)) return Step.safeParse(step, params).success;
  const args = step.Arguments;
  if (step.Type !== "Condition" || !isPlainObject(args)) return schema.safeParse(step, params).success;
  const { IfSteps: ifSteps, ElseSteps: elseSteps } = args;
  const branch = (steps: unknown) => Array.isArray(steps) && steps.length <= MAX_BRANCH_STEPS;
  if (!branch(ifSteps) || !branch(elseSteps) || Object.getPrototypeOf(args) !== Object.prototype) return schema.safeParse(step, params).success;
  // the Condition step with empty branches, then each step of the branches
  const withoutBranches = { ...step, Arguments: { ...args, IfSteps: [], ElseSteps: [] } };
  return (
    schema.safeParse(withoutBranches, params).success &&
    [...(ifSteps as unknown[]), ...(elseSteps as unknown[])].every((inner) => stepAcceptedBySchema(inner, params))
  );
}
