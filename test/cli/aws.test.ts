import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadObjectCommand, PutObjectCommand, S3ServiceException } from "@aws-sdk/client-s3";
import {
  CreatePipelineCommand,
  DescribePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  ListPipelineExecutionsCommand,
  ListPipelineVersionsCommand,
  SageMakerServiceException,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { cli, root, mockAwsForCli } from "./support.js";

const churn = "examples/churn/pipeline.ts";
const golden = readFileSync(join(root, "test/golden/churn.json"), "utf8");
const ROLE = "arn:aws:iam::111111111111:role/SageMakerPipelineRole";
const PIPELINE_ARN = "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churnpipeline";
const EXECUTION_ARN = `${PIPELINE_ARN}/execution/abc123`;

const notFound = () => new SageMakerServiceException({ name: "ResourceNotFound", message: "Pipeline 'ChurnPipeline' does not exist.", $fault: "client", $metadata: { httpStatusCode: 400, requestId: "req-1" } });
const s3NotFound = () => new S3ServiceException({ name: "NotFound", message: "Not Found", $fault: "client", $metadata: { httpStatusCode: 404 } });

const { sm, s3 } = mockAwsForCli();

describe("sagepipe diff", () => {
  it("two local files: exit 0 when they compile to the same definition", async () => {
    const result = await cli(["diff", churn, "test/golden/churn.json"]);
    expect(result).toMatchObject({ code: 0, stdout: "no changes\n" });
  });

  it("two local files: exit 1 and the changes, by step and JSON path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sagepipe-diff-"));
    writeFileSync(join(dir, "old.json"), golden.replace('"learning_rate": "0.5"', '"learning_rate": "0.1"'));
    const result = await cli(["diff", join(dir, "old.json"), churn]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('~ step Train (Training)\n    ~ Arguments.HyperParameters.learning_rate: "0.1" → "0.5"\n');
  });

  it("against the deployed pipeline: not deployed yet → everything is new, exit 1", async () => {
    sm.on(DescribePipelineCommand).rejects(notFound());
    const result = await cli(["diff", churn]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^\(not deployed yet: everything is new\)\n\+ step Preprocess \(Processing\)/);
  });

  it("against the deployed pipeline: unchanged → exit 0", async () => {
    sm.on(DescribePipelineCommand).resolves({ PipelineName: "ChurnPipeline", PipelineArn: PIPELINE_ARN, PipelineDefinition: golden });
    expect(await cli(["diff", churn, "--json"])).toMatchObject({ code: 0 });
  });
});

