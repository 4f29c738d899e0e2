import { describe, expect, it } from "vitest";
import { frameworkModelStep, pipeline, processingStep, trainingStep, type PipelineBuilder, type PipelineValue } from "sagepipe";
import { sagepipeErrorOf } from "../support/errors.js";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const job = { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/job:1", role, instanceType: "ml.m5.xlarge" } as const;
const base = pipeline("Sweep")
  .assets({ bucket: "my-bucket" })
  .param("Input", "String", { default: "s3://my-bucket/in/" })
  .process("Prepare", ({ params }) => ({ ...job, inputs: { raw: params.Input }, outputs: { train: "/opt/ml/processing/train" } }));
const depths = [3, 6, 9] as const;

type Step = { Name: string; DependsOn?: string[]; Arguments: Record<string, unknown> };
const stepsOf = (builder: { compile(): { json: string } }) => (JSON.parse(builder.compile().json) as { Steps: Step[] }).Steps;
const dependsOn = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.Name, s.DependsOn ?? []]));

describe("fanOut", () => {
  it("adds one step per item, each after the step before the fan-out, and the next step after all of them", () => {
    const steps = stepsOf(
      base
        .fanOut(depths, (depth) => trainingStep(`Train-${depth}`, { ...job, hyperparameters: { max_depth: depth } }))
        .process("Compare", job),
    );
    expect(steps.map((s) => s.Name)).toEqual(["Prepare", "Train-3", "Train-6", "Train-9", "Compare"]);
    expect(dependsOn(steps)).toEqual({ Prepare: [], "Train-3": ["Prepare"], "Train-6": ["Prepare"], "Train-9": ["Prepare"], Compare: ["Train-3", "Train-6", "Train-9"] });
    expect(steps.map((s) => (s.Arguments.HyperParameters as Record<string, string> | undefined)?.max_depth)).toEqual([undefined, "3", "6", "9", undefined]);
  });

  it("lets data references order the steps: no DependsOn where a step reads what it waits for", () => {
    const steps = stepsOf(
      base
        .fanOut(depths, (depth, { steps }) => trainingStep(`Train-${depth}`, { ...job, inputs: { train: steps.Prepare.outputs.train }, hyperparameters: { max_depth: depth } }))
        .process("Compare", ({ steps }) => ({ ...job, inputs: Object.fromEntries(depths.map((depth) => [`model-${depth}`, steps[`Train-${depth}`].modelArtifacts])) })),
    );
    expect(dependsOn(steps)).toEqual({ Prepare: [], "Train-3": [], "Train-6": [], "Train-9": [], Compare: [] });
    const compare = steps.find((s) => s.Name === "Compare") as unknown as { Arguments: { ProcessingInputs: { InputName: string; S3Input: { S3Uri: unknown } }[] } };
    expect(compare.Arguments.ProcessingInputs.map((input) => [input.InputName, input.S3Input.S3Uri])).toEqual(
      depths.map((depth) => [`model-${depth}`, { Get: `Steps.Train-${depth}.ModelArtifacts.S3ModelArtifacts` }]),
    );
  });

  it("gives each step the parameters, the steps before the fan-out and its index", () => {
    const seen: [string, number, string[]][] = [];
    base.fanOut(["a", "b"], (item, { params, steps }, index) => {
      seen.push([item, index, Object.keys(steps)]);
      return processingStep(`P-${item}`, { ...job, inputs: { raw: params.Input } });
    });
    expect(seen).toEqual([
      ["a", 0, ["Prepare"]],
      ["b", 1, ["Prepare"]],
    ]);
  });

  it("keeps an explicit after, and fans out inside a condition's branch", () => {
    const steps = stepsOf(
      base
        .process("Other", { ...job, after: [] })
        .fanOut(["x", "y"], (item) => processingStep(`P-${item}`, { ...job, after: item === "x" ? [] : ["Prepare"] }))
        .when("Check", ({ params }) => params.Input.eq("s3://my-bucket/in/"))
        .fanOut(["a", "b"], (item) => processingStep(`Branch-${item}`, job))
        .process("AfterBranch", job)
        .end(),
    );
    expect(dependsOn(steps)).toMatchObject({ Other: [], "P-x": [], "P-y": ["Prepare"], Check: ["P-x", "P-y"] });
    const check = steps.find((s) => s.Name === "Check") as unknown as { Arguments: { IfSteps: Step[] } };
    expect(dependsOn(check.Arguments.IfSteps)).toEqual({ "Branch-a": [], "Branch-b": [], AfterBranch: ["Branch-a", "Branch-b"] });
  });

  it("adds each step of a step collection (a framework model and its repack job)", () => {
    const built = base.fanOut(["a", "b"], (item, { params }) =>
      frameworkModelStep(`Model-${item}`, { image: "fakeimage", modelData: params.Input, entryPoint: "inference.py", sourceDir: "serve", role }),
    );
    const names = built.toNode().steps.map((placed) => placed.node.name);
    expect(names).toEqual(["Prepare", "Model-a-RepackModel-0", "Model-a-CreateModel", "Model-b-RepackModel-0", "Model-b-CreateModel"]);
    // each collection starts after the step before the fan-out; the next step follows the last step of each
    const follows = Object.fromEntries(built.process("Next", job).toNode().steps.map((placed) => [placed.node.name, placed.follows]));
    expect(follows).toMatchObject({ "Model-a-RepackModel-0": ["Prepare"], "Model-b-RepackModel-0": ["Prepare"], Next: ["Model-a-CreateModel", "Model-b-CreateModel"] });
  });

  it("with no items adds nothing, and the next step follows the step before", () => {
    const steps = stepsOf(base.fanOut([], (item: string) => processingStep(`P-${item}`, job)).process("Next", job));
    expect(dependsOn(steps)).toEqual({ Prepare: [], Next: ["Prepare"] });
  });

  it("refuses what is not a list, a function or a step, and a name used twice, from JavaScript", () => {
    const untyped = base as unknown as { fanOut(items: unknown, step: unknown): unknown };
    expect(sagepipeErrorOf(() => untyped.fanOut("abc", () => processingStep("P", job)))).toMatch(/^invalid-fan-out: fanOut\(\) on pipeline "Sweep" takes a list of items, one step each; got a string/);
    expect(sagepipeErrorOf(() => untyped.fanOut(["a"], null))).toMatch(/^invalid-fan-out: .*takes a function \(item, \{ params, steps \}, index\) => step/);
    expect(sagepipeErrorOf(() => untyped.fanOut(["a"], () => job))).toMatch(/^invalid-step: fanOut\(\) on pipeline "Sweep": the function returned an object with keys image, role, instanceType for item 0/);
    expect(sagepipeErrorOf(() => untyped.fanOut(["a", "a"], (item: string) => processingStep(`P-${item}`, job)))).toMatch(/^duplicate-step-name: .*"P-a"/);
  });

  it("is the documented way to build a chain of generated steps: the builder variable and each step's handle, no cast", () => {
    let builder: PipelineBuilder<{ readonly Input: "String" }> = pipeline("Chain").assets({ bucket: "my-bucket" }).param("Input", "String");
    let previous: PipelineValue<string> | undefined;
    for (let i = 0; i < 3; i++) {
      builder = builder.add(({ params }) => {
        const step = processingStep(`Step${i}`, { ...job, inputs: { data: previous ?? params.Input }, outputs: { out: "/opt/ml/processing/out" } });
        previous = step.handle.outputs.out;
        return step;
      });
    }
    const steps = stepsOf(builder);
    const inputs = steps.map((s) => (s.Arguments.ProcessingInputs as { S3Input: { S3Uri: unknown } }[])[0]?.S3Input.S3Uri);
    expect(inputs).toEqual([{ Get: "Parameters.Input" }, { Get: "Steps.Step0.ProcessingOutputConfig.Outputs['out'].S3Output.S3Uri" }, { Get: "Steps.Step1.ProcessingOutputConfig.Outputs['out'].S3Output.S3Uri" }]);
  });
});
