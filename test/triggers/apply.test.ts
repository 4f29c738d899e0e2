import { GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, type NotificationConfiguration } from "@aws-sdk/client-s3";
import { DescribePipelineCommand } from "@aws-sdk/client-sagemaker";
import { CreateScheduleCommand, UpdateScheduleCommand } from "@aws-sdk/client-scheduler";
import { PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import { pipeline } from "sagepipe";
import { applyTriggers, eventPath, hasChanges, onS3, schedule } from "../../src/triggers/index.js";
import { fakeAws, pipelineArn, ROLE } from "./support.js";

const base = pipeline("Churn")
  .param("InputBucket", "String", { default: "churn-data" })
  .param("InputKey", "String", { default: "incoming/data.csv" })
  .param("Mode", "String", { default: "full", enum: ["full", "incremental"] })
  .param("Epochs", "Integer", { default: 10 })
  .fail("Stop", "stopped");

const withS3 = (prefix = "incoming/") =>
  base.trigger(
    onS3({
      bucket: "churn-data",
      prefix,
      markerFile: "_SUCCESS",
      parameters: { InputBucket: eventPath("$.detail.bucket.name"), InputKey: eventPath("$.detail.object.key"), Mode: "incremental" },
      retry: { maximumRetryAttempts: 3, maximumEventAgeSeconds: 3600 },
      deadLetterQueueArn: "arn:aws:sqs:us-east-1:111111111111:churn-dlq",
    }),
  );

// what the bucket already has: a Lambda, a queue and a topic, with filters and ids
const EXISTING: NotificationConfiguration = {
  LambdaFunctionConfigurations: [
    {
      Id: "thumbnails",
      LambdaFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:thumbs",
      Events: ["s3:ObjectCreated:*"],
      Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "images/" }, { Name: "suffix", Value: ".jpg" }] } },
    },
  ],
  QueueConfigurations: [{ Id: "audit", QueueArn: "arn:aws:sqs:us-east-1:111111111111:audit", Events: ["s3:ObjectRemoved:*"] }],
  TopicConfigurations: [{ Id: "ops", TopicArn: "arn:aws:sns:us-east-1:111111111111:ops", Events: ["s3:ObjectRestore:Completed"] }],
};

describe("applyTriggers: the bucket's notification configuration", () => {
  it("read-modify-write: the existing Lambda, queue and topic configurations are sent back exactly, plus EventBridge", async () => {
    const aws = fakeAws();
    aws.state.notifications.set("churn-data", structuredClone(EXISTING));
    await applyTriggers(withS3(), { roleArn: ROLE, clients: aws.clients });

    const puts = aws.s3.commandCalls(PutBucketNotificationConfigurationCommand);
    expect(puts).toHaveLength(1);
    const sent = puts[0]?.args[0].input;
    expect(sent?.Bucket).toBe("churn-data");
    expect(sent?.NotificationConfiguration).toEqual({ ...EXISTING, EventBridgeConfiguration: {} });
    // byte for byte: the same JSON, in the same order, with EventBridge added at the end
    expect(JSON.stringify(sent?.NotificationConfiguration)).toBe(JSON.stringify({ ...EXISTING, EventBridgeConfiguration: {} }));
    expect(sent?.SkipDestinationValidation).toBe(true);
  });

  it("EventBridge already enabled: no Put", async () => {
    const aws = fakeAws();
    aws.state.notifications.set("churn-data", { ...structuredClone(EXISTING), EventBridgeConfiguration: {} });
    const result = await applyTriggers(withS3(), { roleArn: ROLE, clients: aws.clients });
    expect(aws.s3.commandCalls(GetBucketNotificationConfigurationCommand)).toHaveLength(1);
    expect(aws.s3.commandCalls(PutBucketNotificationConfigurationCommand)).toHaveLength(0);
    expect(result.changes[0]).toEqual({ resource: "bucket-notification", name: "churn-data", action: "unchanged" });
  });

  it("one Get per bucket, even with two triggers on it", async () => {
    const aws = fakeAws();
    const two = withS3().trigger(onS3({ bucket: "churn-data", prefix: "other/", id: "other" }));
    await applyTriggers(two, { roleArn: ROLE, clients: aws.clients });
    expect(aws.s3.commandCalls(GetBucketNotificationConfigurationCommand)).toHaveLength(1);
  });
});

