import fc from "fast-check";
import { describe, expect, it } from "vitest";
// internal: compile, the validator, the local runner and the graph read every Get with it
import { parseReference, referencedStep, type Reference } from "../../src/validate/references.js";

// What parseReference must answer, written as the regular expression it replaces.
function byPattern(text: string): Reference | undefined {
  const step = /^Steps\.([A-Za-z0-9\-_]+)(.*)$/.exec(text);
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
