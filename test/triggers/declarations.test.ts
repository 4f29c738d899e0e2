import { describe, expect, it } from "vitest";
import { pipeline, SagepipeError } from "sagepipe";
import { eventPath, onFailure, onS3, schedule } from "../../src/triggers/index.js";
import { keyMatchers, s3EventPattern } from "../../src/triggers/s3-trigger.js";
import { parseScheduleExpression } from "../../src/triggers/schedule-expression.js";
import { namePrefix, resourceName } from "../../src/triggers/names.js";
import { ROLE, TOPIC } from "./support.js";

const error = (fn: () => unknown): SagepipeError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SagepipeError) return e;
    throw e;
  }
  throw new Error("expected a SagepipeError");
};

describe("onS3", () => {
  it("is plain frozen data with defaults: id s3-<bucket>, the AWS retry defaults", () => {
    const trigger = onS3({ bucket: "churn-data", prefix: "incoming/" });
    expect(trigger).toEqual({
      kind: "s3",
      id: "s3-churn-data",
      bucket: "churn-data",
      prefix: "incoming/",
      parameters: {},
      parameterNames: [],
      retry: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86400 },
    });
    expect(Object.isFrozen(trigger)).toBe(true);
  });

  it("keeps static and dynamic parameters, in order", () => {
    const trigger = onS3({ bucket: "data", parameters: { Bucket: eventPath("$.detail.bucket.name"), Key: eventPath("$.detail.object.key"), Epochs: 10 } });
    expect(trigger.parameterNames).toEqual(["Bucket", "Key", "Epochs"]);
    expect(trigger.parameters.Key).toEqual({ kind: "event-path", path: "$.detail.object.key" });
  });

  it.each([
    [{ bucket: "s3://data" }, /not an S3 bucket name .* not an s3:\/\/ URI/],
    [{ bucket: "data", suffix: ".csv", markerFile: "_SUCCESS" }, /either markerFile .* or suffix, not both/],
    [{ bucket: "data", markerFile: "out/_SUCCESS" }, /markerFile "out\/_SUCCESS" is a file name, not a path/],
    [{ bucket: "data", prefix: "/raw" }, /starts with '\/'/],
    [{ bucket: "data", roleArn: "my-role" }, /roleArn "my-role" is not an IAM role ARN/],
    [{ bucket: "data", deadLetterQueueArn: "arn:aws:sns:us-east-1:111111111111:t" }, /not an SQS queue ARN/],
    [{ bucket: "data", retry: { maximumRetryAttempts: 200 } }, /maximumRetryAttempts must be an integer from 0 to 185, got 200/],
    [{ bucket: "data", retry: { maximumEventAgeSeconds: 30 } }, /maximumEventAgeSeconds must be an integer from 60 to 86400, got 30/],
    [{ bucket: "data", id: "has space" }, /id "has space" must be a string of 1–64 letters/],
    [{ bucket: "data", id: 7 }, /id 7 must be a string of 1–64 letters/],
    [{ bucket: "data", prefx: "raw/" }, /unknown option "prefx"/],
    [{ bucket: "data", parameters: { Key: "$.detail.object.key" } }, /would be read by EventBridge as an event path: write eventPath\("\$\.detail\.object\.key"\)/],
    [{ bucket: "data", parameters: { Key: "" } }, /the value is empty/],
    [{ bucket: "data", parameters: { Key: null } }, /must be a string, number or boolean, or eventPath/],
  ])("refuses %j", (options, message) => {
    const e = error(() => onS3(options as never));
    expect(e.code).toBe("invalid-trigger");
    expect(e.message).toMatch(message);
  });
});

describe("eventPath", () => {
  it("accepts whole JSON paths", () => {
    for (const path of ["$.detail.object.key", "$.detail.bucket.name", "$.resources[0]", "$.detail.request-id"]) expect(eventPath(path).path).toBe(path);
  });

  it("refuses a path inside a longer value, and explains why", () => {
    expect(() => eventPath("s3://$.detail.bucket.name/$.detail.object.key")).toThrow(/write a whole JSON path .* EventBridge cannot put a path inside a longer value/);
    expect(() => eventPath("detail.object.key")).toThrow(/is not an event path/);
  });
});

