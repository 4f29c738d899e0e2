import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SagepipeError } from "../errors.js";

/**
 * How sagepipe configures the AWS clients it creates (the ones not passed in {@link AwsClients}).
 * Every field is optional; left out, the standard chain decides.
 *
 * @example
 * ```ts
 * await upsert(pipeline, { roleArn, clients: { config: { region: "eu-west-1", profile: "ml", requestTimeoutMs: 10_000 } } });
 * ```
 */
export interface AwsClientConfig {
  /**
   * The region. Default: `AWS_REGION`, then `AWS_DEFAULT_REGION` (as the AWS CLI reads it), then the
   * profile's `region`.
   */
  readonly region?: string;
  /** The shared-config profile for credentials and region. Default: `AWS_PROFILE`, then `default`. */
  readonly profile?: string;
  /**
   * How long a request may go without any answer from the service (no byte received) before it is
   * abandoned as a `TimeoutError` — and retried, as the SDK retries timeouts. Default 30,000 ms; 0
   * waits forever (the SDK's own default). It bounds silence, not duration: an upload that keeps
   * sending is not cut.
   */
  readonly requestTimeoutMs?: number;
  /** How long connecting to the endpoint may take. Default 10,000 ms; 0 waits forever. */
  readonly connectionTimeoutMs?: number;
}

/** The default {@link AwsClientConfig.requestTimeoutMs}. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** The default {@link AwsClientConfig.connectionTimeoutMs}. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

/**
 * AWS SDK v3 clients to use. Any may be left out: sagepipe then creates one with the SDK's
 * default configuration (region and credentials from the standard chain, `AWS_ENDPOINT_URL` and
 * the service-specific endpoint variables honoured by the SDK), `AWS_DEFAULT_REGION` when
 * `AWS_REGION` is not set, a request timeout (see {@link AwsClientConfig}), and `retryMode:
 * "adaptive"` — throttled calls are retried with client-side rate limiting — unless
 * `AWS_RETRY_MODE` says otherwise. `config` adjusts the clients created this way.
 *
 * @example
 * ```ts
 * const clients: AwsClients = { sagemaker: new SageMakerClient({ region: "eu-west-1" }) };
 * await upsert(pipeline, { roleArn, clients });
 * ```
 */
export interface AwsClients {
  /** A `SageMakerClient` (`@aws-sdk/client-sagemaker`), typed as an {@link AwsSdkClient}. */
  readonly sagemaker?: AwsSdkClient;
  /** An `S3Client` (`@aws-sdk/client-s3`), typed as an {@link AwsSdkClient}. */
  readonly s3?: AwsSdkClient;
  /**
   * Triggers, alerts and the approval deploy rule: an `EventBridgeClient` (optional peer
   * `@aws-sdk/client-eventbridge`), typed as an {@link AwsSdkClient}.
   */
  readonly eventBridge?: AwsSdkClient;
  /** Schedules: a `SchedulerClient` (optional peer `@aws-sdk/client-scheduler`), typed as an {@link AwsSdkClient}. */
  readonly scheduler?: AwsSdkClient;
  /** The configuration of the clients sagepipe creates (not of the ones given above). */
  readonly config?: AwsClientConfig;
}

/**
 * An AWS SDK v3 client (`SageMakerClient`, `S3Client`, `EventBridgeClient`, `SchedulerClient`), as
 * sagepipe's types name it: by its shape, so that compiling against sagepipe never reads the SDK's
 * declarations (they are over a thousand files: seconds of `tsc` in every program that imports
 * sagepipe), nor needs the optional packages' types (with `skipLibCheck: false` too). An operation
 * given one checks its service first (a client of another service is an `aws-client-mismatch` error).
 *
 * @example
 * ```ts
 * await applyTriggers(churn, { roleArn, clients: { eventBridge: new EventBridgeClient({ region: "eu-west-1" }) } });
 * ```
 */
export interface AwsSdkClient {
  send(command: never, options?: never): Promise<unknown>;
  readonly config: { readonly serviceId?: string };
}

const CLIENT_NAMES = { SageMaker: "a SageMakerClient", S3: "an S3Client", EventBridge: "an EventBridgeClient", Scheduler: "a SchedulerClient" } as const;

