import { parsePath, walkPath } from "../runtime/property-path.js";
import { RegistryError } from "./errors.js";

/** The report a champion metric is read from by default: the model quality statistics. */
export const DEFAULT_METRICS_REPORT = "ModelQuality.Statistics";

/**
 * Splits a report name into its ModelMetrics category and kind, e.g. `"ModelQuality.Statistics"`
 * → `["ModelQuality", "Statistics"]` (`"Bias.Report"`, `"ModelDataQuality.Constraints"`, ...).
 *
 * @example
 * ```ts
 * reportKey("ModelQuality.Statistics"); // ["ModelQuality", "Statistics"]
 * ```
 */
export function reportKey(report: string): [category: string, kind: string] {
  const match = /^([A-Za-z]+)\.([A-Za-z]+)$/.exec(report);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new RegistryError("invalid-registry-option", `report must name a ModelMetrics entry such as "ModelQuality.Statistics", got "${report}"`);
  }
  return [match[1], match[2]];
}

/**
 * Checks a metric path (`metrics.accuracy.value`, `$.metrics['f1'].value`, ...) before anything is
 * read, so that a typo fails fast.
 *
 * @example
 * ```ts
 * checkMetricPath("metrics.accuracy.value"); // ok
 * checkMetricPath("metrics..value");         // throws RegistryError (invalid-registry-option)
 * ```
 */
export function checkMetricPath(metric: string): void {
  const tokens = parsePath(metric);
  if (tokens === undefined || tokens.length === 0) {
    throw new RegistryError("invalid-registry-option", `metric must be a JSON path into the report such as "metrics.accuracy.value", got "${metric}"`);
  }
}

/**
 * Reads a number from a metrics report (the JSON an Evaluate step wrote) at a JSON path, with the
 * semantics of `Std:JsonGet`. A missing path or a value that is not a number throws a
 * `RegistryError` (`champion-metric-missing`) naming where the report came from and what it has.
 *
 * @example
 * ```ts
 * metricFromReport({ metrics: { accuracy: { value: 0.92 } } }, "metrics.accuracy.value", "s3://b/eval.json"); // 0.92
 * ```
 */
export function metricFromReport(report: unknown, metric: string, source: string): number {
  checkMetricPath(metric);
  const walked = walkPath(report, parsePath(metric) ?? []);
  if (!walked.found) {
    throw new RegistryError(
      "champion-metric-missing",
      `the metric "${metric}" is not in the report ${source}: nothing at "${walked.at}"${describeKeys(report, metric, walked.at)}`,
    );
  }
  const { value } = walked;
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number)) {
    throw new RegistryError("champion-metric-missing", `the metric "${metric}" in the report ${source} is ${JSON.stringify(value)}, not a number`);
  }
  return number;
}

/** `(it has: accuracy, precision)`: the keys where the walk stopped, to spot a typo. */
function describeKeys(report: unknown, metric: string, stoppedAt: string): string {
  const tokens = parsePath(metric) ?? [];
  const stoppedTokens = parsePath(stoppedAt) ?? [];
  const parent = walkPath(report, tokens.slice(0, Math.max(stoppedTokens.length - 1, 0)));
  if (!parent.found || typeof parent.value !== "object" || parent.value === null || Array.isArray(parent.value)) return "";
  const keys = Object.keys(parent.value);
  return keys.length === 0 ? "" : ` (there: ${keys.join(", ")})`;
}
