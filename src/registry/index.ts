export type { RegistryClients } from "./clients.js";
export { RegistryError, type RegistryErrorCode } from "./errors.js";
export { ensureModelPackageGroup, ensureModelPackageGroups, modelPackageGroupsOf, type EnsureGroupOptions } from "./groups.js";
export {
  APPROVAL_STATUSES,
  latestApprovedModel,
  listModelVersions,
  versionFromArn,
  type ApprovalStatus,
  type ListModelVersionsOptions,
  type ModelVersion,
  type ModelVersionDetails,
} from "./model-versions.js";
export { approveModel, rejectModel, type ApprovalOptions, type ApprovalResult, type ModelVersionRef } from "./approval.js";
export {
  championMetric,
  championParameters,
  resolveChampionMetric,
  type ChampionMetric,
  type ChampionMetricOptions,
  type ChampionParametersOptions,
  type NumberParameterName,
} from "./champion.js";
export { localChampionMetric, resolveLocalChampionMetric, type LocalChampionMetric, type LocalChampionMetricOptions } from "./local-champion.js";
export { DEFAULT_METRICS_REPORT } from "./metric-report.js";
export {
  APPROVAL_DEPLOY_TARGET_ID,
  applyApprovalDeployRule,
  approvalDeployRuleName,
  approvalEventPattern,
  removeApprovalDeployRule,
  type ApprovalDeployEvent,
  type ApprovalDeployRuleOptions,
  type ApprovalDeployRuleResult,
  type LambdaInvokePermission,
} from "./deploy-rule.js";
