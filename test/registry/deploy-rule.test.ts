import { DeleteRuleCommand, DescribeRuleCommand, ListTargetsByRuleCommand, PutRuleCommand, PutTargetsCommand, RemoveTargetsCommand } from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import { applyApprovalDeployRule, approvalDeployRuleName, approvalEventPattern, removeApprovalDeployRule } from "../../src/registry/index.js";
import { eventBridgeError, FUNCTION_ARN, GROUP, mockedRegistryAws } from "./support.js";

const RULE = "sagepipe_deploy_churn-models";
const RULE_ARN = `arn:aws:events:us-east-1:111111111111:rule/${RULE}`;
const PATTERN = {
  source: ["aws.sagemaker"],
  "detail-type": ["SageMaker Model Package State Change"],
  detail: { ModelPackageGroupName: [GROUP], ModelApprovalStatus: ["Approved"] },
};
const DESCRIPTION = "sagepipe: deploy approved versions of model package group churn-models";
const notFound = () => eventBridgeError("ResourceNotFoundException", `Rule ${RULE} does not exist on EventBus default.`);

/** EventBridge with no rule yet: every write succeeds. */
function empty() {
  const aws = mockedRegistryAws();
  aws.eb.on(DescribeRuleCommand).rejects(notFound());
  aws.eb.on(PutRuleCommand).resolves({ RuleArn: RULE_ARN });
  aws.eb.on(ListTargetsByRuleCommand).resolves({ Targets: [] });
  aws.eb.on(PutTargetsCommand).resolves({ FailedEntryCount: 0, FailedEntries: [] });
  return aws;
}

/** EventBridge holding exactly what the last apply wrote (as EventBridge returns it). */
function applied(targets: unknown[]) {
  const aws = mockedRegistryAws();
  // EventBridge returns the pattern with its own spacing and key order
  aws.eb.on(DescribeRuleCommand).resolves({
    Name: RULE,
    Arn: RULE_ARN,
    State: "ENABLED",
    Description: DESCRIPTION,
    EventPattern: JSON.stringify({ detail: { ModelApprovalStatus: ["Approved"], ModelPackageGroupName: [GROUP] }, "detail-type": PATTERN["detail-type"], source: PATTERN.source }, null, 1),
  });
  aws.eb.on(ListTargetsByRuleCommand).resolves({ Targets: targets as never });
  aws.eb.on(PutRuleCommand).resolves({ RuleArn: RULE_ARN });
  aws.eb.on(PutTargetsCommand).resolves({ FailedEntryCount: 0 });
  return aws;
}

