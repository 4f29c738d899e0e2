import { describe, expect, it } from "vitest";
import { CompileError, compile, createStepNode, type PipelineNode, type StepNode } from "sagepipe";

// compile checks the types of the expressions in typed fields (string coercion, then the rules),
// with each field's path from its step: an issue names the field at the step's place in Steps,
// whatever comes before it (branch steps, which the steps' index lists between top-level steps).

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/proc:1";
const processing = (instanceCount: unknown) => ({
  ProcessingResources: { ClusterConfig: { InstanceCount: instanceCount, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
  AppSpecification: { ImageUri: image },
  RoleArn: role,
});
const top = (node: StepNode) => ({ node, placement: { kind: "top" as const }, follows: [] });
const branch = (node: StepNode, condition: string, which: "if" | "else") => ({ node, placement: { kind: "branch" as const, condition, branch: which }, follows: [] });

function issuesOf(node: PipelineNode): Array<[string, string, string | undefined]> {
  try {
    compile(node);
  } catch (caught) {
    if (caught instanceof CompileError) return caught.issues.map((issue) => [issue.code, issue.jsonPath, issue.step]);
    throw caught;
  }
  return [];
}

describe("where compile reports a typed field's issue", () => {
  it("at the step's own place in Steps, after a Condition step and its branch steps", () => {
    const mismatch = { Get: "Parameters.Kind" };
    const condition = createStepNode("Check", "Condition", { Conditions: [{ Type: "Equals", LeftValue: { Get: "Parameters.Kind" }, RightValue: "a" }] });
    const node: PipelineNode = {
      name: "Paths",
      parameters: [{ Name: "Kind", Type: "String", DefaultValue: "a" }],
      steps: [
        top(createStepNode("First", "Processing", processing(1))),
        top(condition),
        branch(createStepNode("Yes", "Processing", processing(mismatch)), "Check", "if"),
        branch(createStepNode("No", "Processing", processing(2)), "Check", "else"),
        top(createStepNode("Last", "Processing", processing(mismatch))),
      ],
    };
    const expected = [
      ["parameter-type-mismatch", "$.Steps[1].Arguments.IfSteps[0].Arguments.ProcessingResources.ClusterConfig.InstanceCount", "Yes"],
      ["parameter-type-mismatch", "$.Steps[2].Arguments.ProcessingResources.ClusterConfig.InstanceCount", "Last"],
    ];
    expect(issuesOf(node)).toEqual(expected);
    // the same when compiled again (what is remembered of a step is kept only after a valid compile)
    expect(issuesOf(node)).toEqual(expected);
  });
});
