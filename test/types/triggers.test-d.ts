import { describe, expectTypeOf, it } from "vitest";
import { pipeline } from "sagepipe";
import { eventPath, onFailure, onS3, schedule, type S3Trigger, type ScheduleTrigger, type TriggerChanges } from "../../src/triggers/index.js";
import { applyTriggers } from "../../src/triggers/index.js";

const base = pipeline("Typed")
  .param("Bucket", "String", { default: "data" })
  .param("Key", "String", { default: "in/x.csv" })
  .param("Threshold", "Float", { default: 0.8 })
  .fail("Stop", "stopped");

describe("trigger declarations' types", () => {
  it("onS3 and schedule carry the parameter names they set", () => {
    expectTypeOf(onS3({ bucket: "data", parameters: { Bucket: eventPath("$.detail.bucket.name"), Key: eventPath("$.detail.object.key") } })).toEqualTypeOf<
      S3Trigger<"Bucket" | "Key">
    >();
    expectTypeOf(onS3({ bucket: "data" })).toEqualTypeOf<S3Trigger<never>>();
    expectTypeOf(schedule("rate(1 day)", { parameters: { Threshold: 0.9 } })).toEqualTypeOf<ScheduleTrigger<"Threshold">>();
  });

  it("a trigger may set declared parameters", () => {
    base.trigger(onS3({ bucket: "data", parameters: { Bucket: eventPath("$.detail.bucket.name"), Key: eventPath("$.detail.object.key") } }));
    base.trigger(onS3({ bucket: "data" }));
    base.schedule(schedule("rate(1 day)", { parameters: { Threshold: 0.9 } }));
    base.schedule("cron(0 12 * * ? *)", { parameters: { Threshold: 0.9, Key: "in/y.csv" }, timezone: "UTC" });
    base.onFailure({ snsTopicArn: "arn:aws:sns:us-east-1:111111111111:alerts" });
  });

  it("a parameter that is not declared by the pipeline does not compile", () => {
    // @ts-expect-error: InputUri is not a parameter of the pipeline
    base.trigger(onS3({ bucket: "data", parameters: { InputUri: eventPath("$.detail.object.key") } }));
    // @ts-expect-error: one declared, one not
    base.trigger(onS3({ bucket: "data", parameters: { Key: eventPath("$.detail.object.key"), Typo: "x" } }));
    // @ts-expect-error: the same for schedules
    base.schedule(schedule("rate(1 day)", { parameters: { Treshold: 0.9 } }));
    // @ts-expect-error: and for the inline form
    base.schedule("rate(1 day)", { parameters: { Treshold: 0.9 } });
    // @ts-expect-error: a pipeline without parameters accepts no trigger parameter
    pipeline("Bare").trigger(onS3({ bucket: "data", parameters: { Key: "x" } }));
  });

  it("a schedule cannot read an event; values are static", () => {
    // @ts-expect-error: a schedule has no event
    schedule("rate(1 day)", { parameters: { Key: eventPath("$.detail.object.key") } });
    // @ts-expect-error: .trigger takes S3 triggers, .schedule schedules
    base.trigger(schedule("rate(1 day)"));
    // @ts-expect-error: an alert needs a topic
    onFailure({ onSuccess: true });
  });

  it("applying returns the changes", () => {
    expectTypeOf(applyTriggers(base, { roleArn: "arn:aws:iam::111111111111:role/R" })).resolves.toEqualTypeOf<TriggerChanges>();
  });
});
