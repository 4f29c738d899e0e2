import { DeleteRuleCommand, RemoveTargetsCommand } from "@aws-sdk/client-eventbridge";
import { DeleteScheduleCommand } from "@aws-sdk/client-scheduler";
import { describe, expect, it } from "vitest";
import { pipeline } from "sagepipe";
import { applyAlerts, applyTriggers, listTriggers, onS3, removeAlerts, removeTriggers } from "../../src/triggers/index.js";
import { fakeAws, pipelineArn, ROLE, TOPIC } from "./support.js";

const churn = pipeline("Churn")
  .fail("Stop", "stopped")
  .trigger(onS3({ bucket: "churn-data", prefix: "incoming/" }))
  .schedule("rate(7 days)", { timezone: "Europe/Paris", id: "weekly" })
  .onFailure({ snsTopicArn: TOPIC });

async function deployed() {
  const aws = fakeAws();
  await applyTriggers(churn, { roleArn: ROLE, clients: aws.clients });
  await applyAlerts(churn, { clients: aws.clients });
  aws.resetHistory();
  return aws;
}

describe("listTriggers", () => {
  it("lists what sagepipe manages for the pipeline, by name alone", async () => {
    const aws = await deployed();
    const listing = await listTriggers("Churn", { clients: aws.clients });
    expect(listing.pipelineName).toBe("Churn");
    expect(listing.rules.map((r) => [r.name, r.kind, r.id, r.state, r.targets])).toEqual([
      ["sagepipe-Churn-s3-churn-data", "s3-trigger", "s3-churn-data", "ENABLED", [pipelineArn("Churn")]],
      ["sagepipe-Churn-alert-execution", "alert", "alert-execution", "ENABLED", [TOPIC]],
      ["sagepipe-Churn-alert-step", "alert", "alert-step", "ENABLED", [TOPIC]],
    ]);
    expect(listing.schedules).toEqual([
      {
        name: "sagepipe-Churn-weekly",
        group: "default",
        arn: "arn:aws:scheduler:us-east-1:111111111111:schedule/default/sagepipe-Churn-weekly",
        state: "ENABLED",
        targetArn: pipelineArn("Churn"),
        expression: "rate(7 days)",
        timezone: "Europe/Paris",
      },
    ]);
    expect(aws.writes()).toEqual([]);
  });

  it("nothing managed: empty lists", async () => {
    const aws = fakeAws();
    expect(await listTriggers(churn, { clients: aws.clients })).toEqual({ pipelineName: "Churn", rules: [], schedules: [] });
  });
});

describe("removeTriggers", () => {
  it("removes rules (RemoveTargets then DeleteRule), schedules and alerts; the bucket keeps EventBridge on", async () => {
    const aws = await deployed();
    const result = await removeTriggers("Churn", { clients: aws.clients });
    expect(result.changes.map((c) => `${c.action} ${c.resource} ${c.name}`)).toEqual([
      "removed rule sagepipe-Churn-s3-churn-data",
      "removed rule sagepipe-Churn-alert-execution",
      "removed rule sagepipe-Churn-alert-step",
      "removed schedule sagepipe-Churn-weekly",
    ]);
    const order = aws.events.calls().map((c) => (c.args[0] as object).constructor.name).filter((n) => n === "RemoveTargetsCommand" || n === "DeleteRuleCommand");
    expect(order).toEqual(["RemoveTargetsCommand", "DeleteRuleCommand", "RemoveTargetsCommand", "DeleteRuleCommand", "RemoveTargetsCommand", "DeleteRuleCommand"]);
    expect(aws.events.commandCalls(RemoveTargetsCommand)[0]?.args[0].input).toEqual({ Rule: "sagepipe-Churn-s3-churn-data", Ids: ["sagepipe-pipeline"] });
    expect(aws.scheduler.commandCalls(DeleteScheduleCommand)[0]?.args[0].input).toEqual({ Name: "sagepipe-Churn-weekly", GroupName: "default" });
    expect(aws.state.rules.size).toBe(0);
    expect(aws.state.schedules.size).toBe(0);
    expect(aws.state.notifications.get("churn-data")).toEqual({ EventBridgeConfiguration: {} });
    expect(aws.s3.calls()).toHaveLength(0);
  });

  it("alerts: false keeps the alert rules; removeAlerts removes only them", async () => {
    const aws = await deployed();
    await removeTriggers(churn, { clients: aws.clients, alerts: false });
    expect([...aws.state.rules.keys()]).toEqual(["sagepipe-Churn-alert-execution", "sagepipe-Churn-alert-step"]);
    await removeAlerts("Churn", { clients: aws.clients });
    expect(aws.state.rules.size).toBe(0);
  });

  it("dry run: says what it would remove, deletes nothing", async () => {
    const aws = await deployed();
    const result = await removeTriggers("Churn", { clients: aws.clients, dryRun: true });
    expect(result.changes).toHaveLength(4);
    expect(aws.events.commandCalls(DeleteRuleCommand)).toHaveLength(0);
    expect(aws.writes()).toEqual([]);
  });

  it("removing twice is fine: the second time there is nothing to remove", async () => {
    const aws = await deployed();
    await removeTriggers("Churn", { clients: aws.clients });
    expect((await removeTriggers("Churn", { clients: aws.clients })).changes).toEqual([]);
  });
});
