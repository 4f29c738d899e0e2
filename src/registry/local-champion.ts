import { listLocalModelVersions, type LocalModelVersion } from "../local/registry.js";
import { RegistryError } from "./errors.js";
import { checkMetricPath, DEFAULT_METRICS_REPORT, metricFromReport, reportKey } from "./metric-report.js";
import { checkOptions, optionShape } from "../options.js";

/** Options of {@link localChampionMetric}. */
export interface LocalChampionMetricOptions {
  /** The model package group whose newest approved version is the champion. */
  readonly group: string;
  /** A JSON path into the champion's metrics report, e.g. `"metrics.accuracy.value"`. */
  readonly metric: string;
  /** The value when no version of the group is approved yet. Without it, that case throws (`no-champion`). */
  readonly fallback?: number;
  /** Which report holds the metric. @default "ModelQuality.Statistics" */
  readonly report?: string;
}

/** Where a local champion metric came from. */
export interface LocalChampionMetric {
  readonly value: number;
  readonly source: "champion" | "fallback";
  readonly group: string;
  readonly metric: string;
  /** The champion (the highest approved version), when there is one. */
  readonly model?: LocalModelVersion;
}

const LOCAL_CHAMPION_OPTIONS = optionShape<LocalChampionMetricOptions>({ group: true, metric: true, fallback: true, report: true });

/**
 * The champion's metric in a local model registry (what `sagepipe run --local` registers into,
 * `<workdir>/registry/<group>/<version>.json`): the highest approved version of `group`, and the
 * number at `metric` in its `ModelQuality.Statistics` report. `fallback` when nothing is approved.
 *
 * @example
 * ```ts
 * const baseline = await resolveLocalChampionMetric("examples/churn/.sagepipe", { group: "churn-models", metric: "metrics.accuracy.value", fallback: 0 });
 * baseline; // { value: 0.98, source: "champion", model: { modelPackageVersion: 3, ... }, ... }
 * ```
 */
export async function resolveLocalChampionMetric(workdir: string, options: LocalChampionMetricOptions): Promise<LocalChampionMetric> {
  checkOptions("resolveLocalChampionMetric", options, LOCAL_CHAMPION_OPTIONS);
  const { group, metric, fallback } = options;
  checkMetricPath(metric);
  if (fallback !== undefined && !Number.isFinite(fallback)) {
    throw new RegistryError("invalid-registry-option", `fallback must be a finite number, got ${String(fallback)}`);
  }
  const report = options.report ?? DEFAULT_METRICS_REPORT;
  reportKey(report);
  const versions = await listLocalModelVersions(workdir, group);
  const champion = versions.filter((version) => version.approvalStatus === "Approved").at(-1);
  if (champion === undefined) {
    if (fallback === undefined) {
      throw new RegistryError(
        "no-champion",
        `the local registry ${workdir} has no approved version of "${group}"${versions.length > 0 ? ` (${versions.length} version${versions.length === 1 ? "" : "s"}, none approved)` : ""}, and no fallback was given`,
      );
    }
    return { value: fallback, source: "fallback", group, metric };
  }
  const where = `of ${group} version ${champion.modelPackageVersion} in ${workdir}`;
  const document = champion.metrics?.[report];
  if (document === undefined) {
    throw new RegistryError("champion-report-missing", `the local champion (${group} version ${champion.modelPackageVersion}) has no ${report} report`);
  }
  if (isUnreadable(document)) {
    throw new RegistryError("champion-report-unreadable", `the ${report} report ${where} could not be read when the model was registered (${document.unreadable})`);
  }
  return { value: metricFromReport(document, metric, `${report} ${where}`), source: "champion", group, metric, model: champion };
}

/**
 * The champion's metric in a local model registry, as a number (see {@link resolveLocalChampionMetric}).
 *
 * @example
 * ```ts
 * const baseline = await localChampionMetric(".sagepipe", { group: "churn-models", metric: "metrics.accuracy.value", fallback: 0 });
 * await runLocal(champion, { params: { BaselineAccuracy: baseline } });
 * ```
 */
export async function localChampionMetric(workdir: string, options: LocalChampionMetricOptions): Promise<number> {
  return (await resolveLocalChampionMetric(workdir, options)).value;
}

/** The local runner records a report it could not read as `{ unreadable: <uri> }`. */
function isUnreadable(document: unknown): document is { unreadable: string } {
  return typeof document === "object" && document !== null && Object.keys(document).length === 1 && typeof (document as { unreadable?: unknown }).unreadable === "string";
}
