import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, vi } from "vitest";
import { FakeAws, wireClients, type WireClientOptions } from "./fake-aws.js";

/** What a wire test gets: a fresh fake per test and real SDK clients pointed at it. */
export interface WireContext {
  fake: FakeAws;
  clients: ReturnType<typeof wireClients>;
}

/**
 * Starts a fake AWS endpoint before each test of the file and stops it (and the clients) after.
 *
 * @example
 * ```ts
 * const wire = useFakeAws();
 * it("...", async () => { await upsert(p, { roleArn, clients: wire.clients }); expect(wire.fake.operations()).toEqual([...]) });
 * ```
 */
export function useFakeAws(options: WireClientOptions = {}): WireContext {
  const context = {} as WireContext;
  beforeEach(async () => {
    context.fake = await FakeAws.start();
    context.clients = wireClients(context.fake, options);
  });
  afterEach(async () => {
    context.clients.sagemaker.destroy();
    context.clients.s3.destroy();
    await context.fake.close();
  });
  return context;
}

/** The awsJson1_1 headers of a SageMaker request, and the SigV4 scope it was signed for. */
export function sagemakerWireHeaders(operation: string) {
  return {
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": `SageMaker.${operation}`,
    authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/sagemaker\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/),
  };
}

/**
 * Points sagepipe's own clients (made when no `clients` are given: the CLI's, say) at `url` through
 * the environment, with test credentials and no shared config or instance metadata. Undo with
 * `vi.unstubAllEnvs()`.
 *
 * @example
 * ```ts
 * environmentFor(wire.fake.url);
 * await listExecutions("Flow"); // DescribePipeline... reaches the fake
 * ```
 */
export function environmentFor(url: string): void {
  const nowhere = join(tmpdir(), "sagepipe-wire-no-such-aws-config");
  vi.stubEnv("AWS_ENDPOINT_URL_SAGEMAKER", url);
  vi.stubEnv("AWS_ENDPOINT_URL", undefined);
  vi.stubEnv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", undefined);
  vi.stubEnv("AWS_REGION", "us-east-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
  vi.stubEnv("AWS_SESSION_TOKEN", undefined);
  vi.stubEnv("AWS_PROFILE", undefined);
  vi.stubEnv("AWS_MAX_ATTEMPTS", undefined);
  vi.stubEnv("AWS_RETRY_MODE", undefined);
  vi.stubEnv("AWS_CONFIG_FILE", nowhere);
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", nowhere);
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
}