describe("applyTriggers: the S3 rule", () => {
  it("creates the rule (Object Created under the marker file, tagged) and its target (pipeline, role, parameters, retry, DLQ)", async () => {
    const aws = fakeAws();
    const result = await applyTriggers(withS3(), { roleArn: ROLE, clients: aws.clients });

    const rule = aws.events.commandCalls(PutRuleCommand)[0]?.args[0].input;
    expect(rule?.Name).toBe("sagepipe-Churn-s3-churn-data");
    expect(JSON.parse(rule?.EventPattern ?? "")).toEqual({
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: { bucket: { name: ["churn-data"] }, object: { key: ["incoming/_SUCCESS", { wildcard: "incoming/*/_SUCCESS" }] } },
    });
    expect(rule?.State).toBe("ENABLED");
    expect(rule?.Tags).toEqual([
      { Key: "sagepipe:managed-by", Value: "sagepipe" },
      { Key: "sagepipe:pipeline", Value: "Churn" },
      { Key: "sagepipe:kind", Value: "s3-trigger" },
      { Key: "sagepipe:id", Value: "s3-churn-data" },
    ]);

    const targets = aws.events.commandCalls(PutTargetsCommand)[0]?.args[0].input;
    expect(targets).toEqual({
      Rule: "sagepipe-Churn-s3-churn-data",
      Targets: [
        {
          Id: "sagepipe-pipeline",
          Arn: pipelineArn("Churn"),
          RoleArn: ROLE,
          // dynamic values are whole event paths; static values are text
          SageMakerPipelineParameters: {
            PipelineParameterList: [
              { Name: "InputBucket", Value: "$.detail.bucket.name" },
              { Name: "InputKey", Value: "$.detail.object.key" },
              { Name: "Mode", Value: "incremental" },
            ],
          },
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: "arn:aws:sqs:us-east-1:111111111111:churn-dlq" },
        },
      ],
    });
    expect(result).toMatchObject({ pipelineName: "Churn", pipelineArn: pipelineArn("Churn"), dryRun: false });
    expect(result.changes).toContainEqual({ resource: "rule", name: "sagepipe-Churn-s3-churn-data", action: "created", kind: "s3-trigger", id: "s3-churn-data" });
  });

  it("is idempotent: the second apply writes nothing and says unchanged", async () => {
    const aws = fakeAws();
    await applyTriggers(withS3(), { roleArn: ROLE, clients: aws.clients });
    aws.resetHistory();

    const second = await applyTriggers(withS3(), { roleArn: ROLE, clients: aws.clients });
    expect(aws.writes()).toEqual([]);
    expect(hasChanges(second)).toBe(false);
    expect(second.changes.map((c) => c.action)).toEqual(["unchanged", "unchanged"]);
  });

  it("a changed prefix updates the same rule (PutRule only: the target did not change)", async () => {
    const aws = fakeAws();
    await applyTriggers(withS3("incoming/"), { roleArn: ROLE, clients: aws.clients });
    aws.resetHistory();

    const result = await applyTriggers(withS3("landing/"), { roleArn: ROLE, clients: aws.clients });
    expect(aws.writes()).toEqual(["PutRule"]);
    expect(JSON.parse(aws.state.rules.get("sagepipe-Churn-s3-churn-data")?.EventPattern ?? "").detail.object.key).toEqual([
      "landing/_SUCCESS",
      { wildcard: "landing/*/_SUCCESS" },
    ]);
    expect(result.changes).toContainEqual({
      resource: "rule",
      name: "sagepipe-Churn-s3-churn-data",
      action: "updated",
      kind: "s3-trigger",
      id: "s3-churn-data",
      changed: expect.arrayContaining(["event pattern"]),
    });
  });

  it("a changed role updates only the target", async () => {
    const aws = fakeAws();
    await applyTriggers(withS3(), { roleArn: ROLE, clients: aws.clients });
    aws.resetHistory();
    await applyTriggers(withS3(), { roleArn: "arn:aws:iam::111111111111:role/Other", clients: aws.clients });
    expect(aws.writes()).toEqual(["PutTargets"]);
  });

  it("removes a rule sagepipe created for this pipeline that is no longer declared (targets first), and leaves the bucket setting on", async () => {
    const aws = fakeAws();
    const old = base.trigger(onS3({ bucket: "old-data", id: "old" }));
    await applyTriggers(old, { roleArn: ROLE, clients: aws.clients });
    expect(aws.state.rules.has("sagepipe-Churn-old")).toBe(true);
    aws.resetHistory();

    const result = await applyTriggers(withS3(), { roleArn: ROLE, clients: aws.clients });
    expect(aws.state.rules.has("sagepipe-Churn-old")).toBe(false);
    expect(aws.writes()).toEqual(["PutRule", "PutTargets", "RemoveTargets", "DeleteRule", "PutBucketNotificationConfiguration"]);
    expect(result.changes).toContainEqual({ resource: "rule", name: "sagepipe-Churn-old", action: "removed", kind: "s3-trigger", id: "old" });
    expect(aws.state.notifications.get("old-data")).toEqual({ EventBridgeConfiguration: {} });
  });

  it("does not touch rules of another pipeline sharing the name prefix, nor refuse them", async () => {
    const aws = fakeAws({ pipelines: ["Churn", "Churn-v2"] });
    await applyTriggers(pipeline("Churn-v2").fail("F", "x").trigger(onS3({ bucket: "v2-data", id: "v2" })), { roleArn: ROLE, clients: aws.clients });
    aws.resetHistory();
    await applyTriggers(base, { roleArn: ROLE, clients: aws.clients });
    expect(aws.writes()).toEqual([]);
    expect(aws.state.rules.has("sagepipe-Churn-v2-v2")).toBe(true);
  });

  it("refuses to take over a rule of the same name that sagepipe does not manage", async () => {
    const aws = fakeAws();
    aws.state.rules.set("sagepipe-Churn-s3-churn-data", { Name: "sagepipe-Churn-s3-churn-data", Arn: "arn:aws:events:us-east-1:111111111111:rule/x" });
    await expect(applyTriggers(withS3(), { roleArn: ROLE, clients: aws.clients })).rejects.toMatchObject({
      code: "trigger-name-conflict",
      message: expect.stringMatching(/exists but is not managed by sagepipe/),
    });
  });

  it("dry run: reads, says what it would do, writes nothing", async () => {
    const aws = fakeAws();
    const result = await applyTriggers(withS3().schedule("rate(1 day)"), { roleArn: ROLE, clients: aws.clients, dryRun: true });
    expect(aws.writes()).toEqual([]);
    expect(result.dryRun).toBe(true);
    expect(result.changes.map((c) => `${c.action} ${c.resource}`)).toEqual(["updated bucket-notification", "created rule", "created schedule"]);
  });
});

