import { checkId, checkKeys, checkQueueArn, checkRoleArn, invalidTrigger, retryPolicy } from "./checks.js";
import { normalizeParameters } from "./parameters.js";
import { checkTimezone, parseScheduleExpression } from "./schedule-expression.js";
import type { ScheduleOptions, ScheduleTrigger, StaticParameterValue } from "./types.js";

const OPTIONS = ["timezone", "parameters", "roleArn", "id", "startDate", "endDate", "flexibleWindowMinutes", "retry", "deadLetterQueueArn", "group", "enabled"];
const GROUP = /^[0-9a-zA-Z._-]{1,64}$/;

/**
 * Declares an EventBridge Scheduler schedule that starts the pipeline: `rate(5 minutes)`, AWS
 * six-field `cron(0 12 * * ? *)` or one-time `at(2026-01-01T00:00:00)`, evaluated in `timezone`.
 * The expression, time zone, dates and options are validated offline now (a `SagepipeError`
 * says what is wrong); parameter names are checked against the pipeline by `.schedule(...)`.
 *
 * @example
 * ```ts
 * pipeline("Churn").param("Mode", "String", { default: "full" })
 *   .schedule(schedule("cron(0 6 ? * MON-FRI *)", { timezone: "Europe/Paris", parameters: { Mode: "incremental" } }))
 * ```
 */
export function schedule<const K extends string = never>(expression: string, options: ScheduleOptions<K> = {}): ScheduleTrigger<K> {
  const id = options.id ?? "schedule";
  const what = `schedule "${id}"`;
  if (typeof options !== "object" || options === null) throw invalidTrigger(`${what}: options must be an object`);
  checkKeys(options, OPTIONS, what);
  checkId(id, what);
  parseScheduleExpression(expression);
  if (options.timezone !== undefined) checkTimezone(options.timezone, what);
  checkRoleArn(options.roleArn, what);
  checkQueueArn(options.deadLetterQueueArn, what);
  const startDate = instant(options.startDate, "startDate", what);
  const endDate = instant(options.endDate, "endDate", what);
  if (startDate !== undefined && endDate !== undefined && Date.parse(endDate) <= Date.parse(startDate)) {
    throw invalidTrigger(`${what}: endDate ${endDate} is not after startDate ${startDate}`);
  }
  const window = options.flexibleWindowMinutes;
  if (window !== undefined && !(Number.isInteger(window) && window >= 1 && window <= 1440)) {
    throw invalidTrigger(`${what}: flexibleWindowMinutes must be an integer from 1 to 1440, got ${String(window)}`);
  }
  if (options.group !== undefined && !GROUP.test(options.group)) throw invalidTrigger(`${what}: group "${options.group}" is not a schedule group name (1–64 letters, digits, '.', '-', '_')`);
  if (options.enabled !== undefined && typeof options.enabled !== "boolean") throw invalidTrigger(`${what}: enabled must be true or false`);
  const parameters = normalizeParameters<StaticParameterValue>(options.parameters as Readonly<Record<string, StaticParameterValue>> | undefined, what, false);
  return Object.freeze({
    kind: "schedule",
    id,
    expression,
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    parameters: parameters.values,
    parameterNames: parameters.names as readonly K[],
    ...(options.roleArn === undefined ? {} : { roleArn: options.roleArn }),
    ...(startDate === undefined ? {} : { startDate }),
    ...(endDate === undefined ? {} : { endDate }),
    ...(window === undefined ? {} : { flexibleWindowMinutes: window }),
    retry: retryPolicy(options.retry, what),
    ...(options.deadLetterQueueArn === undefined ? {} : { deadLetterQueueArn: options.deadLetterQueueArn }),
    ...(options.group === undefined ? {} : { group: options.group }),
    enabled: options.enabled ?? true,
  }) as ScheduleTrigger<K>;
}

/** A Date or an ISO-8601 text as a canonical ISO-8601 instant (UTC, milliseconds). */
function instant(value: Date | string | undefined, name: string, what: string): string | undefined {
  if (value === undefined) return undefined;
  const time = value instanceof Date ? value.getTime() : typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw invalidTrigger(`${what}: ${name} ${JSON.stringify(value)} is not a date: give a Date or an ISO-8601 string such as "2026-01-01T00:00:00Z"`);
  return new Date(time).toISOString();
}
