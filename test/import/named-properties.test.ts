import { describe, expect, it } from "vitest";
import * as sagepipe from "sagepipe";
import * as zod from "zod";
import { compile, importDefinition, pipeline, type Compilable } from "sagepipe";
import { atRoot, runModule, typeCheck } from "../support/type-check.js";

// The importer writes a list or map element of a step's properties with get() (typed as present),
// never `["name"]!`; a Training step whose metrics are declared is read only by those names, so a
// definition reading another one keeps that step as rawStep.

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const job = { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/job:1", role, instanceType: "ml.m5.xlarge" } as const;

function roundTrip(definition: Record<string, unknown>) {
  const result = importDefinition(definition);
  const module = runModule(result.code, { sagepipe, zod });
  return { result, compiled: JSON.parse(compile(module.default as Compilable).json) as unknown };
}

describe("importing named list and map properties", () => {
  it("writes get() for list and map elements, and the result type-checks and compiles back", { timeout: 120_000 }, () => {
    const definition = JSON.parse(
      pipeline("Named")
        .assets({ bucket: "my-bucket" })
        .process("Prepare", { ...job, outputs: { train: "/opt/ml/processing/train" } })
        .train("Train", { ...job, metrics: { auc: "auc=(.*)" }, hyperparameters: { eta: 0.1 } })
        .when("Check", ({ steps }) => [
          steps.Train.properties.FinalMetricDataList.get("auc").Timestamp.ne("never"),
          steps.Train.properties.HyperParameters.get("eta").eq("0.1"),
          steps.Prepare.properties.ProcessingOutputConfig.Outputs.get(0).OutputName.eq("train"),
        ])
        .compile().json,
    ) as Record<string, unknown>;
    const { result, compiled } = roundTrip(definition);
    expect(compiled).toEqual(definition);
    expect(result.rawSteps).toEqual([]);
    expect(result.code).toContain('steps.Train.properties.FinalMetricDataList.get("auc").Timestamp');
    expect(result.code).toContain('steps.Train.properties.HyperParameters.get("eta")');
    expect(result.code).toContain("steps.Prepare.properties.ProcessingOutputConfig.Outputs.get(0).OutputName");
    expect(result.code).not.toContain("]!");
    expect(typeCheck([{ file: atRoot("imported-named.ts"), code: result.code }])).toEqual([]);
  });

  it("keeps a Training step as rawStep when the definition reads a metric it does not declare", () => {
    const definition = JSON.parse(
      pipeline("Undeclared")
        .assets({ bucket: "my-bucket" })
        .train("Train", { ...job, metrics: { auc: "auc=(.*)" } })
        .add(sagepipe.rawStep("Report", "Lambda", { FunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:f", arguments: { loss: new sagepipe.GetValue<number>("Steps.Train.FinalMetricDataList['loss'].Value", "float") } }))
        .compile().json,
    ) as Record<string, unknown>;
    const { result, compiled } = roundTrip(definition);
    expect(compiled).toEqual(definition);
    expect(result.rawSteps).toContain("Train");
    expect(result.code).toContain('FinalMetricDataList.get("loss").Value');
  });
});
