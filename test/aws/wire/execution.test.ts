import { describe, expect, it } from "vitest";
import { AwsOperationError, ExecutionFailedError, executionOf } from "../../../src/aws/index.js";
import { awsError, pipelineArnOf } from "./fake-aws.js";
import { sagemakerWireHeaders, useFakeAws } from "./harness.js";

const fast = { pollIntervalMs: 1, maxPollIntervalMs: 2 };
const EXECUTION = `${pipelineArnOf("Flow")}/execution/k3j9x2m1q8zz`;
const SOURCE = `${pipelineArnOf("Flow")}/execution/earlier00001`;
const TRAINING_JOB = "arn:aws:sagemaker:us-east-1:111111111111:training-job/pipelines-k3j9x2m1q8zz-Train-Vx81bQ2aNc";
const TRAIN_REASON = "AlgorithmError: framework error: Traceback (most recent call last): ValueError: could not convert string to float: 'n/a', exit code: 1";

/** Steps as ListPipelineExecutionSteps returns them (timestamps in epoch seconds). */
const prepare = {
  StepName: "Prepare",
  StartTime: 1735787100.123,
  EndTime: 1735787101.456,
  StepStatus: "Succeeded",
  AttemptCount: 0,
  CacheHitResult: { SourcePipelineExecutionArn: SOURCE },
  Metadata: { ProcessingJob: { Arn: "arn:aws:sagemaker:us-east-1:111111111111:processing-job/pipelines-earlier00001-Prepare-Ab12Cd34Ef" } },
};
const trainRunning = { StepName: "Train", StepDisplayName: "Train model", StartTime: 1735787102.5, StepStatus: "Executing", AttemptCount: 1, Metadata: { TrainingJob: { Arn: TRAINING_JOB } } };
const trainFailed = { ...trainRunning, StepStatus: "Failed", EndTime: 1735787990.25, FailureReason: TRAIN_REASON };
const evaluateStopped = { StepName: "Evaluate", StepStatus: "Stopped", StartTime: 1735787991 };

