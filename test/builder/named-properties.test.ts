import { describe, expect, it } from "vitest";
import { SagepipeError, pipeline, stepProperties, trainingStep } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const job = { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/job:1", role, instanceType: "ml.m5.xlarge" } as const;

const base = pipeline("Named")
  .assets({ bucket: "my-bucket" })
  .process("Prepare", { ...job, outputs: { train: "/opt/ml/processing/train" } })
  .train("Train", { ...job, metrics: { "validation:accuracy": "acc=(.*)" } })
  .train("Builtin", { ...job });

/** The code of the SagepipeError `fn` throws. */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SagepipeError) return error.code;
    throw error;
  }
  throw new Error("nothing was thrown");
}

describe("get() on the named lists and maps of step properties", () => {
  it("compiles to the Get path the Python SDK emits for properties.FinalMetricDataList['validation:accuracy'].Value", () => {
    const { definition } = base
      .when("Check", ({ steps }) => [
        steps.Train.properties.FinalMetricDataList.get("validation:accuracy").Value.gte(0.9),
        steps.Train.properties.FinalMetricDataList["validation:accuracy"].Value.gte(0.8),
        steps.Builtin.properties.FinalMetricDataList.get("validation:auc").Value.gte(0.7),
      ])
      .compile();
    const condition = definition.Steps.find((s) => s.Name === "Check") as { Arguments: { Conditions: { LeftValue: unknown }[] } };
    expect(condition.Arguments.Conditions.map((c) => c.LeftValue)).toEqual([
      { Get: "Steps.Train.FinalMetricDataList['validation:accuracy'].Value" },
      { Get: "Steps.Train.FinalMetricDataList['validation:accuracy'].Value" },
      { Get: "Steps.Builtin.FinalMetricDataList['validation:auc'].Value" },
    ]);
  });

  it("selects by name with a string and by position with a number, on lists, and by key on maps", () => {
    const train = stepProperties("Training", "T");
    expect(train.FinalMetricDataList.get(0).Value.toJSON()).toEqual({ Get: "Steps.T.FinalMetricDataList[0].Value" });
    // "0" is a name: the element called "0", not the first (an index written list["0"] cannot tell them apart)
    expect(train.FinalMetricDataList.get("0").Value.toJSON()).toEqual({ Get: "Steps.T.FinalMetricDataList['0'].Value" });
    expect(train.HyperParameters.get("eta").toJSON()).toEqual({ Get: "Steps.T.HyperParameters['eta']" });
    expect(train.AlgorithmSpecification.ContainerEntrypoint.get(1).toJSON()).toEqual({ Get: "Steps.T.AlgorithmSpecification.ContainerEntrypoint[1]" });
    const prepare = stepProperties("Processing", "P");
    expect(prepare.ProcessingOutputConfig.Outputs.get("train").S3Output.S3Uri.toJSON()).toEqual({
      Get: "Steps.P.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri",
    });
    // the same node as the index form
    expect(prepare.ProcessingOutputConfig.Outputs.get("train").toJSON()).toEqual(prepare.ProcessingOutputConfig.Outputs["train"]!.toJSON());
  });

  it("feeds a later step: a processing output by get, as the input of a training", () => {
    const { definition } = base.train("T2", ({ steps }) => ({ ...job, inputs: { train: steps.Prepare.properties.ProcessingOutputConfig.Outputs.get("train").S3Output.S3Uri } })).compile();
    const step = definition.Steps.find((s) => s.Name === "T2") as { Arguments: { InputDataConfig: { DataSource: { S3DataSource: { S3Uri: unknown } } }[] } };
    expect(step.Arguments.InputDataConfig[0]?.DataSource.S3DataSource.S3Uri).toEqual({ Get: "Steps.Prepare.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri" });
  });

  it("refuses, from JavaScript, a metric the step does not declare, with the declared ones", () => {
    const metrics = trainingStep("T", { ...job, metrics: { "validation:accuracy": "acc=(.*)" } }).handle.properties.FinalMetricDataList as unknown as {
      get(name: unknown): unknown;
      readonly [name: string]: unknown;
    };
    expect(() => metrics.get("validation:acuracy")).toThrow(
      /Training step "T" has no metric "validation:acuracy" in FinalMetricDataList\. Did you mean "validation:accuracy"\? Its metrics: validation:accuracy/,
    );
    expect(codeOf(() => metrics["validation:acuracy"])).toBe("unknown-metric");
    expect(codeOf(() => metrics.get(1.5))).toBe("invalid-property-name");
    expect(codeOf(() => metrics.get(-1))).toBe("invalid-property-name");
    expect(codeOf(() => metrics.get("it's"))).toBe("invalid-property-name");
    expect(codeOf(() => metrics.get({}))).toBe("invalid-property-name");
    // a position is always allowed
    expect((metrics.get(0) as { toJSON(): unknown }).toJSON()).toEqual({ Get: "Steps.T.FinalMetricDataList[0]" });
  });

  it("keeps the list open when raw replaces the metric definitions", () => {
    const metrics = trainingStep("T", {
      ...job,
      metrics: { a: "a=(.*)" },
      raw: { AlgorithmSpecification: { MetricDefinitions: [{ Name: "b", Regex: "b=(.*)" }] } },
    }).handle.properties.FinalMetricDataList as unknown as { get(name: string): { toJSON(): unknown } };
    expect(metrics.get("b").toJSON()).toEqual({ Get: "Steps.T.FinalMetricDataList['b']" });
  });

  it("still checks the path after get", () => {
    const list = stepProperties("Training", "T").FinalMetricDataList as unknown as { get(name: string): Record<string, unknown> };
    expect(codeOf(() => list.get("auc")["Valeu"])).toBe("unknown-property");
  });
});
