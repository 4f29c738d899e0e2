import { z } from "zod";
import { bool, int, str, strEnum, strMap } from "../../expressions.js";
import { imageUri, kmsKeyId, roleArn, s3Uri, TagList, VpcConfig } from "./model-shapes.js";

// The `CreateProcessingJob` request that QualityCheck and ClarifyCheck steps carry as `Arguments`
// (the Model Monitor and Clarify containers run as processing jobs). Limits are botocore's
// (sagemaker 2017-07-24).

/** `ProcessingJobName`: kept only in "custom job prefix" mode, where the service uses it as a prefix. */
const processingJobName = () =>
  str({
    min: 1,
    max: 63,
    pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
    patternHint: "1–63 letters, digits and hyphens, starting and ending with a letter or digit",
  });

const localPath = () => str({ max: 256 });

const experimentEntityName = () =>
  str({
    min: 1,
    max: 120,
    pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$/,
    patternHint: "1–120 letters, digits and hyphens, starting and ending with a letter or digit",
  });

/** `ProcessingS3Input`: where an input is downloaded from and how. */
export const ProcessingS3Input = z.strictObject({
  S3Uri: s3Uri(),
  LocalPath: localPath().optional(),
  S3DataType: strEnum(["ManifestFile", "S3Prefix"]),
  S3InputMode: strEnum(["Pipe", "File"]).optional(),
  S3DataDistributionType: strEnum(["FullyReplicated", "ShardedByS3Key"]).optional(),
  S3CompressionType: strEnum(["None", "Gzip"]).optional(),
});

const queryString = () => str({ min: 1, max: 4096 });

/** `AthenaDatasetDefinition`: an Athena query whose result is the input. */
export const AthenaDatasetDefinition = z.strictObject({
  Catalog: str({ min: 1, max: 256 }),
  Database: str({ min: 1, max: 255 }),
  QueryString: queryString(),
  WorkGroup: str({ min: 1, max: 128, pattern: /^[a-zA-Z0-9._-]+$/ }).optional(),
  OutputS3Uri: s3Uri(),
  KmsKeyId: kmsKeyId().optional(),
  OutputFormat: strEnum(["PARQUET", "ORC", "AVRO", "JSON", "TEXTFILE"]),
  OutputCompression: strEnum(["GZIP", "SNAPPY", "ZLIB"]).optional(),
});

/** `RedshiftDatasetDefinition`: a Redshift query whose result is the input. */
export const RedshiftDatasetDefinition = z.strictObject({
  ClusterId: str({ min: 1, max: 63 }),
  Database: str({ min: 1, max: 64 }),
  DbUser: str({ min: 1, max: 128 }),
  QueryString: queryString(),
  ClusterRoleArn: roleArn(),
  OutputS3Uri: s3Uri(),
  KmsKeyId: kmsKeyId().optional(),
  OutputFormat: strEnum(["PARQUET", "CSV"]),
  OutputCompression: strEnum(["None", "GZIP", "BZIP2", "ZSTD", "SNAPPY"]).optional(),
});

/** `DatasetDefinition`: an Athena or Redshift query as a processing input. */
export const DatasetDefinition = z
  .strictObject({
    AthenaDatasetDefinition: AthenaDatasetDefinition.optional(),
    RedshiftDatasetDefinition: RedshiftDatasetDefinition.optional(),
    LocalPath: localPath().optional(),
    DataDistributionType: strEnum(["FullyReplicated", "ShardedByS3Key"]).optional(),
    InputMode: strEnum(["Pipe", "File"]).optional(),
  })
  .refine((d) => d.AthenaDatasetDefinition === undefined || d.RedshiftDatasetDefinition === undefined, {
    message: "a DatasetDefinition is an Athena or a Redshift query, not both: remove one of them",
  });

/** `ProcessingInput`: one input of the job, from S3 or from a dataset query. */
export const ProcessingInput = z
  .strictObject({
    InputName: str({ min: 1 }),
    AppManaged: bool().optional(),
    S3Input: ProcessingS3Input.optional(),
    DatasetDefinition: DatasetDefinition.optional(),
  })
  .refine((input) => (input.S3Input === undefined) !== (input.DatasetDefinition === undefined), {
    message: "a processing input needs exactly one of S3Input and DatasetDefinition",
  });

