import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeValidateDefinition, type ValidationIssue } from "sagepipe";

// The rules work out where an issue is only when they report one (a reference's path, a DependsOn
// entry's), and search for cycles only when the document order is not already one the steps can
// run in. These tests pin what they report in both cases.

const fail = (name: string, extra: Record<string, unknown> = {}) => ({ Name: name, Type: "Fail", Arguments: { ErrorMessage: "stopped" }, ...extra });
const definition = (steps: unknown[], parameters: unknown[] = []) => ({ Version: "2020-12-01", Metadata: {}, Parameters: parameters, Steps: steps });
const issuesOf = (value: unknown, codes: readonly string[]): Array<Pick<ValidationIssue, "code" | "jsonPath" | "step">> =>
  safeValidateDefinition(value)
    .issues.filter((issue) => codes.includes(issue.code))
    .map(({ code, jsonPath, step }) => ({ code, jsonPath, ...(step === undefined ? {} : { step }) }));

const REFERENCE_CODES = ["unknown-step", "unknown-parameter", "reference-to-fail-step", "unknown-property", "unknown-property-file", "experiment-config-disabled"];

describe("where a reference issue is", () => {
  it("is the path of the Get that has it, counted past the Gets before it (a malformed one too)", () => {
    const message = {
      "Std:Join": {
        On: " ",
        Values: [{ Get: "Execution.PipelineExecutionId" }, { Get: "nonsense" }, { Get: "Steps.Nope.Outcome" }, { Get: 5 }, { Get: "Parameters.Known" }, { Get: "Parameters.Missing" }],
      },
    };
    const value = definition([fail("First"), fail("Second", { Arguments: { ErrorMessage: message } })], [{ Name: "Known", Type: "String" }]);
    expect(issuesOf(value, REFERENCE_CODES)).toEqual([
      { code: "unknown-step", jsonPath: "$.Steps[1].Arguments.ErrorMessage['Std:Join'].Values[2].Get", step: "Second" },
      { code: "unknown-parameter", jsonPath: "$.Steps[1].Arguments.ErrorMessage['Std:Join'].Values[5].Get", step: "Second" },
    ]);
  });

  it("in a Condition step's conditions and in its branches, each with its own step", () => {
    const condition = {
      Name: "Check",
      Type: "Condition",
      Arguments: {
        Conditions: [
          { Type: "Equals", LeftValue: { Get: "Parameters.Known" }, RightValue: "x" },
          { Type: "Equals", LeftValue: { Get: "Steps.Gone.Outcome" }, RightValue: "x" },
        ],
        IfSteps: [fail("Stop", { Arguments: { ErrorMessage: { "Std:Join": { On: "", Values: [{ Get: "Steps.Missing.Outcome" }] } } } })],
        ElseSteps: [fail("Other", { Arguments: { ErrorMessage: { "Std:Join": { On: "", Values: ["a", { Get: "Parameters.Unknown" }] } } } })],
      },
    };
    const value = definition([condition, fail("After", { Arguments: { ErrorMessage: { "Std:Join": { On: "", Values: [{ Get: "Steps.Stop.ErrorMessage" }] } } } })], [{ Name: "Known", Type: "String" }]);
    expect(issuesOf(value, REFERENCE_CODES)).toEqual([
      { code: "unknown-step", jsonPath: "$.Steps[0].Arguments.Conditions[1].LeftValue.Get", step: "Check" },
      { code: "unknown-step", jsonPath: "$.Steps[0].Arguments.IfSteps[0].Arguments.ErrorMessage['Std:Join'].Values[0].Get", step: "Stop" },
      { code: "unknown-parameter", jsonPath: "$.Steps[0].Arguments.ElseSteps[0].Arguments.ErrorMessage['Std:Join'].Values[1].Get", step: "Other" },
      { code: "reference-to-fail-step", jsonPath: "$.Steps[1].Arguments.ErrorMessage['Std:Join'].Values[0].Get", step: "After" },
    ]);
  });

  it("a property file read with Get and a JsonGet's PropertyFile in a later member of the step", () => {
    const value = definition([
      fail("Source"),
      fail("Reader", {
        Arguments: { ErrorMessage: { "Std:Join": { On: "", Values: [{ Get: "Steps.Source.PropertyFiles.report" }] } } },
        DisplayName: "reader",
        Description: { "Std:JsonGet": { PropertyFile: { Get: "Steps.Source.Outcome" }, Path: "a" } },
      }),
    ]);
    const found = issuesOf(value, REFERENCE_CODES);
    expect(found.map((issue) => issue.jsonPath)).toEqual([
      "$.Steps[1].Arguments.ErrorMessage['Std:Join'].Values[0].Get",
      "$.Steps[1].Description['Std:JsonGet'].PropertyFile.Get",
    ]);
  });

  it("a DependsOn entry that names no step or a Fail step", () => {
    const value = definition([fail("Stop"), fail("Next", { DependsOn: ["Stop", 3, "Nowhere"] })]);
    expect(issuesOf(value, ["unknown-dependency", "depends-on-fail-step"])).toEqual([
      { code: "depends-on-fail-step", jsonPath: "$.Steps[1].DependsOn[0]", step: "Next" },
      { code: "unknown-dependency", jsonPath: "$.Steps[1].DependsOn[2]", step: "Next" },
    ]);
  });
});

