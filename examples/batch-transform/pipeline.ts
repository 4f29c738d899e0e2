/**
 * Batch inference: train, create a SageMaker model from the artifact, and score a batch of S3 data
 * with a Transform step; a Lambda step then publishes where the predictions are.
 *
 *   npx sagepipe compile examples/batch-transform/pipeline.ts
 */
import { join, pipeline } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerPipelineRole";
const XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";

export default pipeline("BatchScoring")
  .assets({ bucket: "my-sagepipe-bucket", prefix: "batch" })
  .param("TrainData", "String", { default: "s3://my-sagepipe-bucket/batch/train/" })
  .param("BatchData", "String", { default: "s3://my-sagepipe-bucket/batch/input/" })
  .param("TransformInstanceType", "String", { default: "ml.m5.xlarge" })
  .train("Train", ({ params }) => ({
    image: XGBOOST,
    role,
    instanceType: "ml.m5.xlarge",
    inputs: { train: { source: params.TrainData, contentType: "text/csv" } },
    hyperparameters: { objective: "binary:logistic", num_round: 50 },
    cache: { expireAfter: { days: 1 } },
  }))
  .model("CreateModel", ({ steps }) => ({ image: XGBOOST, modelData: steps.Train.modelArtifacts, role }))
  .transform("Score", ({ params, steps }) => ({
    modelName: steps.CreateModel.modelName,
    input: { source: params.BatchData, contentType: "text/csv", splitType: "Line" },
    output: { accept: "text/csv", assembleWith: "Line" },
    instanceType: params.TransformInstanceType,
    batchStrategy: "MultiRecord",
  }))
  .lambda("Publish", ({ steps }) => ({
    functionArn: "arn:aws:lambda:us-east-1:111111111111:function:publish-predictions",
    inputs: { predictions: steps.Score.outputPath, manifest: join([steps.Score.outputPath, "manifest.json"], "/") },
    outputs: { published: "Boolean" },
  }));
