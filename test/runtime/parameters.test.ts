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

  it("reads command-line numbers as decimal text only: hex, binary, a fraction or an exponent for an Integer is refused, not converted", () => {
    // Number("0x10") is 16 and Number("1e3") 1000: the run would start with a value nobody typed
    for (const text of ["0x10", "0b11", "0o7", "1e3", "1.0"]) {
      expect(problems({ Required: "x", Epochs: text }, "text"), text).toEqual([`"Epochs": expected an integer in decimal digits, got the string "${text}".`]);
    }
    for (const text of ["0x10", "Infinity", "-Infinity", "1e400"]) {
      expect(problems({ Required: "x", Threshold: text }, "text"), text).toEqual([`"Threshold": expected a decimal number, got the string "${text}".`]);
    }
    expect(problems({ Required: "x", Epochs: "1.5" }, "text")).toEqual(['"Epochs": expected an integer, got 1.5: round it, or declare the parameter as "Float".']);
    expect(problems({ Required: "x", Epochs: "Infinity", Threshold: "1_000" }, "text")).toEqual([
      '"Epochs": expected an integer, got the string "Infinity".',
      '"Threshold": expected a number, got the string "1_000".',
    ]);
    expect(resolveParameterValues("P", declared, { Required: "x", Epochs: " -7 ", Threshold: "-.5e-3" }, "text")).toMatchObject({ Epochs: -7, Threshold: -0.0005 });
  });

  it("an Integer beyond 2^53 - 1 is refused: it would reach SageMaker as another number", () => {
    expect(problems({ Required: "x", Epochs: "9007199254740993" }, "text")).toEqual([
      '"Epochs": 9007199254740993 is beyond ±9007199254740991, the integers a JavaScript number holds exactly.',
    ]);
    expect(problems({ Required: "x", Epochs: 2 ** 60 })).toEqual(['"Epochs": 1152921504606846976 is beyond ±9007199254740991, the integers a JavaScript number holds exactly.']);
    expect(problems({ Required: "x", Epochs: "9007199254740991" }, "text")).toEqual([]);
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
