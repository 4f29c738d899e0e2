import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { ModelMetrics, ModelPackageStatus, ModelPackageSummary } from "../aws/sagemaker-shapes.js";
import { callAws, collectPages } from "../aws/call.js";
import { sagemakerModule } from "../aws/clients.js";
import { ClientProvider } from "../aws/clients.js";
import type { RegistryClients } from "./clients.js";
import { RegistryError } from "./errors.js";
import { checkOptions, optionShape } from "../options.js";
import { CLIENTS_ONLY, withClients } from "../aws/option-shapes.js";

/** A model version's approval status in the model registry. */
export type ApprovalStatus = "Approved" | "Rejected" | "PendingManualApproval";

/** One version of a model package group. */
export interface ModelVersion {
  /** The model package ARN: `arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>`. */
  readonly arn: string;
  readonly group: string;
  /** 1, 2, 3, ... in registration order. */
  readonly version: number;
  readonly approvalStatus: ApprovalStatus;
  /** The package's own status: `Completed` once SageMaker has validated it. */
  readonly packageStatus?: ModelPackageStatus;
  readonly createdAt?: Date;
  readonly description?: string;
}

/** A model version with what DescribeModelPackage adds. */
export interface ModelVersionDetails extends ModelVersion {
  /** Where the metrics reports are: `ModelQuality.Statistics.S3Uri`, ... */
  readonly modelMetrics?: ModelMetrics;
  /** The first container's `ModelDataUrl`. */
  readonly modelDataUrl?: string;
  /** Why it was approved or rejected (`ApprovalDescription`). */
  readonly approvalDescription?: string;
}

/** Options of {@link listModelVersions}. */
export interface ListModelVersionsOptions {
  /** Only versions with this approval status. Default: all. */
  readonly status?: ApprovalStatus;
  /** Stop after this many versions (newest first). Default: all of them. */
  readonly maxResults?: number;
  readonly clients?: RegistryClients;
}

/** The approval statuses, for checking input from a command line. */
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ["Approved", "Rejected", "PendingManualApproval"];

const LIST_MODEL_VERSIONS_OPTIONS = withClients(optionShape<ListModelVersionsOptions>({ status: true, maxResults: true, clients: true }));

/**
 * The versions of a model package group, newest first: every page of ListModelPackages (sorted by
 * creation time), optionally only those with one approval status.
 *
 * @example
 * ```ts
 * const pending = await listModelVersions("churn-models", { status: "PendingManualApproval" });
 * pending[0]; // { arn: "arn:aws:sagemaker:...:model-package/churn-models/8", version: 8, approvalStatus: "PendingManualApproval", ... }
 * ```
 */
export async function listModelVersions(group: string, options: ListModelVersionsOptions = {}): Promise<ModelVersion[]> {
  checkOptions("listModelVersions", options, LIST_MODEL_VERSIONS_OPTIONS);
  const { status, maxResults } = options;
  if (status !== undefined && !APPROVAL_STATUSES.includes(status)) {
    throw new RegistryError("invalid-registry-option", `status must be one of ${APPROVAL_STATUSES.join(", ")}, got "${String(status)}"`);
  }
  if (maxResults !== undefined && !(Number.isInteger(maxResults) && maxResults >= 1)) {
    throw new RegistryError("invalid-registry-option", `maxResults must be an integer of at least 1, got ${maxResults}`);
  }
  const sagemaker = await new ClientProvider(options.clients).sagemaker();
  return listPackages(sagemaker, group, status, maxResults);
}

/**
 * The newest approved version of a group (by creation time), with its model metrics
 * (DescribeModelPackage); `undefined` when no version is approved.
 *
 * @example
 * ```ts
 * const champion = await latestApprovedModel("churn-models");
 * champion?.modelMetrics?.ModelQuality?.Statistics?.S3Uri; // "s3://my-bucket/.../evaluation.json"
 * ```
 */
export async function latestApprovedModel(group: string, options: { readonly clients?: RegistryClients } = {}): Promise<ModelVersionDetails | undefined> {
  checkOptions("latestApprovedModel", options, CLIENTS_ONLY);
  const sagemaker = await new ClientProvider(options.clients).sagemaker();
  const [newest] = await listPackages(sagemaker, group, "Approved", 1);
  return newest === undefined ? undefined : describeVersion(sagemaker, newest);
}

