import { describe, expect, it } from "vitest";
import { pipelineGraph, renderDot, renderGraph, renderMermaid } from "../../src/graph/render.js";

const job = (name: string, extra: Record<string, unknown> = {}) => ({ Name: name, Type: "Processing", Arguments: {}, ...extra });

// Prepare → Train (data) → Evaluate (data, and DependsOn on Prepare) → Check (property file) → if Register / else Stop; Notify after Check by DependsOn only
const definition = {
  Version: "2020-12-01",
  Parameters: [{ Name: "Threshold", Type: "Float", DefaultValue: 0.8 }],
  Steps: [
    job("Prepare"),
    {
      Name: "Train",
      Type: "Training",
      Arguments: { InputDataConfig: [{ DataSource: { S3DataSource: { S3Uri: { Get: "Steps.Prepare.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri" } } } }] },
    },
    job("Evaluate", {
      Arguments: { ProcessingInputs: [{ S3Input: { S3Uri: { Get: "Steps.Train.ModelArtifacts.S3ModelArtifacts" } } }] },
      DependsOn: ["Train", "Prepare"],
      PropertyFiles: [{ PropertyFileName: "report", OutputName: "evaluation", FilePath: "evaluation.json" }],
    }),
    {
      Name: "Check",
      Type: "Condition",
      Arguments: {
        Conditions: [
          {
            Type: "GreaterThanOrEqualTo",
            LeftValue: { "Std:JsonGet": { PropertyFile: { Get: "Steps.Evaluate.PropertyFiles.report" }, Path: "metrics.accuracy.value" } },
            RightValue: { Get: "Parameters.Threshold" },
          },
        ],
        IfSteps: [{ Name: "Register", Type: "RegisterModel", Arguments: { ModelUrl: { Get: "Steps.Train.ModelArtifacts.S3ModelArtifacts" } } }],
        ElseSteps: [{ Name: "Stop", Type: "Fail", Arguments: { ErrorMessage: "accuracy too low" } }],
      },
    },
    job("Notify", { DependsOn: ["Check"] }),
  ],
};

describe("pipelineGraph", () => {
  it("has every step in document order, condition and fail steps marked", () => {
    const { nodes } = pipelineGraph(definition);
    expect(nodes).toStrictEqual([
      { name: "Prepare", type: "Processing", kind: "step" },
      { name: "Train", type: "Training", kind: "step" },
      { name: "Evaluate", type: "Processing", kind: "step" },
      { name: "Check", type: "Condition", kind: "condition", conditions: ["report.metrics.accuracy.value ≥ Threshold"] },
      { name: "Register", type: "RegisterModel", kind: "step" },
      { name: "Stop", type: "Fail", kind: "fail" },
      { name: "Notify", type: "Processing", kind: "step" },
    ]);
  });

  it("draws edges from data references, property files, DependsOn and branches: one per pair, data over DependsOn", () => {
    const { edges } = pipelineGraph(definition);
    expect(edges).toStrictEqual([
      { from: "Prepare", to: "Train", kind: "data" },
      { from: "Prepare", to: "Evaluate", kind: "depends-on" },
      { from: "Train", to: "Evaluate", kind: "data" },
      { from: "Train", to: "Register", kind: "data" },
      { from: "Evaluate", to: "Check", kind: "data" },
      { from: "Check", to: "Register", kind: "if" },
      { from: "Check", to: "Stop", kind: "else" },
      { from: "Check", to: "Notify", kind: "depends-on" },
    ]);
  });

  it("leaves out references to steps that do not exist and to the step itself", () => {
    const { edges } = pipelineGraph({
      Steps: [job("A", { DependsOn: ["Ghost", "A"], Arguments: { X: { Get: "Steps.Phantom.ProcessingJobArn" } } }), job("B", { DependsOn: ["A"] })],
    });
    expect(edges).toStrictEqual([{ from: "A", to: "B", kind: "depends-on" }]);
  });

  it("tolerates documents that are not definitions", () => {
    expect(pipelineGraph({})).toStrictEqual({ nodes: [], edges: [] });
    expect(pipelineGraph({ Steps: [null, 3, { Name: "A" }, { Name: "C", Type: "Condition", Arguments: { Conditions: "x" } }] }).nodes).toStrictEqual([
      { name: "A", type: "", kind: "step" },
      { name: "C", type: "Condition", kind: "condition" },
    ]);
  });

  it("writes conditions as text: comparisons, In, Not, Or, literals, execution variables, joins", () => {
    const { nodes } = pipelineGraph({
      Steps: [
        {
          Name: "Check",
          Type: "Condition",
          Arguments: {
            Conditions: [
              { Type: "Equals", LeftValue: { Get: "Parameters.Mode" }, RightValue: "full" },
              { Type: "In", QueryValue: { Get: "Execution.PipelineName" }, Values: ["a", 1, true] },
              { Type: "Not", Condition: { Type: "LessThan", LeftValue: { Get: "Steps.Train.FinalMetricDataList['auc'].Value" }, RightValue: 0.5 } },
              {
                Type: "Or",
                Conditions: [
                  { Type: "GreaterThan", LeftValue: { "Std:JsonGet": { S3Uri: "s3://b/k.json", Path: "n" } }, RightValue: 3 },
                  { Type: "LessThanOrEqualTo", LeftValue: { "Std:Join": { On: "", Values: ["x", { Get: "Parameters.N" }] } }, RightValue: null },
                ],
              },
            ],
            IfSteps: [],
            ElseSteps: [],
          },
        },
      ],
    });
    expect(nodes[0]?.conditions).toStrictEqual([
      'Mode = "full"',
      'Execution.PipelineName in ["a", 1, true]',
      "not (Train.FinalMetricDataList['auc'].Value < 0.5)",
      'json(n) > 3 or join("x", N) ≤ null',
    ]);
  });
});

