import { checkId, checkKeys, checkQueueArn, checkRoleArn, invalidTrigger, retryPolicy } from "./checks.js";
import { normalizeParameters } from "./parameters.js";
import type { S3Trigger, S3TriggerOptions, TriggerParameterValue } from "./types.js";

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const OPTIONS = ["bucket", "prefix", "suffix", "markerFile", "parameters", "roleArn", "retry", "deadLetterQueueArn", "id"];

/**
 * Declares an S3 trigger: a run starts when an object is created in `bucket` (under `prefix`,
 * ending with `suffix`). Applied by `applyTriggers` as an EventBridge rule on the bucket's
 * "Object Created" events whose target is the pipeline.
 *
 * Each new object starts one run. For uploads of many files, write a marker object last and set
 * `markerFile` (`"_SUCCESS"`): only the marker starts a run, so an upload of 1,000 files starts one.
 *
 * Parameter values are static, or {@link eventPath} values read from the event
 * (`$.detail.bucket.name`, `$.detail.object.key`). The input is checked when declared; parameter
 * names are checked against the pipeline when the trigger is added to it (`.trigger(...)`).
 *
 * @example
 * ```ts
 * pipeline("Churn")
 *   .param("Bucket", "String").param("Key", "String")
 *   .trigger(onS3({ bucket: "churn-data", prefix: "incoming/", markerFile: "_SUCCESS",
 *     parameters: { Bucket: eventPath("$.detail.bucket.name"), Key: eventPath("$.detail.object.key") } }))
 * ```
 */
export function onS3<const K extends string = never>(options: S3TriggerOptions<K>): S3Trigger<K> {
  if (typeof options !== "object" || options === null) throw invalidTrigger("onS3 needs options: onS3({ bucket: \"my-bucket\", prefix: \"raw/\" })");
  const id = options.id ?? `s3-${String(options.bucket)}`;
  const what = `S3 trigger "${id}"`;
  checkKeys(options, OPTIONS, what);
  if (typeof options.bucket !== "string" || !BUCKET.test(options.bucket)) {
    throw invalidTrigger(`onS3: ${JSON.stringify(options.bucket)} is not an S3 bucket name (3–63 lowercase letters, digits, '.', '-'); give the name, not an s3:// URI`);
  }
  checkId(id, what);
  const prefix = optionalText(options.prefix, "prefix", what);
  const suffix = optionalText(options.suffix, "suffix", what);
  const markerFile = optionalText(options.markerFile, "markerFile", what);
  if (prefix?.startsWith("/")) throw invalidTrigger(`${what}: prefix "${prefix}" starts with '/': S3 keys have no leading slash`);
  if (markerFile !== undefined && suffix !== undefined) {
    throw invalidTrigger(`${what}: give either markerFile (only the marker object starts a run) or suffix, not both`);
  }
  if (markerFile?.includes("/")) throw invalidTrigger(`${what}: markerFile "${markerFile}" is a file name, not a path: put the folder in prefix`);
  checkRoleArn(options.roleArn, what);
  checkQueueArn(options.deadLetterQueueArn, what);
  const parameters = normalizeParameters<TriggerParameterValue>(options.parameters, what, true);
  return Object.freeze({
    kind: "s3",
    id,
    bucket: options.bucket,
    ...(prefix === undefined ? {} : { prefix }),
    ...(suffix === undefined ? {} : { suffix }),
    ...(markerFile === undefined ? {} : { markerFile }),
    parameters: parameters.values,
    parameterNames: parameters.names as readonly K[],
    ...(options.roleArn === undefined ? {} : { roleArn: options.roleArn }),
    retry: retryPolicy(options.retry, what),
    ...(options.deadLetterQueueArn === undefined ? {} : { deadLetterQueueArn: options.deadLetterQueueArn }),
  }) as S3Trigger<K>;
}

function optionalText(value: unknown, name: string, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") throw invalidTrigger(`${what}: ${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  if (value.length > 1024) throw invalidTrigger(`${what}: ${name} is longer than an S3 key (1024 characters)`);
  return value;
}

/** One matcher of an EventBridge event pattern on a string field. */
export type KeyMatcher = string | { readonly prefix: string } | { readonly suffix: string } | { readonly wildcard: string };

/** Escapes a literal for an EventBridge `wildcard` matcher (`*` and `\` are special). */
function literal(text: string): string {
  return text.replace(/[\\*]/g, (c) => `\\${c}`);
}

/**
 * The matchers on `detail.object.key` for a trigger (any of them matches), or `undefined` for
 * every key. Prefix and suffix together become one `wildcard`; a marker file matches the marker
 * directly under the prefix and in any folder below it.
 *
 * @example
 * ```ts
 * keyMatchers({ prefix: "raw/", suffix: ".csv" })        // [{ wildcard: "raw/*.csv" }]
 * keyMatchers({ prefix: "raw/", markerFile: "_SUCCESS" }) // ["raw/_SUCCESS", { wildcard: "raw/*\/_SUCCESS" }]
 * ```
 */
export function keyMatchers(trigger: Pick<S3Trigger, "prefix" | "suffix" | "markerFile">): KeyMatcher[] | undefined {
  const { prefix, suffix, markerFile } = trigger;
  if (markerFile !== undefined) {
    const base = prefix ?? "";
    const direct = base === "" || base.endsWith("/") ? [`${base}${markerFile}`] : [];
    return [...direct, { wildcard: `${literal(base)}*/${literal(markerFile)}` }];
  }
  if (prefix !== undefined && suffix !== undefined) return [{ wildcard: `${literal(prefix)}*${literal(suffix)}` }];
  if (prefix !== undefined) return [{ prefix }];
  if (suffix !== undefined) return [{ suffix }];
  return undefined;
}

/**
 * The EventBridge event pattern of an S3 trigger: "Object Created" events of the bucket, with the
 * key matchers of {@link keyMatchers}. The bucket must send its events to EventBridge (which
 * `applyTriggers` turns on).
 *
 * @example
 * ```ts
 * s3EventPattern(onS3({ bucket: "data", prefix: "raw/" }))
 * // { source: ["aws.s3"], "detail-type": ["Object Created"], detail: { bucket: { name: ["data"] }, object: { key: [{ prefix: "raw/" }] } } }
 * ```
 */
export function s3EventPattern(trigger: S3Trigger): Record<string, unknown> {
  const key = keyMatchers(trigger);
  return {
    source: ["aws.s3"],
    "detail-type": ["Object Created"],
    detail: { bucket: { name: [trigger.bucket] }, ...(key === undefined ? {} : { object: { key } }) },
  };
}
