import { z } from "zod";
import { failStep, join, pipeline } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const sklearn = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
const xgboostImage = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";

export default pipeline("ChurnPipeline")
  .assets({ bucket: "my-bucket", prefix: "churn" }) // where local code and default outputs go
  .param("InputData", "String", { default: "s3://my-bucket/churn/raw/" })
  .param("AccuracyThreshold", "Float", { default: 0.8 })
  .process("Preprocess", ({ params }) => ({
    image: sklearn, role, instanceType: "ml.m5.xlarge",
    code: "./scripts/preprocess.py",                 // uploaded, content-addressed
    inputs: { raw: params.InputData },
    outputs: { train: "/opt/ml/processing/train", test: "/opt/ml/processing/test" },
  }))
  .train("Train", ({ steps }) => ({
    image: xgboostImage, role, instanceType: "ml.m5.xlarge",
    inputs: { train: { source: steps.Preprocess.outputs.train, contentType: "text/csv" } },
    hyperparameters: { objective: "binary:logistic", max_depth: 5, num_round: 50 },
  }))
  .evaluate("Evaluate", ({ steps }) => ({
    image: sklearn, role, instanceType: "ml.m5.xlarge",
    code: "./scripts/evaluate.py",
    inputs: { model: steps.Train.modelArtifacts, test: steps.Preprocess.outputs.test },
    outputs: { evaluation: "/opt/ml/processing/evaluation" },
    propertyFiles: {
      report: {
        output: "evaluation", path: "evaluation.json",
        schema: z.object({ metrics: z.object({ accuracy: z.object({ value: z.number() }) }) }),
      },
    },
  }))
  .when("CheckAccuracy", ({ steps, params }) =>
    steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value").gte(params.AccuracyThreshold))
  // ... steps here go to IfSteps (register, deploy)
  .otherwise(({ params }) => failStep("AccuracyTooLow", join`accuracy below ${params.AccuracyThreshold}`));
