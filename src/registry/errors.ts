import { SagepipeError } from "../errors.js";

/** The stable codes of {@link RegistryError}: programs branch on these, never on messages. */
export type RegistryErrorCode =
  /** `{ group, version }` names no model package of the group. */
  | "model-version-not-found"
  /** No approved model in the group, and no `fallback` was given. */
  | "no-champion"
  /** The approved model registered no report of the kind asked for (e.g. no `ModelQuality.Statistics`). */
  | "champion-report-missing"
  /** The report could not be read, or is not JSON. */
  | "champion-report-unreadable"
  /** The metric path is not in the report, or its value is not a number. */
  | "champion-metric-missing"
  /** An option has a value the registry helpers cannot use. */
  | "invalid-registry-option"
  /** An optional AWS SDK client package is not installed. */
  | "missing-peer-dependency";

/**
 * The errors of the model registry helpers that are not AWS failures (those are
 * `AwsOperationError`s): a missing version, no champion, a report or metric that is not there.
 *
 * @example
 * ```ts
 * try { await championMetric({ group: "churn-models", metric: "metrics.accuracy.value" }) } catch (e) {
 *   if (e instanceof RegistryError && e.code === "no-champion") // first model: pass a fallback
 * }
 * ```
 */
export class RegistryError extends SagepipeError {
  declare readonly code: RegistryErrorCode;

  constructor(code: RegistryErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "RegistryError";
  }
}
