import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { bool, int, num, str, strEnum } from "../expressions.js";
import {
  entityName,
  instanceType,
  intEnum,
  kmsKeyId,
  rejectedKey,
  roleArn,
  s3Uri,
  TagList,
  VpcConfig,
} from "./shared/base-shapes.js";
import { modelName } from "./shared/model-shapes.js";

/** `ProductionVariant`: one model served by the endpoint, on instances or serverless. */
export const ProductionVariant = lazySchema(() =>
  strictObject({
    VariantName: entityName(),
    ModelName: modelName().optional(),
    InitialInstanceCount: int({ min: 1 }).optional(),
    InstanceType: instanceType().optional(),
    InstancePools: z
      .array(
        strictObject({
          InstanceType: instanceType(),
          Priority: int({ min: 1, max: 5 }),
          ModelNameOverride: modelName().optional(),
        }),
      )
      .min(1)
      .max(5)
      .optional(),
    VariantInstanceProvisionTimeoutInSeconds: int({ min: 300, max: 3600 }).optional(),
    InitialVariantWeight: num({ min: 0 }).optional(),
    AcceleratorType: strEnum([
      "ml.eia1.medium",
      "ml.eia1.large",
      "ml.eia1.xlarge",
      "ml.eia2.medium",
      "ml.eia2.large",
      "ml.eia2.xlarge",
    ]).optional(),
    CoreDumpConfig: strictObject({
      DestinationS3Uri: s3Uri(512),
      KmsKeyId: kmsKeyId().optional(),
    })
      .optional(),
    ServerlessConfig: strictObject({
      MemorySizeInMB: int({ min: 1024, max: 6144 }),
      MaxConcurrency: int({ min: 1, max: 200 }),
      ProvisionedConcurrency: int({ min: 1, max: 200 }).optional(),
    })
      .optional(),
    VolumeSizeInGB: int({ min: 1, max: 512 }).optional(),
    ModelDataDownloadTimeoutInSeconds: int({ min: 60, max: 3600 }).optional(),
    ContainerStartupHealthCheckTimeoutInSeconds: int({ min: 60, max: 3600 }).optional(),
    EnableSSMAccess: bool().optional(),
    ManagedInstanceScaling: strictObject({
      Status: strEnum(["ENABLED", "DISABLED"]).optional(),
      MinInstanceCount: int({ min: 0 }).optional(),
      MaxInstanceCount: int({ min: 1 }).optional(),
      ScaleInPolicy: strictObject({
          Strategy: strEnum(["IDLE_RELEASE", "CONSOLIDATION"]),
          MaximumStepSize: int({ min: 1, max: 100 }).optional(),
          CooldownInMinutes: int({ min: 5, max: 1440 }).optional(),
        })
        .optional(),
    })
      .optional(),
    RoutingConfig: strictObject({
      RoutingStrategy: strEnum(["LEAST_OUTSTANDING_REQUESTS", "RANDOM", "PREFIX_AWARE"]),
      PrefixAwareRoutingConfig: strictObject({
          PrefixLength: int().optional(),
          ConcurrencyThreshold: int().optional(),
        })
        .optional(),
    })
      .optional(),
    InferenceAmiVersion: str().optional(),
    CapacityReservationConfig: strictObject({
      CapacityReservationPreference: strEnum(["capacity-reservations-only"]).optional(),
      // source: the SageMaker API Reference, shape MlReservationArn
      MlReservationArn: str({ min: 20, max: 258, pattern: /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z0-9-]{1,14}\/.*$/s, patternHint: "an ML reservation ARN: arn:aws:sagemaker:<region>:<account>:<type>/<name>" }).optional(),
    })
      .optional(),
  })
);
export type ProductionVariant = z.infer<typeof ProductionVariant>;

/** An SNS topic ARN. Source: the SageMaker API Reference, shape SnsTopicArn (at most 2048 characters). */
const snsTopicArn = () =>
  str({ max: 2048, pattern: /^arn:aws[a-z-]*:sns:[a-z0-9-]*:[0-9]{12}:[a-zA-Z0-9_.-]+$/, patternHint: "an SNS topic ARN: arn:aws:sns:<region>:<account>:<topic>" });

/** `AsyncInferenceConfig`: where asynchronous invocations write results and notifications. */
const AsyncInferenceConfig = lazySchema(() =>
  strictObject({
    OutputConfig: strictObject({
      KmsKeyId: kmsKeyId().optional(),
      S3OutputPath: s3Uri(512).optional(),
      NotificationConfig: strictObject({
        SuccessTopic: snsTopicArn().optional(),
        ErrorTopic: snsTopicArn().optional(),
        IncludeInferenceResponseIn: z
          .array(strEnum(["SUCCESS_NOTIFICATION_TOPIC", "ERROR_NOTIFICATION_TOPIC"]))
          .max(2)
          .optional(),
      })
        .optional(),
      S3FailurePath: s3Uri(512).optional(),
    }),
    ClientConfig: strictObject({ MaxConcurrentInvocationsPerInstance: int({ min: 1, max: 1000 }).optional() })
      .optional(),
  })
);

/**
 * `EndpointConfig` arguments: the `CreateEndpointConfig` request. `DataCaptureConfig` and
 * `ExplainerConfig` exist in the API but SageMaker Pipelines rejects them.
 */
export const EndpointConfigArguments = lazySchema(() =>
  strictObject({
    EndpointConfigName: entityName(),
    ProductionVariants: z.array(ProductionVariant).min(1).max(10),
    DataCaptureConfig: rejectedKey(
      "DataCaptureConfig is rejected by SageMaker Pipelines in an EndpointConfig step: remove it",
    ),
    Tags: TagList.optional(),
    KmsKeyId: kmsKeyId().optional(),
    AsyncInferenceConfig: AsyncInferenceConfig.optional(),
    ExplainerConfig: rejectedKey(
      "ExplainerConfig is rejected by SageMaker Pipelines in an EndpointConfig step: remove it",
    ),
    ShadowProductionVariants: z.array(ProductionVariant).min(1).max(10).optional(),
    ExecutionRoleArn: roleArn().optional(),
    VpcConfig: VpcConfig.optional(),
    EnableNetworkIsolation: bool().optional(),
    MetricsConfig: strictObject({
      EnableEnhancedMetrics: bool().optional(),
      EnableDetailedObservability: bool().optional(),
      MetricPublishFrequencyInSeconds: intEnum([10, 30, 60, 120, 180, 240, 300]).optional(),
    })
      .optional(),
  })
);
export type EndpointConfigArguments = z.infer<typeof EndpointConfigArguments>;

/** An `EndpointConfig` step: creates an endpoint configuration (`CreateEndpointConfig`). */
export const EndpointConfigStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("EndpointConfig"),
    Arguments: EndpointConfigArguments,
  }),
  { Type: ["EndpointConfig"] },
);
export type EndpointConfigStep = z.infer<typeof EndpointConfigStep>;
