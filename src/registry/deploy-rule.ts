import { createHash } from "node:crypto";
import type { DescribeRuleResponse, EventBridgeClient, Target } from "@aws-sdk/client-eventbridge";
import { callAws, collectPages } from "../aws/call.js";
import { AwsOperationError, isNotFound } from "../aws/errors.js";
import { jsonEqual } from "../aws/json-equal.js";
import { eventBridgeClient, eventBridgeModule, type RegistryClients } from "./clients.js";
import { RegistryError } from "./errors.js";
import { checkOptions, describe, optionShape } from "../options.js";
import { withClients } from "../aws/option-shapes.js";

/**
 * What the deploy function receives when `deploy` is set: the same event as a pipeline's
 * `deployStep`, so one function serves both.
 */
export interface ApprovalDeployEvent {
  /** Sent as `EndpointName`. */
  readonly endpointName: string;
  /** Sent as `InstanceType`, e.g. `"ml.m5.large"`. */
  readonly instanceType: string;
  /** Sent as `InitialInstanceCount`. @default 1 */
  readonly instanceCount?: number;
  /** Sent as `ExecutionRoleArn` when set. */
  readonly role?: string;
}

/** Options of {@link applyApprovalDeployRule}. */
export interface ApprovalDeployRuleOptions {
  /** The model package group whose approvals deploy. */
  readonly group: string;
  /** The deploy Lambda function's ARN. */
  readonly functionArn: string;
  /**
   * The function's input. Without it, the function receives SageMaker's event as it is (the package
   * is `detail.ModelPackageArn`). With it, the `deployStep` event: `ModelPackageArn`, `EndpointName`,
   * `InstanceType`, `InitialInstanceCount`, `ExecutionRoleArn`, and `ModelName` = `EndpointConfigName`
   * = `<endpointName>-v<version>` (unique per version).
   */
  readonly deploy?: ApprovalDeployEvent;
  /** @default approvalDeployRuleName(group) */
  readonly ruleName?: string;
  readonly clients?: RegistryClients;
}

/** The permission the deploy function needs, in the terms of Lambda's AddPermission. */
export interface LambdaInvokePermission {
  readonly functionArn: string;
  readonly action: "lambda:InvokeFunction";
  readonly principal: "events.amazonaws.com";
  /** The rule's ARN: allow only this rule to invoke the function. */
  readonly sourceArn: string;
}

/** What {@link applyApprovalDeployRule} did. */
export interface ApprovalDeployRuleResult {
  readonly ruleName: string;
  readonly ruleArn: string;
  readonly rule: "created" | "updated" | "unchanged";
  readonly target: "created" | "updated" | "unchanged";
  /** What the function's resource policy must allow (sagepipe does not change it; see the README). */
  readonly lambdaPermission: LambdaInvokePermission;
}

/** The Id of the rule's target. */
export const APPROVAL_DEPLOY_TARGET_ID = "sagepipe-deploy";

const RULE_PREFIX = "sagepipe_deploy_";
const MAX_RULE_NAME = 64;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/;
const RESOURCE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/**
 * The default name of a group's approval deploy rule: `sagepipe_deploy_<group>`, shortened with a
 * hash when longer than EventBridge's 64 characters. The underscores keep it apart from the rules
 * sagepipe names after pipelines (pipeline names have no underscore).
 *
 * @example
 * ```ts
 * approvalDeployRuleName("churn-models"); // "sagepipe_deploy_churn-models"
 * ```
 */
