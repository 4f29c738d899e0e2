import { describe, expect, it, vi } from "vitest";
import { pipeline } from "sagepipe";
import * as triggers from "../../src/triggers/index.js";

const loaded = vi.hoisted(() => [] as string[]);

// stand-ins for uninstalled optional peers: importing them fails the way Node's loader does
vi.mock("@aws-sdk/client-eventbridge", () => {
  loaded.push("@aws-sdk/client-eventbridge");
  throw Object.assign(new Error("Cannot find package '@aws-sdk/client-eventbridge' imported from /app/node_modules/sagepipe/dist/index.js"), { code: "ERR_MODULE_NOT_FOUND" });
});
vi.mock("@aws-sdk/client-scheduler", () => {
  loaded.push("@aws-sdk/client-scheduler");
  throw Object.assign(new Error("Cannot find package '@aws-sdk/client-scheduler' imported from /app/node_modules/sagepipe/dist/index.js"), { code: "ERR_MODULE_NOT_FOUND" });
});

const ROLE = "arn:aws:iam::111111111111:role/EventsStartPipeline";
const PIPELINE_ARN = "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churn";

describe("the optional peer dependencies", () => {
  it("are not loaded when sagepipe's trigger module is imported or a trigger is declared", () => {
    const declared = pipeline("Churn").fail("F", "x").trigger(triggers.onS3({ bucket: "data" })).schedule("rate(1 day)");
    expect(declared.toNode().triggers).toHaveLength(1);
    expect(loaded).toEqual([]);
  });

  it("missing @aws-sdk/client-eventbridge: a SagepipeError that says what to install", async () => {
    const p = pipeline("Churn").fail("F", "x").trigger(triggers.onS3({ bucket: "data" }));
    const s3 = { send: () => Promise.resolve({ EventBridgeConfiguration: {}, $metadata: {} }) };
    await expect(triggers.applyTriggers(p, { roleArn: ROLE, pipelineArn: PIPELINE_ARN, clients: { s3: s3 as never } })).rejects.toMatchObject({
      name: "SagepipeError",
      code: "missing-peer-dependency",
      message: "S3 triggers and failure alerts need the AWS SDK package @aws-sdk/client-eventbridge, which is not installed: npm install @aws-sdk/client-eventbridge",
    });
  });

  it("missing @aws-sdk/client-scheduler: the same for schedules", async () => {
    const p = pipeline("Churn").fail("F", "x").schedule("rate(1 day)");
    await expect(triggers.applyTriggers(p, { roleArn: ROLE, pipelineArn: PIPELINE_ARN })).rejects.toMatchObject({
      code: "missing-peer-dependency",
      message: expect.stringContaining("npm install @aws-sdk/client-scheduler"),
    });
  });

  it("listing by name with neither installed: nothing sagepipe could have made with them, so empty", async () => {
    expect(await triggers.listTriggers("Churn")).toEqual({ pipelineName: "Churn", rules: [], schedules: [] });
  });
});
