import { PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import { pipeline } from "sagepipe";
import { alertRules, applyAlerts, onFailure } from "../../src/triggers/index.js";
import { fakeAws, pipelineArn, TOPIC } from "./support.js";

const churn = pipeline("Churn").param("Threshold", "Float", { default: 0.8 }).fail("Stop", "stopped");
const ARN = pipelineArn("Churn");

describe("the alert rules", () => {
  it("execution status change: Failed, for this pipeline's ARN (any case)", () => {
    const [execution] = alertRules("Churn", ARN, onFailure({ snsTopicArn: TOPIC }));
    expect(execution.eventPattern).toEqual({
      source: ["aws.sagemaker"],
      "detail-type": ["SageMaker Model Building Pipeline Execution Status Change"],
      detail: { currentPipelineExecutionStatus: ["Failed"], pipelineArn: [{ "equals-ignore-case": ARN }] },
    });
  });

  it("with onSuccess, Succeeded too", () => {
    const [execution] = alertRules("Churn", ARN, onFailure({ snsTopicArn: TOPIC, onSuccess: true }));
    expect((execution.eventPattern.detail as Record<string, unknown>).currentPipelineExecutionStatus).toEqual(["Failed", "Succeeded"]);
  });

  it("step status change (Failed) names the step, its type and the reason", () => {
    const [, step] = alertRules("Churn", ARN, onFailure({ snsTopicArn: TOPIC }));
    expect(step.eventPattern).toEqual({
      source: ["aws.sagemaker"],
      "detail-type": ["SageMaker Model Building Pipeline Execution Step Status Change"],
      detail: { currentStepStatus: ["Failed"], pipelineArn: [{ "equals-ignore-case": ARN }] },
    });
    expect(step.inputTransformer.InputPathsMap).toEqual({
      step: "$.detail.stepName",
      type: "$.detail.stepType",
      reason: "$.detail.failureReason",
      execution: "$.detail.pipelineExecutionArn",
    });
  });

  it("the input templates are readable text, one quoted line per fact, the pipeline named", () => {
    const [execution, step] = alertRules("Churn", ARN, onFailure({ snsTopicArn: TOPIC }));
    expect(step.inputTransformer.InputTemplate).toBe(['"SageMaker pipeline Churn: step <step> (<type>) failed"', '"Reason: <reason>"', '"Execution: <execution>"'].join("\n"));
    expect(execution.inputTransformer.InputTemplate.split("\n")[0]).toBe('"SageMaker pipeline Churn: execution <status>"');
    // every placeholder is defined, and each line is a JSON string
    for (const rule of [execution, step]) {
      const placeholders = [...rule.inputTransformer.InputTemplate.matchAll(/<([a-z]+)>/g)].map((m) => m[1]);
      for (const name of placeholders) expect(rule.inputTransformer.InputPathsMap).toHaveProperty(name as string);
      for (const line of rule.inputTransformer.InputTemplate.split("\n")) expect(typeof JSON.parse(line)).toBe("string");
    }
  });

  it("filled in with a sample step event, the message says pipeline, execution, step and reason", () => {
    const [, step] = alertRules("Churn", ARN, onFailure({ snsTopicArn: TOPIC }));
    const event = {
      detail: {
        stepName: "Train",
        stepType: "Training",
        failureReason: "ClientError: instance type ml.p3.2xlarge is not available",
        pipelineExecutionArn: `${ARN}/execution/abc123`,
      },
    };
    const values = Object.fromEntries(
      Object.entries(step.inputTransformer.InputPathsMap).map(([name, path]) => [name, path.split(".").slice(1).reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], event)]),
    );
    const message = step.inputTransformer.InputTemplate.replace(/<([a-z]+)>/g, (_, name: string) => String(values[name]))
      .split("\n")
      .map((line) => JSON.parse(line) as string)
      .join("\n");
    expect(message).toBe(
      `SageMaker pipeline Churn: step Train (Training) failed\nReason: ClientError: instance type ml.p3.2xlarge is not available\nExecution: ${ARN}/execution/abc123`,
    );
  });
});

describe("applyAlerts", () => {
  it("creates the two rules, tagged as alerts, targeting the topic with the input transformer", async () => {
    const aws = fakeAws();
    const result = await applyAlerts(churn.onFailure({ snsTopicArn: TOPIC }), { clients: aws.clients });
    expect(aws.events.commandCalls(PutRuleCommand).map((c) => c.args[0].input.Name)).toEqual(["sagepipe-Churn-alert-execution", "sagepipe-Churn-alert-step"]);
    expect(aws.events.commandCalls(PutRuleCommand)[1]?.args[0].input.Tags).toContainEqual({ Key: "sagepipe:kind", Value: "alert" });
    const target = aws.events.commandCalls(PutTargetsCommand)[1]?.args[0].input.Targets?.[0];
    expect(target).toMatchObject({ Id: "sagepipe-sns", Arn: TOPIC, InputTransformer: { InputPathsMap: { step: "$.detail.stepName" } } });
    expect(target).not.toHaveProperty("RoleArn");
    expect(result.changes.map((c) => `${c.action} ${c.name}`)).toEqual(["created sagepipe-Churn-alert-execution", "created sagepipe-Churn-alert-step"]);
  });

  it("is idempotent", async () => {
    const aws = fakeAws();
    await applyAlerts(churn.onFailure({ snsTopicArn: TOPIC }), { clients: aws.clients });
    aws.resetHistory();
    const second = await applyAlerts(churn.onFailure({ snsTopicArn: TOPIC }), { clients: aws.clients });
    expect(aws.writes()).toEqual([]);
    expect(second.changes.map((c) => c.action)).toEqual(["unchanged", "unchanged"]);
  });

  it("turning onSuccess on updates the execution rule's pattern only", async () => {
    const aws = fakeAws();
    await applyAlerts(churn.onFailure({ snsTopicArn: TOPIC }), { clients: aws.clients });
    aws.resetHistory();
    const result = await applyAlerts(churn.onFailure({ snsTopicArn: TOPIC, onSuccess: true }), { clients: aws.clients });
    expect(result.changes.map((c) => c.action)).toEqual(["updated", "unchanged"]);
    expect(result.changes[0]?.changed).toContain("event pattern");
  });

  it("an alert no longer declared is removed; trigger rules are left to applyTriggers", async () => {
    const aws = fakeAws();
    await applyAlerts(churn.onFailure({ snsTopicArn: TOPIC }), { clients: aws.clients });
    aws.resetHistory();
    const result = await applyAlerts(churn, { clients: aws.clients });
    expect(result.changes.map((c) => `${c.action} ${c.name}`)).toEqual(["removed sagepipe-Churn-alert-execution", "removed sagepipe-Churn-alert-step"]);
    expect(aws.state.rules.size).toBe(0);
    expect(aws.sagemaker.calls()).toHaveLength(0); // no ARN needed to remove
  });
});
