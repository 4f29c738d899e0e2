/**
 * The declarations of triggers, schedules and alerts: plain, frozen data stored on the pipeline
 * node (never in the compiled definition), applied to AWS by `applyTriggers` and `applyAlerts`.
 */

/**
 * A value taken from the triggering event at run time: a whole JSON path into the EventBridge
 * event (`$.detail.object.key`). Made by {@link eventPath}.
 */
export interface EventPath {
  readonly kind: "event-path";
  readonly path: string;
}

/** A static parameter value: sent as text, checked against the parameter's type when declared. */
export type StaticParameterValue = string | number | boolean;

/** A parameter value of an S3 trigger: static, or a path into the S3 event. */
export type TriggerParameterValue = StaticParameterValue | EventPath;

/** How EventBridge or Scheduler retries a pipeline start that failed. */
export interface TriggerRetryOptions {
  /** 0–185. @default 185 (the AWS default, sent explicitly so that re-applying compares equal) */
  readonly maximumRetryAttempts?: number;
  /** 60–86400 seconds. @default 86400 (the AWS default) */
  readonly maximumEventAgeSeconds?: number;
}

/** The retry policy of a declaration with the defaults filled in. */
export interface TriggerRetryPolicy {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
}

/** Options of {@link onS3}. */
export interface S3TriggerOptions<K extends string = string> {
  /** The bucket whose new objects start the pipeline (in the region where the rule is applied). */
  readonly bucket: string;
  /** Only keys starting with this prefix (`"raw/"`). */
  readonly prefix?: string;
  /** Only keys ending with this suffix (`".csv"`). Not with `markerFile`. */
  readonly suffix?: string;
  /**
   * Start one run per marker object instead of one per file: only an object whose name (the last
   * part of its key) is `markerFile` (`"_SUCCESS"`), under `prefix`, starts the pipeline. Write it
   * last, after the 1,000 data files of an upload. Not with `suffix`.
   */
  readonly markerFile?: string;
  /**
   * Pipeline parameter values: static values, or {@link eventPath} values read from the event
   * (`eventPath("$.detail.bucket.name")`, `eventPath("$.detail.object.key")`). A path is the whole
   * value: EventBridge does not concatenate, so join bucket and key inside the pipeline.
   */
  readonly parameters?: { readonly [N in K]: TriggerParameterValue };
  /** The role EventBridge assumes to start the pipeline. @default the `roleArn` given to `applyTriggers` */
  readonly roleArn?: string;
  readonly retry?: TriggerRetryOptions;
  /** An SQS queue ARN for events that could not start the pipeline after the retries. */
  readonly deadLetterQueueArn?: string;
  /** Names the rule (`sagepipe-<pipeline>-<id>`); keep it when changing the trigger. @default `s3-<bucket>` */
  readonly id?: string;
}

/** An S3 "Object Created" trigger: made by {@link onS3}. `K`: the parameter names it sets. */
export interface S3Trigger<K extends string = string> {
  readonly kind: "s3";
  readonly id: string;
  readonly bucket: string;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly markerFile?: string;
  readonly parameters: { readonly [N in K]?: TriggerParameterValue };
  /** The parameter names, in declaration order (also what makes an undeclared name a type error). */
  readonly parameterNames: readonly K[];
  readonly roleArn?: string;
  readonly retry: TriggerRetryPolicy;
  readonly deadLetterQueueArn?: string;
}

/** Options of {@link schedule}. */
export interface ScheduleOptions<K extends string = string> {
  /** An IANA time zone (`"Europe/Paris"`) in which `cron` and `at` are evaluated. @default "UTC" */
  readonly timezone?: string;
  /** Static pipeline parameter values for every scheduled run. */
  readonly parameters?: { readonly [N in K]?: StaticParameterValue };
  /** The role EventBridge Scheduler assumes to start the pipeline. @default the `roleArn` given to `applyTriggers` */
  readonly roleArn?: string;
  /** Names the schedule (`sagepipe-<pipeline>-<id>`). @default "schedule" */
  readonly id?: string;
  /** No run before this instant (a Date or an ISO-8601 string). */
  readonly startDate?: Date | string;
  /** No run after this instant (a Date or an ISO-8601 string). */
  readonly endDate?: Date | string;
  /** Lets Scheduler start the run up to this many minutes (1–1440) after the scheduled time. */
  readonly flexibleWindowMinutes?: number;
  readonly retry?: TriggerRetryOptions;
  /** An SQS queue ARN for runs that could not be started after the retries. */
  readonly deadLetterQueueArn?: string;
  /** The schedule group. @default the `scheduleGroup` given to `applyTriggers`, else "default" */
  readonly group?: string;
  /** `false` creates the schedule disabled. @default true */
  readonly enabled?: boolean;
}

/** An EventBridge Scheduler schedule: made by {@link schedule}. `K`: the parameter names it sets. */
export interface ScheduleTrigger<K extends string = string> {
  readonly kind: "schedule";
  readonly id: string;
  /** `rate(5 minutes)`, `cron(0 12 * * ? *)` or `at(2026-01-01T00:00:00)`, validated. */
  readonly expression: string;
  readonly timezone?: string;
  readonly parameters: { readonly [N in K]?: StaticParameterValue };
  readonly parameterNames: readonly K[];
  readonly roleArn?: string;
  /** ISO-8601 instants. */
  readonly startDate?: string;
  readonly endDate?: string;
  readonly flexibleWindowMinutes?: number;
  readonly retry: TriggerRetryPolicy;
  readonly deadLetterQueueArn?: string;
  readonly group?: string;
  readonly enabled: boolean;
}

/** Options of {@link onFailure}. */
export interface FailureAlertOptions {
  /** The SNS topic that receives the messages. Its access policy must let `events.amazonaws.com` publish. */
  readonly snsTopicArn: string;
  /** Also send a message when an execution succeeds. @default false */
  readonly onSuccess?: boolean;
}

/** A failure alert declaration: made by {@link onFailure}. */
export interface FailureAlert {
  readonly kind: "alert";
  readonly snsTopicArn: string;
  readonly onSuccess: boolean;
}
