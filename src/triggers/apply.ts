import { requireDeployedPipeline } from "../aws/deployed.js";
import { SagepipeError } from "../errors.js";
import type { PipelineNode } from "../model/pipeline-node.js";
import { onFailure } from "./alerts.js";
import type { TriggerChange, TriggerChanges } from "./changes.js";
import { checkRoleArn, invalidTrigger } from "./checks.js";
import { ClientProvider } from "../aws/clients.js";
import type { TriggerClients } from "./clients.js";
import { checkDeclarations } from "./declare.js";
import { alertRulesFor, s3Rule, scheduleInput } from "./desired.js";
import { arnNamesPipeline } from "./names.js";
import { deleteRule, listManagedRules, ruleTargets, upsertRule, type ManagedRule } from "./rules.js";
import { ensureEventBridgeNotifications } from "./s3-notifications.js";
import { deleteSchedule, getSchedule, listManagedSchedules, upsertSchedule, type ManagedSchedule } from "./schedules.js";
import { checkOptions, optionShape } from "../options.js";
import { CLIENTS_ONLY, withClients } from "../aws/option-shapes.js";

/** A pipeline whose declarations are applied: a builder or its node. */
export type TriggerPipeline = { toNode(): PipelineNode } | PipelineNode;

/** Options shared by the trigger functions. */
export interface TriggerOptions {
  /** AWS clients; each left out is created on first use (see {@link TriggerClients}). */
  readonly clients?: TriggerClients;
  /** Read only: say what would be created, updated or removed, and write nothing. */
  readonly dryRun?: boolean;
}

/** Options of {@link applyTriggers}. */
export interface ApplyTriggersOptions extends TriggerOptions {
  /** The role EventBridge and Scheduler assume to start the pipeline, for declarations without their own `roleArn`. */
  readonly roleArn?: string;
  /** The pipeline's ARN. Default: DescribePipeline (the pipeline must be deployed). */
  readonly pipelineArn?: string;
  /** The schedule group of schedules that name none. @default "default" */
  readonly scheduleGroup?: string;
}

/** Options of {@link applyAlerts}. */
export interface ApplyAlertsOptions extends TriggerOptions {
  /** The pipeline's ARN. Default: DescribePipeline (the pipeline must be deployed). */
  readonly pipelineArn?: string;
}

/** Options of {@link removeTriggers}. */
export interface RemoveTriggersOptions extends TriggerOptions {
  /** Also remove the failure alert rules. @default true */
  readonly alerts?: boolean;
}

function nodeOf(pipeline: TriggerPipeline): PipelineNode {
  return "toNode" in pipeline && typeof pipeline.toNode === "function" ? pipeline.toNode() : (pipeline as PipelineNode);
}

function nameOf(pipeline: TriggerPipeline | string): string {
  return typeof pipeline === "string" ? pipeline : nodeOf(pipeline).name;
}

async function pipelineArnOf(provider: ClientProvider, name: string, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    if (!arnNamesPipeline(given, name)) throw invalidTrigger(`pipelineArn "${given}" is not the ARN of pipeline "${name}" (arn:aws:sagemaker:<region>:<account>:pipeline/${name.toLowerCase()})`);
    return given;
  }
  const described = await requireDeployedPipeline(await provider.sagemaker(), name);
  if (described.PipelineArn === undefined) throw new SagepipeError("aws-request-failed", `DescribePipeline did not return the ARN of pipeline "${name}"`);
  return described.PipelineArn;
}

/**
 * A client of an optional peer: when nothing of that kind is declared and the package is not
 * installed, there is nothing sagepipe could have created with it, so it is skipped.
 */
async function optionalClient<C>(needed: boolean, get: () => Promise<C>): Promise<C | undefined> {
  try {
    return await get();
  } catch (error) {
    if (!needed && error instanceof SagepipeError && error.code === "missing-peer-dependency") return undefined;
    throw error;
  }
}

const APPLY_TRIGGERS_OPTIONS = withClients(optionShape<ApplyTriggersOptions>({ roleArn: true, pipelineArn: true, scheduleGroup: true, clients: true, dryRun: true }));

