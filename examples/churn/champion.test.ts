// Unit tests of the champion/challenger gate, with no processes, files or AWS: simulate() stubs what
// the Evaluate step writes; BaselineAccuracy is what championParameters() resolves at start.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { simulate } from "sagepipe";
import champion from "./champion.js";

const baseDir = fileURLToPath(new URL(".", import.meta.url));
const evaluation = (accuracy: number) => ({
  Evaluate: { propertyFiles: { report: { metrics: { accuracy: { value: accuracy }, precision: { value: 1 }, recall: { value: 1 } }, rows: 60 } } },
});

describe("the churn champion/challenger gate: accuracy >= max(threshold, champion)", () => {
  it("new 0.90 vs champion 0.92: fails, the message shows both numbers, nothing is registered", async () => {
    const run = await simulate(champion, { baseDir, params: { BaselineAccuracy: 0.92 }, outputs: evaluation(0.9) });

    expect(run.status).toBe("Failed");
    expect(run.failedStep).toBe("NotBetterThanChampion");
    expect(run.failureReason).toBe("model accuracy 0.9 is below max(threshold 0.8, champion accuracy 0.92)");
    expect(run.conditions).toEqual([
      {
        step: "BeatsChampion",
        outcome: false,
        branch: "ElseSteps",
        conditions: [
          { type: "GreaterThanOrEqualTo", left: 0.9, right: 0.8, result: true },
          { type: "GreaterThanOrEqualTo", left: 0.9, right: 0.92, result: false },
        ],
      },
    ]);
    expect(run.skipped).toEqual(["RegisterModel", "DeployModel"]);
  });

  it("new 0.93 vs champion 0.92: registers the challenger and deploys it", async () => {
    const run = await simulate(champion, { baseDir, params: { BaselineAccuracy: 0.92 }, outputs: evaluation(0.93) });

    expect(run.status).toBe("Succeeded");
    expect(run.ran).toEqual(["Preprocess", "Train", "Evaluate", "BeatsChampion", "RegisterModel", "DeployModel"]);
    expect(run.skipped).toEqual(["NotBetterThanChampion"]);
    expect(run.conditions[0]?.conditions.map((c) => c.result)).toEqual([true, true]);
    expect(run.properties.RegisterModel?.ModelPackageArn).toMatch(/model-package\/churn-models\/1$/);
  });

  it("the fixed threshold still applies when it is the higher bar", async () => {
    const run = await simulate(champion, { baseDir, params: { AccuracyThreshold: 0.95, BaselineAccuracy: 0.92 }, outputs: evaluation(0.93) });
    expect(run.failureReason).toBe("model accuracy 0.93 is below max(threshold 0.95, champion accuracy 0.92)");
  });

  it("without a champion (BaselineAccuracy defaults to 0) only the threshold decides", async () => {
    const run = await simulate(champion, { baseDir, outputs: evaluation(0.81) });
    expect(run.status).toBe("Succeeded");
    expect(run.conditions[0]?.conditions.map((c) => ("right" in c ? c.right : undefined))).toEqual([0.8, 0]);
  });

  it("registers the evaluation report as the model quality statistics the next baseline is read from", () => {
    const { definition } = champion.compile({ baseDir });
    const branch = definition.Steps.find((step) => step.Name === "BeatsChampion");
    const register = (branch?.Arguments as { IfSteps: { Name: string; Arguments: Record<string, unknown> }[] }).IfSteps.find((s) => s.Name === "RegisterModel");
    expect(register?.Arguments).toMatchObject({
      ModelPackageGroupName: "churn-models",
      ModelMetrics: { ModelQuality: { Statistics: { ContentType: "application/json", S3Uri: { "Std:Join": { On: "/" } } } } },
    });
  });
});
