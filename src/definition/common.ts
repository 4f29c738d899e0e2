import { z } from "zod";
import { strictObject } from "./strict-object.js";
import { NAME_PATTERN } from "./expressions.js";
import { coded, named } from "./rules.js";

/** A step name: unique in the pipeline, 1–64 characters of `[A-Za-z0-9-_]`. */
export const StepName = z
  .string()
  .regex(NAME_PATTERN, { message: "a step name is 1–64 characters of letters, digits, '-' and '_'" });

/**
 * Strict ISO-8601 duration (`P30D`, `PT1H`, `P4DT12H`, `P1Y2M3W`): what `CacheConfig.ExpireAfter`
 * takes. At least one component, and a `T` only when a time component follows.
 */
export const ISO_8601_DURATION =
  /^P(?!$)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?W)?(?:\d+(?:\.\d+)?D)?(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?$/;

const isDuration = named("iso-8601-duration", (value: string) => ISO_8601_DURATION.test(value));

/** `CacheConfig`: reuse a previous successful run of the step within `ExpireAfter`. */
export const CacheConfig = strictObject({
  Enabled: z.boolean(),
  ExpireAfter: z
    .string()
    .refine(
      isDuration,
      coded("invalid-duration", "ExpireAfter must be an ISO-8601 duration such as \"PT1H\", \"P30D\" or \"P4DT12H\""),
    )
    .optional(),
});
export type CacheConfig = z.infer<typeof CacheConfig>;

/** Exception types a retry policy can name. */
export const RETRY_EXCEPTION_TYPES = [
  "Step.SERVICE_FAULT",
  "Step.THROTTLING",
  "SageMaker.JOB_INTERNAL_ERROR",
  "SageMaker.CAPACITY_ERROR",
  "SageMaker.RESOURCE_LIMIT",
] as const;

const attemptsOrExpiry = named(
  "retry-attempts-or-expiry",
  (policy: { MaxAttempts?: unknown; ExpireAfterMin?: unknown }) => policy.MaxAttempts === undefined || policy.ExpireAfterMin === undefined,
);

/** One retry policy: which failures to retry, how often and for how long. */
export const RetryPolicy = strictObject({
  ExceptionType: z.array(z.enum(RETRY_EXCEPTION_TYPES)).min(1),
  IntervalSeconds: z.number().int().min(1).max(43200).optional(),
  BackoffRate: z.number().min(1).optional(),
  MaxAttempts: z.number().int().min(0).max(20).optional(),
  ExpireAfterMin: z.number().int().min(0).max(14400).optional(),
})
  .refine(
    attemptsOrExpiry,
    coded("retry-attempts-and-expiry", "a retry policy sets MaxAttempts or ExpireAfterMin, not both: remove one of them"),
  );
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/** A property file: a JSON file in one of a Processing step's outputs, read with `Std:JsonGet`. */
export const PropertyFile = strictObject({
  PropertyFileName: z.string().min(1),
  OutputName: z.string().min(1),
  FilePath: z.string().min(1),
});
export type PropertyFile = z.infer<typeof PropertyFile>;

/** Lambda and Callback output declarations. */
export const OutputParameter = strictObject({
  OutputName: z.string().min(1).max(256),
  OutputType: z.enum(["String", "Integer", "Boolean", "Float"]).optional(),
});
export type OutputParameter = z.infer<typeof OutputParameter>;

/**
 * The keys every step may carry. Which step types honour `CacheConfig` and `RetryPolicies` is a
 * semantic rule (see `STEP_CAPABILITIES`), so the schema accepts them everywhere and the validator
 * says which step type cannot take them.
 */
export const stepEnvelope = {
  Name: StepName,
  DisplayName: z.string().min(1).max(256).optional(),
  Description: z.string().max(3072).optional(),
  DependsOn: z.array(StepName).optional(),
  CacheConfig: CacheConfig.optional(),
  RetryPolicies: z.array(RetryPolicy).optional(),
};
