import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { AwsOperationError, executionOf, listTriggers, removeApprovalDeployRule, SagepipeError, type AwsClients } from "sagepipe";
import { ClientProvider } from "../../src/aws/clients.js";

const ARN = "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churnpipeline/execution/abc123";
const NAMES = ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_RETRY_MODE", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_MAX_ATTEMPTS"];
let saved: Record<string, string | undefined> = {};
beforeEach(() => {
  saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
  for (const name of NAMES) delete process.env[name];
});
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("the clients sagepipe creates", () => {
  it("retry in adaptive mode unless AWS_RETRY_MODE says otherwise", async () => {
    process.env.AWS_REGION = "us-east-1";
    const mode = async (client: { config: { retryStrategy: () => Promise<unknown> } }) => ((await client.config.retryStrategy()) as { mode?: string }).mode;
    expect(await mode(await new ClientProvider().sagemaker())).toBe("adaptive");
    process.env.AWS_RETRY_MODE = "standard";
    expect(await mode(await new ClientProvider().sagemaker())).toBe("standard");
    expect(await mode(await new ClientProvider().s3())).toBe("standard");
  });

  it("take AWS_DEFAULT_REGION when AWS_REGION is not set, and config.region over both", async () => {
    process.env.AWS_DEFAULT_REGION = "eu-west-1";
    expect(await (await new ClientProvider().sagemaker()).config.region()).toBe("eu-west-1");
    process.env.AWS_REGION = "us-west-2";
    expect(await (await new ClientProvider().sagemaker()).config.region()).toBe("us-west-2");
    expect(await (await new ClientProvider({ config: { region: "ap-south-1" } }).sagemaker()).config.region()).toBe("ap-south-1");
  });
});

describe("clients.config.requestTimeoutMs, on the wire", () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  beforeEach(async () => {
    silent = createServer(() => undefined); // reads requests, never answers
    silent.on("connection", (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    Object.assign(process.env, {
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIDWIRE",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_MAX_ATTEMPTS: "1",
      AWS_ENDPOINT_URL: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    });
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it("a request without an answer fails with aws-timeout after the time set, saying what to do", async () => {
    const started = Date.now();
    const failure = await executionOf(ARN, { clients: { config: { requestTimeoutMs: 200 } } })
      .describe()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AwsOperationError);
    expect(failure).toMatchObject({
      code: "aws-timeout",
      operation: "DescribePipelineExecution",
      message: "DescribePipelineExecution: no answer from AWS within 200 ms: check the network and AWS_ENDPOINT_URL, or raise the timeout (clients: { config: { requestTimeoutMs, connectionTimeoutMs } })",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("clients of the optional peer packages (typed by their shape)", () => {
  it("a client of another service given as eventBridge or scheduler is refused before any request, naming both services", async () => {
    const s3 = new S3Client({ region: "us-east-1" });
    await expect(listTriggers("ChurnPipeline", { clients: { eventBridge: s3 } })).rejects.toMatchObject({
      code: "aws-client-mismatch",
      message: "clients.eventBridge must be an EventBridgeClient, but it is a client of S3",
    });
    await expect(listTriggers("ChurnPipeline", { clients: { scheduler: new EventBridgeClient({ region: "us-east-1" }) } })).rejects.toThrow(
      "clients.scheduler must be a SchedulerClient, but it is a client of EventBridge",
    );
    await expect(removeApprovalDeployRule({ group: "churn-models", clients: { eventBridge: s3 } })).rejects.toBeInstanceOf(SagepipeError);
  });

  it("so are the SageMaker and S3 clients, typed by their shape too: another service's client is refused before any request", async () => {
    const s3 = new S3Client({ region: "us-east-1" });
    await expect((async () => executionOf(ARN, { clients: { sagemaker: s3 } }).describe())()).rejects.toMatchObject({
      code: "aws-client-mismatch",
      message: "clients.sagemaker must be a SageMakerClient, but it is a client of S3",
    });
    expect(() => new ClientProvider({ s3: new EventBridgeClient({ region: "us-east-1" }) })).toThrow("clients.s3 must be an S3Client, but it is a client of EventBridge");
    expect(() => new ClientProvider({ sagemaker: new SageMakerClient({ region: "us-east-1" }), s3 })).not.toThrow();
  });

  it("the real clients are accepted as they are", () => {
    const clients: AwsClients = { eventBridge: new EventBridgeClient({ region: "us-east-1" }), scheduler: new SchedulerClient({ region: "us-east-1" }) };
    expect(() => new ClientProvider(clients)).not.toThrow();
  });
});
