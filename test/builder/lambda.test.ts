import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, SagepipeError, pipeline, processingStep, type RetryOptions } from "sagepipe";
import { lambdaStep } from "../../src/builder/steps/lambda.js";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) =>
  wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/test_lambda_step/${file}`, import.meta.url), "utf8")));

const functionArn = "arn:aws:lambda:us-west-2:123456789012:function:sagemaker_test_lambda";
const job = { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/proc:1", role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge" } as const;
// the fixtures' Lambda steps depend on TestStep (and SecondTestStep)
const base = pipeline("Lambdas").add(processingStep("TestStep", job)).add(processingStep("SecondTestStep", { ...job, after: [] }));

describe("lambdaStep", () => {
  it("emits what the Python SDK emits for a Lambda step with inputs, outputs and cache (test_lambda_step L70)", () => {
    // given
    const p = base.param("MyInt", "Integer").add(({ params }) =>
      lambdaStep("MyLambdaStep", {
        functionArn,
        displayName: "MyLambdaStep",
        description: "MyLambdaStepDescription",
        dependsOn: ["TestStep", "SecondTestStep"],
        cache: { expireAfter: { hours: 1 } },
        inputs: { arg1: "foo", arg2: 5, arg3: params.MyInt },
        outputs: { output1: "String", output2: "Boolean" },
      }),
    );
    // when
    const { definition, json } = p.compile();
    // then
    expect(definition.Steps[2]).toStrictEqual(fixture("test_lambda_step__test_lambda_step__L70.json"));
    // the integer parameter stays a number: Lambda inputs are not string fields
    expect(JSON.parse(json).Steps[2].Arguments.arg3).toStrictEqual({ Get: "Parameters.MyInt" });
  });

  it("emits empty Arguments and OutputParameters without inputs or outputs (test_lambda_step L196)", () => {
    const { definition } = base.add(lambdaStep("MyLambdaStep", { functionArn, dependsOn: ["TestStep", "SecondTestStep"] })).compile();
    expect(definition.Steps[2]).toStrictEqual(fixture("test_lambda_step__test_lambda_step_no_inputs_outputs__L196.json"));
  });

  it("references outputs as OutputParameters['<name>'] and orders steps by them (test_lambda_step L105, L108, L146)", () => {
    // given
    const p = pipeline("Lambdas")
      .param("MyStr", "String")
      .add(processingStep("TestStep", job))
      .add(lambdaStep("MyLambdaStep1", { functionArn, inputs: { arg1: "foo" }, outputs: { output1: "String" }, dependsOn: ["TestStep"] }))
      .add(({ steps }) =>
        lambdaStep("MyLambdaStep2", {
          functionArn,
          inputs: { arg1: steps.MyLambdaStep1.outputs.output1 },
          outputs: { output2: "String" },
          dependsOn: ["TestStep"],
        }),
      );
    // when
    const { definition } = p.compile();
    // then
    const expected = fixture("test_lambda_step__test_pipeline_interpolates_lambda_outputs__L146.json");
    expect(definition.Parameters).toStrictEqual(expected.Parameters);
    expect(definition.Steps.slice(1)).toStrictEqual(expected.Steps.slice(0, 2));

    const handle = lambdaStep("MyLambdaStep", { functionArn, outputs: { output1: "String", output2: "Boolean" } }).handle;
    expect(handle.outputs.output1.toJSON()).toStrictEqual(fixture("test_lambda_step__test_lambda_step_output_expr__L105.json"));
    expect(handle.outputs.output2.toJSON()).toStrictEqual(fixture("test_lambda_step__test_lambda_step_output_expr__L108.json"));
  });

  it("types outputs by their OutputType: an Integer output compares with numbers, in the definition too", () => {
    const { definition } = pipeline("Lambdas")
      .param("Limit", "Integer", { default: 3 })
      .add(lambdaStep("Count", { functionArn, outputs: { count: "Integer", ok: "Boolean" }, cache: true }))
      .when("Enough", ({ steps, params }) => [steps.Count.outputs.count.gte(params.Limit), steps.Count.outputs.ok.eq(true)])
      .fail("Stop", "not enough")
      .end()
      .compile();
    expect(definition.Steps[0]).toStrictEqual({
      Name: "Count",
      Type: "Lambda",
      Arguments: {},
      CacheConfig: { Enabled: true },
      FunctionArn: functionArn,
      OutputParameters: [
        { OutputName: "count", OutputType: "Integer" },
        { OutputName: "ok", OutputType: "Boolean" },
      ],
    });
    expect(definition.Steps[1]?.Arguments).toMatchObject({
      Conditions: [
        { Type: "GreaterThanOrEqualTo", LeftValue: { Get: "Steps.Count.OutputParameters['count']" }, RightValue: { Get: "Parameters.Limit" } },
        { Type: "Equals", LeftValue: { Get: "Steps.Count.OutputParameters['ok']" }, RightValue: true },
      ],
    });
  });

  it("accepts lists of values as inputs", () => {
    const { definition } = pipeline("Lambdas")
      .param("Bucket", "String")
      .add(({ params }) => lambdaStep("L", { functionArn, inputs: { uris: ["s3://a/b", params.Bucket], n: 1.5, on: false } }))
      .compile();
    expect(definition.Steps[0]?.Arguments).toStrictEqual({ uris: ["s3://a/b", { Get: "Parameters.Bucket" }], n: 1.5, on: false });
  });

  it("rejects retry: SageMaker does not retry Lambda steps", () => {
    const retry: RetryOptions[] = [{ exceptions: ["Step.THROTTLING"], maxAttempts: 3 }];
    // @ts-expect-error: Lambda steps take no retry
    const build = () => lambdaStep("L", { functionArn, retry });
    expect(build).toThrow(SagepipeError);
    expect(build).toThrow(/Lambda step "L" cannot take retry/);
    try {
      build();
    } catch (error) {
      expect((error as SagepipeError).code).toBe("retry-not-supported");
    }
  });

  it("rejects a function ARN that is not one, nested inputs and unknown output types", () => {
    expect(() => lambdaStep("L", { functionArn: "my-function" })).toThrow(/functionArn "my-function" is not a Lambda function ARN/);
    // @ts-expect-error: inputs are flat
    expect(() => lambdaStep("L", { functionArn, inputs: { nested: { a: 1 } } })).toThrow(/input "nested" is object/);
    // @ts-expect-error: an output type SageMaker does not know
    expect(() => lambdaStep("L", { functionArn, outputs: { a: "Number" } })).toThrow(/output "a" has type "Number"/);
  });

  it("fails compile when a step references an output the Lambda step does not declare", () => {
    // a handle of another "L" declaring output b: the pipeline's "L" declares only a
    const stray = lambdaStep("L", { functionArn, outputs: { b: "String" } }).handle.outputs.b;
    const bad = pipeline("Lambdas")
      .add(lambdaStep("L", { functionArn, outputs: { a: "String" } }))
      .add(lambdaStep("M", { functionArn, inputs: { x: stray } }));
    expect(() => bad.compile()).toThrow(CompileError);
    expect(() => bad.compile()).toThrow(/"L" has no output parameter "b"/);
  });
});
