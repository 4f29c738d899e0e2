import type { z } from "zod";
import type { StepType } from "../definition/capabilities.js";
import type { CacheConfig, RetryPolicy } from "../definition/common.js";
import { ISO_8601_DURATION, RETRY_EXCEPTION_TYPES } from "../definition/common.js";
import { SagepipeError } from "../errors.js";
import { PipelineValue, type PipelineScalar } from "./expressions.js";

/**
 * A step of the model: plain, frozen data that the compiler turns into a definition step.
 * `arguments` and `stepKeys` are JSON-like trees whose leaves may be pipeline values.
 */
export interface StepNode {
  readonly name: string;
  readonly type: StepType;
  readonly arguments: unknown;
  /** Step-level keys besides the envelope: FunctionArn, OutputParameters, PropertyFiles, CheckType, ... */
  readonly stepKeys: Readonly<Record<string, unknown>>;
  /** Steps this one must wait for, besides its data references. */
  readonly dependsOn: readonly string[];
  /** Replaces the fluent chain's predecessor (`[]`: none). */
  readonly after?: readonly string[];
  readonly displayName?: string;
  readonly description?: string;
  readonly cacheConfig?: CacheConfig;
  readonly retryPolicies?: readonly RetryPolicy[];
  /**
   * The shapes its property files declare (zod schemas), by property file name. Not part of the
   * definition: local runs check what a script wrote against them, `simulate` checks its stubs.
   */
  readonly propertyFileSchemas?: Readonly<Record<string, z.core.$ZodType>>;
}


/**
 * An AWS API request with a literal or a pipeline value allowed in every leaf; a key set to
 * `undefined` removes what the step's options generated there.
 */
export type Raw<T> = T extends string
  ? T | PipelineValue<string>
  : T extends number
    ? T | PipelineValue<number>
    : T extends boolean
      ? T | PipelineValue<boolean>
      : T extends Date
        ? string | PipelineValue<string>
        : T extends readonly (infer E)[]
          ? readonly Raw<E>[]
          : T extends object
            ? { readonly [K in keyof T]?: Raw<NonNullable<T[K]>> | undefined }
            : T | PipelineValue<unknown>;

/** A duration for cache expiry: an ISO-8601 string (`"PT1H"`, `"P30D"`) or its parts. */
export type Duration =
  | `P${string}`
  | {
      readonly years?: number;
      readonly months?: number;
      readonly weeks?: number;
      readonly days?: number;
      readonly hours?: number;
      readonly minutes?: number;
      readonly seconds?: number;
    };

/** One retry policy of a step. */
export interface RetryOptions {
  /** The failures to retry, e.g. `["SageMaker.CAPACITY_ERROR", "Step.THROTTLING"]`. */
  readonly exceptions: readonly (typeof RETRY_EXCEPTION_TYPES)[number][];
  /** Seconds before the first retry. @default 1 */
  readonly intervalSeconds?: number;
  /** Factor applied to the interval after each retry. @default 2 */
  readonly backoffRate?: number;
  /** Attempts before giving up (0–20); exclusive with `expireAfterMinutes`. */
  readonly maxAttempts?: number;
  /** Minutes after which to stop retrying; exclusive with `maxAttempts`. */
  readonly expireAfterMinutes?: number;
}

/** A step, or its name: what `dependsOn` takes. */
export type StepRef = string | { readonly name: string };

/** Options every step takes. */
export interface StepOptions {
  /** Shown in SageMaker Studio instead of the name. */
  readonly displayName?: string;
  /** A description of the step. */
  readonly description?: string;
  /** Steps to wait for besides data references (DependsOn). */
  readonly dependsOn?: readonly StepRef[];
  /**
   * In a fluent chain, the steps this one runs after, instead of the previous step: `[]` starts a
   * parallel branch (fan-out), several names join branches (fan-in).
   */
  readonly after?: readonly StepRef[];
  /**
   * Reuse a previous successful run with the same arguments: `true` (no expiry) or the longest age
   * of a run to reuse. @default off
   */
  readonly cache?: boolean | { readonly expireAfter: Duration };
  /** Retry policies, for the step types that take them. */
  readonly retry?: readonly RetryOptions[];
}

