import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { bool, int, str, strEnum, strMap } from "../expressions.js";
import { imageUri, instanceType, intEnum, roleArn, s3Uri, TagList, VpcConfig } from "./shared/base-shapes.js";
import {
  AlgorithmSpecification,
  CheckpointConfig,
  environmentMap,
  ExperimentConfig,
  HyperParameters,
  InputDataConfig,
  jobName,
  OutputDataConfig,
  ResourceConfig,
  RetryStrategy,
  StoppingCondition,
} from "./shared/job-shapes.js";

// The `CreateTrainingJob` request. Limits are botocore's (sagemaker 2017-07-24).

/** Debugger and profiler parameter maps: at most 20 entries of 256 characters. */
// source: the SageMaker API Reference, shapes ConfigKey (1–256) and ConfigValue (0–256)
const debuggerParameters = () => strMap({ maxEntries: 20, keyMin: 1, keyMax: 256, valueMax: 256 });

const DebugHookConfig = lazySchema(() =>
  strictObject({
    LocalPath: str({ max: 4096 }).optional(),
    S3OutputPath: s3Uri(),
    HookParameters: debuggerParameters().optional(),
    CollectionConfigurations: z
      .array(
        strictObject({
          CollectionName: str({ min: 1, max: 256 }).optional(),
          CollectionParameters: debuggerParameters().optional(),
        }),
      )
      .max(20)
      .optional(),
  })
);

/** A Debugger or Profiler rule: an evaluation container run next to the training job. */
const RuleConfiguration = lazySchema(() =>
  strictObject({
    RuleConfigurationName: str({ min: 1, max: 256 }),
    LocalPath: str({ max: 4096 }).optional(),
    S3OutputPath: s3Uri().optional(),
    RuleEvaluatorImage: imageUri(),
    InstanceType: instanceType().optional(),
    VolumeSizeInGB: int({ min: 0 }).optional(),
    RuleParameters: strMap({ maxEntries: 100, keyMin: 1, keyMax: 256, valueMax: 256 }).optional(),
  })
);

const ProfilerConfig = lazySchema(() =>
  strictObject({
    S3OutputPath: s3Uri().optional(),
    ProfilingIntervalInMilliseconds: intEnum([100, 200, 500, 1000, 5000, 60000]).optional(),
    ProfilingParameters: debuggerParameters().optional(),
    DisableProfiler: bool().optional(),
  })
);

const ServerlessJobConfig = lazySchema(() =>
  strictObject({
    BaseModelArn: str({ min: 1, max: 2048 }),
    AcceptEula: bool().optional(),
    JobType: strEnum(["FineTuning", "Evaluation"]),
    CustomizationTechnique: strEnum(["SFT", "DPO", "RLVR", "RLAIF"]).optional(),
    Peft: strEnum(["LORA"]).optional(),
    EvaluationType: strEnum(["LLMAJEvaluation", "CustomScorerEvaluation", "BenchmarkEvaluation"]).optional(),
    EvaluatorArn: str().optional(),
    SequenceLength: strEnum(["1K", "2K", "4K", "8K", "16K", "32K", "64K", "128K"]).optional(),
  })
);

const MlflowConfig = lazySchema(() =>
  strictObject({
    MlflowResourceArn: str({
      max: 2048,
      pattern: /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:mlflow-[a-zA-Z-]*\/.*$/,
      patternHint: "an MLflow tracking server or app ARN",
    }),
    MlflowExperimentName: str({ min: 1, max: 256 }).optional(),
    MlflowRunName: str({ min: 1, max: 256 }).optional(),
  })
);

const ModelPackageConfig = lazySchema(() =>
  strictObject({
    ModelPackageGroupArn: str({
      min: 1,
      max: 2048,
      pattern: /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]{9,16}:[0-9]{12}:model-package-group\/\S{1,2048}$/,
      patternHint: "a model package group ARN",
    }),
    SourceModelPackageArn: str({
      min: 1,
      max: 2048,
      pattern: /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]{9,16}:[0-9]{12}:model-package\/\S{1,2048}$/,
      patternHint: "a model package ARN",
    }).optional(),
  })
);

/**
 * `Training` arguments: the `CreateTrainingJob` request. `TrainingJobName` is optional: the Python
 * SDK removes it unless a custom job name prefix is kept.
 */
export const TrainingArguments = lazySchema(() =>
  strictObject({
    TrainingJobName: jobName().optional(),
    HyperParameters: HyperParameters.optional(),
    AlgorithmSpecification: AlgorithmSpecification.optional(),
    RoleArn: roleArn(),
    InputDataConfig: InputDataConfig.optional(),
    OutputDataConfig,
    ResourceConfig: ResourceConfig.optional(),
    VpcConfig: VpcConfig.optional(),
    StoppingCondition: StoppingCondition.optional(),
    Tags: TagList.optional(),
    EnableNetworkIsolation: bool().optional(),
    EnableInterContainerTrafficEncryption: bool().optional(),
    EnableManagedSpotTraining: bool().optional(),
    CheckpointConfig: CheckpointConfig.optional(),
    DebugHookConfig: DebugHookConfig.optional(),
    DebugRuleConfigurations: z.array(RuleConfiguration).max(20).optional(),
    TensorBoardOutputConfig: strictObject({ LocalPath: str({ max: 4096 }).optional(), S3OutputPath: s3Uri() }).optional(),
    ExperimentConfig: ExperimentConfig.optional(),
    ProfilerConfig: ProfilerConfig.optional(),
    ProfilerRuleConfigurations: z.array(RuleConfiguration).max(20).optional(),
    Environment: environmentMap({ maxEntries: 100, keyMax: 512, valueMax: 512 }).optional(),
    RetryStrategy: RetryStrategy.optional(),
    RemoteDebugConfig: strictObject({ EnableRemoteDebug: bool().optional() }).optional(),
    InfraCheckConfig: strictObject({ EnableInfraCheck: bool().optional() }).optional(),
    SessionChainingConfig: strictObject({ EnableSessionTagChaining: bool().optional() }).optional(),
    ServerlessJobConfig: ServerlessJobConfig.optional(),
    MlflowConfig: MlflowConfig.optional(),
    ModelPackageConfig: ModelPackageConfig.optional(),
  })
);
export type TrainingArguments = z.infer<typeof TrainingArguments>;

/** A `Training` step: runs a SageMaker training job. */
export const TrainingStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("Training"),
    Arguments: TrainingArguments,
  }),
  { Type: ["Training"] },
);
export type TrainingStep = z.infer<typeof TrainingStep>;
