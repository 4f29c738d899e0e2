import type { S3Client } from "@aws-sdk/client-s3";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { Condition } from "../definition/conditions.js";
import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import { decide, type ConditionDecision } from "../runtime/conditions.js";
import { list, record as fieldsOf } from "../runtime/json-fields.js";
import { metricsReports } from "../runtime/model-metrics.js";
import { EvaluationError, type EvaluationContext } from "../runtime/evaluate.js";
import type { ParameterValue } from "../runtime/parameters.js";
import type { DataLocation, RegisteredModel, RunRecord, RunStatus, StepRecord, StepStatus } from "../runtime/run-record.js";
import { indexSteps, isObject, type JsonObject } from "../validate/step-index.js";
import { callAws } from "./call.js";
import { s3Module, sagemakerModule, type ClientProvider } from "./clients.js";
import type { ExecutionDescription } from "./execution.js";
import type { ExecutionStep } from "./execution-steps.js";
import { MAX_DATA_DEPTH, tooDeepAt } from "../validate/json-data.js";

/** What lineage assembly needs from an execution handle. */
export interface LineageSource {
  readonly arn: string;
  readonly pipelineName: string;
  readonly pipelineArn: string;
  describe(): Promise<ExecutionDescription>;
  steps(): Promise<ExecutionStep[]>;
  parameters(): Promise<Record<string, string>>;
  definition(): Promise<PipelineDefinition>;
}

/** The tag `sagepipe deploy` writes on a pipeline with the commit it deployed. */
export const COMMIT_TAG = "sagepipe:commit";

/**
 * Assembles what produced an execution's model, in the shape of a local run record: parameters
 * (typed by the definition); per step the job, image, instance type, input and output URIs, code
 * assets (content-addressed URIs carry their sha256), hyperparameters, final metrics and property
 * files; each condition's decision with the values it compared (re-evaluated from the jobs'
 * descriptions and property files; the outcome is SageMaker's); the registered model package
 * (version, approval status, metrics); what was deployed; and the commit it came from.
 */
