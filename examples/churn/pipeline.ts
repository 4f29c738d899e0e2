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
import { failStep, join, localDeployHandler, type RunLocalOptions } from "sagepipe";
import { churnFlow, deployChurnModel, registerChurnModel } from "./flow.js";

export default churnFlow("ChurnPipeline")
  .when("CheckAccuracy", ({ params, steps }) =>
    steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value").gte(params.AccuracyThreshold),
  )
  .register("RegisterModel", registerChurnModel)
  .deploy("DeployModel", deployChurnModel)
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
