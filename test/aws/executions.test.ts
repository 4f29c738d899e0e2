import {
  DescribePipelineExecutionCommand,
  ListPipelineExecutionsCommand,
  SendPipelineExecutionStepFailureCommand,
  SendPipelineExecutionStepSuccessCommand,
} from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { listExecutions, sendCallbackFailure, sendCallbackSuccess } from "../../src/aws/index.js";
import { PIPELINE_ARN, awsError, mockedAws } from "./support.js";

const arn = (id: string) => `${PIPELINE_ARN}/execution/${id}`;

describe("listExecutions", () => {
  it("reads every page, newest first, with a handle on each execution", async () => {
    const { clients, sm } = mockedAws();
    const started = new Date("2025-03-01T10:00:00Z");
    sm.on(ListPipelineExecutionsCommand)
      .resolvesOnce({ PipelineExecutionSummaries: [{ PipelineExecutionArn: arn("c"), PipelineExecutionStatus: "Executing", StartTime: started }], NextToken: "t2" })
      .resolvesOnce({ PipelineExecutionSummaries: [{ PipelineExecutionArn: arn("b"), PipelineExecutionStatus: "Failed", PipelineExecutionFailureReason: "step failed" }], NextToken: "t3" })
      .resolvesOnce({ PipelineExecutionSummaries: [{ PipelineExecutionArn: arn("a"), PipelineExecutionStatus: "Succeeded", PipelineExecutionDisplayName: "first" }] });
    sm.on(DescribePipelineExecutionCommand).resolves({ PipelineExecutionStatus: "Executing" });

    const executions = await listExecutions("Flow", { clients });

    expect(executions.map(({ execution: _, ...summary }) => summary)).toEqual([
      { arn: arn("c"), status: "Executing", startTime: started },
      { arn: arn("b"), status: "Failed", failureReason: "step failed" },
      { arn: arn("a"), status: "Succeeded", displayName: "first" },
    ]);
    expect(sm.commandCalls(ListPipelineExecutionsCommand).map((c) => c.args[0].input)).toEqual([
      { PipelineName: "Flow", SortBy: "CreationTime", SortOrder: "Descending" },
      { PipelineName: "Flow", SortBy: "CreationTime", SortOrder: "Descending", NextToken: "t2" },
      { PipelineName: "Flow", SortBy: "CreationTime", SortOrder: "Descending", NextToken: "t3" },
    ]);
    // the handle shares the listing's clients
    await expect(executions[0]?.execution.describe()).resolves.toEqual({ PipelineExecutionStatus: "Executing" });
    expect(executions[0]?.execution.pipelineName).toBe("Flow");
  });

  it("stops after maxResults", async () => {
    const { clients, sm } = mockedAws();
    sm.on(ListPipelineExecutionsCommand)
      .resolvesOnce({ PipelineExecutionSummaries: [{ PipelineExecutionArn: arn("c") }, { PipelineExecutionArn: arn("b") }], NextToken: "t2" })
      .resolvesOnce({ PipelineExecutionSummaries: [{ PipelineExecutionArn: arn("a") }] });
    const executions = await listExecutions("Flow", { clients, maxResults: 2 });
    expect(executions.map((e) => e.arn)).toEqual([arn("c"), arn("b")]);
    expect(sm.commandCalls(ListPipelineExecutionsCommand)).toHaveLength(1);
    expect(sm.commandCalls(ListPipelineExecutionsCommand)[0]?.args[0].input.MaxResults).toBe(2);
  });

  it("says pipeline-not-found for an unknown pipeline", async () => {
    const { clients, sm } = mockedAws();
    sm.on(ListPipelineExecutionsCommand).rejects(awsError("ResourceNotFound", "Pipeline 'Nope' does not exist."));
    await expect(listExecutions("Nope", { clients })).rejects.toMatchObject({ code: "pipeline-not-found" });
  });
});

describe("callback answers", () => {
  it("sends success with output parameters as text, and failure with a reason", async () => {
    const { clients, sm } = mockedAws();
    sm.on(SendPipelineExecutionStepSuccessCommand).resolves({});
    sm.on(SendPipelineExecutionStepFailureCommand).resolves({});

    await sendCallbackSuccess("token-1", { approved: true, score: 0.93, reviewer: "ana" }, { clients });
    await sendCallbackFailure("token-2", "the reviewer rejected the model", { clients, clientRequestToken: "c".repeat(32) });

    expect(sm.commandCalls(SendPipelineExecutionStepSuccessCommand)[0]?.args[0].input).toEqual({
      CallbackToken: "token-1",
      OutputParameters: [
        { Name: "approved", Value: "true" },
        { Name: "score", Value: "0.93" },
        { Name: "reviewer", Value: "ana" },
      ],
    });
    expect(sm.commandCalls(SendPipelineExecutionStepFailureCommand)[0]?.args[0].input).toEqual({
      CallbackToken: "token-2",
      FailureReason: "the reviewer rejected the model",
      ClientRequestToken: "c".repeat(32),
    });
  });
});
