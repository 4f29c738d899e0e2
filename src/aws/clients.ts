import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SagepipeError } from "../errors.js";

/**
 * AWS SDK v3 clients to use. Either may be left out: sagepipe then creates one with the SDK's
 * default configuration (region and credentials from the standard chain, `AWS_ENDPOINT_URL` and
 * the service-specific endpoint variables honoured by the SDK) and `retryMode: "adaptive"`, so
 * throttled calls are retried with client-side rate limiting.
 *
 * @example
 * ```ts
 * const clients: AwsClients = { sagemaker: new SageMakerClient({ region: "eu-west-1" }) };
 * await upsert(pipeline, { roleArn, clients });
 * ```
 */
export interface AwsClients {
  readonly sagemaker?: SageMakerClient;
  readonly s3?: S3Client;
  /** Triggers, alerts and the approval deploy rule (optional peer `@aws-sdk/client-eventbridge`). */
  readonly eventBridge?: EventBridgeClient;
  /** Schedules (optional peer `@aws-sdk/client-scheduler`). */
  readonly scheduler?: SchedulerClient;
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

  constructor(clients: AwsClients = {}) {
    this.#sagemaker = clients.sagemaker;
    this.#s3 = clients.s3;
    this.#eventBridge = clients.eventBridge;
    this.#scheduler = clients.scheduler;
  }

  /** The SageMaker client: the caller's, or a default one created now. */
  async sagemaker(): Promise<SageMakerClient> {
    if (this.#sagemaker === undefined) {
      const { SageMakerClient } = await sagemakerModule();
      this.#sagemaker ??= new SageMakerClient({ retryMode: "adaptive" });
    }
    return this.#sagemaker;
  }

  /** The S3 client: the caller's, or a default one created now. */
  async s3(): Promise<S3Client> {
    if (this.#s3 === undefined) {
      const { S3Client } = await s3Module();
      this.#s3 ??= new S3Client({ retryMode: "adaptive" });
    }
    return this.#s3;
  }

  /** The EventBridge client: the caller's, or a default one (optional peer dependency). */
  async eventBridge(): Promise<EventBridgeClient> {
    if (this.#eventBridge === undefined) {
      const { EventBridgeClient } = await eventBridgeModule();
      this.#eventBridge ??= new EventBridgeClient({ retryMode: "adaptive" });
    }
    return this.#eventBridge;
  }

  /** The EventBridge Scheduler client: the caller's, or a default one (optional peer dependency). */
  async scheduler(): Promise<SchedulerClient> {
    if (this.#scheduler === undefined) {
      const { SchedulerClient } = await schedulerModule();
      this.#scheduler ??= new SchedulerClient({ retryMode: "adaptive" });
    }
    return this.#scheduler;
  }

  /** The clients known so far, to hand to another operation. */
  snapshot(): AwsClients {
    return {
      ...(this.#sagemaker === undefined ? {} : { sagemaker: this.#sagemaker }),
      ...(this.#s3 === undefined ? {} : { s3: this.#s3 }),
    };
  }
}
