import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { PropertyFile, stepEnvelope } from "../common.js";
import { bool, int, str, strEnum } from "../expressions.js";
import { coded, named, uniqueBy } from "../rules.js";
import { imageUri, instanceType, kmsKeyId, roleArn, s3Uri, TagList, VpcConfig } from "./shared/base-shapes.js";
import { environmentMap, ExperimentConfig, jobName } from "./shared/job-shapes.js";

// The `CreateProcessingJob` request, which Processing steps and the check steps (QualityCheck and
// ClarifyCheck run their Model Monitor and Clarify containers as processing jobs) carry as
// `Arguments`. Limits are botocore's (sagemaker 2017-07-24).

/**
 * Where an input is written in the container. Source: the SageMaker API Reference,
 * ProcessingS3Input.LocalPath: "LocalPath is an absolute path to the input data and must begin with
 * /opt/ml/processing/" (at most 256 characters; no exception is stated for `AppManaged` inputs).
 * Anything else (`/tmp/x`, or a relative name such as the Python SDK tests' `processing_manifest`)
 * is an issue: sagepipe refuses what AWS refuses. An expression is checked when the step runs.
 */
const inputLocalPath = () =>
  str({ max: 256, pattern: /^\/opt\/ml\/processing\//, patternHint: "a processing input's LocalPath must be an absolute path that begins with /opt/ml/processing/, such as /opt/ml/processing/input/data" });

/**
 * Where an output is read from, or a dataset query's result written, in the container. Source: the
 * SageMaker API Reference, ProcessingS3Output.LocalPath and DatasetDefinition.LocalPath: "an
 * absolute path" (at most 256 characters).
 */
const absoluteLocalPath = () => str({ max: 256, pattern: /^\//, patternHint: "LocalPath is an absolute path in the container, such as /opt/ml/processing/output" });
const queryString = () => str({ min: 1, max: 4096 });

/** `ProcessingS3Input`: where an input is downloaded from and how. */
const ProcessingS3Input = lazySchema(() =>
  strictObject({
    S3Uri: s3Uri(),
    LocalPath: inputLocalPath().optional(),
    S3DataType: strEnum(["ManifestFile", "S3Prefix"]),
    S3InputMode: strEnum(["Pipe", "File"]).optional(),
    S3DataDistributionType: strEnum(["FullyReplicated", "ShardedByS3Key"]).optional(),
    S3CompressionType: strEnum(["None", "Gzip"]).optional(),
  })
);

/** `AthenaDatasetDefinition`: an Athena query whose result is the input. */
const AthenaDatasetDefinition = lazySchema(() =>
  strictObject({
    Catalog: str({ min: 1, max: 256 }),
    Database: str({ min: 1, max: 255 }),
    QueryString: queryString(),
    WorkGroup: str({ min: 1, max: 128, pattern: /^[a-zA-Z0-9._-]+$/ }).optional(),
    OutputS3Uri: s3Uri(),
    KmsKeyId: kmsKeyId().optional(),
    OutputFormat: strEnum(["PARQUET", "ORC", "AVRO", "JSON", "TEXTFILE"]),
    OutputCompression: strEnum(["GZIP", "SNAPPY", "ZLIB"]).optional(),
  })
);

/** `RedshiftDatasetDefinition`: a Redshift query whose result is the input. */
const RedshiftDatasetDefinition = lazySchema(() =>
  strictObject({
    ClusterId: str({ min: 1, max: 63 }),
    Database: str({ min: 1, max: 64 }),
    DbUser: str({ min: 1, max: 128 }),
    QueryString: queryString(),
    ClusterRoleArn: roleArn(),
    OutputS3Uri: s3Uri(),
    KmsKeyId: kmsKeyId().optional(),
    OutputFormat: strEnum(["PARQUET", "CSV"]),
    OutputCompression: strEnum(["None", "GZIP", "BZIP2", "ZSTD", "SNAPPY"]).optional(),
  })
);

const oneQuery = named(
  "dataset-definition-one-query",
  (d: { AthenaDatasetDefinition?: unknown; RedshiftDatasetDefinition?: unknown }) => d.AthenaDatasetDefinition === undefined || d.RedshiftDatasetDefinition === undefined,
);

/** `DatasetDefinition`: an Athena or Redshift query as a processing input. */
const DatasetDefinition = lazySchema(() =>
  strictObject({
    AthenaDatasetDefinition: AthenaDatasetDefinition.optional(),
    RedshiftDatasetDefinition: RedshiftDatasetDefinition.optional(),
    LocalPath: absoluteLocalPath().optional(),
    DataDistributionType: strEnum(["FullyReplicated", "ShardedByS3Key"]).optional(),
    InputMode: strEnum(["Pipe", "File"]).optional(),
  })
    .refine(
      oneQuery,
      coded("conflicting-members", "a DatasetDefinition is an Athena or a Redshift query, not both: remove one of them"),
    )
);

const oneInputSource = named(
  "processing-input-source",
  (input: { S3Input?: unknown; DatasetDefinition?: unknown }) => (input.S3Input === undefined) !== (input.DatasetDefinition === undefined),
);

/** `ProcessingInput`: one input of the job, from S3 or from a dataset query. */
const ProcessingInput = lazySchema(() =>
  strictObject({
    InputName: str({ min: 1 }),
    AppManaged: bool().optional(),
    S3Input: ProcessingS3Input.optional(),
    DatasetDefinition: DatasetDefinition.optional(),
  })
    .refine(
      oneInputSource,
      coded("conflicting-members", "a processing input needs exactly one of S3Input and DatasetDefinition: keep one of them"),
    )
);

/** `ProcessingS3Output`: where an output directory is uploaded. */
const ProcessingS3Output = lazySchema(() =>
  strictObject({
    S3Uri: s3Uri(),
    LocalPath: absoluteLocalPath().optional(),
    S3UploadMode: strEnum(["Continuous", "EndOfJob"]),
  })
);

const oneOutputTarget = named(
  "processing-output-target",
  (output: { S3Output?: unknown; FeatureStoreOutput?: unknown }) => (output.S3Output === undefined) !== (output.FeatureStoreOutput === undefined),
);

/** `ProcessingOutput`: one output of the job, to S3 or to a Feature Store feature group. */
const ProcessingOutput = lazySchema(() =>
  strictObject({
    OutputName: str({ min: 1 }),
    S3Output: ProcessingS3Output.optional(),
    FeatureStoreOutput: strictObject({
        FeatureGroupName: str({ min: 1, max: 64, pattern: /^[a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}$/ }),
      })
      .optional(),
    AppManaged: bool().optional(),
  })
    .refine(
      oneOutputTarget,
      coded("conflicting-members", "a processing output needs exactly one of S3Output and FeatureStoreOutput: keep one of them"),
    )
);

const oneInstanceChoice = named(
  "processing-instance-choice",
  (c: { InstanceType?: unknown; InstancePreferences?: unknown }) => (c.InstanceType === undefined) !== (c.InstancePreferences === undefined),
);

/** `ProcessingClusterConfig`: the instances and storage of the job. */
const ProcessingClusterConfig = lazySchema(() =>
  strictObject({
    InstanceCount: int({ min: 1, max: 100 }).optional(),
    InstanceType: instanceType().optional(),
    VolumeSizeInGB: int({ min: 1, max: 16384 }),
    VolumeKmsKeyId: kmsKeyId().optional(),
    InstancePreferences: z
      .array(
        strictObject({
          InstanceType: instanceType(),
          InstanceCount: int({ min: 1, max: 100 }).optional(),
        }),
      )
      .min(1)
      .optional(),
  })
    .refine(
      oneInstanceChoice,
      coded("conflicting-members", "set exactly one of InstanceType and InstancePreferences: keep one of them"),
    )
);

/**
 * `Processing` arguments: the `CreateProcessingJob` request. `ProcessingJobName` is optional: the
 * Python SDK removes it unless a custom job name prefix is kept. Input and output names are unique.
 */
export const ProcessingArguments = lazySchema(() =>
  strictObject({
    ProcessingJobName: jobName().optional(),
    ProcessingInputs: uniqueBy(
      z.array(ProcessingInput).max(10),
      "InputName",
      "the job and the step's properties (ProcessingInputs['<InputName>']) identify inputs by name",
    ).optional(),
    ProcessingOutputConfig: strictObject({
      Outputs: uniqueBy(
        z.array(ProcessingOutput).max(10),
        "OutputName",
        "outputs are referenced by name (ProcessingOutputConfig.Outputs['<OutputName>'] and PropertyFiles' OutputName)",
      ),
      KmsKeyId: kmsKeyId().optional(),
    })
      .optional(),
    ProcessingResources: strictObject({ ClusterConfig: ProcessingClusterConfig }),
    StoppingCondition: strictObject({ MaxRuntimeInSeconds: int({ min: 1, max: 777600 }) }).optional(),
    AppSpecification: strictObject({
      ImageUri: imageUri(),
      ContainerEntrypoint: z.array(str({ max: 256 })).min(1).max(100).optional(),
      ContainerArguments: z.array(str({ max: 256 })).min(1).max(100).optional(),
    }),
    Environment: environmentMap({ maxEntries: 100, keyMax: 256, valueMax: 256 }).optional(),
    NetworkConfig: strictObject({
      EnableInterContainerTrafficEncryption: bool().optional(),
      EnableNetworkIsolation: bool().optional(),
      VpcConfig: VpcConfig.optional(),
    })
      .optional(),
    RoleArn: roleArn(),
    Tags: TagList.optional(),
    ExperimentConfig: ExperimentConfig.optional(),
  })
);
export type ProcessingArguments = z.infer<typeof ProcessingArguments>;

/**
 * A `Processing` step: runs a SageMaker processing job. `PropertyFiles` declares JSON files in its
 * outputs that other steps read with `Std:JsonGet`.
 */
export const ProcessingStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("Processing"),
    Arguments: ProcessingArguments,
    PropertyFiles: z.array(PropertyFile).max(10).optional(),
  }),
  { Type: ["Processing"] },
);
export type ProcessingStep = z.infer<typeof ProcessingStep>;
