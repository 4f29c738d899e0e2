import { bool, str } from "../../expressions.js";

// QualityCheck and ClarifyCheck steps carry a `CreateProcessingJob` request as `Arguments` (the
// Model Monitor and Clarify containers run as processing jobs): that is `ProcessingArguments`
// (processing-step.ts). What they add are the step-level keys below.

/** The step-level keys QualityCheck and ClarifyCheck steps share (the Python SDK always emits them). */
export const checkStepKeys = () => ({
  /** A model package group (name or ARN) to take the baselines from; the SDK emits `null` when unset. */
  ModelPackageGroupName: str({ min: 1, max: 170 }).nullable().optional(),
  SkipCheck: bool().optional(),
  FailOnViolation: bool().optional(),
  RegisterNewBaseline: bool().optional(),
  /** The S3 URI of a constraints JSON file to check against; the SDK emits `null` when unset. */
  SuppliedBaselineConstraints: str({ max: 1024 }).nullable().optional(),
});