describe("the S3 event pattern", () => {
  it("matches Object Created on the bucket, with a prefix", () => {
    expect(s3EventPattern(onS3({ bucket: "data", prefix: "raw/" }))).toEqual({
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: { bucket: { name: ["data"] }, object: { key: [{ prefix: "raw/" }] } },
    });
  });

  it("every key when neither prefix nor suffix is given", () => {
    expect(s3EventPattern(onS3({ bucket: "data" })).detail).toEqual({ bucket: { name: ["data"] } });
  });

  it("prefix and suffix together: one wildcard (both must hold), special characters escaped", () => {
    expect(keyMatchers({ prefix: "raw/", suffix: ".csv" })).toEqual([{ wildcard: "raw/*.csv" }]);
    expect(keyMatchers({ prefix: "a*b/", suffix: ".csv" })).toEqual([{ wildcard: "a\\*b/*.csv" }]);
    expect(keyMatchers({ suffix: ".parquet" })).toEqual([{ suffix: ".parquet" }]);
  });

  it("a marker file matches the marker directly under the prefix or in any folder below, never the data files", () => {
    expect(keyMatchers({ prefix: "incoming/", markerFile: "_SUCCESS" })).toEqual(["incoming/_SUCCESS", { wildcard: "incoming/*/_SUCCESS" }]);
    expect(keyMatchers({ markerFile: "_SUCCESS" })).toEqual(["_SUCCESS", { wildcard: "*/_SUCCESS" }]);
    // a prefix that is not a folder: the marker must be in a folder starting with it
    expect(keyMatchers({ prefix: "incoming/2026-", markerFile: "_SUCCESS" })).toEqual([{ wildcard: "incoming/2026-*/_SUCCESS" }]);
  });
});

describe("schedule expressions (validated offline)", () => {
  it.each([
    ["rate(1 minute)", { kind: "rate", value: 1, unit: "minute" }],
    ["rate(5 minutes)", { kind: "rate", value: 5, unit: "minute" }],
    ["rate(1 day)", { kind: "rate", value: 1, unit: "day" }],
    ["rate(12 hours)", { kind: "rate", value: 12, unit: "hour" }],
    ["cron(0 12 * * ? *)", { kind: "cron", fields: ["0", "12", "*", "*", "?", "*"] }],
    ["cron(0 6 ? * MON-FRI *)", { kind: "cron" }],
    ["cron(0/15 * * * ? *)", { kind: "cron" }],
    ["cron(0 8 L * ? 2026)", { kind: "cron" }],
    ["cron(30 9 ? * 2#1 *)", { kind: "cron" }],
    ["at(2026-01-01T00:00:00)", { kind: "at", dateTime: "2026-01-01T00:00:00" }],
    ["at(2028-02-29T23:59:59)", { kind: "at" }],
  ])("accepts %s", (expression, parsed) => {
    expect(parseScheduleExpression(expression)).toMatchObject(parsed);
  });

  it.each([
    ["rate(1 minutes)", /with the value 1 the unit is singular: rate\(1 minute\)/],
    ["rate(5 minute)", /with a value above 1 the unit is plural: rate\(5 minutes\)/],
    ["rate(0 minutes)", /the rate must be at least 1/],
    ["rate(5 seconds)", /not a rate expression: .* minute\(s\), hour\(s\) or day\(s\)/],
    ["rate(1.5 hours)", /not a rate expression/],
    ["cron(0 12 * * *)", /needs six fields .* got 5 \(AWS cron has a sixth field, the year: add \* at the end\)/],
    ["cron(0 12 * * * *)", /one of day-of-month \(\*\) and day-of-week \(\*\) must be '\?'/],
    ["cron(60 12 * * ? *)", /not a valid AWS cron expression: .*'60' of minutes field is bigger than upper limit '59'/],
    ["cron(0 25 * * ? *)", /hours field/],
    ["cron(0 12 32 * ? *)", /daysOfMonth field/],
    ["at(2026-02-30T00:00:00)", /2026-02-30 is not a date/],
    ["at(2026-01-01T24:00:00)", /24:00:00 is not a time of day/],
    ["at(2026-01-01T00:00:00Z)", /without a time zone \(use the timezone option\)/],
    ["at(2026-01-01 00:00:00)", /at\(yyyy-mm-ddThh:mm:ss\)/],
    ["every day", /is not rate\(...\), cron\(...\) or at\(...\)/],
    [" rate(1 day)", /leading or trailing spaces/],
  ])("refuses %s with a message that says what is wrong", (expression, message) => {
    const e = error(() => parseScheduleExpression(expression));
    expect(e.code).toBe("invalid-trigger");
    expect(e.message).toMatch(message);
  });
});

