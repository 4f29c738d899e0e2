import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { SchedulerClient } from "@aws-sdk/client-scheduler";
import { ClientProvider, type AwsClients } from "../aws/clients.js";
import { SagepipeError } from "../errors.js";

/**
 * The AWS SDK v3 clients the trigger functions use; each left out is created on first use with
 * the SDK's default configuration (region and credentials from the standard chain) and
 * `retryMode: "adaptive"`. EventBridge and Scheduler come from the optional peer dependencies
 * `@aws-sdk/client-eventbridge` and `@aws-sdk/client-scheduler`.
 *
 * @example
 * ```ts
 * await applyTriggers(churn, { roleArn, clients: { eventBridge: new EventBridgeClient({ region: "eu-west-1" }) } });
 * ```
 */
export interface TriggerClients extends AwsClients {
  readonly eventBridge?: EventBridgeClient;
  readonly scheduler?: SchedulerClient;
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
 * Hands out the caller's clients or creates default ones on first use (and keeps them).
 *
 * @example
 * ```ts
 * const provider = new TriggerClientProvider(options.clients);
 * const events = await provider.eventBridge();
 * ```
 */
export class TriggerClientProvider {
  readonly #aws: ClientProvider;
  #eventBridge: EventBridgeClient | undefined;
  #scheduler: SchedulerClient | undefined;

  constructor(clients: TriggerClients = {}) {
    this.#aws = new ClientProvider(clients);
    this.#eventBridge = clients.eventBridge;
    this.#scheduler = clients.scheduler;
  }

  /** The EventBridge client. */
  async eventBridge(): Promise<EventBridgeClient> {
    if (this.#eventBridge === undefined) {
      const { EventBridgeClient } = await eventBridgeModule();
      this.#eventBridge ??= new EventBridgeClient({ retryMode: "adaptive" });
    }
    return this.#eventBridge;
  }

  /** The EventBridge Scheduler client. */
  async scheduler(): Promise<SchedulerClient> {
    if (this.#scheduler === undefined) {
      const { SchedulerClient } = await schedulerModule();
      this.#scheduler ??= new SchedulerClient({ retryMode: "adaptive" });
    }
    return this.#scheduler;
  }

  /** The S3 client. */
  s3(): Promise<S3Client> {
    return this.#aws.s3();
  }

  /** The SageMaker client. */
  sagemaker(): Promise<SageMakerClient> {
    return this.#aws.sagemaker();
  }
}
