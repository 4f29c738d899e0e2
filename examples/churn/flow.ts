/**
 * The parts of the churn flow every variant shares: preprocess → train → evaluate, with its
 * parameters, and the register + deploy steps that follow a passed gate. The builder is immutable,
 * so `pipeline.ts` (a fixed threshold) and `champion.ts` (a champion/challenger gate) both start from
 * `churnFlow(name)`, add their own gate, and reuse `registerChurnModel` and `deployChurnModel`.
 */
import { z } from "zod";
import { join, pipeline, type DeployOptions, type PipelineValue, type RegisterModelOptions } from "sagepipe";

const account = "111111111111";
const region = "us-east-1";
export const role = `arn:aws:iam::${account}:role/SageMakerPipelineRole`;
/** A Node.js 20 image in your account: `FROM public.ecr.aws/docker/library/node:20-slim`. */
export const NODE_IMAGE = `${account}.dkr.ecr.${region}.amazonaws.com/sagepipe-node:20`;
/** The Lambda function `deployStep` invokes (locally: `localDeployHandler`). */
export const DEPLOY_FUNCTION = `arn:aws:lambda:${region}:${account}:function:sagepipe-deploy`;

/** The shape of evaluation.json, written by scripts/evaluate.mjs. */
const EvaluationReport = z.object({
  metrics: z.object({
    accuracy: z.object({ value: z.number() }),
    precision: z.object({ value: z.number() }),
    recall: z.object({ value: z.number() }),
  }),
  rows: z.number(),
});

/** Preprocess → Train → Evaluate, with the churn parameters, as pipeline `name`. */
export function churnFlow(name: string) {
  return pipeline(name)
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
    }));
}

/**
 * The register step's options, for any pipeline whose build context has what they read: a step
 * option may be a function of a context type of its own (the steps and parameters it needs), and
 * every pipeline that has them can use it.
 */
export const registerChurnModel = ({
  params,
  steps,
}: {
  readonly params: { readonly ModelApprovalStatus: PipelineValue<string> };
  readonly steps: {
    readonly Train: { readonly modelArtifacts: PipelineValue<string> };
    readonly Evaluate: { readonly outputs: { readonly evaluation: PipelineValue<string> } };
  };
}): RegisterModelOptions => ({
  modelPackageGroup: "churn-models",
  image: NODE_IMAGE,
  modelData: steps.Train.modelArtifacts,
  contentTypes: ["text/csv"],
  responseTypes: ["application/json"],
  approvalStatus: params.ModelApprovalStatus,
  // the report a later run's championParameters() reads the baseline from (champion.ts)
  modelMetrics: {
    modelStatistics: { s3Uri: join([steps.Evaluate.outputs.evaluation, "evaluation.json"], "/") },
  },
});

/** The deploy step's options: the Lambda function that creates or updates the endpoint. */
export const deployChurnModel = ({ steps }: { readonly steps: { readonly RegisterModel: { readonly modelPackageArn: PipelineValue<string> } } }): DeployOptions => ({
  functionArn: DEPLOY_FUNCTION,
  modelPackageArn: steps.RegisterModel.modelPackageArn,
  endpointName: "churn-predictor",
  instanceType: "ml.m5.large",
  role,
});
