import { afterEach, describe, expect, it, vi } from "vitest";
import { compile } from "sagepipe";
import { AwsOperationError, executionOf, isTransientAwsError, listExecutions, start } from "../../../src/aws/index.js";
import { ROLE, simple } from "../support.js";
import { drop, internalFailure, pipelineArnOf, throttling, wireClients, type RecordedRequest } from "./fake-aws.js";
import { environmentFor, useFakeAws } from "./harness.js";

const EXECUTION = `${pipelineArnOf("Flow")}/execution/k3j9x2m1q8zz`;

/** The `attempt=N; max=M` header of each request, and whether they all belong to one SDK invocation. */
function attempts(requests: readonly RecordedRequest[]) {
  return {
    attempts: requests.map((request) => request.headers["amz-sdk-request"]),
    invocations: new Set(requests.map((request) => request.headers["amz-sdk-invocation-id"])).size,
  };
}

describe("retries on the wire", () => {
  const wire = useFakeAws();

  describe("sagepipe's default clients (no `clients`: endpoint, region and credentials from the environment)", () => {
    afterEach(() => {
      vi.unstubAllEnvs();
    });


    it("honour AWS_ENDPOINT_URL_SAGEMAKER and retry a ThrottlingException (adaptive mode): two requests, one invocation, then success", async () => {
      const { fake } = wire;
      environmentFor(fake.url);
      fake.seedPipeline({ name: "Flow", definition: compile(simple).json, roleArn: ROLE });
      fake.seedExecution("Flow", "k3j9x2m1q8zz", { status: "Succeeded" });
      fake.queue("ListPipelineExecutions", throttling("req-throttled"));

      const executions = await listExecutions("Flow");

      const requests = fake.calls("ListPipelineExecutions");
      expect(fake.operations()).toEqual(["ListPipelineExecutions", "ListPipelineExecutions"]);
      expect(requests[0]?.reply).toMatchObject({ status: 400, headers: { "x-amzn-RequestId": "req-throttled" } });
      expect(attempts(requests)).toEqual({ attempts: ["attempt=1; max=3", "attempt=2; max=3"], invocations: 1 });
      expect(requests[1]?.body).toEqual(requests[0]?.body);
      expect(requests[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/sagemaker\/aws4_request/);
      expect(executions.map((e) => [e.arn, e.status])).toEqual([[EXECUTION, "Succeeded"]]);
    });
  });

  it("HTTP 500 InternalFailure then success: the SDK retries once, the same body, one invocation", async () => {
    const { fake, clients } = wire;
    fake.seedExecution("Flow", "k3j9x2m1q8zz", { status: "Executing" });
    fake.queue("DescribePipelineExecution", internalFailure());

    const description = await executionOf(EXECUTION, { clients }).describe();

    const requests = fake.calls("DescribePipelineExecution");
    expect(requests.map((request) => request.reply)).toMatchObject([{ status: 500 }, { status: 200 }]);
    expect(attempts(requests)).toEqual({ attempts: ["attempt=1; max=3", "attempt=2; max=3"], invocations: 1 });
    expect(requests[1]?.raw.equals(requests[0]?.raw ?? Buffer.alloc(0))).toBe(true);
    expect(description).toMatchObject({ PipelineExecutionArn: EXECUTION, PipelineExecutionStatus: "Executing", CreationTime: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) });
  });

  it("HTTP 500 on every attempt: after maxAttempts requests, an AwsOperationError keeping the last request id, and transient", async () => {
    const { fake, clients } = wire;
    fake.queue("DescribePipelineExecution", internalFailure("req-500-a"), internalFailure("req-500-b"), internalFailure("req-500-c"));

    const failure = await executionOf(EXECUTION, { clients }).describe().catch((error: unknown) => error);

    expect(fake.operations()).toEqual(["DescribePipelineExecution", "DescribePipelineExecution", "DescribePipelineExecution"]);
    expect(failure).toBeInstanceOf(AwsOperationError);
    expect(failure).toMatchObject({
      code: "aws-request-failed",
      operation: "DescribePipelineExecution",
      awsErrorName: "InternalFailure",
      awsMessage: "We encountered an internal error. Please try again.",
      requestId: "req-500-c",
      httpStatus: 500,
    });
    expect(isTransientAwsError(failure)).toBe(true);
  });

  it("a non-retryable error (ValidationException) is sent once", async () => {
    const { fake, clients } = wire;
    fake.seedPipeline({ name: "Flow", definition: compile(simple).json, roleArn: ROLE });
    fake.queue("StartPipelineExecution", { status: 400, body: { __type: "ValidationException", message: "Pipeline is not active" } });
    await expect(start(simple, { clients })).rejects.toMatchObject({ code: "aws-request-failed", awsErrorName: "ValidationException", awsMessage: "Pipeline is not active" });
    expect(fake.operations()).toEqual(["StartPipelineExecution"]);
  });

  it("wait survives throttling, HTTP 500 and a dropped connection that the SDK does not retry (maxAttempts 1)", async () => {
    const { fake } = wire;
    const once = wireClients(fake, { maxAttempts: 1 });
    try {
      fake.seedExecution("Flow", "k3j9x2m1q8zz", { status: "Succeeded" });
      fake.queue("DescribePipelineExecution", throttling(), internalFailure(), drop());

      const done = await executionOf(EXECUTION, { clients: once }).wait({ pollIntervalMs: 1, maxPollIntervalMs: 2 });

      expect(done).toMatchObject({ PipelineExecutionStatus: "Succeeded" });
      const requests = fake.calls("DescribePipelineExecution");
      expect(requests.map((request) => (typeof request.reply === "object" ? request.reply.status : request.reply))).toEqual([400, 500, "dropped", 200]);
      expect(attempts(requests)).toEqual({ attempts: ["attempt=1; max=1", "attempt=1; max=1", "attempt=1; max=1", "attempt=1; max=1"], invocations: 4 });
    } finally {
      once.sagemaker.destroy();
      once.s3.destroy();
    }
  });

  it("wait gives up after maxTransientErrors transient errors in a row, with the last AWS error", async () => {
    const { fake } = wire;
    const once = wireClients(fake, { maxAttempts: 1 });
    try {
      fake.queue("DescribePipelineExecution", throttling("t1"), throttling("t2"), throttling("t3"));
      const failure = await executionOf(EXECUTION, { clients: once }).wait({ pollIntervalMs: 1, maxPollIntervalMs: 2, maxTransientErrors: 2 }).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: "aws-request-failed", awsErrorName: "ThrottlingException", requestId: "t3" });
      expect(fake.calls("DescribePipelineExecution")).toHaveLength(3);
    } finally {
      once.sagemaker.destroy();
      once.s3.destroy();
    }
  });
});
