import { describe, expect, it } from "vitest";
import { z } from "zod";
import { execution, experimentConfig, join, pipeline, processingStep, trainingStep, tuningStep } from "sagepipe";

// A plain Training step's hyperparameters as the Python SDK's Estimator writes them: each value
// through sagemaker.utils.to_string (estimator.py, _Job._get_train_args), which for a pipeline value
// is its to_string(): a String parameter (ParameterString.to_string), an execution variable
// (ExecutionVariable.to_string) and a Join (Join.to_string) return themselves; every other pipeline
// value — a step's property, a Lambda output, a JsonGet, an Integer/Float/Boolean parameter, a
// PipelineExperimentConfig property — takes PipelineVariable.to_string:
// {"Std:Join": {"On": "", "Values": [value]}} (sagemaker/workflow/entities.py).

const proc = { image: "fakeimage", role: "arn:aws:iam::111111111111:role/DummyRole", instanceType: "ml.m5.xlarge" } as const;
const job = { ...proc, outputPath: "s3://my-bucket/out" } as const;
const wrapped = (value: unknown) => ({ "Std:Join": { On: "", Values: [value] } });

function hyperparameters() {
  const compiled = pipeline("P")
    .assets({ bucket: "my-bucket" })
    .param("Name", "String", { default: "n" })
    .param("Epochs", "Integer", { default: 5 })
    .param("Rate", "Float", { default: 0.1 })
    .param("Flag", "Boolean", { default: false })
    .add(processingStep("Prep", { ...proc, outputs: { report: "/opt/ml/processing/report" }, propertyFiles: { Report: { output: "report", path: "report.json", schema: z.object({ a: z.object({ b: z.string() }) }) } } }))
    .lambda("L", { functionArn: "arn:aws:lambda:us-west-2:111111111111:function:f", outputs: { label: "String" } })
    .add(({ params, steps }) =>
      trainingStep("Train", {
        ...job,
        hyperparameters: {
          name: params.Name,
          execution: execution.PipelineExecutionId,
          joined: join(["a", params.Epochs], "-"),
          epochs: params.Epochs,
          rate: params.Rate,
          flag: params.Flag,
          job: steps.Prep.properties.ProcessingJobName,
          label: steps.L.outputs.label,
          fromFile: steps.Prep.propertyFiles.Report.get("a.b"),
          experiment: experimentConfig.ExperimentName,
          literal: "x",
        },
      }),
    )
    .compile();
  const train = compiled.definition.Steps.find((step) => step.Name === "Train") as { Arguments: { HyperParameters: Record<string, unknown> } };
  return train.Arguments.HyperParameters;
}

describe("trainingStep hyperparameters: pipeline values through the SDK's to_string()", () => {
  it("a String parameter, an execution variable and a Join stay as they are", () => {
    const hps = hyperparameters();
    expect(hps.name).toEqual({ Get: "Parameters.Name" });
    expect(hps.execution).toEqual({ Get: "Execution.PipelineExecutionId" });
    expect(hps.joined).toEqual({ "Std:Join": { On: "-", Values: ["a", { Get: "Parameters.Epochs" }] } });
    expect(hps.literal).toBe("x");
  });

  it("a step's string property, a Lambda output, a JsonGet and an experiment property are wrapped in a Join, as the SDK wraps them", () => {
    const hps = hyperparameters();
    expect(hps.job).toEqual(wrapped({ Get: "Steps.Prep.ProcessingJobName" }));
    expect(hps.label).toEqual(wrapped({ Get: "Steps.L.OutputParameters['label']" }));
    expect(hps.fromFile).toEqual(wrapped({ "Std:JsonGet": { PropertyFile: { Get: "Steps.Prep.PropertyFiles.Report" }, Path: "a.b" } }));
    expect(hps.experiment).toEqual(wrapped({ Get: "PipelineExperimentConfig.ExperimentName" }));
  });

  it("numeric and boolean parameters are wrapped, once", () => {
    const hps = hyperparameters();
    expect(hps.epochs).toEqual(wrapped({ Get: "Parameters.Epochs" }));
    expect(hps.rate).toEqual(wrapped({ Get: "Parameters.Rate" }));
    expect(hps.flag).toEqual(wrapped({ Get: "Parameters.Flag" }));
  });

  it("a tuning job's static hyperparameters the same way (the SDK's tuner applies to_string too)", () => {
    const compiled = pipeline("P")
      .add(processingStep("Prep", proc))
      .add(({ steps }) =>
        tuningStep("Tune", {
          training: { ...job, hyperparameters: { job: steps.Prep.properties.ProcessingJobName, eta: 0.2 } },
          objective: { metric: "validation:auc" },
          ranges: { max_depth: { integer: [1, 10] } },
        }),
      )
      .compile();
    const tune = compiled.definition.Steps[1] as { Arguments: { TrainingJobDefinition: { StaticHyperParameters: Record<string, unknown> } } };
    expect(tune.Arguments.TrainingJobDefinition.StaticHyperParameters.job).toEqual(wrapped({ Get: "Steps.Prep.ProcessingJobName" }));
  });

  it("literal numbers and booleans as Python's str() writes them, as the SDK's Estimator sends them", () => {
    const compiled = pipeline("P")
      .add(
        trainingStep("Train", {
          ...job,
          hyperparameters: { early_stopping: true, shuffle: false, eta: 0.1, lr: 1e-5, tiny: 1e-7, depth: 5, big: 1e21, name: "True" },
        }),
      )
      .compile();
    const train = compiled.definition.Steps[0] as { Arguments: { HyperParameters: Record<string, unknown> } };
    // str(True), str(False), str(0.1), str(1e-05), str(1e-07), str(5), str(1e+21)
    expect(train.Arguments.HyperParameters).toEqual({ early_stopping: "True", shuffle: "False", eta: "0.1", lr: "1e-05", tiny: "1e-07", depth: "5", big: "1e+21", name: "True" });
  });

  it("a tuning job's static hyperparameters and its ranges' bounds and values the same way (the SDK's tuner and parameter ranges apply to_string)", () => {
    const compiled = pipeline("P")
      .add(
        tuningStep("Tune", {
          training: { ...job, hyperparameters: { early_stopping: true, lr: 1e-5 } },
          objective: { metric: "validation:auc" },
          ranges: { eta: { continuous: [1e-5, 0.5] }, depth: { integer: [1, 10] }, shuffle: { categorical: [true, false] } },
        }),
      )
      .compile();
    const tune = compiled.definition.Steps[0] as {
      Arguments: { TrainingJobDefinition: { StaticHyperParameters: Record<string, unknown> }; HyperParameterTuningJobConfig: { ParameterRanges: Record<string, { Name: string; MinValue?: string; MaxValue?: string; Values?: string[] }[]> } };
    };
    expect(tune.Arguments.TrainingJobDefinition.StaticHyperParameters).toMatchObject({ early_stopping: "True", lr: "1e-05" });
    const ranges = tune.Arguments.HyperParameterTuningJobConfig.ParameterRanges;
    expect(ranges.ContinuousParameterRanges?.[0]).toMatchObject({ Name: "eta", MinValue: "1e-05", MaxValue: "0.5" });
    expect(ranges.IntegerParameterRanges?.[0]).toMatchObject({ Name: "depth", MinValue: "1", MaxValue: "10" });
    expect(ranges.CategoricalParameterRanges?.[0]).toMatchObject({ Name: "shuffle", Values: ["True", "False"] });
  });
});