describe("schedule", () => {
  it("is plain frozen data with its options", () => {
    const declared = schedule("cron(0 6 ? * MON-FRI *)", {
      timezone: "Europe/Paris",
      parameters: { Mode: "incremental", Epochs: 5 },
      id: "weekdays",
      startDate: "2026-01-01T00:00:00Z",
      flexibleWindowMinutes: 15,
    });
    expect(declared).toEqual({
      kind: "schedule",
      id: "weekdays",
      expression: "cron(0 6 ? * MON-FRI *)",
      timezone: "Europe/Paris",
      parameters: { Mode: "incremental", Epochs: 5 },
      parameterNames: ["Mode", "Epochs"],
      startDate: "2026-01-01T00:00:00.000Z",
      flexibleWindowMinutes: 15,
      retry: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86400 },
      enabled: true,
    });
    expect(Object.isFrozen(declared)).toBe(true);
  });

  it.each([
    [{ timezone: "CEST" }, /timezone "CEST" is not an IANA time zone name/],
    [{ flexibleWindowMinutes: 0 }, /flexibleWindowMinutes must be an integer from 1 to 1440, got 0/],
    [{ startDate: "2026-02-01", endDate: "2026-01-01" }, /endDate 2026-01-01T00:00:00.000Z is not after startDate/],
    [{ startDate: "tomorrow" }, /startDate "tomorrow" is not a date/],
    [{ parameters: { Key: eventPath("$.detail.object.key") } }, /a schedule has no event to read \$\.detail\.object\.key from/],
    [{ group: "my group" }, /not a schedule group name/],
  ])("refuses %j", (options, message) => {
    expect(() => schedule("rate(1 day)", options as never)).toThrow(message);
  });
});

describe("onFailure", () => {
  it("declares an alert on failure (and optionally success)", () => {
    expect(onFailure({ snsTopicArn: TOPIC })).toEqual({ kind: "alert", snsTopicArn: TOPIC, onSuccess: false });
    expect(onFailure({ snsTopicArn: TOPIC, onSuccess: true }).onSuccess).toBe(true);
  });

  it("refuses what is not an SNS topic ARN", () => {
    expect(() => onFailure({ snsTopicArn: "ml-alerts" })).toThrow(/snsTopicArn "ml-alerts" is not an SNS topic ARN/);
    expect(() => onFailure({ snsTopicArn: "arn:aws:sqs:us-east-1:111111111111:q" })).toThrow(/not an SNS topic ARN/);
  });
});

describe("rule and schedule names", () => {
  it("are sagepipe-<pipeline>-<id>, hashed past the 64-character limit, and stable", () => {
    expect(resourceName("Churn", "s3-churn-data")).toBe("sagepipe-Churn-s3-churn-data");
    const long = resourceName("A-very-long-pipeline-name-for-the-quarterly-churn-model", "s3-a-bucket-with-a-long-name");
    expect(long).toHaveLength(64);
    expect(long).toMatch(/^sagepipe-A-very-long-pipeline-name-for-the-quarterly-ch-[0-9a-f]{8}$/);
    expect(resourceName("A-very-long-pipeline-name-for-the-quarterly-churn-model", "s3-a-bucket-with-a-long-name")).toBe(long);
    expect(resourceName("A-very-long-pipeline-name-for-the-quarterly-churn-model", "s3-another-bucket-with-a-long-name")).not.toBe(long);
    expect(long.startsWith(namePrefix("A-very-long-pipeline-name-for-the-quarterly-churn-model"))).toBe(true);
  });
});

