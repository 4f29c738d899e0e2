import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import {
  DescribeModelPackageCommand,
  DescribePipelineDefinitionForExecutionCommand,
  DescribePipelineExecutionCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  ListPipelineExecutionStepsCommand,
  ListPipelineParametersForExecutionCommand,
  ListTagsCommand,
} from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { executionOf } from "sagepipe";
import { mockedAws } from "./support.js";

const golden = readFileSync(join(__dirname, "../golden/churn.json"), "utf8");
const ARN = "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churnpipeline/execution/x1y2z3";
const BUCKET = "s3://my-sagepipe-bucket/churn/ChurnPipeline/x1y2z3";
const PREPROCESS_CODE = "s3://my-sagepipe-bucket/churn/8b5afaa4eede0ad167e1e23cc62a88d52dc134b7b5594cf0ab7c0a6fe3d2b71d/preprocess.mjs";
const MODEL = `${BUCKET}/Train/output/pipelines-x1y2z3-Train-abc/output/model.tar.gz`;
const PACKAGE = "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn-models/7";
const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 3, minute));

/** A body as the SDK returns it, for JSON documents in S3. */
const body = (value: unknown) => ({ Body: { transformToString: async () => JSON.stringify(value) } }) as never;

function churnExecution() {
  const { clients, sm, s3m } = mockedAws();
  sm.on(DescribePipelineExecutionCommand).resolves({
    PipelineExecutionArn: ARN,
    PipelineExecutionStatus: "Succeeded",
    PipelineExecutionDescription: "deploy of commit 3f9c2ab",
    CreationTime: at(0),
    LastModifiedTime: at(30),
  });
  sm.on(DescribePipelineDefinitionForExecutionCommand).resolves({ PipelineDefinition: golden });
  sm.on(ListPipelineParametersForExecutionCommand).resolves({
    PipelineParameters: [
      { Name: "AccuracyThreshold", Value: "0.8" },
      { Name: "TrainingEpochs", Value: "300" },
      { Name: "InputData", Value: "s3://my-sagepipe-bucket/churn/raw/" },
    ],
  });
  sm.on(ListPipelineExecutionStepsCommand).resolves({
    PipelineExecutionSteps: [
      { StepName: "DeployModel", StepStatus: "Succeeded", StartTime: at(20), EndTime: at(21), Metadata: { Lambda: { Arn: "arn:aws:lambda:us-east-1:111111111111:function:sagepipe-deploy", OutputParameters: [] } } },
      { StepName: "RegisterModel", StepStatus: "Succeeded", Metadata: { RegisterModel: { Arn: PACKAGE } } },
      { StepName: "CheckAccuracy", StepStatus: "Succeeded", Metadata: { Condition: { Outcome: "True" } } },
      { StepName: "Evaluate", StepStatus: "Succeeded", Metadata: { ProcessingJob: { Arn: "arn:aws:sagemaker:us-east-1:111111111111:processing-job/pipelines-x1y2z3-evaluate" } } },
      { StepName: "Train", StepStatus: "Succeeded", AttemptCount: 2, Metadata: { TrainingJob: { Arn: "arn:aws:sagemaker:us-east-1:111111111111:training-job/pipelines-x1y2z3-train" } } },
      {
        StepName: "Preprocess",
        StepStatus: "Succeeded",
        CacheHitResult: { SourcePipelineExecutionArn: "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churnpipeline/execution/older1" },
        Metadata: { ProcessingJob: { Arn: "arn:aws:sagemaker:us-east-1:111111111111:processing-job/pipelines-older1-preprocess" } },
      },
    ],
  });
  sm.on(DescribeProcessingJobCommand, { ProcessingJobName: "pipelines-older1-preprocess" }).resolves({
    ProcessingJobName: "pipelines-older1-preprocess",
    AppSpecification: { ImageUri: "111111111111.dkr.ecr.us-east-1.amazonaws.com/sagepipe-node:20" },
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.large", VolumeSizeInGB: 30 } },
    ProcessingInputs: [
      { InputName: "raw", S3Input: { S3Uri: "s3://my-sagepipe-bucket/churn/raw/", LocalPath: "/opt/ml/processing/input/raw", S3DataType: "S3Prefix" } },
      { InputName: "code", S3Input: { S3Uri: PREPROCESS_CODE, LocalPath: "/opt/ml/processing/input/code", S3DataType: "S3Prefix" } },
    ],
    ProcessingOutputConfig: { Outputs: [{ OutputName: "train", S3Output: { S3Uri: `${BUCKET}/Preprocess/output/train`, LocalPath: "/opt/ml/processing/train", S3UploadMode: "EndOfJob" } }] },
  });
  sm.on(DescribeProcessingJobCommand, { ProcessingJobName: "pipelines-x1y2z3-evaluate" }).resolves({
    ProcessingJobName: "pipelines-x1y2z3-evaluate",
    AppSpecification: { ImageUri: "111111111111.dkr.ecr.us-east-1.amazonaws.com/sagepipe-node:20" },
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
    ProcessingInputs: [{ InputName: "model", S3Input: { S3Uri: MODEL, LocalPath: "/opt/ml/processing/input/model", S3DataType: "S3Prefix" } }],
    ProcessingOutputConfig: { Outputs: [{ OutputName: "evaluation", S3Output: { S3Uri: `${BUCKET}/Evaluate/output/evaluation`, LocalPath: "/opt/ml/processing/evaluation", S3UploadMode: "EndOfJob" } }] },
  });
  sm.on(DescribeTrainingJobCommand).resolves({
    TrainingJobName: "pipelines-x1y2z3-train",
    AlgorithmSpecification: { TrainingImage: "111111111111.dkr.ecr.us-east-1.amazonaws.com/sagepipe-node:20", TrainingInputMode: "File" },
    ResourceConfig: { InstanceType: "ml.m5.large", InstanceCount: 1, VolumeSizeInGB: 30 },
    HyperParameters: { epochs: "300", learning_rate: "0.5" },
    InputDataConfig: [{ ChannelName: "train", DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: `${BUCKET}/Preprocess/output/train` } } }],
    ModelArtifacts: { S3ModelArtifacts: MODEL },
    FinalMetricDataList: [{ MetricName: "validation:accuracy", Value: 0.93, Timestamp: at(10) }],
  } as never);
  sm.on(DescribeModelPackageCommand).resolves({
    ModelPackageGroupName: "churn-models",
    ModelPackageVersion: 7,
    ModelPackageArn: PACKAGE,
    ModelApprovalStatus: "PendingManualApproval",
    InferenceSpecification: { Containers: [{ Image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/sagepipe-node:20", ModelDataUrl: MODEL }], SupportedContentTypes: [], SupportedResponseMIMETypes: [] },
    ModelMetrics: { ModelQuality: { Statistics: { ContentType: "application/json", S3Uri: `${BUCKET}/Evaluate/output/evaluation/evaluation.json` } } },
  } as never);
  s3m.on(GetObjectCommand, { Bucket: "my-sagepipe-bucket", Key: "churn/ChurnPipeline/x1y2z3/Evaluate/output/evaluation/evaluation.json" }).resolves(body({ metrics: { accuracy: { value: 0.91 } } }));
  sm.on(ListTagsCommand).resolves({ Tags: [] });
  return { execution: executionOf(ARN, { clients }), sm, s3m };
}

describe("execution.lineage()", () => {
  it("assembles what produced the model, in the shape of a local run record", async () => {
    const { execution } = churnExecution();
    const record = await execution.lineage();

    expect(record).toMatchObject({
      pipelineName: "churnpipeline",
      executionId: "x1y2z3",
      status: "Succeeded",
      startedAt: "2026-11-27T03:00:00.000Z",
      source: { commit: "3f9c2ab", description: "deploy of commit 3f9c2ab" },
    });
    // typed by the definition's declarations; defaults fill what SageMaker did not list
    expect(record.parameters).toEqual({
      InputData: "s3://my-sagepipe-bucket/churn/raw/",
      ProcessingInstanceType: "ml.m5.large",
      TrainingEpochs: 300,
      AccuracyThreshold: 0.8,
      ModelApprovalStatus: "PendingManualApproval",
    });
    const step = (name: string) => record.steps.find((s) => s.name === name);
    expect(step("Preprocess")).toMatchObject({
      cached: true,
      cachedFrom: "older1",
      image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/sagepipe-node:20",
      instanceType: "ml.m5.large",
      code: [{ uri: PREPROCESS_CODE, sha256: "8b5afaa4eede0ad167e1e23cc62a88d52dc134b7b5594cf0ab7c0a6fe3d2b71d" }],
      inputs: [{ name: "raw", uri: "s3://my-sagepipe-bucket/churn/raw/" }, { name: "code", uri: PREPROCESS_CODE }],
    });
    expect(step("Train")).toMatchObject({ attempts: 2, hyperparameters: { epochs: "300", learning_rate: "0.5" }, metrics: { "validation:accuracy": 0.93 }, outputs: [{ name: "model", uri: MODEL }] });
    expect(step("Evaluate")?.propertyFiles).toEqual({ report: { metrics: { accuracy: { value: 0.91 } } } });
    // the decision, with the values it compared: re-evaluated from the property file and parameters
    expect(record.conditions).toEqual([
      { step: "CheckAccuracy", outcome: true, branch: "IfSteps", conditions: [{ type: "GreaterThanOrEqualTo", left: 0.91, right: 0.8, result: true }] },
    ]);
    expect(record.registeredModels).toEqual([
      {
        modelPackageGroupName: "churn-models",
        modelPackageVersion: 7,
        modelPackageArn: PACKAGE,
        approvalStatus: "PendingManualApproval",
        modelDataUrl: MODEL,
        metrics: { "ModelQuality.Statistics": { metrics: { accuracy: { value: 0.91 } } } },
      },
    ]);
    expect(record.deployments).toEqual([{ step: "DeployModel", endpointName: "churn-predictor", functionArn: "arn:aws:lambda:us-east-1:111111111111:function:sagepipe-deploy" }]);
  });

  it("reads the commit from the pipeline's sagepipe:commit tag when the description has none", async () => {
    const { execution, sm } = churnExecution();
    sm.on(DescribePipelineExecutionCommand).resolves({ PipelineExecutionArn: ARN, PipelineExecutionStatus: "Failed", FailureReason: "Step failure", CreationTime: at(0) });
    sm.on(ListTagsCommand).resolves({ Tags: [{ Key: "sagepipe:commit", Value: "9d8e7f6" }] });
    const record = await execution.lineage();
    expect(record.source).toEqual({ commit: "9d8e7f6" });
    expect(record.status).toBe("Failed");
    expect(record.failureReason).toBe("Step failure");
  });

  it("a report in S3 nested 5,000 levels deep (a job's bug) is unreadable, as one that is not JSON: the record is still assembled and written", async () => {
    const { execution, s3m } = churnExecution();
    s3m.on(GetObjectCommand).resolves({ Body: { transformToString: async () => `{"metrics":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}}` } } as never);
    const record = await execution.lineage();
    const report = `${BUCKET}/Evaluate/output/evaluation/evaluation.json`;
    expect(record.registeredModels[0]?.metrics).toEqual({ "ModelQuality.Statistics": { unreadable: report } });
    expect(record.steps.find((s) => s.name === "Evaluate")?.propertyFiles?.report).toBeUndefined();
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it("keeps the outcome SageMaker reported when the operands cannot be re-read", async () => {
    const { execution, sm } = churnExecution();
    sm.on(DescribeProcessingJobCommand, { ProcessingJobName: "pipelines-x1y2z3-evaluate" }).resolves({ ProcessingJobName: "pipelines-x1y2z3-evaluate" });
    const record = await execution.lineage();
    expect(record.conditions).toEqual([{ step: "CheckAccuracy", outcome: true, branch: "IfSteps", conditions: [] }]);
  });
});
