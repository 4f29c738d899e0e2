import {
  DescribePipelineDefinitionForExecutionCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  ListPipelineParametersForExecutionCommand,
  RetryPipelineExecutionCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type PipelineExecutionStep,
} from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { compile } from "sagepipe";
import { AwsOperationError, Execution, ExecutionFailedError, executionOf, type ExecutionProgress, type ExecutionStep } from "../../src/aws/index.js";
import { EXECUTION_ARN, PIPELINE_ARN, awsError, flow, mockedAws } from "./support.js";

const fast = { pollIntervalMs: 1, maxPollIntervalMs: 4 };
const TRAINING_JOB = "arn:aws:sagemaker:us-east-1:111111111111:training-job/pipelines-abc-train";

function handle() {
  const aws = mockedAws();
  return { ...aws, execution: executionOf(EXECUTION_ARN, { clients: aws.clients }) };
}

const prepared: PipelineExecutionStep = { StepName: "Prepare", StepStatus: "Succeeded", Metadata: { ProcessingJob: { Arn: "arn:processing" } } };

describe("Execution.wait", () => {
  it("polls through Executing to Failed and throws an ExecutionFailedError naming the failed steps and reasons", async () => {
    const { sm, execution } = handle();
    sm.on(DescribePipelineExecutionCommand)
      .resolvesOnce({ PipelineExecutionStatus: "Executing" })
      .resolvesOnce({ PipelineExecutionStatus: "Executing" })
      .resolves({ PipelineExecutionStatus: "Failed", FailureReason: "Step failure: One or multiple steps failed." });
    sm.on(ListPipelineExecutionStepsCommand)
      .resolvesOnce({ PipelineExecutionSteps: [{ StepName: "Prepare", StepStatus: "Executing", Metadata: { ProcessingJob: { Arn: "arn:processing" } } }] })
      .resolvesOnce({ PipelineExecutionSteps: [prepared, { StepName: "Train", StepStatus: "Executing", Metadata: { TrainingJob: { Arn: TRAINING_JOB } } }] })
      .resolves({
        PipelineExecutionSteps: [
          prepared,
          { StepName: "Train", StepStatus: "Failed", FailureReason: "ClientError: instance type not supported", Metadata: { TrainingJob: { Arn: TRAINING_JOB } } },
          { StepName: "Stop", StepStatus: "Failed", Metadata: { Fail: { ErrorMessage: "accuracy too low" } } },
        ],
      });

    const seen: string[] = [];
    const failure = await execution.wait({ ...fast, onStep: (step, previous) => seen.push(`${step.name}:${previous ?? "-"}->${step.status}`) }).catch((e: unknown) => e);

    expect(seen).toEqual(["Prepare:-->Executing", "Prepare:Executing->Succeeded", "Train:-->Executing", "Train:Executing->Failed", "Stop:-->Failed"]);
    expect(failure).toBeInstanceOf(ExecutionFailedError);
    const error = failure as ExecutionFailedError;
    expect(error).toMatchObject({ code: "execution-failed", status: "Failed", executionArn: EXECUTION_ARN, failureReason: "Step failure: One or multiple steps failed." });
    expect(error.failedSteps).toEqual([
      { name: "Train", type: "Training", status: "Failed", reason: "ClientError: instance type not supported" },
      { name: "Stop", type: "Fail", status: "Failed", reason: "accuracy too low" },
    ]);
    expect(error.message).toContain("Train (Training): Failed: ClientError: instance type not supported");
  });

  it("returns the final description when the execution succeeds, without listing steps when no one listens", async () => {
    const { sm, execution } = handle();
    sm.on(DescribePipelineExecutionCommand).resolvesOnce({ PipelineExecutionStatus: "Executing" }).resolves({ PipelineExecutionStatus: "Succeeded", PipelineExecutionArn: EXECUTION_ARN });
    await expect(execution.wait(fast)).resolves.toEqual({ PipelineExecutionStatus: "Succeeded", PipelineExecutionArn: EXECUTION_ARN });
    expect(sm.commandCalls(ListPipelineExecutionStepsCommand)).toHaveLength(0);
  });

  it("throws an ExecutionFailedError with status Stopped for a stopped execution", async () => {
    const { sm, execution } = handle();
    sm.on(DescribePipelineExecutionCommand).resolves({ PipelineExecutionStatus: "Stopped" });
    sm.on(ListPipelineExecutionStepsCommand).resolves({ PipelineExecutionSteps: [prepared, { StepName: "Train", StepStatus: "Stopped" }] });
    await expect(execution.wait(fast)).rejects.toMatchObject({ code: "execution-failed", status: "Stopped", failedSteps: [{ name: "Train", status: "Stopped" }] });
  });

  it("survives throttling, HTTP 5xx and network errors, then succeeds", async () => {
    const { sm, execution } = handle();
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    sm.on(DescribePipelineExecutionCommand)
      .rejectsOnce(awsError("ThrottlingException", "Rate exceeded"))
      .rejectsOnce(awsError("InternalFailure", "internal error", 500))
      .rejectsOnce(reset)
      .resolves({ PipelineExecutionStatus: "Succeeded" });
    await expect(execution.wait(fast)).resolves.toMatchObject({ PipelineExecutionStatus: "Succeeded" });
    expect(sm.commandCalls(DescribePipelineExecutionCommand)).toHaveLength(4);
  });

  it("gives up after maxTransientErrors in a row, and at once on an error that is not transient", async () => {
    const { sm, execution } = handle();
    sm.on(DescribePipelineExecutionCommand).rejects(awsError("ThrottlingException", "Rate exceeded"));
    await expect(execution.wait({ ...fast, maxTransientErrors: 2 })).rejects.toMatchObject({ code: "aws-request-failed", awsErrorName: "ThrottlingException" });
    expect(sm.commandCalls(DescribePipelineExecutionCommand)).toHaveLength(3);

    sm.reset();
    sm.on(DescribePipelineExecutionCommand).rejects(awsError("AccessDeniedException", "no"));
    await expect(execution.wait(fast)).rejects.toMatchObject({ code: "aws-request-failed", awsErrorName: "AccessDeniedException", operation: "DescribePipelineExecution" });
    expect(sm.commandCalls(DescribePipelineExecutionCommand)).toHaveLength(1);
  });

  it("ends with wait-aborted when the signal is aborted, and makes no call for an aborted signal", async () => {
    const { sm, execution } = handle();
    sm.on(DescribePipelineExecutionCommand).resolves({ PipelineExecutionStatus: "Executing" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("deploy cancelled")), 20);
    const started = Date.now();
    await expect(execution.wait({ signal: controller.signal, pollIntervalMs: 5, maxPollIntervalMs: 5 })).rejects.toMatchObject({ code: "wait-aborted" });
    expect(Date.now() - started).toBeLessThan(500);

    sm.resetHistory();
    await expect(execution.wait({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AwsOperationError);
    expect(sm.calls()).toHaveLength(0);
  });

  it("ends with wait-timeout after timeoutMs, even in the middle of a long backoff", async () => {
    const { sm, execution } = handle();
    sm.on(DescribePipelineExecutionCommand).resolves({ PipelineExecutionStatus: "Executing" });
    const started = Date.now();
    const failure = await execution.wait({ timeoutMs: 40, pollIntervalMs: 10_000 }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "wait-timeout" });
    expect((failure as Error).message).toMatch(/after 40 ms/);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe("Execution.progress", () => {
  it("yields step and execution status changes and ends after the final status", async () => {
    const { sm, execution } = handle();
    sm.on(DescribePipelineExecutionCommand).resolvesOnce({ PipelineExecutionStatus: "Executing" }).resolves({ PipelineExecutionStatus: "Succeeded" });
    sm.on(ListPipelineExecutionStepsCommand)
      .resolvesOnce({ PipelineExecutionSteps: [{ StepName: "Prepare", StepStatus: "Executing" }] })
      .resolves({ PipelineExecutionSteps: [prepared] });
    const events: string[] = [];
    for await (const event of execution.progress(fast)) events.push(describeEvent(event));
    expect(events).toEqual(["step Prepare Executing", "status Executing", "step Prepare Succeeded (was Executing)", "status Succeeded (was Executing)"]);
  });
});

function describeEvent(event: ExecutionProgress): string {
  if (event.kind === "step") return `step ${event.step.name} ${event.step.status}${event.previousStatus === undefined ? "" : ` (was ${event.previousStatus})`}`;
  return `status ${event.status}${event.previousStatus === undefined ? "" : ` (was ${event.previousStatus})`}`;
}

describe("Execution.steps", () => {
  it("reads every page and types each step by its metadata", async () => {
    const { sm, execution } = handle();
    const started = new Date("2025-01-01T00:00:00Z");
    sm.on(ListPipelineExecutionStepsCommand)
      .resolvesOnce({
        PipelineExecutionSteps: [
          { StepName: "Train", StepStatus: "Succeeded", StartTime: started, Metadata: { TrainingJob: { Arn: TRAINING_JOB } }, CacheHitResult: { SourcePipelineExecutionArn: `${PIPELINE_ARN}/execution/old` } },
          { StepName: "Check", StepStatus: "Succeeded", Metadata: { Condition: { Outcome: "True" } } },
        ],
        NextToken: "page-2",
      })
      .resolvesOnce({
        PipelineExecutionSteps: [
          { StepName: "Approve", StepStatus: "Executing", Metadata: { Callback: { CallbackToken: "cb-token", SqsQueueUrl: "https://sqs/q", OutputParameters: [{ Name: "approved", Value: "true" }] } } },
          { StepName: "Notify", StepStatus: "Succeeded", Metadata: { Lambda: { Arn: "arn:lambda", OutputParameters: [{ Name: "sent", Value: "1" }] } } },
          { StepName: "Register", StepStatus: "Succeeded", Metadata: { RegisterModel: { Arn: "arn:model-package" } } },
          { StepName: "Later", StepStatus: "Starting" },
        ],
      });

    const steps = await execution.steps();

    expect(sm.commandCalls(ListPipelineExecutionStepsCommand).map((c) => c.args[0].input)).toEqual([
      { PipelineExecutionArn: EXECUTION_ARN, SortOrder: "Ascending" },
      { PipelineExecutionArn: EXECUTION_ARN, SortOrder: "Ascending", NextToken: "page-2" },
    ]);
    expect(steps.map((s) => [s.name, s.type])).toEqual([
      ["Train", "Training"],
      ["Check", "Condition"],
      ["Approve", "Callback"],
      ["Notify", "Lambda"],
      ["Register", "RegisterModel"],
      ["Later", "Unknown"],
    ]);
    const [train, check, approve, notify, register] = steps as [ExecutionStep, ExecutionStep, ExecutionStep, ExecutionStep, ExecutionStep];
    expect(train).toMatchObject({ status: "Succeeded", startTime: started, jobArn: TRAINING_JOB, arn: TRAINING_JOB, cacheHit: { sourceExecutionArn: `${PIPELINE_ARN}/execution/old` } });
    if (check.type === "Condition") expect(check.outcome).toBe("True");
    if (approve.type === "Callback") expect(approve).toMatchObject({ callbackToken: "cb-token", sqsQueueUrl: "https://sqs/q", outputs: { approved: "true" } });
    if (notify.type === "Lambda") expect(notify).toMatchObject({ arn: "arn:lambda", outputs: { sent: "1" } });
    expect(register.arn).toBe("arn:model-package");
    expect("cacheHit" in check).toBe(false);
  });
});

describe("stop, retry, rerun", () => {
  it("stop sends StopPipelineExecution with a token", async () => {
    const { sm, execution } = handle();
    sm.on(StopPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });
    await execution.stop();
    const input = sm.commandCalls(StopPipelineExecutionCommand)[0]?.args[0].input;
    expect(input?.PipelineExecutionArn).toBe(EXECUTION_ARN);
    expect(input?.ClientRequestToken?.length).toBeGreaterThanOrEqual(32);
  });

  it("retry sends RetryPipelineExecution with the given token (or a fresh one) and keeps the same execution", async () => {
    const { sm, execution } = handle();
    sm.on(RetryPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });
    const token = "f".repeat(40);
    await expect(execution.retry({ clientRequestToken: token, parallelism: 2 })).resolves.toBe(execution);
    await execution.retry();
    const inputs = sm.commandCalls(RetryPipelineExecutionCommand).map((c) => c.args[0].input);
    expect(inputs[0]).toEqual({ PipelineExecutionArn: EXECUTION_ARN, ClientRequestToken: token, ParallelismConfiguration: { MaxParallelExecutionSteps: 2 } });
    expect(inputs[1]?.ClientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("rerun from a step selects it and everything downstream, with the source's parameters overridden", async () => {
    const { sm, execution } = handle();
    const next = `${PIPELINE_ARN}/execution/exec-2`;
    sm.on(DescribePipelineDefinitionForExecutionCommand).resolves({ PipelineDefinition: compile(flow).json });
    sm.on(ListPipelineParametersForExecutionCommand)
      .resolvesOnce({ PipelineParameters: [{ Name: "Threshold", Value: "0.5" }], NextToken: "p2" })
      .resolvesOnce({ PipelineParameters: [{ Name: "Other", Value: "x" }] });
    sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: next });

    const again = await execution.rerun({ from: "Evaluate", params: { Threshold: "0.7" }, paramsForm: "text", displayName: "rerun-1" });

    expect(again).toBeInstanceOf(Execution);
    expect(again.arn).toBe(next);
    expect(sm.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input).toEqual({
      PipelineName: PIPELINE_ARN,
      PipelineParameters: [
        { Name: "Threshold", Value: "0.7" },
        { Name: "Other", Value: "x" },
      ],
      PipelineExecutionDisplayName: "rerun-1",
      SelectiveExecutionConfig: {
        SourcePipelineExecutionArn: EXECUTION_ARN,
        SelectedSteps: [{ StepName: "Evaluate" }, { StepName: "Check" }, { StepName: "Register" }],
      },
    });
  });

  it("rerun of named steps without reusing parameters; unknown steps rejected before StartPipelineExecution", async () => {
    const { sm, clients } = mockedAws();
    const execution = new Execution(EXECUTION_ARN, { clients, pipelineName: "Flow" });
    sm.on(DescribePipelineDefinitionForExecutionCommand).resolves({ PipelineDefinition: compile(flow).json });
    sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: `${PIPELINE_ARN}/execution/exec-3` });

    await execution.rerun({ steps: ["Side"], reuseParameters: false });
    expect(sm.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input).toEqual({
      PipelineName: "Flow",
      SelectiveExecutionConfig: { SourcePipelineExecutionArn: EXECUTION_ARN, SelectedSteps: [{ StepName: "Side" }] },
    });
    expect(sm.commandCalls(ListPipelineParametersForExecutionCommand)).toHaveLength(0);

    await expect(execution.rerun({ from: "Evaluat" })).rejects.toThrow(/Did you mean "Evaluate"/);
    await expect(execution.rerun({})).rejects.toMatchObject({ code: "empty-selection" });
    await expect(execution.rerun({ steps: ["Side"], params: { Threshold: "high" } })).rejects.toMatchObject({ code: "invalid-parameters" });
    expect(sm.commandCalls(StartPipelineExecutionCommand)).toHaveLength(1);
  });
});

describe("definition, parameters, describe", () => {
  it("parses the execution's definition and reads every page of its parameters", async () => {
    const { sm, execution } = handle();
    sm.on(DescribePipelineDefinitionForExecutionCommand).resolves({ PipelineDefinition: compile(flow).json });
    sm.on(ListPipelineParametersForExecutionCommand)
      .resolvesOnce({ PipelineParameters: [{ Name: "A", Value: "1" }], NextToken: "n" })
      .resolvesOnce({ PipelineParameters: [{ Name: "B", Value: "two" }] });
    expect((await execution.definition()).Steps.map((s) => s.Name)).toEqual(["Prepare", "Train", "Evaluate", "Check", "Side"]);
    expect(await execution.parameters()).toEqual({ A: "1", B: "two" });
  });

  it("says execution-not-found for an execution that does not exist", async () => {
    const { sm, execution } = handle();
    sm.on(DescribePipelineExecutionCommand).rejects(awsError("ResourceNotFound", "Pipeline execution does not exist"));
    await expect(execution.describe()).rejects.toMatchObject({ code: "execution-not-found", operation: "DescribePipelineExecution" });
  });

  it("rejects a string that is not an execution ARN", () => {
    expect(() => executionOf("arn:aws:sagemaker:us-east-1:111111111111:pipeline/flow")).toThrow(expect.objectContaining({ code: "invalid-execution-arn" }));
  });
});
