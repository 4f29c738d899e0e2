import { describe, expectTypeOf, it } from "vitest";
import { pipeline, processingStep, type PipelineValue, type ProcessingOptions } from "sagepipe";
import { stepOptionShape } from "../../src/builder/steps/shared.js";

// The run-time check of option keys reads a list per step kind, written as an object whose type is
// `{ [every key of the options interface]: true }`: adding an option to an interface without adding
// it to the list (or the other way round) is a compile error, so the two checks cannot drift apart.

interface Options {
  readonly image: string;
  readonly retries?: number;
  readonly displayName?: string;
}

describe("the run-time option lists", () => {
  it("must name every option of the interface, and only those", () => {
    stepOptionShape<Options>({ image: true, retries: true });
    // @ts-expect-error: 'retries' is missing from the list
    stepOptionShape<Options>({ image: true });
    // @ts-expect-error: 'retry' is not an option of the interface
    stepOptionShape<Options>({ image: true, retries: true, retry: true });
  });
});

describe("exact options keep the inference that types handles", () => {
  const job = { image: "img", role: "r", instanceType: "ml.m5.xlarge" } as const;

  it("in the object and the function form, fluent and step function", () => {
    pipeline("P")
      .process("A", { ...job, outputs: { train: "/opt/ml/processing/train" } })
      .process("B", ({ steps }) => ({ ...job, inputs: { a: steps.A.outputs.train }, outputs: { test: "/opt/ml/processing/test" } }))
      .train("T", ({ steps }) => ({ ...job, inputs: { b: steps.B.outputs.test }, metrics: { auc: "auc=(.*)" } }))
      .lambda("L", { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:f", outputs: { ok: "Boolean" } })
      .process("C", ({ steps }) => {
        expectTypeOf(steps.A.outputs.train).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.B.outputs.test).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.T.metrics.auc).toEqualTypeOf<PipelineValue<number>>();
        expectTypeOf(steps.L.outputs.ok).toEqualTypeOf<PipelineValue<boolean>>();
        // @ts-expect-error: an output B does not declare
        void steps.B.outputs.train;
        return job;
      });
    const { handle } = processingStep("S", { ...job, outputs: { out: "/opt/ml/processing/out" } });
    expectTypeOf(handle.outputs.out).toEqualTypeOf<PipelineValue<string>>();
  });

  it("take options typed by the interface (no literal to check) as they are", () => {
    const options: ProcessingOptions = { ...job, instanceCount: 2 };
    pipeline("P").process("A", options).process("B", () => options);
    processingStep("S", options);
  });
});
