import { describe, expect, it } from "vitest";
import { GetExpression, PipelineDefinition, isExpression } from "sagepipe";

const minimal = {
  Version: "2020-12-01",
  Metadata: {},
  Parameters: [{ Name: "Threshold", Type: "Float", DefaultValue: 0.8 }],
  PipelineExperimentConfig: null,
  Steps: [{ Name: "Stop", Type: "Fail", Arguments: { ErrorMessage: { Get: "Parameters.Threshold" } } }],
};

describe("PipelineDefinition", () => {
  it("parses a minimal definition to an equal value", () => {
    expect(PipelineDefinition.parse(minimal)).toEqual(minimal);
  });

  it("rejects another Version", () => {
    const result = PipelineDefinition.safeParse({ ...minimal, Version: "2021-01-01" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["Version"]);
  });

  it("rejects unknown top-level keys", () => {
    const result = PipelineDefinition.safeParse({ ...minimal, Stepz: [] });
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
  });
});

describe("Get expressions", () => {
  it.each([
    "Parameters.InputData",
    "Steps.Train.ModelArtifacts.S3ModelArtifacts",
    "Steps.Eval.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri",
    "Steps.Tune.TrainingJobSummaries[1].TrainingJobName",
    "Steps.my-step.PropertyFiles.my-property-file",
    "Execution.PipelineExecutionId",
    "PipelineExperimentConfig.TrialName",
  ])("accepts %s", (ref) => {
    expect(GetExpression.safeParse({ Get: ref }).success).toBe(true);
  });

  it.each(["Parameters.", "Execution.Unknown", "Steps", "Other.X", "PipelineExperimentConfig.Name"])(
    "rejects %s",
    (ref) => {
      expect(GetExpression.safeParse({ Get: ref }).success).toBe(false);
    },
  );

  it("recognises expression objects", () => {
    expect(isExpression({ Get: "Parameters.X" })).toBe(true);
    expect(isExpression({ "Std:Join": { On: "", Values: [] } })).toBe(true);
    expect(isExpression({ Get: "Parameters.X", Other: 1 })).toBe(false);
    expect(isExpression("Parameters.X")).toBe(false);
  });
});
