import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import * as zm from "zod/mini";
import { execution, join, pipeline, type PipelineCondition, type PipelineValue, type ProcessingOptions, type TrainingOptions } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const job: ProcessingOptions = { image: "img", role, instanceType: "ml.m5.xlarge" };

const base = pipeline("Typed")
  .param("Threshold", "Float", { default: 0.8 })
  .param("Epochs", "Integer")
  .param("Region", "String", { default: "us-east-1", enum: ["us-east-1", "eu-west-1"] })
  .param("Deploy", "Boolean", { default: false })
  .process("Evaluate", {
    ...job,
    outputs: { evaluation: "/opt/ml/processing/evaluation" },
    propertyFiles: {
      report: { output: "evaluation", path: "evaluation.json", schema: z.object({ metrics: z.object({ accuracy: z.object({ value: z.number() }) }), model: z.string() }) },
      loose: { output: "evaluation", path: "other.json" },
    },
  })
  .train("Train", { image: "img", role, instanceType: "ml.m5.xlarge", metrics: { accuracy: "acc=(.*)" } });

describe("the builder's types", () => {
  it("types parameters by their declared type", () => {
    base.process("P", ({ params }) => {
      expectTypeOf(params.Threshold).toEqualTypeOf<PipelineValue<number>>();
      expectTypeOf(params.Epochs).toEqualTypeOf<PipelineValue<number>>();
      // an enum parameter's values are its enum's
      expectTypeOf(params.Region).toEqualTypeOf<PipelineValue<"us-east-1" | "eu-west-1">>();
      expectTypeOf(params.Deploy).toEqualTypeOf<PipelineValue<boolean>>();
      // @ts-expect-error: an undeclared parameter
      void params.Thresold;
      return job;
    });
  });

  it("rejects a default of the wrong type", () => {
    // @ts-expect-error: a Float parameter's default is a number
    pipeline("X").param("T", "Float", { default: "0.8" });
    // @ts-expect-error: EnumValues are for String parameters
    pipeline("X").param("N", "Integer", { enum: ["1"] });
  });

  it("types step properties from the AWS responses, and rejects unknown steps and paths", () => {
    base.process("P", ({ steps }) => {
      expectTypeOf(steps.Train.properties.ModelArtifacts.S3ModelArtifacts).toEqualTypeOf<PipelineValue<string>>();
      // named lists index by name; under noUncheckedIndexedAccess an index may be undefined (use the shortcuts)
      expectTypeOf(steps.Train.properties.FinalMetricDataList["accuracy"]!.Value).toEqualTypeOf<PipelineValue<number>>();
      expectTypeOf(steps.Evaluate.properties.ProcessingOutputConfig.Outputs["evaluation"]!.S3Output.S3Uri).toEqualTypeOf<PipelineValue<string>>();
      expectTypeOf(steps.Train.properties.HyperParameters["epochs"]).toEqualTypeOf<PipelineValue<string> | undefined>();
      expectTypeOf(steps.Train.metrics.accuracy).toEqualTypeOf<PipelineValue<number>>();
      expectTypeOf(steps.Evaluate.outputs.evaluation).toEqualTypeOf<PipelineValue<string>>();
      // @ts-expect-error: a misspelled property path
      void steps.Train.properties.ModelArtifacts.S3ModelArtifact;
      // @ts-expect-error: a step that does not exist
      void steps.Trian;
      // @ts-expect-error: an output the step does not declare
      void steps.Evaluate.outputs.train;
      // @ts-expect-error: a metric the step does not declare
      void steps.Train.metrics.loss;
      return job;
    });
  });

  it("types property-file paths from their zod schema", () => {
    base.when("Check", ({ steps }) => {
      expectTypeOf(steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value")).toEqualTypeOf<PipelineValue<number>>();
      expectTypeOf(steps.Evaluate.propertyFiles.report.get("model")).toEqualTypeOf<PipelineValue<string>>();
      expectTypeOf(steps.Evaluate.propertyFiles.loose.get("anything.at.all")).toEqualTypeOf<PipelineValue<unknown>>();
      // @ts-expect-error: a path the schema does not have
      steps.Evaluate.propertyFiles.report.get("metrics.acuracy.value");
      return steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value").gte(0.8);
    });
  });

  it("takes any zod 4 schema as a property file's shape (zod mini too), and nothing else", () => {
    const mini = pipeline("Mini").process("Evaluate", {
      ...job,
      outputs: { evaluation: "/opt/ml/processing/evaluation" },
      propertyFiles: { report: { output: "evaluation", path: "evaluation.json", schema: zm.object({ accuracy: zm.number() }) } },
    });
    mini.when("Check", ({ steps }) => {
      expectTypeOf(steps.Evaluate.propertyFiles.report.get("accuracy")).toEqualTypeOf<PipelineValue<number>>();
      // @ts-expect-error: a path the schema does not have
      steps.Evaluate.propertyFiles.report.get("acuracy");
      return steps.Evaluate.propertyFiles.report.get("accuracy").gte(0.8);
    });
    pipeline("NotZod").process("Evaluate", {
      ...job,
      outputs: { evaluation: "/opt/ml/processing/evaluation" },
      // @ts-expect-error: a schema is a zod schema, not anything with a parse method
      propertyFiles: { report: { output: "evaluation", path: "evaluation.json", schema: { parse: (value: unknown) => value } } },
    });
  });

  it("refuses to compare a string with a number", () => {
    base.when("Check", ({ params, steps }) => {
      // @ts-expect-error: a String parameter ordered against a number
      params.Region.gte(1);
      // @ts-expect-error: equality of a string with a number
      params.Region.eq(1);
      // @ts-expect-error: a number compared with a string parameter
      params.Threshold.gte(params.Region);
      // @ts-expect-error: a string property ordered against a number
      steps.Train.properties.TrainingJobName.lt(3);
      // @ts-expect-error: a number ordered against a string
      params.Threshold.gt("0.8");
      // @ts-expect-error: an Integer parameter ordered against an execution variable (a string)
      params.Epochs.lte(execution.StartDateTime);
      // @ts-expect-error: an execution variable (a string) ordered against a number
      execution.StartDateTime.gt(params.Epochs);
      // @ts-expect-error: a string property ordered against a number property
      steps.Train.properties.TrainingJobName.gte(steps.Train.metrics.accuracy);
      return params.Threshold.lte(steps.Train.metrics.accuracy);
    });
  });

  it("orders numbers with numbers and strings with strings, booleans not at all", () => {
    base.when("Check", ({ params, steps }) => {
      expectTypeOf(params.Threshold.gt(0.5)).toEqualTypeOf<PipelineCondition>();
      expectTypeOf(execution.StartDateTime.gt("2024-01-01T00:00:00Z")).toEqualTypeOf<PipelineCondition>();
      params.Epochs.lt(params.Threshold);
      params.Region.gte("eu-west-1");
      params.Region.lt(steps.Train.properties.TrainingJobName);
      execution.StartDateTime.lte(params.Region);
      execution.CurrentDateTime.gt(join`${params.Region}-2024`);
      // a value of unknown type (an untyped property file) takes a number or a string
      steps.Evaluate.propertyFiles.loose.get("count").gte(3);
      steps.Evaluate.propertyFiles.loose.get("date").gte("2024-01-01");
      // @ts-expect-error: a Boolean parameter is not ordered
      params.Deploy.gt(true);
      // @ts-expect-error: a Boolean parameter is not ordered, not even against a number
      params.Deploy.lte(1);
      // @ts-expect-error: a value of unknown type is not ordered against a boolean
      steps.Evaluate.propertyFiles.loose.get("count").lt(false);
      return steps.Evaluate.propertyFiles.report.get("model").gt("v2");
    });
  });

  it("accepts values where the API wants them, and joins into strings", () => {
    base.train("T2", ({ params, steps }) => {
      const options: TrainingOptions = {
        image: join`${params.Region}.dkr.ecr/${steps.Train.properties.TrainingJobName}`,
        role,
        instanceType: "ml.m5.xlarge",
        instanceCount: params.Epochs,
        hyperparameters: { epochs: params.Epochs, lr: 0.1 },
        // @ts-expect-error: a string value where a number is wanted
        volumeSizeInGB: params.Region,
      };
      return options;
    });
  });
});

describe("reusable step options", () => {
  // options as a function of a context type of their own: only what they read
  const trainOnEvaluation = ({ params, steps }: { params: { Epochs: PipelineValue<number> }; steps: { Evaluate: { outputs: { evaluation: PipelineValue<string> } } } }): TrainingOptions => ({
    image: "img",
    role,
    instanceType: "ml.m5.xlarge",
    inputs: { train: steps.Evaluate.outputs.evaluation },
    hyperparameters: { epochs: params.Epochs },
  });

  it("keep the names the handle is typed by when checked with satisfies", () => {
    const prepare = ({ params }: { params: { Region: PipelineValue<string> } }) =>
      ({ ...job, environment: { REGION: params.Region }, outputs: { train: "/opt/ml/processing/train" } }) satisfies ProcessingOptions;
    base.process("Prepare", prepare).process("Use", ({ steps }) => {
      expectTypeOf(steps.Prepare.outputs.train).toEqualTypeOf<PipelineValue<string>>();
      // @ts-expect-error: a misspelled output name
      void steps.Prepare.outputs.tran;
      return job;
    });
  });

  it("fit every pipeline whose context has what they read, and no other", () => {
    base.train("Again", trainOnEvaluation);
    // @ts-expect-error: this pipeline has no Evaluate step
    pipeline("Other").param("Epochs", "Integer").train("Again", trainOnEvaluation);
    // @ts-expect-error: Epochs is a String parameter here, not a number
    pipeline("Other").param("Epochs", "String").process("Evaluate", { ...job, outputs: { evaluation: "/opt/ml/processing/e" } }).train("Again", trainOnEvaluation);
  });
});
