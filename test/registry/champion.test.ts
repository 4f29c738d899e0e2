import { fileURLToPath } from "node:url";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { DescribeModelPackageCommand, DescribePipelineCommand, ListModelPackagesCommand } from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { pipeline, start } from "sagepipe";
import champion from "../../examples/churn/champion.js";
import { championMetric, championParameters, resolveChampionMetric, RegistryError } from "../../src/registry/index.js";
import { GROUP, mockedRegistryAws, objectBody, packageArn, summary } from "./support.js";

const REPORT = "s3://my-sagepipe-bucket/churn/ChurnPipeline/run7/Evaluate/evaluation/evaluation.json";
const METRIC = "metrics.accuracy.value";
const churnDir = fileURLToPath(new URL("../../examples/churn/", import.meta.url));

/** A registry whose newest approved version is 7, registered with `modelMetrics`. */
function withChampion(modelMetrics: unknown = { ModelQuality: { Statistics: { ContentType: "application/json", S3Uri: REPORT } } }) {
  const aws = mockedRegistryAws();
  aws.sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [summary(7, "Approved")] });
  aws.sm.on(DescribeModelPackageCommand).resolves({
    ModelPackageArn: packageArn(7),
    ModelApprovalStatus: "Approved",
    ...(modelMetrics === "none" ? {} : { ModelMetrics: modelMetrics as never }),
  });
  return aws;
}

describe("championMetric", () => {
  it("reads the metric from the S3 report of the newest approved version", async () => {
    const { clients, sm, s3m } = withChampion();
    s3m.on(GetObjectCommand).resolves(objectBody({ metrics: { accuracy: { value: 0.92 }, recall: { value: 0.8 } }, rows: 60 }));

    await expect(championMetric({ group: GROUP, metric: METRIC, fallback: 0, clients })).resolves.toBe(0.92);
    expect(sm.commandCalls(ListModelPackagesCommand)[0]?.args[0].input).toMatchObject({ ModelApprovalStatus: "Approved", SortOrder: "Descending", MaxResults: 1 });
    expect(s3m.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: "my-sagepipe-bucket", Key: "churn/ChurnPipeline/run7/Evaluate/evaluation/evaluation.json" },
    ]);
  });

  it("says where the value came from", async () => {
    const { clients, s3m } = withChampion();
    s3m.on(GetObjectCommand).resolves(objectBody({ metrics: { accuracy: { value: 0.92 } } }));

    await expect(resolveChampionMetric({ group: GROUP, metric: METRIC, clients })).resolves.toMatchObject({
      value: 0.92,
      source: "champion",
      group: GROUP,
      metric: METRIC,
      reportUri: REPORT,
      model: { arn: packageArn(7), version: 7 },
    });
  });

  it("reads a metric from another report, and a number written as text", async () => {
    const { clients, s3m } = withChampion({ ModelQuality: { Statistics: { S3Uri: REPORT } }, Bias: { Report: { ContentType: "application/json", S3Uri: "s3://b/bias.json" } } });
    s3m.on(GetObjectCommand, { Key: "bias.json" }).resolves(objectBody({ facets: [{ name: "age", dpl: "0.05" }] }));
    await expect(championMetric({ group: GROUP, metric: "facets[0].dpl", report: "Bias.Report", clients })).resolves.toBe(0.05);
  });

  it("is the fallback when the group has no approved version yet (nothing read from S3)", async () => {
    const { clients, sm, s3m } = mockedRegistryAws();
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] });

    await expect(resolveChampionMetric({ group: GROUP, metric: METRIC, fallback: 0.5, clients })).resolves.toEqual({ value: 0.5, source: "fallback", group: GROUP, metric: METRIC });
    expect(sm.commandCalls(DescribeModelPackageCommand)).toHaveLength(0);
    expect(s3m.calls()).toHaveLength(0);
  });

  it("without a fallback, no champion is a RegistryError", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] });
    const failure = championMetric({ group: GROUP, metric: METRIC, clients });
    await expect(failure).rejects.toBeInstanceOf(RegistryError);
    await expect(failure).rejects.toMatchObject({ code: "no-champion", message: expect.stringContaining('"churn-models" has no approved version') });
  });

  it("a metric path missing in the report is a clear error, never the fallback", async () => {
    const { clients, s3m } = withChampion();
    s3m.on(GetObjectCommand).resolves(objectBody({ metrics: { accuracy: { value: 0.92 }, precision: { value: 0.7 } } }));

    await expect(championMetric({ group: GROUP, metric: "metrics.acuracy.value", fallback: 0, clients })).rejects.toMatchObject({
      code: "champion-metric-missing",
      message: `the metric "metrics.acuracy.value" is not in the report ${REPORT} of ${packageArn(7)}: nothing at "metrics.acuracy" (there: accuracy, precision)`,
    });
  });

  it("a metric that is not a number is an error", async () => {
    const { clients, s3m } = withChampion();
    s3m.on(GetObjectCommand).resolves(objectBody({ metrics: { accuracy: { value: "high" } } }));
    await expect(championMetric({ group: GROUP, metric: METRIC, clients })).rejects.toMatchObject({
      code: "champion-metric-missing",
      message: expect.stringContaining('is "high", not a number'),
    });
  });

  it.each([
    ["no ModelMetrics at all", "none"],
    ["only ModelQuality constraints", { ModelQuality: { Constraints: { ContentType: "application/json", S3Uri: "s3://b/constraints.json" } } }],
  ])("a champion registered with %s is an error, never the fallback", async (_, metrics) => {
    const { clients, s3m } = withChampion(metrics);
    await expect(championMetric({ group: GROUP, metric: METRIC, fallback: 0, clients })).rejects.toMatchObject({
      code: "champion-report-missing",
      message: expect.stringContaining(`the champion ${packageArn(7)} (version 7) has no ModelQuality.Statistics report`),
    });
    expect(s3m.calls()).toHaveLength(0);
  });

  it("a report that is not JSON is an error", async () => {
    const { clients, s3m } = withChampion();
    s3m.on(GetObjectCommand).resolves(objectBody("accuracy=0.92"));
    await expect(championMetric({ group: GROUP, metric: METRIC, clients })).rejects.toMatchObject({ code: "champion-report-unreadable" });
  });

  it("a report S3 refuses to give is an AwsOperationError naming the object", async () => {
    const { clients, s3m } = withChampion();
    s3m.on(GetObjectCommand).rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }));
    await expect(championMetric({ group: GROUP, metric: METRIC, clients })).rejects.toMatchObject({ code: "aws-request-failed", operation: "GetObject", message: expect.stringContaining(REPORT) });
  });

  it("checks the metric path, the report name and the fallback before any call", async () => {
    const { clients, sm } = mockedRegistryAws();
    await expect(championMetric({ group: GROUP, metric: "metrics..value", clients })).rejects.toMatchObject({ code: "invalid-registry-option" });
    await expect(championMetric({ group: GROUP, metric: METRIC, report: "ModelQuality", clients })).rejects.toMatchObject({ code: "invalid-registry-option" });
    await expect(championMetric({ group: GROUP, metric: METRIC, fallback: Number.NaN, clients })).rejects.toMatchObject({ code: "invalid-registry-option" });
    expect(sm.calls()).toHaveLength(0);
  });
});

