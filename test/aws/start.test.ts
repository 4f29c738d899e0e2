import { DescribePipelineCommand, ResourceNotFound, StartPipelineExecutionCommand } from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { ParameterError, compile } from "sagepipe";
import { Execution, deriveClientRequestToken, start } from "../../src/aws/index.js";
import { EXECUTION_ARN, PIPELINE_ARN, ROLE, flow, mockedAws, simple } from "./support.js";

function deployedSimple() {
  return { PipelineArn: PIPELINE_ARN, PipelineName: "Flow", PipelineDefinition: compile(simple).json, RoleArn: ROLE };
}

describe("start", () => {
  it("starts a builder's pipeline with only the values given, as text, and returns an Execution", async () => {
    const { clients, sm } = mockedAws();
    sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });

    const execution = await start(simple, {
      params: { Threshold: 0.9, Deploy: true, Mode: "slow" },
      displayName: "run-1",
      description: "nightly",
      parallelism: 4,
      clients,
    });

    expect(execution).toBeInstanceOf(Execution);
    expect(execution.arn).toBe(EXECUTION_ARN);
    expect(execution.pipelineName).toBe("Flow");
    expect(execution.pipelineArn).toBe(PIPELINE_ARN);
    expect(sm.calls()).toHaveLength(1);
    expect(sm.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input).toEqual({
      PipelineName: "Flow",
      PipelineParameters: [
        { Name: "Threshold", Value: "0.9" },
        { Name: "Deploy", Value: "true" },
        { Name: "Mode", Value: "slow" },
      ],
      PipelineExecutionDisplayName: "run-1",
      PipelineExecutionDescription: "nightly",
      ParallelismConfiguration: { MaxParallelExecutionSteps: 4 },
    });
  });

  it("rejects unknown, ill-typed and out-of-enum values before any call", async () => {
    const { clients, sm } = mockedAws();
    const attempts = [
      // @ts-expect-error: not a parameter of the pipeline
      () => start(simple, { params: { Treshold: 0.9 }, clients }),
      // @ts-expect-error: a Float parameter takes a number
      () => start(simple, { params: { Threshold: "high" }, clients }),
      // @ts-expect-error: an Integer parameter takes a number
      () => start(simple, { params: { Epochs: true }, clients }),
      () => start(simple, { params: { Epochs: 2.5 }, clients }),
      // @ts-expect-error: not one of the enum's values
      () => start(simple, { params: { Mode: "fats" }, clients }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(ParameterError);
    // @ts-expect-error: not one of the enum's values (the run-time check, for JavaScript)
    await expect(start(simple, { params: { Mode: "fats" }, clients })).rejects.toThrow(/"Mode": "fats" is not one of "fast", "slow". Did you mean "fast"\?/);
    expect(sm.calls()).toHaveLength(0);
  });

  it("takes undefined optional values (unset environment variables) as left out", async () => {
    const { clients, sm } = mockedAws();
    sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });
    const unset: string | undefined = process.env.SAGEPIPE_TEST_UNSET;
    await start(simple, { displayName: unset, description: unset, clientRequestToken: unset, parallelism: undefined, clients });
    expect(sm.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input).toEqual({ PipelineName: "Flow" });
  });

  it("checks a deployed pipeline's parameters at run time, accepting command-line text", async () => {
    const { clients, sm } = mockedAws();
    sm.on(DescribePipelineCommand).resolves(deployedSimple());
    sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });

    await start("Flow", { params: { Threshold: "0.75", Epochs: "3", Deploy: "false" }, paramsForm: "text", clients });
    expect(sm.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input.PipelineParameters).toEqual([
      { Name: "Threshold", Value: "0.75" },
      { Name: "Epochs", Value: "3" },
      { Name: "Deploy", Value: "false" },
    ]);

    await expect(start("Flow", { params: { Epochs: "three", Unknown: "x" }, paramsForm: "text", clients })).rejects.toSatisfy(
      (error) => error instanceof ParameterError && error.problems.length === 2,
    );
    await expect(start("Flow", { params: { Threshold: "0.5" }, clients })).rejects.toThrow(/"Threshold": expected a number, got the string "0.5"/);
    expect(sm.commandCalls(StartPipelineExecutionCommand)).toHaveLength(1);
  });

  it("says pipeline-not-found for a name that is not deployed", async () => {
    const { clients, sm } = mockedAws();
    sm.on(DescribePipelineCommand).rejects(new ResourceNotFound({ message: "Pipeline 'Nope' does not exist.", $metadata: { requestId: "req-9", httpStatusCode: 400 } }));
    await expect(start("Nope", { clients })).rejects.toMatchObject({ code: "pipeline-not-found", requestId: "req-9", awsErrorName: "ResourceNotFound" });
    expect(sm.commandCalls(StartPipelineExecutionCommand)).toHaveLength(0);
  });

  it("a start retried with the same derived token sends the same ClientRequestToken", async () => {
    const { clients, sm } = mockedAws();
    sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });
    const params = { Threshold: 0.9 };
    const token = deriveClientRequestToken({ pipelineName: "Flow", commit: "0a1b2c3d", params });

    // the first response is lost: the caller retries with the same token
    const first = await start(simple, { params, clientRequestToken: token, clients });
    const second = await start(simple, { params, clientRequestToken: deriveClientRequestToken({ pipelineName: "Flow", commit: "0a1b2c3d", params: { Threshold: 0.9 } }), clients });

    const tokens = sm.commandCalls(StartPipelineExecutionCommand).map((call) => call.args[0].input.ClientRequestToken);
    expect(tokens).toEqual([token, token]);
    expect(second.arn).toBe(first.arn);
  });

  it("rejects a token of the wrong length and an invalid display name before any call", async () => {
    const { clients, sm } = mockedAws();
    await expect(start(simple, { clientRequestToken: "short", clients })).rejects.toMatchObject({ code: "invalid-client-request-token" });
    await expect(start(simple, { displayName: "not valid!", clients })).rejects.toMatchObject({ code: "invalid-option" });
    await expect(start(simple, { parallelism: 0, clients })).rejects.toMatchObject({ code: "invalid-option" });
    expect(sm.calls()).toHaveLength(0);
  });

  it("runs a selective execution, checking the step names first", async () => {
    const { clients, sm } = mockedAws();
    sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });
    await start(flow, { selectiveExecution: { sourceExecutionArn: EXECUTION_ARN, steps: ["Evaluate", "Train"] }, clients });
    expect(sm.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input.SelectiveExecutionConfig).toEqual({
      SourcePipelineExecutionArn: EXECUTION_ARN,
      SelectedSteps: [{ StepName: "Train" }, { StepName: "Evaluate" }],
    });

    await expect(start(flow, { selectiveExecution: { steps: ["Trian"] }, clients })).rejects.toThrow(/"Trian" is not a step of this pipeline. Did you mean "Train"\?/);
    expect(sm.calls()).toHaveLength(1);
  });

  it("starts a compiled pipeline, checking against its definition", async () => {
    const { clients, sm } = mockedAws();
    sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN });
    await start(compile(simple), { params: { Epochs: 3 }, clients });
    expect(sm.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input.PipelineParameters).toEqual([{ Name: "Epochs", Value: "3" }]);
    await expect(start(compile(simple), { params: { Epochs: "3" }, clients })).rejects.toBeInstanceOf(ParameterError);
  });
});