describe("applyTriggers: checks before any AWS call", () => {
  it("needs a role for every declaration", async () => {
    const aws = fakeAws();
    await expect(applyTriggers(withS3(), { clients: aws.clients })).rejects.toThrow(
      'S3 trigger "s3-churn-data" of pipeline "Churn" needs a role to start the pipeline: pass roleArn (--role-arn) or set roleArn on it',
    );
    expect(aws.sagemaker.calls()).toHaveLength(0);
  });

  it("every parameter without a default must be set (checked when applied)", async () => {
    const aws = fakeAws();
    const p = pipeline("Churn").param("InputKey", "String").fail("F", "x").trigger(onS3({ bucket: "data" }));
    await expect(applyTriggers(p, { roleArn: ROLE, clients: aws.clients })).rejects.toThrow(/pipeline parameter "InputKey" has no default, so the trigger must set it/);
  });

  it("the pipeline must be deployed (or its ARN given)", async () => {
    const aws = fakeAws({ pipelines: [] });
    await expect(applyTriggers(withS3(), { roleArn: ROLE, clients: aws.clients })).rejects.toMatchObject({ code: "pipeline-not-found" });
    const given = await applyTriggers(withS3(), { roleArn: ROLE, clients: aws.clients, pipelineArn: pipelineArn("Churn"), dryRun: true });
    expect(given.pipelineArn).toBe(pipelineArn("Churn"));
    await expect(applyTriggers(withS3(), { roleArn: ROLE, clients: aws.clients, pipelineArn: pipelineArn("Other") })).rejects.toThrow(/is not the ARN of pipeline "Churn"/);
  });

  it("a node built by hand is checked as the builder would: malformed declarations, duplicate ids", async () => {
    const aws = fakeAws();
    const node = base.toNode();
    const bad = { ...node, triggers: [{ ...onS3({ bucket: "data" }), bucket: "Bad_Bucket" }] };
    await expect(applyTriggers(bad, { roleArn: ROLE, clients: aws.clients })).rejects.toThrow(/"Bad_Bucket" is not an S3 bucket name/);
    const twice = { ...node, triggers: [onS3({ bucket: "data", id: "same" })], schedules: [schedule("rate(1 day)", { id: "same" })] };
    await expect(applyTriggers(twice, { roleArn: ROLE, clients: aws.clients })).rejects.toThrow(/declares two triggers or schedules with the id "same"/);
    expect(aws.sagemaker.calls()).toHaveLength(0);
  });

  it("nothing declared: no DescribePipeline, and nothing to remove", async () => {
    const aws = fakeAws();
    const result = await applyTriggers(base, { clients: aws.clients });
    expect(aws.sagemaker.commandCalls(DescribePipelineCommand)).toHaveLength(0);
    expect(result.changes).toEqual([]);
  });
});

