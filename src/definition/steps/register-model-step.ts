import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { int, str, strEnum, strMap } from "../expressions.js";
import { entityName, kmsKeyId, rejectedKey, roleArn, s3Uri, TAG_TEXT, TagList } from "./shared/base-shapes.js";
import { algorithmName, environmentMap, TransformInput, TransformOutput, TransformResources } from "./shared/job-shapes.js";
import { MetadataProperties, ModelDataSource, ModelPackageContainerDefinition } from "./shared/model-shapes.js";

const contentDigest = () =>
  str({ max: 72, pattern: /^[Ss][Hh][Aa]256:[0-9a-fA-F]{64}$/, patternHint: "sha256:<64 hex digits>" });

/** `MetricsSource`: a metrics or constraints report in S3. */
const MetricsSource = lazySchema(() =>
  strictObject({
    ContentType: str({ max: 256 }),
    ContentDigest: contentDigest().optional(),
    S3Uri: s3Uri(),
  })
);

/** `FileSource`: a configuration file in S3. */
const FileSource = lazySchema(() =>
  strictObject({
    ContentType: str({ max: 256 }).optional(),
    ContentDigest: contentDigest().optional(),
    S3Uri: s3Uri(),
  })
);

/** A pair of optional statistics and constraints reports. */
const StatisticsAndConstraints = lazySchema(() =>
  strictObject({
    Statistics: MetricsSource.optional(),
    Constraints: MetricsSource.optional(),
  })
);

/** `ModelMetrics`: quality, bias and explainability reports of the model. */
const ModelMetrics = lazySchema(() =>
  strictObject({
    ModelQuality: StatisticsAndConstraints.optional(),
    ModelDataQuality: StatisticsAndConstraints.optional(),
    Bias: strictObject({
      Report: MetricsSource.optional(),
      PreTrainingReport: MetricsSource.optional(),
      PostTrainingReport: MetricsSource.optional(),
    })
      .optional(),
    Explainability: strictObject({ Report: MetricsSource.optional() }).optional(),
  })
);

/** `DriftCheckBaselines`: the baselines Model Monitor compares against. */
const DriftCheckBaselines = lazySchema(() =>
  strictObject({
    Bias: strictObject({
      ConfigFile: FileSource.optional(),
      PreTrainingConstraints: MetricsSource.optional(),
      PostTrainingConstraints: MetricsSource.optional(),
    })
      .optional(),
    Explainability: strictObject({
      Constraints: MetricsSource.optional(),
      ConfigFile: FileSource.optional(),
    })
      .optional(),
    ModelQuality: StatisticsAndConstraints.optional(),
    ModelDataQuality: StatisticsAndConstraints.optional(),
  })
);

// Instance types and response MIME types are not pattern-checked here (the API's are `ml.*` values
// and `[-\w]+\/.+`, source: the SageMaker API Reference, InferenceSpecification): the Python SDK's
// unit tests assert definitions with placeholders such as "inference_instance" and "response_type".
const supportedInference = () => ({
  SupportedTransformInstanceTypes: z.array(str()).min(1).optional(),
  SupportedRealtimeInferenceInstanceTypes: z.array(str()).optional(),
  SupportedContentTypes: z.array(str({ max: 256 })).optional(),
  SupportedResponseMIMETypes: z.array(str({ max: 1024 })).optional(),
});

/** `InferenceSpecification`: the containers of the package and what they support. */
const InferenceSpecification = lazySchema(() =>
  strictObject({
    Containers: z.array(ModelPackageContainerDefinition).min(1).max(15),
    ...supportedInference(),
  })
);

/** `AdditionalInferenceSpecificationDefinition`: another set of containers (e.g. Neo-compiled). */
const AdditionalInferenceSpecification = lazySchema(() =>
  strictObject({
    Name: entityName(),
    Description: str({ max: 1024 }).optional(),
    Containers: z.array(ModelPackageContainerDefinition).min(1).max(15),
    ...supportedInference(),
  })
);

/** `TransformJobDefinition`: the batch transform job a validation profile runs. */
const TransformJobDefinition = lazySchema(() =>
  strictObject({
    MaxConcurrentTransforms: int({ min: 0 }).optional(),
    MaxPayloadInMB: int({ min: 0 }).optional(),
    BatchStrategy: strEnum(["MultiRecord", "SingleRecord"]).optional(),
    Environment: environmentMap({ maxEntries: 16, keyMax: 1024, valueMax: 10240 }).optional(),
    TransformInput,
    TransformOutput,
    TransformResources,
  })
);

