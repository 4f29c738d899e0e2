/**
 * A small stand-in for EventBridge (awsJson1_1), EventBridge Scheduler (restJson1) and S3's bucket
 * notification configuration (REST XML, path-style) on 127.0.0.1: the real SDK clients call it
 * through an endpoint override, so the tests see the requests as they go over the wire. It keeps
 * rules, tags, targets, schedules and notification documents in memory, as AWS would.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { SchedulerClient } from "@aws-sdk/client-scheduler";

/** One request as received. */
export interface WireRequest {
  readonly service: "events" | "scheduler" | "s3";
  /** `PutRule`, ... for EventBridge; `METHOD /path` for Scheduler and S3. */
  readonly operation: string;
  readonly url: string;
  readonly text: string;
  readonly json?: Record<string, unknown>;
}

type Json = Record<string, unknown>;

export class WireFake {
  readonly requests: WireRequest[] = [];
  readonly rules = new Map<string, Json>();
  readonly tags = new Map<string, unknown[]>();
  readonly targets = new Map<string, Json[]>();
  readonly schedules = new Map<string, Json>();
  /** Bucket notification documents (XML), by bucket. */
  readonly notifications = new Map<string, string>();
  readonly #server: Server;
  #url = "";

  private constructor() {
    this.#server = createServer((request, response) => void this.#receive(request, response));
  }

  static async start(): Promise<WireFake> {
    const fake = new WireFake();
    await new Promise<void>((resolve) => fake.#server.listen(0, "127.0.0.1", resolve));
    fake.#url = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** Real SDK clients pointed at the fake. */
  clients() {
    const config = { endpoint: this.#url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 };
    return {
      eventBridge: new EventBridgeClient(config),
      scheduler: new SchedulerClient(config),
      s3: new S3Client({ ...config, forcePathStyle: true }),
    };
  }

  operations(): string[] {
    return this.requests.map((r) => r.operation);
  }

  async #receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = request.url ?? "/";
    const target = request.headers["x-amz-target"];
    const send = (status: number, body: string, headers: Record<string, string>) => {
      response.writeHead(status, { "x-amzn-RequestId": "wire-req", ...headers });
      response.end(body);
    };
    if (typeof target === "string") {
      const operation = target.replace(/^AWSEvents\./, "");
      const json = (text === "" ? {} : JSON.parse(text)) as Json;
      this.requests.push({ service: "events", operation, url, text, json });
      const [status, body] = this.#events(operation, json);
      send(status, JSON.stringify(body), { "content-type": "application/x-amz-json-1.1" });
      return;
    }
    const path = new URL(url, "http://x").pathname;
    if (path.startsWith("/schedules")) {
      const json = (text === "" ? undefined : JSON.parse(text)) as Json | undefined;
      this.requests.push({ service: "scheduler", operation: `${request.method} ${path}`, url, text, ...(json === undefined ? {} : { json }) });
      const [status, body, type] = this.#scheduler(request.method ?? "GET", url, json);
      send(status, JSON.stringify(body), { "content-type": "application/json", ...(type === undefined ? {} : { "x-amzn-ErrorType": type }) });
      return;
    }
    this.requests.push({ service: "s3", operation: `${request.method} ${path}`, url, text });
    const bucket = path.replace(/^\/|\/$/g, "");
    if (request.method === "GET") {
      const stored = this.notifications.get(bucket) ?? '<?xml version="1.0" encoding="UTF-8"?>\n<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></NotificationConfiguration>';
      send(200, stored, { "content-type": "application/xml" });
      return;
    }
    this.notifications.set(bucket, text);
    send(200, "", {});
  }

  #events(operation: string, input: Json): [number, unknown] {
    const notFound = (name: unknown): [number, unknown] => [400, { __type: "ResourceNotFoundException", message: `Rule ${String(name)} does not exist on EventBus default.` }];
    switch (operation) {
      case "ListRules":
        return [200, { Rules: [...this.rules.values()].filter((r) => String(r.Name).startsWith(String(input.NamePrefix ?? ""))) }];
      case "ListTagsForResource":
        return [200, { Tags: this.tags.get(String(input.ResourceARN)) ?? [] }];
      case "ListTargetsByRule":
        return this.rules.has(String(input.Rule)) ? [200, { Targets: this.targets.get(String(input.Rule)) ?? [] }] : notFound(input.Rule);
      case "PutRule": {
        const name = String(input.Name);
        const arn = `arn:aws:events:us-east-1:111111111111:rule/${name}`;
        if (!this.rules.has(name)) this.tags.set(arn, (input.Tags as unknown[] | undefined) ?? []);
        this.rules.set(name, { Name: name, Arn: arn, EventPattern: input.EventPattern, State: input.State, Description: input.Description, EventBusName: "default" });
        return [200, { RuleArn: arn }];
      }
      case "PutTargets": {
        const rule = String(input.Rule);
        if (!this.rules.has(rule)) return notFound(rule);
        const incoming = input.Targets as Json[];
        this.targets.set(rule, [...(this.targets.get(rule) ?? []).filter((t) => !incoming.some((n) => n.Id === t.Id)), ...incoming]);
        return [200, { FailedEntryCount: 0, FailedEntries: [] }];
      }
      case "RemoveTargets": {
        const rule = String(input.Rule);
        this.targets.set(rule, (this.targets.get(rule) ?? []).filter((t) => !(input.Ids as unknown[]).includes(t.Id)));
        return [200, { FailedEntryCount: 0, FailedEntries: [] }];
      }
      case "DeleteRule":
        this.rules.delete(String(input.Name));
        return [200, {}];
      default:
        return [400, { __type: "UnknownOperationException", message: operation }];
    }
  }

  #scheduler(method: string, url: string, input: Json | undefined): [number, unknown, string?] {
    const parsed = new URL(url, "http://x");
    const name = decodeURIComponent(parsed.pathname.replace(/^\/schedules\/?/, ""));
    const group = (input?.GroupName as string | undefined) ?? parsed.searchParams.get("groupName") ?? "default";
    const key = `${group}/${name}`;
    const notFound: [number, unknown, string] = [404, { Message: `Schedule ${name} does not exist.` }, "ResourceNotFoundException"];
    if (method === "GET" && name === "") {
      const prefix = parsed.searchParams.get("NamePrefix") ?? "";
      const schedules = [...this.schedules.values()]
        .filter((s) => String(s.Name).startsWith(prefix))
        .map((s) => ({ Name: s.Name, GroupName: s.GroupName, Arn: s.Arn, State: s.State, Target: { Arn: (s.Target as Json).Arn } }));
      return [200, { Schedules: schedules }];
    }
    if (method === "GET") return this.schedules.has(key) ? [200, this.schedules.get(key)] : notFound;
    if (method === "DELETE") return this.schedules.delete(key) ? [200, {}] : notFound;
    if (method === "POST" && this.schedules.has(key)) return [409, { Message: "exists" }, "ConflictException"];
    if (method === "PUT" && !this.schedules.has(key)) return notFound;
    const { ClientToken: _, ...fields } = input ?? {};
    const arn = `arn:aws:scheduler:us-east-1:111111111111:schedule/${group}/${name}`;
    // an update replaces the whole schedule: what it leaves out is reset
    this.schedules.set(key, { ...fields, Name: name, GroupName: group, Arn: arn, CreationDate: 1767225600, LastModificationDate: 1767225600 });
    return [200, { ScheduleArn: arn }];
  }
}
