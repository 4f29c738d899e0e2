import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { DescribeModelPackageCommand, ListModelPackagesCommand, UpdateModelPackageCommand } from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { cli, mockAwsForCli, root } from "../cli/support.js";
import { GROUP, objectBody, packageArn, sagemakerError, summary } from "./support.js";

const { sm, s3 } = mockAwsForCli();

/** `sagepipe registry ...`, run in-process. */
function registry(args: readonly string[], cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
  return cli(["registry", ...args], cwd);
}

describe("sagepipe registry list", () => {
  it("prints every version, newest first", async () => {
    sm.on(ListModelPackagesCommand, { NextToken: undefined }).resolves({ ModelPackageSummaryList: [summary(3, "PendingManualApproval", { ModelPackageDescription: "run x3" })], NextToken: "p2" });
    sm.on(ListModelPackagesCommand, { NextToken: "p2" }).resolves({ ModelPackageSummaryList: [summary(2, "Approved"), summary(1, "Rejected")] });

    const result = await registry(["list", GROUP]);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "churn-models: 3 versions",
        `     3  PendingManualApproval  2026-01-03T00:00:00Z  ${packageArn(3)}  run x3`,
        `     2  Approved               2026-01-02T00:00:00Z  ${packageArn(2)}`,
        `     1  Rejected               2026-01-01T00:00:00Z  ${packageArn(1)}`,
        "",
      ].join("\n"),
    );
  });

  it("--status filters, --json prints the entries", async () => {
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [summary(2, "Approved")] });

    const result = await registry(["list", GROUP, "--status", "Approved", "--json"]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { arn: packageArn(2), group: GROUP, version: 2, approvalStatus: "Approved", packageStatus: "Completed", createdAt: "2026-01-02T00:00:00.000Z" },
    ]);
    expect(sm.commandCalls(ListModelPackagesCommand)[0]?.args[0].input).toMatchObject({ ModelApprovalStatus: "Approved" });
  });

  it("a wrong --status is a usage error (exit 2), before any call", async () => {
    const result = await registry(["list", GROUP, "--status", "approved"]);
    expect(result).toMatchObject({
      code: 2,
      stderr: `sagepipe: option '--status <status>' argument 'approved' is invalid. Allowed choices are Approved, Rejected, PendingManualApproval.\nRun "sagepipe registry list --help" for its usage.\n`,
    });
    expect(sm.calls()).toHaveLength(0);
  });

  it("an AWS failure is exit 3 with the AWS error", async () => {
    sm.on(ListModelPackagesCommand).rejects(sagemakerError("AccessDeniedException", "not authorized to perform sagemaker:ListModelPackages"));
    const result = await registry(["list", GROUP]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("ListModelPackages for model package group \"churn-models\" failed: AccessDeniedException: not authorized");
  });

  it("--workdir lists a local registry", async () => {
    const workdir = localRegistry();
    const result = await registry(["list", GROUP, "--workdir", workdir, "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).map((v: { version: number; approvalStatus: string }) => [v.version, v.approvalStatus])).toEqual([
      [2, "PendingManualApproval"],
      [1, "Approved"],
    ]);
  });
});

describe("sagepipe registry approve|reject", () => {
  it("approves by ARN with a reason", async () => {
    sm.on(UpdateModelPackageCommand).resolves({ ModelPackageArn: packageArn(7) });

    const result = await registry(["approve", packageArn(7), "--reason", "beats v6"]);

    expect(result).toMatchObject({ code: 0, stdout: `${packageArn(7)}: Approved\n` });
    expect(sm.commandCalls(UpdateModelPackageCommand)[0]?.args[0].input).toEqual({ ModelPackageArn: packageArn(7), ModelApprovalStatus: "Approved", ApprovalDescription: "beats v6" });
  });

  it("rejects by group/version", async () => {
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [summary(8, "PendingManualApproval")] });
    sm.on(UpdateModelPackageCommand).resolves({ ModelPackageArn: packageArn(8) });

    const result = await registry(["reject", `${GROUP}/8`, "--json"]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ arn: packageArn(8), approvalStatus: "Rejected" });
    expect(sm.commandCalls(UpdateModelPackageCommand)[0]?.args[0].input).toEqual({ ModelPackageArn: packageArn(8), ModelApprovalStatus: "Rejected" });
  });

  it("a version the group does not have is exit 1", async () => {
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [summary(1, "Approved")] });
    const result = await registry(["approve", `${GROUP}/9`]);
    expect(result).toMatchObject({ code: 1, stderr: 'sagepipe: model package group "churn-models" has no version 9 (versions: 1)\n' });
  });

  it("needs exactly one model version (exit 2)", async () => {
    expect((await registry(["approve"])).code).toBe(2);
    expect((await registry(["approve", "churn-models"])).stderr).toContain("expected a model package ARN or <group>/<version>");
    expect((await registry(["approve", `${GROUP}/1`, "--workdir", "."])).code).toBe(2);
    expect((await registry(["reject", `${GROUP}/1`, "--reason", "x".repeat(1025)])).code).toBe(2);
    expect(sm.calls()).toHaveLength(0);
  });
});