describe("the builder", () => {
  const base = pipeline("Churn")
    .param("Bucket", "String", { default: "churn-data" })
    .param("Key", "String", { default: "incoming/data.csv" })
    .param("Threshold", "Float", { default: 0.8 })
    .param("Mode", "String", { default: "full", enum: ["full", "incremental"] })
    .fail("Stop", "stopped");

  it("stores triggers, schedules and the alert on the node, immutably: the base does not see them", () => {
    const withTrigger = base.trigger(onS3({ bucket: "churn-data", parameters: { Key: eventPath("$.detail.object.key") } }));
    const branch = withTrigger.schedule("rate(1 day)", { parameters: { Mode: "incremental" } }).onFailure({ snsTopicArn: TOPIC });
    expect(base.toNode()).not.toHaveProperty("triggers");
    expect(base.toNode()).not.toHaveProperty("schedules");
    expect(base.toNode()).not.toHaveProperty("alert");
    expect(withTrigger.toNode().triggers).toHaveLength(1);
    expect(withTrigger.toNode()).not.toHaveProperty("schedules");
    const node = branch.toNode();
    expect(node.triggers?.[0]?.id).toBe("s3-churn-data");
    expect(node.schedules?.[0]).toMatchObject({ id: "schedule", expression: "rate(1 day)", parameters: { Mode: "incremental" } });
    expect(node.alert).toEqual({ kind: "alert", snsTopicArn: TOPIC, onSuccess: false });
    expect(Object.isFrozen(node.triggers)).toBe(true);
  });

  it("never puts them in the compiled definition", () => {
    const declared = base
      .trigger(onS3({ bucket: "churn-data", prefix: "in/", roleArn: ROLE }))
      .schedule(schedule("cron(0 6 ? * MON-FRI *)", { timezone: "Europe/Paris" }))
      .onFailure({ snsTopicArn: TOPIC, onSuccess: true });
    expect(declared.compile().json).toBe(base.compile().json);
  });

  it("checks parameter names when the trigger is added: they must be declared before", () => {
    const e = error(() => base.trigger(onS3({ bucket: "data", parameters: { InputUri: eventPath("$.detail.object.key") } }) as never));
    expect(e.message).toBe(
      'pipeline "Churn": S3 trigger "s3-data": parameter "InputUri" is not declared by the pipeline (declared: Bucket, Key, Threshold, Mode); declare it with .param("InputUri", ...) before the trigger',
    );
  });

  it("checks static values against the parameter types and enums", () => {
    expect(() => base.schedule("rate(1 day)", { parameters: { Threshold: "high" } })).toThrow(/parameter "Threshold" is Float, and "high" is not a number/);
    expect(() => base.schedule("rate(1 day)", { parameters: { Mode: "partial" as "full" } })).toThrow(/parameter "Mode" is String, and "partial" is not one of "full", "incremental"/);
    expect(() => base.schedule("rate(1 day)", { parameters: { Threshold: 0.9, Mode: "incremental" } })).not.toThrow();
  });

  it("refuses two declarations with the same id, and says to give one another id", () => {
    const once = base.trigger(onS3({ bucket: "data", prefix: "a/" }));
    expect(() => once.trigger(onS3({ bucket: "data", prefix: "b/" }))).toThrow(/already has S3 trigger "s3-data": give the trigger another id/);
    expect(() => once.trigger(onS3({ bucket: "data", prefix: "b/", id: "s3-data-b" }))).not.toThrow();
  });

  it("refuses something else than a declaration, and re-checks a declaration altered by hand", () => {
    expect(() => base.trigger(schedule("rate(1 day)") as never)).toThrow(/\.trigger\(\) takes an S3 trigger made by onS3/);
    const altered = { ...onS3({ bucket: "data" }), bucket: "Not A Bucket" };
    expect(() => base.trigger(altered as never)).toThrow(/not an S3 bucket name/);
  });

  it("a second onFailure replaces the first", () => {
    const other = "arn:aws:sns:us-east-1:111111111111:other";
    expect(base.onFailure({ snsTopicArn: TOPIC }).onFailure({ snsTopicArn: other }).toNode().alert?.snsTopicArn).toBe(other);
  });
});
