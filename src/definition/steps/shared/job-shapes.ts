import { z } from "zod";
import { strictObject } from "../../strict-object.js";
import { lazySchema } from "../../lazy-schema.js";
import { bool, int, str, strEnum, strMap } from "../../expressions.js";
import { coded, named, uniqueBy } from "../../rules.js";
import { entityName, experimentEntityName, imageUri, instanceType, kmsKeyId, s3Uri } from "./base-shapes.js";

// Shapes shared by the job steps (Training, Tuning, Transform, Processing). Limits are botocore's
// (sagemaker 2017-07-24); members follow @aws-sdk/client-sagemaker, which is newer in places.

const ENVIRONMENT_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const trainingPlanArn = () =>
  str({
    min: 50,
    max: 2048,
    pattern: /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:training-plan\/.*$/,
    patternHint: "a training plan ARN (arn:aws:sagemaker:<region>:<account>:training-plan/<name>)",
  });

/**
 * A training, processing or transform job name (1–63 characters). The Python SDK removes it from
 * the Arguments; it stays only in "custom job prefix" mode, where the service uses it as a prefix.
 */
export const jobName = entityName;

/** `ExperimentConfig`: the experiment, trial and run a job's trial component joins. */
export const ExperimentConfig = lazySchema(() =>
  strictObject({
    ExperimentName: experimentEntityName().optional(),
    TrialName: experimentEntityName().optional(),
    TrialComponentDisplayName: experimentEntityName().optional(),
    RunName: experimentEntityName().optional(),
  })
);

/**
 * Container environment variables: a {@link strMap} whose names must also be valid variable names
 * (letters, digits and `_`, not starting with a digit). Each job API has its own size limits.
 */
export const environmentMap = (limits: { maxEntries: number; keyMax: number; valueMax: number }) =>
  strMap({
    ...limits,
    keyPattern: ENVIRONMENT_KEY,
    keyPatternHint: "an environment variable name uses letters, digits and _, not starting with a digit",
  });

/** Training hyperparameters (also a tuning job's static ones): at most 100, keys ≤256, values ≤2500 characters. */
export const HyperParameters = lazySchema(() =>
  strMap({ maxEntries: 100, keyMax: 256, valueMax: 2500 })
);

/** The training input modes. */
export const TRAINING_INPUT_MODES = ["Pipe", "File", "FastFile"] as const;

/** `MetricDefinition`: a metric the job reads from the algorithm's logs with a regex. */
export const MetricDefinition = lazySchema(() =>
  strictObject({
    Name: str({ min: 1, max: 255 }),
    Regex: str({ min: 1, max: 500 }),
  })
);

/** An algorithm name or ARN. Source: the SageMaker API Reference, shape ArnOrName (1–170 characters). */
export const algorithmName = () =>
  str({
    min: 1,
    max: 170,
    pattern:
      /^(arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)$/,
    patternHint: "an algorithm name (1–63 letters, digits and hyphens) or an algorithm ARN",
  });

/** The algorithm members a training job and a tuning job's training definitions share. */
const algorithmFields = () => ({
  TrainingImage: imageUri().optional(),
  AlgorithmName: algorithmName().optional(),
  TrainingInputMode: strEnum(TRAINING_INPUT_MODES),
  MetricDefinitions: uniqueBy(
    z.array(MetricDefinition).max(40),
    "Name",
    "the job publishes each metric under its name, and tuning objectives and FinalMetricDataList['<name>'] refer to it by name",
  ).optional(),
});

/** The API takes a container image or an algorithm resource, never both. */
const hasOneAlgorithm = named(
  "one-algorithm",
  (spec: { TrainingImage?: unknown; AlgorithmName?: unknown }) => (spec.TrainingImage === undefined) !== (spec.AlgorithmName === undefined),
);
const ONE_ALGORITHM = coded(
  "conflicting-members",
  "set exactly one of TrainingImage (a container image) and AlgorithmName (an algorithm resource)",
);

