import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { DescribePipelineCommand, ResourceNotFound } from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { useFakeAws } from "./harness.js";

/** The fake itself, through the real SDK parsers: its answers must read as AWS's would. */
describe("fake-aws", () => {
  const wire = useFakeAws({ maxAttempts: 1 });

  it("S3: PUT stores the bytes, HEAD answers 200 with the length, GET returns them; path-style URLs", async () => {
    const { fake, clients } = wire;
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10]);
    await clients.s3.send(new PutObjectCommand({ Bucket: "b", Key: "dir/with space/ü.bin", Body: bytes }));
    expect(fake.requests[0]).toMatchObject({ bucket: "b", key: "dir/with space/ü.bin" });
    expect(fake.requests[0]?.url).toBe("/b/dir/with%20space/%C3%BC.bin?x-id=PutObject");
    expect(fake.objects.get("b/dir/with space/ü.bin")?.equals(bytes)).toBe(true);

    await expect(clients.s3.send(new HeadObjectCommand({ Bucket: "b", Key: "dir/with space/ü.bin" }))).resolves.toMatchObject({ ContentLength: 6 });
    const got = await clients.s3.send(new GetObjectCommand({ Bucket: "b", Key: "dir/with space/ü.bin" }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true);
  });

  it("S3: HEAD on a missing key is a 404 NotFound with S3's request id; GET is NoSuchKey from the XML body", async () => {
    const { fake, clients } = wire;
    const head = await clients.s3.send(new HeadObjectCommand({ Bucket: "b", Key: "missing" })).catch((error: unknown) => error);
    const reply = fake.requests[0]?.reply;
    expect(head).toMatchObject({ name: "NotFound", $metadata: { httpStatusCode: 404, requestId: typeof reply === "object" ? reply.headers["x-amz-request-id"] : "" } });
    await expect(clients.s3.send(new GetObjectCommand({ Bucket: "b", Key: "missing" }))).rejects.toMatchObject({ name: "NoSuchKey", $metadata: { httpStatusCode: 404 } });
  });

  it("SageMaker: a ResourceNotFound payload is the SDK's modelled ResourceNotFound, with message and request id", async () => {
    const { clients } = wire;
    const error = await clients.sagemaker.send(new DescribePipelineCommand({ PipelineName: "Nope" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFound);
    expect(error).toMatchObject({ message: "Pipeline 'arn:aws:sagemaker:us-east-1:111111111111:pipeline/nope' does not exist.", $fault: "client", $metadata: { httpStatusCode: 400 } });
    expect((error as ResourceNotFound).$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
