import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { FreeFormInputs, outputParameters } from "./lambda-step.js";

/**
 * An SQS queue URL, `https://sqs.<region>.<domain>/<account>/<queue>` in any partition (legacy
 * `<region>.queue.amazonaws.com` hosts too).
 */
export const SQS_QUEUE_URL =
  /^https:\/\/(sqs\.[a-z0-9-]+|([a-z0-9-]+\.)?queue)\.(amazonaws\.com(\.cn)?|api\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov)\/\d{12}\/[a-zA-Z0-9_-]{1,80}(\.fifo)?$/;

/** `Callback` arguments: the inputs sent in the SQS message. */
export const CallbackArguments = FreeFormInputs;
export type CallbackArguments = z.infer<typeof CallbackArguments>;

/**
 * A `Callback` step: sends `Arguments` with a token to `SqsQueueUrl` and waits until
 * `SendPipelineExecutionStepSuccess` or `…Failure` is called with that token.
 */
export const CallbackStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("Callback"),
    Arguments: CallbackArguments.optional(),
    SqsQueueUrl: z.string().regex(SQS_QUEUE_URL, {
      message: "SqsQueueUrl must be an SQS queue URL: https://sqs.<region>.amazonaws.com/<account>/<queue>",
    }),
    OutputParameters: outputParameters(50).optional(),
  }),
  { Type: ["Callback"] },
);
export type CallbackStep = z.infer<typeof CallbackStep>;
