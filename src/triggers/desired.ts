import type { Target } from "@aws-sdk/client-eventbridge";
import { alertRules } from "./alerts.js";
import { resourceName } from "./names.js";
import { parameterList } from "./parameters.js";
import type { DesiredRule } from "./rules.js";
import type { DesiredSchedule } from "./schedules.js";
import { s3EventPattern } from "./s3-trigger.js";
import type { FailureAlert, TriggerRetryPolicy, S3Trigger, ScheduleTrigger, TriggerParameterValue } from "./types.js";

/** The id of the target sagepipe puts on its rules. */
export const PIPELINE_TARGET_ID = "sagepipe-pipeline";
/** The id of the SNS target of the alert rules. */
export const ALERT_TARGET_ID = "sagepipe-sns";

const retry = (policy: TriggerRetryPolicy) => ({ MaximumRetryAttempts: policy.maximumRetryAttempts, MaximumEventAgeInSeconds: policy.maximumEventAgeSeconds });
const AWS_DEFAULT_RETRY = retry({ maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 });

function pipelineParameters(values: Readonly<Record<string, TriggerParameterValue | undefined>>) {
  const list = parameterList(values);
  return list.length === 0 ? {} : { SageMakerPipelineParameters: { PipelineParameterList: list } };
}

function where(trigger: S3Trigger): string {
  const key = trigger.markerFile !== undefined ? `${trigger.prefix ?? ""}…/${trigger.markerFile}` : `${trigger.prefix ?? ""}*${trigger.suffix ?? ""}`;
  return `s3://${trigger.bucket}/${key}`;
}

/**
 * The EventBridge rule of an S3 trigger: "Object Created" on the bucket, its target the pipeline
 * with the role, parameters, retry policy and dead-letter queue.
 *
 * @example
 * ```ts
 * s3Rule("Churn", onS3({ bucket: "data", prefix: "raw/" }), pipelineArn, roleArn).target
 * // { Id: "sagepipe-pipeline", Arn: pipelineArn, RoleArn: roleArn, RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 } }
 * ```
 */
export function s3Rule(pipelineName: string, trigger: S3Trigger, pipelineArn: string, roleArn: string): DesiredRule {
  const target: Target = {
    Id: PIPELINE_TARGET_ID,
    Arn: pipelineArn,
    RoleArn: roleArn,
    ...pipelineParameters(trigger.parameters),
    RetryPolicy: retry(trigger.retry),
    ...(trigger.deadLetterQueueArn === undefined ? {} : { DeadLetterConfig: { Arn: trigger.deadLetterQueueArn } }),
  };
  return {
    pipelineName,
    name: resourceName(pipelineName, trigger.id),
    kind: "s3-trigger",
    id: trigger.id,
    description: `sagepipe: starts pipeline ${pipelineName} when objects are created at ${where(trigger)}`.slice(0, 512),
    eventPattern: s3EventPattern(trigger),
    target,
  };
}

/**
 * The EventBridge Scheduler schedule of a schedule declaration, complete (an update sends it
 * whole): its target is the pipeline (the SageMaker StartPipelineExecution templated target, with
 * `SageMakerPipelineParameters`), with the role, retry policy and dead-letter queue.
 *
 * @example
 * ```ts
 * scheduleInput("Churn", schedule("rate(1 day)"), pipelineArn, roleArn, "default").ScheduleExpression // "rate(1 day)"
 * ```
 */
export function scheduleInput(pipelineName: string, declaration: ScheduleTrigger, pipelineArn: string, roleArn: string, defaultGroup: string): DesiredSchedule {
  return {
    id: declaration.id,
    Name: resourceName(pipelineName, declaration.id),
    GroupName: declaration.group ?? defaultGroup,
    ScheduleExpression: declaration.expression,
    ...(declaration.timezone === undefined ? {} : { ScheduleExpressionTimezone: declaration.timezone }),
    ...(declaration.startDate === undefined ? {} : { StartDate: new Date(declaration.startDate) }),
    ...(declaration.endDate === undefined ? {} : { EndDate: new Date(declaration.endDate) }),
    Description: `sagepipe: starts pipeline ${pipelineName} (schedule ${declaration.id})`,
    State: declaration.enabled ? "ENABLED" : "DISABLED",
    FlexibleTimeWindow:
      declaration.flexibleWindowMinutes === undefined ? { Mode: "OFF" } : { Mode: "FLEXIBLE", MaximumWindowInMinutes: declaration.flexibleWindowMinutes },
    ActionAfterCompletion: "NONE",
    Target: {
      Arn: pipelineArn,
      RoleArn: roleArn,
      ...pipelineParameters(declaration.parameters),
      RetryPolicy: { MaximumRetryAttempts: declaration.retry.maximumRetryAttempts, MaximumEventAgeInSeconds: declaration.retry.maximumEventAgeSeconds },
      ...(declaration.deadLetterQueueArn === undefined ? {} : { DeadLetterConfig: { Arn: declaration.deadLetterQueueArn } }),
    },
  };
}

/**
 * The two EventBridge rules of a failure alert, each targeting the SNS topic through an input
 * transformer that writes a readable message.
 *
 * @example
 * ```ts
 * alertRulesFor("Churn", pipelineArn, onFailure({ snsTopicArn })).map((r) => r.name) // ["sagepipe-Churn-alert-execution", "sagepipe-Churn-alert-step"]
 * ```
 */
export function alertRulesFor(pipelineName: string, pipelineArn: string, alert: FailureAlert): DesiredRule[] {
  return alertRules(pipelineName, pipelineArn, alert).map((rule) => ({
    pipelineName,
    name: resourceName(pipelineName, rule.id),
    kind: "alert",
    id: rule.id,
    description: rule.description,
    eventPattern: rule.eventPattern,
    target: { Id: ALERT_TARGET_ID, Arn: alert.snsTopicArn, InputTransformer: { ...rule.inputTransformer, InputPathsMap: { ...rule.inputTransformer.InputPathsMap } }, RetryPolicy: AWS_DEFAULT_RETRY },
  }));
}