/**
 * Finds a version of a group by its number (every page of ListModelPackages until it is found).
 * Throws a `RegistryError` (`model-version-not-found`) when the group has no such version.
 *
 * @example
 * ```ts
 * const v7 = await findModelVersion(sagemaker, "churn-models", 7); // { arn: ".../churn-models/7", ... }
 * ```
 */
export async function findModelVersion(sagemaker: SageMakerClient, group: string, version: number): Promise<ModelVersion> {
  const versions = await listPackages(sagemaker, group, undefined, undefined);
  const found = versions.find((entry) => entry.version === version);
  if (found === undefined) {
    const known = versions.map((entry) => entry.version).sort((a, b) => a - b);
    throw new RegistryError(
      "model-version-not-found",
      `model package group "${group}" has no version ${version}${known.length > 0 ? ` (versions: ${known.join(", ")})` : " (it has no versions)"}`,
    );
  }
  return found;
}

async function listPackages(sagemaker: SageMakerClient, group: string, status: ApprovalStatus | undefined, limit: number | undefined): Promise<ModelVersion[]> {
  const { ListModelPackagesCommand } = await sagemakerModule();
  const summaries = await collectPages(async (NextToken) => {
    const page = await callAws(
      "ListModelPackages",
      () =>
        sagemaker.send(
          new ListModelPackagesCommand({
            ModelPackageGroupName: group,
            SortBy: "CreationTime",
            SortOrder: "Descending",
            MaxResults: Math.min(limit ?? 100, 100),
            ...(status === undefined ? {} : { ModelApprovalStatus: status }),
            ...(NextToken === undefined ? {} : { NextToken }),
          }),
        ),
      { subject: `model package group "${group}"` },
    );
    return { items: page.ModelPackageSummaryList, nextToken: page.NextToken };
  }, limit);
  return summaries.flatMap((summary) => {
    const version = toModelVersion(summary, group);
    return version === undefined ? [] : [version];
  });
}

function toModelVersion(summary: ModelPackageSummary, group: string): ModelVersion | undefined {
  const arn = summary.ModelPackageArn;
  if (arn === undefined) return undefined;
  return {
    arn,
    group: summary.ModelPackageGroupName ?? group,
    version: summary.ModelPackageVersion ?? versionFromArn(arn) ?? 0,
    approvalStatus: summary.ModelApprovalStatus ?? "PendingManualApproval",
    ...(summary.ModelPackageStatus === undefined ? {} : { packageStatus: summary.ModelPackageStatus }),
    ...(summary.CreationTime === undefined ? {} : { createdAt: summary.CreationTime }),
    ...(summary.ModelPackageDescription === undefined ? {} : { description: summary.ModelPackageDescription }),
  };
}

/**
 * DescribeModelPackage of a listed version: its model metrics, model data and approval description.
 *
 * @example
 * ```ts
 * const details = await describeVersion(sagemaker, version);
 * ```
 */
export async function describeVersion(sagemaker: SageMakerClient, version: ModelVersion): Promise<ModelVersionDetails> {
  const { DescribeModelPackageCommand } = await sagemakerModule();
  const described = await callAws("DescribeModelPackage", () => sagemaker.send(new DescribeModelPackageCommand({ ModelPackageName: version.arn })), {
    subject: `model package ${version.arn}`,
  });
  const modelDataUrl = described.InferenceSpecification?.Containers?.[0]?.ModelDataUrl;
  return {
    ...version,
    ...(described.ModelApprovalStatus === undefined ? {} : { approvalStatus: described.ModelApprovalStatus }),
    ...(described.ModelMetrics === undefined ? {} : { modelMetrics: described.ModelMetrics }),
    ...(modelDataUrl === undefined ? {} : { modelDataUrl }),
    ...(described.ApprovalDescription === undefined ? {} : { approvalDescription: described.ApprovalDescription }),
  };
}

/**
 * The version number at the end of a versioned model package ARN.
 *
 * @example
 * ```ts
 * versionFromArn("arn:aws:sagemaker:us-east-1:111111111111:model-package/churn-models/7"); // 7
 * ```
 */
export function versionFromArn(arn: string): number | undefined {
  const match = /:model-package\/[^/]+\/(\d+)$/.exec(arn);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
