import { describe, expectTypeOf, it } from "vitest";
import { pipeline, type PipelineValue } from "sagepipe";

// A fluent chain of 90 Processing steps, each reading the previous step's output, type-checks (the
// default SageMaker quota is 50 steps). Each step's type nests the previous one, and TypeScript
// stops at a nesting depth of 100 (TS2589, "Type instantiation is excessively deep"): measured, a
// single chain of up to 97 such steps type-checks. This test keeps the headroom from shrinking
// unnoticed; the README says how to build longer generated pipelines.

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const job = { image: "img", role, instanceType: "ml.m5.xlarge", outputs: { out: "/opt/ml/processing/out" } } as const;

const long = pipeline("Long")
  .assets({ bucket: "my-bucket" })
  .param("Input", "String", { default: "s3://my-bucket/in/" })
  .process("Step0", ({ params }) => ({ ...job, inputs: { data: params.Input } }))
  .process("Step1", ({ steps }) => ({ ...job, inputs: { data: steps.Step0.outputs.out } }))
  .process("Step2", ({ steps }) => ({ ...job, inputs: { data: steps.Step1.outputs.out } }))
  .process("Step3", ({ steps }) => ({ ...job, inputs: { data: steps.Step2.outputs.out } }))
  .process("Step4", ({ steps }) => ({ ...job, inputs: { data: steps.Step3.outputs.out } }))
  .process("Step5", ({ steps }) => ({ ...job, inputs: { data: steps.Step4.outputs.out } }))
  .process("Step6", ({ steps }) => ({ ...job, inputs: { data: steps.Step5.outputs.out } }))
  .process("Step7", ({ steps }) => ({ ...job, inputs: { data: steps.Step6.outputs.out } }))
  .process("Step8", ({ steps }) => ({ ...job, inputs: { data: steps.Step7.outputs.out } }))
  .process("Step9", ({ steps }) => ({ ...job, inputs: { data: steps.Step8.outputs.out } }))
  .process("Step10", ({ steps }) => ({ ...job, inputs: { data: steps.Step9.outputs.out } }))
  .process("Step11", ({ steps }) => ({ ...job, inputs: { data: steps.Step10.outputs.out } }))
  .process("Step12", ({ steps }) => ({ ...job, inputs: { data: steps.Step11.outputs.out } }))
  .process("Step13", ({ steps }) => ({ ...job, inputs: { data: steps.Step12.outputs.out } }))
  .process("Step14", ({ steps }) => ({ ...job, inputs: { data: steps.Step13.outputs.out } }))
  .process("Step15", ({ steps }) => ({ ...job, inputs: { data: steps.Step14.outputs.out } }))
  .process("Step16", ({ steps }) => ({ ...job, inputs: { data: steps.Step15.outputs.out } }))
  .process("Step17", ({ steps }) => ({ ...job, inputs: { data: steps.Step16.outputs.out } }))
  .process("Step18", ({ steps }) => ({ ...job, inputs: { data: steps.Step17.outputs.out } }))
  .process("Step19", ({ steps }) => ({ ...job, inputs: { data: steps.Step18.outputs.out } }))
  .process("Step20", ({ steps }) => ({ ...job, inputs: { data: steps.Step19.outputs.out } }))
  .process("Step21", ({ steps }) => ({ ...job, inputs: { data: steps.Step20.outputs.out } }))
  .process("Step22", ({ steps }) => ({ ...job, inputs: { data: steps.Step21.outputs.out } }))
  .process("Step23", ({ steps }) => ({ ...job, inputs: { data: steps.Step22.outputs.out } }))
  .process("Step24", ({ steps }) => ({ ...job, inputs: { data: steps.Step23.outputs.out } }))
  .process("Step25", ({ steps }) => ({ ...job, inputs: { data: steps.Step24.outputs.out } }))
  .process("Step26", ({ steps }) => ({ ...job, inputs: { data: steps.Step25.outputs.out } }))
  .process("Step27", ({ steps }) => ({ ...job, inputs: { data: steps.Step26.outputs.out } }))
  .process("Step28", ({ steps }) => ({ ...job, inputs: { data: steps.Step27.outputs.out } }))
  .process("Step29", ({ steps }) => ({ ...job, inputs: { data: steps.Step28.outputs.out } }))
  .process("Step30", ({ steps }) => ({ ...job, inputs: { data: steps.Step29.outputs.out } }))
  .process("Step31", ({ steps }) => ({ ...job, inputs: { data: steps.Step30.outputs.out } }))
  .process("Step32", ({ steps }) => ({ ...job, inputs: { data: steps.Step31.outputs.out } }))
  .process("Step33", ({ steps }) => ({ ...job, inputs: { data: steps.Step32.outputs.out } }))
  .process("Step34", ({ steps }) => ({ ...job, inputs: { data: steps.Step33.outputs.out } }))
  .process("Step35", ({ steps }) => ({ ...job, inputs: { data: steps.Step34.outputs.out } }))
  .process("Step36", ({ steps }) => ({ ...job, inputs: { data: steps.Step35.outputs.out } }))
  .process("Step37", ({ steps }) => ({ ...job, inputs: { data: steps.Step36.outputs.out } }))
  .process("Step38", ({ steps }) => ({ ...job, inputs: { data: steps.Step37.outputs.out } }))
  .process("Step39", ({ steps }) => ({ ...job, inputs: { data: steps.Step38.outputs.out } }))
  .process("Step40", ({ steps }) => ({ ...job, inputs: { data: steps.Step39.outputs.out } }))
  .process("Step41", ({ steps }) => ({ ...job, inputs: { data: steps.Step40.outputs.out } }))
  .process("Step42", ({ steps }) => ({ ...job, inputs: { data: steps.Step41.outputs.out } }))
  .process("Step43", ({ steps }) => ({ ...job, inputs: { data: steps.Step42.outputs.out } }))
  .process("Step44", ({ steps }) => ({ ...job, inputs: { data: steps.Step43.outputs.out } }))
  .process("Step45", ({ steps }) => ({ ...job, inputs: { data: steps.Step44.outputs.out } }))
  .process("Step46", ({ steps }) => ({ ...job, inputs: { data: steps.Step45.outputs.out } }))
  .process("Step47", ({ steps }) => ({ ...job, inputs: { data: steps.Step46.outputs.out } }))
  .process("Step48", ({ steps }) => ({ ...job, inputs: { data: steps.Step47.outputs.out } }))
  .process("Step49", ({ steps }) => ({ ...job, inputs: { data: steps.Step48.outputs.out } }))
  .process("Step50", ({ steps }) => ({ ...job, inputs: { data: steps.Step49.outputs.out } }))
  .process("Step51", ({ steps }) => ({ ...job, inputs: { data: steps.Step50.outputs.out } }))
  .process("Step52", ({ steps }) => ({ ...job, inputs: { data: steps.Step51.outputs.out } }))
  .process("Step53", ({ steps }) => ({ ...job, inputs: { data: steps.Step52.outputs.out } }))
  .process("Step54", ({ steps }) => ({ ...job, inputs: { data: steps.Step53.outputs.out } }))
  .process("Step55", ({ steps }) => ({ ...job, inputs: { data: steps.Step54.outputs.out } }))
  .process("Step56", ({ steps }) => ({ ...job, inputs: { data: steps.Step55.outputs.out } }))
  .process("Step57", ({ steps }) => ({ ...job, inputs: { data: steps.Step56.outputs.out } }))
  .process("Step58", ({ steps }) => ({ ...job, inputs: { data: steps.Step57.outputs.out } }))
  .process("Step59", ({ steps }) => ({ ...job, inputs: { data: steps.Step58.outputs.out } }))
  .process("Step60", ({ steps }) => ({ ...job, inputs: { data: steps.Step59.outputs.out } }))
  .process("Step61", ({ steps }) => ({ ...job, inputs: { data: steps.Step60.outputs.out } }))
  .process("Step62", ({ steps }) => ({ ...job, inputs: { data: steps.Step61.outputs.out } }))
  .process("Step63", ({ steps }) => ({ ...job, inputs: { data: steps.Step62.outputs.out } }))
  .process("Step64", ({ steps }) => ({ ...job, inputs: { data: steps.Step63.outputs.out } }))
  .process("Step65", ({ steps }) => ({ ...job, inputs: { data: steps.Step64.outputs.out } }))
  .process("Step66", ({ steps }) => ({ ...job, inputs: { data: steps.Step65.outputs.out } }))
  .process("Step67", ({ steps }) => ({ ...job, inputs: { data: steps.Step66.outputs.out } }))
  .process("Step68", ({ steps }) => ({ ...job, inputs: { data: steps.Step67.outputs.out } }))
  .process("Step69", ({ steps }) => ({ ...job, inputs: { data: steps.Step68.outputs.out } }))
  .process("Step70", ({ steps }) => ({ ...job, inputs: { data: steps.Step69.outputs.out } }))
  .process("Step71", ({ steps }) => ({ ...job, inputs: { data: steps.Step70.outputs.out } }))
  .process("Step72", ({ steps }) => ({ ...job, inputs: { data: steps.Step71.outputs.out } }))
  .process("Step73", ({ steps }) => ({ ...job, inputs: { data: steps.Step72.outputs.out } }))
  .process("Step74", ({ steps }) => ({ ...job, inputs: { data: steps.Step73.outputs.out } }))
  .process("Step75", ({ steps }) => ({ ...job, inputs: { data: steps.Step74.outputs.out } }))
  .process("Step76", ({ steps }) => ({ ...job, inputs: { data: steps.Step75.outputs.out } }))
  .process("Step77", ({ steps }) => ({ ...job, inputs: { data: steps.Step76.outputs.out } }))
  .process("Step78", ({ steps }) => ({ ...job, inputs: { data: steps.Step77.outputs.out } }))
  .process("Step79", ({ steps }) => ({ ...job, inputs: { data: steps.Step78.outputs.out } }))
  .process("Step80", ({ steps }) => ({ ...job, inputs: { data: steps.Step79.outputs.out } }))
  .process("Step81", ({ steps }) => ({ ...job, inputs: { data: steps.Step80.outputs.out } }))
  .process("Step82", ({ steps }) => ({ ...job, inputs: { data: steps.Step81.outputs.out } }))
  .process("Step83", ({ steps }) => ({ ...job, inputs: { data: steps.Step82.outputs.out } }))
  .process("Step84", ({ steps }) => ({ ...job, inputs: { data: steps.Step83.outputs.out } }))
  .process("Step85", ({ steps }) => ({ ...job, inputs: { data: steps.Step84.outputs.out } }))
  .process("Step86", ({ steps }) => ({ ...job, inputs: { data: steps.Step85.outputs.out } }))
  .process("Step87", ({ steps }) => ({ ...job, inputs: { data: steps.Step86.outputs.out } }))
  .process("Step88", ({ steps }) => ({ ...job, inputs: { data: steps.Step87.outputs.out } }))
  .process("Step89", ({ steps }) => ({ ...job, inputs: { data: steps.Step88.outputs.out } }));

describe("a long fluent chain", () => {
  it("keeps every step typed", () => {
    long.process("Last", ({ steps }) => {
      expectTypeOf(steps.Step0.outputs.out).toEqualTypeOf<PipelineValue<string>>();
      expectTypeOf(steps.Step89.outputs.out).toEqualTypeOf<PipelineValue<string>>();
      // @ts-expect-error: no such step
      void steps.Step90;
      return job;
    });
  });
});
