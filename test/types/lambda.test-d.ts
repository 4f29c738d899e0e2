import { describe, expectTypeOf, it } from "vitest";
import { pipeline, type PipelineCondition, type PipelineValue, type StepHandle } from "sagepipe";
import { lambdaStep, type LambdaHandle } from "../../src/builder/steps/lambda.js";

const functionArn = "arn:aws:lambda:us-east-1:111111111111:function:check";

const base = pipeline("Typed")
  .param("Limit", "Integer", { default: 3 })
  .param("Name", "String", { default: "x" })
  .add(lambdaStep("Check", { functionArn, outputs: { count: "Integer", score: "Float", label: "String", ok: "Boolean" } }))
  .add(lambdaStep("Plain", { functionArn }));

describe("lambdaStep types", () => {
  it("types each output by its declared OutputType", () => {
    base.add(({ steps }) => {
      expectTypeOf(steps.Check.outputs.count).toEqualTypeOf<PipelineValue<number>>();
      expectTypeOf(steps.Check.outputs.score).toEqualTypeOf<PipelineValue<number>>();
      expectTypeOf(steps.Check.outputs.label).toEqualTypeOf<PipelineValue<string>>();
      expectTypeOf(steps.Check.outputs.ok).toEqualTypeOf<PipelineValue<boolean>>();
      expectTypeOf(steps.Check.type).toEqualTypeOf<"Lambda">();
      // @ts-expect-error: an output the step does not declare
      void steps.Check.outputs.total;
      // @ts-expect-error: a step without outputs has none
      void steps.Plain.outputs.anything;
      return lambdaStep("Next", { functionArn });
    });
  });

  it("compares an Integer output with numbers, not with strings", () => {
    base.when("Enough", ({ steps, params }) => {
      expectTypeOf(steps.Check.outputs.count.gte(5)).toEqualTypeOf<PipelineCondition>();
      steps.Check.outputs.count.eq(params.Limit);
      steps.Check.outputs.count.lt(params.Limit);
      // @ts-expect-error: an Integer output compared with a string
      steps.Check.outputs.count.eq("5");
      // @ts-expect-error: an Integer output compared with a string
      steps.Check.outputs.count.gte("5");
      // @ts-expect-error: an Integer output compared with a String parameter
      steps.Check.outputs.count.eq(params.Name);
      // @ts-expect-error: a String output ordered against a number
      steps.Check.outputs.label.gt(1);
      // @ts-expect-error: an Integer output ordered against a String output
      steps.Check.outputs.count.gt(steps.Check.outputs.label);
      // @ts-expect-error: a Boolean output is not ordered
      steps.Check.outputs.ok.gte(true);
      steps.Check.outputs.label.gte(params.Name);
      // @ts-expect-error: a Boolean output compared with a number
      steps.Check.outputs.ok.eq(1);
      return steps.Check.outputs.ok.eq(true);
    });
  });

  it("passes outputs and parameters as inputs of another step", () => {
    base.add(({ steps, params }) => lambdaStep("Use", { functionArn, inputs: { n: steps.Check.outputs.count, name: params.Name, list: ["a", 1, params.Limit] } }));
  });

  it("rejects retry, nested inputs, unknown output types and a non-literal function ARN", () => {
    // @ts-expect-error: Lambda steps take no retry
    lambdaStep("L", { functionArn, retry: [{ exceptions: ["Step.THROTTLING"] }] });
    // @ts-expect-error: inputs are flat
    lambdaStep("L", { functionArn, inputs: { nested: { a: 1 } } });
    // @ts-expect-error: OutputType is String, Integer, Float or Boolean
    lambdaStep("L", { functionArn, outputs: { a: "Number" } });
    // @ts-expect-error: FunctionArn is a plain string in the definition format
    lambdaStep("L", { functionArn: null as unknown as PipelineValue<string> });
    // @ts-expect-error: functionArn is required
    lambdaStep("L", { inputs: {} });
  });

  it("returns a Lambda handle", () => {
    const { handle } = lambdaStep("L", { functionArn, outputs: { a: "String" } });
    expectTypeOf(handle).toExtend<StepHandle<"L", "Lambda">>();
    expectTypeOf(handle).toExtend<LambdaHandle<"L", { functionArn: string; outputs: { a: "String" } }>>();
  });
});
