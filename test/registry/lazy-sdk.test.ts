import { describe, expect, it, vi } from "vitest";
import * as registry from "../../src/registry/index.js";

const loaded = vi.hoisted(() => [] as string[]);
// stand-ins record when a module is loaded; the EventBridge package behaves as if it were not installed
vi.mock("@aws-sdk/client-sagemaker", () => {
  loaded.push("@aws-sdk/client-sagemaker");
  return {};
});
vi.mock("@aws-sdk/client-s3", () => {
  loaded.push("@aws-sdk/client-s3");
  return {};
});
vi.mock("@aws-sdk/client-eventbridge", () => {
  loaded.push("@aws-sdk/client-eventbridge");
  throw new Error("Cannot find package '@aws-sdk/client-eventbridge'");
});

describe("the registry module", () => {
  it("loads no AWS SDK module when imported", () => {
    expect(typeof registry.applyApprovalDeployRule).toBe("function");
    expect(loaded).toEqual([]);
  });

  it("says which package to install when the optional EventBridge client is missing", async () => {
    const failure = registry.applyApprovalDeployRule({ group: "churn-models", functionArn: "arn:aws:lambda:us-east-1:111111111111:function:deploy" });
    await expect(failure).rejects.toBeInstanceOf(registry.RegistryError);
    await expect(failure).rejects.toMatchObject({
      code: "missing-peer-dependency",
      message: "the approval deploy rule needs the EventBridge client: npm install @aws-sdk/client-eventbridge",
    });
    expect(loaded).toContain("@aws-sdk/client-eventbridge");
    expect(loaded).not.toContain("@aws-sdk/client-sagemaker");
  });
});
