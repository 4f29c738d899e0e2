import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { str } from "../expressions.js";
import { roleArn } from "./shared/base-shapes.js";
import { bedrockClientRequestToken, BedrockModelDataSource, bedrockName, BedrockTagList } from "./shared/model-shapes.js";

const VPC_ID = /^[-0-9a-zA-Z]+$/;

/** `BedrockModelImport` arguments: the Bedrock `CreateModelImportJob` request with PascalCase keys. */
export const BedrockModelImportArguments = lazySchema(() =>
  strictObject({
    JobName: str({
      min: 1,
      max: 63,
      pattern: /^[a-zA-Z0-9][a-zA-Z0-9+.-]*$/,
      patternHint: "1–63 letters, digits and + . -, starting with a letter or digit",
    }),
    ImportedModelName: bedrockName(),
    RoleArn: roleArn(),
    ModelDataSource: BedrockModelDataSource,
    JobTags: BedrockTagList.optional(),
    ImportedModelTags: BedrockTagList.optional(),
    ClientRequestToken: bedrockClientRequestToken().optional(),
    VpcConfig: strictObject({
      SubnetIds: z.array(str({ max: 32, pattern: VPC_ID })).min(1).max(16),
      SecurityGroupIds: z.array(str({ max: 32, pattern: VPC_ID })).min(1).max(5),
    })
      .optional(),
    ImportedModelKmsKeyId: str({
      min: 1,
      max: 2048,
      pattern:
        /^((arn:aws(-[^:]+)?:kms:[a-zA-Z0-9-]*:[0-9]{12}:((key\/[a-zA-Z0-9-]{36})|(alias\/[a-zA-Z0-9-_/]+)))|([a-zA-Z0-9-]{36})|(alias\/[a-zA-Z0-9-_/]+))$/,
      patternHint: "a KMS key id, key ARN, alias or alias ARN",
    }).optional(),
  })
);
export type BedrockModelImportArguments = z.infer<typeof BedrockModelImportArguments>;

/** A `BedrockModelImport` step: imports model weights from S3 into Bedrock (`CreateModelImportJob`). */
export const BedrockModelImportStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("BedrockModelImport"),
    Arguments: BedrockModelImportArguments,
  }),
  { Type: ["BedrockModelImport"] },
);
export type BedrockModelImportStep = z.infer<typeof BedrockModelImportStep>;
