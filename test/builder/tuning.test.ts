import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, SagepipeError, pipeline } from "sagepipe";
import { modelStep } from "../../src/builder/steps/model.js";
import { tuningStep, type HyperparameterRanges, type TuningTrainingOptions } from "../../src/builder/steps/tuning.js";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) => wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/${file}`, import.meta.url), "utf8")));

const codeOf = (build: () => unknown): string | undefined => {
  try {
    build();
  } catch (error) {
    return error instanceof SagepipeError ? error.code : "not a SagepipeError";
  }
  return undefined;
};

/** The estimator's hyperparameters in the Python SDK's test_steps tuning tests. */
const hyperparameters = {
  num_layers: 18,
  image_shape: "3,224,224",
  num_classes: 257,
  num_training_samples: 15420,
  mini_batch_size: 128,
  epochs: 10,
  optimizer: "sgd",
  top_k: "2",
  precision_dtype: "float32",
  augmentation_type: "crop",
} as const;

const defaultOutput = { image: "fakeimage", role: DUMMY_ROLE_ARN, instanceType: "ml.c5.4xlarge", hyperparameters } as const;
const training = { ...defaultOutput, outputPath: "s3://my-bucket/" } as const;

describe("tuningStep", () => {
  it("emits what the Python SDK emits for a single-algorithm tuner with warm start and spot training (test_steps L1079)", () => {
    // given
    const p = pipeline("Tuning")
      .param("DataSourceS3Uri", "String", { default: "s3://my-bucket/train_manifest" })
      .param("UseSpotInstances", "Boolean", { default: false })
      .add(({ params }) =>
        tuningStep("MyTuningStep", {
          training: {
            ...training,
            inputs: { training: params.DataSourceS3Uri },
            raw: { EnableManagedSpotTraining: params.UseSpotInstances },
          },
          objective: { metric: "val:accuracy", type: "Maximize" },
          ranges: {
            learning_rate: { continuous: [0.0001, 0.05] },
            momentum: { continuous: ["0.0", 0.99] },
            weight_decay: { continuous: ["0.0", 0.99] },
          },
          maxJobs: 5,
          maxParallelJobs: 2,
          strategy: "Bayesian",
          warmStart: { type: "IdenticalDataAndAlgorithm", parents: ["parent-hpo"] },
        }),
      );
    // when
    const step = p.compile().definition.Steps[0];
    // then: the SDK's test passes early_stopping_type="OFF", which the API does not accept ("Off" or "Auto")
    const expected = fixture("test_steps/test_steps__test_single_algo_tuning_step__L1079.json");
    expect(expected.Arguments.HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType).toBe("OFF");
    expected.Arguments.HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType = "Off";
    expect(step).toStrictEqual(expected);
  });

  it("emits what the Python SDK emits for a multi-algorithm tuner with a parameter in a range (test_steps L1261)", () => {
    // given
    const p = pipeline("Tuning")
      .param("DataSourceS3Uri", "String", { default: "s3://my-bucket/train_manifest" })
      .param("InstanceCount", "Integer", { default: 1 })
      .param("InitialLR", "String", { default: "0.0001" })
      .add(({ params }) => {
        const definition = {
          training: {
            ...training,
            instanceCount: params.InstanceCount,
            inputs: { training: params.DataSourceS3Uri },
            raw: { RetryStrategy: { MaximumRetryAttempts: 10 } },
          },
          objective: { metric: "val:loss", type: "Minimize" },
          ranges: {
            learning_rate: { continuous: [params.InitialLR, 0.05] },
            momentum: { continuous: ["0.0", 0.99] },
            weight_decay: { continuous: ["0.0", 0.99] },
          },
        } as const;
        return tuningStep("MyTuningStep", { definitions: { "estimator-1": definition, "estimator-2": definition } });
      });
    // when
    const step = p.compile().definition.Steps[0];
    // then
    expect(step).toStrictEqual(fixture("test_steps/test_steps__test_multi_algo_tuning_step__L1261.json"));
  });

  it("emits what the Python SDK emits for a multi-algorithm tuner with metric regexes and integer ranges (test_tuning_step L225)", () => {
    // given
    const expected = fixture("test_tuning_step/test_tuning_step__test_tuning_step_with_multi_algo_tuner__L225.json");
    const [first] = expected.Arguments.TrainingJobDefinitions;
    const pytorch = {
      image: first.AlgorithmSpecification.TrainingImage,
      role: DUMMY_ROLE_ARN,
      instanceType: "ml.m5.xlarge",
      outputPath: "s3://my-bucket/",
      inputs: { training: "s3://my-bucket/training-data" },
      hyperparameters: first.StaticHyperParameters,
      raw: { RetryStrategy: { MaximumRetryAttempts: 3 } },
    } satisfies TuningTrainingOptions;
    const objective = { metric: "test:acc", regex: "Overall test accuracy: (.*?);" };
    const p = pipeline("Tuning").add(
      tuningStep("MyTuningStep", {
        definitions: {
          "estimator-1": { training: pytorch, objective, ranges: { "batch-size": { integer: [64, 128] } } },
          "estimator-2": { training: pytorch, objective, ranges: { "batch-size": { integer: [256, 512] } } },
        },
      }),
    );
    // when / then
    expect(p.compile().definition.Steps[0]).toStrictEqual(expected);
  });

  it("builds a tuning job from Training step options: channels, metrics, categorical and scaled ranges, default output, early stopping", () => {
    // given
    const p = pipeline("Tuning")
      .assets({ bucket: "my-bucket" })
      .param("MaxDepth", "Integer", { default: 10 })
      .add(({ params }) =>
        tuningStep("Tune", {
          training: {
            image: "xgboost",
            role: DUMMY_ROLE_ARN,
            instanceType: "ml.m5.xlarge",
            inputs: { train: { source: "s3://my-bucket/train/", contentType: "text/csv" } },
            hyperparameters: { objective: "binary:logistic", eta: 0.2, num_round: 100 },
            metrics: { "validation:auc": "auc: ([0-9.]+)" },
            environment: { MODE: "tune" },
            maxRuntimeSeconds: 3600,
          },
          objective: { metric: "validation:auc" },
          ranges: {
            eta: { continuous: [0.01, 0.3], scaling: "Logarithmic" },
            max_depth: { integer: [3, params.MaxDepth] },
            booster: { categorical: ["gbtree", "dart"] },
          },
          strategy: "Random",
          maxJobs: 20,
          maxParallelJobs: 4,
          earlyStopping: "Auto",
          tags: { team: "ml" },
          cache: true,
          raw: { Autotune: { Mode: "Enabled" } },
        }),
      );
    // when
    const step = p.compile().definition.Steps[0];
    // then
    expect(step).toStrictEqual({
      Name: "Tune",
      Type: "Tuning",
      Arguments: {
        HyperParameterTuningJobConfig: {
          Strategy: "Random",
          ResourceLimits: { MaxNumberOfTrainingJobs: 20, MaxParallelTrainingJobs: 4 },
          TrainingJobEarlyStoppingType: "Auto",
          HyperParameterTuningJobObjective: { Type: "Maximize", MetricName: "validation:auc" },
          ParameterRanges: {
            ContinuousParameterRanges: [{ Name: "eta", MinValue: "0.01", MaxValue: "0.3", ScalingType: "Logarithmic" }],
            CategoricalParameterRanges: [{ Name: "booster", Values: ["gbtree", "dart"] }],
            IntegerParameterRanges: [
              { Name: "max_depth", MinValue: "3", MaxValue: { "Std:Join": { On: "", Values: [{ Get: "Parameters.MaxDepth" }] } }, ScalingType: "Auto" },
            ],
          },
        },
        TrainingJobDefinition: {
          StaticHyperParameters: { objective: "binary:logistic", num_round: "100" },
          RoleArn: DUMMY_ROLE_ARN,
          OutputDataConfig: {
            S3OutputPath: {
              "Std:Join": {
                On: "/",
                Values: ["s3:/", "my-bucket", "sagepipe", { Get: "Execution.PipelineName" }, { Get: "Execution.PipelineExecutionId" }, "Tune", "output"],
              },
            },
          },
          HyperParameterTuningResourceConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 },
          StoppingCondition: { MaxRuntimeInSeconds: 3600 },
          AlgorithmSpecification: {
            TrainingImage: "xgboost",
            TrainingInputMode: "File",
            MetricDefinitions: [{ Name: "validation:auc", Regex: "auc: ([0-9.]+)" }],
          },
          InputDataConfig: [
            {
              ChannelName: "train",
              DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://my-bucket/train/", S3DataDistributionType: "FullyReplicated" } },
              ContentType: "text/csv",
            },
          ],
          Environment: { MODE: "tune" },
        },
        Tags: [{ Key: "team", Value: "ml" }],
        Autotune: { Mode: "Enabled" },
      },
      CacheConfig: { Enabled: true },
    });
  });

  it("leaves MaxNumberOfTrainingJobs out for the Grid strategy", () => {
    const step = tuningStep("Tune", {
      training: { ...training, inputs: { train: "s3://my-bucket/train/" } },
      objective: { metric: "loss", type: "Minimize", regex: "loss=(\\S+)" },
      ranges: { optimizer: { categorical: ["sgd", "adam"] } },
      strategy: "Grid",
    });
    const json = pipeline("Tuning").add(step).compile().definition.Steps[0] as { Arguments: Record<string, Record<string, unknown>> };
    expect(json.Arguments.HyperParameterTuningJobConfig?.ResourceLimits).toStrictEqual({ MaxParallelTrainingJobs: 1 });
    // a tuned hyperparameter is not also static, as the Python SDK does
    expect((json.Arguments.TrainingJobDefinition?.StaticHyperParameters as Record<string, string>).optimizer).toBeUndefined();
    expect(json.Arguments.TrainingJobDefinition?.AlgorithmSpecification).toStrictEqual({
      TrainingImage: "fakeimage",
      TrainingInputMode: "File",
      MetricDefinitions: [{ Name: "loss", Regex: "loss=(\\S+)" }],
    });
  });

  it("gives the S3 URI of the k-th best model as the Python SDK's get_top_model_s3_uri (test_steps L1175)", () => {
    // given
    const single = tuningStep("MyTuningStep", { training, objective: { metric: "acc" }, ranges: { lr: { continuous: [0.1, 0.2] } } });
    const defaulted = tuningStep("Defaulted", { training: defaultOutput, objective: { metric: "acc" }, ranges: { lr: { continuous: [0.1, 0.2] } } });
    const multi = tuningStep("Multi", {
      definitions: {
        a: { training: defaultOutput, objective: { metric: "acc" }, ranges: { lr: { continuous: [0.1, 0.2] } } },
        b: { training: defaultOutput, objective: { metric: "acc" }, ranges: { lr: { continuous: [0.1, 0.2] } } },
      },
    });
    const summary = (step: string, k: number) => ({ Get: `Steps.${step}.TrainingJobSummaries[${k}].TrainingJobName` });
    // then
    expect(single.handle.topModel(0, { bucket: "my-bucket", prefix: "my-prefix" }).toJSON()).toStrictEqual(
      fixture("test_steps/test_steps__test_single_algo_tuning_step__L1175.json"),
    );
    expect(single.handle.topModel(1).toJSON()).toStrictEqual({
      "Std:Join": { On: "/", Values: ["s3://my-bucket", summary("MyTuningStep", 1), "output/model.tar.gz"] },
    });
    expect(single.handle.topModel(2, { outputPath: "s3://other/models/" }).toJSON()).toStrictEqual({
      "Std:Join": { On: "/", Values: ["s3://other/models", summary("MyTuningStep", 2), "output/model.tar.gz"] },
    });
    expect(defaulted.handle.topModel(0).toJSON()).toStrictEqual({
      "Std:Join": {
        On: "/",
        Values: [{ Get: "Steps.Defaulted.TrainingJobDefinition.OutputDataConfig.S3OutputPath" }, summary("Defaulted", 0), "output/model.tar.gz"],
      },
    });
    expect(multi.handle.topModel(0).toJSON()).toStrictEqual({
      "Std:Join": {
        On: "/",
        Values: [{ Get: "Steps.Multi.TrainingJobDefinitions[0].OutputDataConfig.S3OutputPath" }, summary("Multi", 0), "output/model.tar.gz"],
      },
    });
  });

  it("feeds the best model to a Model step; the references compile and validate", () => {
    // given
    const p = pipeline("Tuning")
      .assets({ bucket: "my-bucket" })
      .add(tuningStep("Tune", { training: defaultOutput, objective: { metric: "acc" }, ranges: { lr: { continuous: [0.1, 0.2] } } }))
      .add(({ steps }) => modelStep("BestModel", { image: "fakeimage", modelData: steps.Tune.topModel(0), role: DUMMY_ROLE_ARN }));
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[1]).toMatchObject({
      Name: "BestModel",
      Arguments: { PrimaryContainer: { ModelDataUrl: { "Std:Join": { On: "/" } } } },
    });
    expect(definition.Steps[1]).not.toHaveProperty("DependsOn");
    expect(tuningStep("T", { training, objective: { metric: "acc" }, ranges: { lr: { continuous: [0.1, 0.2] } } }).handle.properties.BestTrainingJob.TrainingJobName.toJSON()).toStrictEqual({
      Get: "Steps.T.BestTrainingJob.TrainingJobName",
    });
  });

  it("rejects bad ranges, a missing or doubled algorithm, local code, conflicting regexes and an out-of-range top k", () => {
    const tune = (ranges: HyperparameterRanges) => tuningStep("T", { training, objective: { metric: "acc" }, ranges });
    expect(() => tune({})).toThrow(/needs at least one hyperparameter range/);
    expect(() => tune({ depth: { integer: [3.5, 8] } })).toThrow(/integer range of "depth" has bound 3.5, which is not an integer/);
    expect(() => tune({ lr: { continuous: [0.5, 0.1] } })).toThrow(/min 0.5 above max 0.1/);
    expect(() => tune({ opt: { categorical: [] } })).toThrow(/needs at least one value/);
    // @ts-expect-error: a range is one of continuous, integer or categorical
    expect(() => tune({ lr: { continuous: [0.1, 0.2], integer: [1, 2] } })).toThrow(/exactly one of continuous, integer or categorical, got continuous and integer/);
    // @ts-expect-error: training or definitions
    expect(codeOf(() => tuningStep("T", { objective: { metric: "acc" }, ranges: {} }))).toBe("conflicting-options");
    expect(codeOf(() => tuningStep("T", { definitions: {} }))).toBe("invalid-tuning-definitions");
    // @ts-expect-error: one algorithm needs an objective
    expect(codeOf(() => tuningStep("T", { training, ranges: { lr: { continuous: [0.1, 0.2] } } }))).toBe("missing-objective");
    // @ts-expect-error: no local code in a tuning job
    expect(() => tuningStep("T", { training: { ...training, code: "./train.py" }, objective: { metric: "acc" }, ranges: { lr: { continuous: [0.1, 0.2] } } })).toThrow(
      /cannot run local code/,
    );
    expect(() =>
      tuningStep("T", {
        training: { ...training, metrics: { acc: "acc=(\\S+)" } },
        objective: { metric: "acc", regex: "accuracy=(\\S+)" },
        ranges: { lr: { continuous: [0.1, 0.2] } },
      }),
    ).toThrow(/regex for "acc" differs/);
    const { handle } = tune({ lr: { continuous: [0.1, 0.2] } });
    expect(codeOf(() => handle.topModel(50))).toBe("invalid-top-model");
    expect(codeOf(() => handle.topModel(-1))).toBe("invalid-top-model");
    const split = tuningStep("T", {
      definitions: {
        a: { training: { ...training, outputPath: "s3://a/" }, objective: { metric: "acc" }, ranges: { lr: { continuous: [0.1, 0.2] } } },
        b: { training: { ...training, outputPath: "s3://b/" }, objective: { metric: "acc" }, ranges: { lr: { continuous: [0.1, 0.2] } } },
      },
    });
    expect(() => split.handle.topModel(0)).toThrow(/pass topModel\(k, \{ outputPath \}\)/);
  });

  it("rejects a definition name SageMaker does not accept when compiled", () => {
    const step = tuningStep("T", { definitions: { "not valid!": { training, objective: { metric: "acc" }, ranges: { lr: { continuous: [0.1, 0.2] } } } } });
    expect(() => pipeline("Tuning").add(step).compile()).toThrow(CompileError);
  });
});
