import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pythonWith } from "../support/python.js";
import { cli } from "./support.js";

// The Python example end to end with `sagepipe run --local`: AWS's scikit-learn containers' script
// mode (SKLearnProcessor, SKLearn estimator, FrameworkProcessor) run with this machine's Python.
// Needs a Python with pandas and scikit-learn; skipped, saying which interpreters lack what, where
// there is none.
const example = "examples/churn-python/pipeline.ts";
const { python, missing } = pythonWith(["pandas", "sklearn"]);
const workdir = () => mkdtempSync(join(tmpdir(), "sagepipe-run-python-"));

describe.skipIf(python === undefined)(`sagepipe run --local on examples/churn-python${python === undefined ? ` (skipped: ${missing})` : ""}`, () => {
  it("preprocesses with pandas, trains and evaluates with scikit-learn, registers the model: exit 0", async () => {
    // given
    const dir = workdir();
    // when
    const result = await cli(["run", example, "--local", "--python", python ?? "python3", "--workdir", dir, "--json"]);
    // then
    expect(result.stderr).not.toContain("✗");
    expect(result.code).toBe(0);
    const record = JSON.parse(result.stdout);
    const summary = {
      status: record.status,
      steps: record.steps.map((step: { name: string; type: string; status: string }) => `${step.name} ${step.type} ${step.status}`),
      conditions: record.conditions.map((c: { step: string; outcome: boolean; branch: string }) => `${c.step} ${c.outcome} ${c.branch}`),
      registered: record.registeredModels.map((m: { modelPackageGroupName: string; modelPackageVersion: number }) => `${m.modelPackageGroupName} ${m.modelPackageVersion}`),
      warnings: record.warnings ?? [],
      trainHyperparameters: record.steps.find((s: { name: string }) => s.name === "Train").hyperparameters,
    };
    await expect(`${JSON.stringify(summary, null, 2).replace(/[0-9a-f]{64}/g, "<sha256>")}\n`).toMatchFileSnapshot("../golden/runs/churn-python.json");
    // the evaluation the condition read, as evaluate.py wrote it
    const evaluation = JSON.parse(readFileSync(join(dir, "s3", "my-sagepipe-bucket", "churn-python", "ChurnPython", record.executionId, "Evaluate", "output", "evaluation", "evaluation.json"), "utf8").toString());
    expect(evaluation).toMatchObject({ rows: 60, metrics: { accuracy: { value: expect.any(Number) } } });
    expect(evaluation.metrics.accuracy.value).toBeGreaterThanOrEqual(0.8);
    // the training metric, parsed from the entry point's output with the step's metric definition
    expect(record.steps.find((s: { name: string }) => s.name === "Train").metrics["validation:accuracy"]).toBeGreaterThan(0.5);
  }, 120_000);

  it("--param AccuracyThreshold=0.99 takes the Fail branch: exit 1", async () => {
    const result = await cli(["run", example, "--local", "--python", python ?? "python3", "--workdir", workdir(), "--param", "AccuracyThreshold=0.99", "--json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "Failed", failedStep: "AccuracyTooLow", registeredModels: [] });
  }, 120_000);
});

describe("sagepipe run --local --python", () => {
  it("a Python that is not there fails the first Python step, naming it", async () => {
    const result = await cli(["run", example, "--local", "--python", "/nonexistent/python3", "--workdir", workdir(), "--json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "Failed", failedStep: "Preprocess" });
    expect(result.stderr).toContain('cannot start "python3": it is mapped to "/nonexistent/python3", which is not an executable on this machine');
  }, 60_000);
});
