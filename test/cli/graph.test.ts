import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, root } from "./support.js";

const fixture = (name: string) => `test/fixtures/pipelines/${name}.ts`;

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-graph-"));
  writeFileSync(join(dir, name), content);
  return dir;
}

const QUALITY_GATE_MERMAID = `---
title: "QualityGate"
---
flowchart TD
  Prepare["Prepare<br/>Processing"]
  Train["Train<br/>Training"]
  Evaluate["Evaluate<br/>Processing"]
  CheckScore{"CheckScore<br/>scores.score ≥ MinScore"}
  Publish["Publish<br/>Processing"]
  ScoreTooLow["ScoreTooLow<br/>Fail"]
  Cleanup["Cleanup<br/>Processing"]
  Prepare --> Train
  Train --> Evaluate
  Evaluate --> CheckScore
  CheckScore -->|if| Publish
  CheckScore -->|else| ScoreTooLow
  CheckScore -.-> Cleanup
  classDef condition fill:#fff8c5,stroke:#9a6700,color:#3b2300
  class CheckScore condition
  classDef fail fill:#ffebe9,stroke:#cf222e,color:#82071e
  class ScoreTooLow fail
`;

describe("sagepipe graph", () => {
  it("compiles a pipeline module and prints its DAG as Mermaid, titled with the pipeline's name", async () => {
    const result = await cli(["graph", fixture("quality-gate")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(QUALITY_GATE_MERMAID);
  });

  it("prints Graphviz DOT with --format dot", async () => {
    const result = await cli(["graph", fixture("quality-gate"), "--format", "dot"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`digraph "QualityGate" {
  label="QualityGate";
  labelloc=t;
  rankdir=TB;
  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];
  edge [fontname="Helvetica"];
  "Prepare" [label="Prepare\\nProcessing"];
  "Train" [label="Train\\nTraining"];
  "Evaluate" [label="Evaluate\\nProcessing"];
  "CheckScore" [label="CheckScore\\nscores.score ≥ MinScore", shape=diamond, style=filled, fillcolor="#fff8c5", color="#9a6700"];
  "Publish" [label="Publish\\nProcessing"];
  "ScoreTooLow" [label="ScoreTooLow\\nFail", fillcolor="#ffebe9", color="#cf222e", fontcolor="#82071e"];
  "Cleanup" [label="Cleanup\\nProcessing"];
  "Prepare" -> "Train";
  "Train" -> "Evaluate";
  "Evaluate" -> "CheckScore";
  "CheckScore" -> "Publish" [label="if"];
  "CheckScore" -> "ScoreTooLow" [label="else"];
  "CheckScore" -> "Cleanup" [style=dashed];
}
`);
  });

  it("draws a definition JSON file, branch steps included", async () => {
    const result = await cli(["graph", "test/fixtures/definitions/churn.json"]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith("flowchart TD\n")).toBe(true);
    expect(result.stdout).toContain('  CheckAccuracy{"CheckAccuracy<br/>EvaluationReport.binary_classification_metrics.accuracy.val…<br/>≥ AccuracyThreshold"}\n');
    expect(result.stdout).toContain("  CheckAccuracy -->|if| Register\n  CheckAccuracy -->|if| Deploy\n  CheckAccuracy -->|else| AccuracyTooLow\n  Register --> Deploy\n");
    expect(result.stdout).toContain("  class AccuracyTooLow fail\n");
  });

  it("is deterministic", async () => {
    const [a, b] = await Promise.all([cli(["graph", fixture("quality-gate")]), cli(["graph", fixture("quality-gate")])]);
    expect(a.stdout).toBe(b.stdout);
  });

  it("writes the graph to -o", async () => {
    const dir = tempFile("unused", "");
    const result = await cli(["graph", join(root, fixture("quality-gate")), "-o", "docs/graph.mmd"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(readFileSync(join(dir, "docs/graph.mmd"), "utf8")).toBe(QUALITY_GATE_MERMAID);
  });

  it("draws a pipeline whose Arguments only --loose validation accepts", async () => {
    const result = await cli(["graph", fixture("invalid-arguments")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  Prepare["Prepare<br/>Processing"]\n');
  });

  it("exits 2 with one line when the module cannot be loaded, 1 when it does not compile", async () => {
    const notPipeline = await cli(["graph", fixture("not-a-pipeline")]);
    expect(notPipeline.code).toBe(2);
    expect(notPipeline.stdout).toBe("");
    expect(notPipeline.stderr).toMatch(/^sagepipe: the default export of test\/fixtures\/pipelines\/not-a-pipeline\.ts is not a pipeline [^\n]*\n$/);

    const dir = tempFile(
      "pipeline.ts",
      `import { pipeline } from "sagepipe";
export default pipeline("NoCode").assets({ bucket: "my-bucket" }).process("Run", {
  image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/tools:1",
  role: "arn:aws:iam::111111111111:role/SageMakerRole",
  instanceType: "ml.m5.large",
  code: "./missing.py",
});
`,
    );
    const noCode = await cli(["graph", "pipeline.ts"], dir);
    expect(noCode.code).toBe(1);
    expect(noCode.stdout).toBe("");
    expect(noCode.stderr).toMatch(/^sagepipe: pipeline\.ts: local code "\.\/missing\.py" does not exist [^\n]*\n$/);
  });

  it("rejects files that are missing, not JSON, or not a definition", async () => {
    expect(await cli(["graph", "missing.json"], tmpdir())).toEqual({ code: 2, stdout: "", stderr: "sagepipe: cannot read missing.json: no such file\n" });
    const notJson = await cli(["graph", "bad.json"], tempFile("bad.json", "{ nope"));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^sagepipe: bad\.json is not valid JSON: /);
    const notDefinition = await cli(["graph", "package.json"], tempFile("package.json", '{"name": "x"}'));
    expect(notDefinition).toEqual({ code: 1, stdout: "", stderr: 'sagepipe: package.json is not a pipeline definition: it has no "Steps" list\n' });
  });

  it("rejects an unknown format, a missing file argument and two files with usage", async () => {
    const format = await cli(["graph", fixture("quality-gate"), "--format", "svg"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toBe(`sagepipe: option '--format <format>' argument 'svg' is invalid. Allowed choices are mermaid, dot.\nRun "sagepipe graph --help" for its usage.\n`);
    expect((await cli(["graph"])).code).toBe(2);
    expect((await cli(["graph", "a.json", "b.json"])).code).toBe(2);
  });
});
