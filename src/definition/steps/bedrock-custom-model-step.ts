import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { str } from "../expressions.js";
import { coded, named } from "../rules.js";
import { roleArn } from "./shared/base-shapes.js";
import { bedrockClientRequestToken, BedrockModelDataSource, bedrockName, BedrockTagList } from "./shared/model-shapes.js";

const oneModelSource = named(
  "bedrock-model-source",
  (args: { ModelSourceConfig?: unknown; CustomModelDataSource?: unknown }) => (args.ModelSourceConfig === undefined) !== (args.CustomModelDataSource === undefined),
);
const roleWithModelSource = named("bedrock-role-with-model-source", (args: { ModelSourceConfig?: unknown; RoleArn?: unknown }) => args.ModelSourceConfig === undefined || args.RoleArn !== undefined);

/**
 * `BedrockCustomModel` arguments: the Bedrock `CreateCustomModel` request with PascalCase keys.
 * The model comes from S3 (`ModelSourceConfig`) or from a SageMaker model package
 * (`CustomModelDataSource`), exactly one of them.
 */
export const BedrockCustomModelArguments = lazySchema(() =>
  strictObject({
    ModelName: bedrockName(),
    ModelSourceConfig: BedrockModelDataSource.optional(),
    CustomModelDataSource: strictObject({
        ModelPackageArnDataSource: strictObject({ ModelPackageArn: str({ min: 1, max: 2048 }) }),
      })
      .optional(),
    ModelKmsKeyArn: str({
      min: 1,
      max: 2048,
      pattern: /^arn:aws(-[^:]+)?:kms:[a-zA-Z0-9-]*:[0-9]{12}:key\/[a-zA-Z0-9-]{36}$/,
      patternHint: "the ARN of a KMS key",
    }).optional(),
    RoleArn: roleArn().optional(),
    ModelTags: BedrockTagList.optional(),
    ClientRequestToken: bedrockClientRequestToken().optional(),
  })
    .refine(
      oneModelSource,
      coded(
        "conflicting-members",
        "a BedrockCustomModel step sets ModelSourceConfig (model files in S3) or CustomModelDataSource (a SageMaker model package), exactly one of them",
        ["ModelSourceConfig"],
      ),
    )
    .refine(
      roleWithModelSource,
      coded("missing-key", "RoleArn is required with ModelSourceConfig: Bedrock assumes it to read the model files in S3", ["RoleArn"]),
    )
);
export type BedrockCustomModelArguments = z.infer<typeof BedrockCustomModelArguments>;

/** A `BedrockCustomModel` step: creates a Bedrock custom model from model artifacts. */
export const BedrockCustomModelStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("BedrockCustomModel"),
    Arguments: BedrockCustomModelArguments,
  }),
  { Type: ["BedrockCustomModel"] },
);
export type BedrockCustomModelStep = z.infer<typeof BedrockCustomModelStep>;
