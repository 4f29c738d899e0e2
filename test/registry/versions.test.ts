import { DescribeModelPackageCommand, ListModelPackagesCommand, UpdateModelPackageCommand } from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { approveModel, latestApprovedModel, listModelVersions, rejectModel, RegistryError, versionFromArn } from "../../src/registry/index.js";
import { GROUP, mockedRegistryAws, packageArn, summary } from "./support.js";

describe("listModelVersions", () => {
  it("reads every page, newest first, as typed entries", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(ListModelPackagesCommand, { NextToken: undefined }).resolves({
      ModelPackageSummaryList: [summary(3, "PendingManualApproval", { ModelPackageDescription: "from run x1" }), summary(2, "Approved")],
      NextToken: "page-2",
    });
    sm.on(ListModelPackagesCommand, { NextToken: "page-2" }).resolves({ ModelPackageSummaryList: [summary(1, "Rejected")] });

    const versions = await listModelVersions(GROUP, { clients });

    expect(versions).toEqual([
      {
        arn: packageArn(3),
        group: GROUP,
        version: 3,
        approvalStatus: "PendingManualApproval",
        packageStatus: "Completed",
        createdAt: new Date(Date.UTC(2026, 0, 3)),
        description: "from run x1",
      },
      { arn: packageArn(2), group: GROUP, version: 2, approvalStatus: "Approved", packageStatus: "Completed", createdAt: new Date(Date.UTC(2026, 0, 2)) },
      { arn: packageArn(1), group: GROUP, version: 1, approvalStatus: "Rejected", packageStatus: "Completed", createdAt: new Date(Date.UTC(2026, 0, 1)) },
    ]);
    expect(sm.commandCalls(ListModelPackagesCommand).map((call) => call.args[0].input)).toEqual([
      { ModelPackageGroupName: GROUP, SortBy: "CreationTime", SortOrder: "Descending", MaxResults: 100 },
      { ModelPackageGroupName: GROUP, SortBy: "CreationTime", SortOrder: "Descending", MaxResults: 100, NextToken: "page-2" },
    ]);
  });

  it("filters by approval status on the service side", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [summary(2, "Approved")] });

    const approved = await listModelVersions(GROUP, { status: "Approved", clients });

    expect(approved.map((v) => v.version)).toEqual([2]);
    expect(sm.commandCalls(ListModelPackagesCommand)[0]?.args[0].input).toMatchObject({ ModelApprovalStatus: "Approved" });
  });

  it("stops at maxResults", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [summary(3, "Approved"), summary(2, "Approved")], NextToken: "more" });
    expect((await listModelVersions(GROUP, { maxResults: 1, clients })).map((v) => v.version)).toEqual([3]);
    expect(sm.commandCalls(ListModelPackagesCommand)).toHaveLength(1);
    expect(sm.commandCalls(ListModelPackagesCommand)[0]?.args[0].input).toMatchObject({ MaxResults: 1 });
  });

  it("rejects an unknown status before any call", async () => {
    const { clients, sm } = mockedRegistryAws();
    await expect(listModelVersions(GROUP, { status: "approved" as never, clients })).rejects.toMatchObject({ code: "invalid-registry-option" });
    expect(sm.calls()).toHaveLength(0);
  });
});

describe("latestApprovedModel", () => {
  it("is the newest approved version, with its model metrics", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [summary(5, "Approved")] });
    sm.on(DescribeModelPackageCommand).resolves({
      ModelPackageArn: packageArn(5),
      ModelApprovalStatus: "Approved",
      ApprovalDescription: "beats v4",
      ModelMetrics: { ModelQuality: { Statistics: { ContentType: "application/json", S3Uri: "s3://bucket/run5/evaluation.json" } } },
      InferenceSpecification: { Containers: [{ Image: "image", ModelDataUrl: "s3://bucket/run5/model.tar.gz" }], SupportedContentTypes: [], SupportedResponseMIMETypes: [] },
    });

    const latest = await latestApprovedModel(GROUP, { clients });

    expect(latest).toMatchObject({
      arn: packageArn(5),
      version: 5,
      approvalStatus: "Approved",
      approvalDescription: "beats v4",
      modelDataUrl: "s3://bucket/run5/model.tar.gz",
      modelMetrics: { ModelQuality: { Statistics: { S3Uri: "s3://bucket/run5/evaluation.json" } } },
    });
    expect(sm.commandCalls(ListModelPackagesCommand)[0]?.args[0].input).toEqual({
      ModelPackageGroupName: GROUP,
      SortBy: "CreationTime",
      SortOrder: "Descending",
      MaxResults: 1,
      ModelApprovalStatus: "Approved",
    });
    expect(sm.commandCalls(DescribeModelPackageCommand)[0]?.args[0].input).toEqual({ ModelPackageName: packageArn(5) });
  });

  it("is undefined when nothing is approved (and describes nothing)", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] });
    await expect(latestApprovedModel(GROUP, { clients })).resolves.toBeUndefined();
    expect(sm.commandCalls(DescribeModelPackageCommand)).toHaveLength(0);
  });
});

