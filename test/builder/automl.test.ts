import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, SagepipeError, pipeline } from "sagepipe";
import { autoMLStep, type AutoMLOptions } from "../../src/builder/steps/automl.js";
import { rawStep } from "../../src/builder/steps/raw.js";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) => wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/test_automl_step/${file}`, import.meta.url), "utf8")));

// the Python SDK test's AutoML and AutoMLInput settings
const settings = {
  role: DUMMY_ROLE_ARN,
  trainingData: "s3://bucket/data",
  validationData: "s3://bucket/validation_data",
  compression: "Gzip",
  outputPath: "s3://my_other_bucket/",
  outputKmsKey: "output-kms-key-id-string",
  problemType: "BinaryClassification",
  objective: "F1",
  maxCandidates: 1,
  maxRuntimePerTrainingJobSeconds: 3600,
  maxRuntimeSeconds: 36000,
  featureSpecification: "s3://bucket/features.json",
  volumeKmsKey: "volume-kms-key-id-string",
  vpc: { securityGroupIds: ["group"], subnets: ["subnet"] },
  encryptInterContainerTraffic: false,
  raw: { Tags: [{ Key: "some-tag", Value: "value-for-tag" }] },
} as const;

/** The fixtures' tags use `Name`, which the API does not take (a Tag is Key and Value): compare them apart. */
function withApiTags(expected: { Arguments: { Tags: { Name: string; Value: string }[] } }) {
  expected.Arguments.Tags = expected.Arguments.Tags.map(({ Name, Value }) => ({ Key: Name, Value })) as never;
  return expected;
}

describe("autoMLStep", () => {
  it("emits what the Python SDK emits for an AutoML step with a parameter (test_automl_step L221)", () => {
    // given
    const p = pipeline("MyPipeline")
      .param("y", "String")
      .add(({ params }) =>
        autoMLStep("MyAutoMLStep", {
          ...settings,
          targetAttribute: params.y,
          validationFraction: 0.3,
        }),
      );
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[0]).toStrictEqual(withApiTags(fixture("test_automl_step__test_single_automl_step_with_parameter__L221.json")));
  });

  it("emits what the Python SDK emits for sample weights (test_automl_step L92)", () => {
    // given
    const p = pipeline("MyPipeline").add(
      autoMLStep("MyAutoMLStep", { ...settings, targetAttribute: "target", sampleWeightAttribute: "sampleWeight", validationFraction: 0.3 }),
    );
    // when
    const { definition } = p.compile();
    // then: the fixture keeps a custom job name prefix (AutoMLJobName), which sagepipe leaves to the service
    const expected = withApiTags(fixture("test_automl_step__test_single_automl_step__L92.json"));
    delete (expected.Arguments as { AutoMLJobName?: string }).AutoMLJobName;
    expect(definition.Steps[0]).toStrictEqual(expected);
  });

  it("uses the defaults: a prefix, no compression, ENSEMBLING, traffic encryption off, the default output", () => {
    // when
    const { definition } = pipeline("P")
      .assets({ bucket: "my-bucket" })
      .add(autoMLStep("Auto", { role: DUMMY_ROLE_ARN, trainingData: "s3://b/train", targetAttribute: "y" }))
      .compile();
    // then
    expect(definition.Steps[0]).toStrictEqual({
      Name: "Auto",
      Type: "AutoML",
      Arguments: {
        InputDataConfig: [{ DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://b/train" } }, TargetAttributeName: "y" }],
        OutputDataConfig: {
          S3OutputPath: {
            "Std:Join": { On: "/", Values: ["s3:/", "my-bucket", "sagepipe", { Get: "Execution.PipelineName" }, { Get: "Execution.PipelineExecutionId" }, "Auto", "output"] },
          },
        },
        AutoMLJobConfig: { SecurityConfig: { EnableInterContainerTrafficEncryption: false }, Mode: "ENSEMBLING" },
        RoleArn: DUMMY_ROLE_ARN,
      },
    });
  });

  it("gives the best candidate to a Model step as the Python SDK does (test_automl_step L346, L202, L209)", () => {
    // given
    const p = pipeline("MyPipeline")
      .add(autoMLStep("MyAutoMLStep", { ...settings, targetAttribute: "target" }))
      .add(({ steps }) =>
        rawStep("MyAutoMLModelStep-CreateModel", "Model", {
          arguments: {
            ExecutionRoleArn: DUMMY_ROLE_ARN,
            PrimaryContainer: {
              Image: steps.MyAutoMLStep.bestCandidate.image,
              ModelDataUrl: steps.MyAutoMLStep.bestCandidate.modelDataUrl,
              Environment: steps.MyAutoMLStep.bestCandidate.environment,
            },
          },
        }),
      );
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[1]).toStrictEqual(fixture("test_automl_step__test_get_best_auto_ml_model__L346.json"));
    const { bestCandidate } = autoMLStep("MyAutoMLStep", { ...settings, targetAttribute: "y" }).handle;
    expect(bestCandidate.modelInsightsReport.toJSON()).toStrictEqual(fixture("test_automl_step__test_single_automl_step_with_parameter__L202.json"));
    expect(bestCandidate.explainabilityReport.toJSON()).toStrictEqual(fixture("test_automl_step__test_single_automl_step_with_parameter__L209.json"));
    expect(bestCandidate.objectiveMetric.toJSON()).toStrictEqual({ Get: "Steps.MyAutoMLStep.BestCandidate.FinalAutoMLJobObjectiveMetric.Value" });
  });

  it("rejects what Pipelines does not run, with what to fix", () => {
    const bad = (options: unknown) => () => autoMLStep("Auto", options as AutoMLOptions);
    const ok = { role: DUMMY_ROLE_ARN, trainingData: "s3://b/train", targetAttribute: "y" };
    expect(bad({ ...ok, targetAttribute: undefined })).toThrow(/needs targetAttribute: the name of the column to predict/);
    expect(bad({ ...ok, raw: { AutoMLJobConfig: { Mode: "HYPERPARAMETER_TUNING" } } })).toThrow(/ENSEMBLING mode only, not HYPERPARAMETER_TUNING/);
    expect(bad({ ...ok, role: "" })).toThrow(SagepipeError);
    // what a schema can say, the compiler's validation says
    expect(() => pipeline("P").add(autoMLStep("Auto", { ...ok, outputPath: "s3://b/o", maxCandidates: 0 })).compile()).toThrow(CompileError);
  });
});
