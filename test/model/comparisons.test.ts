import { describe, expect, it } from "vitest";
import { CompileError, compile, execution, failStep, pipeline } from "sagepipe";

// gt/gte/lt/lte order numbers with numbers and strings with strings (the type tests in
// test/types prove that mixing them does not compile); the JSON is the definition format's.

const numbers = pipeline("Numbers").param("Threshold", "Float", { default: 0.8 }).param("Epochs", "Integer", { default: 3 });
const strings = pipeline("Strings").param("Since", "String", { default: "2024-01-01" });

describe("ordering comparisons", () => {
  it("emits numbers as before", () => {
    const { definition } = numbers
      .when("Check", ({ params }) => [params.Threshold.gt(0.5), params.Threshold.gte(params.Epochs), params.Epochs.lt(10), params.Epochs.lte(params.Threshold)])
      .otherwise(() => failStep("Stop", "stop"))
      .compile();
    expect((definition.Steps[0]?.Arguments as { Conditions: unknown }).Conditions).toEqual([
      { Type: "GreaterThan", LeftValue: { Get: "Parameters.Threshold" }, RightValue: 0.5 },
      { Type: "GreaterThanOrEqualTo", LeftValue: { Get: "Parameters.Threshold" }, RightValue: { Get: "Parameters.Epochs" } },
      { Type: "LessThan", LeftValue: { Get: "Parameters.Epochs" }, RightValue: 10 },
      { Type: "LessThanOrEqualTo", LeftValue: { Get: "Parameters.Epochs" }, RightValue: { Get: "Parameters.Threshold" } },
    ]);
  });

  it("orders strings with strings: an execution variable against a date and a String parameter", () => {
    const built = strings
      .when("Recent", ({ params }) => [execution.StartDateTime.gt("2020-12-01"), execution.StartDateTime.gte(params.Since), params.Since.lt("2030-01-01"), params.Since.lte(execution.CurrentDateTime)])
      .otherwise(() => failStep("Old", "too old"));
    const compiled = compile(built);
    expect((compiled.definition.Steps[0]?.Arguments as { Conditions: unknown }).Conditions).toEqual([
      { Type: "GreaterThan", LeftValue: { Get: "Execution.StartDateTime" }, RightValue: "2020-12-01" },
      { Type: "GreaterThanOrEqualTo", LeftValue: { Get: "Execution.StartDateTime" }, RightValue: { Get: "Parameters.Since" } },
      { Type: "LessThan", LeftValue: { Get: "Parameters.Since" }, RightValue: "2030-01-01" },
      { Type: "LessThanOrEqualTo", LeftValue: { Get: "Parameters.Since" }, RightValue: { Get: "Execution.CurrentDateTime" } },
    ]);
  });

  it("is still refused by the compiler when the types are bypassed: a string ordered against a number", () => {
    const built = strings.when("Mixed", ({ params }) => params.Since.gt(5 as unknown as string)).otherwise(() => failStep("Stop", "stop"));
    expect(() => compile(built)).toThrow(CompileError);
    try {
      compile(built);
    } catch (error) {
      expect((error as CompileError).issues.map((issue) => issue.code)).toEqual(["condition-type-mismatch"]);
    }
  });
});
