import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { ClientProvider, type AwsClients } from "../aws/clients.js";
import { RegistryError } from "./errors.js";

/**
 * The AWS SDK v3 clients the registry helpers use. Any may be left out: a default one is created on
 * first use (standard region and credential chain, `retryMode: "adaptive"`). The EventBridge client
 * is only needed by {@link applyApprovalDeployRule}; its package, `@aws-sdk/client-eventbridge`, is an
 * optional peer dependency.
 *
 * @example
 * ```ts
 * const clients: RegistryClients = { sagemaker: new SageMakerClient({ region: "eu-west-1" }) };
 * await listModelVersions("churn-models", { clients });
 * ```
 */
export interface RegistryClients extends AwsClients {
  readonly eventBridge?: EventBridgeClient;
}

/**
 * The EventBridge client module, loaded on first use. A missing optional peer dependency becomes a
 * {@link RegistryError} that says what to install.
 *
 * @example
 * ```ts
 * const { PutRuleCommand } = await eventBridgeModule();
 * ```
 */
export async function eventBridgeModule(): Promise<typeof import("@aws-sdk/client-eventbridge")> {
  try {
    return await import("@aws-sdk/client-eventbridge");
  } catch (error) {
    throw new RegistryError(
      "missing-peer-dependency",
      "the approval deploy rule needs the EventBridge client: npm install @aws-sdk/client-eventbridge",
      { cause: error },
    );
  }
}

/**
 * The caller's clients, or default ones created on first use and kept, so that the calls of one
 * operation share a client.
 *
 * @example
 * ```ts
 * const provider = new RegistryClientProvider(options.clients);
 * const sagemaker = await provider.sagemaker();
 * ```
 */
export class RegistryClientProvider extends ClientProvider {
  #eventBridge: EventBridgeClient | undefined;

  constructor(clients: RegistryClients = {}) {
    super(clients);
    this.#eventBridge = clients.eventBridge;
  }

  /** The EventBridge client: the caller's, or a default one created now. */
  async eventBridge(): Promise<EventBridgeClient> {
    if (this.#eventBridge === undefined) {
      const { EventBridgeClient } = await eventBridgeModule();
      this.#eventBridge ??= new EventBridgeClient({ retryMode: "adaptive" });
    }
    return this.#eventBridge;
  }
}
