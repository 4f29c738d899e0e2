import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pipeline } from "sagepipe";
import { applyAlerts, applyTriggers, eventPath, onS3, removeTriggers, schedule } from "../../src/triggers/index.js";
import { WireFake } from "./wire-fake.js";

const ROLE = "arn:aws:iam::111111111111:role/EventsStartPipeline";
const PIPELINE_ARN = "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churn";
const TOPIC = "arn:aws:sns:us-east-1:111111111111:ml-alerts";

// what S3 answers for a bucket with a Lambda, a queue and a topic notification (and no EventBridge),
// with the elements in the order the SDK writes them, so that what it sends back can be compared byte for byte
const EXISTING_XML = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
  "<TopicConfiguration><Topic>arn:aws:sns:us-east-1:111111111111:ops</Topic><Event>s3:ObjectRestore:Completed</Event><Id>ops</Id></TopicConfiguration>",
  "<QueueConfiguration><Queue>arn:aws:sqs:us-east-1:111111111111:audit</Queue><Event>s3:ObjectRemoved:*</Event><Id>audit</Id></QueueConfiguration>",
  "<CloudFunctionConfiguration><CloudFunction>arn:aws:lambda:us-east-1:111111111111:function:thumbs</CloudFunction><Event>s3:ObjectCreated:Put</Event><Event>s3:ObjectCreated:Post</Event><Id>thumbnails</Id>",
  "<Filter><S3Key><FilterRule><Name>prefix</Name><Value>images/</Value></FilterRule><FilterRule><Name>suffix</Name><Value>.jpg</Value></FilterRule></S3Key></Filter></CloudFunctionConfiguration>",
  "</NotificationConfiguration>",
].join("");

const churn = pipeline("Churn")
  .param("InputBucket", "String", { default: "churn-data" })
  .param("InputKey", "String", { default: "incoming/x.csv" })
  .param("Epochs", "Integer", { default: 10 })
  .fail("Stop", "stopped")
  .trigger(onS3({ bucket: "churn-data", prefix: "incoming/", suffix: ".csv", parameters: { InputBucket: eventPath("$.detail.bucket.name"), InputKey: eventPath("$.detail.object.key") } }))
  .schedule(schedule("cron(0 6 ? * MON-FRI *)", { id: "weekdays", timezone: "Europe/Paris", parameters: { Epochs: 20 }, startDate: "2026-01-05T00:00:00Z" }))
  .onFailure({ snsTopicArn: TOPIC });

let fake: WireFake;
beforeAll(async () => {
  fake = await WireFake.start();
});
afterAll(() => fake.stop());
beforeEach(() => {
  fake.requests.length = 0;
  for (const store of [fake.rules, fake.tags, fake.targets, fake.schedules, fake.notifications]) store.clear();
});

const apply = async () => {
  const clients = fake.clients();
  const triggers = await applyTriggers(churn, { roleArn: ROLE, pipelineArn: PIPELINE_ARN, clients });
  const alerts = await applyAlerts(churn, { pipelineArn: PIPELINE_ARN, clients });
  return [...triggers.changes, ...alerts.changes];
};

