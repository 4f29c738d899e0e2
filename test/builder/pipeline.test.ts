import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as zm from "zod/mini";
import { CompileError, SagepipeError, execution, failStep, join, pipeline, processingStep, type ProcessingOptions } from "sagepipe";
import { sagepipeErrorOf } from "../support/errors.js";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const job = <const O extends Partial<ProcessingOptions>>(extra?: O) => ({
  image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/proc:1",
  role,
  instanceType: "ml.m5.xlarge",
  ...(extra as O),
});
const base = pipeline("Demo").assets({ bucket: "my-bucket" }).param("Input", "String", { default: "s3://my-bucket/in/" });
const stepNames = (steps: readonly { Name: string }[]) => steps.map((s) => s.Name);

describe("pipeline builder", () => {
  it("is immutable: a shared base branches into two pipelines that do not see each other's steps", () => {
    const before = base.compile().json;
    const a = base.process("A", job());
    const b = base.process("B", job());
    expect(stepNames(a.compile().definition.Steps)).toEqual(["A"]);
    expect(stepNames(b.compile().definition.Steps)).toEqual(["B"]);
    expect(base.compile().json).toBe(before);
    expect(Object.isFrozen(a.toNode())).toBe(true);
    expect(Object.isFrozen(a.toNode().steps[0]?.node)).toBe(true);
  });

  it("keeps branches apart however they interleave: each sees its base's steps and its own, never a sibling's", () => {
    const shared = base.process("A", job());
    const left = shared.process("L1", job());
    const right = shared.process("R1", job());
    // the left branch grows after the right one was made from the same base, and the other way round
    const left2 = left.process("L2", ({ steps }) => job({ inputs: { a: steps.A.properties.ProcessingJobArn, l: steps.L1.properties.ProcessingJobArn } }));
    const right2 = right.process("R2", job());
    // a name taken in one branch is free in another
    const leftX = left2.process("X", job());
    const rightX = right2.process("X", job());
    const sharedX = shared.process("X", job());
    expect(stepNames(leftX.compile().definition.Steps)).toEqual(["A", "L1", "L2", "X"]);
    expect(stepNames(rightX.compile().definition.Steps)).toEqual(["A", "R1", "R2", "X"]);
    expect(stepNames(sharedX.compile().definition.Steps)).toEqual(["A", "X"]);
    expect(stepNames(shared.compile().definition.Steps)).toEqual(["A"]);
    expect(stepNames(left.compile().definition.Steps)).toEqual(["A", "L1"]);
    // a sibling's step is not in the build context, nor taken as a name
    expect(() => right2.process("Y", ({ steps }) => job({ inputs: { l: (steps as unknown as Record<string, typeof steps.A>).L1?.properties.ProcessingJobArn ?? "s3://never/" } }))).toThrow(
      /step "L1" is not in pipeline "Demo" yet: add it before the steps that reference it \(known: A, R1, R2\)/,
    );
    expect(() => leftX.process("L1", job())).toThrow(/already has a step named "L1"/);
    expect(() => rightX.process("L1", job())).not.toThrow();
  });

  it("fans in over every step so far with after: Object.keys(steps)", () => {
    const { definition } = base
      .process("A", { ...job(), after: [] })
      .process("B", { ...job(), after: [] })
      .process("C", { ...job(), after: [] })
      .process("Report", ({ steps }) => ({ ...job(), after: Object.keys(steps) }))
      .compile();
    expect(definition.Steps.map((step) => [step.Name, step.DependsOn])).toEqual([
      ["A", undefined],
      ["B", undefined],
      ["C", undefined],
      ["Report", ["A", "B", "C"]],
    ]);
  });

  it("gives the build context its steps as a read-only object, listed in order", () => {
    let seen: string[] = [];
    let written = true;
    let shown = "";
    base
      .process("A", job())
      .process("B", job())
      .process("C", ({ steps }) => {
        seen = Object.keys(steps);
        expect("A" in steps && "B" in steps && !("C" in steps)).toBe(true);
        expect({ ...steps }.B).toBe(steps.B);
        written = Reflect.set(steps, "D", steps.A);
        expect(() => Object.freeze(steps)).toThrow(TypeError);
        expect(Object.keys(steps)).toEqual(["A", "B"]);
        shown = inspect(steps);
        return job();
      });
    expect(seen).toEqual(["A", "B"]);
    expect(written).toBe(false);
    expect(shown).toMatch(/^\{\s+A: .*\bB: /s);
  });

  it("emits the Python SDK envelope: Version, Metadata, Parameters, default experiment config", () => {
    const { definition } = base.process("A", job()).compile();
    expect(definition.Version).toBe("2020-12-01");
    expect(definition.Metadata).toEqual({});
    expect(definition.Parameters).toEqual([{ Name: "Input", Type: "String", DefaultValue: "s3://my-bucket/in/" }]);
    expect(definition.PipelineExperimentConfig).toEqual({
      ExperimentName: { Get: "Execution.PipelineName" },
      TrialName: { Get: "Execution.PipelineExecutionId" },
    });
    expect(base.experimentConfig(null).process("A", job()).compile().definition.PipelineExperimentConfig).toBeNull();
  });

  it("is deterministic: the same pipeline compiles to byte-identical JSON", () => {
    const build = () => base.process("A", job({ environment: { B: "2", A: 1 } })).fail("Stop", join`stopped at ${execution.CurrentDateTime}`);
    expect(build().compile().json).toBe(build().compile().json);
  });

  describe("sequencing", () => {
    it("runs each step of the chain after the previous one: DependsOn only where no data reference orders them", () => {
      const { definition } = base
        .process("A", job())
        .process("B", job())
        .process("C", ({ steps }) => job({ inputs: { fromB: steps.B.properties.ProcessingJobArn } }))
        .compile();
      const [a, b, c] = definition.Steps;
      expect(a).not.toHaveProperty("DependsOn");
      expect(b?.DependsOn).toEqual(["A"]);
      expect(c).not.toHaveProperty("DependsOn");
    });

    it("does not repeat an order that data references already give transitively", () => {
      const { definition } = base
        .process("A", job({ outputs: { out: "/opt/ml/processing/out" } }))
        .process("B", ({ steps }) => job({ inputs: { a: steps.A.outputs.out } }))
        .process("C", ({ steps }) => job({ inputs: { a: steps.A.outputs.out }, dependsOn: [steps.B] }))
        .compile();
      expect(definition.Steps[2]?.DependsOn).toEqual(["B"]);
    });

    it("builds fan-out and fan-in with after", () => {
      const { definition } = base
        .process("Prepare", job({ outputs: { data: "/opt/ml/processing/data" } }))
        .add(({ steps }) => ({ ...processingStep("TrainA", job({ inputs: { d: steps.Prepare.outputs.data } })), after: ["Prepare"] }))
        .add(({ steps }) => ({ ...processingStep("TrainB", job({ inputs: { d: steps.Prepare.outputs.data } })), after: ["Prepare"] }))
        .add({ ...processingStep("Compare", job()), after: ["TrainA", "TrainB"] })
        .compile();
      const dependsOn = Object.fromEntries(definition.Steps.map((s) => [s.Name, s.DependsOn ?? []]));
      expect(dependsOn).toEqual({ Prepare: [], TrainA: [], TrainB: [], Compare: ["TrainA", "TrainB"] });
    });

    it("takes after in a step's options too", () => {
      const { definition } = base
        .process("A", job())
        .process("B", job({ after: [] }))
        .process("C", job({ after: ["A", "B"] }))
        .compile();
      expect(definition.Steps.map((s) => s.DependsOn ?? [])).toEqual([[], [], ["A", "B"]]);
    });

    it("starts an independent step with after: []", () => {
      const { definition } = base.process("A", job()).add({ ...processingStep("B", job()), after: [] }).compile();
      expect(definition.Steps[1]).not.toHaveProperty("DependsOn");
    });
  });

  describe("conditions", () => {
    it("checks a property file's paths against its schema at run time too, zod or zod mini", () => {
      for (const schema of [z.object({ metrics: z.object({ accuracy: z.number() }) }), zm.object({ metrics: zm.object({ accuracy: zm.number() }) })]) {
        base
          .process("Evaluate", job({ outputs: { report: "/opt/ml/processing/report" }, propertyFiles: { metrics: { output: "report", path: "m.json", schema } } }))
          .when("Check", ({ steps }) => {
            expect(() => (steps.Evaluate.propertyFiles.metrics.get as (path: string) => unknown)("metrics.acuracy")).toThrow(
              expect.objectContaining({ code: "invalid-json-path", message: 'property file "metrics" of "Evaluate" has no "metrics.acuracy" in its schema' }),
            );
            return steps.Evaluate.propertyFiles.metrics.get("metrics.accuracy").gte(0.5);
          })
          .compile();
      }
    });

    it("nests the steps after when() in IfSteps and after otherwise() in ElseSteps", () => {
      const { definition } = base
        .param("Threshold", "Float", { default: 0.8 })
        .process("Evaluate", job({ outputs: { report: "/opt/ml/processing/report" }, propertyFiles: { metrics: { output: "report", path: "m.json" } } }))
        .when("Check", ({ steps, params }) => steps.Evaluate.propertyFiles.metrics.get("accuracy").gte(params.Threshold))
        .process("Deploy", job())
        .process("Notify", job())
        .otherwise(({ params }) => failStep("TooLow", join`accuracy below ${params.Threshold}`))
        .compile();
      expect(stepNames(definition.Steps)).toEqual(["Evaluate", "Check"]);
      const check = definition.Steps[1];
      if (check?.Type !== "Condition") throw new Error("expected a condition");
      expect(check.Arguments.Conditions).toEqual([
        {
          Type: "GreaterThanOrEqualTo",
          LeftValue: { "Std:JsonGet": { PropertyFile: { Get: "Steps.Evaluate.PropertyFiles.metrics" }, Path: "accuracy" } },
          RightValue: { Get: "Parameters.Threshold" },
        },
      ]);
      expect(stepNames(check.Arguments.IfSteps)).toEqual(["Deploy", "Notify"]);
      expect(check.Arguments.IfSteps[0]).not.toHaveProperty("DependsOn");
      expect(check.Arguments.IfSteps[1]?.DependsOn).toEqual(["Deploy"]);
      expect(check.Arguments.ElseSteps).toEqual([
        { Name: "TooLow", Type: "Fail", Arguments: { ErrorMessage: { "Std:Join": { On: "", Values: ["accuracy below ", { Get: "Parameters.Threshold" }] } } } },
      ]);
    });

    it("puts a step after end() back at the top level, after the condition", () => {
      const { definition } = base
        .param("Go", "Boolean", { default: true })
        .when("Check", ({ params }) => params.Go.eq(true))
        .process("Then", job())
        .end()
        .process("After", job())
        .compile();
      expect(stepNames(definition.Steps)).toEqual(["Check", "After"]);
      expect(definition.Steps[1]?.DependsOn).toEqual(["Check"]);
    });

    it("rejects a nested when() and an otherwise() without when()", () => {
      const open = base.param("Go", "Boolean").when("Check", ({ params }) => params.Go.eq(true));
      expect(() => open.when("Inner", ({ params }) => params.Go.eq(false))).toThrow(/nested conditions/);
      expect(() => base.otherwise()).toThrow(SagepipeError);
      expect(() => base.end()).toThrow(/none is open/);
    });
  });

  describe("mistakes are caught while building", () => {
    it("rejects duplicate step names", () => {
      expect(() => base.process("A", job()).process("A", job())).toThrow(/already has a step named "A"/);
    });

    it("rejects a reference to a step that is not there yet, and an undeclared parameter", () => {
      const untyped = base as unknown as { process(name: string, build: (ctx: { steps: Record<string, unknown>; params: Record<string, unknown> }) => unknown): unknown };
      expect(() => untyped.process("A", ({ steps }) => job({ inputs: { x: steps.Missing as string } }))).toThrow(/step "Missing" is not in pipeline "Demo"/);
      expect(() => untyped.process("A", ({ params }) => job({ inputs: { x: params.Nope as string } }))).toThrow(/parameter "Nope" is not declared/);
    });

    it("rejects a misspelled property path at run time too", () => {
      const untyped = base.process("A", job()) as unknown as { process(name: string, build: (ctx: { steps: { A: { properties: Record<string, unknown> } } }) => unknown): unknown };
      expect(() => untyped.process("B", ({ steps }) => job({ inputs: { x: steps.A.properties.ProcessingJobArm as string } }))).toThrow(
        /Processing step "A" has no property "ProcessingJobArm"/,
      );
    });

    it("rejects parameters with a bad name, type or default", () => {
      expect(() => base.param("bad name", "String")).toThrow(/parameter name/);
      expect(() => base.param("N", "Integer", { default: 1.5 })).toThrow(/is Integer but its default is 1.5/);
      expect(() => base.param("Input", "String")).toThrow(/already declared/);
    });

    it("rejects a pipeline name SageMaker would reject", () => {
      expect(() => pipeline("my_pipeline")).toThrow(/pipeline name "my_pipeline"/);
    });

    it("refuses to turn a pipeline value into text", () => {
      expect(() => `${execution.PipelineExecutionId}`).toThrow(/use the join`...` tag/);
    });

    it("throws a CompileError listing every issue when the definition is invalid", () => {
      const broken = base.process("A", job({ instanceCount: 0, dependsOn: ["Nowhere"] }));
      try {
        broken.compile();
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(CompileError);
        const codes = (error as CompileError).issues.map((i) => i.code).sort();
        expect(codes).toEqual(["too-small", "unknown-dependency"]);
      }
    });
  });

  describe("local code", () => {
    it("names a content-addressed S3 location and lists the asset for upload", () => {
      const dir = mkdtempSync(joinPath(tmpdir(), "sagepipe-code-"));
      writeFileSync(joinPath(dir, "run.py"), "print('v1')\n");
      const build = () => base.process("A", job({ code: "./run.py" })).compile({ baseDir: dir });
      const first = build();
      expect(first.assets).toHaveLength(1);
      const asset = first.assets[0];
      expect(asset?.s3Uri).toMatch(/^s3:\/\/my-bucket\/sagepipe\/[0-9a-f]{64}\/run\.py$/);
      const step = first.definition.Steps[0];
      if (step?.Type !== "Processing") throw new Error("expected processing");
      expect(step.Arguments.AppSpecification.ContainerEntrypoint).toEqual(["python3", "/opt/ml/processing/input/code/run.py"]);
      expect(step.Arguments.ProcessingInputs?.[0]?.S3Input?.S3Uri).toBe(asset?.s3Uri);
      expect(build().json).toBe(first.json);
      writeFileSync(joinPath(dir, "run.py"), "print('v2')\n");
      expect(build().assets[0]?.s3Uri).not.toBe(asset?.s3Uri);
    });

    it("needs an asset location, and the code to exist", () => {
      expect(() => pipeline("NoBucket").process("A", job({ code: "./run.py" })).compile()).toThrow(/add \.assets\(\{ bucket/);
      expect(() => base.process("A", job({ code: "./missing.py" })).compile({ baseDir: tmpdir() })).toThrow(/does not exist/);
    });
  });
});

describe("add() with something that is not a step", () => {
  it("says what add() takes instead of failing deep inside", () => {
    const notAStep = { name: "X" } as unknown as Parameters<ReturnType<typeof pipeline>["add"]>[0];
    expect(() => pipeline("P").add(notAStep)).toThrow(/add\(\) on pipeline "P" takes a step made by a step function .*; got an object with keys name/);
    expect(() => pipeline("P").add((() => undefined) as unknown as typeof notAStep)).toThrow(/got undefined/);
  });
});

describe(".assets(): where local code goes", () => {
  const step = processingStep("Run", { image: "img", role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", code: "/etc/hostname" });
  const uriWith = (location: unknown) => pipeline("P").assets(location as { bucket: string }).add(step).compile().assets[0]?.s3Uri;

  it("bucket and prefix name the location", () => {
    expect(uriWith({ bucket: "my-bucket", prefix: "team/code" })).toMatch(/^s3:\/\/my-bucket\/team\/code\/[0-9a-f]{64}\/hostname$/);
    expect(uriWith({ bucket: "my-bucket" })).toMatch(/^s3:\/\/my-bucket\/sagepipe\/[0-9a-f]{64}\/hostname$/);
  });

  it("refuses an unknown key (a typo was dropped, and the code went to the default prefix), a missing or non-string bucket (it compiled to s3://undefined/...), and a prefix that is not a string", () => {
    const messageOf = (location: unknown) => sagepipeErrorOf(() => uriWith(location));
    expect(messageOf({ bucket: "my-bucket", prefx: "team" })).toMatch(/^unknown-option: pipeline "P": assets: unknown option "prefx"\. Did you mean "prefix"\?/);
    expect(messageOf({ Bucket: "my-bucket" })).toMatch(/^unknown-option: pipeline "P": assets: unknown option "Bucket"/);
    expect(messageOf({})).toBe('invalid-asset: pipeline "P": assets: undefined is not an S3 bucket name (bucket: "my-bucket")');
    expect(messageOf({ bucket: 12 })).toBe('invalid-asset: pipeline "P": assets: a number is not an S3 bucket name (bucket: "my-bucket")');
    expect(messageOf({ bucket: "My_Bucket" })).toBe('invalid-asset: pipeline "P": assets: "My_Bucket" is not an S3 bucket name (bucket: "my-bucket")');
    expect(messageOf({ bucket: "my-bucket", prefix: 7 })).toBe('invalid-asset: pipeline "P": assets: prefix must be a string (a key prefix such as "sagepipe/code"), got a number');
    expect(messageOf("my-bucket")).toMatch(/^invalid-options: pipeline "P": assets needs an options object/);
  });
});
