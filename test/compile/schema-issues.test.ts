import { describe, expect, it } from "vitest";
import { safeValidateDefinition } from "sagepipe";

// A Std:Join value and a condition operand are "a string, a number, a boolean or an expression":
// the schema lists those options in one union (for speed: a nested union of primitives failed, and
// rendered its messages, for every expression among the values). The issues are the ones the
// nested union gave, recorded here from it.

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const definition = (environmentValue: unknown, rightValue: unknown) => ({
  Version: "2020-12-01",
  Parameters: [{ Name: "N", Type: "Integer" }],
  Steps: [
    {
      Name: "P",
      Type: "Processing",
      Arguments: {
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
        AppSpecification: { ImageUri: "img" },
        RoleArn: role,
        Environment: { A: environmentValue },
      },
    },
    { Name: "C", Type: "Condition", Arguments: { Conditions: [{ Type: "GreaterThan", LeftValue: { Get: "Parameters.N" }, RightValue: rightValue }], IfSteps: [], ElseSteps: [] } },
  ],
});
const join = (value: unknown) => ({ "Std:Join": { On: "", Values: ["a", value] } });
const issues = (environmentValue: unknown, rightValue: unknown) =>
  safeValidateDefinition(definition(environmentValue, rightValue)).issues.map((issue) => [issue.code, issue.jsonPath, issue.message]);

const VALUES = "$.Steps[0].Arguments.Environment.A['Std:Join'].Values[1]";
const RIGHT = "$.Steps[1].Arguments.Conditions[0].RightValue";

describe("issues in Std:Join values and condition operands", () => {
  it("names every kind of value a Join value can be", () => {
    expect(issues(join(null), 1)).toEqual([["invalid-type", VALUES, "expected a string or a number or a boolean or an expression, received null"]]);
    expect(issues(join([1]), 1)).toEqual([["invalid-type", VALUES, "expected a string or a number or a boolean or an expression, received an array"]]);
  });

  it("reports an object that is no expression as the closest expression's issues", () => {
    expect(issues(join({ Get: 5 }), 1)).toEqual([
      ["missing-key", `${VALUES}['Std:JsonGet']`, "Std:JsonGet is required"],
      ["unknown-key", `${VALUES}.Get`, 'unknown key "Get": remove it or check its spelling (keys are case-sensitive PascalCase)'],
    ]);
    expect(issues(join({ "Std:JsonGet": { PropertyFile: { Get: "x" }, Path: "" } }), 1)).toEqual([
      ["invalid-format", `${VALUES}['Std:JsonGet'].PropertyFile.Get`, 'a JsonGet PropertyFile must be {"Get": "Steps.<step>.PropertyFiles.<name>"}'],
      ["too-small", `${VALUES}['Std:JsonGet'].Path`, "Too small: expected string to have >=1 characters"],
    ]);
  });

  it("names every kind of value a condition operand can be, and reports bad expressions in it", () => {
    expect(issues("x", null)).toEqual([["invalid-type", RIGHT, "expected a string or a number or a boolean or an expression, received null"]]);
    expect(issues("x", { Foo: 1 })).toEqual([
      ["missing-key", `${RIGHT}['Std:JsonGet']`, "Std:JsonGet is required"],
      ["unknown-key", `${RIGHT}.Foo`, 'unknown key "Foo": remove it or check its spelling (keys are case-sensitive PascalCase)'],
    ]);
    expect(issues("x", join(null))).toEqual([
      ["invalid-type", `${RIGHT}['Std:Join'].Values[1]`, "expected a string or a number or a boolean or an expression, received null"],
      [
        "condition-type-mismatch",
        "$.Steps[1].Arguments.Conditions[0]",
        "GreaterThan compares an integer with a string, which is never true as intended: compare values of the same type (declare the parameter with the matching Type, or convert with Std:Join for strings)",
      ],
    ]);
  });

  it("accepts every kind of value", () => {
    for (const value of ["s", 1, 1.5, true, { Get: "Parameters.N" }, join("b"), { "Std:JsonGet": { S3Uri: { Get: "Parameters.N" }, Path: "a.b" } }]) {
      expect(safeValidateDefinition(definition(join(value), 1)).issues).toEqual([]);
    }
    for (const value of [2, 2.5, { Get: "Parameters.N" }]) expect(safeValidateDefinition(definition("x", value)).issues).toEqual([]);
  });

  it("reports a key named like an Object method as unknown (it used to crash the typed-slot walk)", () => {
    for (const key of ["constructor", "toString", "hasOwnProperty"]) {
      const definition = { Version: "2020-12-01", Steps: [{ Name: "F", Type: "Fail", Arguments: { ErrorMessage: "x", [key]: 1 } }] };
      expect(safeValidateDefinition(definition).issues.map((issue) => [issue.code, issue.jsonPath])).toEqual([["unknown-key", `$.Steps[0].Arguments.${key}`]]);
    }
  });
});
