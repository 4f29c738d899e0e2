import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  AddTagsCommand,
  CreatePipelineCommand,
  DescribePipelineCommand,
  ListPipelineVersionsCommand,
  ListTagsCommand,
  ResourceNotFound,
  UpdatePipelineCommand,
} from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { CompileError, compile, frameworkProcessingStep, pipeline, processingStep } from "sagepipe";
import { AwsOperationError, DEFAULT_INLINE_LIMIT_BYTES, UpsertIncompleteError, upsert } from "../../src/aws/index.js";
import { PIPELINE_ARN, ROLE, awsError, mockedAws, s3NotFound, simple, withCode } from "./support.js";

const notFound = () => new ResourceNotFound({ message: "Pipeline 'Flow' does not exist.", $metadata: { httpStatusCode: 400, requestId: "req-nf" } });

/** A deployed pipeline as DescribePipeline returns it. */
function deployed(definitionJson: string, extra: Record<string, string> = {}) {
  return { PipelineArn: PIPELINE_ARN, PipelineName: "Flow", PipelineDefinition: definitionJson, RoleArn: ROLE, ...extra };
}

/** The same JSON with its keys in another order and indented: what a round trip through AWS may give. */
function reordered(json: string): string {
  const sortKeys = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sortKeys)
      : typeof value === "object" && value !== null
        ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? 1 : -1)).map(([k, v]) => [k, sortKeys(v)]))
        : value;
  return JSON.stringify(sortKeys(JSON.parse(json)), null, 2);
}

