import type {
  AlgorithmSpecification as AwsAlgorithmSpecification,
  Channel as AwsChannel,
  CreateHyperParameterTuningJobRequest,
  CreateProcessingJobRequest,
  CreateTrainingJobRequest,
  CreateTransformJobRequest,
  HyperParameterTrainingJobDefinition,
  ProcessingClusterConfig,
  ResourceConfig as AwsResourceConfig,
  TransformInput as AwsTransformInput,
} from "@aws-sdk/client-sagemaker";
import { describe, expectTypeOf, it } from "vitest";
import type {
  Expression,
  ProcessingArguments,
  ProcessingStep,
  TrainingArguments,
  TransformArguments,
  TuningArguments,
} from "sagepipe";

/** The keys a value must have (AWS marks required members `X: T | undefined`, without `?`). */
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type Element<T> = NonNullable<T> extends readonly (infer E)[] ? E : never;

// read-only members that Describe* returns and Create* rejects
type ReadOnlyResourceKeys = "SelectedInstanceType" | "SelectedInstanceCount";

describe("job step Arguments cover the AWS requests", () => {
  it("Training: CreateTrainingJobRequest, with TrainingJobName optional", () => {
    expectTypeOf<keyof TrainingArguments>().toEqualTypeOf<keyof CreateTrainingJobRequest>();
    expectTypeOf<RequiredKeys<TrainingArguments>>().toEqualTypeOf<
      Exclude<RequiredKeys<CreateTrainingJobRequest>, "TrainingJobName">
    >();
  });

  it("Processing: CreateProcessingJobRequest, with ProcessingJobName optional", () => {
    expectTypeOf<keyof ProcessingArguments>().toEqualTypeOf<keyof CreateProcessingJobRequest>();
    expectTypeOf<RequiredKeys<ProcessingArguments>>().toEqualTypeOf<
      Exclude<RequiredKeys<CreateProcessingJobRequest>, "ProcessingJobName">
    >();
  });

  it("Transform: CreateTransformJobRequest, with TransformJobName optional", () => {
    expectTypeOf<keyof TransformArguments>().toEqualTypeOf<keyof CreateTransformJobRequest>();
    expectTypeOf<RequiredKeys<TransformArguments>>().toEqualTypeOf<
      Exclude<RequiredKeys<CreateTransformJobRequest>, "TransformJobName">
    >();
  });

  it("Tuning: CreateHyperParameterTuningJobRequest, with HyperParameterTuningJobName optional", () => {
    expectTypeOf<keyof TuningArguments>().toEqualTypeOf<keyof CreateHyperParameterTuningJobRequest>();
    expectTypeOf<RequiredKeys<TuningArguments>>().toEqualTypeOf<
      Exclude<RequiredKeys<CreateHyperParameterTuningJobRequest>, "HyperParameterTuningJobName">
    >();
  });
});

describe("nested shapes cover the AWS shapes", () => {
  type Definition = NonNullable<TuningArguments["TrainingJobDefinition"]>;

  it("the tuning training definition", () => {
    expectTypeOf<keyof Definition>().toEqualTypeOf<keyof HyperParameterTrainingJobDefinition>();
    expectTypeOf<RequiredKeys<Definition>>().toEqualTypeOf<RequiredKeys<HyperParameterTrainingJobDefinition>>();
    expectTypeOf<Element<TuningArguments["TrainingJobDefinitions"]>>().toEqualTypeOf<Definition>();
  });

  it("the training algorithm, channels and resources", () => {
    type Algorithm = NonNullable<TrainingArguments["AlgorithmSpecification"]>;
    expectTypeOf<keyof Algorithm>().toEqualTypeOf<keyof AwsAlgorithmSpecification>();
    expectTypeOf<keyof Element<TrainingArguments["InputDataConfig"]>>().toEqualTypeOf<keyof AwsChannel>();
    expectTypeOf<keyof NonNullable<TrainingArguments["ResourceConfig"]>>().toEqualTypeOf<
      Exclude<keyof AwsResourceConfig, ReadOnlyResourceKeys>
    >();
  });

  it("the processing cluster and the transform input", () => {
    expectTypeOf<keyof ProcessingArguments["ProcessingResources"]["ClusterConfig"]>().toEqualTypeOf<
      Exclude<keyof ProcessingClusterConfig, ReadOnlyResourceKeys>
    >();
    expectTypeOf<keyof TransformArguments["TransformInput"]>().toEqualTypeOf<keyof AwsTransformInput>();
  });
});

describe("leaves take a literal or an expression", () => {
  it("ResourceConfig.InstanceType and InstanceCount", () => {
    type Resources = NonNullable<TrainingArguments["ResourceConfig"]>;
    expectTypeOf<NonNullable<Resources["InstanceType"]>>().toEqualTypeOf<string | Expression>();
    expectTypeOf<NonNullable<Resources["InstanceCount"]>>().toEqualTypeOf<number | Expression>();
  });

  it("RoleArn, booleans and map values", () => {
    expectTypeOf<ProcessingArguments["RoleArn"]>().toEqualTypeOf<string | Expression>();
    expectTypeOf<NonNullable<TrainingArguments["EnableManagedSpotTraining"]>>().toEqualTypeOf<boolean | Expression>();
    expectTypeOf<NonNullable<TrainingArguments["HyperParameters"]>>().toEqualTypeOf<Record<string, string | Expression>>();
  });

  it("PropertyFiles are a Processing step key", () => {
    expectTypeOf<ProcessingStep>().toHaveProperty("PropertyFiles");
  });
});
