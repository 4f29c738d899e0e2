import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreatePipelineCommand,
  DescribePipelineCommand,
  ListPipelineVersionsCommand,
  SageMakerServiceException,
  StartPipelineExecutionCommand,
} from "@aws-sdk/client-sagemaker";
import { beforeEach, describe, expect, it } from "vitest";
import { detectCommit } from "../../src/cli/commands/deploy.js";
import { cli, root, mockAwsForCli } from "./support.js";

const churn = "examples/churn/pipeline.ts";
const ROLE = "arn:aws:iam::111111111111:role/SageMakerPipelineRole";
const PIPELINE_ARN = "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churnpipeline";
const COMMIT = "3f9c2ab1d4e5f60718293a4b5c6d7e8f90a1b2c3";

const { sm, s3 } = mockAwsForCli();
beforeEach(() => {
  sm.on(DescribePipelineCommand).rejects(new SageMakerServiceException({ name: "ResourceNotFound", message: "no such pipeline", $fault: "client", $metadata: { httpStatusCode: 400 } }));
  sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
  sm.on(ListPipelineVersionsCommand).resolves({ PipelineVersionSummaries: [{ PipelineVersionId: 1 }] });
  sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: `${PIPELINE_ARN}/execution/e1` });
  s3.on(HeadObjectCommand).resolves({});
  s3.on(PutObjectCommand).resolves({});
});

describe("sagepipe deploy", () => {
  it("upserts with the commit as a tag, then starts with a token derived from the commit and parameters", async () => {
    const args = ["deploy", churn, "--role-arn", ROLE, "--commit", COMMIT, "--start", "--param", "AccuracyThreshold=0.9", "--json"];
    const first = await cli(args);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ pipelineName: "ChurnPipeline", status: "created", commit: COMMIT, executionArn: `${PIPELINE_ARN}/execution/e1` });
    expect(sm.commandCalls(CreatePipelineCommand)[0]?.args[0].input.Tags).toEqual([{ Key: "sagepipe:commit", Value: COMMIT }]);
    const started = sm.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input;
    expect(started).toMatchObject({
      PipelineParameters: [{ Name: "AccuracyThreshold", Value: "0.9" }],
      PipelineExecutionDescription: `commit ${COMMIT}`,
      ClientRequestToken: summary.clientRequestToken,
    });
    // a retried CI job deploying the same commit sends the same token: SageMaker starts one execution
    await cli(args);
    expect(sm.commandCalls(StartPipelineExecutionCommand)[1]?.args[0].input.ClientRequestToken).toBe(summary.clientRequestToken);
    // another commit, another token
    await cli(["deploy", churn, "--role-arn", ROLE, "--commit", "a".repeat(40), "--start", "--param", "AccuracyThreshold=0.9"]);
    expect(sm.commandCalls(StartPipelineExecutionCommand)[2]?.args[0].input.ClientRequestToken).not.toBe(summary.clientRequestToken);
  });

  it("without --start it only upserts; --param without --start is a usage error", async () => {
    const result = await cli(["deploy", churn, "--role-arn", ROLE, "--commit", COMMIT]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("ChurnPipeline: created (version 1) at commit 3f9c2ab1d4e5\n  code assets: 0 uploaded, 3 already in S3\n");
    expect(sm.commandCalls(StartPipelineExecutionCommand)).toHaveLength(0);
    expect((await cli(["deploy", churn, "--role-arn", ROLE, "--param", "A=1"])).code).toBe(2);
  });

  it("an invalid parameter stops before anything is written (exit 2)", async () => {
    const result = await cli(["deploy", churn, "--role-arn", ROLE, "--commit", COMMIT, "--start", "--param", "Nope=1"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"Nope" is not a parameter');
    expect(sm.commandCalls(CreatePipelineCommand)).toHaveLength(0);
    expect(sm.commandCalls(StartPipelineExecutionCommand)).toHaveLength(0);
  });
});

describe("detectCommit", () => {
  it("prefers --commit, then the CI's variable, then git", () => {
    expect(detectCommit("abc", root, {})).toBe("abc");
    expect(detectCommit(undefined, root, { GITHUB_SHA: "gh1" })).toBe("gh1");
    expect(detectCommit(undefined, root, { CODEBUILD_RESOLVED_SOURCE_VERSION: "cb1" })).toBe("cb1");
    expect(detectCommit(undefined, "/", {})).toBeUndefined();
  });
});
