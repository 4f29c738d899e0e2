import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, localCode, pipeline } from "sagepipe";
import { qualityCheckStep, type QualityCheckOptions } from "../../src/builder/steps/quality-check.js";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) =>
  wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/test_quality_check_step/${file}`, import.meta.url), "utf8")));

const image = "159807026194.dkr.ecr.us-west-2.amazonaws.com/sagemaker-model-monitor-analyzer";
// the Python SDK test's CheckJobConfig
const checkJob = { image, role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge", instanceCount: 1, volumeSizeInGB: 60, maxRuntimeSeconds: 1800 } as const;

const base = pipeline("Checks")
  .param("SuppliedBaselineStatisticsUri", "String", { default: "" })
  .param("SuppliedBaselineConstraintsUri", "String", { default: "" })
  .param("MyModelPackageGroup", "String", { default: "" })
  .param("BaselineDataset", "String")
  .param("ParamStringEnvVar", "String");

/** What the Python SDK test removes before comparing: the S3 URIs of uploads, except the named inputs and outputs. */
function withoutUploads(step: unknown, keep: readonly string[]) {
  const copy = structuredClone(step) as {
    Arguments: { ProcessingInputs: { InputName: string; S3Input: Record<string, unknown> }[]; ProcessingOutputConfig: { Outputs: { OutputName: string; S3Output: Record<string, unknown> }[] } };
  };
  for (const input of copy.Arguments.ProcessingInputs) if (!keep.includes(input.InputName)) delete input.S3Input.S3Uri;
  for (const output of copy.Arguments.ProcessingOutputConfig.Outputs) if (!keep.includes(output.OutputName)) delete output.S3Output.S3Uri;
  return copy;
}

describe("qualityCheckStep", () => {
  it("emits what the Python SDK emits for a DATA_QUALITY check (test_quality_check_step L268)", () => {
    // given
    const p = base.add(({ params }) =>
      qualityCheckStep("DataQualityCheckStep", {
        ...checkJob,
        checkType: "DATA_QUALITY",
        baselineDataset: params.BaselineDataset,
        datasetFormat: { csv: { header: true } },
        outputPath: "s3://...",
        recordPreprocessorScript: "s3://my_bucket/data_quality/preprocessor.py",
        postAnalyticsProcessorScript: "s3://my_bucket/data_quality/postprocessor.py",
        skipCheck: false,
        failOnViolation: false,
        registerNewBaseline: false,
        modelPackageGroupName: params.MyModelPackageGroup,
        suppliedBaselineStatistics: params.SuppliedBaselineStatisticsUri,
        suppliedBaselineConstraints: params.SuppliedBaselineConstraintsUri,
        cache: { expireAfter: "PT1H" },
      }),
    );
    // when
    const step = p.compile().definition.Steps[0];
    // then: the fixture keeps a custom job name prefix (ProcessingJobName), which sagepipe leaves to the service
    const { ProcessingJobName: _prefix, ...expectedArguments } = fixture("test_quality_check_step__test_data_quality_check_step__L268.json").Arguments;
    const expected = { ...fixture("test_quality_check_step__test_data_quality_check_step__L268.json"), Arguments: expectedArguments };
    expect(withoutUploads(step, ["baseline_dataset_input", "quality_check_output"])).toStrictEqual(expected);
    expect(step).toMatchObject({
      Arguments: {
        ProcessingInputs: [
          {},
          { S3Input: { S3Uri: "s3://my_bucket/data_quality/postprocessor.py" } },
          { S3Input: { S3Uri: "s3://my_bucket/data_quality/preprocessor.py" } },
        ],
      },
    });
  });

  it("emits what the Python SDK emits for a MODEL_QUALITY check (test_quality_check_step L352, L354)", () => {
    // given
    const p = base.assets({ bucket: "my-bucket" }).add(({ params }) =>
      qualityCheckStep("ModelQualityCheckStep", {
        ...checkJob,
        checkType: "MODEL_QUALITY",
        baselineDataset: "s3://my-bucket/baseline",
        problemType: "BinaryClassification",
        inferenceAttribute: params.ParamStringEnvVar,
        probabilityAttribute: params.ParamStringEnvVar,
        groundTruthAttribute: params.ParamStringEnvVar,
        probabilityThresholdAttribute: params.ParamStringEnvVar,
        postAnalyticsProcessorScript: "s3://my_bucket/data_quality/postprocessor.py",
        skipCheck: false,
        registerNewBaseline: false,
        modelPackageGroupName: params.MyModelPackageGroup,
        suppliedBaselineStatistics: params.SuppliedBaselineStatisticsUri,
        suppliedBaselineConstraints: params.SuppliedBaselineConstraintsUri,
      }),
    );
    // when
    const step = withoutUploads(p.compile().definition.Steps[0], []);
    // then: the test pops the four attributes after checking each is the parameter
    const environment = step.Arguments as unknown as { Environment: Record<string, unknown> };
    for (const key of ["inference_attribute", "probability_attribute", "ground_truth_attribute", "probability_threshold_attribute"]) {
      expect(environment.Environment[key]).toStrictEqual(fixture("test_quality_check_step__test_model_quality_check_step__L352.json"));
      delete environment.Environment[key];
    }
    expect(step).toStrictEqual(fixture("test_quality_check_step__test_model_quality_check_step__L354.json"));
  });

  it("uses the defaults: csv with a header, 30 GB, no time limit, null keys, FailOnViolation true, the default output", () => {
    // given
    const p = pipeline("Checks")
      .assets({ bucket: "my-bucket", prefix: "p" })
      .add(qualityCheckStep("Check", { checkType: "DATA_QUALITY", image, role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge", baselineDataset: "s3://b/data" }));
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[0]).toStrictEqual({
      Name: "Check",
      Type: "QualityCheck",
      Arguments: {
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
        AppSpecification: { ImageUri: image },
        RoleArn: DUMMY_ROLE_ARN,
        ProcessingInputs: [
          {
            InputName: "baseline_dataset_input",
            AppManaged: false,
            S3Input: {
              S3Uri: "s3://b/data",
              LocalPath: "/opt/ml/processing/input/baseline_dataset_input",
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
              OutputName: "quality_check_output",
              AppManaged: false,
              S3Output: {
                S3Uri: {
                  "Std:Join": {
                    On: "/",
                    Values: ["s3:/", "my-bucket", "p", { Get: "Execution.PipelineName" }, { Get: "Execution.PipelineExecutionId" }, "Check", "output", "quality_check_output"],
                  },
                },
                LocalPath: "/opt/ml/processing/output",
                S3UploadMode: "EndOfJob",
              },
            },
          ],
        },
        Environment: {
          output_path: "/opt/ml/processing/output",
          publish_cloudwatch_metrics: "Disabled",
          dataset_format: '{"csv": {"header": true, "output_columns_position": "START"}}',
          dataset_source: "/opt/ml/processing/input/baseline_dataset_input",
        },
      },
      CheckType: "DATA_QUALITY",
      ModelPackageGroupName: null,
      SkipCheck: false,
      FailOnViolation: true,
      RegisterNewBaseline: false,
      SuppliedBaselineStatistics: null,
      SuppliedBaselineConstraints: null,
    });
  });

  it("uploads local scripts and data, writes numbers as text, and merges raw", () => {
    // given
    const p = pipeline("Checks")
      .assets({ bucket: "my-bucket" })
      .add(
        qualityCheckStep("Check", {
          checkType: "MODEL_QUALITY",
          image,
          role: DUMMY_ROLE_ARN,
          instanceType: "ml.m5.xlarge",
          baselineDataset: localCode("./quality-check.test.ts"), // relative to this file, where pipeline() is called
          datasetFormat: "json",
          problemType: "Regression",
          inferenceAttribute: 0,
          probabilityThresholdAttribute: 0.5,
          postAnalyticsProcessorScript: "./raw.test.ts",
          environment: { mode: "strict", publish_cloudwatch_metrics: "Enabled" },
          raw: { NetworkConfig: { EnableNetworkIsolation: true }, ProcessingResources: { ClusterConfig: { VolumeSizeInGB: 30, VolumeKmsKeyId: "key" } } },
        }),
      );
    // when
    const { definition, assets } = p.compile();
    // then
    const args = (definition.Steps[0] as { Arguments: Record<string, unknown> }).Arguments;
    expect(assets.map((a) => a.localPath)).toStrictEqual(["./quality-check.test.ts", "./raw.test.ts"]);
    expect(args.Environment).toStrictEqual({
      mode: "strict",
      publish_cloudwatch_metrics: "Disabled",
      output_path: "/opt/ml/processing/output",
      dataset_format: '{"json": {"lines": true}}',
      post_analytics_processor_script: "/opt/ml/processing/input/post_analytics_processor_script_input/raw.test.ts",
      dataset_source: "/opt/ml/processing/input/baseline_dataset_input",
      analysis_type: "MODEL_QUALITY",
      problem_type: "Regression",
      inference_attribute: "0",
      probability_threshold_attribute: "0.5",
    });
    expect(args.NetworkConfig).toStrictEqual({ EnableNetworkIsolation: true });
    expect(args.ProcessingResources).toStrictEqual({ ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30, VolumeKmsKeyId: "key" } });
  });

  it("exposes the baselines as properties (test_quality_check_step L383–L392)", () => {
    const { handle } = qualityCheckStep("ModelQualityCheckStep", { ...checkJob, checkType: "DATA_QUALITY", baselineDataset: "s3://b/d" });
    expect(handle.properties.CalculatedBaselineConstraints.toJSON()).toStrictEqual(fixture("test_quality_check_step__test_quality_check_step_properties__L383.json"));
    expect(handle.properties.CalculatedBaselineStatistics.toJSON()).toStrictEqual(fixture("test_quality_check_step__test_quality_check_step_properties__L386.json"));
    expect(handle.properties.BaselineUsedForDriftCheckStatistics.toJSON()).toStrictEqual(fixture("test_quality_check_step__test_quality_check_step_properties__L389.json"));
    expect(handle.properties.BaselineUsedForDriftCheckConstraints.toJSON()).toStrictEqual(fixture("test_quality_check_step__test_quality_check_step_properties__L392.json"));
  });

  it("rejects options that do not make a check, with what to fix", () => {
    const bad = (options: unknown) => () => qualityCheckStep("Check", options as QualityCheckOptions);
    const ok = { ...checkJob, baselineDataset: "s3://b/d" };
    expect(bad({ ...ok, checkType: "DATA_BIAS" })).toThrow(/checkType "DATA_BIAS" must be "DATA_QUALITY" or "MODEL_QUALITY"/);
    expect(bad({ ...ok, checkType: "MODEL_QUALITY" })).toThrow(/needs problemType/);
    expect(bad({ ...ok, checkType: "DATA_QUALITY", problemType: "Regression" })).toThrow(/problemType is for a MODEL_QUALITY check/);
    // without an image, the analyzer's for the pipeline's region: a pipeline without one says how to give it
    const { image: _image, ...noImage } = ok;
    const withoutImage = pipeline("Checks").add(qualityCheckStep("Check", { ...noImage, checkType: "DATA_QUALITY", outputPath: "s3://b/o" }));
    expect(() => withoutImage.compile()).toThrow(/needs an AWS region for the model-monitor image of step "Check" \(or give its image\)/);
    // the SDK's ModelMonitor default (v2.257.6 tests/unit/sagemaker/monitor/test_model_monitoring.py:85 DEFAULT_IMAGE_URI, us-west-2)
    const args = withoutImage.compile({ region: "us-west-2" }).definition.Steps[0] as unknown as { Arguments: { AppSpecification: { ImageUri: string } } };
    expect(args.Arguments.AppSpecification.ImageUri).toBe("159807026194.dkr.ecr.us-west-2.amazonaws.com/sagemaker-model-monitor-analyzer");
    expect(() =>
      pipeline("Checks").add(qualityCheckStep("Check", { ...ok, checkType: "DATA_QUALITY", outputPath: "s3://b/o", retry: [{ exceptions: ["Step.THROTTLING"] }] } as unknown as QualityCheckOptions)).compile(),
    ).toThrow(CompileError);
  });
});