describe("applyTriggers: schedules", () => {
  const nightly = (expression = "cron(0 2 * * ? *)") =>
    base.schedule(schedule(expression, { id: "nightly", timezone: "Europe/Paris", parameters: { Mode: "incremental", Epochs: 5 }, flexibleWindowMinutes: 10 }));

  it("creates the schedule: the SageMaker pipeline templated target with its parameters, sent whole", async () => {
    const aws = fakeAws();
    const result = await applyTriggers(nightly(), { roleArn: ROLE, clients: aws.clients });
    const created = aws.scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(created).toEqual({
      Name: "sagepipe-Churn-nightly",
      GroupName: "default",
      ScheduleExpression: "cron(0 2 * * ? *)",
      ScheduleExpressionTimezone: "Europe/Paris",
      Description: "sagepipe: starts pipeline Churn (schedule nightly)",
      State: "ENABLED",
      FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 10 },
      ActionAfterCompletion: "NONE",
      Target: {
        Arn: pipelineArn("Churn"),
        RoleArn: ROLE,
        SageMakerPipelineParameters: { PipelineParameterList: [{ Name: "Mode", Value: "incremental" }, { Name: "Epochs", Value: "5" }] },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      },
    });
    expect(result.changes).toEqual([{ resource: "schedule", name: "sagepipe-Churn-nightly", action: "created", kind: "schedule", id: "nightly" }]);
  });

  it("re-apply: GetSchedule only, nothing written", async () => {
    const aws = fakeAws();
    await applyTriggers(nightly(), { roleArn: ROLE, clients: aws.clients });
    aws.resetHistory();
    const second = await applyTriggers(nightly(), { roleArn: ROLE, clients: aws.clients });
    expect(aws.writes()).toEqual([]);
    expect(second.changes[0]?.action).toBe("unchanged");
  });

  it("update: GetSchedule first, then UpdateSchedule with the full schedule (not only the changed field), keeping the KMS key", async () => {
    const aws = fakeAws();
    await applyTriggers(nightly(), { roleArn: ROLE, clients: aws.clients });
    const stored = aws.state.schedules.get("default/sagepipe-Churn-nightly");
    if (stored !== undefined) stored.KmsKeyArn = "arn:aws:kms:us-east-1:111111111111:key/abc"; // set by someone in the console
    aws.resetHistory();

    const result = await applyTriggers(nightly("cron(0 3 * * ? *)"), { roleArn: ROLE, clients: aws.clients });
    const calls = aws.scheduler.calls().map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name);
    expect(calls).toEqual(["ListSchedulesCommand", "GetScheduleCommand", "UpdateScheduleCommand"]);
    const update = aws.scheduler.commandCalls(UpdateScheduleCommand)[0]?.args[0].input;
    expect(update).toMatchObject({
      Name: "sagepipe-Churn-nightly",
      ScheduleExpression: "cron(0 3 * * ? *)",
      ScheduleExpressionTimezone: "Europe/Paris",
      FlexibleTimeWindow: { Mode: "FLEXIBLE", MaximumWindowInMinutes: 10 },
      State: "ENABLED",
      KmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/abc",
      Target: { Arn: pipelineArn("Churn"), RoleArn: ROLE, SageMakerPipelineParameters: { PipelineParameterList: [{ Name: "Mode", Value: "incremental" }, { Name: "Epochs", Value: "5" }] } },
    });
    expect(result.changes[0]).toMatchObject({ action: "updated", changed: ["schedule expression"] });
    // and the stored schedule kept every field: the next apply sees no difference
    aws.resetHistory();
    await applyTriggers(nightly("cron(0 3 * * ? *)"), { roleArn: ROLE, clients: aws.clients });
    expect(aws.writes()).toEqual([]);
  });

  it("removes a schedule no longer declared; a schedule of another pipeline with the same prefix stays", async () => {
    const aws = fakeAws({ pipelines: ["Churn", "Churn-v2"] });
    await applyTriggers(nightly(), { roleArn: ROLE, clients: aws.clients });
    await applyTriggers(pipeline("Churn-v2").fail("F", "x").schedule("rate(1 day)", { id: "daily" }), { roleArn: ROLE, clients: aws.clients });
    aws.resetHistory();

    const result = await applyTriggers(base, { roleArn: ROLE, clients: aws.clients });
    expect(aws.writes()).toEqual(["DeleteSchedule"]);
    expect(result.changes).toEqual([{ resource: "schedule", name: "sagepipe-Churn-nightly", action: "removed", kind: "schedule" }]);
    expect([...aws.state.schedules.keys()]).toEqual(["default/sagepipe-Churn-v2-daily"]);
  });

  it("a schedule moved to another group is created there and removed from the old one", async () => {
    const aws = fakeAws();
    await applyTriggers(nightly(), { roleArn: ROLE, clients: aws.clients });
    const result = await applyTriggers(nightly(), { roleArn: ROLE, clients: aws.clients, scheduleGroup: "ml" });
    expect(result.changes.map((c) => c.action)).toEqual(["created", "removed"]);
    expect([...aws.state.schedules.keys()]).toEqual(["ml/sagepipe-Churn-nightly"]);
  });
});