/** `ModelPackageValidationSpecification`: transform jobs SageMaker runs to test the package. */
const ValidationSpecification = lazySchema(() =>
  strictObject({
    ValidationRole: roleArn(),
    ValidationProfiles: z
      .array(strictObject({ ProfileName: entityName(), TransformJobDefinition }))
      .max(1),
  })
);

/** `SourceAlgorithmSpecification`: the algorithm the package's model was trained with. */
const SourceAlgorithmSpecification = lazySchema(() =>
  strictObject({
    SourceAlgorithms: z
      .array(
        strictObject({
          ModelDataUrl: s3Uri().optional(),
          ModelDataSource: ModelDataSource.optional(),
          ModelDataETag: str().optional(),
          AlgorithmName: algorithmName(),
        }),
      )
      .min(1)
      .max(1),
  })
);

/**
 * `RegisterModel` arguments: the `CreateModelPackage` request. `ModelPackageName` is optional
 * (versioned packages use `ModelPackageGroupName`; the Python SDK removes the name), and
 * `CertifyForMarketplace` is rejected: Pipelines does not accept it.
 */
export const RegisterModelArguments = lazySchema(() =>
  strictObject({
    ModelPackageName: entityName().optional(),
    ModelPackageGroupName: str({
      min: 1,
      max: 170,
      pattern: /^(arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z-]*\/)?[a-zA-Z0-9][a-zA-Z0-9-]{0,62}(?<!-)$/,
      patternHint: "a model package group name (1–63 letters, digits and hyphens) or its ARN",
    }).optional(),
    ModelPackageDescription: str({ max: 1024 }).optional(),
    ModelPackageRegistrationType: strEnum(["Logged", "Registered"]).optional(),
    InferenceSpecification: InferenceSpecification.optional(),
    ValidationSpecification: ValidationSpecification.optional(),
    SourceAlgorithmSpecification: SourceAlgorithmSpecification.optional(),
    CertifyForMarketplace: rejectedKey(
      "CertifyForMarketplace is not accepted by SageMaker Pipelines in a RegisterModel step: remove it (it applies only to unversioned packages)",
    ),
    Tags: TagList.optional(),
    ModelApprovalStatus: strEnum(["Approved", "Rejected", "PendingManualApproval"]).optional(),
    MetadataProperties: MetadataProperties.optional(),
    ModelMetrics: ModelMetrics.optional(),
    ClientToken: str({ min: 1, max: 36, pattern: /^[a-zA-Z0-9-]+$/, patternHint: "letters, digits and hyphens" }).optional(),
    Domain: str().optional(),
    Task: str().optional(),
    SamplePayloadUrl: s3Uri().optional(),
    CustomerMetadataProperties: strMap({
      minEntries: 1,
      maxEntries: 50,
      keyMin: 1,
      keyMax: 128,
      keyPattern: TAG_TEXT,
      keyPatternHint: "keys use letters, digits, spaces and _ . : / = + - @",
      valueMax: 256,
    }).optional(),
    DriftCheckBaselines: DriftCheckBaselines.optional(),
    AdditionalInferenceSpecifications: z.array(AdditionalInferenceSpecification).min(1).max(15).optional(),
    SkipModelValidation: strEnum(["All", "None"]).optional(),
    SourceUri: str({ max: 1024 }).optional(),
    SecurityConfig: strictObject({ KmsKeyId: kmsKeyId() }).optional(),
    ModelCard: strictObject({
      ModelCardContent: str({ max: 100000 }).optional(),
      ModelCardStatus: strEnum(["Draft", "PendingReview", "Approved", "Archived"]).optional(),
    })
      .optional(),
    ModelLifeCycle: strictObject({
      Stage: entityName(),
      StageStatus: entityName(),
      StageDescription: str({ max: 1024 }).optional(),
    })
      .optional(),
    ManagedStorageType: strEnum(["Restricted"]).optional(),
  })
);
export type RegisterModelArguments = z.infer<typeof RegisterModelArguments>;

/** A `RegisterModel` step: registers a model package version (`CreateModelPackage`). */
export const RegisterModelStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("RegisterModel"),
    Arguments: RegisterModelArguments,
  }),
  { Type: ["RegisterModel"] },
);
export type RegisterModelStep = z.infer<typeof RegisterModelStep>;
