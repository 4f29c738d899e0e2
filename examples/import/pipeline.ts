// Imported with `sagepipe import` from definition.json.
// 6 steps, none written with rawStep.
import { z } from "zod";
import { failStep, join, pipeline } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerPipelineRole";
const xgboostImage = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
const bucket = "sagemaker-us-east-1-111111111111";

export default pipeline("AbalonePipeline")
  .param("ProcessingInstanceType", "String", { default: "ml.m5.xlarge" })
  .param("InputData", "String", { default: `s3://${bucket}/abalone/abalone-dataset.csv` })
  .param("MseThreshold", "Float", { default: 6 })
  .param("ModelApprovalStatus", "String", { default: "PendingManualApproval" })
  .process("PreprocessAbaloneData", ({ params }) => ({
    image: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
    role,
    instanceType: params.ProcessingInstanceType,
    code: `s3://${bucket}/abalone/code/preprocess.py`,
    inputs: { "input-1": { source: params.InputData, destination: "/opt/ml/processing/input" } },
    outputs: {
      train: { source: "/opt/ml/processing/train", destination: `s3://${bucket}/abalone/train` },
      test: { source: "/opt/ml/processing/test", destination: `s3://${bucket}/abalone/test` },
    },
  }))
  .train("TrainAbaloneModel", ({ steps }) => ({
    image: xgboostImage,
    role,
    instanceType: "ml.m5.xlarge",
    inputs: { train: { source: steps.PreprocessAbaloneData.outputs.train, contentType: "text/csv" } },
    hyperparameters: {
      objective: "reg:linear",
      num_round: 50,
      max_depth: 5,
      eta: 0.2,
      gamma: 4,
      min_child_weight: 6,
      subsample: 0.7,
    },
    outputPath: `s3://${bucket}/abalone/models`,
    debugHook: { s3OutputPath: `s3://${bucket}/abalone/models`, collections: [] },
    profiler: { disabled: true },
  }))
  .evaluate("EvaluateAbaloneModel", ({ steps }) => ({
    image: xgboostImage,
    role,
    instanceType: "ml.m5.xlarge",
    code: `s3://${bucket}/abalone/code/evaluation.py`,
    inputs: {
      "input-1": { source: steps.TrainAbaloneModel.modelArtifacts, destination: "/opt/ml/processing/model" },
      "input-2": { source: steps.PreprocessAbaloneData.outputs.test, destination: "/opt/ml/processing/test" },
    },
    outputs: {
      evaluation: { source: "/opt/ml/processing/evaluation", destination: `s3://${bucket}/abalone/evaluation` },
    },
    propertyFiles: {
      EvaluationReport: {
        output: "evaluation",
        path: "evaluation.json",
        schema: z.object({ regression_metrics: z.object({ mse: z.object({ value: z.number() }) }) }),
      },
    },
  }))
  .when("CheckMSEAbaloneEvaluation", ({ params, steps }) =>
    steps.EvaluateAbaloneModel.propertyFiles.EvaluationReport.get("regression_metrics.mse.value").lte(
      params.MseThreshold,
    ),
  )
  .register("RegisterAbaloneModel", ({ params, steps }) => ({
    modelPackageGroup: "AbaloneModelPackageGroupName",
    image: xgboostImage,
    modelData: steps.TrainAbaloneModel.modelArtifacts,
    contentTypes: ["text/csv"],
    responseTypes: ["text/csv"],
    inferenceInstances: ["ml.t2.medium", "ml.m5.xlarge"],
    transformInstances: ["ml.m5.xlarge"],
    approvalStatus: params.ModelApprovalStatus,
    modelMetrics: { modelStatistics: { s3Uri: `s3://${bucket}/abalone/evaluation/evaluation.json` } },
  }))
  .otherwise(({ params }) =>
    failStep("AbaloneMSEFail", join(["Execution failed due to MSE >", params.MseThreshold], " ")),
  );
