import { describe, expectTypeOf, it } from "vitest";
import { lambdaStep, pipeline, processingStep, trainingStep, type PipelineBuilder, type PipelineValue, type ProcessingHandle } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const job = { image: "img", role, instanceType: "ml.m5.xlarge" } as const;
const base = pipeline("Typed")
  .param("Input", "String")
  .process("Prepare", { ...job, outputs: { train: "/opt/ml/processing/train" } });

describe("fanOut's types", () => {
  it("types the steps of literal items by their names, for the steps after", () => {
    const depths = [3, 6, 9] as const;
    base
      .fanOut(depths, (depth, { params, steps }, index) => {
        expectTypeOf(depth).toEqualTypeOf<3 | 6 | 9>();
        expectTypeOf(index).toEqualTypeOf<number>();
        expectTypeOf(params.Input).toEqualTypeOf<PipelineValue<string>>();
        expectTypeOf(steps.Prepare.outputs.train).toEqualTypeOf<PipelineValue<string>>();
        return trainingStep(`Train-${depth}`, { ...job, inputs: { train: steps.Prepare.outputs.train }, metrics: { auc: "auc=(.*)" } });
      })
      .process("Compare", ({ steps }) => {
        expectTypeOf(steps["Train-3"].modelArtifacts).toEqualTypeOf<PipelineValue<string>>();
        for (const depth of depths) expectTypeOf(steps[`Train-${depth}`].metrics.auc).toEqualTypeOf<PipelineValue<number>>();
        // @ts-expect-error: no such step
        void steps["Train-4"];
        // @ts-expect-error: a metric the steps do not declare
        void steps["Train-6"].metrics.f1;
        // the steps before are still typed
        expectTypeOf(steps.Prepare.outputs.train).toEqualTypeOf<PipelineValue<string>>();
        return { ...job, inputs: Object.fromEntries(depths.map((depth) => [`m${depth}`, steps[`Train-${depth}`].modelArtifacts])) };
      });
  });

  it("refuses a step function's options it does not take, and a build that is not a step", () => {
    // @ts-expect-error unknown option 'instanceCout': did you mean 'instanceCount'?
    base.fanOut(["a"], (item) => processingStep(`P-${item}`, { ...job, instanceCout: 2 }));
    // @ts-expect-error: options are not a step
    base.fanOut(["a"], () => job);
    // @ts-expect-error: items are a list
    base.fanOut("abc", (item: string) => processingStep(`P-${item}`, job));
  });

  it("leaves the step map as it was when the names are not known (strings from a file)", () => {
    const names: string[] = ["a", "b"];
    base
      .fanOut(names, (item) => lambdaStep(`Notify-${item}`, { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:f" }))
      .process("After", ({ steps }) => {
        // the step map keeps its exact keys: Prepare is still a processing step, not a union with the lambdas
        expectTypeOf(steps.Prepare).toEqualTypeOf<ProcessingHandle<"Prepare", { readonly image: "img"; readonly role: "arn:aws:iam::111111111111:role/SageMakerRole"; readonly instanceType: "ml.m5.xlarge"; readonly outputs: { readonly train: "/opt/ml/processing/train" } }>>();
        return job;
      });
  });

  it("types numbered steps by a pattern (an index may be undefined)", () => {
    const built = base.fanOut([0, 1, 2] as number[], (i) => processingStep(`Shard${i}`, { ...job, outputs: { out: "/opt/ml/processing/out" } }));
    built.process("Merge", ({ steps }) => {
      expectTypeOf(steps[`Shard${1}`]?.outputs.out).toEqualTypeOf<PipelineValue<string> | undefined>();
      return job;
    });
  });

  it("keeps a builder variable across a loop: the documented chain of generated steps", () => {
    let builder: PipelineBuilder<{ readonly Input: "String" }> = pipeline("Chain").param("Input", "String");
    let previous: PipelineValue<string> | undefined;
    for (let i = 0; i < 3; i++) {
      builder = builder.add(({ params }) => {
        const step = processingStep(`Step${i}`, { ...job, inputs: { data: previous ?? params.Input }, outputs: { out: "/opt/ml/processing/out" } });
        previous = step.handle.outputs.out;
        return step;
      });
    }
    expectTypeOf(builder).toEqualTypeOf<PipelineBuilder<{ readonly Input: "String" }>>();
  });
});