describe("sagepipe upsert", () => {
  it("uploads the code and creates the pipeline", async () => {
    sm.on(DescribePipelineCommand).rejects(notFound());
    sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
    sm.on(ListPipelineVersionsCommand).resolves({ PipelineVersionSummaries: [{ PipelineVersionId: 1 }] });
    s3.on(HeadObjectCommand).rejects(s3NotFound());
    s3.on(PutObjectCommand).resolves({});
    const result = await cli(["upsert", churn, "--role-arn", ROLE, "--tag", "team=ml"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`ChurnPipeline: created (version 1)\n  ${PIPELINE_ARN}\n  code assets: 3 uploaded, 0 already in S3\n`);
    const create = sm.commandCalls(CreatePipelineCommand)[0]?.args[0].input;
    expect(create).toMatchObject({ PipelineName: "ChurnPipeline", RoleArn: ROLE, Tags: [{ Key: "team", Value: "ml" }] });
    expect(JSON.parse(create?.PipelineDefinition ?? "")).toEqual(JSON.parse(golden));
  });

  it("needs --role-arn (exit 2), and reports an AWS failure with its name and request id (exit 3, an AWS error)", async () => {
    expect((await cli(["upsert", churn])).code).toBe(2);
    sm.on(DescribePipelineCommand).rejects(new SageMakerServiceException({ name: "AccessDeniedException", message: "not authorized", $fault: "client", $metadata: { httpStatusCode: 400, requestId: "req-42" } }));
    const result = await cli(["upsert", churn, "--role-arn", ROLE]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/AccessDeniedException/);
    expect(result.stderr).toMatch(/req-42/);
  });
});

describe("sagepipe start, status, stop, executions", () => {
  it("start by name: checks --param against the deployed definition before starting", async () => {
    sm.on(DescribePipelineCommand).resolves({ PipelineName: "ChurnPipeline", PipelineArn: PIPELINE_ARN, PipelineDefinition: golden });
    const bad = await cli(["start", "ChurnPipeline", "--param", "AccuracyThreshold=high"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"AccuracyThreshold": expected a number');
    expect(sm.commandCalls(StartPipelineExecutionCommand)).toHaveLength(0);

    sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });
    const good = await cli(["start", "ChurnPipeline", "--param", "AccuracyThreshold=0.9", "--client-request-token", "a".repeat(40)]);
    expect(good).toMatchObject({ code: 0, stdout: `${EXECUTION_ARN}\n` });
    expect(sm.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input).toMatchObject({
      PipelineName: "ChurnPipeline",
      PipelineParameters: [{ Name: "AccuracyThreshold", Value: "0.9" }],
      ClientRequestToken: "a".repeat(40),
    });
  });

  it("start --wait: prints step progress and exits 1 when the execution fails", async () => {
    sm.on(DescribePipelineCommand).resolves({ PipelineName: "ChurnPipeline", PipelineArn: PIPELINE_ARN, PipelineDefinition: golden });
    sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });
    sm.on(DescribePipelineExecutionCommand)
      .resolvesOnce({ PipelineExecutionArn: EXECUTION_ARN, PipelineExecutionStatus: "Executing" })
      .resolves({ PipelineExecutionArn: EXECUTION_ARN, PipelineExecutionStatus: "Failed" });
    sm.on(ListPipelineExecutionStepsCommand).resolves({
      PipelineExecutionSteps: [{ StepName: "Train", StepStatus: "Failed", FailureReason: "AlgorithmError: out of memory", Metadata: { TrainingJob: { Arn: "arn:aws:sagemaker:us-east-1:111111111111:training-job/t" } } }],
    });
    const result = await cli(["start", "ChurnPipeline", "--wait", "--poll-seconds", "0.01"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Train (Training) Failed: AlgorithmError: out of memory");
    expect(result.stdout).toContain("AlgorithmError: out of memory");
  });

  it("status: each step, exit 1 for a failed execution; stop; executions", async () => {
    sm.on(DescribePipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN, PipelineExecutionStatus: "Failed", FailureReason: "Step failure" });
    sm.on(ListPipelineExecutionStepsCommand).resolves({ PipelineExecutionSteps: [{ StepName: "Preprocess", StepStatus: "Succeeded", Metadata: { ProcessingJob: { Arn: "arn:p" } } }] });
    const status = await cli(["status", EXECUTION_ARN]);
    expect(status.code).toBe(1);
    expect(status.stdout).toBe(`${EXECUTION_ARN}: Failed — Step failure\n  Preprocess (Processing) Succeeded\n`);

    sm.on(StopPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });
    expect(await cli(["stop", EXECUTION_ARN])).toMatchObject({ code: 0, stdout: `stopping ${EXECUTION_ARN}\n` });

    sm.on(ListPipelineExecutionsCommand).resolves({
      PipelineExecutionSummaries: [{ PipelineExecutionArn: EXECUTION_ARN, PipelineExecutionStatus: "Failed", StartTime: new Date("2026-11-27T00:00:00Z") }],
    });
    const list = await cli(["executions", "ChurnPipeline"]);
    expect(list).toMatchObject({ code: 0, stdout: `2026-11-27T00:00:00.000Z  Failed     ${EXECUTION_ARN}\n` });
  });
});
