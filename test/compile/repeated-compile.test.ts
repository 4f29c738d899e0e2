import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CompileError,
  compile,
  createStepNode,
  execution,
  failStep,
  join,
  lambdaStep,
  pipeline,
  safeValidateDefinition,
  validateDefinition,
  type PipelineNode,
  type StepNode,
} from "sagepipe";

// compile remembers the steps of a pipeline it compiled (by step node, checked against their JSON
// text) so that compiling the same pipeline again skips the schema work. These tests prove the cache changes
// nothing: the same bytes the first time and every time after, every pipeline around a shared step
// compiled as itself, and a step whose arguments changed compiled (or rejected) as it is now.

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/proc:1";
const job = { image, role, instanceType: "ml.m5.xlarge" } as const;

/** A pipeline with what the compiler rewrites: string coercion, branches, DependsOn, outputs. */
function rich() {
  return pipeline("Rich")
    .assets({ bucket: "my-bucket" })
    .param("Epochs", "Integer", { default: 3 })
    .param("Threshold", "Float", { default: 0.8 })
    .param("Region", "String", { default: "us-east-1" })
    .process("Prepare", ({ params }) => ({ ...job, environment: { EPOCHS: params.Epochs, REGION: params.Region, N: 1 }, outputs: { data: "/opt/ml/processing/out" } }))
    .train("Train", ({ params, steps }) => ({
      ...job,
      inputs: { train: steps.Prepare.outputs.data },
      hyperparameters: { epochs: params.Epochs, lr: params.Threshold, depth: 5 },
      metrics: { accuracy: "acc=(.*)" },
    }))
    .when("Good", ({ params, steps }) => [steps.Train.metrics.accuracy.gte(params.Threshold), execution.StartDateTime.gt("2020-01-01")])
    .add(lambdaStep("Notify", { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:notify", inputs: { epochs: 1 }, outputs: { status: "String" } }))
    .otherwise(({ params }) => failStep("Bad", join`accuracy below ${params.Threshold}`))
    .process("After", { ...job, environment: { RUN: execution.PipelineExecutionId } });
}

/** A valid CreateProcessingJob request as a plain, mutable object. */
function processingArguments() {
  return {
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
    AppSpecification: { ImageUri: image } as Record<string, unknown>,
    RoleArn: role as unknown,
  };
}

const nodeOf = (name: string, steps: readonly StepNode[], parameters: PipelineNode["parameters"] = []): PipelineNode => ({
  name,
  parameters,
  steps: steps.map((node) => ({ node, placement: { kind: "top" as const }, follows: [] })),
});

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

describe("compiling the same pipeline again", () => {
  it("gives the same bytes every time, the text of the frozen definition, which validates", () => {
    const built = rich();
    const first = compile(built);
    for (let i = 0; i < 3; i++) {
      const again = compile(built);
      expect(again.json).toBe(first.json);
      expect(again.definition).toEqual(first.definition);
      expect(JSON.stringify(again.definition)).toBe(again.json);
      expect(isDeepFrozen(again.definition)).toBe(true);
      expect(validateDefinition(JSON.parse(again.json))).toEqual(validateDefinition(JSON.parse(first.json)));
    }
    // what the compiler rewrote is still there
    expect(first.json).toContain('"EPOCHS":{"Std:Join":{"On":"","Values":[{"Get":"Parameters.Epochs"}]}}');
    expect(first.json).toContain('"REGION":{"Get":"Parameters.Region"}');
  });

  it("returns a frozen result whose definition is the same deep-frozen object every time it is read", () => {
    const result = compile(rich());
    expect(Object.isFrozen(result)).toBe(true);
    expect(() => {
      (result as { json: string }).json = "{}";
    }).toThrow(TypeError);
    const { name, definition, json, assets, assetLocation } = result;
    expect(name).toBe("Rich");
    expect(assets).toEqual([]);
    expect(definition).toBe(result.definition);
    expect(isDeepFrozen(definition)).toBe(true);
    expect(JSON.stringify(definition)).toBe(json);
    // a plain record of its fields (the asset location since the pipeline declares one): spreads, JSON and clones see the definition too
    expect(assetLocation).toBeDefined();
    expect(Object.keys(result)).toEqual(["name", "definition", "json", "assets", "assetLocation"]);
    expect({ ...result }.definition).toBe(definition);
    expect(JSON.parse(JSON.stringify(result))).toEqual({ name, definition: JSON.parse(json), json, assets, assetLocation });
    expect(structuredClone(result).definition).toEqual(definition);
    expect(new Proxy(result, {}).definition).toBe(definition);
  });

  it("gives the same bytes as the first compile of a freshly built copy", () => {
    const built = rich();
    compile(built);
    expect(compile(built).json).toBe(compile(rich()).json);
  });

  it("compiles a step shared by two pipelines as each pipeline has it", () => {
    const step = createStepNode("Shared", "Processing", { ...processingArguments(), Environment: { N: { Get: "Parameters.N" } } });
    const asInteger = nodeOf("A", [step], [{ Name: "N", Type: "Integer" }]);
    const asString = nodeOf("B", [step], [{ Name: "N", Type: "String" }]);
    const a = compile(asInteger).json;
    const b = compile(asString).json;
    expect(a).toContain('"N":{"Std:Join":{"On":"","Values":[{"Get":"Parameters.N"}]}}');
    expect(b).toContain('"N":{"Get":"Parameters.N"}');
    for (let i = 0; i < 2; i++) {
      expect(compile(asInteger).json).toBe(a);
      expect(compile(asString).json).toBe(b);
    }
  });

  it("compiles an unchanged step again when the pipeline around it changed", () => {
    const step = createStepNode("Shared", "Processing", { ...processingArguments(), Environment: { N: { Get: "Parameters.N" } } });
    const node: { -readonly [K in keyof PipelineNode]: PipelineNode[K] } = nodeOf("Changing", [step], [{ Name: "N", Type: "Integer" }]);
    const asInteger = compile(node).json;
    expect(asInteger).toContain('"N":{"Std:Join":{"On":"","Values":[{"Get":"Parameters.N"}]}}');
    node.parameters = [{ Name: "N", Type: "String" }];
    const asString = compile(node).json;
    expect(asString).toContain('"N":{"Get":"Parameters.N"}');
    node.parameters = [{ Name: "N", Type: "Integer" }];
    expect(compile(node).json).toBe(asInteger);
    // a step placed in front moves it: the references it holds are reported at its new place
    node.steps = [{ node: createStepNode("First", "Processing", processingArguments()), placement: { kind: "top" }, follows: [] }, ...node.steps];
    node.parameters = [];
    const error = (() => {
      try {
        compile(node);
      } catch (caught) {
        return caught as CompileError;
      }
      return undefined;
    })();
    expect(error?.issues.map((issue) => [issue.code, issue.jsonPath])).toEqual([["unknown-parameter", "$.Steps[1].Arguments.Environment.N.Get"]]);
  });

  it("compiles a step whose arguments changed as they are now, and rejects them when they became invalid", () => {
    const args = processingArguments();
    const node = nodeOf("Mutable", [createStepNode("P", "Processing", args)]);
    expect(compile(node).json).toContain(image);
    expect(compile(node).json).toContain(image);

    args.AppSpecification.ImageUri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/other:2";
    expect(compile(node).json).toContain("/other:2");
    expect(compile(node).json).not.toContain(image);

    args.RoleArn = 42;
    const error = (() => {
      try {
        compile(node);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).issues.map((issue) => [issue.code, issue.jsonPath])).toEqual([["invalid-type", "$.Steps[0].Arguments.RoleArn"]]);

    args.RoleArn = role;
    expect(compile(node).json).toContain("/other:2");
  });

  it("compiles a step whose members were reordered or renamed in place as it is now, at every depth", () => {
    const args: Record<string, unknown> = { ...processingArguments(), Environment: { A: "1", B: "2" } };
    const node = nodeOf("Reordered", [createStepNode("P", "Processing", args)]);
    // what a compile of a freshly made copy of the arguments gives: nothing remembered
    const fresh = () => compile(nodeOf("Reordered", [createStepNode("P", "Processing", structuredClone(args))])).json;
    compile(node);
    expect(compile(node).json).toBe(fresh()); // remembered from here on

    // the same members in another order, two levels down: another JSON text
    const cluster = (args.ProcessingResources as { ClusterConfig: Record<string, unknown> }).ClusterConfig;
    const count = cluster.InstanceCount;
    delete cluster.InstanceCount;
    cluster.InstanceCount = count;
    expect(compile(node).json).toContain('"ClusterConfig":{"InstanceType":"ml.m5.xlarge","VolumeSizeInGB":30,"InstanceCount":1}');
    expect(compile(node).json).toBe(fresh());

    // as many members, one renamed; then one more, then one less
    const environment = args.Environment as Record<string, unknown>;
    delete environment.B;
    environment.C = "2";
    expect(compile(node).json).toContain('"Environment":{"A":"1","C":"2"}');
    expect(compile(node).json).toBe(fresh());
    environment.D = "3";
    expect(compile(node).json).toContain('"Environment":{"A":"1","C":"2","D":"3"}');
    delete environment.A;
    expect(compile(node).json).toContain('"Environment":{"C":"2","D":"3"}');
    expect(compile(node).json).toBe(fresh());

    // the step's top-level members swapped
    delete args.AppSpecification;
    args.AppSpecification = { ImageUri: image };
    expect(compile(node).json).toBe(fresh());
    expect(compile(node).json.indexOf('"AppSpecification"')).toBeGreaterThan(compile(node).json.indexOf('"Environment"'));
  });

  it("still rejects a value JSON cannot hold, where the JSON text is the same as an earlier valid compile's", () => {
    const args = processingArguments();
    const node = nodeOf("Odd", [createStepNode("P", "Processing", args)]);
    compile(node);
    const valid = compile(node).json; // remembered from here on
    // JSON.stringify drops a function: the text does not change, the document does
    args.AppSpecification.ContainerEntrypoint = () => ["python3"];
    expect(JSON.stringify(args)).toBe(JSON.stringify(processingArguments()));
    expect(() => compile(node)).toThrow(CompileError);
    delete args.AppSpecification.ContainerEntrypoint;
    expect(compile(node).json).toBe(valid);
  });

  it("hashes local code again: an edited script gets its new content address", () => {
    const dir = mkdtempSync(joinPath(tmpdir(), "sagepipe-recompile-"));
    writeFileSync(joinPath(dir, "step.py"), "print('one')\n");
    const built = pipeline("Code").assets({ bucket: "my-bucket" }).process("P", { ...job, code: "step.py" });
    const before = compile(built, { baseDir: dir });
    expect(compile(built, { baseDir: dir }).json).toBe(before.json);
    writeFileSync(joinPath(dir, "step.py"), "print('two')\n");
    const after = compile(built, { baseDir: dir });
    expect(after.json).not.toBe(before.json);
    expect(after.assets[0]?.sha256).not.toBe(before.assets[0]?.sha256);
    expect(after.json).toContain(after.assets[0]?.s3Uri ?? "missing");
  });

  it("reports every issue of an invalid pipeline, the same each time", () => {
    const bad = pipeline("Bad")
      .param("Epochs", "Integer")
      .process("P", ({ params }) => ({ ...job, instanceCount: 0, environment: { E: params.Epochs } }))
      .process("Q", { ...job, dependsOn: ["Missing"] });
    const issues = () => {
      try {
        compile(bad);
      } catch (error) {
        return (error as CompileError).issues;
      }
      return [];
    };
    const first = issues();
    expect(first.map((issue) => issue.code)).toEqual(["too-small", "unknown-dependency"]);
    expect(issues()).toEqual(first);
    // a valid pipeline sharing the steps is not affected
    expect(() => compile(pipeline("Good").process("Q", job))).not.toThrow();
  });

  it("validates in loose mode as before: unknown request members pass, and are checked again each time", () => {
    const args = { ...processingArguments(), NewApiMember: { Enabled: true } };
    const node = nodeOf("Loose", [createStepNode("P", "Processing", args)]);
    expect(() => compile(node)).toThrow(CompileError);
    const loose = compile(node, { arguments: "loose" });
    expect(compile(node, { arguments: "loose" }).json).toBe(loose.json);
    expect(safeValidateDefinition(JSON.parse(loose.json), { arguments: "loose" }).success).toBe(true);
    expect(() => compile(node)).toThrow(CompileError);
  });
});