describe("renderMermaid", () => {
  it("renders a flowchart GitHub can draw: shapes, solid data edges, dotted DependsOn, labelled branches, styled fail steps", () => {
    expect(renderMermaid(definition, { title: "Churn" })).toBe(`---
title: "Churn"
---
flowchart TD
  Prepare["Prepare<br/>Processing"]
  Train["Train<br/>Training"]
  Evaluate["Evaluate<br/>Processing"]
  Check{"Check<br/>report.metrics.accuracy.value<br/>≥ Threshold"}
  Register["Register<br/>RegisterModel"]
  Stop["Stop<br/>Fail"]
  Notify["Notify<br/>Processing"]
  Prepare --> Train
  Prepare -.-> Evaluate
  Train --> Evaluate
  Train --> Register
  Evaluate --> Check
  Check -->|if| Register
  Check -->|else| Stop
  Check -.-> Notify
  classDef condition fill:#fff8c5,stroke:#9a6700,color:#3b2300
  class Check condition
  classDef fail fill:#ffebe9,stroke:#cf222e,color:#82071e
  class Stop fail
`);
  });

  it("has no front matter without a title and no class lines without conditions or fail steps", () => {
    expect(renderMermaid({ Steps: [job("A"), job("B", { DependsOn: ["A"] })] })).toBe(`flowchart TD
  A["A<br/>Processing"]
  B["B<br/>Processing"]
  A -.-> B
`);
  });

  it("makes safe node ids: keywords, hyphens, leading digits and collisions", () => {
    const text = renderMermaid({ Steps: [job("end"), job("train-a", { DependsOn: ["end"] }), job("train_a"), job("3rd")] });
    expect(text).toContain('  step_end["end<br/>Processing"]\n');
    expect(text).toContain('  train_a["train-a<br/>Processing"]\n');
    expect(text).toContain('  train_a_2["train_a<br/>Processing"]\n');
    expect(text).toContain('  step_3rd["3rd<br/>Processing"]\n');
    expect(text).toContain("  step_end -.-> train_a\n");
  });

  it("escapes label text as Mermaid entities", () => {
    expect(renderMermaid({ Steps: [{ Name: "A", Type: 'Odd "<Type>" #1 & co\nnext' }] })).toContain(
      'A["A<br/>Odd #quot;#lt;Type#gt;#quot; #35;1 #amp; co next"]',
    );
  });

  it("puts each condition on its own line and shortens very long operands", () => {
    const long = "a".repeat(70);
    const text = renderMermaid({
      Steps: [
        {
          Name: "C",
          Type: "Condition",
          Arguments: {
            Conditions: [
              { Type: "Equals", LeftValue: 1, RightValue: 1 },
              { Type: "GreaterThan", LeftValue: { Get: `Parameters.${long}` }, RightValue: 0 },
            ],
          },
        },
      ],
    });
    expect(text).toContain(`C{"C<br/>1 = 1<br/>${"a".repeat(59)}…<br/>> 0"}`.replace("> 0", "#gt; 0"));
  });

  it("is deterministic", () => {
    expect(renderMermaid(structuredClone(definition))).toBe(renderMermaid(definition));
  });
});

describe("renderDot", () => {
  it("renders Graphviz DOT with the same graph", () => {
    expect(renderDot(definition, { title: "Churn" })).toBe(`digraph "Churn" {
  label="Churn";
  labelloc=t;
  rankdir=TB;
  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];
  edge [fontname="Helvetica"];
  "Prepare" [label="Prepare\\nProcessing"];
  "Train" [label="Train\\nTraining"];
  "Evaluate" [label="Evaluate\\nProcessing"];
  "Check" [label="Check\\nreport.metrics.accuracy.value\\n≥ Threshold", shape=diamond, style=filled, fillcolor="#fff8c5", color="#9a6700"];
  "Register" [label="Register\\nRegisterModel"];
  "Stop" [label="Stop\\nFail", fillcolor="#ffebe9", color="#cf222e", fontcolor="#82071e"];
  "Notify" [label="Notify\\nProcessing"];
  "Prepare" -> "Train";
  "Prepare" -> "Evaluate" [style=dashed];
  "Train" -> "Evaluate";
  "Train" -> "Register";
  "Evaluate" -> "Check";
  "Check" -> "Register" [label="if"];
  "Check" -> "Stop" [label="else"];
  "Check" -> "Notify" [style=dashed];
}
`);
  });

  it("escapes quotes and backslashes, and names the graph pipeline without a title", () => {
    const text = renderDot({ Steps: [{ Name: "A", Type: 'say "hi" \\o/' }] });
    expect(text.split("\n")[0]).toBe("digraph pipeline {");
    expect(text).toContain('"A" [label="A\\nsay \\"hi\\" \\\\o/"];');
  });
});

describe("renderGraph", () => {
  it("picks the format", () => {
    expect(renderGraph(definition, "mermaid")).toBe(renderMermaid(definition));
    expect(renderGraph(definition, "dot", { title: "X" })).toBe(renderDot(definition, { title: "X" }));
  });
});