/**
 * The caller's client for `service` as its SDK type, after checking that it is one: a client of
 * another service (an S3 client passed as `eventBridge`) would send requests nobody answers well.
 */
export function sdkClientOf<C>(client: AwsSdkClient, service: keyof typeof CLIENT_NAMES, option: string): C {
  const serviceId = (client as { config?: { serviceId?: unknown } }).config?.serviceId;
  if (typeof serviceId === "string" && serviceId !== service) {
    throw new SagepipeError("aws-client-mismatch", `clients.${option} must be ${CLIENT_NAMES[service]}, but it is a client of ${serviceId}`);
  }
  return client as unknown as C;
}

/** What the SDK client constructors get for a client sagepipe creates. */
interface DefaultClientConfig {
  region?: string;
  profile?: string;
  retryMode?: string;
  requestHandler: { socketTimeout?: number; connectionTimeout?: number };
}

/**
 * The constructor configuration of a client sagepipe creates: the caller's {@link AwsClientConfig},
 * `AWS_DEFAULT_REGION` when no other region is given, timeouts, and `retryMode: "adaptive"` unless
 * `AWS_RETRY_MODE` is set (the SDK then reads it).
 *
 * @example
 * ```ts
 * new SageMakerClient(defaultClientConfig({ region: "eu-west-1" }))
 * ```
 */
export function defaultClientConfig(config: AwsClientConfig = {}, env: NodeJS.ProcessEnv = process.env): DefaultClientConfig {
  const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim());
  // AWS_REGION wins in the SDK; AWS_DEFAULT_REGION (which the SDK ignores) only when it is not set
  const region = nonEmpty(config.region) ?? (nonEmpty(env.AWS_REGION) === undefined ? nonEmpty(env.AWS_DEFAULT_REGION) : undefined);
  const profile = nonEmpty(config.profile);
  const socketTimeout = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const connectionTimeout = config.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS;
  return {
    ...(region === undefined ? {} : { region }),
    ...(profile === undefined ? {} : { profile }),
    ...(nonEmpty(env.AWS_RETRY_MODE) === undefined ? { retryMode: "adaptive" } : {}),
    requestHandler: {
      ...(socketTimeout > 0 ? { socketTimeout } : {}),
      ...(connectionTimeout > 0 ? { connectionTimeout } : {}),
    },
  };
}

/**
 * The SageMaker client module, loaded on first use so that importing sagepipe loads no AWS SDK.
 *
 * @example
 * ```ts
 * const { DescribePipelineCommand } = await sagemakerModule();
 * ```
 */
export function sagemakerModule(): Promise<typeof import("@aws-sdk/client-sagemaker")> {
  return import("@aws-sdk/client-sagemaker");
}

/**
 * The S3 client module, loaded on first use.
 *
 * @example
 * ```ts
 * const { PutObjectCommand } = await s3Module();
 * ```
 */
export function s3Module(): Promise<typeof import("@aws-sdk/client-s3")> {
  return import("@aws-sdk/client-s3");
}

/** True when `error` (or one of its causes) says that `name` cannot be found by the module loader. */
function isMissingModule(error: unknown, name: string): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    const missing = code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" || /cannot find (module|package)|failed to (load|resolve)/i.test(current.message);
    if (missing && current.message.includes(name)) return true;
  }
  return false;
}

/**
 * Loads an optional peer dependency; when it is not installed, throws a `SagepipeError`
 * (`missing-peer-dependency`) that says which package to install.
 *
 * @example
 * ```ts
 * const sdk = await loadPeer("@aws-sdk/client-eventbridge", "triggers and alerts", () => import("@aws-sdk/client-eventbridge"));
 * ```
 */
export async function loadPeer<M>(name: string, feature: string, load: () => Promise<M>): Promise<M> {
  try {
    return await load();
  } catch (error) {
    if (!isMissingModule(error, name)) throw error;
    throw new SagepipeError("missing-peer-dependency", `${feature} need the AWS SDK package ${name}, which is not installed: npm install ${name}`, { cause: error });
  }
}