describe("Execution on the wire", () => {
  const wire = useFakeAws();

  it("wait: DescribePipelineExecution Executing → Failed, all pages of ListPipelineExecutionSteps → ExecutionFailedError naming the step and reason", async () => {
    const { fake, clients } = wire;
    fake.stepsPageSize = 2;
    const record = fake.seedExecution("Flow", "k3j9x2m1q8zz", { status: "Executing", steps: [prepare, trainRunning] });
    // the execution fails between the first and the second poll
    fake.on("DescribePipelineExecution", (request, f) => {
      if (f.calls("DescribePipelineExecution").length === 2) {
        record.status = "Failed";
        record.failureReason = "Step failure: One or multiple steps failed.";
        record.steps = [prepare, trainFailed, evaluateStopped];
      }
      return f.modelAnswer(request);
    });
    const seen: string[] = [];
    const execution = executionOf(EXECUTION, { clients });

    const failure = await execution.wait({ ...fast, onStep: (step, previous) => seen.push(`${step.name}:${previous ?? "-"}→${step.status}`) }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ExecutionFailedError);
    const error = failure as ExecutionFailedError;
    expect(error).toMatchObject({ code: "execution-failed", status: "Failed", executionArn: EXECUTION, failureReason: "Step failure: One or multiple steps failed." });
    expect(error.failedSteps).toEqual([
      { name: "Train", type: "Training", status: "Failed", reason: TRAIN_REASON },
      { name: "Evaluate", status: "Stopped" },
    ]);
    expect(error.message).toContain(`Train (Training): Failed: ${TRAIN_REASON}`);
    expect(seen).toEqual(["Prepare:-→Succeeded", "Train:-→Executing", "Train:Executing→Failed", "Evaluate:-→Stopped"]);

    // poll 1: describe + steps; poll 2: describe + steps (2 pages); the failure report: steps (2 pages)
    expect(fake.operations()).toEqual([
      "DescribePipelineExecution",
      "ListPipelineExecutionSteps",
      "DescribePipelineExecution",
      "ListPipelineExecutionSteps",
      "ListPipelineExecutionSteps",
      "ListPipelineExecutionSteps",
      "ListPipelineExecutionSteps",
    ]);
    expect(fake.requests[0]?.headers).toMatchObject(sagemakerWireHeaders("DescribePipelineExecution"));
    expect(fake.bodies("DescribePipelineExecution")).toEqual([{ PipelineExecutionArn: EXECUTION }, { PipelineExecutionArn: EXECUTION }]);
    expect(fake.bodies("ListPipelineExecutionSteps")).toEqual([
      { PipelineExecutionArn: EXECUTION, SortOrder: "Ascending" },
      { PipelineExecutionArn: EXECUTION, SortOrder: "Ascending" },
      { PipelineExecutionArn: EXECUTION, SortOrder: "Ascending", NextToken: "2" },
      { PipelineExecutionArn: EXECUTION, SortOrder: "Ascending" },
      { PipelineExecutionArn: EXECUTION, SortOrder: "Ascending", NextToken: "2" },
    ]);
  });

  it("wait without onStep polls DescribePipelineExecution only, and lists the steps once for the failure", async () => {
    const { fake, clients } = wire;
    const record = fake.seedExecution("Flow", "k3j9x2m1q8zz", { status: "Executing", steps: [prepare, trainRunning] });
    fake.on("DescribePipelineExecution", (request, f) => {
      if (f.calls("DescribePipelineExecution").length === 3) Object.assign(record, { status: "Failed", steps: [prepare, trainFailed] });
      return f.modelAnswer(request);
    });

    await expect(executionOf(EXECUTION, { clients }).wait(fast)).rejects.toMatchObject({
      code: "execution-failed",
      failedSteps: [{ name: "Train", type: "Training", status: "Failed", reason: TRAIN_REASON }],
    });
    expect(fake.operations()).toEqual(["DescribePipelineExecution", "DescribePipelineExecution", "DescribePipelineExecution", "ListPipelineExecutionSteps"]);
  });

  describe("wait returns once the execution is terminal; its steps are best effort", () => {
    it("Failed, and the steps cannot be listed (HTTP 500 every time): ExecutionFailedError at once, without the steps", async () => {
      const { fake, clients } = wire;
      fake.seedExecution("Flow", "k3j9x2m1q8zz", { status: "Failed", failureReason: "Step failure: One or multiple steps failed.", steps: [prepare, trainFailed] });
      fake.on("ListPipelineExecutionSteps", () => awsError("InternalFailure", "We encountered an internal error.", 500));

      const failure = await executionOf(EXECUTION, { clients })
        .wait({ ...fast, onStep: () => undefined })
        .catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(ExecutionFailedError);
      expect(failure).toMatchObject({ status: "Failed", failureReason: "Step failure: One or multiple steps failed.", failedSteps: [] });
      // one describe; the steps: one SDK call (its own 3 attempts) while polling, one for the report; no 10 rounds of retries
      expect(fake.operations().filter((operation) => operation === "DescribePipelineExecution")).toHaveLength(1);
      expect(fake.calls("ListPipelineExecutionSteps").length).toBeLessThanOrEqual(6);
    });

    it("Succeeded, and the steps cannot be listed: resolves with the description", async () => {
      const { fake, clients } = wire;
      fake.seedExecution("Flow", "k3j9x2m1q8zz", { status: "Succeeded", steps: [prepare] });
      fake.on("ListPipelineExecutionSteps", () => awsError("ThrottlingException", "Rate exceeded", 400));

      const described = await executionOf(EXECUTION, { clients }).wait({ ...fast, onStep: () => undefined });

      expect(described.PipelineExecutionStatus).toBe("Succeeded");
      expect(fake.calls("ListPipelineExecutionSteps").length).toBeLessThanOrEqual(3);
    });
  });

  it("steps(): parses timestamps, cache hits, job ARNs and failure reasons from the JSON", async () => {
    const { fake, clients } = wire;
    fake.seedExecution("Flow", "k3j9x2m1q8zz", { status: "Failed", steps: [prepare, trainFailed] });

    const steps = await executionOf(EXECUTION, { clients }).steps();

    expect(steps[0]).toMatchObject({
      name: "Prepare",
      type: "Processing",
      status: "Succeeded",
      startTime: new Date(1735787100123),
      endTime: new Date(1735787101456),
      cacheHit: { sourceExecutionArn: SOURCE },
      jobArn: prepare.Metadata.ProcessingJob.Arn,
    });
    expect(steps[1]).toMatchObject({ name: "Train", displayName: "Train model", type: "Training", status: "Failed", failureReason: TRAIN_REASON, jobArn: TRAINING_JOB, attemptCount: 1 });
  });

  it("describe() of an unknown execution: ResourceNotFound → 'execution-not-found' with the AWS details", async () => {
    const { fake, clients } = wire;
    const failure = await executionOf(EXECUTION, { clients }).describe().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AwsOperationError);
    expect(failure).toMatchObject({ code: "execution-not-found", operation: "DescribePipelineExecution", awsErrorName: "ResourceNotFound", httpStatus: 400 });
    expect((failure as AwsOperationError).awsMessage).toContain("does not exist");
    expect(fake.operations()).toEqual(["DescribePipelineExecution"]);
  });
});
