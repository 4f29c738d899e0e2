import type { S3Client } from "@aws-sdk/client-s3";
import { callAws } from "../aws/call.js";
import { s3Module } from "../aws/clients.js";

/**
 * Makes sure `bucket` sends its events to EventBridge, by read-modify-write of its notification
 * configuration: GetBucketNotificationConfiguration, and — only when `EventBridgeConfiguration` is
 * not there yet — PutBucketNotificationConfiguration with the same configuration (every existing
 * Lambda, SQS and SNS notification exactly as read) plus `EventBridgeConfiguration: {}`.
 * `SkipDestinationValidation` is set so that an existing destination that can no longer be
 * validated does not block the change. Returns whether it was already on.
 *
 * Another writer changing the configuration between the read and the write would be overwritten:
 * S3 offers no conditional write for it.
 *
 * @example
 * ```ts
 * await ensureEventBridgeNotifications(s3, "churn-data") // "enabled" (it was off) or "already-enabled"
 * ```
 */
export async function ensureEventBridgeNotifications(
  s3: S3Client,
  bucket: string,
  options: { readonly dryRun?: boolean } = {},
): Promise<"enabled" | "already-enabled"> {
  const { GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand } = await s3Module();
  const subject = `bucket "${bucket}"`;
  const { $metadata: _, ...current } = await callAws("GetBucketNotificationConfiguration", () => s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket })), { subject });
  if (current.EventBridgeConfiguration !== undefined) return "already-enabled";
  if (options.dryRun === true) return "enabled";
  await callAws(
    "PutBucketNotificationConfiguration",
    () =>
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: bucket,
          NotificationConfiguration: { ...current, EventBridgeConfiguration: {} },
          SkipDestinationValidation: true,
        }),
      ),
    { subject },
  );
  return "enabled";
}
