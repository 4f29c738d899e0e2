/**
 * The seed flow in Python, in AWS's scikit-learn containers (script mode, as the SageMaker Python
 * SDK's SKLearnProcessor, FrameworkProcessor and SKLearn estimator run it): preprocess (pandas) →
 * train (scikit-learn) → evaluate → does the model beat the bar? → register it, or fail.
 *
 *   npx sagepipe run examples/churn-python/pipeline.ts --local   # needs python3 with pandas and scikit-learn
 *   npx sagepipe run examples/churn-python/pipeline.ts --local --python /usr/bin/python3   # another Python
 *   npx sagepipe compile examples/churn-python/pipeline.ts   # print the definition
 *
 * No image to build or push: the scikit-learn image is looked up for the pipeline's region, and the
 * code is uploaded content-addressed (a script, a sourcedir.tar.gz, a generated runproc.sh).
 */
import { z } from "zod";
import { failStep, frameworkProcessingStep, frameworkTrainingStep, join, pipeline, registerFrameworkModelStep, type RunLocalOptions } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerPipelineRole";
/** AWS's scikit-learn container: `imageUri({ framework: "sklearn", version: "1.2-1", region })`. */
const sklearn = { name: "sklearn", version: "1.2-1" } as const;

/** The shape of evaluation.json, written by src/evaluate.py. */
const EvaluationReport = z.object({
  metrics: z.object({
    accuracy: z.object({ value: z.number() }),
    precision: z.object({ value: z.number() }),
    recall: z.object({ value: z.number() }),
  }),
  rows: z.number(),
});

export default pipeline("ChurnPython")
  .region("us-east-1")
  .assets({ bucket: "my-sagepipe-bucket", prefix: "churn-python" })
  .param("InputData", "String", { default: "s3://my-sagepipe-bucket/churn-python/raw/" })
  .param("MaxIterations", "Integer", { default: 200 })
  .param("AccuracyThreshold", "Float", { default: 0.8 })
  // SKLearnProcessor: the script is the code input, run with python3
  .add(({ params }) =>
    frameworkProcessingStep("Preprocess", {
      framework: sklearn,
      role,
      instanceType: "ml.m5.large",
      code: "./src/preprocess.py",
      arguments: ["--input", "/opt/ml/processing/input/raw", "--output", "/opt/ml/processing"],
      inputs: { raw: params.InputData },
      outputs: { train: "/opt/ml/processing/train", validation: "/opt/ml/processing/validation", test: "/opt/ml/processing/test" },
    }),
  )
  // the SKLearn estimator: ./src as sourcedir.tar.gz, train.py its entry point, JSON-encoded hyperparameters
  .add(({ params, steps }) =>
    frameworkTrainingStep("Train", {
      framework: sklearn,
      role,
      instanceType: "ml.m5.large",
      entryPoint: "train.py",
      sourceDir: "./src",
      inputs: {
        train: { source: steps.Preprocess.outputs.train, contentType: "text/csv" },
        validation: { source: steps.Preprocess.outputs.validation, contentType: "text/csv" },
      },
      hyperparameters: { max_iter: params.MaxIterations, regularization: 0.5 },
      metrics: { "validation:accuracy": "validation:accuracy=([0-9.]+)" },
    }),
  )
  // FrameworkProcessor: ./src as sourcedir.tar.gz, run by a generated runproc.sh
  .add(({ steps }) =>
    frameworkProcessingStep("Evaluate", {
      framework: sklearn,
      role,
      instanceType: "ml.m5.large",
      code: "evaluate.py",
      sourceDir: "./src",
      arguments: ["--model", "/opt/ml/processing/input/model", "--test", "/opt/ml/processing/input/test", "--output", "/opt/ml/processing/evaluation"],
      inputs: { model: steps.Train.modelArtifacts, test: steps.Preprocess.outputs.test },
      outputs: { evaluation: "/opt/ml/processing/evaluation" },
      propertyFiles: { report: { output: "evaluation", path: "evaluation.json", schema: EvaluationReport } },
    }),
  )
  .when("CheckAccuracy", ({ params, steps }) => steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value").gte(params.AccuracyThreshold))
  // an SKLearnModel registered with its inference code (SAGEMAKER_PROGRAM, SAGEMAKER_SUBMIT_DIRECTORY)
  .add(({ steps }) =>
    registerFrameworkModelStep("Churn", {
      framework: sklearn,
      modelData: steps.Train.modelArtifacts,
      entryPoint: "inference.py",
      sourceDir: "./src",
      modelPackageGroup: "churn-python",
      contentTypes: ["text/csv"],
      responseTypes: ["text/csv"],
      approvalStatus: "PendingManualApproval",
    }),
  )
  .otherwise(({ params, steps }) =>
    failStep("AccuracyTooLow", join`model accuracy ${steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value")} is below the threshold ${params.AccuracyThreshold}`),
  );

/** How `sagepipe run --local` runs it: the raw data comes from ./data instead of S3. */
export const local: RunLocalOptions = {
  mounts: { "s3://my-sagepipe-bucket/churn-python/raw/": "./data" },
};
