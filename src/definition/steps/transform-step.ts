import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { bool, int, str, strEnum } from "../expressions.js";
import {
  environmentMap,
  ExperimentConfig,
  jobName,
  TransformInput,
  TransformOutput,
  TransformResources,
} from "./shared/job-shapes.js";
import { kmsKeyId, s3Uri, TagList } from "./shared/base-shapes.js";

// The `CreateTransformJob` request. Limits are botocore's (sagemaker 2017-07-24).

/**
 * `Transform` arguments: the `CreateTransformJob` request. `TransformJobName` is optional: the
 * Python SDK removes it unless a custom job name prefix is kept.
 */
export const TransformArguments = lazySchema(() =>
  strictObject({
    TransformJobName: jobName().optional(),
    /**
     * The model to run (an existing SageMaker model, usually a Model step's `ModelName`). Only the
     * length is checked, not the API's `[a-zA-Z0-9]([\-a-zA-Z0-9]*[a-zA-Z0-9])?` (source: the SageMaker
     * API Reference, CreateTransformJob): the Python SDK's own fixtures name models such as `my_model`.
     */
    ModelName: str({ min: 1, max: 63 }),
    MaxConcurrentTransforms: int({ min: 0 }).optional(),
    ModelClientConfig: strictObject({
      InvocationsTimeoutInSeconds: int({ min: 1, max: 3600 }).optional(),
      InvocationsMaxRetries: int({ min: 0, max: 3 }).optional(),
    })
      .optional(),
    MaxPayloadInMB: int({ min: 0, max: 100 }).optional(),
    BatchStrategy: strEnum(["MultiRecord", "SingleRecord"]).optional(),
    Environment: environmentMap({ maxEntries: 16, keyMax: 1024, valueMax: 10240 }).optional(),
    TransformInput,
    TransformOutput,
    DataCaptureConfig: strictObject({
      DestinationS3Uri: s3Uri(),
      KmsKeyId: kmsKeyId().optional(),
      GenerateInferenceId: bool().optional(),
    })
      .optional(),
    TransformResources,
    DataProcessing: strictObject({
      InputFilter: str({ max: 63 }).optional(),
      OutputFilter: str({ max: 63 }).optional(),
      JoinSource: strEnum(["Input", "None"]).optional(),
    })
      .optional(),
    Tags: TagList.optional(),
    ExperimentConfig: ExperimentConfig.optional(),
  })
);
export type TransformArguments = z.infer<typeof TransformArguments>;

/** A `Transform` step: runs a SageMaker batch transform job. */
export const TransformStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("Transform"),
    Arguments: TransformArguments,
  }),
  { Type: ["Transform"] },
);
export type TransformStep = z.infer<typeof TransformStep>;
