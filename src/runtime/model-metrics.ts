/**
 * The metrics reports a model package points to (`ModelMetrics.<Category>.<Kind>.S3Uri`), keyed as
 * `"ModelQuality.Statistics"` — the form the local registry, lineage and the champion gate use.
 *
 * @example
 * ```ts
 * metricsReports({ ModelQuality: { Statistics: { ContentType: "application/json", S3Uri: "s3://b/evaluation.json" } } });
 * // [{ key: "ModelQuality.Statistics", uri: "s3://b/evaluation.json" }]
 * ```
 */
export function metricsReports(modelMetrics: unknown): { readonly key: string; readonly uri: string }[] {
  const reports: { key: string; uri: string }[] = [];
  for (const [category, kinds] of Object.entries(asObject(modelMetrics))) {
    for (const [kind, source] of Object.entries(asObject(kinds))) {
      const uri = asObject(source).S3Uri;
      if (typeof uri === "string") reports.push({ key: `${category}.${kind}`, uri });
    }
  }
  return reports;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
