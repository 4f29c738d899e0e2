import type { S3Client } from "@aws-sdk/client-s3";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";

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

  constructor(clients: AwsClients = {}) {
    this.#sagemaker = clients.sagemaker;
    this.#s3 = clients.s3;
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

  /** The clients known so far, to hand to another operation. */
  snapshot(): AwsClients {
    return {
      ...(this.#sagemaker === undefined ? {} : { sagemaker: this.#sagemaker }),
      ...(this.#s3 === undefined ? {} : { s3: this.#s3 }),
    };
  }
}
