import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { bool, int, num, strEnum } from "../expressions.js";
import { coded, named } from "../rules.js";
import { entityName, imageUri, instanceType, s3Uri, TagList } from "./shared/base-shapes.js";
import { containerEnvironment, ContainerMetricsConfig, modelName } from "./shared/model-shapes.js";

/** `InferenceComponentSpecification`: the model, container and resources of one component. */
const InferenceComponentSpecification = lazySchema(() =>
  strictObject({
    InstanceType: instanceType().optional(),
    ModelName: modelName().optional(),
    Container: strictObject({
      Image: imageUri().optional(),
      ArtifactUrl: s3Uri().optional(),
      Environment: containerEnvironment().optional(),
      ContainerMetricsConfig: ContainerMetricsConfig.optional(),
    })
      .optional(),
    StartupParameters: strictObject({
      ModelDataDownloadTimeoutInSeconds: int({ min: 60, max: 3600 }).optional(),
      ContainerStartupHealthCheckTimeoutInSeconds: int({ min: 60, max: 3600 }).optional(),
    })
      .optional(),
    ComputeResourceRequirements: strictObject({
      MinMemoryRequiredInMb: int({ min: 128 }),
      NumberOfCpuCoresRequired: num({ min: 0.25 }).optional(),
      NumberOfAcceleratorDevicesRequired: num({ min: 1 }).optional(),
      MaxMemoryRequiredInMb: int({ min: 128 }).optional(),
    })
      .optional(),
    BaseInferenceComponentName: modelName().optional(),
    DataCacheConfig: strictObject({ EnableCaching: bool() }).optional(),
    SchedulingConfig: strictObject({
      PlacementStrategy: strEnum(["SPREAD", "BINPACK"]),
      AvailabilityZoneBalance: strictObject({
          EnforcementMode: strEnum(["PERMISSIVE"]),
          MaxImbalance: int({ min: 0, max: 100 }).optional(),
        })
        .optional(),
    })
      .optional(),
  })
);

const oneSpecificationForm = named(
  "inference-component-specifications",
  (args: { Specification?: unknown; Specifications?: unknown }) => args.Specification === undefined || args.Specifications === undefined,
);

/**
 * `InferenceComponent` arguments: the `CreateInferenceComponent` request (the service creates
 * the component, or updates it when it exists).
 */
export const InferenceComponentArguments = lazySchema(() =>
  strictObject({
    InferenceComponentName: modelName(),
    EndpointName: entityName(),
    VariantName: entityName().optional(),
    Specification: InferenceComponentSpecification.optional(),
    Specifications: z.array(InferenceComponentSpecification).min(1).max(5).optional(),
    RuntimeConfig: strictObject({ CopyCount: int({ min: 0 }) }).optional(),
    Tags: TagList.optional(),
  })
    .refine(
      oneSpecificationForm,
      coded(
        "conflicting-members",
        "an InferenceComponent step sets Specification or Specifications (one per instance type), not both: remove one",
        ["Specifications"],
      ),
    )
);
export type InferenceComponentArguments = z.infer<typeof InferenceComponentArguments>;

/** An `InferenceComponent` step: creates or updates an inference component (`CreateInferenceComponent`). */
export const InferenceComponentStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("InferenceComponent"),
    Arguments: InferenceComponentArguments,
  }),
  { Type: ["InferenceComponent"] },
);
export type InferenceComponentStep = z.infer<typeof InferenceComponentStep>;
