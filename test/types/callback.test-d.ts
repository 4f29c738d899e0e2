import { describe, expectTypeOf, it } from "vitest";
import { pipeline, type PipelineValue } from "sagepipe";
import { callbackStep } from "../../src/builder/steps/callback.js";

const queueUrl = "https://sqs.us-east-1.amazonaws.com/111111111111/approvals";

describe("callbackStep types", () => {
  it("types outputs by their declared OutputType", () => {
    pipeline("Typed")
      .add(callbackStep("Approve", { queueUrl, outputs: { approved: "Boolean", reviewer: "String", votes: "Integer" } }))
      .when("Approved", ({ steps }) => {
        expectTypeOf(steps.Approve.outputs.approved).toEqualTypeOf<PipelineValue<boolean>>();
        expectTypeOf(steps.Approve.outputs.reviewer).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Approve.outputs.votes).toEqualTypeOf<PipelineValue<number>>();
        expectTypeOf(steps.Approve.type).toEqualTypeOf<"Callback">();
        steps.Approve.outputs.votes.gte(2);
        // @ts-expect-error: an Integer output compared with a string
        steps.Approve.outputs.votes.gte("2");
        // @ts-expect-error: an output the step does not declare
        void steps.Approve.outputs.comment;
        return steps.Approve.outputs.approved.eq(true);
      });
  });

  it("rejects retry, nested inputs and a missing queue URL", () => {
    // @ts-expect-error: Callback steps take no retry
    callbackStep("C", { queueUrl, retry: [{ exceptions: ["Step.THROTTLING"] }] });
    // @ts-expect-error: inputs are flat
    callbackStep("C", { queueUrl, inputs: { nested: { a: 1 } } });
    // @ts-expect-error: queueUrl is required
    callbackStep("C", { inputs: {} });
  });
});
