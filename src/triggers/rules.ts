import type { EventBridgeClient, Rule, Target } from "@aws-sdk/client-eventbridge";
import { callAws, collectPages } from "../aws/call.js";
import { isNotFound } from "../aws/errors.js";
import { jsonEqual } from "../aws/json-equal.js";
import { SagepipeError } from "../errors.js";
import type { TriggerChange } from "./changes.js";
import { eventBridgeModule } from "../aws/clients.js";
import { namePrefix, ruleTags, TAGS, type RuleKind } from "./names.js";

/** A rule sagepipe wants, with its single target. */
export interface DesiredRule {
  readonly pipelineName: string;
  readonly name: string;
  readonly kind: RuleKind;
  readonly id: string;
  readonly description: string;
  readonly eventPattern: Record<string, unknown>;
  readonly target: Target;
}

/** A rule sagepipe manages for a pipeline, as listed. */
export interface ManagedRule {
  readonly name: string;
  readonly arn: string;
  readonly kind: RuleKind;
  readonly id: string;
  readonly state?: string;
  readonly description?: string;
  /** The event pattern as AWS returned it (JSON text). */
  readonly eventPattern?: string;
}

/** The rules whose names start with the pipeline's prefix: those sagepipe manages for it, and the names of the others. */
export interface RuleListing {
  readonly managed: readonly ManagedRule[];
  readonly others: ReadonlySet<string>;
}

/**
 * Lists the EventBridge rules sagepipe manages for a pipeline (default event bus): ListRules by
 * name prefix, then ListTagsForResource on each to keep those tagged `sagepipe:pipeline=<name>`.
 *
 * @example
 * ```ts
 * const { managed } = await listManagedRules(events, "Churn"); // [{ name: "sagepipe-Churn-s3-data", kind: "s3-trigger", id: "s3-data", ... }]
 * ```
 */
export async function listManagedRules(events: EventBridgeClient, pipelineName: string): Promise<RuleListing> {
  const { ListRulesCommand, ListTagsForResourceCommand } = await eventBridgeModule();
  const NamePrefix = namePrefix(pipelineName);
  const rules = await collectPages<Rule>(async (NextToken) => {
    const page = await callAws("ListRules", () => events.send(new ListRulesCommand({ NamePrefix, ...(NextToken === undefined ? {} : { NextToken }) })));
    return { items: page.Rules, nextToken: page.NextToken };
  });
  const managed: ManagedRule[] = [];
  const others = new Set<string>();
  for (const rule of rules) {
    if (rule.Name === undefined || rule.Arn === undefined) continue;
    const { Tags = [] } = await callAws("ListTagsForResource", () => events.send(new ListTagsForResourceCommand({ ResourceARN: rule.Arn })), { subject: `rule "${rule.Name}"` });
    const tag = (key: string) => Tags.find((t) => t.Key === key)?.Value;
    const kind = tag(TAGS.kind);
    if (tag(TAGS.managedBy) === "sagepipe" && tag(TAGS.pipeline) === pipelineName && (kind === "s3-trigger" || kind === "alert")) {
      managed.push({
        name: rule.Name,
        arn: rule.Arn,
        kind,
        id: tag(TAGS.id) ?? rule.Name,
        ...(rule.State === undefined ? {} : { state: rule.State }),
        ...(rule.Description === undefined ? {} : { description: rule.Description }),
        ...(rule.EventPattern === undefined ? {} : { eventPattern: rule.EventPattern }),
      });
    } else {
      others.add(rule.Name);
    }
  }
  return { managed, others };
}

/**
 * The targets of a rule (ListTargetsByRule, every page); none when the rule does not exist.
 *
 * @example
 * ```ts
 * const targets = await ruleTargets(events, "sagepipe-Churn-s3-data"); // [{ Id: "sagepipe-pipeline", Arn: "arn:aws:sagemaker:...", ... }]
 * ```
 */
export async function ruleTargets(events: EventBridgeClient, ruleName: string): Promise<Target[]> {
  const { ListTargetsByRuleCommand } = await eventBridgeModule();
  try {
    return await collectPages<Target>(async (NextToken) => {
      const page = await events.send(new ListTargetsByRuleCommand({ Rule: ruleName, ...(NextToken === undefined ? {} : { NextToken }) }));
      return { items: page.Targets, nextToken: page.NextToken };
    });
  } catch (error) {
    if (isNotFound(error)) return [];
    return callAws("ListTargetsByRule", () => Promise.reject(error), { subject: `rule "${ruleName}"` });
  }
}

/** The fields of a target sagepipe sets, without undefined values, to compare. */
function comparableTarget(target: Target): Record<string, unknown> {
  const picked: Record<string, unknown> = {
    Id: target.Id,
    Arn: target.Arn,
    RoleArn: target.RoleArn,
    Input: target.Input,
    InputPath: target.InputPath,
    InputTransformer: target.InputTransformer,
    SageMakerPipelineParameters: target.SageMakerPipelineParameters?.PipelineParameterList?.length ? target.SageMakerPipelineParameters : undefined,
    RetryPolicy: target.RetryPolicy,
    DeadLetterConfig: target.DeadLetterConfig,
  };
  return JSON.parse(JSON.stringify(picked)) as Record<string, unknown>;
}