export async function assembleLineage(execution: LineageSource, clients: ClientProvider): Promise<RunRecord> {
  const [description, steps, parameterTexts, definition] = await Promise.all([
    execution.describe(),
    execution.steps(),
    execution.parameters(),
    execution.definition(),
  ]);
  const sagemaker = await clients.sagemaker();
  const reader = new S3JsonReader(clients);
  const parameters = typedParameters(definition, parameterTexts);
  const stepDefinitions = new Map(indexSteps(definition as unknown as JsonObject).map((step) => [step.name, step.value]));
  const properties = new Map<string, JsonObject>();
  const propertyFiles = new Map<string, Record<string, unknown>>();
  const records: StepRecord[] = [];
  const registeredModels: RegisteredModel[] = [];
  const deployments: Record<string, unknown>[] = [];

  for (const step of steps) {
    const record: Record<string, unknown> = baseRecord(step);
    const stepDefinition = stepDefinitions.get(step.name);
    if (step.type === "Processing" && step.jobArn !== undefined) {
      const job = await describe(sagemaker, "DescribeProcessingJob", { ProcessingJobName: nameOf(step.jobArn) });
      properties.set(step.name, job);
      const inputs = list(job.ProcessingInputs).flatMap((input) => location(input.InputName, fieldsOf(input.S3Input).S3Uri));
      const outputs = list(fieldsOf(job.ProcessingOutputConfig).Outputs).flatMap((output) => location(output.OutputName, fieldsOf(output.S3Output).S3Uri));
      const files = await readPropertyFiles(stepDefinition, outputs, reader);
      propertyFiles.set(step.name, files);
      Object.assign(record, {
        jobName: job.ProcessingJobName,
        image: fieldsOf(job.AppSpecification).ImageUri,
        instanceType: fieldsOf(fieldsOf(job.ProcessingResources).ClusterConfig).InstanceType,
        inputs,
        outputs,
        code: codeOf(inputs),
        ...(Object.keys(files).length > 0 ? { propertyFiles: files } : {}),
      });
    } else if (step.type === "Training" && step.jobArn !== undefined) {
      const job = await describe(sagemaker, "DescribeTrainingJob", { TrainingJobName: nameOf(step.jobArn) });
      properties.set(step.name, job);
      const inputs = list(job.InputDataConfig).flatMap((channel) => location(channel.ChannelName, fieldsOf(fieldsOf(channel.DataSource).S3DataSource).S3Uri));
      const hyperparameters = Object.fromEntries(Object.entries(fieldsOf(job.HyperParameters)).map(([k, v]) => [k, String(v)]));
      const submitted = hyperparameters.sagemaker_submit_directory?.replace(/^"|"$/g, "");
      Object.assign(record, {
        jobName: job.TrainingJobName,
        image: fieldsOf(job.AlgorithmSpecification).TrainingImage,
        instanceType: fieldsOf(job.ResourceConfig).InstanceType,
        inputs,
        outputs: location("model", fieldsOf(job.ModelArtifacts).S3ModelArtifacts),
        code: codeOf([...inputs, ...(submitted !== undefined ? [{ name: "code", uri: submitted }] : [])]),
        hyperparameters,
        metrics: Object.fromEntries(list(job.FinalMetricDataList).flatMap((m) => (typeof m.MetricName === "string" && typeof m.Value === "number" ? [[m.MetricName, m.Value]] : []))),
      });
    } else if (step.type === "Transform" && step.jobArn !== undefined) {
      const job = await describe(sagemaker, "DescribeTransformJob", { TransformJobName: nameOf(step.jobArn) });
      properties.set(step.name, job);
      Object.assign(record, {
        jobName: job.TransformJobName,
        instanceType: fieldsOf(job.TransformResources).InstanceType,
        inputs: location("input", fieldsOf(fieldsOf(fieldsOf(job.TransformInput).DataSource).S3DataSource).S3Uri),
        outputs: location("output", fieldsOf(job.TransformOutput).S3OutputPath),
      });
    } else if (step.type === "RegisterModel" && step.arn !== undefined) {
      const modelPackage = await describe(sagemaker, "DescribeModelPackage", { ModelPackageName: step.arn });
      properties.set(step.name, modelPackage);
      const container = list(fieldsOf(modelPackage.InferenceSpecification).Containers)[0];
      const registered: RegisteredModel = {
        modelPackageGroupName: String(modelPackage.ModelPackageGroupName ?? ""),
        modelPackageVersion: Number(modelPackage.ModelPackageVersion ?? 0),
        modelPackageArn: step.arn,
        approvalStatus: String(modelPackage.ModelApprovalStatus ?? ""),
        ...(typeof container?.ModelDataUrl === "string" ? { modelDataUrl: container.ModelDataUrl } : {}),
        metrics: await readModelMetrics(fieldsOf(modelPackage.ModelMetrics), reader),
      };
      registeredModels.push(registered);
      Object.assign(record, { registeredModel: registered, image: container?.Image });
    } else if (step.type === "Lambda" || step.type === "Callback") {
      properties.set(step.name, { OutputParameters: step.outputs });
      Object.assign(record, { outputParameters: step.outputs });
      const args = isObject(stepDefinition?.Arguments) ? stepDefinition.Arguments : {};
      if (step.type === "Lambda" && typeof args.EndpointName === "string" && step.status === "Succeeded") {
        const deployment = { step: step.name, endpointName: args.EndpointName, functionArn: step.arn, ...step.outputs };
        deployments.push(deployment);
        Object.assign(record, { deployment });
      }
    } else if (step.type === "Endpoint" && step.arn !== undefined && step.status === "Succeeded") {
      const deployment = { step: step.name, endpointArn: step.arn, endpointName: nameOf(step.arn) };
      deployments.push(deployment);
      Object.assign(record, { deployment });
    } else if (step.type === "Fail" && step.errorMessage !== undefined) {
      record.failureReason = step.errorMessage;
    } else if (step.arn !== undefined) {
      record.jobName = nameOf(step.arn);
    }
    records.push(clean(record) as unknown as StepRecord);
  }

  const context = evaluationContext(execution, description, parameters, properties, propertyFiles);
  const conditions = steps.flatMap((step): ConditionDecision[] => {
    if (step.type !== "Condition") return [];
    const args = stepDefinitions.get(step.name)?.Arguments;
    const outcome = step.outcome === "True";
    let evaluated: ConditionDecision | undefined;
    try {
      evaluated = decide(step.name, (isObject(args) ? (args.Conditions as Condition[] | undefined) : undefined) ?? [], context);
    } catch {
      evaluated = undefined;
    }
    return [{ step: step.name, outcome, branch: outcome ? "IfSteps" : "ElseSteps", conditions: evaluated?.conditions ?? [] }];
  });

  const failed = records.find((step) => step.status === "Failed");
  const commit = await commitOf(sagemaker, execution.pipelineArn, description.PipelineExecutionDescription);
  const record: RunRecord = {
    pipelineName: execution.pipelineName,
    executionId: execution.arn.slice(execution.arn.lastIndexOf("/") + 1),
    executionArn: execution.arn,
    status: (description.PipelineExecutionStatus ?? "Executing") as RunStatus,
    ...(description.FailureReason !== undefined ? { failureReason: description.FailureReason } : failed?.failureReason !== undefined ? { failureReason: failed.failureReason } : {}),
    ...(failed !== undefined ? { failedStep: failed.name } : {}),
    startedAt: (description.CreationTime ?? new Date(0)).toISOString(),
    endedAt: (description.LastModifiedTime ?? description.CreationTime ?? new Date(0)).toISOString(),
    parameters,
    steps: records,
    conditions,
    registeredModels,
    deployments,
    ...(commit !== undefined || description.PipelineExecutionDescription !== undefined
      ? { source: { ...(commit !== undefined ? { commit } : {}), ...(description.PipelineExecutionDescription !== undefined ? { description: description.PipelineExecutionDescription } : {}) } }
      : {}),
  };
  return record;
}

