import type { PipelineBuilder } from "../builder/pipeline-builder.js";
import type { ParameterMap, StepMap } from "../builder/step-definition.js";
import { callAws } from "../aws/call.js";
import { ClientProvider, s3Module } from "../aws/clients.js";
import { parseDeployedDefinition, requireDeployedPipeline } from "../aws/deployed.js";
import { parseS3Uri } from "../aws/upload.js";
import type { CompiledPipeline } from "../compile/compile.js";
import type { Parameter } from "../definition/parameters.js";
import type { RegistryClients } from "./clients.js";
import { RegistryError } from "./errors.js";
import { checkMetricPath, DEFAULT_METRICS_REPORT, metricFromReport, reportKey } from "./metric-report.js";
import { latestApprovedModel, type ModelVersionDetails } from "./model-versions.js";
import { checkOptions, optionShape } from "../options.js";
import { withClients } from "../aws/option-shapes.js";

/** Options of {@link championMetric}. */
export interface ChampionMetricOptions {
  /** The model package group whose newest approved version is the champion. */
  readonly group: string;
  /** A JSON path into the champion's metrics report, e.g. `"metrics.accuracy.value"`. */
  readonly metric: string;
  /**
   * The value when the group has no approved version yet (the first model). Without it, that case
   * throws a `RegistryError` (`no-champion`). It is never used when a champion exists but its report
   * or metric cannot be read: that throws, so a broken report cannot let any model through.
   */
  readonly fallback?: number;
  /** Which ModelMetrics report holds the metric. @default "ModelQuality.Statistics" */
  readonly report?: string;
  readonly clients?: RegistryClients;
}

/** Where a champion metric came from. */
export interface ChampionMetric {
  readonly value: number;
  /** `"champion"`: read from the approved model's report; `"fallback"`: no approved model yet. */
  readonly source: "champion" | "fallback";
  readonly group: string;
  readonly metric: string;
  /** The champion (newest approved version), when there is one. */
  readonly model?: ModelVersionDetails;
  /** The report the value was read from. */
  readonly reportUri?: string;
}

const CHAMPION_METRIC_OPTIONS = withClients(optionShape<ChampionMetricOptions>({ group: true, metric: true, fallback: true, report: true, clients: true }));
const CHAMPION_PARAMETERS_OPTIONS = withClients(
  optionShape<ChampionParametersOptions<string>>({ parameter: true, group: true, metric: true, fallback: true, report: true, clients: true }),
);

/**
 * The current champion's metric: the newest approved version of `group` (ListModelPackages,
 * DescribeModelPackage), its `ModelMetrics.ModelQuality.Statistics` report read from S3, and the
 * number at `metric` in it — with where it came from. `fallback` when nothing is approved yet.
 *
 * @example
 * ```ts
 * const baseline = await resolveChampionMetric({ group: "churn-models", metric: "metrics.accuracy.value", fallback: 0 });
 * baseline; // { value: 0.92, source: "champion", model: { version: 7, ... }, reportUri: "s3://.../evaluation.json", ... }
 * ```
 */
export async function resolveChampionMetric(options: ChampionMetricOptions): Promise<ChampionMetric> {
  checkOptions("resolveChampionMetric", options, CHAMPION_METRIC_OPTIONS);
  const { group, metric, fallback } = options;
  checkMetricPath(metric);
  checkFallback(fallback);
  const report = options.report ?? DEFAULT_METRICS_REPORT;
  const [category, kind] = reportKey(report);
  const provider = new ClientProvider(options.clients);
  await provider.sagemaker(); // created once, shared through the snapshot
  const champion = await latestApprovedModel(group, { clients: provider.snapshot() });
  if (champion === undefined) {
    if (fallback === undefined) {
      throw new RegistryError("no-champion", `model package group "${group}" has no approved version, and no fallback was given for the first model`);
    }
    return { value: fallback, source: "fallback", group, metric };
  }
  const metrics = champion.modelMetrics as Record<string, Record<string, { S3Uri?: string } | undefined> | undefined> | undefined;
  const reportUri = metrics?.[category]?.[kind]?.S3Uri;
  if (reportUri === undefined) {
    throw new RegistryError(
      "champion-report-missing",
      `the champion ${champion.arn} (version ${champion.version}) has no ${report} report in its ModelMetrics: register models with modelMetrics.modelStatistics pointing at the evaluation report`,
    );
  }
  const document = await readJsonReport(provider, reportUri);
  return { value: metricFromReport(document, metric, `${reportUri} of ${champion.arn}`), source: "champion", group, metric, model: champion, reportUri };
}

/**
 * The current champion's metric as a number (see {@link resolveChampionMetric}): the baseline a
 * new model must beat, resolved when a run starts.
 *
 * @example
 * ```ts
 * const baseline = await championMetric({ group: "churn-models", metric: "metrics.accuracy.value", fallback: 0 }); // 0.92
 * await start(churn, { params: { BaselineAccuracy: baseline } });
 * ```
 */
