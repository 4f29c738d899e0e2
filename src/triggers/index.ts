export { onS3, s3EventPattern, keyMatchers, type KeyMatcher } from "./s3-trigger.js";
export { schedule } from "./schedule.js";
export { parseScheduleExpression, checkTimezone, type ParsedScheduleExpression } from "./schedule-expression.js";
export { eventPath, isEventPath } from "./parameters.js";
export { onFailure, alertRules, EXECUTION_STATUS_CHANGE, STEP_STATUS_CHANGE, type AlertRule } from "./alerts.js";
export {
  applyAlerts,
  applyTriggers,
  listTriggers,
  removeAlerts,
  removeTriggers,
  type ApplyAlertsOptions,
  type ApplyTriggersOptions,
  type ListedRule,
  type ListedSchedule,
  type RemoveTriggersOptions,
  type TriggerListing,
  type TriggerOptions,
  type TriggerPipeline,
} from "./apply.js";
export { hasChanges, type TriggerChange, type TriggerChanges } from "./changes.js";
export type { TriggerClients } from "./clients.js";
export type { ManagedRule } from "./rules.js";
export type { ManagedSchedule } from "./schedules.js";
export type {
  EventPath,
  FailureAlert,
  FailureAlertOptions,
  TriggerRetryOptions,
  TriggerRetryPolicy,
  S3Trigger,
  S3TriggerOptions,
  ScheduleOptions,
  ScheduleTrigger,
  StaticParameterValue,
  TriggerParameterValue,
} from "./types.js";