describe("championParameters", () => {
  it("gives the start parameters of a builder, typed by its Float parameter", async () => {
    const { clients, s3m } = withChampion();
    s3m.on(GetObjectCommand).resolves(objectBody({ metrics: { accuracy: { value: 0.92 } } }));

    const params = await championParameters(champion, { group: GROUP, metric: METRIC, parameter: "BaselineAccuracy", fallback: 0, clients });

    expect(params).toEqual({ BaselineAccuracy: 0.92 });
    const typed: { readonly BaselineAccuracy: number } = params;
    expect(typed.BaselineAccuracy).toBe(0.92);
  });

  it("its result type-checks as start()'s params (a compile-time check; nothing is started)", () => {
    const startWithChampion = async () =>
      start(champion, { params: { AccuracyThreshold: 0.85, ...(await championParameters(champion, { group: GROUP, metric: METRIC, parameter: "BaselineAccuracy", fallback: 0 })) } });
    expect(typeof startWithChampion).toBe("function");
  });

  it("works with a compiled pipeline, and gives the fallback for the first model", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] });
    const compiled = champion.compile({ baseDir: churnDir });
    await expect(championParameters(compiled, { group: GROUP, metric: METRIC, parameter: "BaselineAccuracy", fallback: 0, clients })).resolves.toEqual({ BaselineAccuracy: 0 });
  });

  it("checks a deployed pipeline's parameters by name (DescribePipeline)", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(DescribePipelineCommand).resolves({ PipelineDefinition: champion.compile({ baseDir: churnDir }).json });
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] });

    await expect(championParameters("ChurnChampionPipeline", { group: GROUP, metric: METRIC, parameter: "BaselineAccuracy", fallback: 0.5, clients })).resolves.toEqual({ BaselineAccuracy: 0.5 });
    await expect(championParameters("ChurnChampionPipeline", { group: GROUP, metric: METRIC, parameter: "Baseline", fallback: 0.5, clients })).rejects.toMatchObject({
      code: "invalid-registry-option",
      message: expect.stringContaining('pipeline "ChurnChampionPipeline" has no parameter "Baseline"'),
    });
    expect(sm.commandCalls(DescribePipelineCommand)[0]?.args[0].input).toEqual({ PipelineName: "ChurnChampionPipeline" });
  });

  it("refuses a parameter that is not declared, or not a number, before reading the registry", async () => {
    const { clients, sm } = mockedRegistryAws();
    const flow = pipeline("Flow").param("Baseline", "String", { default: "x" }).fail("Stop", "stopped");

    // @ts-expect-error: "Missing" is not a parameter of the pipeline
    await expect(championParameters(flow, { group: GROUP, metric: METRIC, parameter: "Missing", clients })).rejects.toMatchObject({ code: "invalid-registry-option" });
    // @ts-expect-error: "Baseline" is a String parameter
    await expect(championParameters(flow, { group: GROUP, metric: METRIC, parameter: "Baseline", clients })).rejects.toMatchObject({
      message: 'parameter "Baseline" of pipeline "Flow" is a String; the champion\'s metric needs a Float parameter',
    });
    expect(sm.calls()).toHaveLength(0);
  });
});
