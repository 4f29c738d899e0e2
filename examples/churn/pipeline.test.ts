// Unit tests of the churn pipeline's decision, with no processes, files or AWS: simulate() stubs what
// the Evaluate step writes and evaluates the condition with SageMaker's semantics.
import { describe, expect, it } from "vitest";
import { simulate } from "sagepipe";
import churn from "./pipeline.js";

const evaluation = (accuracy: number) => ({
  Evaluate: { propertyFiles: { report: { metrics: { accuracy: { value: accuracy }, precision: { value: 1 }, recall: { value: 1 } }, rows: 60 } } },
});

describe("the churn pipeline's quality gate", () => {
  it("accuracy 0.75 < 0.8: fails with AccuracyTooLow and registers nothing", async () => {
    const run = await simulate(churn, { params: { AccuracyThreshold: 0.8 }, outputs: evaluation(0.75) });

    expect(run.status).toBe("Failed");
    expect(run.failedStep).toBe("AccuracyTooLow");
    expect(run.failureReason).toBe("model accuracy 0.75 is below the threshold 0.8");
    expect(run.conditions).toEqual([
      { step: "CheckAccuracy", outcome: false, branch: "ElseSteps", conditions: [{ type: "GreaterThanOrEqualTo", left: 0.75, right: 0.8, result: false }] },
    ]);
    expect(run.skipped).toEqual(["RegisterModel", "DeployModel"]);
    expect(run.ran).not.toContain("RegisterModel");
  });

  it("accuracy 0.87 >= 0.8: registers the model and deploys it", async () => {
    const run = await simulate(churn, { outputs: evaluation(0.87) });

    expect(run.status).toBe("Succeeded");
    expect(run.ran).toEqual(["Preprocess", "Train", "Evaluate", "CheckAccuracy", "RegisterModel", "DeployModel"]);
    expect(run.skipped).toEqual(["AccuracyTooLow"]);
    // the deploy Lambda receives the package the RegisterModel step created
    expect(run.properties.RegisterModel?.ModelPackageArn).toMatch(/model-package\/churn-models\/1$/);
  });

  it("a higher bar, passed as a parameter, takes the Fail branch", async () => {
    const run = await simulate(churn, { params: { AccuracyThreshold: 0.9 }, outputs: evaluation(0.87) });
    expect(run.failureReason).toBe("model accuracy 0.87 is below the threshold 0.9");
  });
});
