/**
 * A small stand-in for SageMaker (awsJson1_1) and S3 (REST, path-style) on 127.0.0.1, for wire-level
 * tests: the real AWS SDK v3 clients call it through an endpoint override. It records every request
 * as it arrived (operation, headers, parsed JSON body, raw bytes) and answers from a per-test script
 * (one-shot replies queued per operation, or a handler per operation), falling back to a tiny
 * in-memory model of the pipeline APIs and of an S3 bucket.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";

export const REGION = "us-east-1";
export const ACCOUNT = "111111111111";

/** One HTTP request as the fake received it. */
export interface RecordedRequest {
  readonly service: "sagemaker" | "s3";
  /** `CreatePipeline`, `StartPipelineExecution`, ... or `HeadObject`, `PutObject`, `GetObject`. */
  readonly operation: string;
  readonly method: string;
  /** The request path (still URL-encoded) and its query string. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The body bytes as sent. */
  readonly raw: Buffer;
  /** SageMaker: the JSON body parsed. S3: undefined. */
  readonly body: Record<string, unknown> | undefined;
  /** S3: the bucket and the (decoded) key. */
  readonly bucket?: string;
  readonly key?: string;
  /** What the fake answered: status and headers (`x-amzn-RequestId`, ...); `"dropped"` when it closed the connection. */
  reply?: { readonly status: number; readonly headers: Readonly<Record<string, string>> } | "dropped";
}

/** An answer: a status, headers, and a body (an object is sent as JSON). */
export interface Answer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/**
 * Closes the connection without answering. With `process: true`, the request is first handled as
 * usual (state changes happen: an execution is started, an object stored), only the response is
 * lost — what a network failure after the request reached AWS looks like to the client.
 */
export interface Drop {
  readonly drop: true;
  readonly process: boolean;
}

export type Reply = Answer | Drop;
export type Handler = (request: RecordedRequest, fake: FakeAws) => Reply | Promise<Reply>;

/** A pipeline in the fake's model of SageMaker. */
export interface FakePipeline {
  name: string;
  arn: string;
  definition: string;
  roleArn: string;
  description?: string;
  displayName?: string;
  tags: { Key: string; Value: string }[];
  version: number;
  createToken?: string;
  created: number;
}

/** An execution in the fake's model. */
export interface FakeExecution {
  arn: string;
  pipelineArn: string;
  status: string;
  parameters: { Name: string; Value: string }[];
  displayName?: string;
  description?: string;
  token?: string;
  created: number;
  failureReason?: string;
  steps: Record<string, unknown>[];
}

const isDrop = (reply: Reply): reply is Drop => (reply as Drop).drop === true;

/** An AWS JSON error (awsJson1_1): `{"__type": type, "message": ...}` with `x-amzn-RequestId`. */
export function awsError(type: string, message: string, status = 400, options: { readonly messageKey?: "message" | "Message"; readonly requestId?: string } = {}): Answer {
  return {
    status,
    headers: { "x-amzn-RequestId": options.requestId ?? randomUUID() },
    body: { __type: type, [options.messageKey ?? "message"]: message },
  };
}

/** SageMaker's answer for a pipeline or execution that does not exist. */
export function resourceNotFound(message: string, requestId?: string): Answer {
  return awsError("ResourceNotFound", message, 400, { messageKey: "Message", ...(requestId === undefined ? {} : { requestId }) });
}

/** `ThrottlingException` (HTTP 400), as SageMaker throttles. */
export function throttling(requestId?: string): Answer {
  return awsError("ThrottlingException", "Rate exceeded", 400, requestId === undefined ? {} : { requestId });
}

/** HTTP 500 `InternalFailure`. */
export function internalFailure(requestId?: string): Answer {
  return awsError("InternalFailure", "We encountered an internal error. Please try again.", 500, requestId === undefined ? {} : { requestId });
}

/** Close the connection without an answer; see {@link Drop}. */
export function drop(options: { readonly process?: boolean } = {}): Drop {
  return { drop: true, process: options.process ?? false };
}

/** A 200 JSON answer. */
export function ok(body: unknown = {}): Answer {
  return { status: 200, body };
}

/** Pipeline ARNs spell the name in lower case. */
export function pipelineArnOf(name: string): string {
  return `arn:aws:sagemaker:${REGION}:${ACCOUNT}:pipeline/${name.toLowerCase()}`;
}

const epoch = (ms: number): number => Math.round(ms) / 1000;