describe("approveModel and rejectModel", () => {
  it("approve sends UpdateModelPackage with the status and the reason", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(UpdateModelPackageCommand).resolves({ ModelPackageArn: packageArn(7) });

    await expect(approveModel(packageArn(7), { reason: "beats v6 on the holdout", clients })).resolves.toEqual({ arn: packageArn(7), approvalStatus: "Approved" });
    expect(sm.commandCalls(UpdateModelPackageCommand).map((call) => call.args[0].input)).toEqual([
      { ModelPackageArn: packageArn(7), ModelApprovalStatus: "Approved", ApprovalDescription: "beats v6 on the holdout" },
    ]);
    expect(sm.calls()).toHaveLength(1);
  });

  it("reject without a reason sends no ApprovalDescription", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(UpdateModelPackageCommand).resolves({ ModelPackageArn: packageArn(8) });

    await expect(rejectModel(packageArn(8), { clients })).resolves.toEqual({ arn: packageArn(8), approvalStatus: "Rejected" });
    expect(sm.commandCalls(UpdateModelPackageCommand)[0]?.args[0].input).toEqual({ ModelPackageArn: packageArn(8), ModelApprovalStatus: "Rejected" });
  });

  it("finds the ARN of { group, version } in the group's versions", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(ListModelPackagesCommand, { NextToken: undefined }).resolves({ ModelPackageSummaryList: [summary(9, "PendingManualApproval")], NextToken: "p2" });
    sm.on(ListModelPackagesCommand, { NextToken: "p2" }).resolves({ ModelPackageSummaryList: [summary(8, "PendingManualApproval")] });
    sm.on(UpdateModelPackageCommand).resolves({ ModelPackageArn: packageArn(8) });

    await rejectModel({ group: GROUP, version: 8 }, { reason: "recall dropped", clients });
    expect(sm.commandCalls(UpdateModelPackageCommand)[0]?.args[0].input).toEqual({
      ModelPackageArn: packageArn(8),
      ModelApprovalStatus: "Rejected",
      ApprovalDescription: "recall dropped",
    });
  });

  it("a version the group does not have is a RegistryError, and nothing is updated", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [summary(2, "Approved"), summary(1, "Approved")] });

    const failure = approveModel({ group: GROUP, version: 5 }, { clients });
    await expect(failure).rejects.toBeInstanceOf(RegistryError);
    await expect(failure).rejects.toMatchObject({ code: "model-version-not-found", message: 'model package group "churn-models" has no version 5 (versions: 1, 2)' });
    expect(sm.commandCalls(UpdateModelPackageCommand)).toHaveLength(0);
  });

  it("a reason longer than ApprovalDescription allows is refused before any call", async () => {
    const { clients, sm } = mockedRegistryAws();
    await expect(approveModel(packageArn(1), { reason: "x".repeat(1025), clients })).rejects.toMatchObject({ code: "invalid-registry-option" });
    expect(sm.calls()).toHaveLength(0);
  });
});

describe("versionFromArn", () => {
  it("reads the version at the end of a versioned package ARN", () => {
    expect(versionFromArn(packageArn(12))).toBe(12);
    expect(versionFromArn("arn:aws:sagemaker:us-east-1:111111111111:model-package/unversioned")).toBeUndefined();
  });
});
