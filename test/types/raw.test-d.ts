import { describe, expectTypeOf, it } from "vitest";
import { localCode, type PipelineValue, type PropertyFileRef } from "sagepipe";
import { rawStep } from "../../src/builder/steps/raw.js";

declare const text: PipelineValue<string>;
declare const count: PipelineValue<number>;
declare const flag: PipelineValue<boolean>;

const training = {
  AlgorithmSpecification: { TrainingImage: "img", TrainingInputMode: "File" },
  RoleArn: "role",
  OutputDataConfig: { S3OutputPath: "s3://b/out" },
  ResourceConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 },
  StoppingCondition: { MaxRuntimeInSeconds: 86400 },
} as const;

describe("rawStep's types", () => {
  it("types Arguments as the AWS request, with pipeline values in nested leaves", () => {
    rawStep("T", "Training", {
      arguments: { ...training, ResourceConfig: { InstanceCount: count, InstanceType: text, VolumeSizeInGB: 30 }, EnableManagedSpotTraining: flag },
    });
    rawStep("T", "Training", {
      // @ts-expect-error: a key the request does not have
      arguments: { ...training, TrainingJobNam: "x" },
    });
    // @ts-expect-error: the service names the job: TrainingJobName is not taken
    rawStep("T", "Training", { arguments: { ...training, TrainingJobName: "x" } });
    // @ts-expect-error: InstanceCount is a number
    rawStep("T", "Training", { arguments: { ...training, ResourceConfig: { InstanceCount: text, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } } });
    const { RoleArn: _role, ...withoutRole } = training;
    // @ts-expect-error: RoleArn is required by CreateTrainingJob
    rawStep("T", "Training", { arguments: withoutRole });
    // @ts-expect-error: Pipelines rejects DataCaptureConfig in an EndpointConfig step
    rawStep("C", "EndpointConfig", { arguments: { EndpointConfigName: "c", ProductionVariants: [], DataCaptureConfig: {} } });
    // a string leaf takes local code
    rawStep("P", "Processing", {
      arguments: {
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
        AppSpecification: { ImageUri: "img" },
        RoleArn: "role",
        ProcessingInputs: [{ InputName: "code", S3Input: { S3Uri: localCode("./scripts"), S3DataType: "S3Prefix", LocalPath: "/opt/ml/processing/input/code" } }],
      },
    });
  });

  it("types Arguments without an AWS request from the definition format, values where it takes expressions", () => {
    rawStep("E", "EMR", { arguments: { ClusterId: text, StepConfig: { HadoopJarStep: { Jar: "s3://b/x.jar", Args: [text] } } } });
    // @ts-expect-error: HadoopJarStep needs a Jar
    rawStep("E", "EMR", { arguments: { ClusterId: "j-1", StepConfig: { HadoopJarStep: { Args: ["a"] } } } });
    rawStep("S", "EMRServerless", {
      arguments: { ExecutionRoleArn: text, ApplicationId: "app1", JobConfig: { executionRoleArn: text, jobDriver: { sparkSubmit: { entryPoint: "s3://b/job.py" } } } },
    });
    rawStep("L", "Lineage", { arguments: { Artifacts: [{ Source: { SourceUri: text }, ArtifactType: "DataSet" }] } });
    rawStep("F", "Fail", { arguments: { ErrorMessage: text } });
    // @ts-expect-error: ErrorMessage is a string
    rawStep("F", "Fail", { arguments: { ErrorMessage: count } });
  });

  it("types step-level keys per type, literal where the format takes no expression", () => {
    rawStep("L", "Lambda", { FunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:f" });
    // @ts-expect-error: a Lambda step needs FunctionArn
    rawStep("L", "Lambda", { arguments: {} });
    // @ts-expect-error: FunctionArn is a literal ARN, not a pipeline value
    rawStep("L", "Lambda", { FunctionArn: text });
    // @ts-expect-error: a Training step has no FunctionArn
    rawStep("T", "Training", { arguments: training, FunctionArn: "arn" });
    const args = {
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
      AppSpecification: { ImageUri: "img" },
      RoleArn: "role",
    } as const;
    rawStep("Q", "QualityCheck", { arguments: args, CheckType: "DATA_QUALITY", ModelPackageGroupName: text, SkipCheck: flag, SuppliedBaselineStatistics: null });
    // @ts-expect-error: CheckType is a literal
    rawStep("Q", "QualityCheck", { arguments: args, CheckType: text });
    // @ts-expect-error: a QualityCheck is DATA_QUALITY or MODEL_QUALITY
    rawStep("Q", "QualityCheck", { arguments: args, CheckType: "DATA_BIAS" });
    rawStep("C", "ClarifyCheck", { arguments: args, CheckType: "MODEL_BIAS", ModelName: text });
  });

  it("types the handle: properties, Lambda outputs, property files", () => {
    const train = rawStep("T", "Training", { arguments: training }).handle;
    expectTypeOf(train.name).toEqualTypeOf<"T">();
    expectTypeOf(train.type).toEqualTypeOf<"Training">();
    expectTypeOf(train.properties.ModelArtifacts.S3ModelArtifacts).toEqualTypeOf<PipelineValue<string>>();
    // @ts-expect-error: a misspelled property path
    void train.properties.ModelArtifacts.S3ModelArtifact;

    const lambda = rawStep("L", "Lambda", {
      FunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:f",
      OutputParameters: [{ OutputName: "count", OutputType: "Integer" }, { OutputName: "label" }, { OutputName: "ok", OutputType: "Boolean" }],
    }).handle;
    expectTypeOf(lambda.outputs.count).toEqualTypeOf<PipelineValue<number>>();
    expectTypeOf(lambda.outputs.label).toEqualTypeOf<PipelineValue<string>>();
    expectTypeOf(lambda.outputs.ok).toEqualTypeOf<PipelineValue<boolean>>();
    // @ts-expect-error: an output the step does not declare
    void lambda.outputs.missing;

    const evaluate = rawStep("P", "Processing", {
      arguments: { ProcessingResources: { ClusterConfig: { VolumeSizeInGB: 30 } }, AppSpecification: { ImageUri: "img" }, RoleArn: "role" },
      PropertyFiles: [{ PropertyFileName: "report", OutputName: "evaluation", FilePath: "evaluation.json" }],
    }).handle;
    expectTypeOf(evaluate.propertyFiles.report).toEqualTypeOf<PropertyFileRef>();
    expectTypeOf(evaluate.properties.ProcessingJobArn).toEqualTypeOf<PipelineValue<string>>();

    const check = rawStep("Q", "ClarifyCheck", {
      arguments: { ProcessingResources: { ClusterConfig: { VolumeSizeInGB: 30 } }, AppSpecification: { ImageUri: "img" }, RoleArn: "role" },
      CheckType: "DATA_BIAS",
    }).handle;
    expectTypeOf(check.properties.CalculatedBaselineConstraints).toEqualTypeOf<PipelineValue<string>>();

    const fail = rawStep("F", "Fail", { arguments: { ErrorMessage: "x" } }).handle;
    // @ts-expect-error: a Fail step has no properties
    void fail.properties;
  });

  it("does not build Condition steps", () => {
    // @ts-expect-error: a Condition step is built with .when()
    rawStep("C", "Condition", { arguments: { Conditions: [] } });
  });
});