function baseRecord(step: ExecutionStep): Record<string, unknown> {
  const started = step.startTime;
  const ended = step.endTime;
  return {
    name: step.name,
    type: step.type === "Unknown" ? "Unknown" : step.type,
    status: step.status as StepStatus,
    cached: step.cacheHit !== undefined,
    ...(step.cacheHit?.sourceExecutionArn !== undefined ? { cachedFrom: step.cacheHit.sourceExecutionArn.slice(step.cacheHit.sourceExecutionArn.lastIndexOf("/") + 1) } : {}),
    attempts: step.attemptCount ?? (step.cacheHit !== undefined ? 0 : 1),
    ...(started !== undefined ? { startedAt: started.toISOString() } : {}),
    ...(ended !== undefined ? { endedAt: ended.toISOString() } : {}),
    ...(started !== undefined && ended !== undefined ? { durationMs: ended.getTime() - started.getTime() } : {}),
    ...(step.failureReason !== undefined ? { failureReason: step.failureReason } : {}),
  };
}

/** Parameter values typed by the definition's declarations (SageMaker returns them as text). */
function typedParameters(definition: PipelineDefinition, texts: Readonly<Record<string, string>>): Record<string, ParameterValue> {
  const values: Record<string, ParameterValue> = {};
  for (const parameter of definition.Parameters ?? []) {
    const text = texts[parameter.Name];
    if (text === undefined) {
      if (parameter.DefaultValue !== undefined) values[parameter.Name] = parameter.DefaultValue;
      continue;
    }
    const number = Number(text);
    values[parameter.Name] =
      parameter.Type === "Boolean" ? text.toLowerCase() === "true" : (parameter.Type === "Integer" || parameter.Type === "Float") && Number.isFinite(number) ? number : text;
  }
  for (const [name, text] of Object.entries(texts)) if (!(name in values)) values[name] = text;
  return values;
}

function evaluationContext(
  execution: LineageSource,
  description: ExecutionDescription,
  parameters: Readonly<Record<string, ParameterValue>>,
  properties: ReadonlyMap<string, JsonObject>,
  propertyFiles: ReadonlyMap<string, Record<string, unknown>>,
): EvaluationContext {
  const variables: Record<string, string | undefined> = {
    PipelineExecutionId: execution.arn.slice(execution.arn.lastIndexOf("/") + 1),
    PipelineExecutionArn: execution.arn,
    PipelineName: execution.pipelineName,
    PipelineArn: execution.pipelineArn,
    StartDateTime: description.CreationTime?.toISOString(),
  };
  return {
    parameter: (name) => parameters[name],
    execution: (name) => variables[name],
    experiment: (name) => (name === "ExperimentName" ? execution.pipelineName : variables.PipelineExecutionId),
    stepProperties: (name) => properties.get(name),
    propertyFile: (step, name) => {
      const files = propertyFiles.get(step);
      if (files === undefined || !(name in files)) throw new EvaluationError(`property file "${name}" of step "${step}" could not be read`);
      return files[name];
    },
    s3Json: () => {
      throw new EvaluationError("Std:JsonGet with an S3Uri is not re-evaluated in lineage");
    },
  };
}