/** Renders a duration as canonical ISO 8601 (`{ hours: 1 }` → `"PT1H"`). */
export function formatDuration(duration: Duration): string {
  if (typeof duration === "string") {
    if (!ISO_8601_DURATION.test(duration)) {
      throw new SagepipeError("invalid-duration", `"${duration}" is not an ISO-8601 duration: write it like "PT1H", "P30D" or { hours: 1 }`);
    }
    return duration;
  }
  const part = (value: number | undefined, unit: string) => {
    if (value === undefined || value === 0) return "";
    if (!Number.isFinite(value) || value < 0) {
      throw new SagepipeError("invalid-duration", `duration parts must be non-negative numbers, got ${unit}=${value}`);
    }
    return `${value}${unit}`;
  };
  const date = part(duration.years, "Y") + part(duration.months, "M") + part(duration.weeks, "W") + part(duration.days, "D");
  const time = part(duration.hours, "H") + part(duration.minutes, "M") + part(duration.seconds, "S");
  if (date === "" && time === "") throw new SagepipeError("invalid-duration", "a duration needs at least one non-zero part");
  return `P${date}${time === "" ? "" : `T${time}`}`;
}

function retryPolicy(options: RetryOptions): RetryPolicy {
  if (options.maxAttempts !== undefined && options.expireAfterMinutes !== undefined) {
    throw new SagepipeError("retry-attempts-and-expiry", "a retry policy takes maxAttempts or expireAfterMinutes, not both");
  }
  return {
    ExceptionType: [...options.exceptions],
    IntervalSeconds: options.intervalSeconds ?? 1,
    BackoffRate: options.backoffRate ?? 2,
    ...(options.maxAttempts === undefined ? {} : { MaxAttempts: options.maxAttempts }),
    ...(options.expireAfterMinutes === undefined ? {} : { ExpireAfterMin: options.expireAfterMinutes }),
  };
}

const refName = (ref: StepRef): string => (typeof ref === "string" ? ref : ref.name);

/** Makes a frozen step node from a step's arguments and its common options. */
export function createStepNode(
  name: string,
  type: StepType,
  args: unknown,
  options: StepOptions = {},
  stepKeys: Readonly<Record<string, unknown>> = {},
): StepNode {
  const cache = options.cache;
  // from JavaScript: `cache: "yes"` or `cache: {}` (no expireAfter) would fail deep inside, or be read as "no cache"
  const expireAfter: unknown = typeof cache === "object" && cache !== null ? (cache as { expireAfter?: unknown }).expireAfter : undefined;
  if (cache !== undefined && typeof cache !== "boolean" && expireAfter === undefined) {
    throw new SagepipeError(
      "invalid-option",
      `${type} step "${name}": cache is true, false or { expireAfter: duration } (e.g. { expireAfter: { days: 30 } } or "P30D"), got ${cache === null ? "null" : typeof cache === "object" ? "an object without expireAfter" : `${typeof cache} ${JSON.stringify(cache)}`}`,
    );
  }
  return Object.freeze({
    name,
    type,
    arguments: args,
    stepKeys: Object.freeze({ ...stepKeys }),
    dependsOn: Object.freeze((options.dependsOn ?? []).map(refName)),
    ...(options.after === undefined ? {} : { after: Object.freeze(options.after.map(refName)) }),
    ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(cache === undefined || cache === false
      ? {}
      : { cacheConfig: cache === true ? { Enabled: true } : { Enabled: true, ExpireAfter: formatDuration(cache.expireAfter) } }),
    ...(options.retry === undefined ? {} : { retryPolicies: Object.freeze(options.retry.map(retryPolicy)) }),
  });
}

/** A literal leaf of a step's arguments. */
export type Leaf = PipelineScalar | PipelineValue | null;
