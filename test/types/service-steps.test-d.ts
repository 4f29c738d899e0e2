import type {
  HadoopJarStepConfig,
  InstanceFleetConfig,
  InstanceGroupConfig,
  JobFlowInstancesConfig,
  RunJobFlowInput,
} from "@aws-sdk/client-emr";
import type { CreateApplicationRequest, StartJobRunRequest } from "@aws-sdk/client-emr-serverless";
import type {
  AppSpecification,
  CreateProcessingJobRequest,
  ProcessingClusterConfig,
  ProcessingInput,
  ProcessingOutput,
  ProcessingS3Input,
} from "@aws-sdk/client-sagemaker";
import { describe, expectTypeOf, it } from "vitest";
import type {
  CallbackStep,
  ClarifyCheckArguments,
  ClarifyCheckStep,
  EMRArguments,
  EMRClusterConfig,
  EMRServerlessApplicationConfig,
  EMRServerlessArguments,
  EMRServerlessJobConfig,
  Expression,
  LambdaArguments,
  LambdaStep,
  QualityCheckArguments,
  QualityCheckStep,
} from "sagepipe";

type Element<T> = NonNullable<T> extends readonly (infer E)[] ? E : never;
type ClusterConfig = QualityCheckArguments["ProcessingResources"]["ClusterConfig"];
type Instances = EMRClusterConfig["Instances"];

describe("check steps: Arguments = CreateProcessingJobRequest", () => {
  it("covers the request's keys (ProcessingJobName stays, optional, for custom job prefixes)", () => {
    expectTypeOf<keyof QualityCheckArguments>().toEqualTypeOf<keyof CreateProcessingJobRequest>();
    expectTypeOf<ClarifyCheckArguments>().toEqualTypeOf<QualityCheckArguments>();
  });

  it("covers the nested shapes' keys", () => {
    expectTypeOf<keyof QualityCheckArguments["AppSpecification"]>().toEqualTypeOf<keyof AppSpecification>();
    expectTypeOf<keyof Element<QualityCheckArguments["ProcessingInputs"]>>().toEqualTypeOf<keyof ProcessingInput>();
    expectTypeOf<keyof NonNullable<Element<QualityCheckArguments["ProcessingInputs"]>["S3Input"]>>().toEqualTypeOf<
      keyof ProcessingS3Input
    >();
    type Output = Element<NonNullable<QualityCheckArguments["ProcessingOutputConfig"]>["Outputs"]>;
    expectTypeOf<keyof Output>().toEqualTypeOf<keyof ProcessingOutput>();
    // SelectedInstanceType/Count are read-only (DescribeProcessingJob only)
    expectTypeOf<keyof ClusterConfig>().toEqualTypeOf<
      Exclude<keyof ProcessingClusterConfig, "SelectedInstanceType" | "SelectedInstanceCount">
    >();
  });

  it("lets a leaf hold a literal or an expression", () => {
    expectTypeOf<string>().toExtend<NonNullable<ClusterConfig["InstanceType"]>>();
    expectTypeOf<{ Get: "Parameters.InstanceType" }>().toExtend<NonNullable<ClusterConfig["InstanceType"]>>();
    expectTypeOf<Expression>().toExtend<ClusterConfig["VolumeSizeInGB"]>();
    expectTypeOf<number>().toExtend<ClusterConfig["VolumeSizeInGB"]>();
  });

  it("types the step-level keys", () => {
    expectTypeOf<QualityCheckStep["CheckType"]>().toEqualTypeOf<"DATA_QUALITY" | "MODEL_QUALITY">();
    expectTypeOf<ClarifyCheckStep["CheckType"]>().toEqualTypeOf<"DATA_BIAS" | "MODEL_BIAS" | "MODEL_EXPLAINABILITY">();
    expectTypeOf<null>().toExtend<QualityCheckStep["SuppliedBaselineStatistics"]>();
    expectTypeOf<boolean | Expression | undefined>().toEqualTypeOf<ClarifyCheckStep["SkipCheck"]>();
  });
});

describe("Lambda and Callback steps", () => {
  it("take primitives, expressions and lists of them as inputs", () => {
    expectTypeOf<{ a: string; b: number; c: boolean; d: Expression; e: (string | Expression)[] }>().toExtend<LambdaArguments>();
    expectTypeOf<{ a: { nested: string } }>().not.toExtend<LambdaArguments>();
  });

  it("need the target as a plain string", () => {
    expectTypeOf<LambdaStep["FunctionArn"]>().toEqualTypeOf<string>();
    expectTypeOf<CallbackStep["SqsQueueUrl"]>().toEqualTypeOf<string>();
  });
});

describe("EMR step", () => {
  it("covers RunJobFlowInput minus the keys the service sets", () => {
    expectTypeOf<keyof EMRClusterConfig>().toEqualTypeOf<
      Exclude<keyof RunJobFlowInput, "Name" | "Steps" | "AutoTerminationPolicy">
    >();
    expectTypeOf<keyof Instances>().toEqualTypeOf<
      Exclude<keyof JobFlowInstancesConfig, "KeepJobFlowAliveWhenNoSteps" | "TerminationProtected">
    >();
    expectTypeOf<keyof Element<Instances["InstanceGroups"]>>().toEqualTypeOf<keyof InstanceGroupConfig>();
    expectTypeOf<keyof Element<Instances["InstanceFleets"]>>().toEqualTypeOf<keyof InstanceFleetConfig>();
  });

  it("covers HadoopJarStepConfig, and StepConfig has no Name", () => {
    expectTypeOf<keyof EMRArguments["StepConfig"]["HadoopJarStep"]>().toEqualTypeOf<keyof HadoopJarStepConfig>();
    expectTypeOf<keyof EMRArguments["StepConfig"]>().toEqualTypeOf<"HadoopJarStep">();
    expectTypeOf<keyof EMRArguments>().toEqualTypeOf<"StepConfig" | "ClusterId" | "ClusterConfig" | "ExecutionRoleArn">();
  });

  it("lets a leaf hold a literal or an expression", () => {
    type Jar = EMRArguments["StepConfig"]["HadoopJarStep"]["Jar"];
    expectTypeOf<string>().toExtend<Jar>();
    expectTypeOf<Expression>().toExtend<Jar>();
  });
});

describe("EMRServerless step", () => {
  it("has the PascalCase envelope keys", () => {
    expectTypeOf<keyof EMRServerlessArguments>().toEqualTypeOf<
      "ExecutionRoleArn" | "JobConfig" | "ApplicationId" | "ApplicationConfig"
    >();
  });

  it("covers StartJobRunRequest minus what the Python SDK never sends", () => {
    expectTypeOf<keyof EMRServerlessJobConfig>().toEqualTypeOf<
      Exclude<keyof StartJobRunRequest, "clientToken" | "executionIamPolicy" | "mode" | "retryPolicy">
    >();
  });

  it("covers CreateApplicationRequest minus clientToken", () => {
    expectTypeOf<keyof EMRServerlessApplicationConfig>().toEqualTypeOf<Exclude<keyof CreateApplicationRequest, "clientToken">>();
  });

  it("lets a leaf hold a literal or an expression", () => {
    expectTypeOf<number>().toExtend<NonNullable<EMRServerlessJobConfig["executionTimeoutMinutes"]>>();
    expectTypeOf<Expression>().toExtend<NonNullable<EMRServerlessJobConfig["executionTimeoutMinutes"]>>();
  });
});
