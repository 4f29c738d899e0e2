import type { PipelineExecutionStep, PipelineExecutionStepMetadata, StepStatus } from "./sagemaker-shapes.js";

/** Fields every step of an execution has, whatever its type. */
export interface ExecutionStepBase {
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  /** `Starting`, `Executing`, `Stopping`, `Stopped`, `Failed` or `Succeeded`. */
  readonly status: StepStatus;
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly failureReason?: string;
  readonly attemptCount?: number;
  /**
   * Set when the step was not run but its result reused from an earlier execution (step caching):
   * that execution's ARN.
   */
  readonly cacheHit?: { readonly sourceExecutionArn?: string };
  /** Set in a selective execution for a step whose result came from the source execution. */
  readonly selectiveExecutionSourceArn?: string;
  /** The main ARN SageMaker reports for the step: the job, model, model package, function, endpoint, ... */
  readonly arn?: string;
  /** The step's metadata as SageMaker returned it. */
  readonly metadata?: PipelineExecutionStepMetadata;
}

/** A step that runs a SageMaker job: `arn` is the job's ARN. */
export interface JobExecutionStep extends ExecutionStepBase {
  readonly type: "Training" | "Processing" | "Transform" | "Tuning" | "AutoML";
  readonly jobArn?: string;
}

/** A step that creates a resource: `arn` is the model, model package, endpoint, ... */
export interface ResourceExecutionStep extends ExecutionStepBase {
  readonly type:
    | "Model"
    | "RegisterModel"
    | "Endpoint"
    | "EndpointConfig"
    | "InferenceComponent"
    | "BedrockCustomModel"
    | "BedrockCustomModelDeployment"
    | "BedrockProvisionedModelThroughput"
    | "BedrockModelImport";
}

/** A Condition step: which branch it took. */
export interface ConditionExecutionStep extends ExecutionStepBase {
  readonly type: "Condition";
  readonly outcome?: "True" | "False";
}

