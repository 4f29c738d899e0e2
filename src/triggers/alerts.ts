import { checkKeys, checkTopicArn, invalidTrigger } from "./checks.js";
import type { FailureAlert, FailureAlertOptions } from "./types.js";

/** The detail-type of SageMaker's pipeline execution status change events. */
export const EXECUTION_STATUS_CHANGE = "SageMaker Model Building Pipeline Execution Status Change";
/** The detail-type of SageMaker's pipeline step status change events. */
export const STEP_STATUS_CHANGE = "SageMaker Model Building Pipeline Execution Step Status Change";

/**
 * Declares a failure alert: when an execution of the pipeline fails, a readable message goes to
 * the SNS topic (the pipeline, the execution, and — from the step event — the failed step and its
 * reason). With `onSuccess: true`, a message is also sent when an execution succeeds. Applied by
 * `applyAlerts`; the topic's access policy must allow `events.amazonaws.com` to publish.
 *
 * @example
 * ```ts
 * pipeline("Churn").onFailure({ snsTopicArn: "arn:aws:sns:us-east-1:111111111111:ml-alerts" })
 * onFailure({ snsTopicArn, onSuccess: true }) // the declaration, e.g. to test it
 * ```
 */
export function onFailure(options: FailureAlertOptions): FailureAlert {
  if (typeof options !== "object" || options === null) throw invalidTrigger('onFailure needs options: onFailure({ snsTopicArn: "arn:aws:sns:..." })');
  checkKeys(options, ["snsTopicArn", "onSuccess"], "onFailure");
  checkTopicArn(options.snsTopicArn, "onFailure");
  if (options.onSuccess !== undefined && typeof options.onSuccess !== "boolean") throw invalidTrigger("onFailure: onSuccess must be true or false");
  return Object.freeze({ kind: "alert", snsTopicArn: options.snsTopicArn, onSuccess: options.onSuccess ?? false });
}

/** An EventBridge rule sagepipe writes for an alert, and its SNS target's input transformer. */
export interface AlertRule {
  /** `execution` (execution status change) or `step` (a step failed). */
  readonly id: "alert-execution" | "alert-step";
  readonly description: string;
  readonly eventPattern: Record<string, unknown>;
  readonly inputTransformer: { readonly InputPathsMap: Record<string, string>; readonly InputTemplate: string };
}

/** One line of a text InputTemplate: a JSON string (the placeholders stay inside it). */
function line(text: string): string {
  return JSON.stringify(text);
}

/**
 * The two alert rules of a pipeline: execution status change (Failed, and Succeeded with
 * `onSuccess`) for this pipeline's ARN, and step status change (Failed) to name the failed step
 * and its reason. The ARN is matched ignoring case. The messages are plain text, one fact a line;
 * a failed execution sends one message for the execution and one per failed step (with its reason).
 *
 * @example
 * ```ts
 * const [execution, step] = alertRules("Churn", "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churn", onFailure({ snsTopicArn }));
 * step.eventPattern // { source: ["aws.sagemaker"], "detail-type": ["...Step Status Change"], detail: { currentStepStatus: ["Failed"], pipelineArn: [...] } }
 * ```
 */
export function alertRules(pipelineName: string, pipelineArn: string, alert: FailureAlert): readonly [AlertRule, AlertRule] {
  const arn = [{ "equals-ignore-case": pipelineArn }];
  const statuses = alert.onSuccess ? ["Failed", "Succeeded"] : ["Failed"];
  const execution: AlertRule = {
    id: "alert-execution",
    description: `sagepipe: execution ${statuses.join(" or ").toLowerCase()} alert of pipeline ${pipelineName}`,
    eventPattern: {
      source: ["aws.sagemaker"],
      "detail-type": [EXECUTION_STATUS_CHANGE],
      detail: { currentPipelineExecutionStatus: statuses, pipelineArn: arn },
    },
    inputTransformer: {
      InputPathsMap: {
        status: "$.detail.currentPipelineExecutionStatus",
        execution: "$.detail.pipelineExecutionArn",
        started: "$.detail.executionStartTime",
        ended: "$.detail.executionEndTime",
        region: "$.region",
      },
      InputTemplate: [
        line(`SageMaker pipeline ${pipelineName}: execution <status>`),
        line("Execution: <execution>"),
        line("Started: <started>, ended: <ended> (region <region>)"),
      ].join("\n"),
    },
  };
  const step: AlertRule = {
    id: "alert-step",
    description: `sagepipe: failed step alert of pipeline ${pipelineName}`,
    eventPattern: {
      source: ["aws.sagemaker"],
      "detail-type": [STEP_STATUS_CHANGE],
      detail: { currentStepStatus: ["Failed"], pipelineArn: arn },
    },
    inputTransformer: {
      InputPathsMap: {
        step: "$.detail.stepName",
        type: "$.detail.stepType",
        reason: "$.detail.failureReason",
        execution: "$.detail.pipelineExecutionArn",
      },
      InputTemplate: [
        line(`SageMaker pipeline ${pipelineName}: step <step> (<type>) failed`),
        line("Reason: <reason>"),
        line("Execution: <execution>"),
      ].join("\n"),
    },
  };
  return [execution, step];
}