describe("sagepipe registry champion", () => {
  function withChampion() {
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [summary(7, "Approved")] });
    sm.on(DescribeModelPackageCommand).resolves({ ModelPackageArn: packageArn(7), ModelMetrics: { ModelQuality: { Statistics: { ContentType: "application/json", S3Uri: "s3://b/run7/evaluation.json" } } } });
    s3.on(GetObjectCommand).resolves(objectBody({ metrics: { accuracy: { value: 0.92 } } }));
  }

  it("prints the champion's metric alone on stdout, for $(...) in a shell", async () => {
    withChampion();
    const result = await registry(["champion", GROUP, "--metric", "metrics.accuracy.value", "--fallback", "0"]);
    expect(result).toEqual({ code: 0, stdout: "0.92\n", stderr: "churn-models: champion is version 7 (metrics.accuracy.value)\n" });
  });

  it("--json says where the value came from", async () => {
    withChampion();
    const result = await registry(["champion", GROUP, "--metric", "metrics.accuracy.value", "--json"]);
    expect(JSON.parse(result.stdout)).toEqual({ group: GROUP, metric: "metrics.accuracy.value", value: 0.92, source: "champion", version: 7, reportUri: "s3://b/run7/evaluation.json" });
  });

  it("the fallback when nothing is approved; exit 1 without one", async () => {
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] });
    expect(await registry(["champion", GROUP, "--metric", "metrics.accuracy.value", "--fallback", "0.5"])).toMatchObject({ code: 0, stdout: "0.5\n" });
    const none = await registry(["champion", GROUP, "--metric", "metrics.accuracy.value"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('model package group "churn-models" has no approved version');
  });

  it("reads a local registry with --workdir", async () => {
    const result = await registry(["champion", GROUP, "--metric", "metrics.accuracy.value", "--workdir", localRegistry()]);
    expect(result).toMatchObject({ code: 0, stdout: "0.88\n" });
    expect(sm.calls()).toHaveLength(0);
  });

  it("usage errors are exit 2: no --metric, a bad path, a fallback that is not a number", async () => {
    expect((await registry(["champion", GROUP])).stderr).toContain("required option '--metric <path>' not specified");
    expect((await registry(["champion", GROUP, "--metric", "metrics..value"])).code).toBe(2);
    expect((await registry(["champion", GROUP, "--metric", "m", "--fallback", "none"])).stderr).toContain("option '--fallback <N>' argument 'none' is invalid. It must be a number.");
    expect((await registry(["champion", GROUP, "--metric", "m", "--report", "Statistics"])).code).toBe(2);
    expect((await registry(["promote", GROUP])).stderr).toContain("unknown command 'promote'");
    expect((await registry(["aprove", GROUP])).stderr).toContain("unknown command 'aprove'\n(Did you mean approve?)");
    expect((await registry([])).code).toBe(2);
    expect(sm.calls()).toHaveLength(0);
  });
});

/** A local registry: version 1 approved (accuracy 0.88), version 2 pending. */
function localRegistry(): string {
  const workdir = mkdtempSync(join(tmpdir(), "sagepipe-registry-cli-"));
  const dir = join(workdir, "registry", GROUP);
  mkdirSync(dir, { recursive: true });
  for (const [version, approvalStatus, accuracy] of [[1, "Approved", 0.88], [2, "PendingManualApproval", 0.9]] as const) {
    writeFileSync(
      join(dir, `${version}.json`),
      JSON.stringify({
        modelPackageGroupName: GROUP,
        modelPackageVersion: version,
        modelPackageArn: `arn:aws:sagemaker:local:000000000000:model-package/${GROUP}/${version}`,
        approvalStatus,
        metrics: { "ModelQuality.Statistics": { metrics: { accuracy: { value: accuracy } } } },
        createdAt: new Date(Date.UTC(2026, 0, version)).toISOString(),
        executionId: `run${version}`,
        pipelineName: "ChurnPipeline",
        request: {},
      }),
    );
  }
  return workdir;
}
