import type { StepInvocation } from "./engine.js";

const LOCAL_ACCOUNT = "arn:aws:sagemaker:local:000000000000";

/** The ARN a local run gives a resource. */
export function localArn(kind: string, name: string): string {
  return `${LOCAL_ACCOUNT}:${kind}/${name.toLowerCase()}`;
}

/**
 * The properties (Describe* response) a step has when it succeeds, as far as its Arguments tell: the
 * request echoed back, plus the job name, ARN, status and the outputs SageMaker derives (a training
 * job's model artifact URI). Local executors and `simulate` start from these.
 */
export function defaultProperties(invocation: StepInvocation): Record<string, unknown> {
  const { step, arguments: args, jobName } = invocation;
  switch (step.type) {
    case "Processing":
      return { ...args, ProcessingJobName: jobName, ProcessingJobArn: localArn("processing-job", jobName), ProcessingJobStatus: "Completed" };
    case "Training": {
      const output = (args.OutputDataConfig as { S3OutputPath?: unknown } | undefined)?.S3OutputPath;
      return {
        ...args,
        TrainingJobName: jobName,
        TrainingJobArn: localArn("training-job", jobName),
        TrainingJobStatus: "Completed",
        ModelArtifacts: { S3ModelArtifacts: `${String(output ?? "").replace(/\/+$/, "")}/${jobName}/output/model.tar.gz` },
        FinalMetricDataList: [],
      };
    }
    case "Transform":
      return { ...args, TransformJobName: jobName, TransformJobArn: localArn("transform-job", jobName), TransformJobStatus: "Completed" };
    case "Tuning":
      return {
        ...args,
        HyperParameterTuningJobName: jobName,
        HyperParameterTuningJobArn: localArn("hyper-parameter-tuning-job", jobName),
        HyperParameterTuningJobStatus: "Completed",
      };
    case "AutoML":
      return { ...args, AutoMLJobName: jobName, AutoMLJobArn: localArn("automl-job", jobName), AutoMLJobStatus: "Completed" };
    case "Model":
      return { ...args, ModelName: jobName, ModelArn: localArn("model", jobName) };
    case "RegisterModel": {
      const group = typeof args.ModelPackageGroupName === "string" ? args.ModelPackageGroupName : jobName;
      return {
        ...args,
        ModelPackageArn: localArn("model-package", `${group}/1`),
        ModelPackageVersion: 1,
        ModelPackageStatus: "Completed",
        ModelApprovalStatus: args.ModelApprovalStatus ?? "PendingManualApproval",
      };
    }
    case "EndpointConfig":
      return { ...args, EndpointConfigArn: localArn("endpoint-config", String(args.EndpointConfigName ?? jobName)) };
    case "Endpoint":
      return { ...args, EndpointArn: localArn("endpoint", String(args.EndpointName ?? jobName)), EndpointStatus: "InService" };
    case "Lambda":
    case "Callback":
      return { OutputParameters: {} };
    default:
      return { ...args };
  }
}

/** `base` with `patch` merged in, objects merged deeply, anything else replaced. */
export function mergeProperties(base: Record<string, unknown>, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeProperties(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
