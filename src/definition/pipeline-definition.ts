import { z } from "zod";
import { strictObject } from "./strict-object.js";
import { str } from "./expressions.js";
import { entryCount } from "./rules.js";
import { Parameter } from "./parameters.js";
import { Step } from "./step.js";

/** The only definition format version. */
export const DEFINITION_VERSION = "2020-12-01";

/** `PipelineExperimentConfig`: the experiment and trial each execution is recorded under. */
export const PipelineExperimentConfig = strictObject({
  ExperimentName: str(),
  TrialName: str(),
});
export type PipelineExperimentConfig = z.infer<typeof PipelineExperimentConfig>;

/** `MlflowConfig` (Python SDK v3): the MLflow tracking server and experiment of each execution. */
export const MlflowConfig = strictObject({
  MlflowResourceArn: z.string().nullable().optional(),
  MlflowExperimentName: z.string().nullable().optional(),
});

const MetadataKey = z.string().regex(/^[A-Za-z0-9\-_]{1,128}$/, {
  message: "a Metadata key is 1–128 characters of letters, digits, '-' and '_'",
});

/**
 * A SageMaker pipeline definition (`"Version": "2020-12-01"`): the document `CreatePipeline` takes.
 *
 * @example
 * ```ts
 * PipelineDefinition.parse(JSON.parse(text)); // throws a ZodError on a malformed document
 * ```
 */
export const PipelineDefinition = strictObject({
  Version: z.literal(DEFINITION_VERSION, { message: `Version must be "${DEFINITION_VERSION}"` }),
  Metadata: entryCount(z.record(MetadataKey, z.string().max(1024)), { max: 20 }, "Metadata").optional(),
  Parameters: z.array(Parameter).optional(),
  PipelineExperimentConfig: PipelineExperimentConfig.nullable().optional(),
  MlflowConfig: MlflowConfig.nullable().optional(),
  Steps: z.array(Step),
});
export type PipelineDefinition = z.infer<typeof PipelineDefinition>;
