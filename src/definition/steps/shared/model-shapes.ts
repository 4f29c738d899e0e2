import { z } from "zod";
import { strictObject } from "../../strict-object.js";
import { lazySchema } from "../../lazy-schema.js";
import { bool, str, strEnum, strMap } from "../../expressions.js";
import { entityName, imageUri, intEnum, s3Uri } from "./base-shapes.js";

// Shapes shared by the model, registry, hosting, lineage and Bedrock steps. Limits are botocore's
// (sagemaker 2017-07-24 and bedrock 2023-04-20 service models); patterns are anchored here because
// the service matches them against the whole value. The leaves every step family uses (URIs, ARNs,
// tags, VpcConfig) are in base-shapes.ts.

/** A SageMaker model name (also inference component names): 1–63, letters, digits and inner hyphens. */
export const MODEL_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** A SageMaker model name. */
export const modelName = () =>
  str({ min: 1, max: 63, pattern: MODEL_NAME, patternHint: "1–63 letters, digits and hyphens, starting and ending with a letter or digit" });

/**
 * Container environment variables: at most 100, keys and values up to 1024 characters, names that
 * are variable names. Source: the SageMaker API Reference, shape EnvironmentKey
 * (`[a-zA-Z_][a-zA-Z0-9_]*`) of ContainerDefinition.Environment.
 */
export const containerEnvironment = () =>
  strMap({
    maxEntries: 100,
    keyMax: 1024,
    valueMax: 1024,
    keyPattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
    keyPatternHint: "an environment variable name uses letters, digits and _, not starting with a digit",
  });

/**
 * A model package's name or ARN, optionally versioned. Source: the SageMaker API Reference, shape
 * VersionedArnOrName (1–176 characters).
 */
const versionedArnOrName = () =>
  str({
    min: 1,
    max: 176,
    pattern: /^(arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\/[0-9]{1,9})?$/,
    patternHint: "a model package name (letters, digits and hyphens), optionally /<version>, or its ARN",
  });

/** `S3ModelDataSource`: model artifacts in S3, compressed or not. */
export const S3ModelDataSource = lazySchema(() =>
  strictObject({
    S3Uri: s3Uri(),
    S3DataType: strEnum(["S3Prefix", "S3Object"]),
    CompressionType: strEnum(["None", "Gzip"]),
    ModelAccessConfig: strictObject({ AcceptEula: bool() }).optional(),
    HubAccessConfig: strictObject({ HubContentArn: str({ max: 255 }) }).optional(),
    ManifestS3Uri: s3Uri().optional(),
    ETag: str().optional(),
    ManifestEtag: str().optional(),
  })
);

/** `ModelDataSource`: where model data comes from, instead of `ModelDataUrl`. */
export const ModelDataSource = lazySchema(() =>
  strictObject({
    S3DataSource: S3ModelDataSource.optional(),
  })
);

/** `AdditionalModelDataSource`: an extra named channel of model data. */
export const AdditionalModelDataSource = lazySchema(() =>
  strictObject({
    ChannelName: str({ min: 1, max: 64, pattern: /^[A-Za-z0-9.\-_]+$/, patternHint: "letters, digits and . - _" }),
    S3DataSource: S3ModelDataSource,
  })
);

