import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { bool, int, num, str, strEnum, type Expression } from "../expressions.js";
import { coded, named } from "../rules.js";
import { isLiteral, kmsKeyId, rejectedKey, resourceName, roleArn, s3Uri, TagList, VpcConfig } from "./shared/base-shapes.js";

/** The AutoML training modes of the API; a pipeline accepts only `ENSEMBLING`. */
export const AUTOML_MODES = ["AUTO", "ENSEMBLING", "HYPERPARAMETER_TUNING"] as const;

/** `AutoMLChannel`: a training or validation data channel. */
const AutoMLChannel = lazySchema(() =>
  strictObject({
    TargetAttributeName: str({ min: 1 }),
    DataSource: strictObject({
      S3DataSource: strictObject({
        S3DataType: strEnum(["ManifestFile", "S3Prefix", "AugmentedManifestFile"]),
        S3Uri: s3Uri(),
      }),
    })
      .optional(),
    CompressionType: strEnum(["None", "Gzip"]).optional(),
    ContentType: str({ max: 256 }).optional(),
    ChannelType: strEnum(["training", "validation"]).optional(),
    SampleWeightAttributeName: str({ min: 1, max: 256, pattern: /^[a-zA-Z0-9_-]+$/, patternHint: "letters, digits, _ and -" }).optional(),
  })
);

const AUTOML_ALGORITHMS = [
  "xgboost",
  "linear-learner",
  "mlp",
  "lightgbm",
  "catboost",
  "randomforest",
  "extra-trees",
  "nn-torch",
  "fastai",
  "cnn-qr",
  "deepar",
  "prophet",
  "npts",
  "arima",
  "ets",
] as const;

const ensemblingOnly = named("automl-ensembling-only", (config: { Mode: string | Expression }) => !isLiteral(config.Mode) || config.Mode === "ENSEMBLING");

/** `AutoMLJobConfig`: limits, security, candidate generation, data split and mode. */
const AutoMLJobConfig = lazySchema(() =>
  strictObject({
    CompletionCriteria: strictObject({
        MaxCandidates: int({ min: 1, max: 750 }).optional(),
        MaxRuntimePerTrainingJobInSeconds: int({ min: 1 }).optional(),
        MaxAutoMLJobRuntimeInSeconds: int({ min: 1 }).optional(),
      })
      .optional(),
    SecurityConfig: strictObject({
        VolumeKmsKeyId: kmsKeyId().optional(),
        EnableInterContainerTrafficEncryption: bool().optional(),
        VpcConfig: VpcConfig.optional(),
      })
      .optional(),
    CandidateGenerationConfig: strictObject({
        FeatureSpecificationS3Uri: s3Uri().optional(),
        AlgorithmsConfig: z
          .array(strictObject({ AutoMLAlgorithms: z.array(strEnum(AUTOML_ALGORITHMS)).max(11) }))
          .max(1)
          .optional(),
      })
      .optional(),
    DataSplitConfig: strictObject({ ValidationFraction: num({ min: 0, max: 1 }).optional() }).optional(),
    Mode: strEnum(AUTOML_MODES),
  })
    .refine(
      ensemblingOnly,
      coded("invalid-value", "an AutoML step supports only Mode \"ENSEMBLING\": set AutoMLJobConfig.Mode to \"ENSEMBLING\"", ["Mode"]),
    )
);

/**
 * `AutoML` arguments: the `CreateAutoMLJob` (v1) request. `AutoMLJobName` is optional (the Python
 * SDK removes it unless a custom name prefix is kept). Pipelines needs `AutoMLJobConfig.Mode` set
 * to `ENSEMBLING` (the API default, `AUTO`, may pick hyperparameter tuning), and does not accept
 * `ModelDeployConfig` or `GenerateCandidateDefinitionsOnly`.
 */
export const AutoMLArguments = lazySchema(() =>
  strictObject({
    AutoMLJobName: resourceName(32).optional(),
    InputDataConfig: z.array(AutoMLChannel).min(1).max(2),
    OutputDataConfig: strictObject({
      S3OutputPath: s3Uri(),
      KmsKeyId: kmsKeyId().optional(),
    }),
    RoleArn: roleArn(),
    ProblemType: strEnum(["BinaryClassification", "MulticlassClassification", "Regression"]).optional(),
    AutoMLJobObjective: strictObject({
      MetricName: strEnum([
        "Accuracy",
        "MSE",
        "F1",
        "F1macro",
        "AUC",
        "RMSE",
        "BalancedAccuracy",
        "R2",
        "Recall",
        "RecallMacro",
        "Precision",
        "PrecisionMacro",
        "MAE",
        "MAPE",
        "MASE",
        "WAPE",
        "AverageWeightedQuantileLoss",
      ]),
    })
      .optional(),
    AutoMLJobConfig,
    GenerateCandidateDefinitionsOnly: rejectedKey(
      "GenerateCandidateDefinitionsOnly is not accepted by SageMaker Pipelines in an AutoML step: remove it",
    ),
    Tags: TagList.optional(),
    ModelDeployConfig: rejectedKey(
      "ModelDeployConfig is not accepted by SageMaker Pipelines in an AutoML step: remove it and deploy the best candidate with Model and Endpoint steps",
    ),
  })
);
export type AutoMLArguments = z.infer<typeof AutoMLArguments>;

/** An `AutoML` step: runs an Autopilot job in ensembling mode (`CreateAutoMLJob`). */
export const AutoMLStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("AutoML"),
    Arguments: AutoMLArguments,
  }),
  { Type: ["AutoML"] },
);
export type AutoMLStep = z.infer<typeof AutoMLStep>;