export class FakeAws {
  readonly requests: RecordedRequest[] = [];
  readonly pipelines = new Map<string, FakePipeline>();
  readonly executions = new Map<string, FakeExecution>();
  /** S3 objects by `bucket/key`. */
  readonly objects = new Map<string, Buffer>();
  readonly #queues = new Map<string, (Reply | Handler)[]>();
  readonly #handlers = new Map<string, Handler>();
  readonly #server: Server;
  /** How many steps a ListPipelineExecutionSteps page holds. */
  stepsPageSize = 50;
  #url = "";
  #executionCounter = 0;

  private constructor() {
    this.#server = createServer((request, response) => {
      void this.#receive(request, response);
    });
  }

  /** Starts a fake on 127.0.0.1 on a free port. */
  static async start(): Promise<FakeAws> {
    const fake = new FakeAws();
    await new Promise<void>((resolve, reject) => {
      fake.#server.once("error", reject);
      fake.#server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = fake.#server.address() as AddressInfo;
    fake.#url = `http://127.0.0.1:${port}`;
    return fake;
  }

  /** `http://127.0.0.1:<port>`: the endpoint to give the SDK clients. */
  get url(): string {
    return this.#url;
  }

  /** Answers the next requests of `operation` with these replies, in order, once each. */
  queue(operation: string, ...replies: (Reply | Handler)[]): this {
    this.#queues.set(operation, [...(this.#queues.get(operation) ?? []), ...replies]);
    return this;
  }

  /** Answers every request of `operation` (once the queue is empty) with `handler`. */
  on(operation: string, handler: Handler): this {
    this.#handlers.set(operation, handler);
    return this;
  }

  /** The operations received, in order. */
  operations(): string[] {
    return this.requests.map((request) => request.operation);
  }

  /** The requests of one operation, in order. */
  calls(operation: string): RecordedRequest[] {
    return this.requests.filter((request) => request.operation === operation);
  }

  /** The JSON bodies of one SageMaker operation, in order. */
  bodies(operation: string): Record<string, unknown>[] {
    return this.calls(operation).map((request) => request.body ?? {});
  }

  /** Puts a pipeline in the model as if it had been created earlier. */
  seedPipeline(pipeline: { name: string; definition: string; roleArn: string; description?: string; tags?: { Key: string; Value: string }[]; version?: number }): FakePipeline {
    const record: FakePipeline = {
      name: pipeline.name,
      arn: pipelineArnOf(pipeline.name),
      definition: pipeline.definition,
      roleArn: pipeline.roleArn,
      ...(pipeline.description === undefined ? {} : { description: pipeline.description }),
      tags: pipeline.tags ?? [],
      version: pipeline.version ?? 1,
      created: Date.UTC(2025, 0, 2, 3, 4, 5),
    };
    this.pipelines.set(record.name, record);
    return record;
  }

  /** Puts an execution of a (seeded) pipeline in the model. */
  seedExecution(pipelineName: string, id: string, state: { status: string; steps?: Record<string, unknown>[]; failureReason?: string }): FakeExecution {
    const pipelineArn = pipelineArnOf(pipelineName);
    const execution: FakeExecution = {
      arn: `${pipelineArn}/execution/${id}`,
      pipelineArn,
      status: state.status,
      parameters: [],
      created: Date.UTC(2025, 0, 2, 3, 4, 5),
      steps: state.steps ?? [],
      ...(state.failureReason === undefined ? {} : { failureReason: state.failureReason }),
    };
    this.executions.set(execution.arn, execution);
    return execution;
  }

  /** Forgets the requests recorded so far (the model and the scripts stay). */
  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Stops the server, closing idle keep-alive connections. */
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const recorded = this.#record(request, raw);
    this.requests.push(recorded);
    let reply: Reply;
    try {
      const scripted = this.#queues.get(recorded.operation)?.shift();
      const handler = this.#handlers.get(recorded.operation);
      if (scripted !== undefined) reply = typeof scripted === "function" ? await scripted(recorded, this) : scripted;
      else if (handler !== undefined) reply = await handler(recorded, this);
      else reply = this.modelAnswer(recorded);
      if (isDrop(reply) && reply.process) this.modelAnswer(recorded);
    } catch (error) {
      reply = awsError("InternalFailure", `fake-aws: ${String(error)}`, 500);
    }
    if (isDrop(reply)) {
      recorded.reply = "dropped";
      request.socket.destroy();
      return;
    }
    this.#send(recorded, response, reply);
  }

  #record(request: IncomingMessage, raw: Buffer): RecordedRequest {
    const url = request.url ?? "/";
    const method = request.method ?? "GET";
    const target = request.headers["x-amz-target"];
    if (typeof target === "string") {
      const operation = target.startsWith("SageMaker.") ? target.slice("SageMaker.".length) : target;
      let body: Record<string, unknown> | undefined;
      try {
        body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
      } catch {
        body = undefined;
      }
      return { service: "sagemaker", operation, method, url, headers: request.headers, raw, body };
    }
    const path = new URL(url, "http://fake").pathname;
    const [, bucket = "", ...rest] = path.split("/");
    const key = rest.map((segment) => decodeURIComponent(segment)).join("/");
    const operation = method === "HEAD" ? "HeadObject" : method === "PUT" ? "PutObject" : method === "GET" ? "GetObject" : `S3.${method}`;
    return { service: "s3", operation, method, url, headers: request.headers, raw, body: undefined, bucket: decodeURIComponent(bucket), key };
  }

  #send(recorded: RecordedRequest, response: ServerResponse, answer: Answer): void {
    const status = answer.status ?? 200;
    const headers: Record<string, string> = { ...answer.headers };
    let payload: Buffer | undefined;
    if (recorded.service === "sagemaker") {
      headers["Content-Type"] ??= "application/x-amz-json-1.1";
      headers["x-amzn-RequestId"] ??= randomUUID();
      payload = Buffer.from(JSON.stringify(answer.body ?? {}), "utf8");
    } else {
      headers["x-amz-request-id"] ??= randomUUID().replaceAll("-", "").slice(0, 16).toUpperCase();
      headers["x-amz-id-2"] ??= Buffer.from(randomUUID()).toString("base64");
      if (answer.body !== undefined) payload = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(String(answer.body), "utf8");
    }
    if (payload !== undefined && recorded.method !== "HEAD") headers["Content-Length"] ??= String(payload.length);
    recorded.reply = { status, headers };
    response.writeHead(status, headers);
    response.end(recorded.method === "HEAD" ? undefined : payload);
  }

  /**
   * What the in-memory model of SageMaker and S3 answers (and does) for this request: a scripted
   * handler can call it to answer as usual, before or after changing the state.
   */
  modelAnswer(request: RecordedRequest): Answer {
    if (request.service === "s3") return this.#s3(request);
    const body = request.body ?? {};
    const str = (name: string): string | undefined => (typeof body[name] === "string" ? (body[name] as string) : undefined);
    switch (request.operation) {
      case "DescribePipeline": {
        const pipeline = this.#pipeline(str("PipelineName") ?? "");
        if (pipeline === undefined) return resourceNotFound(`Pipeline '${pipelineArnOf(str("PipelineName") ?? "")}' does not exist.`);
        return ok({
          PipelineArn: pipeline.arn,
          PipelineName: pipeline.name,
          PipelineDefinition: pipeline.definition,
          ...(pipeline.description === undefined ? {} : { PipelineDescription: pipeline.description }),
          ...(pipeline.displayName === undefined ? {} : { PipelineDisplayName: pipeline.displayName }),
          RoleArn: pipeline.roleArn,
          PipelineStatus: "Active",
          CreationTime: epoch(pipeline.created),
          LastModifiedTime: epoch(pipeline.created),
          CreatedBy: {},
          LastModifiedBy: {},
        });
      }
      case "CreatePipeline": {
        const name = str("PipelineName") ?? "";
        const token = str("ClientRequestToken");
        const existing = this.pipelines.get(name);
        if (existing !== undefined) {
          // a repeated ClientRequestToken is answered with the pipeline it created
          if (token !== undefined && existing.createToken === token) return ok({ PipelineArn: existing.arn });
          return awsError("ValidationException", `Pipeline names must be unique within an AWS account and region. Pipeline with name (${name}) already exists.`);
        }
        const definition = this.#definitionOf(body);
        if (typeof definition !== "string") return definition;
        const pipeline: FakePipeline = {
          name,
          arn: pipelineArnOf(name),
          definition,
          roleArn: str("RoleArn") ?? "",
          tags: Array.isArray(body.Tags) ? (body.Tags as { Key: string; Value: string }[]) : [],
          version: 1,
          created: Date.now(),
          ...(token === undefined ? {} : { createToken: token }),
          ...(str("PipelineDescription") === undefined ? {} : { description: str("PipelineDescription") as string }),
          ...(str("PipelineDisplayName") === undefined ? {} : { displayName: str("PipelineDisplayName") as string }),
        };
        this.pipelines.set(name, pipeline);
        return ok({ PipelineArn: pipeline.arn });
      }
      case "UpdatePipeline": {
        const pipeline = this.#pipeline(str("PipelineName") ?? "");
        if (pipeline === undefined) return resourceNotFound(`Pipeline '${pipelineArnOf(str("PipelineName") ?? "")}' does not exist.`);
        if (body.PipelineDefinition !== undefined || body.PipelineDefinitionS3Location !== undefined) {
          const definition = this.#definitionOf(body);
          if (typeof definition !== "string") return definition;
          pipeline.definition = definition;
        }
        if (str("RoleArn") !== undefined) pipeline.roleArn = str("RoleArn") as string;
        if (str("PipelineDescription") !== undefined) pipeline.description = str("PipelineDescription") as string;
        pipeline.version += 1;
        return ok({ PipelineArn: pipeline.arn, PipelineVersionId: pipeline.version });
      }
      case "ListPipelineVersions": {
        const pipeline = this.#pipeline(str("PipelineName") ?? "");
        if (pipeline === undefined) return resourceNotFound(`Pipeline '${pipelineArnOf(str("PipelineName") ?? "")}' does not exist.`);
        return ok({ PipelineVersionSummaries: [{ PipelineArn: pipeline.arn, PipelineVersionId: pipeline.version, CreationTime: epoch(pipeline.created) }] });
      }
      case "ListTags": {
        const pipeline = [...this.pipelines.values()].find((p) => p.arn === str("ResourceArn"));
        return ok({ Tags: pipeline?.tags ?? [] });
      }
      case "AddTags": {
        const pipeline = [...this.pipelines.values()].find((p) => p.arn === str("ResourceArn"));
        if (pipeline === undefined) return resourceNotFound(`Resource '${str("ResourceArn") ?? ""}' does not exist.`);
        for (const tag of (body.Tags ?? []) as { Key: string; Value: string }[]) {
          pipeline.tags = [...pipeline.tags.filter((t) => t.Key !== tag.Key), tag];
        }
        return ok({ Tags: body.Tags });
      }
      case "StartPipelineExecution": {
        const pipeline = this.#pipeline(str("PipelineName") ?? "");
        if (pipeline === undefined) return resourceNotFound(`Pipeline '${pipelineArnOf(str("PipelineName") ?? "")}' does not exist.`);
        const token = str("ClientRequestToken");
        const repeated = [...this.executions.values()].find((e) => token !== undefined && e.token === token && e.pipelineArn === pipeline.arn);
        // like SageMaker: a repeated token gets the execution it already started
        if (repeated !== undefined) return ok({ PipelineExecutionArn: repeated.arn });
        const id = `exec${String(++this.#executionCounter).padStart(8, "0")}`;
        const execution: FakeExecution = {
          arn: `${pipeline.arn}/execution/${id}`,
          pipelineArn: pipeline.arn,
          status: "Executing",
          parameters: (body.PipelineParameters ?? []) as { Name: string; Value: string }[],
          created: Date.now(),
          steps: [],
          ...(token === undefined ? {} : { token }),
          ...(str("PipelineExecutionDisplayName") === undefined ? {} : { displayName: str("PipelineExecutionDisplayName") as string }),
          ...(str("PipelineExecutionDescription") === undefined ? {} : { description: str("PipelineExecutionDescription") as string }),
        };
        this.executions.set(execution.arn, execution);
        return ok({ PipelineExecutionArn: execution.arn });
      }
      case "DescribePipelineExecution": {
        const execution = this.executions.get(str("PipelineExecutionArn") ?? "");
        if (execution === undefined) return resourceNotFound(`Pipeline execution '${str("PipelineExecutionArn") ?? ""}' does not exist.`);
        return ok({
          PipelineArn: execution.pipelineArn,
          PipelineExecutionArn: execution.arn,
          PipelineExecutionStatus: execution.status,
          ...(execution.displayName === undefined ? {} : { PipelineExecutionDisplayName: execution.displayName }),
          ...(execution.description === undefined ? {} : { PipelineExecutionDescription: execution.description }),
          ...(execution.failureReason === undefined ? {} : { FailureReason: execution.failureReason }),
          PipelineExperimentConfig: { ExperimentName: execution.pipelineArn.split("/")[1], TrialName: execution.arn.split("/").at(-1) },
          CreationTime: epoch(execution.created),
          LastModifiedTime: epoch(execution.created),
          CreatedBy: {},
          LastModifiedBy: {},
        });
      }
      case "ListPipelineExecutionSteps": {
        const execution = this.executions.get(str("PipelineExecutionArn") ?? "");
        if (execution === undefined) return resourceNotFound(`Pipeline execution '${str("PipelineExecutionArn") ?? ""}' does not exist.`);
        // SageMaker lists newest first unless asked for Ascending; pages of stepsPageSize, NextToken = the next index
        const steps = str("SortOrder") === "Ascending" ? execution.steps : [...execution.steps].reverse();
        const from = Number(str("NextToken") ?? "0");
        const to = from + this.stepsPageSize;
        return ok({ PipelineExecutionSteps: steps.slice(from, to), ...(to < steps.length ? { NextToken: String(to) } : {}) });
      }
      case "ListPipelineExecutions": {
        const pipeline = this.#pipeline(str("PipelineName") ?? "");
        if (pipeline === undefined) return resourceNotFound(`Pipeline '${pipelineArnOf(str("PipelineName") ?? "")}' does not exist.`);
        const summaries = [...this.executions.values()]
          .filter((e) => e.pipelineArn === pipeline.arn)
          .reverse()
          .map((e) => ({ PipelineExecutionArn: e.arn, PipelineExecutionStatus: e.status, StartTime: epoch(e.created), ...(e.displayName === undefined ? {} : { PipelineExecutionDisplayName: e.displayName }) }));
        return ok({ PipelineExecutionSummaries: summaries });
      }
      default:
        return awsError("UnknownOperationException", `fake-aws does not model ${request.operation}`);
    }
  }

  #pipeline(nameOrArn: string): FakePipeline | undefined {
    return this.pipelines.get(nameOrArn) ?? [...this.pipelines.values()].find((p) => p.arn === nameOrArn || p.name.toLowerCase() === nameOrArn.toLowerCase());
  }

  /** The definition of a Create/UpdatePipeline request: inline, or read from the S3 object it names. */
  #definitionOf(body: Record<string, unknown>): string | Answer {
    if (typeof body.PipelineDefinition === "string") return body.PipelineDefinition;
    const location = body.PipelineDefinitionS3Location as { Bucket?: string; ObjectKey?: string } | undefined;
    if (location !== undefined) {
      const object = this.objects.get(`${location.Bucket}/${location.ObjectKey}`);
      if (object === undefined) return awsError("ValidationException", `Unable to read the pipeline definition from s3://${location.Bucket}/${location.ObjectKey}.`);
      return object.toString("utf8");
    }
    return awsError("ValidationException", "Either PipelineDefinition or PipelineDefinitionS3Location must be specified.");
  }

  #s3(request: RecordedRequest): Answer {
    const id = `${request.bucket}/${request.key}`;
    const object = this.objects.get(id);
    switch (request.method) {
      case "HEAD":
        if (object === undefined) return { status: 404 };
        return { status: 200, headers: { "Content-Length": String(object.length), ETag: `"${etag(object)}"`, "Last-Modified": new Date(Date.UTC(2025, 0, 2)).toUTCString() } };
      case "PUT":
        this.objects.set(id, request.raw);
        return { status: 200, headers: { ETag: `"${etag(request.raw)}"` } };
      case "GET":
        if (object === undefined) return s3Error(404, "NoSuchKey", "The specified key does not exist.");
        return { status: 200, headers: { "Content-Type": "application/octet-stream" }, body: object };
      default:
        return s3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
  }
}