describe("upsert", () => {
  it("creates a missing pipeline: definition inline, role, tags, an idempotency token from name and definition", async () => {
    const { clients, sm } = mockedAws();
    sm.on(DescribePipelineCommand).rejects(notFound());
    sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
    sm.on(ListPipelineVersionsCommand).resolves({ PipelineVersionSummaries: [{ PipelineVersionId: 1 }] });

    const result = await upsert(simple, { roleArn: ROLE, description: "churn", displayName: "Flow-display", tags: { team: "ml" }, clients });

    expect(result).toEqual({
      status: "created",
      pipelineName: "Flow",
      pipelineArn: PIPELINE_ARN,
      version: 1,
      assets: { uploaded: [], skipped: [] },
      tagsAdded: [],
      modelPackageGroups: {},
    });
    const [create] = sm.commandCalls(CreatePipelineCommand);
    const input = create?.args[0].input;
    expect(input).toMatchObject({
      PipelineName: "Flow",
      PipelineDefinition: compile(simple).json,
      RoleArn: ROLE,
      PipelineDescription: "churn",
      PipelineDisplayName: "Flow-display",
      Tags: [{ Key: "team", Value: "ml" }],
    });
    expect(input?.ClientRequestToken).toMatch(/^[0-9a-f]{64}$/);
    expect(input?.PipelineDefinitionS3Location).toBeUndefined();
    expect(sm.commandCalls(AddTagsCommand)).toHaveLength(0);

    // the same create again sends the same token: a retried create is idempotent
    await upsert(simple, { roleArn: ROLE, description: "churn", displayName: "Flow-display", tags: { team: "ml" }, clients });
    expect(sm.commandCalls(CreatePipelineCommand)[1]?.args[0].input.ClientRequestToken).toBe(input?.ClientRequestToken);
  });

  it("throws the CompileError before any AWS call", async () => {
    const { clients, sm, s3m } = mockedAws();
    const broken = pipeline("Broken").process("P", { image: "img", role: ROLE, instanceType: "ml.m5.xlarge", dependsOn: ["Nope"] });
    await expect(upsert(broken, { roleArn: ROLE, clients })).rejects.toBeInstanceOf(CompileError);
    expect(sm.calls()).toHaveLength(0);
    expect(s3m.calls()).toHaveLength(0);
  });

  it("updates a pipeline whose definition changed, and adds only the tags that differ", async () => {
    const { clients, sm } = mockedAws();
    const old = compile(pipeline("Flow").fail("Stop", "old message")).json;
    sm.on(DescribePipelineCommand).resolves(deployed(old));
    sm.on(UpdatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN, PipelineVersionId: 7 });
    sm.on(ListTagsCommand)
      .resolvesOnce({ Tags: [{ Key: "team", Value: "ml" }], NextToken: "page-2" })
      .resolvesOnce({ Tags: [{ Key: "env", Value: "dev" }] });
    sm.on(AddTagsCommand).resolves({});

    const result = await upsert(simple, { roleArn: ROLE, tags: { team: "ml", env: "prod", owner: "ana" }, clients });

    expect(result).toMatchObject({ status: "updated", pipelineArn: PIPELINE_ARN, version: 7, tagsAdded: ["env", "owner"], modelPackageGroups: {} });
    expect(sm.commandCalls(UpdatePipelineCommand)[0]?.args[0].input).toEqual({
      PipelineName: "Flow",
      PipelineDefinition: compile(simple).json,
      RoleArn: ROLE,
    });
    expect(sm.commandCalls(ListTagsCommand)[1]?.args[0].input).toEqual({ ResourceArn: PIPELINE_ARN, NextToken: "page-2" });
    expect(sm.commandCalls(AddTagsCommand)[0]?.args[0].input).toEqual({
      ResourceArn: PIPELINE_ARN,
      Tags: [
        { Key: "env", Value: "prod" },
        { Key: "owner", Value: "ana" },
      ],
    });
    expect(sm.commandCalls(CreatePipelineCommand)).toHaveLength(0);
    expect(sm.commandCalls(ListPipelineVersionsCommand)).toHaveLength(0);
  });

  it("writes nothing when the deployed definition is the same JSON (any key order) and the role is equal", async () => {
    const { clients, sm } = mockedAws();
    sm.on(DescribePipelineCommand).resolves(deployed(reordered(compile(simple).json), { PipelineDescription: "churn" }));
    sm.on(ListTagsCommand).resolves({ Tags: [{ Key: "team", Value: "ml" }] });
    sm.on(ListPipelineVersionsCommand).resolves({ PipelineVersionSummaries: [{ PipelineVersionId: 3 }] });

    const result = await upsert(simple, { roleArn: ROLE, description: "churn", tags: { team: "ml" }, clients });

    expect(result).toEqual({ status: "unchanged", pipelineName: "Flow", pipelineArn: PIPELINE_ARN, version: 3, assets: { uploaded: [], skipped: [] }, tagsAdded: [], modelPackageGroups: {} });
    const written = sm.calls().map((call) => call.args[0].constructor.name);
    expect(written).toEqual(["DescribePipelineCommand", "ListTagsCommand", "ListPipelineVersionsCommand"]);
  });

  it("updates when only the role or the description differ", async () => {
    const { clients, sm } = mockedAws();
    sm.on(DescribePipelineCommand).resolves(deployed(compile(simple).json, { RoleArn: "arn:aws:iam::111111111111:role/Old", PipelineDescription: "old" }));
    sm.on(UpdatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN, PipelineVersionId: 2 });
    await expect(upsert(simple, { roleArn: ROLE, clients })).resolves.toMatchObject({ status: "updated", version: 2 });

    sm.reset();
    sm.on(DescribePipelineCommand).resolves(deployed(compile(simple).json, { PipelineDescription: "old" }));
    sm.on(UpdatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN, PipelineVersionId: 3 });
    await expect(upsert(simple, { roleArn: ROLE, clients })).resolves.toMatchObject({ status: "unchanged" });
    await expect(upsert(simple, { roleArn: ROLE, description: "new", clients })).resolves.toMatchObject({ status: "updated" });
    expect(sm.commandCalls(UpdatePipelineCommand)[0]?.args[0].input.PipelineDescription).toBe("new");
  });

  it("sends a definition larger than the inline limit through S3, at a content-addressed key", async () => {
    const { clients, sm, s3m } = mockedAws();
    const { builder, compileOptions, compiled } = withCode();
    sm.on(DescribePipelineCommand).rejects(notFound());
    sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
    s3m.on(HeadObjectCommand).resolves({});
    s3m.on(PutObjectCommand).resolves({});

    const result = await upsert(builder, { roleArn: ROLE, clients, compile: compileOptions, inlineLimitBytes: 100 });

    const hash = createHash("sha256").update(compiled.json).digest("hex");
    const key = `code/Coded/definition-${hash}.json`;
    expect(result.definitionS3Uri).toBe(`s3://assets-bucket/${key}`);
    expect(result.assets.uploaded).toEqual([]);
    const put = s3m.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ Bucket: "assets-bucket", Key: key, Body: compiled.json, ContentType: "application/json" });
    const create = sm.commandCalls(CreatePipelineCommand)[0]?.args[0].input;
    expect(create?.PipelineDefinitionS3Location).toEqual({ Bucket: "assets-bucket", ObjectKey: key });
    expect(create?.PipelineDefinition).toBeUndefined();
  });

  it("uploads the files sagepipe makes for script mode (sourcedir.tar.gz, runproc.sh) from their bytes", async () => {
    const { clients, sm, s3m } = mockedAws();
    const dir = new URL("../fixtures/script-mode/", import.meta.url).pathname;
    const builder = pipeline("Coded")
      .region("us-east-1")
      .assets({ bucket: "assets-bucket", prefix: "code" })
      .add(frameworkProcessingStep("Prep", { framework: { name: "sklearn", version: "1.2-1" }, role: ROLE, instanceType: "ml.m5.xlarge", code: "train.py", sourceDir: "src" }));
    const compiled = builder.compile({ baseDir: dir });
    sm.on(DescribePipelineCommand).rejects(notFound());
    sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
    s3m.on(HeadObjectCommand).rejects(s3NotFound());
    s3m.on(PutObjectCommand).resolves({});

    const result = await upsert(builder, { roleArn: ROLE, clients, compile: { baseDir: dir } });

    expect(result.assets.uploaded).toEqual(compiled.assets.map((asset) => asset.s3Uri).sort());
    const bodies = new Map(s3m.commandCalls(PutObjectCommand).map((call) => [call.args[0].input.Key, call.args[0].input.Body]));
    for (const asset of compiled.assets) {
      expect(asset.kind).toBe("generated");
      expect(bodies.get(asset.files[0]?.key)).toEqual(asset.files[0]?.content);
    }
  });

  it("uploads sourcedir.tar.gz encrypted with the AWS managed KMS key, as the SDK does (fw_utils.tar_and_upload_dir: ServerSideEncryption aws:kms); other code as the bucket says", async () => {
    const { clients, sm, s3m } = mockedAws();
    const dir = new URL("../fixtures/script-mode/", import.meta.url).pathname;
    const builder = pipeline("Coded")
      .region("us-east-1")
      .assets({ bucket: "assets-bucket", prefix: "code" })
      .add(frameworkProcessingStep("Prep", { framework: { name: "sklearn", version: "1.2-1" }, role: ROLE, instanceType: "ml.m5.xlarge", code: "train.py", sourceDir: "src" }))
      .add(processingStep("Plain", { image: "img", role: ROLE, instanceType: "ml.m5.xlarge", code: "preprocessing.py" }));
    const compiled = builder.compile({ baseDir: dir });
    expect(compiled.assets.find((asset) => asset.s3Uri.endsWith("sourcedir.tar.gz"))?.serverSideEncryption).toBe("aws:kms");
    sm.on(DescribePipelineCommand).rejects(notFound());
    sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
    s3m.on(HeadObjectCommand).rejects(s3NotFound());
    s3m.on(PutObjectCommand).resolves({});

    await upsert(builder, { roleArn: ROLE, clients, compile: { baseDir: dir } });

    const encryption = Object.fromEntries(s3m.commandCalls(PutObjectCommand).map((call) => [call.args[0].input.Key?.split("/").at(-1), call.args[0].input.ServerSideEncryption ?? "none"]));
    // runproc.sh and plain local code: the SDK uploads them with S3Uploader, without it
    expect(encryption).toEqual({ "sourcedir.tar.gz": "aws:kms", "runproc.sh": "none", "preprocessing.py": "none" });
  });

  it("uses definitionS3 when given, and needs a location for a large definition before any call", async () => {
    const { clients, sm, s3m } = mockedAws();
    sm.on(DescribePipelineCommand).rejects(notFound());
    sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
    s3m.on(PutObjectCommand).resolves({});
    await upsert(simple, { roleArn: ROLE, clients, inlineLimitBytes: 10, definitionS3: { bucket: "defs", prefix: "/pipelines/" } });
    expect(s3m.commandCalls(PutObjectCommand)[0]?.args[0].input.Key).toMatch(/^pipelines\/Flow\/definition-[0-9a-f]{64}\.json$/);

    sm.resetHistory();
    await expect(upsert(simple, { roleArn: ROLE, clients, inlineLimitBytes: 10 })).rejects.toMatchObject({ code: "missing-definition-location" });
    expect(sm.calls()).toHaveLength(0);
    expect(DEFAULT_INLINE_LIMIT_BYTES).toBe(102_400);
  });

  it("skips code assets already in S3 and uploads the missing ones", async () => {
    const { clients, sm, s3m } = mockedAws();
    const { builder, compileOptions, compiled } = withCode();
    const uri = compiled.assets[0]?.s3Uri ?? "";
    sm.on(DescribePipelineCommand).resolves(deployed(compiled.json));
    sm.on(ListPipelineVersionsCommand).resolves({});
    s3m.on(HeadObjectCommand).resolves({});

    const present = await upsert(builder, { roleArn: ROLE, clients, compile: compileOptions });
    expect(present).toMatchObject({ status: "unchanged", assets: { uploaded: [], skipped: [uri] } });
    expect(present.version).toBeUndefined();
    expect(s3m.commandCalls(PutObjectCommand)).toHaveLength(0);

    s3m.reset();
    s3m.on(HeadObjectCommand).rejects(s3NotFound());
    s3m.on(PutObjectCommand).resolves({});
    const missing = await upsert(compiled, { roleArn: ROLE, clients });
    expect(missing).toMatchObject({ status: "unchanged", assets: { uploaded: [uri], skipped: [] } });
    const put = s3m.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put?.Bucket).toBe("assets-bucket");
    expect(`s3://${put?.Bucket}/${put?.Key}`).toBe(uri);
    expect(Buffer.from(put?.Body as Uint8Array).toString()).toBe("print('hello')\n");
  });

  it("refuses local code that changed between compile and upload: its bytes would be stored under the old content's key", async () => {
    // the key is named by the content hash and a key once in S3 is never uploaded again (HeadObject),
    // so the new bytes under the old key would be what every later run of the old code gets
    const { clients, sm, s3m } = mockedAws();
    const { compileOptions, compiled } = withCode("print('v1')\n");
    writeFileSync(join(compileOptions.baseDir, "run.py"), "print('v2')\n");
    sm.on(DescribePipelineCommand).rejects(notFound());
    sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
    s3m.on(HeadObjectCommand).rejects(s3NotFound());
    s3m.on(PutObjectCommand).resolves({});
    const error = await upsert(compiled, { roleArn: ROLE, clients }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "asset-changed" });
    expect((error as Error).message).toMatch(/local code "\.\/run\.py" changed after the pipeline was compiled .*compile again/);
    expect(s3m.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(sm.commandCalls(CreatePipelineCommand)).toHaveLength(0);

    // the same bytes again (an edit undone): uploaded, as they hash to the key
    writeFileSync(join(compileOptions.baseDir, "run.py"), "print('v1')\n");
    await expect(upsert(compiled, { roleArn: ROLE, clients })).resolves.toMatchObject({ status: "created" });
    expect(Buffer.from(s3m.commandCalls(PutObjectCommand)[0]?.args[0].input.Body as Uint8Array).toString()).toBe("print('v1')\n");
  });

  it("refuses a directory of local code whose file changed or went away after compile; an unchanged one uploads file by file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sagepipe-dir-"));
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src", "train.py"), "print('train')\n");
    writeFileSync(join(dir, "src", "run.sh"), "#!/bin/sh\n");
    const builder = pipeline("Dir").assets({ bucket: "assets-bucket", prefix: "code" })
      .add(processingStep("Prep", { image: "img", role: ROLE, instanceType: "ml.m5.xlarge", code: { dir: "src", entryPoint: "train.py" } }));
    const upload = async (compiled: ReturnType<typeof builder.compile>) => {
      const { clients, sm, s3m } = mockedAws();
      sm.on(DescribePipelineCommand).rejects(notFound());
      sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
      s3m.on(HeadObjectCommand).rejects(s3NotFound());
      s3m.on(PutObjectCommand).resolves({});
      const outcome = await upsert(compiled, { roleArn: ROLE, clients }).catch((e: unknown) => e);
      return { outcome, puts: s3m.commandCalls(PutObjectCommand).length };
    };
    const unchanged = await upload(builder.compile({ baseDir: dir }));
    expect(unchanged.outcome).toMatchObject({ status: "created" });
    expect(unchanged.puts).toBeGreaterThanOrEqual(2);

    const edited = builder.compile({ baseDir: dir });
    writeFileSync(join(dir, "src", "train.py"), "print('other')\n");
    expect(await upload(edited)).toMatchObject({ outcome: { code: "asset-changed" }, puts: 0 });

    const removed = builder.compile({ baseDir: dir });
    rmSync(join(dir, "src", "run.sh"));
    expect(await upload(removed)).toMatchObject({ outcome: { code: "missing-asset" }, puts: 0 });
  });

  it("fails mid-way (asset uploaded, CreatePipeline refused) with an UpsertIncompleteError; a rerun completes it", async () => {
    const { clients, sm, s3m } = mockedAws();
    const { compiled } = withCode();
    const uri = compiled.assets[0]?.s3Uri ?? "";
    sm.on(DescribePipelineCommand).rejects(notFound());
    sm.on(CreatePipelineCommand).rejectsOnce(awsError("ValidationException", "Role arn is not valid", 400, "req-create"));
    s3m.on(HeadObjectCommand).rejectsOnce(s3NotFound());
    s3m.on(PutObjectCommand).resolves({});

    const failure = await upsert(compiled, { roleArn: ROLE, clients }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UpsertIncompleteError);
    const error = failure as UpsertIncompleteError;
    expect(error.code).toBe("upsert-incomplete");
    expect(error.uploaded).toEqual([uri]);
    expect(error.pipeline).toBeUndefined();
    expect(error.notWritten).toEqual(['pipeline "Coded" (CreatePipeline: the pipeline does not exist)']);
    expect(error.message).toContain(`uploaded ${uri}`);
    expect(error.message).toContain("CreatePipeline");
    expect(error.message).toContain("Role arn is not valid");
    expect(error.cause).toBeInstanceOf(AwsOperationError);
    expect(error).toMatchObject({ operation: "CreatePipeline", awsErrorName: "ValidationException", requestId: "req-create", httpStatus: 400 });

    sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
    s3m.on(HeadObjectCommand).resolves({});
    const rerun = await upsert(compiled, { roleArn: ROLE, clients });
    expect(rerun).toMatchObject({ status: "created", pipelineArn: PIPELINE_ARN, assets: { uploaded: [], skipped: [uri] } });
    expect(s3m.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it("reports an upload that fails after others succeeded, and a failure before any write as a plain AwsOperationError", async () => {
    const { clients, sm, s3m } = mockedAws();
    sm.on(DescribePipelineCommand).rejects(awsError("AccessDeniedException", "not authorized to perform sagemaker:DescribePipeline", 400, "req-denied"));
    const denied = await upsert(simple, { roleArn: ROLE, clients }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(AwsOperationError);
    expect(denied).not.toBeInstanceOf(UpsertIncompleteError);
    expect(denied).toMatchObject({ code: "aws-request-failed", operation: "DescribePipeline", requestId: "req-denied", awsErrorName: "AccessDeniedException" });

    sm.reset();
    sm.on(DescribePipelineCommand).rejects(notFound());
    const { compiled } = withCode();
    s3m.on(HeadObjectCommand).rejects(s3NotFound());
    s3m.on(PutObjectCommand).rejects(awsError("AccessDenied", "Access Denied", 403));
    const refused = await upsert(compiled, { roleArn: ROLE, clients }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "aws-request-failed", operation: "PutObject" });
    expect(sm.commandCalls(CreatePipelineCommand)).toHaveLength(0);
  });

  it("rejects a missing roleArn before any call", async () => {
    const { clients, sm } = mockedAws();
    await expect(upsert(simple, { roleArn: "", clients })).rejects.toMatchObject({ code: "invalid-option" });
    expect(sm.calls()).toHaveLength(0);
  });
});