export async function championMetric(options: ChampionMetricOptions): Promise<number> {
  return (await resolveChampionMetric(options)).value;
}

/** The names of a pipeline's number parameters (Float or Integer). */
export type NumberParameterName<P extends ParameterMap> = { [K in keyof P & string]: P[K] extends "Float" | "Integer" ? K : never }[keyof P & string];

/** Options of {@link championParameters}. */
export interface ChampionParametersOptions<N extends string> extends ChampionMetricOptions {
  /** The pipeline parameter that receives the champion's metric, e.g. `"BaselineAccuracy"` (Float). */
  readonly parameter: N;
}

/**
 * The champion's metric as start parameters, `{ BaselineAccuracy: 0.92 }`, after checking that the
 * pipeline declares that parameter as a number (a builder or compiled pipeline offline; a pipeline
 * name against the deployed definition). Pass the result to `start()`: the run compares with a value
 * fixed at start and recorded in the execution's parameters.
 *
 * @example
 * ```ts
 * const params = await championParameters(churn, { group: "churn-models", metric: "metrics.accuracy.value", parameter: "BaselineAccuracy", fallback: 0 });
 * await start(churn, { params }); // params: { BaselineAccuracy: 0.92 }
 * ```
 */
export function championParameters<P extends ParameterMap, S extends StepMap, const N extends NumberParameterName<P>>(
  pipeline: PipelineBuilder<P, S>,
  options: ChampionParametersOptions<N>,
): Promise<{ readonly [K in N]: number }>;
export function championParameters<const N extends string>(pipeline: CompiledPipeline | string, options: ChampionParametersOptions<N>): Promise<{ readonly [K in N]: number }>;
export async function championParameters(
  pipeline: PipelineBuilder<ParameterMap, StepMap> | CompiledPipeline | string,
  options: ChampionParametersOptions<string>,
): Promise<Record<string, number>> {
  checkOptions("championParameters", options, CHAMPION_PARAMETERS_OPTIONS);
  const provider = new ClientProvider(options.clients);
  const { name, parameters } = await declaredParameters(pipeline, provider);
  const declared = parameters.find((p) => p.Name === options.parameter);
  if (declared === undefined) {
    throw new RegistryError(
      "invalid-registry-option",
      `pipeline "${name}" has no parameter "${options.parameter}": declare it, e.g. .param("${options.parameter}", "Float", { default: 0 })`,
    );
  }
  if (declared.Type !== "Float" && declared.Type !== "Integer") {
    throw new RegistryError("invalid-registry-option", `parameter "${options.parameter}" of pipeline "${name}" is a ${declared.Type}; the champion's metric needs a Float parameter`);
  }
  const { parameter: _parameter, ...metricOptions } = options;
  const resolved = await resolveChampionMetric({ ...metricOptions, clients: { ...options.clients, ...provider.snapshot() } });
  if (declared.Type === "Integer" && !Number.isInteger(resolved.value)) {
    throw new RegistryError("invalid-registry-option", `parameter "${options.parameter}" of pipeline "${name}" is an Integer but the champion's metric is ${resolved.value}: declare it as Float`);
  }
  return { [options.parameter]: resolved.value };
}

async function declaredParameters(
  pipeline: PipelineBuilder<ParameterMap, StepMap> | CompiledPipeline | string,
  provider: ClientProvider,
): Promise<{ name: string; parameters: readonly Parameter[] }> {
  if (typeof pipeline === "string") {
    const described = await requireDeployedPipeline(await provider.sagemaker(), pipeline);
    const definition = parseDeployedDefinition(described.PipelineDefinition, `pipeline "${pipeline}"`);
    return { name: pipeline, parameters: definition.Parameters ?? [] };
  }
  if ("definition" in pipeline) return { name: pipeline.name, parameters: pipeline.definition.Parameters ?? [] };
  const node = pipeline.toNode();
  return { name: node.name, parameters: node.parameters };
}

async function readJsonReport(provider: ClientProvider, uri: string): Promise<unknown> {
  const location = parseS3Uri(uri);
  const s3 = await provider.s3();
  const { GetObjectCommand } = await s3Module();
  const response = await callAws("GetObject", () => s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key })), { subject: uri });
  const text = (await response.Body?.transformToString("utf-8")) ?? "";
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RegistryError("champion-report-unreadable", `the champion's report ${uri} is not JSON`, { cause: error });
  }
}

function checkFallback(fallback: number | undefined): void {
  if (fallback !== undefined && !(typeof fallback === "number" && Number.isFinite(fallback))) {
    throw new RegistryError("invalid-registry-option", `fallback must be a finite number, got ${String(fallback)}`);
  }
}
