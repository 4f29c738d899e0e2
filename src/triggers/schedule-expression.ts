import { createRequire } from "node:module";
import type * as cronValidateModule from "cron-validate";
import { invalidTrigger } from "./checks.js";

type CronValidate = typeof cronValidateModule.default;

let loaded: CronValidate | undefined;

/**
 * cron-validate (CommonJS, with yup: about 50 modules), required the first time a cron expression is
 * checked rather than when sagepipe is imported: only schedules need it.
 */
function cronValidate(): CronValidate {
  if (loaded !== undefined) return loaded;
  // the CommonJS build has __filename; the ES module build has import.meta.url
  const here = typeof __filename === "string" ? __filename : import.meta.url;
  const exported = createRequire(here)("cron-validate") as { default?: unknown };
  if (typeof exported.default !== "function") throw new Error("cron-validate did not load: reinstall sagepipe's dependencies");
  loaded = exported.default as CronValidate;
  return loaded;
}

/** A validated schedule expression, by kind. */
export type ParsedScheduleExpression =
  | { readonly kind: "rate"; readonly value: number; readonly unit: "minute" | "hour" | "day" }
  | { readonly kind: "cron"; readonly fields: readonly string[] }
  | { readonly kind: "at"; readonly dateTime: string };

const RATE = /^rate\((\d+) (minutes?|hours?|days?)\)$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const CRON = /^cron\((.*)\)$/;

/**
 * Validates an EventBridge Scheduler expression offline and says what is wrong: `rate(value unit)`
 * (a positive integer; `minute`, `hour`, `day` for 1, plural above), the AWS six-field
 * `cron(minutes hours day-of-month month day-of-week year)` (checked with cron-validate's
 * "aws-cloud-watch" preset: one of the two day fields must be `?`), or a one-time
 * `at(yyyy-mm-ddThh:mm:ss)` (a real date and time, no time zone suffix: the time zone is a
 * separate option).
 *
 * @example
 * ```ts
 * parseScheduleExpression("rate(5 minutes)")    // { kind: "rate", value: 5, unit: "minute" }
 * parseScheduleExpression("cron(0 12 * * ? *)") // { kind: "cron", fields: ["0", "12", "*", "*", "?", "*"] }
 * parseScheduleExpression("cron(0 12 * * *)")   // throws: cron(...) needs six fields ... got 5
 * ```
 */
export function parseScheduleExpression(expression: string): ParsedScheduleExpression {
  if (typeof expression !== "string") throw invalidTrigger(`a schedule expression must be a string such as "rate(1 day)", got ${JSON.stringify(expression)}`);
  const text = expression.trim();
  if (text !== expression) throw invalidTrigger(`schedule expression ${JSON.stringify(expression)} has leading or trailing spaces`);
  if (text.startsWith("rate(")) return parseRate(text);
  if (text.startsWith("cron(")) return parseCron(text);
  if (text.startsWith("at(")) return parseAt(text);
  throw invalidTrigger(
    `schedule expression "${expression}" is not rate(...), cron(...) or at(...): for example "rate(1 day)", "cron(0 12 * * ? *)" or "at(2026-01-01T00:00:00)"`,
  );
}

function parseRate(text: string): ParsedScheduleExpression {
  const match = RATE.exec(text);
  if (match === null) {
    throw invalidTrigger(`"${text}" is not a rate expression: write rate(<positive integer> <unit>) with the unit minute(s), hour(s) or day(s), as in "rate(5 minutes)"`);
  }
  const value = Number(match[1]);
  const written = match[2] as string;
  const unit = written.replace(/s$/, "") as "minute" | "hour" | "day";
  if (value < 1) throw invalidTrigger(`"${text}": the rate must be at least 1`);
  if (value === 1 && written !== unit) throw invalidTrigger(`"${text}": with the value 1 the unit is singular: rate(1 ${unit})`);
  if (value > 1 && written === unit) throw invalidTrigger(`"${text}": with a value above 1 the unit is plural: rate(${value} ${unit}s)`);
  return Object.freeze({ kind: "rate", value, unit });
}

function parseCron(text: string): ParsedScheduleExpression {
  const body = (CRON.exec(text)?.[1] ?? "").trim();
  const fields = body === "" ? [] : body.split(/\s+/);
  if (fields.length !== 6) {
    const hint = fields.length === 5 ? " (AWS cron has a sixth field, the year: add * at the end)" : "";
    throw invalidTrigger(`"${text}": cron(...) needs six fields — minutes hours day-of-month month day-of-week year — got ${fields.length}${hint}; for example cron(0 12 * * ? *)`);
  }
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if (dayOfMonth !== "?" && dayOfWeek !== "?") {
    throw invalidTrigger(`"${text}": one of day-of-month (${dayOfMonth}) and day-of-week (${dayOfWeek}) must be '?' in an AWS cron expression, e.g. cron(0 12 * * ? *) or cron(0 12 ? * MON-FRI *)`);
  }
  const result = cronValidate()(fields.join(" "), { preset: "aws-cloud-watch" });
  if (result.isError()) {
    const errors = result.getError();
    const reasons = [...new Set((Array.isArray(errors) ? errors : [String(errors)]).map((e) => String(e).replace(/\s*\(Input cron: '.*'\)$/, "")))];
    throw invalidTrigger(`"${text}" is not a valid AWS cron expression: ${reasons.join("; ")}`);
  }
  return Object.freeze({ kind: "cron", fields: Object.freeze(fields) });
}

function parseAt(text: string): ParsedScheduleExpression {
  const match = AT.exec(text);
  if (match === null) {
    throw invalidTrigger(`"${text}" is not a one-time expression: write at(yyyy-mm-ddThh:mm:ss), as in "at(2026-01-01T09:30:00)", without a time zone (use the timezone option)`);
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real || month < 1 || month > 12) throw invalidTrigger(`"${text}": ${match[1]}-${match[2]}-${match[3]} is not a date`);
  if (hour > 23 || minute > 59 || second > 59) throw invalidTrigger(`"${text}": ${match[4]}:${match[5]}:${match[6]} is not a time of day (00:00:00 to 23:59:59)`);
  return Object.freeze({ kind: "at", dateTime: text.slice(3, -1) });
}

/**
 * Throws unless `timezone` is an IANA time zone name this runtime knows (`"Europe/Paris"`, `"UTC"`).
 *
 * @example
 * ```ts
 * checkTimezone("America/New_York") // ok
 * checkTimezone("CEST")             // throws: not an IANA time zone name
 * ```
 */
export function checkTimezone(timezone: string, what: string): void {
  let valid = typeof timezone === "string" && timezone !== "";
  if (valid) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    } catch {
      valid = false;
    }
  }
  if (!valid) throw invalidTrigger(`${what}: timezone ${JSON.stringify(timezone)} is not an IANA time zone name such as "UTC", "Europe/Paris" or "America/New_York"`);
}
