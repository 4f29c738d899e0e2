import { describe, expectTypeOf, it } from "vitest";
import { pipeline, type PipelineValue } from "sagepipe";
import { modelStep } from "../../src/builder/steps/model.js";
import { tuningStep, type TuningHandle } from "../../src/builder/steps/tuning.js";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const training = { image: "img", role, instanceType: "ml.m5.xlarge", inputs: { train: "s3://b/train/" } } as const;
const objective = { metric: "validation:auc" } as const;
const ranges = { eta: { continuous: [0.1, 0.5] } } as const;

describe("tuningStep types", () => {
  it("types the handle: the best models and the tuning job's properties", () => {
    pipeline("Typed")
      .add(tuningStep("Tune", { training, objective, ranges }))
      .add(({ steps }) => {
        expectTypeOf(steps.Tune).toEqualTypeOf<TuningHandle<"Tune">>();
        expectTypeOf(steps.Tune.type).toEqualTypeOf<"Tuning">();
        expectTypeOf(steps.Tune.topModel(0)).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Tune.topModel(1, { bucket: "b", prefix: "p" })).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Tune.properties.BestTrainingJob.TrainingJobName).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Tune.properties.TrainingJobSummaries[0]!.TrainingJobName).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Tune.properties.HyperParameterTuningJobName).toEqualTypeOf<PipelineValue<string>>();
        // @ts-expect-error: a property neither tuning response has
        void steps.Tune.properties.ModelArtifacts;
        // @ts-expect-error: a location is a bucket (and prefix) or an output path
        steps.Tune.topModel(0, { prefix: "p" });
        return modelStep("Best", { image: "img", modelData: steps.Tune.topModel(0), role });
      });
  });

  it("takes one algorithm with its objective and ranges, or several definitions", () => {
    tuningStep("A", { training, objective, ranges, strategy: "Hyperband", earlyStopping: "Auto", maxJobs: 10, maxParallelJobs: 2 });
    tuningStep("B", { definitions: { xgb: { training, objective, ranges }, lin: { training, objective: { metric: "loss", type: "Minimize" }, ranges } } });
    // @ts-expect-error: one algorithm needs an objective
    tuningStep("C", { training, ranges });
    // @ts-expect-error: training and definitions exclude each other
    tuningStep("D", { training, objective, ranges, definitions: { xgb: { training, objective, ranges } } });
    // @ts-expect-error: not an objective type
    tuningStep("E", { training, objective: { metric: "auc", type: "Max" }, ranges });
    // @ts-expect-error: not a strategy
    tuningStep("F", { training, objective, ranges, strategy: "Bayes" });
    // @ts-expect-error: a tuning job's algorithm takes no local code
    tuningStep("G", { training: { ...training, code: "./train.py" }, objective, ranges });
  });

  it("types ranges: one kind each, numeric bounds, parameters", () => {
    pipeline("Typed")
      .param("MaxDepth", "Integer", { default: 10 })
      .param("Booster", "String", { default: "gbtree" })
      .add(({ params }) => {
        tuningStep("Ok", {
          training,
          objective,
          ranges: {
            eta: { continuous: ["0.0", 0.5], scaling: "Logarithmic" },
            max_depth: { integer: [3, params.MaxDepth] },
            booster: { categorical: ["dart", params.Booster] },
          },
        });
        // @ts-expect-error: a range is one kind
        tuningStep("Bad", { training, objective, ranges: { eta: { continuous: [0.1, 0.5], categorical: ["a"] } } });
        // @ts-expect-error: a bound is a number (or a number as text)
        tuningStep("Bad", { training, objective, ranges: { eta: { continuous: ["low", 0.5] } } });
        // @ts-expect-error: not a scaling type
        tuningStep("Bad", { training, objective, ranges: { eta: { continuous: [0.1, 0.5], scaling: "Log" } } });
        // @ts-expect-error: the service names the tuning job
        tuningStep("Bad", { training, objective, ranges, raw: { HyperParameterTuningJobName: "t" } });
        return tuningStep("T", { training: { ...training, raw: { EnableManagedSpotTraining: true } }, objective, ranges, cache: true });
      });
  });
});
