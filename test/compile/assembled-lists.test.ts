import { describe, expect, it } from "vitest";
import { CompileError, compile, createStepNode, execution, type PipelineNode, type StepNode } from "sagepipe";

// compile copies every list of a step's arguments into the document: a plain array by copying it
// and replacing its items (a list of its exact length), any other array (a subclass, an array with
// holes) item by item. These tests pin that both give the same document, and what a hole gives.

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/proc:1";

/** A valid CreateProcessingJob request whose container arguments are `list`. */
function processing(list: unknown[]) {
  return {
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
    AppSpecification: { ImageUri: image, ContainerArguments: list },
    RoleArn: role,
  };
}

const nodeOf = (steps: readonly StepNode[]): PipelineNode => ({
  name: "Lists",
  parameters: [],
  steps: steps.map((node) => ({ node, placement: { kind: "top" as const }, follows: [] })),
});

class Tagged<T> extends Array<T> {}

describe("lists in a step's arguments", () => {
  const items = ["--a", execution.PipelineExecutionId, "--b"];
  const plain = compile(nodeOf([createStepNode("P", "Processing", processing([...items]))]));

  it("a plain array is copied into a plain array of the same items, with its expressions made JSON", () => {
    const list = (plain.definition.Steps[0] as { Arguments: { AppSpecification: { ContainerArguments: unknown[] } } }).Arguments.AppSpecification.ContainerArguments;
    expect(Object.getPrototypeOf(list)).toBe(Array.prototype);
    expect(list).toEqual(["--a", { Get: "Execution.PipelineExecutionId" }, "--b"]);
    expect(plain.json).toContain('"ContainerArguments":["--a",{"Get":"Execution.PipelineExecutionId"},"--b"]');
  });

  it("an Array subclass compiles to the same bytes, as a plain array", () => {
    const tagged = Tagged.from(items);
    expect(tagged).toBeInstanceOf(Tagged);
    const compiled = compile(nodeOf([createStepNode("P", "Processing", processing(tagged))]));
    expect(compiled.json).toBe(plain.json);
    const list = (compiled.definition.Steps[0] as { Arguments: { AppSpecification: { ContainerArguments: unknown[] } } }).Arguments.AppSpecification.ContainerArguments;
    expect(Object.getPrototypeOf(list)).toBe(Array.prototype);
  });

  it("a hole in a list is an issue at its index, as an undefined item is", () => {
    const holey = ["--a", "--b"];
    holey[3] = "--c";
    for (const list of [holey, ["--a", "--b", undefined, "--c"]]) {
      const error = (() => {
        try {
          compile(nodeOf([createStepNode("P", "Processing", processing(list))]));
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(CompileError);
      expect((error as CompileError).issues.map((issue) => issue.jsonPath)).toContain("$.Steps[0].Arguments.AppSpecification.ContainerArguments[2]");
    }
  });
});

describe("two steps of one name in a node made by hand", () => {
  it("is a duplicate-step-name issue, as before", () => {
    const first = createStepNode("Same", "Processing", processing(["--first"]));
    const second = createStepNode("Same", "Processing", processing(["--second"]));
    const error = (() => {
      try {
        compile(nodeOf([first, second]));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })() as CompileError;
    expect(error).toBeInstanceOf(CompileError);
    expect(error.issues.map(({ code, jsonPath }) => ({ code, jsonPath }))).toEqual([{ code: "duplicate-step-name", jsonPath: "$.Steps[1].Name" }]);
  });
});

describe("objects in a step's arguments", () => {
  const environment = (make: () => Record<string, unknown>) => {
    const env = make();
    env.A = "1";
    env.B = { "Std:JsonGet": { PropertyFile: { Get: "Steps.Q.PropertyFiles.f" }, Path: "x" } };
    env.C = { "Std:Join": { On: "", Values: [{ "Std:JsonGet": { PropertyFile: { Get: "Steps.Q.PropertyFiles.f" }, Path: "y" } }] } };
    return env;
  };
  const withEnvironment = (env: Record<string, unknown>) => ({ ...processing(["--a"]), Environment: env });

  it("an object without a prototype compiles to the same bytes as a plain one", () => {
    const make = (empty: () => Record<string, unknown>) => {
      const env = empty();
      env.A = "1";
      env.B = { "Std:Join": { On: "", Values: ["a", { Get: "Execution.PipelineExecutionId" }] } };
      return env;
    };
    const plain = compile(nodeOf([createStepNode("P", "Processing", withEnvironment(make(() => ({}))))]));
    const bare = compile(nodeOf([createStepNode("P", "Processing", withEnvironment(make(() => Object.create(null) as Record<string, unknown>)))]));
    expect(bare.json).toBe(plain.json);
    expect(plain.json).toContain('"Environment":{"A":"1","B":{"Std:Join":{"On":"","Values":["a",{"Get":"Execution.PipelineExecutionId"}]}}}');
  });

  it("every Std:JsonGet is counted against the quota, however it is nested", () => {
    const error = (() => {
      try {
        compile(nodeOf([createStepNode("P", "Processing", withEnvironment(environment(() => ({}))))]), { quotas: { maxJsonGet: 1 } });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })() as CompileError;
    expect(error).toBeInstanceOf(CompileError);
    expect(error.issues.find((issue) => issue.code === "too-many-json-get")?.message).toMatch(/uses Std:JsonGet 2 times; the limit is 1/);
  });
});
