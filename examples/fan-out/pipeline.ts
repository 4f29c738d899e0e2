/**
 * A free-form DAG: one preparation step fans out to three trainings that run in parallel, and a
 * comparison step fans them back in.
 *
 *   npx sagepipe graph examples/fan-out/pipeline.ts
 *
 * `after: ["Prepare"]` replaces the fluent chain's predecessor, so the trainings do not wait for
 * each other; `after: [...]` on the comparison joins them.
 */
import { pipeline, type PipelineValue, type TrainingOptions } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerPipelineRole";
const XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
const SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";

/** One XGBoost training of the given depth on the prepared data. */
const xgboost = (depth: number, train: PipelineValue<string>, validation: PipelineValue<string>) =>
  ({
    image: XGBOOST,
    role,
    instanceType: "ml.m5.xlarge",
    inputs: { train, validation },
    hyperparameters: { max_depth: depth, num_round: 100, objective: "binary:logistic" },
    metrics: { "validation:auc": "validation-auc:([0-9.]+)" },
    after: ["Prepare"],
  }) satisfies TrainingOptions;

export default pipeline("FanOutFanIn")
  .assets({ bucket: "my-sagepipe-bucket", prefix: "fan-out" })
  .param("InputData", "String", { default: "s3://my-sagepipe-bucket/fan-out/raw/" })
  .process("Prepare", ({ params }) => ({
    image: SKLEARN,
    role,
    instanceType: "ml.m5.xlarge",
    entrypoint: ["python3", "-m", "prepare"],
    inputs: { raw: params.InputData },
    outputs: { train: "/opt/ml/processing/train", validation: "/opt/ml/processing/validation" },
  }))
  // fan out: three trainings, each after Prepare only
  .train("TrainShallow", ({ steps }) => xgboost(3, steps.Prepare.outputs.train, steps.Prepare.outputs.validation))
  .train("TrainMedium", ({ steps }) => xgboost(6, steps.Prepare.outputs.train, steps.Prepare.outputs.validation))
  .train("TrainDeep", ({ steps }) => xgboost(9, steps.Prepare.outputs.train, steps.Prepare.outputs.validation))
  // fan in: compare the three models
  .process("CompareModels", ({ steps }) => ({
    image: SKLEARN,
    role,
    instanceType: "ml.m5.xlarge",
    entrypoint: ["python3", "-m", "compare"],
    inputs: {
      shallow: steps.TrainShallow.modelArtifacts,
      medium: steps.TrainMedium.modelArtifacts,
      deep: steps.TrainDeep.modelArtifacts,
    },
    outputs: { report: "/opt/ml/processing/report" },
    after: [steps.TrainShallow, steps.TrainMedium, steps.TrainDeep],
  }));
