import { describe, expect, it } from "vitest";
import { CallbackStep, Step } from "sagepipe";
import { pythonSdkFixture, issuePaths, stepsOfType } from "../../support/python-sdk.js";

const step = {
  Name: "MyCallbackStep",
  Type: "Callback",
  Arguments: { arg1: "foo", arg2: 5, arg3: { Get: "Parameters.MyInt" } },
  SqsQueueUrl: "https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue",
  OutputParameters: [{ OutputName: "output1", OutputType: "String" }],
};

describe("CallbackStep: Python SDK output", () => {
  it.each([
    "test_callback_step/test_callback_step__test_callback_step__L48.json",
    "test_callback_step/test_callback_step__test_callback_step_default_values__L72.json",
  ])("parses %s to an equal value", (file) => {
    const value = pythonSdkFixture(file);
    expect(CallbackStep.parse(value)).toEqual(value);
    expect(Step.parse(value)).toEqual(value);
  });

  it("parses the Callback steps of a whole definition", () => {
    const file = "test_callback_step/test_callback_step__test_pipeline_interpolates_callback_outputs__L131.json";
    const callbacks = stepsOfType(pythonSdkFixture(file), "Callback");
    expect(callbacks).toHaveLength(2);
    for (const value of callbacks) expect(CallbackStep.parse(value)).toEqual(value);
  });
});

describe("CallbackStep: queue URLs", () => {
  it.each([
    "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q",
    "https://sqs.us-gov-west-1.amazonaws.com/123456789012/q.fifo",
    "https://us-west-2.queue.amazonaws.com/123456789012/q",
  ])("accepts %s", (url) => {
    expect(CallbackStep.safeParse({ ...step, SqsQueueUrl: url }).success).toBe(true);
  });

  it.each([
    "arn:aws:sqs:us-east-2:123456789012:MyQueue",
    "https://sqs.us-east-2.amazonaws.com/MyQueue",
    "http://sqs.us-east-2.amazonaws.com/123456789012/MyQueue",
  ])("rejects %s", (url) => {
    expect(issuePaths(CallbackStep.safeParse({ ...step, SqsQueueUrl: url }))).toEqual([["SqsQueueUrl"]]);
  });
});

describe("CallbackStep: rejections", () => {
  it("needs SqsQueueUrl", () => {
    const { SqsQueueUrl: _q, ...rest } = step;
    expect(issuePaths(CallbackStep.safeParse(rest))).toEqual([["SqsQueueUrl"]]);
  });

  it("rejects a misspelt key", () => {
    const result = CallbackStep.safeParse({ ...step, SqsQueueURL: step.SqsQueueUrl });
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
  });

  it("rejects more than 50 outputs", () => {
    const outputs = Array.from({ length: 51 }, (_, i) => ({ OutputName: `o${i}` }));
    expect(issuePaths(CallbackStep.safeParse({ ...step, OutputParameters: outputs }))).toEqual([["OutputParameters"]]);
  });

  it("rejects a null input value", () => {
    const result = CallbackStep.safeParse({ ...step, Arguments: { arg1: null } });
    expect(issuePaths(result)).toEqual([["Arguments", "arg1"]]);
  });
});
