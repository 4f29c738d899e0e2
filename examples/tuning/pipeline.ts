/**
 * Hyperparameter tuning: tune XGBoost on prepared data, then turn the best training job's model into
 * a SageMaker model and register it.
 *
 *   npx sagepipe compile examples/tuning/pipeline.ts
 *
 * `steps.Tune.topModel(0)` is the S3 URI of the best model, built the way the Python SDK's
 * `TuningStep.get_top_model_s3_uri` builds it.
 */
import { pipeline } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerPipelineRole";
const XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";

export default pipeline("TuneAndRegister")
  .assets({ bucket: "my-sagepipe-bucket", prefix: "tuning" })
  .param("TrainData", "String", { default: "s3://my-sagepipe-bucket/tuning/train/" })
  .param("ValidationData", "String", { default: "s3://my-sagepipe-bucket/tuning/validation/" })
  .param("MaxJobs", "Integer", { default: 12 })
  .tune("Tune", ({ params }) => ({
    training: {
      image: XGBOOST,
      role,
      instanceType: "ml.m5.xlarge",
      inputs: {
        train: { source: params.TrainData, contentType: "text/csv" },
        validation: { source: params.ValidationData, contentType: "text/csv" },
      },
      hyperparameters: { objective: "binary:logistic", num_round: 100 },
      outputPath: "s3://my-sagepipe-bucket/tuning/models",
    },
    objective: { metric: "validation:auc", type: "Maximize" },
    ranges: {
      eta: { continuous: [0.05, 0.5] },
      max_depth: { integer: [3, 10] },
      min_child_weight: { continuous: [1, 10] },
    },
    maxJobs: params.MaxJobs,
    maxParallelJobs: 3,
  }))
  .model("BestModel", ({ steps }) => ({
    image: XGBOOST,
    modelData: steps.Tune.topModel(0),
    role,
  }))
  .register("RegisterBest", ({ steps }) => ({
    modelPackageGroup: "tuned-models",
    image: XGBOOST,
    modelData: steps.Tune.topModel(0),
    contentTypes: ["text/csv"],
    responseTypes: ["text/csv"],
  }));