/** `ProcessingS3Output`: where an output directory is uploaded. */
export const ProcessingS3Output = z.strictObject({
  S3Uri: s3Uri(),
  LocalPath: localPath().optional(),
  S3UploadMode: strEnum(["Continuous", "EndOfJob"]),
});

/** `ProcessingOutput`: one output of the job, to S3 or to a Feature Store feature group. */
export const ProcessingOutput = z
  .strictObject({
    OutputName: str({ min: 1 }),
    S3Output: ProcessingS3Output.optional(),
    FeatureStoreOutput: z
      .strictObject({
        FeatureGroupName: str({ min: 1, max: 64, pattern: /^[a-zA-Z0-9]([_-]*[a-zA-Z0-9]){0,63}$/ }),
      })
      .optional(),
    AppManaged: bool().optional(),
  })
  .refine((output) => (output.S3Output === undefined) !== (output.FeatureStoreOutput === undefined), {
    message: "a processing output needs exactly one of S3Output and FeatureStoreOutput",
  });

const processingInstanceType = () =>
  str({ pattern: /^ml\./, patternHint: "a processing instance type starts with \"ml.\"" });

/** `ProcessingClusterConfig`: the instances and storage of the job. */
export const ProcessingClusterConfig = z
  .strictObject({
    InstanceCount: int({ min: 1, max: 100 }).optional(),
    InstanceType: processingInstanceType().optional(),
    VolumeSizeInGB: int({ min: 1, max: 16384 }),
    VolumeKmsKeyId: kmsKeyId().optional(),
    InstancePreferences: z
      .array(
        z.strictObject({
          InstanceType: processingInstanceType(),
          InstanceCount: int({ min: 1, max: 100 }).optional(),
        }),
      )
      .min(1)
      .optional(),
  })
  .refine((c) => (c.InstanceType === undefined) !== (c.InstancePreferences === undefined), {
    message: "set exactly one of InstanceType and InstancePreferences",
  });

/** The `CreateProcessingJob` request of a check step (minus `ProcessingJobName`, kept optional for custom job prefixes). */
export const CheckJobArguments = z.strictObject({
  ProcessingJobName: processingJobName().optional(),
  ProcessingInputs: z.array(ProcessingInput).max(10).optional(),
  ProcessingOutputConfig: z
    .strictObject({
      Outputs: z.array(ProcessingOutput).max(10),
      KmsKeyId: kmsKeyId().optional(),
    })
    .optional(),
  ProcessingResources: z.strictObject({ ClusterConfig: ProcessingClusterConfig }),
  StoppingCondition: z.strictObject({ MaxRuntimeInSeconds: int({ min: 1, max: 777600 }) }).optional(),
  AppSpecification: z.strictObject({
    ImageUri: imageUri(),
    ContainerEntrypoint: z.array(str({ max: 256 })).min(1).max(100).optional(),
    ContainerArguments: z.array(str({ max: 256 })).min(1).max(100).optional(),
  }),
  Environment: strMap({ maxEntries: 100, keyMax: 256, valueMax: 256 }).optional(),
  NetworkConfig: z
    .strictObject({
      EnableInterContainerTrafficEncryption: bool().optional(),
      EnableNetworkIsolation: bool().optional(),
      VpcConfig: VpcConfig.optional(),
    })
    .optional(),
  RoleArn: roleArn(),
  Tags: TagList.optional(),
  ExperimentConfig: z
    .strictObject({
      ExperimentName: experimentEntityName().optional(),
      TrialName: experimentEntityName().optional(),
      TrialComponentDisplayName: experimentEntityName().optional(),
      RunName: experimentEntityName().optional(),
    })
    .optional(),
});
export type CheckJobArguments = z.infer<typeof CheckJobArguments>;

/** The step-level keys QualityCheck and ClarifyCheck steps share (the Python SDK always emits them). */
export const checkStepKeys = {
  /** A model package group (name or ARN) to take the baselines from; the SDK emits `null` when unset. */
  ModelPackageGroupName: str({ min: 1, max: 170 }).nullable().optional(),
  SkipCheck: bool().optional(),
  FailOnViolation: bool().optional(),
  RegisterNewBaseline: bool().optional(),
  /** The S3 URI of a constraints JSON file to check against; the SDK emits `null` when unset. */
  SuppliedBaselineConstraints: str({ max: 1024 }).nullable().optional(),
};
