import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./support.js";

const churn = "examples/churn/pipeline.ts";

const workdir = () => mkdtempSync(join(tmpdir(), "sagepipe-run-"));

describe("sagepipe run --local", () => {
  it("runs the churn example end to end: register and deploy, exit 0", async () => {
    // durations print as "101 ms", or "1.2 s" from a second on (a loaded machine)
    const result = await cli(["run", churn, "--local", "--workdir", workdir()]);
    expect(result.code).toBe(0);
    expect(result.stderr.split("\n").filter((line) => /^[✓◆–]/.test(line))).toEqual([
      expect.stringMatching(/^✓ Preprocess (\d+ ms|\d+\.\d s)$/),
      expect.stringMatching(/^✓ Train (\d+ ms|\d+\.\d s)$/),
      expect.stringMatching(/^✓ Evaluate (\d+ ms|\d+\.\d s)$/),
      expect.stringMatching(/^◆ CheckAccuracy: 0\.\d+ >= 0\.8 → true \(IfSteps\)$/),
      expect.stringMatching(/^✓ CheckAccuracy (\d+ ms|\d+\.\d s)$/),
      expect.stringMatching(/^– AccuracyTooLow skipped/),
      expect.stringMatching(/^✓ RegisterModel (\d+ ms|\d+\.\d s)$/),
      expect.stringMatching(/^✓ DeployModel (\d+ ms|\d+\.\d s)$/),
    ]);
    expect(result.stdout).toMatch(/ChurnPipeline \w{12}: Succeeded\n {2}registered churn-models version 1 \(PendingManualApproval\)\n {2}deployed churn-predictor \(recorded locally\)\n {2}run record: .+run\.json\n$/);
  }, 30_000);

  it("--param AccuracyThreshold=0.99 takes the Fail branch: exit 1, nothing registered", async () => {
    const result = await cli(["run", churn, "--local", "--workdir", workdir(), "--param", "AccuracyThreshold=0.99", "--json"]);
    expect(result.code).toBe(1);
    const record = JSON.parse(result.stdout);
    expect(record).toMatchObject({ status: "Failed", failedStep: "AccuracyTooLow", registeredModels: [], deployments: [] });
    expect(record.failureReason).toMatch(/^model accuracy 0\.\d+ is below the threshold 0\.99$/);
    expect(record.parameters.AccuracyThreshold).toBe(0.99);
    expect(result.stderr).toContain("✗ AccuracyTooLow failed: model accuracy");
  }, 30_000);

  it("reuses cached steps on a second run in the same workdir", async () => {
    const dir = workdir();
    await cli(["run", churn, "--local", "--workdir", dir]);
    const second = await cli(["run", churn, "--local", "--workdir", dir, "--json"]);
    const record = JSON.parse(second.stdout);
    expect(record.steps.find((s: { name: string }) => s.name === "Preprocess")).toMatchObject({ cached: true });
    expect(record.registeredModels[0].modelPackageVersion).toBe(2);
    // execution variables resolve per run: the deploy step's names carry this run's id
    expect(record.deployments[0]).toMatchObject({ endpointName: "churn-predictor", endpointConfigName: `churn-predictor-${record.executionId}` });
    expect(second.stderr).toContain("↺ Preprocess cached");
  }, 30_000);

  it("rejects a bad parameter value before running: exit 2", async () => {
    const result = await cli(["run", churn, "--local", "--workdir", workdir(), "--param", "AccuracyThreshold=high"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"AccuracyThreshold": expected a number, got the string "high"');
  });

  it("refuses a parameter given twice with different values (which one was meant?): exit 2, nothing runs", async () => {
    const dir = workdir();
    const result = await cli(["run", churn, "--local", "--workdir", dir, "--param", "AccuracyThreshold=0.5", "--param", "AccuracyThreshold=0.99"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--param AccuracyThreshold is given twice, as "0.5" and as "0.99": give it once');
    expect(result.stderr).not.toContain("▶ Preprocess");
    // the same value twice is not ambiguous
    const same = await cli(["run", churn, "--local", "--workdir", dir, "--param", "AccuracyThreshold=0.99", "--param", "AccuracyThreshold=0.99", "--json"]);
    expect(same.code).toBe(1);
    expect(JSON.parse(same.stdout).parameters.AccuracyThreshold).toBe(0.99);
  }, 30_000);

  it("needs --local, and says how to run in SageMaker instead", async () => {
    const result = await cli(["run", churn]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("run executes on this machine and needs --local");
  });
});

describe("sagepipe lineage <run.json>", () => {
  it("prints a local run record for people", async () => {
    const dir = workdir();
    const ran = await cli(["run", churn, "--local", "--workdir", dir, "--json"]);
    const id = JSON.parse(ran.stdout).executionId;
    const result = await cli(["lineage", join(dir, "runs", id, "run.json")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`ChurnPipeline ${id}: Succeeded`);
    expect(result.stdout).toMatch(/ {4}code \.\/scripts\/train\.mjs sha256:4577ff570c90\n/);
    expect(result.stdout).toMatch(/ {4}hyperparameters epochs=300 learning_rate=0\.5\n/);
    expect(result.stdout).toMatch(/decision CheckAccuracy: 0\.\d+ >= 0\.8 → true \(IfSteps\)\n/);
    expect(result.stdout).toMatch(/registered churn-models version 1 \(PendingManualApproval\)/);
  }, 30_000);
});
