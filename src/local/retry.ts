/** A retry policy as the definition states it. */
interface RetryPolicyJson {
  readonly ExceptionType?: readonly string[];
  readonly IntervalSeconds?: number;
  readonly BackoffRate?: number;
  readonly MaxAttempts?: number;
  readonly ExpireAfterMin?: number;
}

/** Retries made so far for one step. */
export interface RetryState {
  readonly firstAttemptAt: Date;
  readonly retriesByPolicy: Map<number, number>;
}

/** Retries allowed when a policy sets neither MaxAttempts nor ExpireAfterMin. */
export const DEFAULT_MAX_RETRIES = 5;

/**
 * Whether a failure with `exceptionType` is retried under the step's `RetryPolicies`, and after how
 * many milliseconds: `IntervalSeconds × BackoffRate^(retries so far)` (defaults 1 s and 2), while the
 * matching policy has retries left (`MaxAttempts` retries, or until `ExpireAfterMin` has passed since
 * the first attempt). Undefined: do not retry. Records the retry in `state`.
 */
export function retryDecision(policies: unknown, exceptionType: string | undefined, state: RetryState, now: Date): number | undefined {
  if (exceptionType === undefined || !Array.isArray(policies)) return undefined;
  const index = policies.findIndex((policy: RetryPolicyJson) => policy.ExceptionType?.includes(exceptionType) === true);
  if (index < 0) return undefined;
  const policy = policies[index] as RetryPolicyJson;
  const retries = state.retriesByPolicy.get(index) ?? 0;
  if (policy.ExpireAfterMin !== undefined) {
    if (now.getTime() - state.firstAttemptAt.getTime() >= policy.ExpireAfterMin * 60_000) return undefined;
  } else if (retries >= (policy.MaxAttempts ?? DEFAULT_MAX_RETRIES)) {
    return undefined;
  }
  state.retriesByPolicy.set(index, retries + 1);
  return Math.round((policy.IntervalSeconds ?? 1) * 1000 * (policy.BackoffRate ?? 2) ** retries);
}
