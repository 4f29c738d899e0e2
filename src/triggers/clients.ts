import type { AwsClients } from "../aws/clients.js";

/**
 * The AWS SDK v3 clients the trigger functions use (EventBridge, Scheduler, S3, SageMaker); each left
 * out is created on first use, configured as {@link AwsClients} says.
 * EventBridge and Scheduler come from the optional peer dependencies `@aws-sdk/client-eventbridge`
 * and `@aws-sdk/client-scheduler`.
 *
 * @example
 * ```ts
 * await applyTriggers(churn, { roleArn, clients: { eventBridge: new EventBridgeClient({ region: "eu-west-1" }) } });
 * ```
 */
export type TriggerClients = AwsClients;
