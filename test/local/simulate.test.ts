import { describe, expect, it } from "vitest";
import { and, compile, failStep, join, LocalRunError, not, or, pipeline, simulate, type ConditionEvaluation } from "sagepipe";

const FN = "arn:aws:lambda:us-east-1:111111111111:function:score";

/** A Lambda step whose outputs the conditions read; each test stubs them. */
const scored = pipeline("Gate")
  .param("Threshold", "Float", { default: 0.8 })
  .param("Stage", "String", { default: "dev", enum: ["dev", "prod"] })
  .lambda("Score", { functionArn: FN, outputs: { accuracy: "Float", label: "String", rows: "Integer" } });

async function decide(condition: Parameters<typeof scored.when>[1], outputs: Record<string, string | number | boolean>, params = {}) {
  const run = await simulate(scored.when("Check", condition).fail("Stop", "stopped").end(), { params, outputs: { Score: { outputs } } });
  const decision = run.conditions[0];
  if (decision === undefined) throw new Error("no decision");
  return decision;
}

describe("simulate: every condition type, with SageMaker's semantics", () => {
  const outputs = { accuracy: 0.85, label: "good", rows: 60 };

  it.each([
    ["Equals", ({ steps }: any) => steps.Score.outputs.rows.eq(60), true],
    ["Equals (string)", ({ steps }: any) => steps.Score.outputs.label.eq("bad"), false],
    ["GreaterThan", ({ steps, params }: any) => steps.Score.outputs.accuracy.gt(params.Threshold), true],
    ["GreaterThanOrEqualTo", ({ steps }: any) => steps.Score.outputs.accuracy.gte(0.85), true],
    ["LessThan", ({ steps }: any) => steps.Score.outputs.accuracy.lt(0.85), false],
    ["LessThanOrEqualTo", ({ steps }: any) => steps.Score.outputs.rows.lte(59), false],
    ["In", ({ steps }: any) => steps.Score.outputs.label.in(["good", "great"]), true],
    ["Not", ({ steps }: any) => not(steps.Score.outputs.label.eq("good")), false],
    ["Or", ({ steps }: any) => or(steps.Score.outputs.rows.lt(10), steps.Score.outputs.label.eq("good")), true],
    ["And (the list)", ({ steps, params }: any) => and(steps.Score.outputs.rows.gte(50), params.Stage.eq("prod")), false],
  ] as const)("%s", async (_name, condition, expected) => {
    const decision = await decide(condition, outputs);
    expect(decision.outcome).toBe(expected);
    expect(decision.branch).toBe(expected ? "IfSteps" : "ElseSteps");
  });

  it("records the operand values each condition compared", async () => {
    const decision = await decide(({ steps, params }) => or(steps.Score.outputs.accuracy.gte(params.Threshold), not(steps.Score.outputs.label.in(["bad"]))), outputs, { Threshold: 0.9 });
    const expected: ConditionEvaluation = {
      type: "Or",
      result: true,
      conditions: [
        { type: "GreaterThanOrEqualTo", left: 0.85, right: 0.9, result: false },
        { type: "Not", result: true, condition: { type: "In", query: "good", values: ["bad"], result: false } },
      ],
    };
    expect(decision.conditions).toEqual([expected]);
  });

  it("compares numeric text (as Lambda outputs and JSON files often carry) as numbers", async () => {
    const decision = await decide(({ steps }) => steps.Score.outputs.label.eq("60.0"), { accuracy: 1, label: "60", rows: 1 });
    expect(decision.outcome).toBe(true);
  });
});

describe("simulate: outcomes", () => {
  const flow = pipeline("Flow")
    .param("Threshold", "Float", { default: 0.8 })
    .lambda("Score", { functionArn: FN, outputs: { accuracy: "Float" } })
    .when("Check", ({ steps, params }) => steps.Score.outputs.accuracy.gte(params.Threshold))
    .lambda("Promote", { functionArn: FN, inputs: { accuracy: join`${0}` } })
    .otherwise(({ steps, params }) => failStep("TooLow", join`accuracy ${steps.Score.outputs.accuracy} < ${params.Threshold}`));

  it("the Fail step's message is evaluated with the run's values", async () => {
    const run = await simulate(flow, { outputs: { Score: { outputs: { accuracy: 0.5 } } } });
    expect(run).toMatchObject({ status: "Failed", failedStep: "TooLow", failureReason: "accuracy 0.5 < 0.8", skipped: ["Promote"] });
    expect(run.steps.TooLow?.status).toBe("Failed");
    expect(run.steps.Promote).toMatchObject({ status: "Skipped", skippedBecause: expect.stringContaining("Check") });
  });

  it("a stubbed failure fails the run there; later steps do not start", async () => {
    const run = await simulate(flow, { outputs: { Score: { fail: "Lambda timed out" } } });
    expect(run).toMatchObject({ status: "Failed", failedStep: "Score", failureReason: "Lambda timed out", ran: ["Score"] });
    expect(run.steps.Check?.status).toBe("NotStarted");
  });

  it("simulates a compiled pipeline and a bare definition the same way", async () => {
    const compiled = compile(flow);
    const stub = { outputs: { Score: { outputs: { accuracy: 0.9 } } } };
    const fromBuilder = await simulate(flow, stub);
    expect(await simulate(compiled, stub)).toEqual(fromBuilder);
    expect((await simulate(compiled.definition, { ...stub, name: "Flow" })).ran).toEqual(fromBuilder.ran);
  });

  it("rejects a stub for a step that does not exist, suggesting the name", async () => {
    await expect(simulate(flow, { outputs: { Scroe: { outputs: { accuracy: 1 } } } })).rejects.toThrow(/outputs.Scroe names no step of "Flow". Did you mean "Score"\?/);
  });

  it("says which property file stub is missing", async () => {
    const withReport = pipeline("Report")
      .assets({ bucket: "my-bucket" })
      .process("Evaluate", {
        image: "img",
        role: "arn:aws:iam::111111111111:role/R",
        instanceType: "ml.m5.large",
        entrypoint: ["node", "-e", "0"],
        outputs: { evaluation: "/opt/ml/processing/evaluation" },
        propertyFiles: { report: { output: "evaluation", path: "evaluation.json" } },
      })
      .when("Check", ({ steps }) => steps.Evaluate.propertyFiles.report.get("accuracy").gte(0.5))
      .fail("Stop", "stop")
      .end();
    const error = await simulate(withReport).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalRunError);
    expect((error as LocalRunError).code).toBe("local-stub-missing");
    expect((error as Error).message).toContain("outputs: { Evaluate: { propertyFiles: { report: {...} } } }");
  });

  it("checks parameter values before walking", async () => {
    await expect(simulate(flow, { params: { Threshold: "high" as unknown as number } })).rejects.toThrow(/"Threshold": expected a number/);
  });
});