/** `AlgorithmSpecification`: the container or algorithm resource a training job runs. */
export const AlgorithmSpecification = lazySchema(() =>
  strictObject({
    ...algorithmFields(),
    EnableSageMakerMetricsTimeSeries: bool().optional(),
    ContainerEntrypoint: z.array(str({ max: 256 })).min(1).max(100).optional(),
    ContainerArguments: z.array(str({ max: 256 })).min(1).max(100).optional(),
    TrainingImageConfig: strictObject({
        TrainingRepositoryAccessMode: strEnum(["Platform", "Vpc"]),
        TrainingRepositoryAuthConfig: strictObject({
            // source: the SageMaker API Reference, shape TrainingRepositoryCredentialsProviderArn
            TrainingRepositoryCredentialsProviderArn: str({
              min: 1,
              max: 2048,
              pattern: /^arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:[0-9]{12}:function:.*$/s,
              patternHint: "a Lambda function ARN: arn:aws:lambda:<region>:<account>:function:<name>",
            }),
          })
          .optional(),
      })
      .optional(),
  })
    .refine(hasOneAlgorithm, ONE_ALGORITHM)
);

/** `HyperParameterAlgorithmSpecification`: the algorithm of the training jobs a tuning job launches. */
export const HyperParameterAlgorithmSpecification = lazySchema(() =>
  strictObject(algorithmFields())
    .refine(hasOneAlgorithm, ONE_ALGORITHM)
);

/** `S3DataSource`: a training channel's data in S3. */
export const S3DataSource = lazySchema(() =>
  strictObject({
    S3DataType: strEnum(["ManifestFile", "S3Prefix", "AugmentedManifestFile", "Converse"]),
    S3Uri: s3Uri(),
    S3DataDistributionType: strEnum(["FullyReplicated", "ShardedByS3Key"]).optional(),
    AttributeNames: z.array(str({ min: 1, max: 256 })).max(16).optional(),
    InstanceGroupNames: z.array(str({ min: 1, max: 64 })).max(5).optional(),
    ModelAccessConfig: strictObject({ AcceptEula: bool() }).optional(),
    HubAccessConfig: strictObject({ HubContentArn: str({ max: 255 }) }).optional(),
  })
);

/** `FileSystemDataSource`: a training channel's data on EFS or FSx for Lustre. */
export const FileSystemDataSource = lazySchema(() =>
  strictObject({
    FileSystemId: str({ min: 11, max: 21, pattern: /^fs-[0-9a-f]{8,}$/, patternHint: "a file system id such as fs-0123abcd" }),
    FileSystemAccessMode: strEnum(["rw", "ro"]),
    FileSystemType: strEnum(["EFS", "FSxLustre"]),
    DirectoryPath: str({ max: 4096 }),
  })
);

const oneDataSource = named(
  "one-data-source",
  (source: { S3DataSource?: unknown; FileSystemDataSource?: unknown; DatasetSource?: unknown }) =>
    [source.S3DataSource, source.FileSystemDataSource, source.DatasetSource].filter((s) => s !== undefined).length === 1,
);

/** `DataSource`: where a training channel reads from (S3, a file system or a hub dataset). */
export const DataSource = lazySchema(() =>
  strictObject({
    S3DataSource: S3DataSource.optional(),
    FileSystemDataSource: FileSystemDataSource.optional(),
    DatasetSource: strictObject({ DatasetArn: str({ max: 2048 }) }).optional(),
  })
    .refine(
      oneDataSource,
      coded(
        "conflicting-members",
        "a data source needs exactly one of S3DataSource, FileSystemDataSource and DatasetSource: keep one of them",
      ),
    )
);

/** `Channel`: one named input of a training job. */
export const Channel = lazySchema(() =>
  strictObject({
    ChannelName: str({ min: 1, max: 64, pattern: /^[A-Za-z0-9.\-_]+$/, patternHint: "letters, digits and . - _" }),
    DataSource,
    ContentType: str({ max: 256 }).optional(),
    CompressionType: strEnum(["None", "Gzip"]).optional(),
    RecordWrapperType: strEnum(["None", "RecordIO"]).optional(),
    InputMode: strEnum(TRAINING_INPUT_MODES).optional(),
    ShuffleConfig: strictObject({ Seed: int() }).optional(),
  })
);

/** `InputDataConfig`: 1–20 training channels with unique names. */
export const InputDataConfig = lazySchema(() =>
  uniqueBy(
    z.array(Channel).min(1).max(20),
    "ChannelName",
    "the container reads each channel from /opt/ml/input/data/<ChannelName>, and steps refer to it as InputDataConfig['<ChannelName>']",
  )
);

/** `OutputDataConfig`: where a training job writes its model artifacts. */
export const OutputDataConfig = lazySchema(() =>
  strictObject({
    KmsKeyId: kmsKeyId().optional(),
    S3OutputPath: s3Uri(),
    CompressionType: strEnum(["GZIP", "NONE"]).optional(),
  })
);