describe("applyApprovalDeployRule", () => {
  it("creates the rule on the group's approvals and targets the deploy function", async () => {
    const { clients, eb } = empty();

    const result = await applyApprovalDeployRule({ group: GROUP, functionArn: FUNCTION_ARN, clients });

    expect(result).toEqual({
      ruleName: RULE,
      ruleArn: RULE_ARN,
      rule: "created",
      target: "created",
      lambdaPermission: { functionArn: FUNCTION_ARN, action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: RULE_ARN },
    });
    const putRule = eb.commandCalls(PutRuleCommand).map((call) => call.args[0].input);
    expect(putRule).toEqual([
      {
        Name: RULE,
        EventPattern: JSON.stringify(PATTERN),
        State: "ENABLED",
        Description: DESCRIPTION,
        Tags: [
          { Key: "sagepipe:managed-by", Value: "sagepipe" },
          { Key: "sagepipe:model-package-group", Value: GROUP },
        ],
      },
    ]);
    expect(eb.commandCalls(PutTargetsCommand).map((call) => call.args[0].input)).toEqual([{ Rule: RULE, Targets: [{ Id: "sagepipe-deploy", Arn: FUNCTION_ARN }] }]);
  });

  it("is idempotent: a second apply finds everything in place and writes nothing", async () => {
    const { clients, eb } = applied([{ Id: "sagepipe-deploy", Arn: FUNCTION_ARN }]);

    const result = await applyApprovalDeployRule({ group: GROUP, functionArn: FUNCTION_ARN, clients });

    expect(result).toMatchObject({ ruleArn: RULE_ARN, rule: "unchanged", target: "unchanged" });
    expect(eb.commandCalls(PutRuleCommand)).toHaveLength(0);
    expect(eb.commandCalls(PutTargetsCommand)).toHaveLength(0);
  });

  it("updates only the target when the function changes, leaving other targets alone", async () => {
    const other = { Id: "audit-queue", Arn: "arn:aws:sqs:us-east-1:111111111111:audit" };
    const { clients, eb } = applied([{ Id: "sagepipe-deploy", Arn: `${FUNCTION_ARN}-old` }, other]);

    const result = await applyApprovalDeployRule({ group: GROUP, functionArn: FUNCTION_ARN, clients });

    expect(result).toMatchObject({ rule: "unchanged", target: "updated" });
    expect(eb.commandCalls(PutTargetsCommand)[0]?.args[0].input).toEqual({ Rule: RULE, Targets: [{ Id: "sagepipe-deploy", Arn: FUNCTION_ARN }] });
    expect(eb.commandCalls(RemoveTargetsCommand)).toHaveLength(0);
  });

  it("updates a rule that was disabled by hand, without touching its tags", async () => {
    const { clients, eb } = applied([{ Id: "sagepipe-deploy", Arn: FUNCTION_ARN }]);
    eb.on(DescribeRuleCommand).resolves({ Name: RULE, Arn: RULE_ARN, State: "DISABLED", Description: DESCRIPTION, EventPattern: JSON.stringify(PATTERN) });

    await expect(applyApprovalDeployRule({ group: GROUP, functionArn: FUNCTION_ARN, clients })).resolves.toMatchObject({ rule: "updated", target: "unchanged" });
    expect(eb.commandCalls(PutRuleCommand)[0]?.args[0].input).toEqual({ Name: RULE, EventPattern: JSON.stringify(PATTERN), State: "ENABLED", Description: DESCRIPTION });
  });

  it("with deploy options, sends the deployStep event through an input transformer", async () => {
    const { clients, eb } = empty();
    const deploy = { endpointName: "churn-predictor", instanceType: "ml.m5.large", role: "arn:aws:iam::111111111111:role/SageMakerRole" };

    await applyApprovalDeployRule({ group: GROUP, functionArn: FUNCTION_ARN, deploy, clients });

    const [target] = eb.commandCalls(PutTargetsCommand)[0]?.args[0].input.Targets ?? [];
    expect(target?.InputTransformer?.InputPathsMap).toEqual({ arn: "$.detail.ModelPackageArn", version: "$.detail.ModelPackageVersion" });
    expect(JSON.parse(target?.InputTransformer?.InputTemplate ?? "")).toEqual({
      ModelPackageArn: "<arn>",
      EndpointName: "churn-predictor",
      InstanceType: "ml.m5.large",
      InitialInstanceCount: 1,
      ModelName: "churn-predictor-v<version>",
      EndpointConfigName: "churn-predictor-v<version>",
      ExecutionRoleArn: "arn:aws:iam::111111111111:role/SageMakerRole",
    });

    // applied again with the same options: the transformer is recognised, nothing is written
    const again = applied([target]);
    await expect(applyApprovalDeployRule({ group: GROUP, functionArn: FUNCTION_ARN, deploy, clients: again.clients })).resolves.toMatchObject({ rule: "unchanged", target: "unchanged" });
    // a different instance type is a target update
    await expect(applyApprovalDeployRule({ group: GROUP, functionArn: FUNCTION_ARN, deploy: { ...deploy, instanceType: "ml.c5.large" }, clients: again.clients })).resolves.toMatchObject({ target: "updated" });
  });

  it("reports a target EventBridge refused", async () => {
    const { clients, eb } = empty();
    eb.on(PutTargetsCommand).resolves({ FailedEntryCount: 1, FailedEntries: [{ TargetId: "sagepipe-deploy", ErrorCode: "ValidationException", ErrorMessage: "bad target" }] });
    await expect(applyApprovalDeployRule({ group: GROUP, functionArn: FUNCTION_ARN, clients })).rejects.toMatchObject({
      code: "aws-request-failed",
      operation: "PutTargets",
      awsErrorName: "ValidationException",
    });
  });

  it("checks its options before any call", async () => {
    const { clients, eb } = empty();
    await expect(applyApprovalDeployRule({ group: GROUP, functionArn: "sagepipe-deploy", clients })).rejects.toMatchObject({ code: "invalid-registry-option" });
    await expect(applyApprovalDeployRule({ group: "churn_models", functionArn: FUNCTION_ARN, clients })).rejects.toMatchObject({ code: "invalid-registry-option" });
    await expect(
      applyApprovalDeployRule({ group: GROUP, functionArn: FUNCTION_ARN, deploy: { endpointName: "churn", instanceType: "ml.m5.large", instanceCount: 0 }, clients }),
    ).rejects.toMatchObject({ code: "invalid-registry-option" });
    expect(eb.calls()).toHaveLength(0);
  });

  it("refuses a missing group or endpoint name (an unset environment variable) instead of a rule for the group \"undefined\"", async () => {
    // a regular expression tests String(undefined), "undefined": a valid group and endpoint name
    const { clients, eb } = empty();
    const unset = process.env.SAGEPIPE_TEST_UNSET_VARIABLE as string;
    await expect(applyApprovalDeployRule({ group: unset, functionArn: FUNCTION_ARN, clients })).rejects.toMatchObject({
      code: "invalid-registry-option",
      message: "undefined is not a model package group name (1-63 letters, digits and hyphens)",
    });
    await expect(
      applyApprovalDeployRule({ group: GROUP, functionArn: FUNCTION_ARN, deploy: { endpointName: unset, instanceType: "ml.m5.large" }, clients }),
    ).rejects.toMatchObject({ code: "invalid-registry-option", message: "deploy.endpointName undefined is not an endpoint name (1-63 letters, digits and hyphens)" });
    await expect(applyApprovalDeployRule({ group: GROUP, functionArn: FUNCTION_ARN, ruleName: 5 as unknown as string, clients })).rejects.toMatchObject({
      code: "invalid-registry-option",
      message: 'ruleName must be 1-64 letters, digits, ".", "-" or "_", got a number',
    });
    expect(eb.calls()).toHaveLength(0);
  });
});

