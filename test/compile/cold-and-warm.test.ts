import { describe, expect, it } from "vitest";
import { CompileError, compile, pipeline, rawStep } from "sagepipe";

// The schema check of a process's first compiles is zod's (writing the fast check costs more than a
// few zod parses: issue 17); after a few steps of a kind the fast check takes over. Both must give
// the same answer: the same definition for a valid pipeline, the same issues for an invalid one,
// whichever steps of the document the fast check vouched for.

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/proc:1";

function flow(badMessage: boolean) {
  return pipeline("ColdWarm")
    .assets({ bucket: "bench-bucket" })
    .param("Input", "String", { default: "s3://bench-bucket/in/" })
    .param("Threshold", "Float", { default: 0.5 })
    .process("Prepare", ({ params }) => ({
      image,
      role,
      instanceType: "ml.m5.xlarge",
      inputs: { data: params.Input },
      outputs: { out: "/opt/ml/processing/out" },
    }))
    .train("Fit", ({ steps }) => ({ image, role, instanceType: "ml.m5.xlarge", inputs: { train: steps.Prepare.outputs.out } }))
    .when("Check", ({ params }) => params.Threshold.gte(0.1))
    .fail("TooLow", "too low")
    .otherwise(() =>
      rawStep("Stop", "Fail", {
        // a Fail step's ErrorMessage is a string or an expression: a number is a schema issue
        arguments: { ErrorMessage: badMessage ? (42 as unknown as string) : "stopped" },
      }),
    );
}

describe("the schema check, cold and warm", () => {
  it("gives the same definition on every compile of a process, from the first", () => {
    const first = compile(flow(false)).json;
    for (let i = 0; i < 40; i++) expect(compile(flow(false)).json).toBe(first);
  });

  it("reports the same issues on every compile, whichever steps the fast check vouched for", () => {
    const issues = () => {
      try {
        compile(flow(true));
      } catch (error) {
        if (error instanceof CompileError) return error.issues.map((issue) => [issue.code, issue.jsonPath]);
        throw error;
      }
      return "compiled";
    };
    const first = issues();
    expect(first).toEqual([["invalid-type", "$.Steps[2].Arguments.ElseSteps[0].Arguments.ErrorMessage"]]);
    for (let i = 0; i < 40; i++) expect(issues()).toEqual(first);
  });
});
