import { callAws } from "../aws/call.js";
import { sagemakerModule } from "../aws/clients.js";
import { ClientProvider } from "../aws/clients.js";
import type { RegistryClients } from "./clients.js";
import { RegistryError } from "./errors.js";
import { findModelVersion, type ApprovalStatus } from "./model-versions.js";
import { checkOptions, optionShape } from "../options.js";
import { withClients } from "../aws/option-shapes.js";

/** A model version: its package ARN, or its group and version number. */
export type ModelVersionRef = string | { readonly group: string; readonly version: number };

/** Options of {@link approveModel} and {@link rejectModel}. */
export interface ApprovalOptions {
  /** Why: stored as the package's `ApprovalDescription` (at most 1,024 characters). */
  readonly reason?: string;
  readonly clients?: RegistryClients;
}

/** What an approval change did. */
export interface ApprovalResult {
  readonly arn: string;
  readonly approvalStatus: ApprovalStatus;
}

/** `ApprovalDescription`'s length limit in UpdateModelPackage. */
const MAX_REASON_LENGTH = 1024;

const APPROVAL_OPTIONS = withClients(optionShape<ApprovalOptions>({ reason: true, clients: true }));

/**
 * Approves a model version (UpdateModelPackage with `ModelApprovalStatus: "Approved"` and the
 * reason as `ApprovalDescription`). An approval emits SageMaker's "Model Package State Change" event,
 * which {@link applyApprovalDeployRule} turns into a deployment.
 *
 * @example
 * ```ts
 * await approveModel("arn:aws:sagemaker:us-east-1:111111111111:model-package/churn-models/7", { reason: "beats v6 on the holdout" });
 * await approveModel({ group: "churn-models", version: 7 });
 * ```
 */
export function approveModel(model: ModelVersionRef, options: ApprovalOptions = {}): Promise<ApprovalResult> {
  checkOptions("approveModel", options, APPROVAL_OPTIONS);
  return setApprovalStatus(model, "Approved", options);
}

/**
 * Rejects a model version (UpdateModelPackage with `ModelApprovalStatus: "Rejected"` and the reason
 * as `ApprovalDescription`).
 *
 * @example
 * ```ts
 * await rejectModel({ group: "churn-models", version: 8 }, { reason: "recall dropped on the March data" });
 * ```
 */
export function rejectModel(model: ModelVersionRef, options: ApprovalOptions = {}): Promise<ApprovalResult> {
  checkOptions("rejectModel", options, APPROVAL_OPTIONS);
  return setApprovalStatus(model, "Rejected", options);
}

async function setApprovalStatus(model: ModelVersionRef, status: ApprovalStatus, options: ApprovalOptions): Promise<ApprovalResult> {
  const { reason } = options;
  if (reason !== undefined && reason.length > MAX_REASON_LENGTH) {
    throw new RegistryError("invalid-registry-option", `the reason is ${reason.length} characters long; ApprovalDescription takes at most ${MAX_REASON_LENGTH}`);
  }
  const sagemaker = await new ClientProvider(options.clients).sagemaker();
  const arn = typeof model === "string" ? model : (await findModelVersion(sagemaker, model.group, model.version)).arn;
  const { UpdateModelPackageCommand } = await sagemakerModule();
  const updated = await callAws(
    "UpdateModelPackage",
    () =>
      sagemaker.send(
        new UpdateModelPackageCommand({
          ModelPackageArn: arn,
          ModelApprovalStatus: status,
          ...(reason === undefined ? {} : { ApprovalDescription: reason }),
        }),
      ),
    { subject: `model package ${arn}` },
  );
  return { arn: updated.ModelPackageArn ?? arn, approvalStatus: status };
}
