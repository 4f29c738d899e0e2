import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { bool, int, num, str, strEnum } from "../expressions.js";
import { coded, named } from "../rules.js";
import { instanceType, kmsKeyId, resourceName, roleArn, TagList, VpcConfig } from "./shared/base-shapes.js";
import {
  CheckpointConfig,
  environmentMap,
  HyperParameterAlgorithmSpecification,
  HyperParameters,
  InputDataConfig,
  OutputDataConfig,
  ResourceConfig,
  RetryStrategy,
  StoppingCondition,
} from "./shared/job-shapes.js";

// The `CreateHyperParameterTuningJob` request. Limits are botocore's (sagemaker 2017-07-24).

/** A tuning job name: 1–32 characters (it prefixes the names of the training jobs it launches). */
const tuningJobName = () => resourceName(32);

const parameterValue = () => str({ max: 256 });
const scalingType = () => strEnum(["Auto", "Linear", "Logarithmic", "ReverseLogarithmic"]);

/** An integer or continuous range: the bounds are strings, as the API takes them. */
const NumericRange = lazySchema(() =>
  strictObject({
    Name: parameterValue(),
    MinValue: parameterValue(),
    MaxValue: parameterValue(),
    ScalingType: scalingType().optional(),
  })
);

/** `ParameterRanges`: the hyperparameters a tuning job searches, and over which values. */
const ParameterRanges = lazySchema(() =>
  strictObject({
    IntegerParameterRanges: z.array(NumericRange).max(30).optional(),
    ContinuousParameterRanges: z.array(NumericRange).max(30).optional(),
    CategoricalParameterRanges: z
      .array(strictObject({ Name: parameterValue(), Values: z.array(parameterValue()).min(1).max(30) }))
      .max(30)
      .optional(),
    AutoParameters: z
      .array(strictObject({ Name: parameterValue(), ValueHint: parameterValue() }))
      .max(100)
      .optional(),
  })
);

/** `HyperParameterTuningJobObjective`: the metric to maximise or minimise. */
const TuningObjective = lazySchema(() =>
  strictObject({
    Type: strEnum(["Maximize", "Minimize"]),
    MetricName: str({ min: 1, max: 255 }),
  })
);

const HyperParameterTuningJobConfig = lazySchema(() =>
  strictObject({
    Strategy: strEnum(["Bayesian", "Random", "Hyperband", "Grid"]),
    StrategyConfig: strictObject({
      HyperbandStrategyConfig: strictObject({ MinResource: int({ min: 1 }).optional(), MaxResource: int({ min: 1 }).optional() })
        .optional(),
    })
      .optional(),
    HyperParameterTuningJobObjective: TuningObjective.optional(),
    ResourceLimits: strictObject({
      MaxNumberOfTrainingJobs: int({ min: 1 }).optional(),
      MaxParallelTrainingJobs: int({ min: 1 }),
      MaxRuntimeInSeconds: int({ min: 120, max: 15768000 }).optional(),
    }),
    ParameterRanges: ParameterRanges.optional(),
    TrainingJobEarlyStoppingType: strEnum(["Off", "Auto"]).optional(),
    TuningJobCompletionCriteria: strictObject({
      TargetObjectiveMetricValue: num().optional(),
      BestObjectiveNotImproving: strictObject({ MaxNumberOfTrainingJobsNotImproving: int({ min: 3 }).optional() })
        .optional(),
      ConvergenceDetected: strictObject({ CompleteOnConvergence: strEnum(["Disabled", "Enabled"]).optional() })
        .optional(),
    })
      .optional(),
    RandomSeed: int({ min: 0 }).optional(),
  })
);