/**
 * Applies the pipeline's S3 triggers and schedules (declared with `.trigger(onS3(...))` and
 * `.schedule(...)`), idempotently: applying twice writes nothing the second time.
 *
 * - S3: each bucket is made to send its events to EventBridge (read-modify-write of its
 *   notification configuration: existing notifications are kept); an EventBridge rule
 *   `sagepipe-<pipeline>-<id>`, tagged as managed by sagepipe, matches "Object Created" under the
 *   prefix/suffix (or the marker file) and targets the pipeline with the role, parameters
 *   (static or event paths), retry policy and dead-letter queue. Rule and target are written
 *   only when they differ.
 * - Schedules: GetSchedule, then CreateSchedule or — when it differs — UpdateSchedule with the
 *   whole schedule.
 * - Rules and schedules sagepipe created for this pipeline that are no longer declared are removed.
 *
 * Everything is checked before the first AWS call: parameter names, types and completeness, and a
 * role for every declaration (`roleArn` here, or on the declaration).
 *
 * @example
 * ```ts
 * const result = await applyTriggers(churn, { roleArn: "arn:aws:iam::111111111111:role/EventsStartPipeline" });
 * result.changes // [{ resource: "bucket-notification", name: "churn-data", action: "updated" }, { resource: "rule", name: "sagepipe-Churn-s3-churn-data", action: "created", ... }]
 * ```
 */
export async function applyTriggers(pipeline: TriggerPipeline, options: ApplyTriggersOptions = {}): Promise<TriggerChanges> {
  checkOptions("applyTriggers", options, APPLY_TRIGGERS_OPTIONS);
  const node = nodeOf(pipeline);
  checkDeclarations(node);
  checkRoleArn(options.roleArn, "applyTriggers");
  const triggers = node.triggers ?? [];
  const schedules = node.schedules ?? [];
  const roleOf = (declaration: { readonly roleArn?: string; readonly id: string; readonly kind: string }): string => {
    const role = declaration.roleArn ?? options.roleArn;
    if (role === undefined) {
      throw invalidTrigger(`${declaration.kind === "s3" ? "S3 trigger" : "schedule"} "${declaration.id}" of pipeline "${node.name}" needs a role to start the pipeline: pass roleArn (--role-arn) or set roleArn on it`);
    }
    return role;
  };
  for (const declaration of [...triggers, ...schedules]) roleOf(declaration);

  const dryRun = options.dryRun === true;
  const provider = new ClientProvider(options.clients);
  const declared = triggers.length + schedules.length > 0;
  const pipelineArn = declared ? await pipelineArnOf(provider, node.name, options.pipelineArn) : options.pipelineArn;
  const changes: TriggerChange[] = [];

  for (const bucket of [...new Set(triggers.map((t) => t.bucket))]) {
    const status = await ensureEventBridgeNotifications(await provider.s3(), bucket, { dryRun });
    changes.push({ resource: "bucket-notification", name: bucket, action: status === "enabled" ? "updated" : "unchanged", ...(status === "enabled" ? { changed: ["EventBridge notifications on"] } : {}) });
  }

  const events = await optionalClient(triggers.length > 0, () => provider.eventBridge());
  if (events !== undefined) {
    const listing = await listManagedRules(events, node.name);
    const desired = triggers.map((t) => s3Rule(node.name, t, pipelineArn as string, roleOf(t)));
    for (const rule of desired) changes.push(await upsertRule(events, rule, listing, { dryRun }));
    for (const rule of listing.managed) {
      if (rule.kind === "s3-trigger" && !desired.some((d) => d.name === rule.name)) changes.push(await deleteRule(events, rule, { dryRun }));
    }
  }

  const scheduler = await optionalClient(schedules.length > 0, () => provider.scheduler());
  if (scheduler !== undefined) {
    const existing = await listManagedSchedules(scheduler, node.name);
    const desired = schedules.map((s) => scheduleInput(node.name, s, pipelineArn as string, roleOf(s), options.scheduleGroup ?? "default"));
    for (const input of desired) changes.push(await upsertSchedule(scheduler, input, { dryRun }));
    for (const schedule of existing) {
      if (!desired.some((d) => d.Name === schedule.name && d.GroupName === schedule.group)) changes.push(await deleteSchedule(scheduler, schedule, { dryRun }));
    }
  }
  return { pipelineName: node.name, ...(pipelineArn === undefined ? {} : { pipelineArn }), dryRun, changes };
}

