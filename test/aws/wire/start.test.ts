import { describe, expect, it } from "vitest";
import { compile } from "sagepipe";
import { AwsOperationError, Execution, deriveClientRequestToken, listExecutions, start } from "../../../src/aws/index.js";
import { ROLE, simple } from "../support.js";
import { ok, pipelineArnOf, resourceNotFound } from "./fake-aws.js";
import { sagemakerWireHeaders, useFakeAws } from "./harness.js";

const FLOW_ARN = pipelineArnOf("Flow");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("start on the wire", () => {
  const wire = useFakeAws();

  it("sends StartPipelineExecution with parameters as [{Name, Value}] strings, display name, description, token and parallelism", async () => {
    const { fake, clients } = wire;
    fake.seedPipeline({ name: "Flow", definition: compile(simple).json, roleArn: ROLE });
    const params = { Threshold: 0.9, Epochs: 3, Mode: "slow", Deploy: true } as const;
    const token = deriveClientRequestToken({ pipelineName: "Flow", commit: "0123abcd", params });

    const execution = await start(simple, { params, displayName: "nightly-7", description: "commit 0123abcd", clientRequestToken: token, parallelism: 2, clients });

    expect(fake.operations()).toEqual(["StartPipelineExecution"]);
    const [request] = fake.requests;
    expect(request?.headers).toMatchObject(sagemakerWireHeaders("StartPipelineExecution"));
    expect(request?.body).toEqual({
      PipelineName: "Flow",
      PipelineParameters: [
        { Name: "Threshold", Value: "0.9" },
        { Name: "Epochs", Value: "3" },
        { Name: "Mode", Value: "slow" },
        { Name: "Deploy", Value: "true" },
      ],
      PipelineExecutionDisplayName: "nightly-7",
      PipelineExecutionDescription: "commit 0123abcd",
      ClientRequestToken: token,
      ParallelismConfiguration: { MaxParallelExecutionSteps: 2 },
    });
    expect(execution).toBeInstanceOf(Execution);
    const [started] = fake.executions.values();
    expect(execution.arn).toBe(started?.arn);
    expect(execution.arn).toMatch(/^arn:aws:sagemaker:us-east-1:111111111111:pipeline\/flow\/execution\/exec\d{8}$/);
    expect(execution.pipelineName).toBe("Flow");
    expect(execution.pipelineArn).toBe(FLOW_ARN);
  });

  it("without a token, the SDK fills ClientRequestToken with a fresh UUID per call: two starts are two executions", async () => {
    const { fake, clients } = wire;
    fake.seedPipeline({ name: "Flow", definition: compile(simple).json, roleArn: ROLE });

    const first = await start(simple, { clients });
    const second = await start(simple, { clients });

    const [a, b] = fake.bodies("StartPipelineExecution");
    expect(a).toEqual({ PipelineName: "Flow", ClientRequestToken: expect.stringMatching(UUID) });
    expect(b?.ClientRequestToken).toMatch(UUID);
    expect(a?.ClientRequestToken).not.toBe(b?.ClientRequestToken);
    expect(first.arn).not.toBe(second.arn);
    expect(fake.executions.size).toBe(2);
  });

  it("by name: reads the deployed definition (DescribePipeline), checks command-line text, sends typed text", async () => {
    const { fake, clients } = wire;
    fake.seedPipeline({ name: "Flow", definition: compile(simple).json, roleArn: ROLE });

    const execution = await start("Flow", { params: { Threshold: "0.75", Epochs: "12", Deploy: "false" }, paramsForm: "text", clients });

    expect(fake.operations()).toEqual(["DescribePipeline", "StartPipelineExecution"]);
    expect(fake.bodies("DescribePipeline")).toEqual([{ PipelineName: "Flow" }]);
    expect(fake.bodies("StartPipelineExecution")[0]).toMatchObject({
      PipelineName: "Flow",
      PipelineParameters: [
        { Name: "Threshold", Value: "0.75" },
        { Name: "Epochs", Value: "12" },
        { Name: "Deploy", Value: "false" },
      ],
    });
    expect(execution.pipelineName).toBe("Flow");

    // an ill-typed value is refused after the read, before any write
    fake.clearRequests();
    await expect(start("Flow", { params: { Epochs: "twelve" }, paramsForm: "text", clients })).rejects.toMatchObject({ name: "ParameterError" });
    expect(fake.operations()).toEqual(["DescribePipeline"]);
  });

  it("by name, a ResourceNotFound is an AwsOperationError 'pipeline-not-found' keeping the AWS name, message and request id; nothing is started", async () => {
    const { fake, clients } = wire;
    fake.queue("DescribePipeline", resourceNotFound("Pipeline 'arn:aws:sagemaker:us-east-1:111111111111:pipeline/nope' does not exist.", "6f1c0b9e-0d55-4f5c-9d3a-1b2c3d4e5f60"));

    const failure = await start("Nope", { clients }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(AwsOperationError);
    expect(failure).toMatchObject({
      code: "pipeline-not-found",
      operation: "DescribePipeline",
      awsErrorName: "ResourceNotFound",
      awsMessage: "Pipeline 'arn:aws:sagemaker:us-east-1:111111111111:pipeline/nope' does not exist.",
      requestId: "6f1c0b9e-0d55-4f5c-9d3a-1b2c3d4e5f60",
      httpStatus: 400,
    });
    expect((failure as Error).message).toContain('pipeline "Nope" does not exist');
    expect((failure as Error).message).toContain("6f1c0b9e-0d55-4f5c-9d3a-1b2c3d4e5f60");
    expect(fake.operations()).toEqual(["DescribePipeline"]);
  });

  it("a compiled pipeline that was never deployed: StartPipelineExecution's ResourceNotFound is 'pipeline-not-found' too", async () => {
    const { fake, clients } = wire;
    const failure = await start(compile(simple), { clients }).catch((error: unknown) => error);
    expect(fake.operations()).toEqual(["StartPipelineExecution"]);
    expect(failure).toMatchObject({ code: "pipeline-not-found", operation: "StartPipelineExecution", awsErrorName: "ResourceNotFound", httpStatus: 400 });
    const reply = fake.requests[0]?.reply;
    expect(reply).toMatchObject({ status: 400, headers: { "x-amzn-RequestId": expect.stringMatching(UUID) } });
    expect((failure as AwsOperationError).requestId).toBe(typeof reply === "object" ? reply.headers["x-amzn-RequestId"] : undefined);
  });

  it("listExecutions: every page of ListPipelineExecutions, newest first, timestamps parsed", async () => {
    const { fake, clients } = wire;
    const arn = (id: string) => `${FLOW_ARN}/execution/${id}`;
    fake.queue(
      "ListPipelineExecutions",
      ok({
        PipelineExecutionSummaries: [
          { PipelineExecutionArn: arn("b2"), PipelineExecutionStatus: "Executing", StartTime: 1735787045.5, PipelineExecutionDisplayName: "run-2" },
          { PipelineExecutionArn: arn("b1"), PipelineExecutionStatus: "Failed", StartTime: 1735700645, PipelineExecutionFailureReason: "Step failure: One or multiple steps failed." },
        ],
        NextToken: "page-2-token",
      }),
      ok({ PipelineExecutionSummaries: [{ PipelineExecutionArn: arn("a0"), PipelineExecutionStatus: "Succeeded", StartTime: 1735614245 }] }),
    );

    const executions = await listExecutions("Flow", { clients });

    expect(fake.bodies("ListPipelineExecutions")).toEqual([
      { PipelineName: "Flow", SortBy: "CreationTime", SortOrder: "Descending" },
      { PipelineName: "Flow", SortBy: "CreationTime", SortOrder: "Descending", NextToken: "page-2-token" },
    ]);
    expect(executions.map(({ execution: _, ...summary }) => summary)).toEqual([
      { arn: arn("b2"), status: "Executing", displayName: "run-2", startTime: new Date(1735787045500) },
      { arn: arn("b1"), status: "Failed", startTime: new Date(1735700645000), failureReason: "Step failure: One or multiple steps failed." },
      { arn: arn("a0"), status: "Succeeded", startTime: new Date(1735614245000) },
    ]);
    expect(executions[0]?.execution.pipelineName).toBe("Flow");

    fake.clearRequests();
    fake.seedPipeline({ name: "Flow", definition: compile(simple).json, roleArn: ROLE });
    await listExecutions("Flow", { clients, maxResults: 1 });
    expect(fake.bodies("ListPipelineExecutions")).toEqual([{ PipelineName: "Flow", SortBy: "CreationTime", SortOrder: "Descending", MaxResults: 1 }]);
  });
});