/** `HyperParameterTuningResourceConfig`: the instances of the training jobs, with instance type flexibility. */
const HyperParameterTuningResourceConfig = lazySchema(() =>
  strictObject({
    InstanceType: instanceType().optional(),
    InstanceCount: int({ min: 0 }).optional(),
    VolumeSizeInGB: int({ min: 0 }).optional(),
    VolumeKmsKeyId: kmsKeyId().optional(),
    AllocationStrategy: strEnum(["Prioritized"]).optional(),
    InstanceConfigs: z
      .array(
        strictObject({
          InstanceType: instanceType(),
          InstanceCount: int({ min: 0 }),
          VolumeSizeInGB: int({ min: 1 }),
        }),
      )
      .min(1)
      .max(6)
      .optional(),
  })
);

const oneResourceConfig = named(
  "tuning-resource-config",
  (d: { ResourceConfig?: unknown; HyperParameterTuningResourceConfig?: unknown }) => d.ResourceConfig === undefined || d.HyperParameterTuningResourceConfig === undefined,
);

/** `HyperParameterTrainingJobDefinition`: the training jobs a tuning job launches. */
const TrainingJobDefinition = lazySchema(() =>
  strictObject({
    DefinitionName: resourceName(64).optional(),
    TuningObjective: TuningObjective.optional(),
    HyperParameterRanges: ParameterRanges.optional(),
    StaticHyperParameters: HyperParameters.optional(),
    AlgorithmSpecification: HyperParameterAlgorithmSpecification,
    RoleArn: roleArn(),
    InputDataConfig: InputDataConfig.optional(),
    VpcConfig: VpcConfig.optional(),
    OutputDataConfig,
    ResourceConfig: ResourceConfig.optional(),
    HyperParameterTuningResourceConfig: HyperParameterTuningResourceConfig.optional(),
    StoppingCondition,
    EnableNetworkIsolation: bool().optional(),
    EnableInterContainerTrafficEncryption: bool().optional(),
    EnableManagedSpotTraining: bool().optional(),
    CheckpointConfig: CheckpointConfig.optional(),
    RetryStrategy: RetryStrategy.optional(),
    Environment: environmentMap({ maxEntries: 48, keyMax: 512, valueMax: 512 }).optional(),
  })
    .refine(
      oneResourceConfig,
      coded("conflicting-members", "set ResourceConfig or HyperParameterTuningResourceConfig, not both: remove one of them"),
    )
);

const oneDefinitionList = named(
  "tuning-definitions",
  (args: { TrainingJobDefinition?: unknown; TrainingJobDefinitions?: unknown }) => (args.TrainingJobDefinition === undefined) !== (args.TrainingJobDefinitions === undefined),
);

/**
 * `Tuning` arguments: the `CreateHyperParameterTuningJob` request, with exactly one of
 * `TrainingJobDefinition` and `TrainingJobDefinitions`. `HyperParameterTuningJobName` is optional:
 * the Python SDK removes it unless a custom job name prefix is kept.
 */
export const TuningArguments = lazySchema(() =>
  strictObject({
    HyperParameterTuningJobName: tuningJobName().optional(),
    HyperParameterTuningJobConfig,
    TrainingJobDefinition: TrainingJobDefinition.optional(),
    TrainingJobDefinitions: z.array(TrainingJobDefinition).min(1).max(10).optional(),
    WarmStartConfig: strictObject({
        ParentHyperParameterTuningJobs: z
          .array(strictObject({ HyperParameterTuningJobName: tuningJobName().optional() }))
          .min(1)
          .max(5),
        WarmStartType: strEnum(["IdenticalDataAndAlgorithm", "TransferLearning"]),
      })
      .optional(),
    Tags: TagList.optional(),
    Autotune: strictObject({ Mode: strEnum(["Enabled"]) }).optional(),
  })
    .refine(
      oneDefinitionList,
      coded(
        "conflicting-members",
        "a tuning job needs exactly one of TrainingJobDefinition (one algorithm) and TrainingJobDefinitions (several): keep one of them",
      ),
    )
);
export type TuningArguments = z.infer<typeof TuningArguments>;

/** A `Tuning` step: runs a SageMaker hyperparameter tuning job. */
export const TuningStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("Tuning"),
    Arguments: TuningArguments,
  }),
  { Type: ["Tuning"] },
);
export type TuningStep = z.infer<typeof TuningStep>;