const APPLY_ALERTS_OPTIONS = withClients(optionShape<ApplyAlertsOptions>({ pipelineArn: true, clients: true, dryRun: true }));

/**
 * Applies the pipeline's failure alert (`.onFailure({ snsTopicArn })`), idempotently: two
 * EventBridge rules on this pipeline's events — execution status change (Failed; Succeeded too
 * with `onSuccess`) and step status change (Failed, to name the step and its reason) — each
 * targeting the SNS topic with an input transformer that writes a readable message. Without a
 * declared alert, the alert rules sagepipe created earlier are removed.
 *
 * The topic's access policy must allow `events.amazonaws.com` to `sns:Publish` (and, for an
 * encrypted topic, its KMS key must let EventBridge use it).
 *
 * @example
 * ```ts
 * await applyAlerts(pipeline("Churn").onFailure({ snsTopicArn: "arn:aws:sns:us-east-1:111111111111:ml-alerts" }))
 * ```
 */
export async function applyAlerts(pipeline: TriggerPipeline, options: ApplyAlertsOptions = {}): Promise<TriggerChanges> {
  checkOptions("applyAlerts", options, APPLY_ALERTS_OPTIONS);
  const node = nodeOf(pipeline);
  const dryRun = options.dryRun === true;
  const provider = new ClientProvider(options.clients);
  // re-made by onFailure, so that a node built by hand is checked too
  const alert = node.alert === undefined ? undefined : onFailure({ snsTopicArn: node.alert.snsTopicArn, onSuccess: node.alert.onSuccess });
  const pipelineArn = alert === undefined ? options.pipelineArn : await pipelineArnOf(provider, node.name, options.pipelineArn);
  const changes: TriggerChange[] = [];
  const events = await optionalClient(alert !== undefined, () => provider.eventBridge());
  if (events !== undefined) {
    const listing = await listManagedRules(events, node.name);
    const desired = alert === undefined ? [] : alertRulesFor(node.name, pipelineArn as string, alert);
    for (const rule of desired) changes.push(await upsertRule(events, rule, listing, { dryRun }));
    for (const rule of listing.managed) {
      if (rule.kind === "alert" && !desired.some((d) => d.name === rule.name)) changes.push(await deleteRule(events, rule, { dryRun }));
    }
  }
  return { pipelineName: node.name, ...(pipelineArn === undefined ? {} : { pipelineArn }), dryRun, changes };
}

/** A managed rule as {@link listTriggers} reports it. */
export interface ListedRule extends ManagedRule {
  /** The ARNs its targets name (the pipeline, or the SNS topic of an alert). */
  readonly targets: readonly string[];
}

/** A managed schedule as {@link listTriggers} reports it. */
export interface ListedSchedule extends ManagedSchedule {
  readonly expression?: string;
  readonly timezone?: string;
}

/** What sagepipe manages in AWS for a pipeline. */
export interface TriggerListing {
  readonly pipelineName: string;
  /** S3 trigger rules and alert rules (`kind`). */
  readonly rules: readonly ListedRule[];
  readonly schedules: readonly ListedSchedule[];
}

/**
 * Lists what sagepipe manages in AWS for a pipeline: its S3 trigger and alert rules (EventBridge
 * rules tagged with the pipeline's name) and its schedules (named after the pipeline, targeting
 * it), read from AWS — not from the code, so it also shows what an apply would remove. Works with
 * the pipeline's name alone; a missing optional peer package means nothing of that kind is listed.
 *
 * @example
 * ```ts
 * const { rules, schedules } = await listTriggers("Churn");
 * ```
 */
