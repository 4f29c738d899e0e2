import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { defaultClientConfig, sdkClientOf, type AwsClients } from "../aws/clients.js";
import { RegistryError } from "./errors.js";

/**
 * The AWS SDK v3 clients the registry functions use (SageMaker, S3; EventBridge for the approval
 * deploy rule, an optional peer dependency); each left out is created on first use.
 *
 * @example
 * ```ts
 * await listModelVersions("churn-models", { clients: { sagemaker: new SageMakerClient({ region: "eu-west-1" }) } });
 * ```
 */
export type RegistryClients = AwsClients;

/**
 * The EventBridge client module (an optional peer dependency), loaded on first use: a
 * `RegistryError` saying what to install when it is missing.
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
 * The caller's EventBridge client, or a default one (configured as {@link AwsClients} says).
 *
 * @example
 * ```ts
 * const eventBridge = await eventBridgeClient(options.clients);
 * ```
 */
export async function eventBridgeClient(clients: RegistryClients | undefined): Promise<EventBridgeClient> {
  const { EventBridgeClient } = await eventBridgeModule();
  const given = clients?.eventBridge;
  return given === undefined ? new EventBridgeClient(defaultClientConfig(clients?.config)) : sdkClientOf<EventBridgeClient>(given, "EventBridge", "eventBridge");
}