/**
 * The EventBridge client module, loaded on first use.
 *
 * @example
 * ```ts
 * const { PutRuleCommand } = await eventBridgeModule();
 * ```
 */
export function eventBridgeModule(): Promise<typeof import("@aws-sdk/client-eventbridge")> {
  return loadPeer("@aws-sdk/client-eventbridge", "S3 triggers and failure alerts", () => import("@aws-sdk/client-eventbridge"));
}

/**
 * The EventBridge Scheduler client module, loaded on first use.
 *
 * @example
 * ```ts
 * const { GetScheduleCommand } = await schedulerModule();
 * ```
 */
export function schedulerModule(): Promise<typeof import("@aws-sdk/client-scheduler")> {
  return loadPeer("@aws-sdk/client-scheduler", "Schedules", () => import("@aws-sdk/client-scheduler"));
}

/**
 * Hands out the caller's clients, or creates default ones on first use (and keeps them), so an
 * operation and the execution handle it returns share one client.
 *
 * @example
 * ```ts
 * const provider = new ClientProvider(options.clients);
 * const sagemaker = await provider.sagemaker();
 * ```
 */
export class ClientProvider {
  #sagemaker: SageMakerClient | undefined;
  #s3: S3Client | undefined;
  #eventBridge: EventBridgeClient | undefined;
  #scheduler: SchedulerClient | undefined;
  readonly #config: AwsClientConfig | undefined;

  constructor(clients: AwsClients = {}) {
    this.#sagemaker = clients.sagemaker === undefined ? undefined : sdkClientOf<SageMakerClient>(clients.sagemaker, "SageMaker", "sagemaker");
    this.#s3 = clients.s3 === undefined ? undefined : sdkClientOf<S3Client>(clients.s3, "S3", "s3");
    this.#eventBridge = clients.eventBridge === undefined ? undefined : sdkClientOf<EventBridgeClient>(clients.eventBridge, "EventBridge", "eventBridge");
    this.#scheduler = clients.scheduler === undefined ? undefined : sdkClientOf<SchedulerClient>(clients.scheduler, "Scheduler", "scheduler");
    this.#config = clients.config;
  }

  /** The SageMaker client: the caller's, or a default one created now. */
  async sagemaker(): Promise<SageMakerClient> {
    if (this.#sagemaker === undefined) {
      const { SageMakerClient } = await sagemakerModule();
      this.#sagemaker ??= new SageMakerClient(defaultClientConfig(this.#config));
    }
    return this.#sagemaker;
  }

  /** The S3 client: the caller's, or a default one created now. */
  async s3(): Promise<S3Client> {
    if (this.#s3 === undefined) {
      const { S3Client } = await s3Module();
      this.#s3 ??= new S3Client(defaultClientConfig(this.#config));
    }
    return this.#s3;
  }

  /** The EventBridge client: the caller's, or a default one (optional peer dependency). */
  async eventBridge(): Promise<EventBridgeClient> {
    if (this.#eventBridge === undefined) {
      const { EventBridgeClient } = await eventBridgeModule();
      this.#eventBridge ??= new EventBridgeClient(defaultClientConfig(this.#config));
    }
    return this.#eventBridge;
  }

  /** The EventBridge Scheduler client: the caller's, or a default one (optional peer dependency). */
  async scheduler(): Promise<SchedulerClient> {
    if (this.#scheduler === undefined) {
      const { SchedulerClient } = await schedulerModule();
      this.#scheduler ??= new SchedulerClient(defaultClientConfig(this.#config));
    }
    return this.#scheduler;
  }

  /** The clients known so far, to hand to another operation. */
  snapshot(): AwsClients {
    return {
      ...(this.#sagemaker === undefined ? {} : { sagemaker: this.#sagemaker }),
      ...(this.#s3 === undefined ? {} : { s3: this.#s3 }),
      ...(this.#eventBridge === undefined ? {} : { eventBridge: this.#eventBridge }),
      ...(this.#scheduler === undefined ? {} : { scheduler: this.#scheduler }),
      ...(this.#config === undefined ? {} : { config: this.#config }),
    };
  }
}
