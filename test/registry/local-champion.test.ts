import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runLocal } from "sagepipe";
import churn, { local as churnLocal } from "../../examples/churn/pipeline.js";
import champion, { local as championLocal } from "../../examples/churn/champion.js";
import { localChampionMetric, resolveLocalChampionMetric } from "../../src/registry/index.js";
import { GROUP } from "./support.js";

const METRIC = "metrics.accuracy.value";
const churnDir = fileURLToPath(new URL("../../examples/churn/", import.meta.url));

/** A local registry directory with these versions (1, 2, ...), as runLocal writes them. */
function registry(versions: readonly { approvalStatus: string; accuracy?: number; metrics?: Record<string, unknown> }[]): string {
  const workdir = mkdtempSync(join(tmpdir(), "sagepipe-registry-"));
  const dir = join(workdir, "registry", GROUP);
  mkdirSync(dir, { recursive: true });
  versions.forEach((entry, i) => {
    const version = i + 1;
    const metrics = entry.metrics ?? { "ModelQuality.Statistics": { metrics: { accuracy: { value: entry.accuracy } } } };
    writeFileSync(
      join(dir, `${version}.json`),
      JSON.stringify({
        modelPackageGroupName: GROUP,
        modelPackageVersion: version,
        modelPackageArn: `arn:aws:sagemaker:local:000000000000:model-package/${GROUP}/${version}`,
        approvalStatus: entry.approvalStatus,
        metrics,
        createdAt: new Date(Date.UTC(2026, 0, version)).toISOString(),
        executionId: `run${version}`,
        pipelineName: "ChurnPipeline",
        request: {},
      }),
    );
  });
  return workdir;
}

describe("localChampionMetric", () => {
  it("reads the highest approved version's metric from the local registry", async () => {
    const workdir = registry([
      { approvalStatus: "Approved", accuracy: 0.81 },
      { approvalStatus: "Approved", accuracy: 0.92 },
      { approvalStatus: "Rejected", accuracy: 0.97 },
      { approvalStatus: "PendingManualApproval", accuracy: 0.99 },
    ]);
    await expect(localChampionMetric(workdir, { group: GROUP, metric: METRIC, fallback: 0 })).resolves.toBe(0.92);
    await expect(resolveLocalChampionMetric(workdir, { group: GROUP, metric: METRIC })).resolves.toMatchObject({
      value: 0.92,
      source: "champion",
      model: { modelPackageVersion: 2, executionId: "run2" },
    });
  });

  it("is the fallback when nothing is approved, or the group has no versions", async () => {
    const pendingOnly = registry([{ approvalStatus: "PendingManualApproval", accuracy: 0.9 }]);
    await expect(resolveLocalChampionMetric(pendingOnly, { group: GROUP, metric: METRIC, fallback: 0.5 })).resolves.toEqual({ value: 0.5, source: "fallback", group: GROUP, metric: METRIC });
    await expect(localChampionMetric(pendingOnly, { group: "other-models", metric: METRIC, fallback: 0 })).resolves.toBe(0);
    await expect(localChampionMetric(pendingOnly, { group: GROUP, metric: METRIC })).rejects.toMatchObject({
      code: "no-champion",
      message: expect.stringContaining('no approved version of "churn-models" (1 version, none approved)'),
    });
  });

  it("a missing metric, a missing report or an unreadable one is an error, never the fallback", async () => {
    const workdir = registry([{ approvalStatus: "Approved", accuracy: 0.9 }]);
    await expect(localChampionMetric(workdir, { group: GROUP, metric: "metrics.f1.value", fallback: 0 })).rejects.toMatchObject({
      code: "champion-metric-missing",
      message: expect.stringContaining('nothing at "metrics.f1" (there: accuracy)'),
    });
    const noReport = registry([{ approvalStatus: "Approved", metrics: {} }]);
    await expect(localChampionMetric(noReport, { group: GROUP, metric: METRIC, fallback: 0 })).rejects.toMatchObject({ code: "champion-report-missing" });
    const unreadable = registry([{ approvalStatus: "Approved", metrics: { "ModelQuality.Statistics": { unreadable: "s3://b/evaluation.json" } } }]);
    await expect(localChampionMetric(unreadable, { group: GROUP, metric: METRIC, fallback: 0 })).rejects.toMatchObject({ code: "champion-report-unreadable" });
  });

  it("end to end: a model approved by a local run becomes the baseline of the champion pipeline", async () => {
    const workdir = mkdtempSync(join(tmpdir(), "sagepipe-champion-"));
    const options = { workdir, baseDir: churnDir, parallelism: 2 };
    const first = await runLocal(churn, { ...churnLocal, ...options, params: { ModelApprovalStatus: "Approved" } });
    expect(first.status).toBe("Succeeded");
    const [checked] = first.conditions[0]?.conditions ?? [];
    const accuracy = checked !== undefined && "left" in checked ? checked.left : undefined;
    expect(typeof accuracy).toBe("number");

    const baseline = await localChampionMetric(workdir, { group: GROUP, metric: METRIC, fallback: 0 });
    expect(baseline).toBe(accuracy);

    // the same code and data reach the same accuracy: a tie reaches the bar (>=)
    const rerun = await runLocal(champion, { ...championLocal, ...options, params: { BaselineAccuracy: baseline } });
    expect(rerun.status).toBe("Succeeded");
    expect(rerun.registeredModels[0]).toMatchObject({ modelPackageGroupName: GROUP, modelPackageVersion: 2 });

    // a champion that is better than anything this data can give: the challenger is not registered
    const beaten = await runLocal(champion, { ...championLocal, ...options, params: { BaselineAccuracy: 1.01 } });
    expect(beaten).toMatchObject({ status: "Failed", failedStep: "NotBetterThanChampion", registeredModels: [] });
    expect(beaten.failureReason).toBe(`model accuracy ${accuracy} is below max(threshold 0.8, champion accuracy 1.01)`);
  // three local runs of the seed flow (a dozen processes): 10 s alone on the 2-core machine, over 30 s
  // beside another full suite; the timeout is there to catch a hang
  }, 120_000);
});
