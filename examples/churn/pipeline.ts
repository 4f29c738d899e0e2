/**
 * The seed flow: preprocess → train → evaluate → does the new model beat the bar? → register +
 * deploy (a Lambda function that creates or updates the endpoint), or fail with a message.
 *
 *   npx sagepipe run examples/churn/pipeline.ts --local   # run it on this machine (no AWS, no Docker)
 *   npx sagepipe run examples/churn/pipeline.ts --local --param AccuracyThreshold=0.99   # the Fail branch
 *   npx sagepipe compile examples/churn/pipeline.ts   # print the definition
 *   npx sagepipe graph examples/churn/pipeline.ts     # the DAG as Mermaid
 *
 * The scripts need only Node.js: in SageMaker they run in a Node.js 20 image you push to ECR
 * (`NODE_IMAGE` below); locally they run with the `node` on your machine.
 */
import { z } from "zod";
import { failStep, join, localDeployHandler, pipeline, type RunLocalOptions } from "sagepipe";

const account = "111111111111";
const region = "us-east-1";
const role = `arn:aws:iam::${account}:role/SageMakerPipelineRole`;
/** A Node.js 20 image in your account: `FROM public.ecr.aws/docker/library/node:20-slim`. */
const NODE_IMAGE = `${account}.dkr.ecr.${region}.amazonaws.com/sagepipe-node:20`;

/** The shape of evaluation.json, written by scripts/evaluate.mjs. */
const EvaluationReport = z.object({
  metrics: z.object({
    accuracy: z.object({ value: z.number() }),
    precision: z.object({ value: z.number() }),
    recall: z.object({ value: z.number() }),
  }),
  rows: z.number(),
});

export default pipeline("ChurnPipeline")
  .assets({ bucket: "my-sagepipe-bucket", prefix: "churn" })
  .param("InputData", "String", { default: "s3://my-sagepipe-bucket/churn/raw/" })
  .param("ProcessingInstanceType", "String", { default: "ml.m5.large", enum: ["ml.m5.large", "ml.m5.xlarge"] })
  .param("TrainingEpochs", "Integer", { default: 300 })
  .param("AccuracyThreshold", "Float", { default: 0.8 })
  .param("ModelApprovalStatus", "String", { default: "PendingManualApproval" })
  .process("Preprocess", ({ params }) => ({
    image: NODE_IMAGE,
    role,
    instanceType: params.ProcessingInstanceType,
    code: "./scripts/preprocess.mjs",
    command: ["node"],
    arguments: ["--input", "/opt/ml/processing/input/raw", "--output", "/opt/ml/processing"],
    inputs: { raw: params.InputData },
    outputs: {
      train: "/opt/ml/processing/train",
      validation: "/opt/ml/processing/validation",
      test: "/opt/ml/processing/test",
    },
    cache: { expireAfter: { days: 7 } },
  }))
  .train("Train", ({ params, steps }) => ({
    image: NODE_IMAGE,
    role,
    instanceType: "ml.m5.large",
    code: "./scripts/train.mjs",
    command: ["node"],
    inputs: {
      train: { source: steps.Preprocess.outputs.train, contentType: "text/csv" },
      validation: { source: steps.Preprocess.outputs.validation, contentType: "text/csv" },
    },
    hyperparameters: { epochs: params.TrainingEpochs, learning_rate: 0.5 },
    metrics: { "validation:accuracy": "validation:accuracy=([0-9.]+)" },
    retry: [{ exceptions: ["SageMaker.CAPACITY_ERROR", "SageMaker.JOB_INTERNAL_ERROR"], maxAttempts: 3 }],
  }))
  .evaluate("Evaluate", ({ params, steps }) => ({
    image: NODE_IMAGE,
    role,
    instanceType: params.ProcessingInstanceType,
    code: "./scripts/evaluate.mjs",
    command: ["node"],
    arguments: ["--model", "/opt/ml/processing/input/model", "--test", "/opt/ml/processing/input/test", "--output", "/opt/ml/processing/evaluation"],
    inputs: { model: steps.Train.modelArtifacts, test: steps.Preprocess.outputs.test },
    outputs: { evaluation: "/opt/ml/processing/evaluation" },
    propertyFiles: { report: { output: "evaluation", path: "evaluation.json", schema: EvaluationReport } },
  }))
  .when("CheckAccuracy", ({ params, steps }) =>
    steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value").gte(params.AccuracyThreshold),
  )
  .register("RegisterModel", ({ params, steps }) => ({
    modelPackageGroup: "churn-models",
    image: NODE_IMAGE,
    modelData: steps.Train.modelArtifacts,
    contentTypes: ["text/csv"],
    responseTypes: ["application/json"],
    approvalStatus: params.ModelApprovalStatus,
    modelMetrics: {
      modelStatistics: { s3Uri: join([steps.Evaluate.outputs.evaluation, "evaluation.json"], "/") },
    },
  }))
  .deploy("DeployModel", ({ steps }) => ({
    functionArn: `arn:aws:lambda:${region}:${account}:function:sagepipe-deploy`,
    modelPackageArn: steps.RegisterModel.modelPackageArn,
    endpointName: "churn-predictor",
    instanceType: "ml.m5.large",
    role,
  }))
  .otherwise(({ params, steps }) =>
    failStep(
      "AccuracyTooLow",
      join`model accuracy ${steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value")} is below the threshold ${params.AccuracyThreshold}`,
    ),
  );

/**
 * How `sagepipe run --local` (and `runLocal`) runs this pipeline on your machine: the raw data comes
 * from ./data instead of S3, and the deploy Lambda is replaced by a handler that records the deployment.
 */
export const local: RunLocalOptions = {
  mounts: { "s3://my-sagepipe-bucket/churn/raw/": "./data" },
  handlers: { "sagepipe-deploy": localDeployHandler },
};