describe("over the wire (real SDK clients, a local endpoint)", () => {
  it("S3: the notification XML sent back keeps every existing configuration and adds EventBridgeConfiguration", async () => {
    fake.notifications.set("churn-data", EXISTING_XML);
    await apply();
    const put = fake.requests.find((r) => r.operation === "PUT /churn-data/");
    expect(put?.url).toMatch(/^\/churn-data\/\?notification/);
    expect(put?.text).toBe(EXISTING_XML.replace("</NotificationConfiguration>", "<EventBridgeConfiguration/></NotificationConfiguration>"));
  });

  it("S3: a bucket already sending events to EventBridge (either XML form) gets no PUT", async () => {
    for (const element of ["<EventBridgeConfiguration/>", "<EventBridgeConfiguration></EventBridgeConfiguration>"]) {
      fake.requests.length = 0;
      fake.notifications.set("churn-data", EXISTING_XML.replace("</NotificationConfiguration>", `${element}</NotificationConfiguration>`));
      const result = await applyTriggers(churn, { roleArn: ROLE, pipelineArn: PIPELINE_ARN, clients: fake.clients() });
      expect(fake.operations().filter((op) => op.startsWith("PUT /churn-data"))).toEqual([]);
      expect(result.changes[0]).toEqual({ resource: "bucket-notification", name: "churn-data", action: "unchanged" });
      expect(fake.operations()).toContain("GET /churn-data/");
    }
  });

  it("EventBridge: the PutRule and PutTargets requests as sent", async () => {
    await apply();
    const putRule = fake.requests.find((r) => r.operation === "PutRule")?.json;
    expect(putRule).toMatchObject({ Name: "sagepipe-Churn-s3-churn-data", State: "ENABLED" });
    expect(JSON.parse(String(putRule?.EventPattern))).toEqual({
      source: ["aws.s3"],
      "detail-type": ["Object Created"],
      detail: { bucket: { name: ["churn-data"] }, object: { key: [{ wildcard: "incoming/*.csv" }] } },
    });
    expect(fake.requests.find((r) => r.operation === "PutTargets")?.json).toEqual({
      Rule: "sagepipe-Churn-s3-churn-data",
      Targets: [
        {
          Id: "sagepipe-pipeline",
          Arn: PIPELINE_ARN,
          RoleArn: ROLE,
          SageMakerPipelineParameters: {
            PipelineParameterList: [
              { Name: "InputBucket", Value: "$.detail.bucket.name" },
              { Name: "InputKey", Value: "$.detail.object.key" },
            ],
          },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        },
      ],
    });
    const alertTargets = fake.requests.filter((r) => r.operation === "PutTargets").map((r) => (r.json?.Targets as Record<string, unknown>[])[0]);
    expect(alertTargets[2]?.InputTransformer).toEqual({
      InputPathsMap: { step: "$.detail.stepName", type: "$.detail.stepType", reason: "$.detail.failureReason", execution: "$.detail.pipelineExecutionArn" },
      InputTemplate: '"SageMaker pipeline Churn: step <step> (<type>) failed"\n"Reason: <reason>"\n"Execution: <execution>"',
    });
  });

  it("Scheduler: CreateSchedule is POST /schedules/<name> with the whole schedule; dates as epoch seconds", async () => {
    await apply();
    const create = fake.requests.find((r) => r.operation === "POST /schedules/sagepipe-Churn-weekdays");
    const { ClientToken, ...body } = create?.json ?? {};
    expect(typeof ClientToken).toBe("string");
    expect(body).toEqual({
      GroupName: "default",
      ScheduleExpression: "cron(0 6 ? * MON-FRI *)",
      ScheduleExpressionTimezone: "Europe/Paris",
      StartDate: 1767571200,
      Description: "sagepipe: starts pipeline Churn (schedule weekdays)",
      State: "ENABLED",
      FlexibleTimeWindow: { Mode: "OFF" },
      ActionAfterCompletion: "NONE",
      Target: {
        Arn: PIPELINE_ARN,
        RoleArn: ROLE,
        SageMakerPipelineParameters: { PipelineParameterList: [{ Name: "Epochs", Value: "20" }] },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      },
    });
  });

  it("a second apply reads everything back (XML, JSON, dates) as equal and writes nothing", async () => {
    fake.notifications.set("churn-data", EXISTING_XML);
    await apply();
    fake.requests.length = 0;
    const changes = await apply();
    expect(changes.every((c) => c.action === "unchanged")).toBe(true);
    expect(fake.operations().filter((op) => /^(Put|Remove|Delete|POST|PUT|DELETE)/.test(op))).toEqual([]);
    expect(fake.operations()).toContain("GET /schedules/sagepipe-Churn-weekdays");
  });

  it("a changed schedule is sent whole with PUT /schedules/<name>", async () => {
    await apply();
    const changed = pipeline("Churn").param("Epochs", "Integer", { default: 10 }).fail("Stop", "stopped").schedule("rate(1 day)", { id: "weekdays", parameters: { Epochs: 20 } });
    const result = await applyTriggers(changed, { roleArn: ROLE, pipelineArn: PIPELINE_ARN, clients: fake.clients() });
    const update = fake.requests.find((r) => r.operation === "PUT /schedules/sagepipe-Churn-weekdays")?.json;
    expect(update).toMatchObject({ ScheduleExpression: "rate(1 day)", State: "ENABLED", FlexibleTimeWindow: { Mode: "OFF" }, Target: { Arn: PIPELINE_ARN, RoleArn: ROLE } });
    expect(update).not.toHaveProperty("ScheduleExpressionTimezone");
    expect(result.changes.find((c) => c.resource === "schedule")?.changed).toEqual(["schedule expression", "time zone", "start date"]);
  });

  it("removeTriggers: RemoveTargets, DeleteRule, DELETE /schedules/<name>?groupName=default", async () => {
    await apply();
    fake.requests.length = 0;
    await removeTriggers("Churn", { clients: fake.clients() });
    expect(fake.operations().filter((op) => /^(Remove|Delete|DELETE)/.test(op))).toEqual([
      "RemoveTargets",
      "DeleteRule",
      "RemoveTargets",
      "DeleteRule",
      "RemoveTargets",
      "DeleteRule",
      "DELETE /schedules/sagepipe-Churn-weekdays",
    ]);
    expect(fake.requests.find((r) => r.operation.startsWith("DELETE"))?.url).toMatch(/^\/schedules\/sagepipe-Churn-weekdays\?(.*&)?groupName=default(&|$)/);
    expect(fake.rules.size + fake.schedules.size).toBe(0);
  });
});