describe("removeApprovalDeployRule", () => {
  it("removes every target, then the rule", async () => {
    const { clients, eb } = applied([{ Id: "sagepipe-deploy", Arn: FUNCTION_ARN }, { Id: "audit-queue", Arn: "arn:aws:sqs:us-east-1:111111111111:audit" }]);
    eb.on(RemoveTargetsCommand).resolves({ FailedEntryCount: 0 });
    eb.on(DeleteRuleCommand).resolves({});

    await expect(removeApprovalDeployRule({ group: GROUP, clients })).resolves.toEqual({ ruleName: RULE, status: "removed" });
    expect(eb.commandCalls(RemoveTargetsCommand)[0]?.args[0].input).toEqual({ Rule: RULE, Ids: ["sagepipe-deploy", "audit-queue"] });
    expect(eb.commandCalls(DeleteRuleCommand)[0]?.args[0].input).toEqual({ Name: RULE });
  });

  it("is harmless when the rule is not there", async () => {
    const { clients, eb } = empty();
    await expect(removeApprovalDeployRule({ group: GROUP, clients })).resolves.toEqual({ ruleName: RULE, status: "absent" });
    expect(eb.commandCalls(DeleteRuleCommand)).toHaveLength(0);
  });
});

describe("rule naming and pattern", () => {
  it("keeps names within EventBridge's 64 characters, distinct per group", () => {
    expect(approvalDeployRuleName(GROUP)).toBe(RULE);
    const long = `a${"-b".repeat(31)}`; // 63 characters, the longest group name
    const other = `c${"-b".repeat(31)}`;
    expect(approvalDeployRuleName(long)).toHaveLength(64);
    expect(approvalDeployRuleName(long)).toMatch(/^sagepipe_deploy_a-b.*-[0-9a-f]{8}$/);
    expect(approvalDeployRuleName(long)).not.toBe(approvalDeployRuleName(other));
  });

  it("matches approvals of this group only", () => {
    expect(approvalEventPattern(GROUP)).toEqual(PATTERN);
  });
});