function samePattern(text: string | undefined, pattern: Record<string, unknown>): boolean {
  try {
    return jsonEqual(JSON.parse(text ?? ""), pattern);
  } catch {
    return false;
  }
}

/**
 * Creates or updates a rule and its target, writing only what differs: PutRule when the event
 * pattern, state or description changed (or the rule is new), PutTargets when the target changed.
 * Other targets someone added to the rule are left alone. A rule of that name not managed by
 * sagepipe is refused.
 *
 * @example
 * ```ts
 * await upsertRule(events, desired, listing, { dryRun: false }) // { resource: "rule", action: "created", ... }
 * ```
 */
export async function upsertRule(events: EventBridgeClient, desired: DesiredRule, listing: RuleListing, options: { readonly dryRun: boolean }): Promise<TriggerChange> {
  if (listing.others.has(desired.name)) {
    throw new SagepipeError(
      "trigger-name-conflict",
      `EventBridge rule "${desired.name}" exists but is not managed by sagepipe for this pipeline (no sagepipe:pipeline tag): rename or delete it, or give the ${desired.kind === "alert" ? "alert" : "trigger"} another id`,
    );
  }
  const existing = listing.managed.find((rule) => rule.name === desired.name);
  const changed: string[] = [];
  if (existing !== undefined) {
    if (!samePattern(existing.eventPattern, desired.eventPattern)) changed.push("event pattern");
    if (existing.state !== "ENABLED") changed.push("state");
    if (existing.description !== desired.description) changed.push("description");
  }
  const current = existing === undefined ? undefined : (await ruleTargets(events, desired.name)).find((t) => t.Id === desired.target.Id);
  const targetChanged = current === undefined || !jsonEqual(comparableTarget(current), comparableTarget(desired.target));
  if (existing !== undefined && targetChanged) changed.push("target");
  const base = { resource: "rule", name: desired.name, kind: desired.kind === "alert" ? "alert" : "s3-trigger", id: desired.id } as const;
  if (existing !== undefined && changed.length === 0) return { ...base, action: "unchanged" };
  if (!options.dryRun) {
    const { PutRuleCommand, PutTargetsCommand } = await eventBridgeModule();
    if (existing === undefined || changed.some((c) => c !== "target")) {
      await callAws(
        "PutRule",
        () =>
          events.send(
            new PutRuleCommand({
              Name: desired.name,
              EventPattern: JSON.stringify(desired.eventPattern),
              State: "ENABLED",
              Description: desired.description,
              Tags: ruleTags(desired.pipelineName, desired.kind, desired.id),
            }),
          ),
        { subject: `rule "${desired.name}"` },
      );
    }
    if (targetChanged) {
      const result = await callAws("PutTargets", () => events.send(new PutTargetsCommand({ Rule: desired.name, Targets: [desired.target] })), { subject: `rule "${desired.name}"` });
      failedEntries("PutTargets", desired.name, result);
    }
  }
  return existing === undefined ? { ...base, action: "created" } : { ...base, action: "updated", changed };
}

function failedEntries(operation: string, rule: string, result: { FailedEntryCount?: number | undefined; FailedEntries?: { TargetId?: string | undefined; ErrorCode?: string | undefined; ErrorMessage?: string | undefined }[] | undefined }): void {
  if ((result.FailedEntryCount ?? 0) === 0) return;
  const entries = (result.FailedEntries ?? []).map((e) => `${e.TargetId ?? "?"}: ${e.ErrorCode ?? ""} ${e.ErrorMessage ?? ""}`.trim());
  throw new SagepipeError("aws-request-failed", `${operation} on rule "${rule}" failed for ${result.FailedEntryCount} target(s): ${entries.join("; ")}`);
}

/**
 * Deletes a rule sagepipe manages: RemoveTargets (every target), then DeleteRule.
 *
 * @example
 * ```ts
 * await deleteRule(events, managedRule, { dryRun: false }) // { resource: "rule", action: "removed", ... }
 * ```
 */
export async function deleteRule(events: EventBridgeClient, rule: ManagedRule, options: { readonly dryRun: boolean }): Promise<TriggerChange> {
  if (!options.dryRun) {
    const { DeleteRuleCommand, RemoveTargetsCommand } = await eventBridgeModule();
    const ids = (await ruleTargets(events, rule.name)).flatMap((t) => (t.Id === undefined ? [] : [t.Id]));
    for (let i = 0; i < ids.length; i += 100) {
      const Ids = ids.slice(i, i + 100);
      const result = await callAws("RemoveTargets", () => events.send(new RemoveTargetsCommand({ Rule: rule.name, Ids })), { subject: `rule "${rule.name}"` });
      failedEntries("RemoveTargets", rule.name, result);
    }
    try {
      await events.send(new DeleteRuleCommand({ Name: rule.name }));
    } catch (error) {
      if (!isNotFound(error)) await callAws("DeleteRule", () => Promise.reject(error), { subject: `rule "${rule.name}"` });
    }
  }
  return { resource: "rule", name: rule.name, action: "removed", kind: rule.kind === "alert" ? "alert" : "s3-trigger", id: rule.id };
}
