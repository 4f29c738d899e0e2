/** What an apply or remove did to one AWS resource. */
export interface TriggerChange {
  /** The bucket's notification configuration, an EventBridge rule (with its target), or a Scheduler schedule. */
  readonly resource: "bucket-notification" | "rule" | "schedule";
  /** The bucket, rule or schedule name. */
  readonly name: string;
  /** With `dryRun`, what would be done. */
  readonly action: "created" | "updated" | "unchanged" | "removed";
  /** What the resource is for. */
  readonly kind?: "s3-trigger" | "schedule" | "alert";
  /** The declaration's id (`s3-my-bucket`, `schedule`, `alert-step`, ...). */
  readonly id?: string;
  /** For `updated`: what differed (`event pattern`, `target`, `schedule expression`, ...). */
  readonly changed?: readonly string[];
}

/** The result of `applyTriggers`, `applyAlerts` and `removeTriggers`. */
export interface TriggerChanges {
  readonly pipelineName: string;
  /** The pipeline ARN the targets name (left out when nothing needed it). */
  readonly pipelineArn?: string;
  /** True when nothing was written: the changes are what an apply would do. */
  readonly dryRun: boolean;
  readonly changes: readonly TriggerChange[];
}

/**
 * True when a result wrote (or, in a dry run, would write) anything.
 *
 * @example
 * ```ts
 * const result = await applyTriggers(churn, { roleArn });
 * hasChanges(result) // false on the second apply
 * ```
 */
export function hasChanges(result: TriggerChanges): boolean {
  return result.changes.some((change) => change.action !== "unchanged");
}
