import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, SagepipeError, pipeline } from "sagepipe";
import { clarifyCheckStep, type ClarifyCheckOptions } from "../../src/builder/steps/clarify-check.js";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) =>
  wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/test_clarify_check_step/${file}`, import.meta.url), "utf8")));

const image = "306415355426.dkr.ecr.us-west-2.amazonaws.com/sagemaker-clarify-processing:1.0";
// the Python SDK test's CheckJobConfig
const checkJob = { image, role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge", instanceCount: 1, outputKmsKey: "output_kms_key" } as const;
const io = { dataset: "s3://my_bucket/input", outputPath: "s3://my_bucket/output" } as const;
const base = pipeline("Checks").param("MyModelPackageGroup", "String", { default: "" });

describe("clarifyCheckStep", () => {
  it("emits what the Python SDK emits for a DATA_BIAS check (test_clarify_check_step L348)", () => {
    // given
    const p = base.add(({ params }) =>
      clarifyCheckStep("DataBiasCheckStep", {
        ...checkJob,
        ...io,
        checkType: "DATA_BIAS",
        analysisConfig: "s3://my_bucket/analysis_cfg_output/analysis_config.json",
        skipCheck: false,
        failOnViolation: false,
        registerNewBaseline: false,
        modelPackageGroupName: params.MyModelPackageGroup,
        suppliedBaselineConstraints: "supplied_baseline_constraints",
        cache: { expireAfter: { hours: 1 } },
      }),
    );
    // when
    const step = p.compile().definition.Steps[0];
    // then: the fixture keeps a custom job name prefix (ProcessingJobName), which sagepipe leaves to the service
    const expected = fixture("test_clarify_check_step__test_data_bias_check_step__L348.json");
    delete expected.Arguments.ProcessingJobName;
    expect(step).toStrictEqual(expected);
  });

  it.each([
    ["MODEL_BIAS", "ModelBiasCheckStep", true, "test_clarify_check_step__test_model_bias_check_step__L389.json"],
    ["MODEL_EXPLAINABILITY", "ModelExplainabilityCheckStep", false, "test_clarify_check_step__test_model_explainability_check_step__L428.json"],
  ] as const)("emits what the Python SDK emits for a %s check, with ModelName", (checkType, name, failOnViolation, file) => {
    // given
    const p = base.add(({ params }) =>
      clarifyCheckStep(name, {
        ...checkJob,
        ...io,
        checkType,
        analysisConfig: "s3://my_bucket/output/analysis_config.json",
        modelName: "model_name",
        skipCheck: false,
        failOnViolation,
        registerNewBaseline: false,
        modelPackageGroupName: params.MyModelPackageGroup,
        suppliedBaselineConstraints: "supplied_baseline_constraints",
      }),
    );
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[0]).toStrictEqual(fixture(file));
  });

  it("uses the defaults: 30 GB, no time limit, null keys, FailOnViolation true, the default output", () => {
    // given
    const p = pipeline("Checks")
      .assets({ bucket: "my-bucket" })
      .add(clarifyCheckStep("Bias", { checkType: "DATA_BIAS", image, role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge", dataset: "s3://b/d", analysisConfig: "s3://b/c.json" }));
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[0]).toStrictEqual({
      Name: "Bias",
      Type: "ClarifyCheck",
      Arguments: {
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
        AppSpecification: { ImageUri: image },
        RoleArn: DUMMY_ROLE_ARN,
        ProcessingInputs: [
          {
            InputName: "analysis_config",
            AppManaged: false,
            S3Input: {
              S3Uri: "s3://b/c.json",
              LocalPath: "/opt/ml/processing/input/config",
              S3DataType: "S3Prefix",
              S3InputMode: "File",
              S3DataDistributionType: "FullyReplicated",
              S3CompressionType: "None",
            },
          },
          {
            InputName: "dataset",
            AppManaged: false,
            S3Input: {
              S3Uri: "s3://b/d",
              LocalPath: "/opt/ml/processing/input/data",
              S3DataType: "S3Prefix",
              S3InputMode: "File",
              S3DataDistributionType: "FullyReplicated",
              S3CompressionType: "None",
            },
          },
        ],
        ProcessingOutputConfig: {
          Outputs: [
            {
              OutputName: "analysis_result",
              AppManaged: false,
              S3Output: {
                S3Uri: {
                  "Std:Join": {
                    On: "/",
                    Values: ["s3:/", "my-bucket", "sagepipe", { Get: "Execution.PipelineName" }, { Get: "Execution.PipelineExecutionId" }, "Bias", "output", "analysis_result"],
                  },
                },
                LocalPath: "/opt/ml/processing/output",
                S3UploadMode: "EndOfJob",
              },
            },
          ],
        },
      },
      CheckType: "DATA_BIAS",
      ModelPackageGroupName: null,
      SkipCheck: false,
      FailOnViolation: true,
      RegisterNewBaseline: false,
      SuppliedBaselineConstraints: null,
    });
  });

  it("exposes the constraints as properties (test_clarify_check_step L459, L466)", () => {
    const { handle } = clarifyCheckStep("ModelExplainabilityCheckStep", { ...checkJob, ...io, checkType: "MODEL_EXPLAINABILITY", analysisConfig: "s3://b/c.json", modelName: "m" });
    expect(handle.properties.CalculatedBaselineConstraints.toJSON()).toStrictEqual(fixture("test_clarify_check_step__test_clarify_check_step_properties__L459.json"));
    expect(handle.properties.BaselineUsedForDriftCheckConstraints.toJSON()).toStrictEqual(
      fixture("test_clarify_check_step__test_clarify_check_step_properties__L466.json"),
    );
  });

  it("rejects options that do not make a check, with what to fix", () => {
    const bad = (options: unknown) => () => clarifyCheckStep("Check", options as ClarifyCheckOptions);
    const ok = { ...checkJob, ...io, analysisConfig: "s3://b/c.json" };
    expect(bad({ ...ok, checkType: "DATA_QUALITY" })).toThrow(/checkType "DATA_QUALITY" must be "DATA_BIAS", "MODEL_BIAS" or "MODEL_EXPLAINABILITY"/);
    expect(bad({ ...ok, checkType: "MODEL_BIAS" })).toThrow(/needs modelName: the SageMaker model that the MODEL_BIAS check runs/);
    expect(bad({ ...ok, checkType: "DATA_BIAS", modelName: "m" })).toThrow(/modelName is for a MODEL_BIAS or MODEL_EXPLAINABILITY check/);
    expect(bad({ ...ok, checkType: "DATA_BIAS", analysisConfig: undefined })).toThrow(SagepipeError);
    // a supplied baseline must be a URI of at most 1024 characters: the compiler's validation says so
    expect(() => pipeline("Checks").add(clarifyCheckStep("Check", { ...ok, checkType: "DATA_BIAS", suppliedBaselineConstraints: "x".repeat(1025) })).compile()).toThrow(
      CompileError,
    );
  });
});
