import { z } from "zod";
import { PropertyFile, stepEnvelope } from "../common.js";
import { bool, int, str } from "../expressions.js";
import { ProcessingClusterConfig, ProcessingInput, ProcessingOutput } from "./shared/check-shapes.js";
import { environmentMap, ExperimentConfig, jobName, VpcConfig } from "./shared/job-shapes.js";
import { imageUri, kmsKeyId, roleArn, TagList } from "./shared/model-shapes.js";

// The `CreateProcessingJob` request. Limits are botocore's (sagemaker 2017-07-24). The input,
// output and cluster shapes are the ones the check steps (also processing jobs) use.

/**
 * `Processing` arguments: the `CreateProcessingJob` request. `ProcessingJobName` is optional: the
 * Python SDK removes it unless a custom job name prefix is kept.
 */
export const ProcessingArguments = z.strictObject({
  ProcessingJobName: jobName().optional(),
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
  Environment: environmentMap({ maxEntries: 100, keyMax: 256, valueMax: 256 }).optional(),
  NetworkConfig: z
    .strictObject({
      EnableInterContainerTrafficEncryption: bool().optional(),
      EnableNetworkIsolation: bool().optional(),
      VpcConfig: VpcConfig.optional(),
    })
    .optional(),
  RoleArn: roleArn(),
  Tags: TagList.optional(),
  ExperimentConfig: ExperimentConfig.optional(),
});
export type ProcessingArguments = z.infer<typeof ProcessingArguments>;

/**
 * A `Processing` step: runs a SageMaker processing job. `PropertyFiles` declares JSON files in its
 * outputs that other steps read with `Std:JsonGet`.
 */
export const ProcessingStep = z.strictObject({
  ...stepEnvelope,
  Type: z.literal("Processing"),
  Arguments: ProcessingArguments,
  PropertyFiles: z.array(PropertyFile).max(10).optional(),
});
export type ProcessingStep = z.infer<typeof ProcessingStep>;
