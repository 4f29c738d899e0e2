import { afterEach, beforeEach, expect } from "vitest";
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
