import { describe, expectTypeOf, it } from "vitest";
import { pipeline, processingStep, trainingStep, type PipelineValue, type TrainingOptions } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const job = { image: "img", role, instanceType: "ml.m5.xlarge" } as const;

const base = pipeline("Named")
  .process("Prepare", { ...job, outputs: { train: "/opt/ml/processing/train" } })
  .train("Train", { ...job, metrics: { "validation:accuracy": "acc=(.*)", "validation:loss": "loss=(.*)" } })
  .train("Builtin", { ...job });

describe("named lists and maps of step properties", () => {
  it("types a declared metric as present, by index and by get, and refuses another name", () => {
    base.when("C", ({ steps }) => {
      const metrics = steps.Train.properties.FinalMetricDataList;
      expectTypeOf(metrics["validation:accuracy"].Value).toEqualTypeOf<PipelineValue<number>>();
      expectTypeOf(metrics.get("validation:loss").Value).toEqualTypeOf<PipelineValue<number>>();
      expectTypeOf(metrics.get(0).MetricName).toEqualTypeOf<PipelineValue<string>>();
      // @ts-expect-error: a metric the step does not declare
      void metrics["validation:acc"];
      // @ts-expect-error: a metric the step does not declare
      metrics.get("validation:acc");
      return metrics.get("validation:accuracy").Value.gte(0.9);
    });
  });

  it("keeps the list open when the step declares no metrics (a built-in algorithm publishes its own)", () => {
    base.when("C", ({ steps }) => {
      const metrics = steps.Builtin.properties.FinalMetricDataList;
      expectTypeOf(metrics.get("validation:auc").Value).toEqualTypeOf<PipelineValue<number>>();
      // an index may be undefined under noUncheckedIndexedAccess; get is the same element, present
      expectTypeOf(metrics["validation:auc"]).toEqualTypeOf<ReturnType<typeof metrics.get> | undefined>();
      return metrics.get("validation:auc").Value.gte(0.9);
    });
  });

  it("types an open list or map by get: processing outputs, hyperparameters, tuning summaries", () => {
    base
      .tune("Tune", { training: job, objective: { metric: "auc" }, ranges: { eta: { continuous: [0.1, 0.5] } } })
      .process("Use", ({ steps }) => {
        expectTypeOf(steps.Prepare.properties.ProcessingOutputConfig.Outputs.get("train").S3Output.S3Uri).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Train.properties.HyperParameters.get("eta")).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Tune.properties.TrainingJobSummaries.get(0).TrainingJobName).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Train.properties.AlgorithmSpecification.ContainerEntrypoint.get(0)).toEqualTypeOf<PipelineValue<string>>();
        // @ts-expect-error: a map takes keys, not positions
        steps.Train.properties.HyperParameters.get(0);
        // @ts-expect-error: a list of strings is indexed by position
        steps.Train.properties.AlgorithmSpecification.ContainerEntrypoint.get("a");
        return { ...job, inputs: { data: steps.Prepare.properties.ProcessingOutputConfig.Outputs.get("train").S3Output.S3Uri } };
      });
  });

  it("types the step functions' handles the same way", () => {
    const train = trainingStep("T", { ...job, metrics: { auc: "auc=(.*)" } });
    expectTypeOf(train.handle.properties.FinalMetricDataList.get("auc").Value).toEqualTypeOf<PipelineValue<number>>();
    // @ts-expect-error: a metric the step does not declare
    train.handle.properties.FinalMetricDataList.get("f1");
    const prepare = processingStep("P", { ...job, outputs: { a: "/opt/ml/processing/a" } });
    expectTypeOf(prepare.handle.properties.ProcessingOutputConfig.Outputs.get("a").OutputName).toEqualTypeOf<PipelineValue<string>>();
  });

  it("keeps the list open for options typed by the interface (no metric names known)", () => {
    const options: TrainingOptions = { ...job, metrics: { auc: "auc=(.*)" } };
    const train = trainingStep("T", options);
    expectTypeOf(train.handle.properties.FinalMetricDataList.get("anything").Value).toEqualTypeOf<PipelineValue<number>>();
  });
});
