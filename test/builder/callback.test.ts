import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SagepipeError, pipeline, processingStep, type RetryOptions } from "sagepipe";
import { callbackStep } from "../../src/builder/steps/callback.js";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) =>
  wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/test_callback_step/${file}`, import.meta.url), "utf8")));

const queueUrl = "https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue";
const job = { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/proc:1", role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge" } as const;
const base = pipeline("Callbacks").add(processingStep("TestStep", job)).add(processingStep("SecondTestStep", { ...job, after: [] }));

describe("callbackStep", () => {
  it("emits what the Python SDK emits for a Callback step (test_callback_step L48, L72)", () => {
    // given
    const p = base.param("MyInt", "Integer").add(({ params }) =>
      callbackStep("MyCallbackStep", {
        queueUrl,
        dependsOn: ["TestStep", "SecondTestStep"],
        inputs: { arg1: "foo", arg2: 5, arg3: params.MyInt },
        outputs: { output1: "String", output2: "Boolean" },
      }),
    );
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[2]).toStrictEqual(fixture("test_callback_step__test_callback_step__L48.json"));

    const single = base.param("MyInt", "Integer").add(({ params }) =>
      callbackStep("MyCallbackStep", {
        queueUrl,
        dependsOn: ["TestStep", "SecondTestStep"],
        inputs: { arg1: "foo", arg2: 5, arg3: params.MyInt },
        outputs: { output1: "String" },
      }),
    );
    expect(single.compile().definition.Steps[2]).toStrictEqual(fixture("test_callback_step__test_callback_step_default_values__L72.json"));
  });

  it("references outputs as OutputParameters['<name>'] (test_callback_step L96, L99, L131)", () => {
    // given
    const p = pipeline("Callbacks")
      .param("MyStr", "String")
      .add(processingStep("TestStep", job))
      .add(callbackStep("MyCallbackStep1", { queueUrl, inputs: { arg1: "foo" }, outputs: { output1: "String" }, dependsOn: ["TestStep"] }))
      .add(({ steps }) =>
        callbackStep("MyCallbackStep2", {
          queueUrl,
          inputs: { arg1: steps.MyCallbackStep1.outputs.output1 },
          outputs: { output2: "String" },
          dependsOn: ["TestStep"],
        }),
      );
    // when
    const { definition } = p.compile();
    // then
    const expected = fixture("test_callback_step__test_pipeline_interpolates_callback_outputs__L131.json");
    expect(definition.Parameters).toStrictEqual(expected.Parameters);
    expect(definition.Steps.slice(1)).toStrictEqual(expected.Steps.slice(0, 2));

    const handle = callbackStep("MyCallbackStep", { queueUrl, outputs: { output1: "String", output2: "Boolean" } }).handle;
    expect(handle.outputs.output1.toJSON()).toStrictEqual(fixture("test_callback_step__test_callback_step_output_expr__L96.json"));
    expect(handle.outputs.output2.toJSON()).toStrictEqual(fixture("test_callback_step__test_callback_step_output_expr__L99.json"));
  });

  it("emits empty Arguments and OutputParameters by default, and takes cache", () => {
    const { definition } = pipeline("Callbacks").add(callbackStep("Wait", { queueUrl, cache: { expireAfter: "P1D" } })).compile();
    expect(definition.Steps[0]).toStrictEqual({
      Name: "Wait",
      Type: "Callback",
      Arguments: {},
      CacheConfig: { Enabled: true, ExpireAfter: "P1D" },
      SqsQueueUrl: queueUrl,
      OutputParameters: [],
    });
  });

  it("rejects retry, a queue URL that is not one, and more than 50 outputs", () => {
    const retry: RetryOptions[] = [{ exceptions: ["Step.SERVICE_FAULT"] }];
    // @ts-expect-error: Callback steps take no retry
    expect(() => callbackStep("C", { queueUrl, retry })).toThrow(/Callback step "C" cannot take retry/);
    expect(() => callbackStep("C", { queueUrl: "MyQueue" })).toThrow(SagepipeError);
    expect(() => callbackStep("C", { queueUrl: "MyQueue" })).toThrow(/queueUrl "MyQueue" is not an SQS queue URL/);
    const outputs = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`o${i}`, "String" as const]));
    expect(() => callbackStep("C", { queueUrl, outputs })).toThrow(/declares 51 outputs; a Callback step takes at most 50/);
  });
});
