import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SagepipeError, compile, diffDefinitions, formatDiff, pipeline, type ProcessingOptions } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/proc:1";
const job = (extra?: Partial<ProcessingOptions>) => ({ image, role, instanceType: "ml.m5.xlarge", ...extra });
const base = pipeline("Demo").assets({ bucket: "my-bucket" }).param("Input", "String", { default: "s3://my-bucket/in/" });
const churnText = readFileSync(join(__dirname, "../golden/churn.json"), "utf8");

/** A fresh copy of the churn golden definition, to edit. */
const churn = () => JSON.parse(churnText) as { Steps: Record<string, unknown>[] } & Record<string, unknown>;

function conditionArguments(document: ReturnType<typeof churn>) {
  const condition = document.Steps.find((step) => step.Name === "CheckAccuracy");
  return condition?.Arguments as { IfSteps: Record<string, unknown>[]; ElseSteps: Record<string, unknown>[] };
}

describe("diffDefinitions", () => {
  it("finds nothing between two compilations of the same pipeline", () => {
    const build = () => base.process("A", job()).train("Train", { image, role, instanceType: "ml.m5.xlarge", hyperparameters: { epochs: 300 } });
    const diff = diffDefinitions(compile(build()).definition, compile(build()).definition);
    expect(diff).toEqual({
      changed: false,
      steps: { added: [], removed: [], changed: [] },
      parameters: { added: [], removed: [], changed: [] },
      other: [],
    });
    expect(formatDiff(diff)).toBe("no changes");
  });

  it("ignores the order of steps, parameters and keys", () => {
    const reordered = churn();
    reordered.Steps.reverse();
    (reordered.Parameters as unknown[]).reverse();
    const shuffled = Object.fromEntries(Object.entries(reordered).reverse());
    expect(diffDefinitions(churnText, shuffled).changed).toBe(false);
  });

  it("reports steps added and removed, with their type", () => {
    const before = compile(base.process("A", job()).process("B", job())).definition;
    const after = compile(base.process("A", job()).lambda("C", { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:c" })).definition;
    const diff = diffDefinitions(before, after);
    expect(diff.changed).toBe(true);
    expect(diff.steps.added).toEqual([{ name: "C", type: "Lambda", placement: "top level" }]);
    expect(diff.steps.removed).toEqual([{ name: "B", type: "Processing", placement: "top level" }]);
    expect(diff.steps.changed).toEqual([]);
  });

  it("reports a changed argument at its exact path", () => {
    const train = (epochs: string) => base.train("Train", { image, role, instanceType: "ml.m5.xlarge", hyperparameters: { epochs } });
    const diff = diffDefinitions(compile(train("300")).definition, compile(train("400")).definition);
    expect(diff.steps.changed).toEqual([
      {
        name: "Train",
        type: "Training",
        changes: [
          {
            path: ["Arguments", "HyperParameters", "epochs"],
            pathText: "Arguments.HyperParameters.epochs",
            kind: "changed",
            before: "300",
            after: "400",
          },
        ],
      },
    ]);
  });

  it("matches named list items by name: an inserted input is the only change", () => {
    const before = compile(base.process("P", job({ inputs: { raw: "s3://b/raw/", code: "s3://b/code/" } }))).definition;
    const after = compile(base.process("P", job({ inputs: { raw: "s3://b/raw/", extra: "s3://b/extra/", code: "s3://b/code/" } }))).definition;
    const [step] = diffDefinitions(before, after).steps.changed;
    expect(step?.changes).toEqual([
      {
        path: ["Arguments", "ProcessingInputs", "extra"],
        pathText: "Arguments.ProcessingInputs['extra']",
        kind: "added",
        after: expect.objectContaining({ InputName: "extra", S3Input: expect.objectContaining({ S3Uri: "s3://b/extra/" }) }),
      },
    ]);
  });

  it("addresses a change inside a named item by the item's name", () => {
    const after = churn();
    const preprocess = after.Steps[0] as { Arguments: { ProcessingInputs: { S3Input: { S3Uri: unknown } }[] } };
    const code = preprocess.Arguments.ProcessingInputs[1];
    if (code === undefined) throw new Error("expected the code input");
    code.S3Input.S3Uri = "s3://my-sagepipe-bucket/churn/new/preprocess.mjs";
    const [change] = diffDefinitions(churnText, after).steps.changed[0]?.changes ?? [];
    expect(change?.path).toEqual(["Arguments", "ProcessingInputs", "code", "S3Input", "S3Uri"]);
    expect(change?.pathText).toBe("Arguments.ProcessingInputs['code'].S3Input.S3Uri");
  });

  it("compares other arrays item by item", () => {
    const before = compile(base.process("P", job({ entrypoint: ["python3", "a.py"] }))).definition;
    const after = compile(base.process("P", job({ entrypoint: ["python3", "b.py", "--fast"] }))).definition;
    expect(diffDefinitions(before, after).steps.changed[0]?.changes).toEqual([
      { path: ["Arguments", "AppSpecification", "ContainerEntrypoint", 1], pathText: "Arguments.AppSpecification.ContainerEntrypoint[1]", kind: "changed", before: "a.py", after: "b.py" },
      { path: ["Arguments", "AppSpecification", "ContainerEntrypoint", 2], pathText: "Arguments.AppSpecification.ContainerEntrypoint[2]", kind: "added", after: "--fast" },
    ]);
  });

  it("compares DependsOn as a set", () => {
    const withDependsOn = (dependsOn: string[]) => {
      const document = churn();
      (document.Steps[1] as Record<string, unknown>).DependsOn = dependsOn;
      return document;
    };
    expect(diffDefinitions(withDependsOn(["A", "B"]), withDependsOn(["B", "A"])).changed).toBe(false);
    expect(diffDefinitions(withDependsOn(["A", "B"]), withDependsOn(["B", "C"])).steps.changed[0]?.changes).toEqual([
      { path: ["DependsOn", "A"], pathText: "DependsOn['A']", kind: "removed", before: "A" },
      { path: ["DependsOn", "C"], pathText: "DependsOn['C']", kind: "added", after: "C" },
    ]);
  });

  it("reports a changed parameter default", () => {
    const withThreshold = (value: number) => compile(base.param("Threshold", "Float", { default: value }).process("A", job())).definition;
    const diff = diffDefinitions(withThreshold(0.8), withThreshold(0.9));
    expect(diff.parameters).toEqual({
      added: [],
      removed: [],
      changed: [{ name: "Threshold", changes: [{ path: ["DefaultValue"], pathText: "DefaultValue", kind: "changed", before: 0.8, after: 0.9 }] }],
    });
    expect(diff.steps.changed).toEqual([]);
  });

  it("reports parameters added and removed", () => {
    const before = compile(base.param("Old", "Integer", { default: 1 }).process("A", job())).definition;
    const after = compile(base.param("New", "Boolean", { default: true }).process("A", job())).definition;
    const { added, removed } = diffDefinitions(before, after).parameters;
    expect(added).toEqual([{ name: "New", type: "Boolean" }]);
    expect(removed).toEqual([{ name: "Old", type: "Integer" }]);
  });

  it("reports a step moved into a condition branch as a change of placement, and the branch's new name", () => {
    const before = churn();
    const branch = conditionArguments(before).IfSteps;
    const deploy = branch.pop();
    if (deploy === undefined) throw new Error("expected DeployModel in IfSteps");
    before.Steps.push(deploy);
    const diff = diffDefinitions(before, churnText);
    expect(diff.steps.added).toEqual([]);
    expect(diff.steps.removed).toEqual([]);
    expect(diff.steps.changed).toEqual([
      {
        name: "CheckAccuracy",
        type: "Condition",
        changes: [{ path: ["Arguments", "IfSteps", "DeployModel"], pathText: "Arguments.IfSteps['DeployModel']", kind: "added", after: "DeployModel" }],
      },
      {
        name: "DeployModel",
        type: "Lambda",
        changes: [{ path: ["(placement)"], pathText: "(placement)", kind: "changed", before: "top level", after: "CheckAccuracy.IfSteps" }],
      },
    ]);
  });

  it("builds the move from pipelines too: the step leaves the top level for IfSteps", () => {
    const before = base.process("Evaluate", job()).process("Deploy", job()).when("Check", ({ params }) => params.Input.eq("go")).process("Notify", job()).end();
    const after = base.process("Evaluate", job()).when("Check", ({ params }) => params.Input.eq("go")).process("Deploy", job()).process("Notify", job()).end();
    const diff = diffDefinitions(compile(before).definition, compile(after).definition);
    const deploy = diff.steps.changed.find((step) => step.name === "Deploy");
    expect(deploy?.changes[0]).toEqual({ path: ["(placement)"], pathText: "(placement)", kind: "changed", before: "top level", after: "Check.IfSteps" });
    const check = diff.steps.changed.find((step) => step.name === "Check");
    expect(check?.changes).toContainEqual({ path: ["Arguments", "IfSteps", "Deploy"], pathText: "Arguments.IfSteps['Deploy']", kind: "added", after: "Deploy" });
  });

  it("diffs a branch step by name, not inside its condition step", () => {
    const after = churn();
    const register = conditionArguments(after).IfSteps[0] as { Arguments: Record<string, unknown> };
    register.Arguments.ModelPackageGroupName = "churn-models-v2";
    conditionArguments(after).ElseSteps.push({ Name: "Alert", Type: "Fail", Arguments: { ErrorMessage: "low" } });
    const diff = diffDefinitions(churnText, after);
    expect(diff.steps.added).toEqual([{ name: "Alert", type: "Fail", placement: "CheckAccuracy.ElseSteps" }]);
    expect(diff.steps.changed.map((step) => [step.name, step.changes.map((change) => change.pathText)])).toEqual([
      ["CheckAccuracy", ["Arguments.ElseSteps['Alert']"]],
      ["RegisterModel", ["Arguments.ModelPackageGroupName"]],
    ]);
  });

  it("reports changes outside steps and parameters under other, with paths from the root", () => {
    const diff = diffDefinitions(compile(base.process("A", job())).definition, compile(base.experimentConfig(null).process("A", job())).definition);
    expect(diff.other).toEqual([
      {
        path: ["PipelineExperimentConfig"],
        pathText: "PipelineExperimentConfig",
        kind: "changed",
        before: { ExperimentName: { Get: "Execution.PipelineName" }, TrialName: { Get: "Execution.PipelineExecutionId" } },
        after: null,
      },
    ]);
  });

  it("takes JSON text on either side", () => {
    const after = churn();
    (after.Metadata as Record<string, string>)["team"] = "ml";
    expect(diffDefinitions(churnText, churnText).changed).toBe(false);
    expect(diffDefinitions(churnText, JSON.stringify(after)).other).toEqual([
      { path: ["Metadata", "team"], pathText: "Metadata.team", kind: "added", after: "ml" },
    ]);
  });

  it("throws invalid-definition-json naming the side that is not JSON", () => {
    const attempt = () => diffDefinitions(churnText, "{ not json");
    expect(attempt).toThrow(SagepipeError);
    expect(attempt).toThrow(/the after definition is not valid JSON/);
    try {
      diffDefinitions("", churnText);
    } catch (error) {
      expect(error).toMatchObject({ code: "invalid-definition-json", message: expect.stringMatching(/^the before definition/) });
    }
    expect.assertions(3);
  });

  it("throws not-a-definition when a side is not a JSON object", () => {
    expect(() => diffDefinitions("[]", churnText)).toThrow(expect.objectContaining({ code: "not-a-definition" }));
    expect(() => diffDefinitions(churnText, 42)).toThrow(/the after definition is not a JSON object/);
  });
});

describe("formatDiff", () => {
  it("renders a small diff as stable text", () => {
    const before = base
      .param("OldParam", "String", { default: "x" })
      .train("Train", { image, role, instanceType: "ml.m5.xlarge", hyperparameters: { epochs: "300" } });
    const after = base
      .train("Train", { image, role, instanceType: "ml.m5.xlarge", hyperparameters: { epochs: "400" } })
      .lambda("Deploy", { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:deploy" });
    expect(formatDiff(diffDefinitions(compile(before).definition, compile(after).definition))).toBe(
      [
        "~ step Train (Training)",
        '    ~ Arguments.HyperParameters.epochs: "300" → "400"',
        "+ step Deploy (Lambda)",
        "- parameter OldParam",
      ].join("\n"),
    );
  });

  it("renders added and removed values, placements, branch steps and the rest of the definition", () => {
    const before = churn();
    const deploy = conditionArguments(before).IfSteps.pop();
    if (deploy === undefined) throw new Error("expected DeployModel in IfSteps");
    before.Steps.push(deploy);
    (before.Parameters as Record<string, unknown>[]).push({ Name: "Extra", Type: "String" });
    const after = churn();
    conditionArguments(after).ElseSteps.push({ Name: "Alert", Type: "Fail", Arguments: { ErrorMessage: "low" } });
    (after.Parameters as Record<string, unknown>[])[2] = { Name: "TrainingEpochs", Type: "Integer" };
    (after.Metadata as Record<string, string>)["team"] = "ml";
    expect(formatDiff(diffDefinitions(before, after))).toBe(
      [
        "~ step CheckAccuracy (Condition)",
        "    + Arguments.IfSteps['DeployModel']: \"DeployModel\"",
        "    + Arguments.ElseSteps['Alert']: \"Alert\"",
        "~ step DeployModel (Lambda)",
        '    ~ (placement): "top level" → "CheckAccuracy.IfSteps"',
        "+ step Alert (Fail) in CheckAccuracy.ElseSteps",
        "~ parameter TrainingEpochs",
        "    - DefaultValue: 300",
        "- parameter Extra",
        "~ pipeline",
        '    + Metadata.team: "ml"',
      ].join("\n"),
    );
  });
});
