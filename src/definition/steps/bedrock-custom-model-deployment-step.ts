import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { str } from "../expressions.js";
import { bedrockClientRequestToken, bedrockName, BedrockTagList } from "./shared/model-shapes.js";

/** `BedrockCustomModelDeployment` arguments: the Bedrock `CreateCustomModelDeployment` request with PascalCase keys. */
export const BedrockCustomModelDeploymentArguments = lazySchema(() =>
  strictObject({
    ModelDeploymentName: bedrockName(),
    ModelArn: str({
      min: 20,
      max: 1011,
      pattern: /^arn:aws(-[a-z-]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:custom-model\/.+$/,
      patternHint: "the ARN of a Bedrock custom model (arn:aws:bedrock:<region>:<account>:custom-model/...)",
    }),
    Description: str({ min: 1, max: 2048 }).optional(),
    Tags: BedrockTagList.optional(),
    ClientRequestToken: bedrockClientRequestToken().optional(),
  })
);
export type BedrockCustomModelDeploymentArguments = z.infer<typeof BedrockCustomModelDeploymentArguments>;

/** A `BedrockCustomModelDeployment` step: deploys a Bedrock custom model for on-demand inference. */
export const BedrockCustomModelDeploymentStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("BedrockCustomModelDeployment"),
    Arguments: BedrockCustomModelDeploymentArguments,
  }),
  { Type: ["BedrockCustomModelDeployment"] },
);
export type BedrockCustomModelDeploymentStep = z.infer<typeof BedrockCustomModelDeploymentStep>;