export async function listTriggers(pipeline: TriggerPipeline | string, options: Omit<TriggerOptions, "dryRun"> = {}): Promise<TriggerListing> {
  checkOptions("listTriggers", options, CLIENTS_ONLY);
  const name = nameOf(pipeline);
  const provider = new ClientProvider(options.clients);
  const rules: ListedRule[] = [];
  const events = await optionalClient(false, () => provider.eventBridge());
  if (events !== undefined) {
    for (const rule of (await listManagedRules(events, name)).managed) {
      const targets = (await ruleTargets(events, rule.name)).flatMap((t) => (t.Arn === undefined ? [] : [t.Arn]));
      rules.push({ ...rule, targets });
    }
  }
  const schedules: ListedSchedule[] = [];
  const scheduler = await optionalClient(false, () => provider.scheduler());
  if (scheduler !== undefined) {
    for (const schedule of await listManagedSchedules(scheduler, name)) {
      const detail = await getSchedule(scheduler, schedule.name, schedule.group);
      schedules.push({
        ...schedule,
        ...(detail?.ScheduleExpression === undefined ? {} : { expression: detail.ScheduleExpression }),
        ...(detail?.ScheduleExpressionTimezone === undefined ? {} : { timezone: detail.ScheduleExpressionTimezone }),
      });
    }
  }
  return { pipelineName: name, rules, schedules };
}

const REMOVE_TRIGGERS_OPTIONS = withClients(optionShape<RemoveTriggersOptions>({ alerts: true, clients: true, dryRun: true }));

/**
 * Removes everything sagepipe created for a pipeline's triggers: each rule (RemoveTargets, then
 * DeleteRule), each schedule (DeleteSchedule), and — unless `alerts: false` — the alert rules.
 * Works with the pipeline's name alone.
 *
 * The buckets keep sending their events to EventBridge: other rules (of other pipelines or other
 * tools) may depend on that setting, and sagepipe cannot know; events nobody matches cost nothing.
 * Turn it off in the bucket's properties if nothing else needs it.
 *
 * @example
 * ```ts
 * await removeTriggers("Churn") // { changes: [{ resource: "rule", name: "sagepipe-Churn-s3-churn-data", action: "removed" }, ...] }
 * ```
 */
export async function removeTriggers(pipeline: TriggerPipeline | string, options: RemoveTriggersOptions = {}): Promise<TriggerChanges> {
  checkOptions("removeTriggers", options, REMOVE_TRIGGERS_OPTIONS);
  const name = nameOf(pipeline);
  const dryRun = options.dryRun === true;
  const provider = new ClientProvider(options.clients);
  const changes: TriggerChange[] = [];
  const events = await optionalClient(false, () => provider.eventBridge());
  if (events !== undefined) {
    for (const rule of (await listManagedRules(events, name)).managed) {
      if (rule.kind === "s3-trigger" || options.alerts !== false) changes.push(await deleteRule(events, rule, { dryRun }));
    }
  }
  const scheduler = await optionalClient(false, () => provider.scheduler());
  if (scheduler !== undefined) {
    for (const schedule of await listManagedSchedules(scheduler, name)) changes.push(await deleteSchedule(scheduler, schedule, { dryRun }));
  }
  return { pipelineName: name, dryRun, changes };
}

const REMOVE_ALERTS_OPTIONS = withClients(optionShape<TriggerOptions>({ clients: true, dryRun: true }));

/**
 * Removes only the failure alert rules sagepipe created for a pipeline.
 *
 * @example
 * ```ts
 * await removeAlerts("Churn")
 * ```
 */
export async function removeAlerts(pipeline: TriggerPipeline | string, options: TriggerOptions = {}): Promise<TriggerChanges> {
  checkOptions("removeAlerts", options, REMOVE_ALERTS_OPTIONS);
  const name = nameOf(pipeline);
  const dryRun = options.dryRun === true;
  const provider = new ClientProvider(options.clients);
  const changes: TriggerChange[] = [];
  const events = await optionalClient(false, () => provider.eventBridge());
  if (events !== undefined) {
    for (const rule of (await listManagedRules(events, name)).managed) if (rule.kind === "alert") changes.push(await deleteRule(events, rule, { dryRun }));
  }
  return { pipelineName: name, dryRun, changes };
}
