import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeValidateDefinition } from "sagepipe";
// internal: compile, the validator, the local runner and the graph read every Get with it
import { parseReference, referencedStep, type Reference } from "../../src/validate/references.js";

// What parseReference must answer, written as the regular expression it replaces.
function byPattern(text: string): Reference | undefined {
  const step = /^Steps\.([A-Za-z0-9\-_]+)([\s\S]*)$/.exec(text);
  if (step !== null) {
    const rest = step[2] ?? "";
    return { root: "Steps", step: step[1] ?? "", property: rest.startsWith(".") ? rest.slice(1) : rest };
  }
  const dot = text.indexOf(".");
  if (dot < 0) return undefined;
  const root = text.slice(0, dot);
  const name = text.slice(dot + 1);
  if (root === "Parameters" || root === "Execution" || root === "PipelineExperimentConfig") return { root, name };
  return undefined;
}

const piece = fc.constantFrom("Steps.", "Steps", "Parameters.", "Execution.", ".", "Train", "a-b_9", "[0]", "['x.y']", "\n", "\r", "\u2028", " ", "é", "Outputs", "");

describe("parseReference", () => {
  it("reads references as the grammar's regular expression does", () => {
    const cases = [
      "Steps.Train.ModelArtifacts.S3ModelArtifacts",
      "Steps.Evaluate.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri",
      "Steps.Train",
      "Steps.Train['x']",
      "Steps..x",
      "Steps.Tr ain.x",
      "Steps.Train.x\ny",
      "Parameters.Threshold",
      "Execution.PipelineExecutionId",
      "PipelineExperimentConfig.TrialName",
      "Nope.x",
      "Steps",
    ];
    for (const text of cases) expect(parseReference(text), text).toEqual(byPattern(text));
    expect(parseReference("Steps.Train.ModelArtifacts.S3ModelArtifacts")).toEqual({ root: "Steps", step: "Train", property: "ModelArtifacts.S3ModelArtifacts" });
  });

  it("agrees with the regular expression on random texts", () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(piece, { maxLength: 6 }).map((parts) => parts.join("")), fc.string({ unit: "binary", maxLength: 30 })), (text) => {
        const expected = byPattern(text);
        expect(parseReference(text)).toEqual(expected);
        expect(referencedStep(text)).toBe(expected?.root === "Steps" ? expected.step : undefined);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("the reference rules read step properties by their patterns", () => {
  const churn = JSON.parse(readFileSync(new URL("../fixtures/definitions/churn.json", import.meta.url), "utf8")) as Record<string, unknown>;
  // the churn fixture's Fail step (in the Condition's else branch) says `value` in its message
  function codesFor(value: unknown): string[] {
    const definition = structuredClone(churn) as { Steps: Array<{ Type: string; Arguments: { ElseSteps: Array<{ Type: string; Arguments: Record<string, unknown> }> } }> };
    const fail = definition.Steps.find((step) => step.Type === "Condition")?.Arguments.ElseSteps.find((step) => step.Type === "Fail");
    if (fail === undefined) throw new Error("the churn fixture has no Fail step in an else branch");
    fail.Arguments.ErrorMessage = { "Std:Join": { On: "", Values: ["accuracy: ", value] } };
    const result = safeValidateDefinition(definition);
    return result.success ? [] : result.issues.map((issue) => issue.code);
  }
  const jsonGet = (get: string) => ({ "Std:JsonGet": { PropertyFile: { Get: get }, Path: "metrics.accuracy.value" } });

  it("Lambda and Callback outputs: OutputParameters['<name>'], the whole property", () => {
    expect(codesFor({ Get: "Steps.Deploy.OutputParameters['EndpointName']" })).toEqual([]);
    expect(codesFor({ Get: "Steps.Deploy.OutputParameters['EndpointNme']" })).toEqual(["unknown-output-parameter"]);
    // not an output parameter with something after it: the property trees judge it
    expect(codesFor({ Get: "Steps.Deploy.OutputParameters['EndpointName']x" })).toContain("unknown-property");
    expect(codesFor({ Get: "Steps.Deploy.OutputParameters['EndpointName']x" })).not.toContain("unknown-output-parameter");
  });

  it("Processing outputs: ProcessingOutputConfig.Outputs['<name>'] at the start of the property", () => {
    expect(codesFor({ Get: "Steps.Evaluate.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri" })).toEqual([]);
    expect(codesFor({ Get: "Steps.Evaluate.ProcessingOutputConfig.Outputs['nope'].S3Output.S3Uri" })).toEqual(["unknown-property"]);
    // an unterminated key is not an output name
    expect(codesFor({ Get: "Steps.Evaluate.ProcessingOutputConfig.Outputs['evaluation'" })).toContain("unknown-property");
  });

  it("property files: PropertyFiles.<name>, read with Std:JsonGet only", () => {
    expect(codesFor(jsonGet("Steps.Evaluate.PropertyFiles.EvaluationReport"))).toEqual([]);
    expect(codesFor(jsonGet("Steps.Evaluate.PropertyFiles.EvaluationRepor"))).toEqual(["unknown-property-file"]);
    expect(codesFor({ Get: "Steps.Evaluate.PropertyFiles.EvaluationReport" })).toEqual(["unknown-property"]);
    // no name: not a property file
    expect(codesFor(jsonGet("Steps.Evaluate.PropertyFiles."))).toContain("unknown-property-file");
  });

  it("checks a reference with a line break in its property path (the schema's pattern lets it through)", () => {
    expect(codesFor(jsonGet("Steps.Evaluate.PropertyFiles.Evaluation\nReport"))).toEqual(["unknown-property-file"]);
    expect(codesFor({ Get: "Steps.Train.ModelArtifacts.S3Model\nArtifacts" })).toEqual(["unknown-property"]);
    expect(codesFor({ Get: "Steps.Nope.ModelArtifacts\n.S3ModelArtifacts" })).toEqual(["unknown-step"]);
  });
});