export function approvalDeployRuleName(group: string): string {
  const name = `${RULE_PREFIX}${group}`;
  if (name.length <= MAX_RULE_NAME) return name;
  const hash = createHash("sha256").update(group).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_RULE_NAME - hash.length - 1)}-${hash}`;
}

/**
 * The EventBridge pattern of a group's approvals: SageMaker's "Model Package State Change" events
 * of `group` whose `ModelApprovalStatus` is `Approved` (a version registered as Approved, or
 * approved later).
 *
 * @example
 * ```ts
 * approvalEventPattern("churn-models");
 * // { source: ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"],
 * //   detail: { ModelPackageGroupName: ["churn-models"], ModelApprovalStatus: ["Approved"] } }
 * ```
 */
export function approvalEventPattern(group: string): Record<string, unknown> {
  return {
    source: ["aws.sagemaker"],
    "detail-type": ["SageMaker Model Package State Change"],
    detail: { ModelPackageGroupName: [group], ModelApprovalStatus: ["Approved"] },
  };
}

const DEPLOY_RULE_OPTIONS = withClients(
  optionShape<ApprovalDeployRuleOptions>(
    { group: true, functionArn: true, deploy: true, ruleName: true, clients: true },
    { deploy: { object: optionShape<ApprovalDeployEvent>({ endpointName: true, instanceType: true, instanceCount: true, role: true }) } },
  ),
);

/**
 * Makes approving a model version deploy it: an EventBridge rule on the group's approvals (see
 * {@link approvalEventPattern}) with the deploy Lambda as its target. Idempotent: the rule and the
 * target are read first (DescribeRule, ListTargetsByRule) and written only when missing or different,
 * so applying twice writes nothing the second time. Other targets on the rule are left alone.
 * {@link removeApprovalDeployRule} undoes it.
 *
 * The function must allow EventBridge to invoke it (`result.lambdaPermission`): sagepipe does not
 * edit the function's policy, e.g. `aws lambda add-permission --function-name <fn> --statement-id
 * sagepipe-deploy --action lambda:InvokeFunction --principal events.amazonaws.com --source-arn <rule arn>`.
 *
 * @example
 * ```ts
 * const result = await applyApprovalDeployRule({
 *   group: "churn-models",
 *   functionArn: "arn:aws:lambda:us-east-1:111111111111:function:sagepipe-deploy",
 *   deploy: { endpointName: "churn-predictor", instanceType: "ml.m5.large" },
 * });
 * result.rule; // "created", then "unchanged" on the next apply
 * ```
 */
export async function applyApprovalDeployRule(options: ApprovalDeployRuleOptions): Promise<ApprovalDeployRuleResult> {
  checkOptions("applyApprovalDeployRule", options, DEPLOY_RULE_OPTIONS);
  const { group, functionArn } = options;
  checkRuleOptions(options);
  const ruleName = options.ruleName ?? approvalDeployRuleName(group);
  const eventBridge = await eventBridgeClient(options.clients);
  const module = await eventBridgeModule();

  const pattern = approvalEventPattern(group);
  const description = `sagepipe: deploy approved versions of model package group ${group}`;
  const existing = await describeRule(eventBridge, ruleName);
  let rule: ApprovalDeployRuleResult["rule"] = "unchanged";
  let ruleArn = existing?.Arn;
  if (existing === undefined || !sameRule(existing, pattern, description)) {
    const put = await callAws(
      "PutRule",
      () =>
        eventBridge.send(
          new module.PutRuleCommand({
            Name: ruleName,
            EventPattern: JSON.stringify(pattern),
            State: "ENABLED",
            Description: description,
            // tags are set when the rule is created; an update leaves them as they are
            ...(existing === undefined
              ? { Tags: [{ Key: "sagepipe:managed-by", Value: "sagepipe" }, { Key: "sagepipe:model-package-group", Value: group }] }
              : {}),
          }),
        ),
      { subject: `rule ${ruleName}` },
    );
    rule = existing === undefined ? "created" : "updated";
    ruleArn = put.RuleArn ?? ruleArn;
  }

  const desired = deployTarget(functionArn, options.deploy);
  const current = (await listTargets(eventBridge, ruleName)).find((target) => target.Id === APPROVAL_DEPLOY_TARGET_ID);
  let target: ApprovalDeployRuleResult["target"] = "unchanged";
  if (current === undefined || !sameTarget(current, desired)) {
    const put = await callAws("PutTargets", () => eventBridge.send(new module.PutTargetsCommand({ Rule: ruleName, Targets: [desired] })), {
      subject: `rule ${ruleName}`,
    });
    if ((put.FailedEntryCount ?? 0) > 0) {
      const failure = put.FailedEntries?.[0];
      throw new AwsOperationError(
        "aws-request-failed",
        `PutTargets for rule ${ruleName} failed: ${failure?.ErrorCode ?? "error"}: ${failure?.ErrorMessage ?? "no message"}`,
        { operation: "PutTargets", ...(failure?.ErrorCode === undefined ? {} : { awsErrorName: failure.ErrorCode }), ...(failure?.ErrorMessage === undefined ? {} : { awsMessage: failure.ErrorMessage }) },
      );
    }
    target = current === undefined ? "created" : "updated";
  }

  const arn = ruleArn ?? ruleArnFor(functionArn, ruleName);
  return {
    ruleName,
    ruleArn: arn,
    rule,
    target,
    lambdaPermission: { functionArn, action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: arn },
  };
}

const REMOVE_DEPLOY_RULE_OPTIONS = withClients(optionShape<{ readonly group: string; readonly ruleName?: string; readonly clients?: RegistryClients }>({ group: true, ruleName: true, clients: true }));

/**
 * Removes a group's approval deploy rule: every target (RemoveTargets), then the rule (DeleteRule).
 * `"absent"` when there is no such rule, so removing twice is harmless.
 *
 * @example
 * ```ts
 * await removeApprovalDeployRule({ group: "churn-models" }); // { ruleName: "sagepipe_deploy_churn-models", status: "removed" }
 * ```
 */
export async function removeApprovalDeployRule(options: {
  readonly group: string;
  readonly ruleName?: string;
  readonly clients?: RegistryClients;
}): Promise<{ readonly ruleName: string; readonly status: "removed" | "absent" }> {
  checkOptions("removeApprovalDeployRule", options, REMOVE_DEPLOY_RULE_OPTIONS);
  const ruleName = options.ruleName ?? approvalDeployRuleName(options.group);
  const eventBridge = await eventBridgeClient(options.clients);
  const module = await eventBridgeModule();
  if ((await describeRule(eventBridge, ruleName)) === undefined) return { ruleName, status: "absent" };
  const ids = (await listTargets(eventBridge, ruleName)).flatMap((target) => (target.Id === undefined ? [] : [target.Id]));
  if (ids.length > 0) {
    await callAws("RemoveTargets", () => eventBridge.send(new module.RemoveTargetsCommand({ Rule: ruleName, Ids: ids })), { subject: `rule ${ruleName}` });
  }
  await callAws("DeleteRule", () => eventBridge.send(new module.DeleteRuleCommand({ Name: ruleName })), { subject: `rule ${ruleName}` });
  return { ruleName, status: "removed" };
}

/** A value in a message: a string quoted, anything else described (`undefined`, `a number`). */
const shown = (value: unknown): string => (typeof value === "string" ? `"${value}"` : describe(value));

function checkRuleOptions(options: ApprovalDeployRuleOptions): void {
  // (typeof first: a regular expression tests String(undefined), "undefined", which is a valid name:
  // `group: process.env.GROUP` with the variable unset would make a rule for a group "undefined")
  if (typeof options.group !== "string" || !RESOURCE_NAME.test(options.group)) {
    throw new RegistryError("invalid-registry-option", `${shown(options.group)} is not a model package group name (1-63 letters, digits and hyphens)`);
  }
  if (typeof options.functionArn !== "string" || !FUNCTION_ARN.test(options.functionArn)) {
    throw new RegistryError("invalid-registry-option", `functionArn must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>), got ${shown(options.functionArn)}`);
  }
  if (options.ruleName !== undefined && (typeof options.ruleName !== "string" || !/^[.\-_A-Za-z0-9]{1,64}$/.test(options.ruleName))) {
    throw new RegistryError("invalid-registry-option", `ruleName must be 1-64 letters, digits, ".", "-" or "_", got ${shown(options.ruleName)}`);
  }
  const deploy = options.deploy;
  if (deploy !== undefined) {
    if (typeof deploy.endpointName !== "string" || !RESOURCE_NAME.test(deploy.endpointName)) {
      throw new RegistryError("invalid-registry-option", `deploy.endpointName ${shown(deploy.endpointName)} is not an endpoint name (1-63 letters, digits and hyphens)`);
    }
    if (deploy.instanceCount !== undefined && !(Number.isInteger(deploy.instanceCount) && deploy.instanceCount >= 1)) {
      throw new RegistryError("invalid-registry-option", `deploy.instanceCount must be a positive integer, got ${deploy.instanceCount}`);
    }
  }
}

/** The deploy target; with `deploy`, an input transformer that builds the `deployStep` event. */
function deployTarget(functionArn: string, deploy: ApprovalDeployEvent | undefined): Target {
  if (deploy === undefined) return { Id: APPROVAL_DEPLOY_TARGET_ID, Arn: functionArn };
  // "-v" and up to 6 digits of version must fit in SageMaker's 63-character names
  const perVersion = `${deploy.endpointName.slice(0, 63 - 8)}-v<version>`;
  const event = {
    ModelPackageArn: "<arn>",
    EndpointName: deploy.endpointName,
    InstanceType: deploy.instanceType,
    InitialInstanceCount: deploy.instanceCount ?? 1,
    ModelName: perVersion,
    EndpointConfigName: perVersion,
    ...(deploy.role === undefined ? {} : { ExecutionRoleArn: deploy.role }),
  };
  return {
    Id: APPROVAL_DEPLOY_TARGET_ID,
    Arn: functionArn,
    InputTransformer: {
      InputPathsMap: { arn: "$.detail.ModelPackageArn", version: "$.detail.ModelPackageVersion" },
      InputTemplate: JSON.stringify(event),
    },
  };
}

async function describeRule(eventBridge: EventBridgeClient, name: string): Promise<DescribeRuleResponse | undefined> {
  const { DescribeRuleCommand } = await eventBridgeModule();
  try {
    return await eventBridge.send(new DescribeRuleCommand({ Name: name }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    return callAws("DescribeRule", () => Promise.reject(error), { subject: `rule ${name}` });
  }
}

async function listTargets(eventBridge: EventBridgeClient, rule: string): Promise<Target[]> {
  const { ListTargetsByRuleCommand } = await eventBridgeModule();
  return collectPages(async (NextToken) => {
    const page = await callAws(
      "ListTargetsByRule",
      () => eventBridge.send(new ListTargetsByRuleCommand({ Rule: rule, ...(NextToken === undefined ? {} : { NextToken }) })),
      { subject: `rule ${rule}` },
    );
    return { items: page.Targets, nextToken: page.NextToken };
  });
}

function sameRule(existing: DescribeRuleResponse, pattern: unknown, description: string): boolean {
  let deployed: unknown;
  try {
    deployed = JSON.parse(existing.EventPattern ?? "null");
  } catch {
    return false;
  }
  return jsonEqual(deployed, pattern) && existing.State === "ENABLED" && existing.Description === description;
}

function sameTarget(current: Target, desired: Target): boolean {
  const template = (target: Target) => {
    const text = target.InputTransformer?.InputTemplate;
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  };
  return (
    current.Arn === desired.Arn &&
    current.Input === undefined &&
    current.InputPath === undefined &&
    jsonEqual(current.InputTransformer?.InputPathsMap ?? null, desired.InputTransformer?.InputPathsMap ?? null) &&
    jsonEqual(template(current) ?? null, template(desired) ?? null)
  );
}

/** The rule's ARN from the function's region and account, when EventBridge did not return it. */
function ruleArnFor(functionArn: string, ruleName: string): string {
  const [, partition, , region, account] = functionArn.split(":");
  return `arn:${partition ?? "aws"}:events:${region ?? ""}:${account ?? ""}:rule/${ruleName}`;
}