describe("deriveClientRequestToken", () => {
  it("is deterministic, within the API's 32-128 characters, independent of parameter order and value form", () => {
    const a = deriveClientRequestToken({ pipelineName: "Flow", commit: "abc", params: { A: 1, B: "x" } });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(deriveClientRequestToken({ pipelineName: "Flow", commit: "abc", params: { B: "x", A: 1 } })).toBe(a);
    expect(deriveClientRequestToken({ pipelineName: "Flow", commit: "abc", params: { B: "x", A: "1", C: undefined } })).toBe(a);
    expect(deriveClientRequestToken({ pipelineName: "Flow", commit: "abd", params: { A: 1, B: "x" } })).not.toBe(a);
    expect(deriveClientRequestToken({ pipelineName: "Flow", commit: "abc", params: { A: 2, B: "x" } })).not.toBe(a);
    expect(deriveClientRequestToken({ pipelineName: "Other", commit: "abc", params: { A: 1, B: "x" } })).not.toBe(a);
  });

  it("takes an undefined commit (an unset environment variable) as no commit", () => {
    const commit: string | undefined = process.env.SAGEPIPE_TEST_UNSET_COMMIT;
    const without = deriveClientRequestToken({ pipelineName: "Flow", params: { A: 1 } });
    expect(deriveClientRequestToken({ pipelineName: "Flow", commit, params: { A: 1 } })).toBe(without);
    expect(deriveClientRequestToken({ pipelineName: "Flow", commit: "abc", params: { A: 1 } })).not.toBe(without);
  });
});
