import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "sagepipe";
import { AwsOperationError, UpsertIncompleteError, deriveClientRequestToken, isTransientAwsError, start, upsert } from "../../../src/aws/index.js";
import { ROLE, simple, withCode } from "../support.js";
import { awsError, drop, pipelineArnOf, wireClients } from "./fake-aws.js";
import { useFakeAws } from "./harness.js";

describe("faults on the wire", () => {
  const wire = useFakeAws();

  describe("a start retried after a lost response", () => {
    it("the SDK's retry sends the SAME ClientRequestToken; SageMaker answers it with the execution already started: one execution", async () => {
      const { fake, clients } = wire;
      fake.seedPipeline({ name: "Flow", definition: compile(simple).json, roleArn: ROLE });
      const params = { Threshold: 0.8 };
      const token = deriveClientRequestToken({ pipelineName: "Flow", commit: "9f1e2d3c", params });
      // the first StartPipelineExecution is processed (the execution starts) but its response is lost
      fake.queue("StartPipelineExecution", drop({ process: true }));

      const execution = await start(simple, { params, clientRequestToken: token, clients });

      const [first, second] = fake.calls("StartPipelineExecution");
      expect(fake.operations()).toEqual(["StartPipelineExecution", "StartPipelineExecution"]);
      expect(first?.reply).toBe("dropped");
      expect(first?.body).toEqual({ PipelineName: "Flow", PipelineParameters: [{ Name: "Threshold", Value: "0.8" }], ClientRequestToken: token });
      expect(second?.body).toEqual(first?.body);
      expect(second?.raw.equals(first?.raw ?? Buffer.alloc(0))).toBe(true);
      // one SDK invocation, two attempts
      expect(first?.headers["amz-sdk-request"]).toBe("attempt=1; max=3");
      expect(second?.headers["amz-sdk-request"]).toBe("attempt=2; max=3");
      expect(second?.headers["amz-sdk-invocation-id"]).toBe(first?.headers["amz-sdk-invocation-id"]);

      expect(fake.executions.size).toBe(1);
      const [only] = fake.executions.values();
      expect(execution.arn).toBe(only?.arn);

      // a CI job re-run of the same commit and parameters: the same token, still one execution
      const again = await start(simple, { params, clientRequestToken: deriveClientRequestToken({ pipelineName: "Flow", commit: "9f1e2d3c", params: { Threshold: 0.8 } }), clients });
      expect(again.arn).toBe(execution.arn);
      expect(fake.executions.size).toBe(1);
    });

    it("when the SDK does not retry, start fails with a transient AwsOperationError; starting again with the token finds the execution", async () => {
      const { fake } = wire;
      const once = wireClients(fake, { maxAttempts: 1 });
      try {
        fake.seedPipeline({ name: "Flow", definition: compile(simple).json, roleArn: ROLE });
        const token = deriveClientRequestToken({ pipelineName: "Flow", commit: "9f1e2d3c" });
        fake.queue("StartPipelineExecution", drop({ process: true }));

        const failure = await start(simple, { clientRequestToken: token, clients: once }).catch((error: unknown) => error);

        expect(failure).toBeInstanceOf(AwsOperationError);
        expect(failure).toMatchObject({ code: "aws-request-failed", operation: "StartPipelineExecution" });
        expect(isTransientAwsError(failure)).toBe(true);
        expect(fake.executions.size).toBe(1); // it did start

        const retried = await start(simple, { clientRequestToken: token, clients: once });
        expect(retried.arn).toBe([...fake.executions.values()][0]?.arn);
        expect(fake.executions.size).toBe(1);
        expect(fake.bodies("StartPipelineExecution").map((body) => body.ClientRequestToken)).toEqual([token, token]);
      } finally {
        once.sagemaker.destroy();
        once.s3.destroy();
      }
    });

    it("without a token the SDK's own retry still repeats the token it generated (one execution), but a second start() is a second execution", async () => {
      const { fake, clients } = wire;
      fake.seedPipeline({ name: "Flow", definition: compile(simple).json, roleArn: ROLE });
      fake.queue("StartPipelineExecution", drop({ process: true }));

      const first = await start(simple, { clients });
      const [a, b] = fake.bodies("StartPipelineExecution");
      expect(a?.ClientRequestToken).toEqual(expect.any(String));
      expect(b?.ClientRequestToken).toBe(a?.ClientRequestToken);
      expect(fake.executions.size).toBe(1);

      const second = await start(simple, { clients });
      expect(second.arn).not.toBe(first.arn);
      expect(fake.executions.size).toBe(2);
    });
  });

  it("a CreatePipeline whose response is lost: the SDK retries with the same ClientRequestToken and SageMaker creates once", async () => {
    const { fake, clients } = wire;
    fake.queue("CreatePipeline", drop({ process: true }));

    const result = await upsert(simple, { roleArn: ROLE, clients });

    const [first, second] = fake.calls("CreatePipeline");
    expect(first?.reply).toBe("dropped");
    expect(second?.body).toEqual(first?.body);
    expect(second?.reply).toMatchObject({ status: 200 });
    expect(result).toMatchObject({ status: "created", pipelineArn: pipelineArnOf("Flow"), version: 1 });
    expect(fake.pipelines.size).toBe(1);
  });

  describe("an upsert that fails mid-way", () => {
    it("asset PutObject OK, CreatePipeline refused (400) → UpsertIncompleteError listing the uploaded key; a rerun finds the asset (HEAD 200), uploads nothing, creates the pipeline", async () => {
      const { fake, clients } = wire;
      const { compiled } = withCode("import sys\nprint(sys.argv)\n");
      const file = compiled.assets[0]?.files[0];
      const uri = compiled.assets[0]?.s3Uri ?? "";
      fake.queue("CreatePipeline", awsError("ValidationException", "Could not assume role arn:aws:iam::111111111111:role/SageMakerRole", 400, { requestId: "req-create-refused" }));

      const failure = await upsert(compiled, { roleArn: ROLE, clients }).catch((error: unknown) => error);

      expect(fake.operations()).toEqual(["DescribePipeline", "HeadObject", "PutObject", "CreatePipeline"]);
      expect(failure).toBeInstanceOf(UpsertIncompleteError);
      const error = failure as UpsertIncompleteError;
      expect(error).toMatchObject({
        code: "upsert-incomplete",
        pipelineName: "Coded",
        uploaded: [uri],
        notWritten: ['pipeline "Coded" (CreatePipeline: the pipeline does not exist)'],
        operation: "CreatePipeline",
        awsErrorName: "ValidationException",
        awsMessage: "Could not assume role arn:aws:iam::111111111111:role/SageMakerRole",
        requestId: "req-create-refused",
        httpStatus: 400,
      });
      expect(error.pipeline).toBeUndefined();
      expect(uri).toBe(`s3://assets-bucket/${file?.key}`);
      expect(error.message).toContain(`uploaded ${uri}`);
      expect(error.message).toContain("req-create-refused");
      // what was written is really there, byte for byte; the pipeline is not
      expect(fake.objects.get(`assets-bucket/${file?.key}`)?.equals(readFileSync(file?.path ?? ""))).toBe(true);
      expect(fake.pipelines.has("Coded")).toBe(false);

      fake.clearRequests();
      const rerun = await upsert(compiled, { roleArn: ROLE, clients });

      expect(fake.operations()).toEqual(["DescribePipeline", "HeadObject", "CreatePipeline", "ListPipelineVersions"]);
      expect(fake.calls("HeadObject")[0]?.reply).toMatchObject({ status: 200 });
      expect(rerun).toEqual({
        status: "created",
        pipelineName: "Coded",
        pipelineArn: pipelineArnOf("Coded"),
        version: 1,
        assets: { uploaded: [], skipped: [uri] },
        tagsAdded: [],
        modelPackageGroups: {},
      });
      expect(fake.pipelines.get("Coded")?.definition).toBe(compiled.json);
    });

    it("with the definition in S3: both objects are reported uploaded; the rerun skips the asset and writes the definition object again", async () => {
      const { fake, clients } = wire;
      const { compiled } = withCode();
      const uri = compiled.assets[0]?.s3Uri ?? "";
      fake.queue("CreatePipeline", awsError("ValidationException", "Could not assume role"));

      const failure = (await upsert(compiled, { roleArn: ROLE, clients, inlineLimitBytes: 100 }).catch((error: unknown) => error)) as UpsertIncompleteError;

      expect(failure).toBeInstanceOf(UpsertIncompleteError);
      const definitionUri = failure.uploaded.find((u) => u.includes("/definition-"));
      expect(failure.uploaded).toEqual([uri, definitionUri]);
      expect(definitionUri).toMatch(/^s3:\/\/assets-bucket\/code\/Coded\/definition-[0-9a-f]{64}\.json$/);
      expect(failure.notWritten).toEqual(['pipeline "Coded" (CreatePipeline: the pipeline does not exist)']);

      fake.clearRequests();
      const rerun = await upsert(compiled, { roleArn: ROLE, clients, inlineLimitBytes: 100 });
      expect(fake.operations()).toEqual(["DescribePipeline", "HeadObject", "PutObject", "CreatePipeline", "ListPipelineVersions"]);
      expect(`s3://${fake.calls("PutObject")[0]?.bucket}/${fake.calls("PutObject")[0]?.key}`).toBe(definitionUri);
      expect(rerun).toMatchObject({ status: "created", assets: { uploaded: [], skipped: [uri] }, definitionS3Uri: definitionUri });
    });
  });
});