/** A Callback step: the token to answer with `sendCallbackSuccess`/`sendCallbackFailure`. */
export interface CallbackExecutionStep extends ExecutionStepBase {
  readonly type: "Callback";
  readonly callbackToken?: string;
  readonly sqsQueueUrl?: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/** A Lambda step: `arn` is the function's ARN. */
export interface LambdaExecutionStep extends ExecutionStepBase {
  readonly type: "Lambda";
  readonly outputs: Readonly<Record<string, string>>;
}

/** An EMR step. */
export interface EMRExecutionStep extends ExecutionStepBase {
  readonly type: "EMR";
  readonly clusterId?: string;
  readonly emrStepId?: string;
  readonly logFilePath?: string;
}

/** A QualityCheck or ClarifyCheck step: `arn` is the check job's ARN. */
export interface CheckExecutionStep extends ExecutionStepBase {
  readonly type: "QualityCheck" | "ClarifyCheck";
  readonly violationReport?: string;
}

/** A Fail step: the error message it ended the execution with. */
export interface FailExecutionStep extends ExecutionStepBase {
  readonly type: "Fail";
  readonly errorMessage?: string;
}

/** A step whose type SageMaker has not reported (not started yet) or that sagepipe does not model. */
export interface OtherExecutionStep extends ExecutionStepBase {
  readonly type: "Unknown";
  /** The metadata key SageMaker used, if any (`"Lineage"`, `"Job"`, ...). */
  readonly metadataKind?: string;
}

/**
 * A step of a pipeline execution (ListPipelineExecutionSteps), typed by step type: switch on
 * `type` to read the fields of that type.
 *
 * @example
 * ```ts
 * for (const step of await execution.steps()) {
 *   if (step.type === "Training") console.log(step.name, step.status, step.jobArn, step.cacheHit);
 * }
 * ```
 */
export type ExecutionStep =
  | JobExecutionStep
  | ResourceExecutionStep
  | ConditionExecutionStep
  | CallbackExecutionStep
  | LambdaExecutionStep
  | EMRExecutionStep
  | CheckExecutionStep
  | FailExecutionStep
  | OtherExecutionStep;

const JOB_KEYS = {
  TrainingJob: "Training",
  ProcessingJob: "Processing",
  TransformJob: "Transform",
  TuningJob: "Tuning",
  AutoMLJob: "AutoML",
} as const;

const RESOURCE_KEYS = {
  Model: "Model",
  RegisterModel: "RegisterModel",
  Endpoint: "Endpoint",
  EndpointConfig: "EndpointConfig",
  InferenceComponent: "InferenceComponent",
  BedrockCustomModel: "BedrockCustomModel",
  BedrockCustomModelDeployment: "BedrockCustomModelDeployment",
  BedrockProvisionedModelThroughput: "BedrockProvisionedModelThroughput",
  BedrockModelImport: "BedrockModelImport",
} as const;

function outputsOf(list: readonly { Name?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const { Name, Value } of list ?? []) if (Name !== undefined) outputs[Name] = Value ?? "";
  return outputs;
}

/** The fields whose value is defined (exactOptionalPropertyTypes: an optional field is absent, not undefined). */
function definedFields<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/**
 * Maps a step of ListPipelineExecutionSteps to an {@link ExecutionStep}: the type comes from the
 * metadata key SageMaker reports (a step that has not started yet has none: `"Unknown"`).
 *
 * @example
 * ```ts
 * toExecutionStep({ StepName: "Train", StepStatus: "Executing", Metadata: { TrainingJob: { Arn: "arn:…" } } });
 * // { name: "Train", type: "Training", status: "Executing", jobArn: "arn:…", arn: "arn:…", metadata: {...} }
 * ```
 */
export function toExecutionStep(step: PipelineExecutionStep): ExecutionStep {
  const metadata = step.Metadata;
  const base: ExecutionStepBase = {
    name: step.StepName ?? "",
    status: step.StepStatus ?? "Starting",
    ...definedFields({
      displayName: step.StepDisplayName,
      description: step.StepDescription,
      startTime: step.StartTime,
      endTime: step.EndTime,
      // SageMaker sometimes answers an empty reason: that is no reason
      failureReason: step.FailureReason?.trim() === "" ? undefined : step.FailureReason,
      attemptCount: step.AttemptCount,
      cacheHit: step.CacheHitResult === undefined ? undefined : definedFields({ sourceExecutionArn: step.CacheHitResult.SourcePipelineExecutionArn }),
      selectiveExecutionSourceArn: step.SelectiveExecutionResult?.SourcePipelineExecutionArn,
      metadata,
    }),
  };
  if (metadata === undefined) return { ...base, type: "Unknown" };

  for (const [key, type] of Object.entries(JOB_KEYS)) {
    const job = metadata[key as keyof typeof JOB_KEYS];
    if (job !== undefined) return { ...base, type, ...definedFields({ arn: job.Arn, jobArn: job.Arn }) };
  }
  for (const [key, type] of Object.entries(RESOURCE_KEYS)) {
    const resource = metadata[key as keyof typeof RESOURCE_KEYS];
    if (resource !== undefined) return { ...base, type, ...definedFields({ arn: resource.Arn }) };
  }
  if (metadata.Condition !== undefined) return { ...base, type: "Condition", ...definedFields({ outcome: metadata.Condition.Outcome }) };
  if (metadata.Callback !== undefined) {
    const { CallbackToken, SqsQueueUrl, OutputParameters } = metadata.Callback;
    return { ...base, type: "Callback", ...definedFields({ callbackToken: CallbackToken, sqsQueueUrl: SqsQueueUrl }), outputs: outputsOf(OutputParameters) };
  }
  if (metadata.Lambda !== undefined) {
    return { ...base, type: "Lambda", ...definedFields({ arn: metadata.Lambda.Arn }), outputs: outputsOf(metadata.Lambda.OutputParameters) };
  }
  if (metadata.EMR !== undefined) {
    const { ClusterId, StepId, LogFilePath } = metadata.EMR;
    return { ...base, type: "EMR", ...definedFields({ clusterId: ClusterId, emrStepId: StepId, logFilePath: LogFilePath }) };
  }
  const check = metadata.QualityCheck ?? metadata.ClarifyCheck;
  if (check !== undefined) {
    const type = metadata.QualityCheck !== undefined ? "QualityCheck" : "ClarifyCheck";
    return { ...base, type, ...definedFields({ arn: check.CheckJobArn, violationReport: check.ViolationReport }) };
  }
  if (metadata.Fail !== undefined) return { ...base, type: "Fail", ...definedFields({ errorMessage: metadata.Fail.ErrorMessage }) };
  const kind = Object.keys(metadata).find((key) => metadata[key as keyof PipelineExecutionStepMetadata] !== undefined);
  return { ...base, type: "Unknown", ...(kind === undefined ? {} : { metadataKind: kind }) };
}
