import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compile, pipeline } from "sagepipe";
import { AwsOperationError, DEFAULT_INLINE_LIMIT_BYTES, upsert } from "../../../src/aws/index.js";
import { createPipelineToken } from "../../../src/aws/tokens.js";
import { ROLE, job, simple, withCode } from "../support.js";
import { awsError, ok, pipelineArnOf, resourceNotFound, type Answer, type RecordedRequest } from "./fake-aws.js";
import { sagemakerWireHeaders, useFakeAws } from "./harness.js";

const FLOW_ARN = pipelineArnOf("Flow");

/** The same JSON with its keys in reverse order and indented: what a round trip through AWS may give. */
function reordered(json: string): string {
  const sortKeys = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sortKeys)
      : typeof value === "object" && value !== null
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? 1 : -1)).map(([k, v]) => [k, sortKeys(v)]))
        : value;
  return JSON.stringify(sortKeys(JSON.parse(json)), null, 2);
}

/** The base64 big-endian CRC32 that the S3 client sends in `x-amz-checksum-crc32`. */
function crc32Header(bytes: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(bytes));
  return out.toString("base64");
}

const isWrite = (request: RecordedRequest) => !/^(Describe|List|Head|Get)/.test(request.operation);

describe("upsert on the wire", () => {
  const wire = useFakeAws();

  it("creates a missing pipeline: DescribePipeline → ResourceNotFound (400) → CreatePipeline with the exact body", async () => {
    const { fake, clients } = wire;
    const json = compile(simple).json;

    const result = await upsert(simple, { roleArn: ROLE, description: "churn model", displayName: "Flow-display", tags: { team: "ml", env: "prod" }, clients });

    expect(fake.operations()).toEqual(["DescribePipeline", "CreatePipeline", "ListPipelineVersions"]);
    const [describe, create, versions] = fake.requests;
    expect(describe?.body).toEqual({ PipelineName: "Flow" });
    expect(describe?.headers).toMatchObject(sagemakerWireHeaders("DescribePipeline"));
    expect(create?.headers).toMatchObject(sagemakerWireHeaders("CreatePipeline"));
    expect(create?.body).toEqual({
      PipelineName: "Flow",
      PipelineDefinition: json,
      RoleArn: ROLE,
      ClientRequestToken: createPipelineToken("Flow", json),
      PipelineDescription: "churn model",
      PipelineDisplayName: "Flow-display",
      Tags: [
        { Key: "team", Value: "ml" },
        { Key: "env", Value: "prod" },
      ],
    });
    expect(create?.body?.ClientRequestToken).toMatch(/^[0-9a-f]{64}$/);
    expect(versions?.body).toEqual({ PipelineName: "Flow", SortOrder: "Descending", MaxResults: 1 });
    expect(result).toEqual({ status: "created", pipelineName: "Flow", pipelineArn: FLOW_ARN, version: 1, assets: { uploaded: [], skipped: [] }, tagsAdded: [], modelPackageGroups: {} });
    // what SageMaker now holds is exactly the compiled definition
    expect(fake.pipelines.get("Flow")).toMatchObject({ definition: json, roleArn: ROLE, description: "churn model", displayName: "Flow-display" });
  });

  it.each<[string, Answer]>([
    ["ResourceNotFound with a Message", resourceNotFound("Pipeline 'arn:aws:sagemaker:us-east-1:111111111111:pipeline/flow' does not exist.")],
    ["a bare ResourceNotFound", { status: 400, body: { __type: "ResourceNotFound" } }],
    ["a namespaced __type", { status: 400, body: { __type: "com.amazonaws.sagemaker#ResourceNotFound", Message: "not found" } }],
    ["a ValidationException saying the pipeline does not exist", awsError("ValidationException", "Pipeline 'Flow' does not exist.")],
  ])("reads %s from DescribePipeline as 'create it'", async (_, answer) => {
    const { fake, clients } = wire;
    fake.queue("DescribePipeline", answer);
    await expect(upsert(simple, { roleArn: ROLE, clients })).resolves.toMatchObject({ status: "created" });
    expect(fake.operations()).toEqual(["DescribePipeline", "CreatePipeline", "ListPipelineVersions"]);
  });

  it("updates a changed pipeline: UpdatePipeline with the exact body, then ListTags/AddTags for the missing tag only", async () => {
    const { fake, clients } = wire;
    fake.seedPipeline({ name: "Flow", definition: compile(pipeline("Flow").fail("Stop", "old message")).json, roleArn: ROLE, tags: [{ Key: "team", Value: "ml" }], version: 4 });

    const result = await upsert(simple, { roleArn: ROLE, tags: { team: "ml", env: "prod" }, clients });

    expect(fake.operations()).toEqual(["DescribePipeline", "UpdatePipeline", "ListTags", "AddTags"]);
    expect(fake.bodies("UpdatePipeline")).toEqual([{ PipelineName: "Flow", PipelineDefinition: compile(simple).json, RoleArn: ROLE }]);
    expect(fake.bodies("ListTags")).toEqual([{ ResourceArn: FLOW_ARN }]);
    expect(fake.bodies("AddTags")).toEqual([{ ResourceArn: FLOW_ARN, Tags: [{ Key: "env", Value: "prod" }] }]);
    expect(result).toEqual({ status: "updated", pipelineName: "Flow", pipelineArn: FLOW_ARN, version: 5, assets: { uploaded: [], skipped: [] }, tagsAdded: ["env"], modelPackageGroups: {} });
    expect(fake.pipelines.get("Flow")?.definition).toBe(compile(simple).json);
  });

  it("sends no write request at all when the deployed definition is the same JSON (other key order) and the role is equal", async () => {
    const { fake, clients } = wire;
    fake.seedPipeline({ name: "Flow", definition: reordered(compile(simple).json), roleArn: ROLE, tags: [{ Key: "team", Value: "ml" }], version: 3 });

    const result = await upsert(simple, { roleArn: ROLE, tags: { team: "ml" }, clients });

    expect(result).toEqual({ status: "unchanged", pipelineName: "Flow", pipelineArn: FLOW_ARN, version: 3, assets: { uploaded: [], skipped: [] }, tagsAdded: [], modelPackageGroups: {} });
    expect(fake.operations()).toEqual(["DescribePipeline", "ListTags", "ListPipelineVersions"]);
    expect(fake.requests.filter(isWrite)).toEqual([]);
  });

  it("a concurrent create of another definition (ValidationException 'already exists'): sagepipe re-reads the pipeline and updates it", async () => {
    const { fake, clients } = wire;
    const theirs = compile(pipeline("Flow").fail("Stop", "someone else's")).json;
    // the other writer creates the pipeline between our DescribePipeline and our CreatePipeline
    fake.queue("DescribePipeline", (_request, f) => {
      f.seedPipeline({ name: "Flow", definition: theirs, roleArn: ROLE });
      return resourceNotFound("Pipeline 'arn:aws:sagemaker:us-east-1:111111111111:pipeline/flow' does not exist.");
    });

    await expect(upsert(simple, { roleArn: ROLE, clients })).resolves.toMatchObject({ status: "updated", version: 2 });

    expect(fake.operations()).toEqual(["DescribePipeline", "CreatePipeline", "DescribePipeline", "UpdatePipeline"]);
    expect(fake.pipelines.get("Flow")?.definition).toBe(compile(simple).json);
  });

  it("two concurrent upserts of the same definition both see 'not found' and both succeed: CreatePipeline's token is the same, SageMaker creates once", async () => {
    const { fake, clients } = wire;
    // hold both DescribePipeline answers until both requests arrived: the worst interleaving
    let release: () => void = () => undefined;
    const bothDescribed = new Promise<void>((resolve) => (release = resolve));
    fake.on("DescribePipeline", async (request, f) => {
      if (f.calls("DescribePipeline").length >= 2) release();
      await bothDescribed;
      return f.modelAnswer(request);
    });

    const [first, second] = await Promise.all([upsert(simple, { roleArn: ROLE, clients }), upsert(simple, { roleArn: ROLE, clients })]);

    expect(fake.calls("CreatePipeline")).toHaveLength(2);
    const [a, b] = fake.bodies("CreatePipeline");
    expect(a).toEqual(b);
    expect(first).toMatchObject({ status: "created", pipelineArn: FLOW_ARN });
    expect(second).toMatchObject({ status: "created", pipelineArn: FLOW_ARN });
    expect(fake.pipelines.size).toBe(1);
  });

  it("sends a large definition through S3: PutObject of the exact JSON, then CreatePipeline with PipelineDefinitionS3Location", async () => {
    const { fake, clients } = wire;
    const { builder, compileOptions, compiled } = withCode();
    const asset = compiled.assets[0]?.files[0];
    const hash = createHash("sha256").update(compiled.json).digest("hex");
    const definitionKey = `code/Coded/definition-${hash}.json`;

    const result = await upsert(builder, { roleArn: ROLE, clients, compile: compileOptions, inlineLimitBytes: 100 });

    expect(fake.operations()).toEqual(["DescribePipeline", "HeadObject", "PutObject", "PutObject", "CreatePipeline", "ListPipelineVersions"]);
    const [, head, putAsset, putDefinition, create] = fake.requests;
    // S3, path-style: /<bucket>/<key>
    expect(head).toMatchObject({ method: "HEAD", bucket: "assets-bucket", key: asset?.key });
    expect(putAsset).toMatchObject({ method: "PUT", bucket: "assets-bucket", key: asset?.key });
    expect(putAsset?.url).toBe(`/assets-bucket/${asset?.key}?x-id=PutObject`);
    const file = readFileSync(asset?.path ?? "");
    expect(putAsset?.raw.equals(file)).toBe(true);
    expect(putAsset?.headers["content-length"]).toBe(String(file.length));
    expect(putAsset?.headers["x-amz-checksum-crc32"]).toBe(crc32Header(file));
    expect(putDefinition).toMatchObject({ method: "PUT", bucket: "assets-bucket", key: definitionKey });
    expect(putDefinition?.raw.toString("utf8")).toBe(compiled.json);
    expect(putDefinition?.headers["content-type"]).toBe("application/json");
    expect(putDefinition?.headers["x-amz-checksum-crc32"]).toBe(crc32Header(Buffer.from(compiled.json)));
    expect(create?.body).toEqual({
      PipelineName: "Coded",
      PipelineDefinitionS3Location: { Bucket: "assets-bucket", ObjectKey: definitionKey },
      RoleArn: ROLE,
      ClientRequestToken: createPipelineToken("Coded", compiled.json),
    });
    expect(result).toEqual({
      status: "created",
      pipelineName: "Coded",
      pipelineArn: pipelineArnOf("Coded"),
      version: 1,
      assets: { uploaded: [compiled.assets[0]?.s3Uri], skipped: [] },
      definitionS3Uri: `s3://assets-bucket/${definitionKey}`,
      tagsAdded: [],
      modelPackageGroups: {},
    });
    // SageMaker read the definition from the object: it is the compiled one
    expect(fake.pipelines.get("Coded")?.definition).toBe(compiled.json);
  });

  it("README's upsert(churn, ...) from the repository's root: the code paths are read next to the pipeline's file, not the working directory", async () => {
    const { fake, clients } = wire;
    const { default: churn } = await import("../../../examples/churn/pipeline.js");
    expect(process.cwd()).not.toBe(dirname(fileURLToPath(new URL("../../../examples/churn/pipeline.ts", import.meta.url))));

    const result = await upsert(churn, { roleArn: ROLE, clients, ensureModelPackageGroups: false });

    expect(result.status).toBe("created");
    expect(result.assets.uploaded).toHaveLength(3);
    expect(fake.calls("PutObject").map((put) => put.key?.split("/").at(-1)).sort()).toEqual(["evaluate.mjs", "preprocess.mjs", "train.mjs"]);
  });

  it("a compiled pipeline without local code keeps its asset location: a large definition goes to .assets({ bucket, prefix })", async () => {
    const { fake, clients } = wire;
    let big = pipeline("NoCode").assets({ bucket: "assets-bucket", prefix: "ml" }).param("Threshold", "Float", { default: 0.5 });
    const args = Array.from({ length: 30 }, (_, k) => `--option-${k}=${"x".repeat(80)}`);
    for (let i = 0; i < 40; i++) big = big.process(`Step${i}`, job({ after: [], arguments: args })) as unknown as typeof big;
    // what the CLI and deploy() hand to upsert: the compile result, not the builder
    const compiled = compile(big);
    expect(compiled.assets).toEqual([]);
    expect(compiled.assetLocation).toEqual({ bucket: "assets-bucket", prefix: "ml" });

    const result = await upsert(compiled, { roleArn: ROLE, clients });

    expect(fake.operations()).toEqual(["DescribePipeline", "PutObject", "CreatePipeline", "ListPipelineVersions"]);
    const put = fake.calls("PutObject")[0];
    expect(put).toMatchObject({ bucket: "assets-bucket", key: expect.stringMatching(/^ml\/NoCode\/definition-[0-9a-f]{64}\.json$/) });
    expect(put?.raw.toString("utf8")).toBe(compiled.json);
    expect(fake.bodies("CreatePipeline")[0]).toMatchObject({ PipelineDefinitionS3Location: { Bucket: "assets-bucket", ObjectKey: put?.key } });
    expect(result.definitionS3Uri).toBe(`s3://assets-bucket/${put?.key}`);
  });

  it("uses S3 by default only above 100 KiB: a real large pipeline goes through definitionS3, a small one inline", async () => {
    const { fake, clients } = wire;
    let big = pipeline("Big").param("Threshold", "Float", { default: 0.5 });
    const args = Array.from({ length: 30 }, (_, k) => `--option-${k}=${"x".repeat(80)}`);
    for (let i = 0; i < 40; i++) big = big.process(`Step${i}`, job({ after: [], arguments: args })) as unknown as typeof big;
    const json = compile(big).json;
    expect(Buffer.byteLength(json)).toBeGreaterThan(DEFAULT_INLINE_LIMIT_BYTES);

    await upsert(big, { roleArn: ROLE, clients, definitionS3: { bucket: "defs", prefix: "pipelines" } });
    expect(fake.operations()).toEqual(["DescribePipeline", "PutObject", "CreatePipeline", "ListPipelineVersions"]);
    const put = fake.calls("PutObject")[0];
    expect(put?.bucket).toBe("defs");
    expect(put?.key).toMatch(/^pipelines\/Big\/definition-[0-9a-f]{64}\.json$/);
    expect(put?.raw.toString("utf8")).toBe(json);
    expect(fake.bodies("CreatePipeline")[0]).toMatchObject({ PipelineDefinitionS3Location: { Bucket: "defs", ObjectKey: put?.key } });
    expect(fake.bodies("CreatePipeline")[0]?.PipelineDefinition).toBeUndefined();
    expect(fake.pipelines.get("Big")?.definition).toBe(json);

    fake.clearRequests();
    await upsert(simple, { roleArn: ROLE, clients, definitionS3: { bucket: "defs" } });
    expect(fake.operations()).toEqual(["DescribePipeline", "CreatePipeline", "ListPipelineVersions"]);
    expect(fake.bodies("CreatePipeline")[0]?.PipelineDefinition).toBe(compile(simple).json);
  });

  it("skips a code asset already in S3 (HEAD 200) and uploads nothing", async () => {
    const { fake, clients } = wire;
    const { compiled } = withCode();
    const file = compiled.assets[0]?.files[0];
    fake.objects.set(`assets-bucket/${file?.key}`, readFileSync(file?.path ?? ""));
    fake.seedPipeline({ name: "Coded", definition: compiled.json, roleArn: ROLE });

    const result = await upsert(compiled, { roleArn: ROLE, clients });

    expect(fake.operations()).toEqual(["DescribePipeline", "HeadObject", "ListPipelineVersions"]);
    expect(result).toMatchObject({ status: "unchanged", assets: { uploaded: [], skipped: [compiled.assets[0]?.s3Uri] } });
  });

  it("keeps a refused write's AWS error, request id and status when nothing was written yet", async () => {
    const { fake, clients } = wire;
    fake.queue("CreatePipeline", awsError("ValidationException", "1 validation error detected: Value at 'roleArn' failed to satisfy constraint", 400, { requestId: "req-invalid-role" }));
    const failure = await upsert(simple, { roleArn: ROLE, clients }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AwsOperationError);
    expect(failure).toMatchObject({ code: "aws-request-failed", operation: "CreatePipeline", awsErrorName: "ValidationException", requestId: "req-invalid-role", httpStatus: 400 });
    expect(fake.operations()).toEqual(["DescribePipeline", "CreatePipeline"]);
  });

  it("returns the ListPipelineVersions answer as the version, and none when the role may not list versions", async () => {
    const { fake, clients } = wire;
    fake.queue("ListPipelineVersions", awsError("AccessDeniedException", "User is not authorized to perform: sagemaker:ListPipelineVersions"));
    const result = await upsert(simple, { roleArn: ROLE, clients });
    expect(result.status).toBe("created");
    expect(result.version).toBeUndefined();
    fake.clearRequests();
    fake.queue("ListPipelineVersions", ok({ PipelineVersionSummaries: [{ PipelineArn: FLOW_ARN, PipelineVersionId: 9, CreationTime: 1735787045.123 }] }));
    await expect(upsert(simple, { roleArn: ROLE, clients })).resolves.toMatchObject({ status: "unchanged", version: 9 });
  });
});