/** An S3 error with its XML body. */
export function s3Error(status: number, code: string, message: string): Answer {
  const requestId = randomUUID().replaceAll("-", "").slice(0, 16).toUpperCase();
  return {
    status,
    headers: { "Content-Type": "application/xml", "x-amz-request-id": requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`,
  };
}

function etag(bytes: Buffer): string {
  let hash = 0;
  for (const byte of bytes) hash = (hash * 31 + byte) >>> 0;
  return hash.toString(16).padStart(32, "0");
}

/** Options of {@link wireClients}. */
export interface WireClientOptions {
  /** The SDK's `maxAttempts`. @default 3 (the SDK default) */
  readonly maxAttempts?: number;
  readonly retryMode?: "standard" | "adaptive";
}

/**
 * Real SageMaker and S3 clients pointed at the fake (S3 path-style), with test credentials.
 *
 * @example
 * ```ts
 * const clients = wireClients(fake, { maxAttempts: 1 });
 * await upsert(pipeline, { roleArn, clients });
 * ```
 */
export function wireClients(fake: FakeAws, options: WireClientOptions = {}): { sagemaker: SageMakerClient; s3: S3Client } {
  const common = {
    endpoint: fake.url,
    region: REGION,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: options.maxAttempts ?? 3,
    ...(options.retryMode === undefined ? {} : { retryMode: options.retryMode }),
  };
  return { sagemaker: new SageMakerClient(common), s3: new S3Client({ ...common, forcePathStyle: true }) };
}