/** `ContainerMetricsConfig`: the Prometheus endpoint a container exposes (at most one). */
export const ContainerMetricsConfig = lazySchema(() =>
  strictObject({
    MetricsEndpoints: z
      .array(
        strictObject({
          MetricsEndpointPath: str({ max: 256, pattern: /^\//, patternHint: "a metrics path starts with /" }),
          MetricPublishFrequencyInSeconds: intEnum([10, 30, 60, 120, 180, 240, 300]).optional(),
        }),
      )
      .max(1)
      .optional(),
  })
);

/** `ContainerDefinition`: one container of a SageMaker model (`CreateModel`). */
export const ContainerDefinition = lazySchema(() =>
  strictObject({
    ContainerHostname: entityName().optional(),
    Image: imageUri().optional(),
    ImageConfig: strictObject({
      RepositoryAccessMode: strEnum(["Platform", "Vpc"]),
      RepositoryAuthConfig: strictObject({ RepositoryCredentialsProviderArn: str({ min: 1, max: 2048 }) }).optional(),
    })
      .optional(),
    Mode: strEnum(["SingleModel", "MultiModel"]).optional(),
    ModelDataUrl: s3Uri().optional(),
    ModelDataSource: ModelDataSource.optional(),
    AdditionalModelDataSources: z.array(AdditionalModelDataSource).max(5).optional(),
    Environment: containerEnvironment().optional(),
    ModelPackageName: versionedArnOrName().optional(),
    InferenceSpecificationName: entityName().optional(),
    MultiModelConfig: strictObject({ ModelCacheSetting: strEnum(["Enabled", "Disabled"]).optional() }).optional(),
    ContainerMetricsConfig: ContainerMetricsConfig.optional(),
  })
);
export type ContainerDefinition = z.infer<typeof ContainerDefinition>;

/** `ModelPackageContainerDefinition`: one container of a registered model package. */
export const ModelPackageContainerDefinition = lazySchema(() =>
  strictObject({
    ContainerHostname: entityName().optional(),
    Image: imageUri().optional(),
    ImageDigest: str({ max: 72, pattern: /^[Ss][Hh][Aa]256:[0-9a-fA-F]{64}$/, patternHint: "sha256:<64 hex digits>" }).optional(),
    ModelDataUrl: s3Uri().optional(),
    ModelDataSource: ModelDataSource.optional(),
    // source: the SageMaker API Reference, shape ProductId
    ProductId: str({ max: 256, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, patternHint: "a product id: letters, digits and inner hyphens" }).optional(),
    Environment: containerEnvironment().optional(),
    ModelInput: strictObject({ DataInputConfig: str({ min: 1, max: 16384 }) }).optional(),
    Framework: str().optional(),
    FrameworkVersion: str({ min: 3, max: 10, pattern: /^[0-9]\.[A-Za-z0-9.-]+$/, patternHint: "a version such as 2.9" }).optional(),
    NearestModelName: str().optional(),
    AdditionalModelDataSources: z.array(AdditionalModelDataSource).max(5).optional(),
    AdditionalS3DataSource: strictObject({
      S3DataType: strEnum(["S3Object", "S3Prefix"]),
      S3Uri: s3Uri(),
      CompressionType: strEnum(["None", "Gzip"]).optional(),
    })
      .optional(),
    ModelDataETag: str().optional(),
    IsCheckpoint: bool().optional(),
    BaseModel: strictObject({
      HubContentName: entityName().optional(),
      // source: the SageMaker API Reference, shape HubContentVersion
      HubContentVersion: str({ min: 5, max: 14, pattern: /^\d{1,4}.\d{1,4}.\d{1,4}$/, patternHint: "a version such as 1.0.0" }).optional(),
      RecipeName: str({ max: 255 }).optional(),
    })
      .optional(),
  })
);
export type ModelPackageContainerDefinition = z.infer<typeof ModelPackageContainerDefinition>;

/** `MetadataProperties`: where a model or lineage entity came from. */
export const MetadataProperties = lazySchema(() =>
  strictObject({
    CommitId: str({ max: 1024 }).optional(),
    Repository: str({ max: 1024 }).optional(),
    GeneratedBy: str({ max: 1024 }).optional(),
    ProjectId: str({ max: 1024 }).optional(),
  })
);

// Bedrock shapes. The Bedrock API uses camelCase members; pipeline Arguments use the same members
// in PascalCase (the Python SDK capitalises the first letter), nested keys included.

const BEDROCK_TAG_TEXT = /^[a-zA-Z0-9\s._:/=+@-]*$/;

/** A Bedrock resource tag. */
export const BedrockTag = lazySchema(() =>
  strictObject({
    Key: str({ min: 1, max: 128, pattern: BEDROCK_TAG_TEXT, patternHint: "tag keys use letters, digits, spaces and . _ : / = + @ -" }),
    Value: str({ max: 256, pattern: BEDROCK_TAG_TEXT, patternHint: "tag values use letters, digits, spaces and . _ : / = + @ -" }),
  })
);

/** Up to 200 Bedrock tags. */
export const BedrockTagList = lazySchema(() =>
  z.array(BedrockTag).max(200)
);

/** A Bedrock S3 URI: `s3://<bucket>/<key>`. */
export const bedrockS3Uri = () =>
  str({
    min: 1,
    max: 1024,
    pattern: /^s3:\/\/[a-z0-9][-.a-z0-9]{1,61}[a-z0-9](?:\/[-!_*'().a-z0-9A-Z]+(?:\/[-!_*'().a-z0-9A-Z]+)*)?\/?$/,
    patternHint: "must be an s3://<bucket>/<key> URI",
  });

/** Bedrock `ModelDataSource` (a union with one member): model files in S3. */
export const BedrockModelDataSource = lazySchema(() =>
  strictObject({
    S3DataSource: strictObject({ S3Uri: bedrockS3Uri() }),
  })
);

/** A Bedrock client request token (idempotency). */
export const bedrockClientRequestToken = () =>
  str({
    min: 1,
    max: 256,
    pattern: /^[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?$/,
    patternHint: "letters, digits and inner hyphens",
  });

/** A Bedrock resource name: 1–63 letters and digits, each optionally followed by `_` or `-`. */
export const bedrockName = () =>
  str({ min: 1, max: 63, pattern: /^([0-9a-zA-Z][_-]?)+$/, patternHint: "1–63 letters and digits, single _ or - between them" });
