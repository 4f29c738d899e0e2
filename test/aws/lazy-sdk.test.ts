import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { describe, expect, it, vi } from "vitest";
import * as aws from "../../src/aws/index.js";

const loaded = vi.hoisted(() => [] as string[]);
// stand-ins record when a module is loaded (and keep the test fast: the real SDK is not loaded)
vi.mock("@aws-sdk/client-sagemaker", () => {
  loaded.push("@aws-sdk/client-sagemaker");
  return { SendPipelineExecutionStepFailureCommand: class {} };
});
vi.mock("@aws-sdk/client-s3", () => {
  loaded.push("@aws-sdk/client-s3");
  return {};
});

describe("the AWS control plane module", () => {
  it("loads no AWS SDK module when imported (vi.mock is hoisted above the import), only when an operation runs", async () => {
    expect(typeof aws.upsert).toBe("function");
    expect(loaded).toEqual([]);

    const execution = aws.executionOf("arn:aws:sagemaker:us-east-1:111111111111:pipeline/flow/execution/e1");
    expect(loaded).toEqual([]);
    // the first call loads the SageMaker client (and fails fast here: the signal is already aborted)
    await expect(execution.wait({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: "wait-aborted" });
    expect(loaded).toEqual([]);
    await expect(aws.sendCallbackFailure("token", "reason", { clients: { sagemaker: fakeClient() } })).rejects.toMatchObject({ code: "aws-request-failed" });
    expect(loaded).toEqual(["@aws-sdk/client-sagemaker"]);
  });
});

/** A stand-in client whose send fails: enough to make the library load its command classes. */
function fakeClient() {
  return { send: () => Promise.reject(new Error("offline")) } as unknown as SageMakerClient;
}
