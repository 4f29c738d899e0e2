import { describe, expect, it } from "vitest";
import { SagepipeError, compare, compile, execution, failStep, pipeline } from "sagepipe";

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

  it("is still refused when the types are bypassed: a string ordered against a number, when the condition is built", () => {
    const mixed = () => strings.when("Mixed", ({ params }) => params.Since.gt(5 as unknown as string));
    expect(mixed).toThrow(SagepipeError);
    expect(mixed).toThrow(/\{"Get":"Parameters.Since"\} gt 5 compares a string with a number/);
    try {
      mixed();
    } catch (error) {
      expect((error as SagepipeError).code).toBe("condition-type-mismatch");
    }
  });
});

describe("compare: a literal on the left, as the Python SDK writes it", () => {
  it("emits the literal as LeftValue, with the operator's condition type", () => {
    const built = numbers
      .when("Gate", ({ params }) => [
        compare(0.01, "<=", params.Threshold),
        compare(1.5, "==", params.Threshold),
        compare(params.Epochs, ">", 2),
        compare(3, "<", params.Epochs),
        compare(4, ">=", params.Epochs),
        compare(2, "!=", params.Epochs),
      ])
      .otherwise(() => failStep("Stop", "stop"));
    expect((compile(built).definition.Steps[0]?.Arguments as { Conditions: unknown }).Conditions).toEqual([
      { Type: "LessThanOrEqualTo", LeftValue: 0.01, RightValue: { Get: "Parameters.Threshold" } },
      { Type: "Equals", LeftValue: 1.5, RightValue: { Get: "Parameters.Threshold" } },
      { Type: "GreaterThan", LeftValue: { Get: "Parameters.Epochs" }, RightValue: 2 },
      { Type: "LessThan", LeftValue: 3, RightValue: { Get: "Parameters.Epochs" } },
      { Type: "GreaterThanOrEqualTo", LeftValue: 4, RightValue: { Get: "Parameters.Epochs" } },
      { Type: "Not", Condition: { Type: "Equals", LeftValue: 2, RightValue: { Get: "Parameters.Epochs" } } },
    ]);
  });
});