const typeOrPreferences = named(
  "instance-type-or-preferences",
  (config: { InstanceType?: unknown; InstancePreferences?: unknown }) => config.InstanceType === undefined || config.InstancePreferences === undefined,
);

/** `ResourceConfig`: the instances and storage of a training job. */
export const ResourceConfig = lazySchema(() =>
  strictObject({
    InstanceType: instanceType().optional(),
    InstanceCount: int({ min: 0 }).optional(),
    VolumeSizeInGB: int({ min: 0 }).optional(),
    VolumeKmsKeyId: kmsKeyId().optional(),
    KeepAlivePeriodInSeconds: int({ min: 0, max: 21600 }).optional(),
    InstanceGroups: z
      .array(
        strictObject({
          InstanceType: instanceType(),
          InstanceCount: int({ min: 0 }),
          InstanceGroupName: str({ min: 1, max: 64 }),
        }),
      )
      .max(5)
      .optional(),
    TrainingPlanArn: trainingPlanArn().optional(),
    InstancePlacementConfig: strictObject({
        EnableMultipleJobs: bool().optional(),
        PlacementSpecifications: z
          .array(strictObject({ UltraServerId: str({ max: 256 }).optional(), InstanceCount: int({ min: 0 }) }))
          .max(10)
          .optional(),
      })
      .optional(),
    InstancePreferences: z
      .array(
        strictObject({
          InstanceType: instanceType(),
          InstanceCount: int({ min: 0 }).optional(),
          TrainingPlanArns: z.array(trainingPlanArn()).optional(),
        }),
      )
      .min(1)
      .optional(),
  })
    .refine(
      typeOrPreferences,
      coded("conflicting-members", "InstanceType and InstancePreferences are mutually exclusive: remove one of them"),
    )
);

/** `StoppingCondition`: how long a training job may run, wait for Spot capacity and stay pending. */
export const StoppingCondition = lazySchema(() =>
  strictObject({
    MaxRuntimeInSeconds: int({ min: 1 }).optional(),
    MaxWaitTimeInSeconds: int({ min: 1 }).optional(),
    MaxPendingTimeInSeconds: int({ min: 7200, max: 2419200 }).optional(),
  })
);

/** `CheckpointConfig`: where managed Spot training keeps its checkpoints. */
export const CheckpointConfig = lazySchema(() =>
  strictObject({
    S3Uri: s3Uri(),
    LocalPath: str({ max: 4096 }).optional(),
  })
);

/** `RetryStrategy`: how often the service retries a training job after an internal error (1–30). */
export const RetryStrategy = lazySchema(() =>
  strictObject({
    MaximumRetryAttempts: int({ min: 1, max: 30 }),
  })
);

/** `TransformS3DataSource`: the S3 data a batch transform reads. */
export const TransformS3DataSource = lazySchema(() =>
  strictObject({
    S3DataType: strEnum(["ManifestFile", "S3Prefix", "AugmentedManifestFile", "Converse"]),
    S3Uri: s3Uri(),
  })
);

/** `TransformInput`: the data a batch transform job reads and how it splits it. */
export const TransformInput = lazySchema(() =>
  strictObject({
    DataSource: strictObject({ S3DataSource: TransformS3DataSource }),
    ContentType: str({ max: 256 }).optional(),
    CompressionType: strEnum(["None", "Gzip"]).optional(),
    SplitType: strEnum(["None", "Line", "RecordIO", "TFRecord"]).optional(),
  })
);

/** `TransformOutput`: where a batch transform job writes its results. */
export const TransformOutput = lazySchema(() =>
  strictObject({
    S3OutputPath: s3Uri(),
    Accept: str({ max: 256 }).optional(),
    AssembleWith: strEnum(["None", "Line"]).optional(),
    KmsKeyId: kmsKeyId().optional(),
  })
);

/** `TransformResources`: the instances a batch transform job runs on. */
export const TransformResources = lazySchema(() =>
  strictObject({
    InstanceType: instanceType(),
    InstanceCount: int({ min: 1 }),
    VolumeKmsKeyId: kmsKeyId().optional(),
    TransformAmiVersion: str({
      min: 1,
      max: 63,
      pattern: /^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$/,
      patternHint: "letters and digits in groups joined by single hyphens",
    }).optional(),
  })
);