/** True when the graph (step -> the steps it waits for) has a cycle: an independent search. */
function hasCycle(edges: ReadonlyMap<string, readonly string[]>): boolean {
  const state = new Map<string, number>();
  const visit = (name: string): boolean => {
    if (state.get(name) === 1) return true;
    if (state.get(name) === 2) return false;
    state.set(name, 1);
    for (const next of edges.get(name) ?? []) if (edges.has(next) && visit(next)) return true;
    state.set(name, 2);
    return false;
  };
  return [...edges.keys()].some(visit);
}

describe("cycles", () => {
  it("steps listed after the steps that wait for them are no cycle", () => {
    const value = definition([fail("B", { DependsOn: ["A"] }), fail("A", { Arguments: { ErrorMessage: { "Std:Join": { On: "", Values: [{ Get: "Steps.C.Outcome" }] } } } }), fail("C")]);
    expect(issuesOf(value, ["cycle"])).toEqual([]);
  });

  it("a step that waits for itself, or for a step listed after it that waits for it", () => {
    expect(issuesOf(definition([fail("A", { DependsOn: ["A"] })]), ["cycle"])).toEqual([{ code: "cycle", jsonPath: "$.Steps[0]", step: "A" }]);
    const value = definition([fail("A", { DependsOn: ["B"] }), fail("B", { Arguments: { ErrorMessage: { "Std:Join": { On: "", Values: [{ Get: "Steps.A.Outcome" }] } } } })]);
    expect(issuesOf(value, ["cycle"])).toHaveLength(1);
  });

  it("a branch step that its Condition step reads, and two steps of one name", () => {
    const condition = {
      Name: "Check",
      Type: "Condition",
      Arguments: { Conditions: [{ Type: "Equals", LeftValue: { Get: "Steps.Inner.Outcome" }, RightValue: "x" }], IfSteps: [fail("Inner")], ElseSteps: [] },
    };
    expect(issuesOf(definition([condition]), ["cycle"])).toHaveLength(1);
    // the second "A" waits for B, which waits for the first "A": one name, so a cycle
    expect(issuesOf(definition([fail("A"), fail("B", { DependsOn: ["A"] }), fail("A", { DependsOn: ["B"] })]), ["cycle"])).toHaveLength(1);
  });

  it("is reported exactly when the steps' waits have a cycle, in any order of the steps", () => {
    const names = ["A", "B", "C", "D", "E"];
    const graph = fc.array(fc.tuple(fc.constantFrom(...names), fc.array(fc.constantFrom(...names, "Z"), { maxLength: 3 })), { minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(graph, (entries) => {
        const edges = new Map<string, string[]>();
        for (const [name, waits] of entries) edges.set(name, [...(edges.get(name) ?? []), ...waits]);
        const steps = entries.map(([name, waits], i) =>
          fail(name, { Arguments: { ErrorMessage: { "Std:Join": { On: "", Values: [String(i), ...waits.map((w) => ({ Get: `Steps.${w}.Outcome` }))] } } } }),
        );
        expect(issuesOf(definition(steps), ["cycle"]).length > 0).toBe(hasCycle(edges));
      }),
      { numRuns: 500 },
    );
  });
});