async function readPropertyFiles(stepDefinition: JsonObject | undefined, outputs: readonly DataLocation[], reader: S3JsonReader): Promise<Record<string, unknown>> {
  const files: Record<string, unknown> = {};
  for (const file of list(stepDefinition?.PropertyFiles)) {
    const output = outputs.find((candidate) => candidate.name === file.OutputName);
    if (output === undefined || typeof file.PropertyFileName !== "string" || typeof file.FilePath !== "string") continue;
    const content = await reader.read(`${output.uri.replace(/\/+$/, "")}/${file.FilePath}`);
    if (content !== undefined) files[file.PropertyFileName] = content;
  }
  return files;
}

async function readModelMetrics(modelMetrics: JsonObject, reader: S3JsonReader): Promise<Record<string, unknown>> {
  const found: Record<string, unknown> = {};
  for (const { key, uri } of metricsReports(modelMetrics)) found[key] = (await reader.read(uri)) ?? { unreadable: uri };
  return found;
}

/** Reads JSON documents from S3; undefined when one cannot be read (lineage is best effort per file). */
class S3JsonReader {
  readonly #clients: ClientProvider;
  constructor(clients: ClientProvider) {
    this.#clients = clients;
  }

  async read(uri: string): Promise<unknown> {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (match === null) return undefined;
    try {
      const s3: S3Client = await this.#clients.s3();
      const { GetObjectCommand } = await s3Module();
      const response = await s3.send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
      const text = await response.Body?.transformToString("utf-8");
      if (text === undefined) return undefined;
      const parsed = JSON.parse(text) as unknown;
      // a document too deep for the record's readers (JSON.stringify recurses) is unreadable too
      return tooDeepAt(parsed, text.length, MAX_DATA_DEPTH) === undefined ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
}

async function commitOf(sagemaker: SageMakerClient, pipelineArn: string, description: string | undefined): Promise<string | undefined> {
  const fromDescription = description === undefined ? undefined : /\bcommit[ :=]+([0-9a-f]{7,40})\b/i.exec(description)?.[1];
  if (fromDescription !== undefined) return fromDescription;
  try {
    const { ListTagsCommand } = await sagemakerModule();
    const tags = await sagemaker.send(new ListTagsCommand({ ResourceArn: pipelineArn }));
    return tags.Tags?.find((tag) => tag.Key === COMMIT_TAG)?.Value;
  } catch {
    return undefined;
  }
}

type DescribeOperation = "DescribeProcessingJob" | "DescribeTrainingJob" | "DescribeTransformJob" | "DescribeModelPackage";

async function describe(sagemaker: SageMakerClient, operation: DescribeOperation, input: Record<string, string>): Promise<JsonObject> {
  const module = await sagemakerModule();
  const command =
    operation === "DescribeProcessingJob"
      ? new module.DescribeProcessingJobCommand(input as { ProcessingJobName: string })
      : operation === "DescribeTrainingJob"
        ? new module.DescribeTrainingJobCommand(input as { TrainingJobName: string })
        : operation === "DescribeTransformJob"
          ? new module.DescribeTransformJobCommand(input as { TransformJobName: string })
          : new module.DescribeModelPackageCommand(input as { ModelPackageName: string });
  // each command's output is its Describe* response: the step's properties
  const { $metadata: _, ...response } = (await callAws(operation, () => sagemaker.send(command as Parameters<SageMakerClient["send"]>[0]))) as { $metadata: unknown } & JsonObject;
  return JSON.parse(JSON.stringify(response)) as JsonObject;
}

function nameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

function location(name: unknown, uri: unknown): DataLocation[] {
  return typeof uri === "string" ? [{ name: typeof name === "string" ? name : "", uri }] : [];
}

/** Code assets among inputs: the `code` input/channel, or a content-addressed URI (its sha256 is in it). */
function codeOf(inputs: readonly DataLocation[]): { uri: string; sha256?: string }[] {
  return inputs.flatMap((input) => {
    const sha256 = /\/([0-9a-f]{64})(?:\/|$)/.exec(input.uri)?.[1];
    if (input.name !== "code" && sha256 === undefined) return [];
    return [{ uri: input.uri, ...(sha256 !== undefined ? { sha256 } : {}) }];
  });
}

function clean(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
