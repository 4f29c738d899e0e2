import { describe, expectTypeOf, it } from "vitest";
import type { PipelineValue } from "sagepipe";
import { autoMLStep } from "../../src/builder/steps/automl.js";

declare const text: PipelineValue<string>;
declare const count: PipelineValue<number>;
const base = { role: "role", trainingData: text, targetAttribute: "y" } as const;

describe("autoMLStep's types", () => {
  it("takes the AutoML options and the API's names for problem types and metrics", () => {
    autoMLStep("A", { ...base, problemType: "Regression", objective: "RMSE", maxCandidates: count, validationFraction: 0.2, vpc: { securityGroupIds: ["sg"], subnets: [text] } });
    autoMLStep("A", { ...base, raw: { Tags: [{ Key: "team", Value: "ml" }] } });
    // @ts-expect-error: not a problem type
    autoMLStep("A", { ...base, problemType: "Clustering" });
    // @ts-expect-error: not an AutoML metric
    autoMLStep("A", { ...base, objective: "LogLoss" });
    // @ts-expect-error: the column to predict is required
    autoMLStep("A", { role: "role", trainingData: "s3://b/d" });
    // @ts-expect-error: Pipelines does not take ModelDeployConfig
    autoMLStep("A", { ...base, raw: { ModelDeployConfig: { AutoGenerateEndpointName: true } } });
  });

  it("types the best candidate's shortcuts and the properties", () => {
    const { handle } = autoMLStep("A", base);
    expectTypeOf(handle.bestCandidate.image).toEqualTypeOf<PipelineValue<string>>();
    expectTypeOf(handle.bestCandidate.modelDataUrl).toEqualTypeOf<PipelineValue<string>>();
    expectTypeOf(handle.bestCandidate.environment.SAGEMAKER_PROGRAM).toEqualTypeOf<PipelineValue<string>>();
    expectTypeOf(handle.bestCandidate.objectiveMetric).toEqualTypeOf<PipelineValue<number>>();
    expectTypeOf(handle.properties.BestCandidateProperties.ModelInsightsJsonReportPath).toEqualTypeOf<PipelineValue<string>>();
    expectTypeOf(handle.properties.AutoMLJobArn).toEqualTypeOf<PipelineValue<string>>();
    // @ts-expect-error: not an environment variable the shortcut carries
    void handle.bestCandidate.environment.PATH;
  });
});
