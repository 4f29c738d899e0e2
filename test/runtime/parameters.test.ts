import { describe, expect, it } from "vitest";
import { ParameterError, compile, parameterValueText, pipeline, resolveParameterValues } from "sagepipe";

const definition = compile(
  pipeline("P")
    .param("InputData", "String", { default: "s3://bucket/raw/" })
    .param("Mode", "String", { default: "fast", enum: ["fast", "slow"] })
    .param("Epochs", "Integer", { default: 10 })
    .param("Threshold", "Float", { default: 0.8 })
    .param("Deploy", "Boolean", { default: false })
    .param("Required", "String")
    .fail("Stop", "stopped"),
).definition;
const declared = definition.Parameters ?? [];

function problems(given: Record<string, unknown>, form: "typed" | "text" = "typed"): readonly string[] {
  try {
    resolveParameterValues("P", declared, given, form);
  } catch (error) {
    if (error instanceof ParameterError) return error.problems;
    throw error;
  }
  return [];
}

describe("resolveParameterValues", () => {
  it("fills defaults and keeps given values", () => {
    expect(resolveParameterValues("P", declared, { Required: "x", Threshold: 0.9 })).toEqual({
      InputData: "s3://bucket/raw/",
      Mode: "fast",
      Epochs: 10,
      Threshold: 0.9,
      Deploy: false,
      Required: "x",
    });
  });

  it("converts command-line text by the declared type", () => {
    const values = resolveParameterValues("P", declared, { Required: "x", Threshold: "0.99", Epochs: "3", Deploy: "true" }, "text");
    expect(values).toMatchObject({ Threshold: 0.99, Epochs: 3, Deploy: true });
  });

  it("reports every problem at once, naming each parameter", () => {
    const found = problems({ Treshold: 0.9, Epochs: 2.5, Mode: "fats", Deploy: "yes" });
    expect(found).toHaveLength(5);
    expect(found.join("\n")).toMatch(/"Treshold" is not a parameter.*Did you mean "Threshold"/);
    expect(found.join("\n")).toMatch(/"Epochs": expected an integer, got 2.5/);
    expect(found.join("\n")).toMatch(/"Mode": "fats" is not one of "fast", "slow"/);
    expect(found.join("\n")).toMatch(/"Deploy": expected true or false, got the string "yes"/);
    expect(found.join("\n")).toMatch(/"Required" \(String\) has no default value/);
  });

  it("rejects text that is not a number, and empty strings", () => {
    expect(problems({ Required: "x", Threshold: "high" }, "text")).toEqual(['"Threshold": expected a number, got the string "high".']);
    expect(problems({ Required: "" })[0]).toMatch(/empty string/);
  });

  it("the error message lists the problems and has a stable code", () => {
    expect(() => resolveParameterValues("P", declared, { Nope: 1, Required: "x" })).toThrow(
      expect.objectContaining({ code: "invalid-parameters", message: expect.stringContaining('pipeline "P"') }),
    );
  });

  it("writes values as StartPipelineExecution strings", () => {
    expect([0.8, 300, true, "s3://b/k"].map(parameterValueText)).toEqual(["0.8", "300", "true", "s3://b/k"]);
  });
});
