import { SagepipeError } from "../errors.js";
import type { TriggerRetryOptions, TriggerRetryPolicy } from "./types.js";

/**
 * The error of a declaration that cannot work (code `invalid-trigger`): thrown when the trigger,
 * schedule or alert is declared, or — for what needs the whole pipeline — when it is applied.
 *
 * @example
 * ```ts
 * throw invalidTrigger(`schedule "nightly": flexibleWindowMinutes must be an integer from 1 to 1440, got 0`);
 * ```
 */
export function invalidTrigger(message: string): SagepipeError {
  return new SagepipeError("invalid-trigger", message);
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SQS_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]{1,80}(\.fifo)?$/;
const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}(\.fifo)?$/;
const ID = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Throws unless `value` (when given) is an IAM role ARN.
 *
 * @example
 * ```ts
 * checkRoleArn("arn:aws:iam::111111111111:role/EventsStartPipeline", 'S3 trigger "s3-data"') // ok
 * ```
 */
export function checkRoleArn(value: string | undefined, what: string): void {
  if (value !== undefined && !ROLE_ARN.test(value)) {
    throw invalidTrigger(`${what}: roleArn "${value}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
  }
}

/**
 * Throws unless `value` (when given) is an SQS queue ARN.
 *
 * @example
 * ```ts
 * checkQueueArn("arn:aws:sqs:us-east-1:111111111111:churn-dlq", 'S3 trigger "s3-data"') // ok
 * ```
 */
export function checkQueueArn(value: string | undefined, what: string): void {
  if (value !== undefined && !SQS_ARN.test(value)) {
    throw invalidTrigger(`${what}: deadLetterQueueArn "${value}" is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue>)`);
  }
}

/**
 * Throws unless `value` is an SNS topic ARN.
 *
 * @example
 * ```ts
 * checkTopicArn("arn:aws:sns:us-east-1:111111111111:ml-alerts", "onFailure") // ok
 * ```
 */
export function checkTopicArn(value: unknown, what: string): asserts value is string {
  if (typeof value !== "string" || !SNS_ARN.test(value)) {
    throw invalidTrigger(`${what}: snsTopicArn ${JSON.stringify(value)} is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>)`);
  }
}

/**
 * Throws unless `id` can name a rule or schedule: 1–64 letters, digits, '.', '-', '_', and not
 * one of the alert rules' ids.
 *
 * @example
 * ```ts
 * checkId("s3-churn-data", 'S3 trigger "s3-churn-data"') // ok
 * ```
 */
export function checkId(id: string, what: string): void {
  if (typeof id !== "string" || !ID.test(id)) throw invalidTrigger(`${what}: id ${typeof id === "string" ? `"${id}"` : String(id)} must be a string of 1–64 letters, digits, '.', '-' or '_'`);
  if (id === "alert-execution" || id === "alert-step") throw invalidTrigger(`${what}: id "${id}" is reserved for the failure alert rules`);
}

/**
 * The retry policy with the AWS defaults (185 attempts, one day) filled in; throws when out of range.
 *
 * @example
 * ```ts
 * retryPolicy({ maximumRetryAttempts: 3 }, "schedule") // { maximumRetryAttempts: 3, maximumEventAgeSeconds: 86400 }
 * ```
 */
export function retryPolicy(retry: TriggerRetryOptions | undefined, what: string): TriggerRetryPolicy {
  const attempts = retry?.maximumRetryAttempts ?? 185;
  const age = retry?.maximumEventAgeSeconds ?? 86_400;
  if (!Number.isInteger(attempts) || attempts < 0 || attempts > 185) {
    throw invalidTrigger(`${what}: retry.maximumRetryAttempts must be an integer from 0 to 185, got ${String(attempts)}`);
  }
  if (!Number.isInteger(age) || age < 60 || age > 86_400) {
    throw invalidTrigger(`${what}: retry.maximumEventAgeSeconds must be an integer from 60 to 86400, got ${String(age)}`);
  }
  return Object.freeze({ maximumRetryAttempts: attempts, maximumEventAgeSeconds: age });
}

/**
 * Throws when `options` has keys a declaration does not know (a misspelled option would be silently ignored).
 *
 * @example
 * ```ts
 * checkKeys({ prefx: "raw/" }, ["bucket", "prefix"], "onS3") // throws: unknown option "prefx"
 * ```
 */
export function checkKeys(options: object, known: readonly string[], what: string): void {
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw invalidTrigger(`${what}: unknown option${unknown.length === 1 ? "" : "s"} ${unknown.map((k) => `"${k}"`).join(", ")} (known: ${known.join(", ")})`);
}
