import type { StepType } from "../definition/capabilities.js";
import { callerDirectory } from "./caller.js";
import type { PipelineExperimentConfig } from "../definition/pipeline-definition.js";
import type { Parameter, ParameterType } from "../definition/parameters.js";
import { NAME_PATTERN } from "../definition/expressions.js";
import { SagepipeError } from "../errors.js";
import { PipelineCondition, GetValue, type PipelineValue, type ValueKind } from "../model/expressions.js";
import type { PipelineNode, PlacedStep, StepPlacement } from "../model/pipeline-node.js";
import { createStepNode, type StepOptions } from "../model/step-node.js";
import { compile, type CompiledPipeline, type CompileOptions } from "../compile/compile.js";
import { isRegionName } from "../compile/deferred.js";
import { checkOptions, describe, optionShape } from "../options.js";
import type { ExactBuild } from "./exact-options.js";
import { didYouMean } from "../validate/suggest.js";
import type {
  Build,
  BuildContext,
  EnumParameterType,
  ParameterMap,
  ParameterValueType,
  ParameterValues,
  StepDefinition,
  StepHandle,
  StepMap,
} from "./step-definition.js";
import { failStep } from "./steps/fail.js";
import { processingStep, type ProcessingHandle, type ProcessingOptions } from "./steps/processing.js";
import { trainingStep, type TrainingHandle, type TrainingOptions } from "./steps/training.js";
import { propertiesHandle, type PropertiesHandle } from "./handles.js";
import { StepTable } from "./step-table.js";
import { callbackStep, type CallbackHandle, type CallbackOptions } from "./steps/callback.js";
import { deployStep, type DeployOptions } from "./steps/deploy.js";
import { endpointConfigStep, type EndpointConfigHandle, type EndpointConfigOptions } from "./steps/endpoint-config.js";
import { endpointStep, type EndpointHandle, type EndpointOptions } from "./steps/endpoint.js";
import { inferenceComponentStep, type InferenceComponentHandle, type InferenceComponentOptions } from "./steps/inference-component.js";
import { lineageStep, type LineageHandle, type LineageOptions } from "./steps/lineage.js";
import { lambdaStep, type LambdaHandle, type LambdaOptions } from "./steps/lambda.js";
import { autoMLStep, type AutoMLHandle, type AutoMLOptions } from "./steps/automl.js";
import { clarifyCheckStep, type ClarifyCheckHandle, type ClarifyCheckOptions } from "./steps/clarify-check.js";
import { emrStep, type EMRHandle, type EMROptions } from "./steps/emr.js";
import { emrServerlessStep, type EMRServerlessHandle, type EMRServerlessOptions } from "./steps/emr-serverless.js";
import { qualityCheckStep, type QualityCheckHandle, type QualityCheckOptions } from "./steps/quality-check.js";
import { modelStep, type ModelHandle, type ModelOptions } from "./steps/model.js";
import { registerModelStep, type RegisterModelHandle, type RegisterModelOptions } from "./steps/register-model.js";
import { transformStep, type TransformHandle, type TransformOptions } from "./steps/transform.js";
import { tuningStep, type TuningHandle, type TuningOptions } from "./steps/tuning.js";
import type { PipelineValue as Value } from "../model/expressions.js";
import { onFailure as failureAlert } from "../triggers/alerts.js";
import { checkNewDeclaration } from "../triggers/declare.js";
import { schedule as scheduleDeclaration } from "../triggers/schedule.js";
import type { FailureAlert, FailureAlertOptions, S3Trigger, ScheduleOptions, ScheduleTrigger } from "../triggers/types.js";

/** Options of a parameter. */
export interface ParameterOptions<T extends ParameterType, E extends string = never> {
  /** The value used when a run does not set one; without it, every run must set it. One of `enum` when that is set. */
  readonly default?: [E] extends [never] ? ParameterValueType<T> : NoInfer<E>;
  /**
   * The values a String parameter may take (at most 16): comparing `params.<name>` with another
   * value, or starting a run with one, is then a type error (and a `SagepipeError` from JavaScript).
   */
  readonly enum?: T extends "String" ? readonly E[] : { readonly "enum is for String parameters": never };
}

/** What `param` adds to the parameter map: the type, carrying the enum values when there are some. */
type Declared<T extends ParameterType, E extends string> = [E] extends [never] ? T : EnumParameterType<E>;

/** Where the next step goes: the top level or a branch of the open condition. */
type Scope =
  | { readonly kind: "top"; readonly last?: readonly string[] }
  | { readonly kind: "branch"; readonly condition: string; readonly branch: "if" | "else"; readonly last?: readonly string[] };

interface BuilderProps {
  readonly name: string;
  readonly parameters: readonly Parameter[];
  readonly steps: StepTable;
  readonly scope: Scope;
  readonly experimentConfig?: PipelineExperimentConfig | null;
  readonly assets?: { readonly bucket: string; readonly prefix?: string };
  readonly region?: string;
  readonly triggers?: readonly S3Trigger[];
  readonly schedules?: readonly ScheduleTrigger[];
  readonly alert?: FailureAlert;
  readonly sourceDir?: string;
}

// A method that adds a step named N with handle H returns `PipelineBuilder<P, S & { readonly [K in N]: H }>`,
// written out in each signature rather than through a type alias: a chain of alias instantiations
// (each step's map an alias of the previous one's) reaches TypeScript's instantiation depth limit
// at about 100 steps (TS2589); written out, a chain of hundreds of steps type-checks.

/**
 * A pipeline under construction. Immutable: every method returns a new builder, so a shared base
 * can branch into several pipelines.
 *
 * In a fluent chain each step runs after the previous one: sagepipe emits `DependsOn` on the
 * previous step unless a data reference already orders them. `after` on a step replaces that
 * predecessor (`after: []` for a step that starts a parallel branch).
 */
export interface PipelineBuilder<P extends ParameterMap = {}, S extends StepMap = {}> {
  /** The pipeline's name. */
  readonly name: string;

  /**
   * Declares a parameter: a value set when a run starts. `params.<name>` is then a typed value.
   *
   * @example
   * ```ts
   * pipeline("Churn").param("Threshold", "Float", { default: 0.8 })
   * // "Parameters": [{"Name": "Threshold", "Type": "Float", "DefaultValue": 0.8}]
   * ```
   */
  param<const N extends string, const T extends ParameterType, const E extends string = never>(
    name: N,
    type: T,
    options?: ParameterOptions<T, E>,
  ): PipelineBuilder<P & { readonly [K in N]: Declared<T, E> }, S>;

  /**
   * Adds a step made by a step function (`processingStep`, `lambdaStep`, `rawStep`, ...), or by a
   * function of the build context that returns one.
   */
  add<const D extends StepDefinition>(step: Build<P, S, D>): PipelineBuilder<P, S & { readonly [K in D["name"]]: D["handle"] }>;

  /**
   * Fan-out: one step per item of `items`, made by `step` (a step function such as
   * `trainingStep`), all running in parallel after the step before them; the step added next runs
   * after all of them (fan-in), unless its own `after` or data references say otherwise. Each
   * step's handle joins the step map under its name: a name made from literal items
   * (`` `Train-${depth}` `` over `[3, 6, 9] as const`) is typed, so a later step reads
   * `` steps[`Train-${depth}`].modelArtifacts `` without a cast. `step` sees the parameters and the
   * steps before the fan-out.
   *
   * @example
   * ```ts
   * const depths = [3, 6, 9] as const;
   * pipeline("Sweep")
   *   .process("Prepare", { ...job, outputs: { train: "/opt/ml/processing/train" } })
   *   .fanOut(depths, (depth, { steps }) =>
   *     trainingStep(`Train-${depth}`, { ...xgboost, inputs: { train: steps.Prepare.outputs.train }, hyperparameters: { max_depth: depth } }))
   *   .process("Compare", ({ steps }) => ({
   *     ...job,
   *     inputs: Object.fromEntries(depths.map((depth) => [`model-${depth}`, steps[`Train-${depth}`].modelArtifacts])),
   *   }))
   * // Train-3, Train-6, Train-9 each after Prepare; Compare after the three
   * ```
   */
  fanOut<const I, const D extends StepDefinition>(
    items: readonly I[],
    step: (item: I, context: BuildContext<P, S>, index: number) => D,
  ): PipelineBuilder<P, S & (string extends D["name"] ? {} : { readonly [K in D["name"]]: D["handle"] })>;

  /**
   * A Processing step (a script in a container: preprocessing, evaluation, ...).
   *
   * @example
   * ```ts
   * .process("Preprocess", ({ params }) => ({
   *   image: SKLEARN_IMAGE, role, instanceType: "ml.m5.xlarge",
   *   code: "./scripts/preprocess.py",
   *   inputs: { raw: params.InputData },
   *   outputs: { train: "/opt/ml/processing/train" },
   * }))
   * ```
   */
  process<const N extends string, const O extends ProcessingOptions>(name: N, options: ExactBuild<P, S, O, ProcessingOptions>): PipelineBuilder<P, S & { readonly [K in N]: ProcessingHandle<N, O> }>;

  /** An evaluation step: a Processing step that usually writes a property file. Same options as `process`. */
  evaluate<const N extends string, const O extends ProcessingOptions>(name: N, options: ExactBuild<P, S, O, ProcessingOptions>): PipelineBuilder<P, S & { readonly [K in N]: ProcessingHandle<N, O> }>;

  /**
   * A Training step.
   *
   * @example
   * ```ts
   * .train("Train", ({ steps }) => ({
   *   image: XGBOOST_IMAGE, role, instanceType: "ml.m5.xlarge",
   *   inputs: { train: steps.Preprocess.outputs.train },
   *   hyperparameters: { max_depth: 5 },
   *   outputPath: "s3://my-bucket/models",
   * }))
   * ```
   */
  train<const N extends string, const O extends TrainingOptions>(name: N, options: ExactBuild<P, S, O, TrainingOptions>): PipelineBuilder<P, S & { readonly [K in N]: TrainingHandle<N, O> }>;

  /**
   * A Tuning step: training jobs over hyperparameter ranges, keeping the best by an objective metric.
   *
   * @example
   * ```ts
   * .tune("Tune", ({ steps }) => ({
   *   training: { image: XGBOOST_IMAGE, role, instanceType: "ml.m5.xlarge", inputs: { train: steps.Preprocess.outputs.train } },
   *   objective: { metric: "validation:auc" }, ranges: { eta: { continuous: [0.1, 0.5] } }, maxJobs: 10, maxParallelJobs: 2,
   * }))
   * // steps.Tune.topModel(0): {"Std:Join": {"On": "/", "Values": [<output path>, {"Get": "Steps.Tune.TrainingJobSummaries[0].TrainingJobName"}, "output/model.tar.gz"]}}
   * ```
   */
  tune<const N extends string, const O extends TuningOptions>(name: N, options: ExactBuild<P, S, O, TuningOptions>): PipelineBuilder<P, S & { readonly [K in N]: TuningHandle<N> }>;

  /**
   * A Model step (`CreateModel`): the SageMaker model a Transform or EndpointConfig step uses.
   *
   * @example
   * ```ts
   * .model("CreateModel", ({ steps }) => ({ image: XGBOOST_IMAGE, modelData: steps.Train.modelArtifacts, role }))
   * // {"Type": "Model", "Arguments": {"ExecutionRoleArn": "…", "PrimaryContainer": {"Image": "…", "Environment": {}, "ModelDataUrl": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}}}}
   * ```
   */
  model<const N extends string, const O extends ModelOptions>(name: N, options: ExactBuild<P, S, O, ModelOptions>): PipelineBuilder<P, S & { readonly [K in N]: ModelHandle<N> }>;

  /**
   * A RegisterModel step (`CreateModelPackage`): registers a model version in a model package group.
   *
   * @example
   * ```ts
   * .register("Register", ({ steps }) => ({
   *   modelPackageGroup: "churn", image: XGBOOST_IMAGE, modelData: steps.Train.modelArtifacts, contentTypes: ["text/csv"],
   *   modelMetrics: { modelStatistics: { s3Uri: join([steps.Evaluate.outputs.evaluation, "evaluation.json"], "/") } },
   * }))
   * // {"Type": "RegisterModel", "Arguments": {"ModelPackageGroupName": "churn", ..., "ModelApprovalStatus": "PendingManualApproval", "SkipModelValidation": "None"}}
   * ```
   */
  register<const N extends string, const O extends RegisterModelOptions>(name: N, options: ExactBuild<P, S, O, RegisterModelOptions>): PipelineBuilder<P, S & { readonly [K in N]: RegisterModelHandle<N> }>;

  /**
   * A Transform step (`CreateTransformJob`): a batch transform of S3 data with a SageMaker model.
   *
   * @example
   * ```ts
   * .transform("Score", ({ steps }) => ({ modelName: steps.CreateModel.modelName, input: { source: "s3://b/batch/", contentType: "text/csv", splitType: "Line" }, instanceType: "ml.m5.xlarge" }))
   * ```
   */
  transform<const N extends string, const O extends TransformOptions>(name: N, options: ExactBuild<P, S, O, TransformOptions>): PipelineBuilder<P, S & { readonly [K in N]: TransformHandle<N> }>;

  /**
   * A QualityCheck step: a Model Monitor baseline (DATA_QUALITY or MODEL_QUALITY), checked against the registered or supplied one.
   *
   * @example
   * ```ts
   * .qualityCheck("DataQuality", ({ steps }) => ({
   *   checkType: "DATA_QUALITY", image: MODEL_MONITOR_IMAGE, role, instanceType: "ml.m5.xlarge",
   *   baselineDataset: steps.Preprocess.outputs.train, modelPackageGroupName: "churn",
   * }))
   * ```
   */
  qualityCheck<const N extends string, const O extends QualityCheckOptions>(name: N, options: ExactBuild<P, S, O, QualityCheckOptions>): PipelineBuilder<P, S & { readonly [K in N]: QualityCheckHandle<N> }>;

  /**
   * A ClarifyCheck step: SageMaker Clarify bias or explainability constraints (DATA_BIAS, MODEL_BIAS, MODEL_EXPLAINABILITY).
   *
   * @example
   * ```ts
   * .clarifyCheck("DataBias", ({ steps }) => ({
   *   checkType: "DATA_BIAS", image: CLARIFY_IMAGE, role, instanceType: "ml.m5.xlarge",
   *   dataset: steps.Preprocess.outputs.train, analysisConfig: "s3://my-bucket/clarify/analysis_config.json",
   * }))
   * ```
   */
  clarifyCheck<const N extends string, const O extends ClarifyCheckOptions>(name: N, options: ExactBuild<P, S, O, ClarifyCheckOptions>): PipelineBuilder<P, S & { readonly [K in N]: ClarifyCheckHandle<N> }>;

  /**
   * An EMR step: a Hadoop JAR step on a running cluster (`clusterId`) or on one the step creates (`clusterConfig`).
   *
   * @example
   * ```ts
   * .emr("Spark", ({ params }) => ({ clusterId: "j-1K48XXXXXXHCB", jar: "command-runner.jar", args: ["spark-submit", "s3://my-bucket/job.py", params.InputData] }))
   * ```
   */
  emr<const N extends string, const O extends EMROptions>(name: N, options: ExactBuild<P, S, O, EMROptions>): PipelineBuilder<P, S & { readonly [K in N]: EMRHandle<N> }>;

  /**
   * An EMR Serverless step: a Spark or Hive job run on an existing application or on one the step creates.
   *
   * @example
   * ```ts
   * .emrServerless("Features", { applicationId: "00f1abcd2efgh3ij", executionRoleArn, sparkSubmit: { entryPoint: "s3://my-bucket/features.py" } })
   * ```
   */
  emrServerless<const N extends string, const O extends EMRServerlessOptions>(name: N, options: ExactBuild<P, S, O, EMRServerlessOptions>): PipelineBuilder<P, S & { readonly [K in N]: EMRServerlessHandle<N> }>;

  /**
   * An AutoML step (Autopilot, ENSEMBLING mode); `steps.<name>.bestCandidate` gives what a Model step needs.
   *
   * @example
   * ```ts
   * .autoML("AutoML", ({ steps }) => ({ role, trainingData: steps.Preprocess.outputs.train, targetAttribute: "churn", problemType: "BinaryClassification", objective: "F1" }))
   * ```
   */
  autoML<const N extends string, const O extends AutoMLOptions>(name: N, options: ExactBuild<P, S, O, AutoMLOptions>): PipelineBuilder<P, S & { readonly [K in N]: AutoMLHandle<N> }>;

  /**
   * A Lambda step: calls `functionArn` with `inputs`; `outputs` declares its typed output parameters.
   *
   * @example
   * ```ts
   * .lambda("Notify", { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:notify", inputs: { run: execution.PipelineExecutionId }, outputs: { status: "String" } })
   * // {"Name": "Notify", "Type": "Lambda", "Arguments": {"run": {"Get": "Execution.PipelineExecutionId"}}, "FunctionArn": "...", "OutputParameters": [{"OutputName": "status", "OutputType": "String"}]}
   * ```
   */
  lambda<const N extends string, const O extends LambdaOptions>(name: N, options: ExactBuild<P, S, O, LambdaOptions>): PipelineBuilder<P, S & { readonly [K in N]: LambdaHandle<N, O> }>;

  /**
   * A Callback step: posts `inputs` to an SQS queue and waits for SendPipelineExecutionStepSuccess/Failure.
   *
   * @example
   * ```ts
   * .callback("Approve", ({ steps }) => ({ queueUrl: "https://sqs.us-east-1.amazonaws.com/111111111111/approvals", inputs: { model: steps.Train.modelArtifacts }, outputs: { approved: "Boolean" } }))
   * ```
   */
  callback<const N extends string, const O extends CallbackOptions>(name: N, options: ExactBuild<P, S, O, CallbackOptions>): PipelineBuilder<P, S & { readonly [K in N]: CallbackHandle<N, O> }>;

  /**
   * Deploys a registered model through a Lambda function: a Lambda step whose event carries the
   * model package ARN, endpoint name and instance settings (see `deployStep`).
   *
   * @example
   * ```ts
   * .deploy("Deploy", ({ steps }) => ({ functionArn: DEPLOY_LAMBDA, modelPackageArn: steps.Register.modelPackageArn, endpointName: "churn", instanceType: "ml.m5.large" }))
   * ```
   */
  deploy<const N extends string, const O extends DeployOptions>(name: N, options: ExactBuild<P, S, O, DeployOptions>): PipelineBuilder<P, S & { readonly [K in N]: LambdaHandle<N, O> }>;

  /**
   * An EndpointConfig step (CreateEndpointConfig).
   *
   * @example
   * ```ts
   * .endpointConfig("Config", ({ steps }) => ({ variants: [{ modelName: steps.Model.modelName, instanceType: "ml.m5.large" }] }))
   * ```
   */
  endpointConfig<const N extends string, const O extends EndpointConfigOptions>(name: N, options: ExactBuild<P, S, O, EndpointConfigOptions>): PipelineBuilder<P, S & { readonly [K in N]: EndpointConfigHandle<N> }>;

  /**
   * An Endpoint step (CreateEndpoint, or an update when the endpoint exists).
   *
   * @example
   * ```ts
   * .endpoint("Serve", ({ steps }) => ({ endpointName: "churn", endpointConfigName: steps.Config }))
   * ```
   */
  endpoint<const N extends string, const O extends EndpointOptions>(name: N, options: ExactBuild<P, S, O, EndpointOptions>): PipelineBuilder<P, S & { readonly [K in N]: EndpointHandle<N> }>;

  /**
   * An InferenceComponent step (CreateInferenceComponent, or an update when it exists): a model
   * deployed onto an existing endpoint as an inference component.
   *
   * @example
   * ```ts
   * .inferenceComponent("Deploy", ({ steps }) => ({
   *   inferenceComponentName: "churn-ic", endpointName: "shared-endpoint", modelName: steps.CreateModel,
   *   computeResources: { minMemoryMb: 1024, cpuCores: 1 }, copyCount: 1,
   * }))
   * ```
   */
  inferenceComponent<const N extends string, const O extends InferenceComponentOptions>(
    name: N,
    options: ExactBuild<P, S, O, InferenceComponentOptions>,
  ): PipelineBuilder<P, S & { readonly [K in N]: InferenceComponentHandle<N> }>;

  /**
   * A Lineage step: lineage actions, artifacts and contexts to create, and associations between
   * them (an entity of the step by kind and name, checked against the names declared).
   *
   * @example
   * ```ts
   * .lineage("RecordLineage", ({ steps }) => ({
   *   actions: [{ name: "training-run", type: "ModelTraining", source: "s3://my-bucket/runs/1" }],
   *   artifacts: [{ name: "trained-model", type: "Model", source: steps.Train.modelArtifacts }],
   *   associations: [{ source: { action: "training-run" }, destination: { artifact: "trained-model" }, type: "Produced" }],
   * }))
   * // steps.RecordLineage.properties.ArtifactArns.get("trained-model"): {"Get": "Steps.RecordLineage.ArtifactArns['trained-model']"}
   * ```
   */
  lineage<const N extends string, const O extends LineageOptions>(
    name: N,
    options: ExactBuild<P, S, O, LineageOptions>,
  ): PipelineBuilder<P, S & { readonly [K in N]: LineageHandle<N, O> }>;

  /**
   * Opens a Condition step: the steps added next run when the condition holds (IfSteps), until
   * `otherwise()` (ElseSteps) or `end()`.
   *
   * @example
   * ```ts
   * .when("CheckAccuracy", ({ steps, params }) => steps.Evaluate.propertyFiles.report.get("accuracy").gte(params.Threshold))
   * // {"Name": "CheckAccuracy", "Type": "Condition", "Arguments": {"Conditions": [{"Type": "GreaterThanOrEqualTo", ...}], "IfSteps": [...], "ElseSteps": [...]}}
   * ```
   */
  when<const N extends string>(
    name: N,
    condition: Build<P, S, PipelineCondition | readonly PipelineCondition[]>,
    options?: StepOptions,
  ): PipelineBuilder<P, S & { readonly [K in N]: PropertiesHandle<N, "Condition"> }>;

  /**
   * Switches the open condition to its else branch. With a function, adds the steps it returns
   * to the else branch and closes the condition.
   *
   * @example
   * ```ts
   * .otherwise(({ params }) => failStep("AccuracyTooLow", join`accuracy below ${params.Threshold}`))
   * ```
   */
  otherwise(steps?: Build<P, S, StepDefinition | readonly StepDefinition[]>): PipelineBuilder<P, S>;

  /** Closes the open condition: the next step goes to the top level again. */
  end(): PipelineBuilder<P, S>;

  /** A Fail step: ends the run as Failed with `message`. */
  fail<const N extends string>(name: N, message: Build<P, S, string | Value<unknown>>, options?: StepOptions): PipelineBuilder<P, S & { readonly [K in N]: StepHandle<N, "Fail"> }>;

  /**
   * Sets `PipelineExperimentConfig`: `null` for none. By default, as the Python SDK: the
   * experiment is the pipeline name and the trial the execution id.
   */
  experimentConfig(config: PipelineExperimentConfig | null): PipelineBuilder<P, S>;

  /** Where local code is uploaded: content-addressed keys under `s3://<bucket>/<prefix>/`. */
  assets(location: { readonly bucket: string; readonly prefix?: string }): PipelineBuilder<P, S>;

  /**
   * The AWS region the pipeline runs in: framework steps take their prebuilt image for it
   * (`imageUri`) and script mode passes it as `sagemaker_region`. `compile(p, { region })` overrides it.
   *
   * @example
   * ```ts
   * pipeline("Churn").region("eu-west-1").assets({ bucket: "my-bucket" })
   * ```
   */
  region(region: string): PipelineBuilder<P, S>;

  /**
   * Declares an S3 trigger (see `onS3`): applied by `applyTriggers` (or `sagepipe triggers apply`),
   * stored on the node and never in the compiled definition. Its parameter names must be declared
   * before this call (a type error in TypeScript, a `SagepipeError` now otherwise) and static values
   * must fit their types; that parameters without a default are set is checked when applied.
   *
   * @example
   * ```ts
   * .param("Key", "String")
   * .trigger(onS3({ bucket: "churn-data", prefix: "incoming/", parameters: { Key: eventPath("$.detail.object.key") } }))
   * ```
   */
  trigger(trigger: S3Trigger<keyof P & string>): PipelineBuilder<P, S>;

  /**
   * Declares an EventBridge Scheduler schedule (see `schedule`): applied by `applyTriggers`, stored
   * on the node and never in the compiled definition. Parameter names are checked as for `trigger`.
   *
   * @example
   * ```ts
   * .schedule("cron(0 6 ? * MON-FRI *)", { timezone: "Europe/Paris", parameters: { Mode: "incremental" } })
   * .schedule(schedule("rate(7 days)", { id: "weekly-full" }))
   * ```
   */
  schedule(schedule: ScheduleTrigger<keyof P & string>): PipelineBuilder<P, S>;
  schedule(expression: string, options?: ScheduleOptions<keyof P & string>): PipelineBuilder<P, S>;

  /**
   * Declares the failure alert (see `onFailure`): applied by `applyAlerts`, never in the compiled
   * definition. A second call replaces the first.
   *
   * @example
   * ```ts
   * .onFailure({ snsTopicArn: "arn:aws:sns:us-east-1:111111111111:ml-alerts", onSuccess: true })
   * ```
   */
  onFailure(options: FailureAlertOptions): PipelineBuilder<P, S>;

  /** The pipeline as plain, frozen model data. */
  toNode(): PipelineNode;

  /** Compiles the pipeline: see {@link compile}. */
  compile(options?: CompileOptions): CompiledPipeline;
}

const KIND_OF_PARAMETER: Record<ParameterType, ValueKind> = {
  String: "string",
  Integer: "integer",
  Float: "float",
  Boolean: "boolean",
};

const PARAMETER_TYPES = new Set<string>(Object.keys(KIND_OF_PARAMETER));

const PARAMETER_OPTIONS = optionShape<ParameterOptions<ParameterType, string>>({ default: true, enum: true });
const ASSETS_OPTIONS = optionShape<{ bucket: string; prefix?: string }>({ bucket: true, prefix: true });

class PipelineBuilderImpl {
  readonly #props: BuilderProps;

  constructor(props: BuilderProps) {
    this.#props = Object.freeze(props);
  }

  get name(): string {
    return this.#props.name;
  }

  #with(changes: Partial<BuilderProps>): PipelineBuilderImpl {
    return new PipelineBuilderImpl({ ...this.#props, ...changes });
  }

  #context(): BuildContext<ParameterMap, StepMap> {
    const params: Record<string, PipelineValue<unknown>> = {};
    for (const parameter of this.#props.parameters) {
      params[parameter.Name] = new GetValue(`Parameters.${parameter.Name}`, KIND_OF_PARAMETER[parameter.Type], parameter.Type === "String" ? parameter.EnumValues : undefined);
    }
    const table = this.#props.steps;
    const steps = stepsView(table, (key) => {
      throw new SagepipeError(
        "unknown-step",
        `step "${key}" is not in pipeline "${this.#props.name}" yet: add it before the steps that reference it (known: ${table.names().join(", ") || "none"})`,
      );
    });
    return Object.freeze({
      params: new Proxy(Object.freeze(params), {
        get: (target, key) => {
          if (typeof key === "symbol" || Object.hasOwn(target, key)) return Reflect.get(target, key);
          if (key === "then" || key === "toJSON") return undefined;
          throw new SagepipeError("unknown-parameter", `parameter "${key}" is not declared: add .param("${key}", ...) before the steps that use it`);
        },
      }) as ParameterValues<ParameterMap>,
      steps,
    });
  }

  #resolve<O>(build: Build<ParameterMap, StepMap, O>): O {
    return typeof build === "function" ? (build as (context: BuildContext<ParameterMap, StepMap>) => O)(this.#context()) : build;
  }

  #place(definition: StepDefinition): PipelineBuilderImpl {
    // a step collection (a framework model and its repack job): each of its steps, in order
    const collection = (definition as { readonly steps?: unknown }).steps;
    if (Array.isArray(collection) && collection.every(isStepDefinition)) {
      let builder: PipelineBuilderImpl = this;
      for (const step of collection) builder = builder.#place(step);
      return builder;
    }
    const { name } = definition;
    const existing = this.#props.steps.handle(name);
    if (existing !== undefined) {
      throw new SagepipeError("duplicate-step-name", `pipeline "${this.#props.name}" already has a step named "${name}": step names must be unique, branch steps included`);
    }
    const scope = this.#props.scope;
    const placement: StepPlacement =
      scope.kind === "top" ? { kind: "top" } : { kind: "branch", condition: scope.condition, branch: scope.branch };
    const after = definition.after?.map((ref) => (typeof ref === "string" ? ref : ref.name)) ?? definition.node.after;
    const follows = after ?? scope.last ?? [];
    const placed: PlacedStep = Object.freeze({ node: definition.node, placement, follows: Object.freeze(follows) });
    return this.#with({
      steps: this.#props.steps.with(placed, definition.handle),
      scope: { ...scope, last: [name] },
    });
  }

  param(name: string, type: ParameterType, options: ParameterOptions<ParameterType, string> = {}): PipelineBuilderImpl {
    checkOptions(`parameter "${String(name)}"`, options, PARAMETER_OPTIONS);
    if (typeof name !== "string" || !NAME_PATTERN.test(name)) {
      throw new SagepipeError("invalid-parameter", `parameter name "${name}" must be 1–64 characters of letters, digits, '-' and '_'`);
    }
    if (!PARAMETER_TYPES.has(type)) {
      throw new SagepipeError("invalid-parameter", `parameter "${name}" has type "${String(type)}": use String, Integer, Float or Boolean`);
    }
    if (this.#props.parameters.some((p) => p.Name === name)) {
      throw new SagepipeError("duplicate-parameter", `parameter "${name}" is already declared`);
    }
    const expected = type === "String" ? "string" : type === "Boolean" ? "boolean" : "number";
    if (options.default !== undefined && (typeof options.default !== expected || (type === "Integer" && !Number.isInteger(options.default)))) {
      throw new SagepipeError("invalid-parameter", `parameter "${name}" is ${type} but its default is ${JSON.stringify(options.default)}`);
    }
    if (options.enum !== undefined) {
      if (type !== "String") throw new SagepipeError("invalid-parameter", `parameter "${name}" is ${type}: only String parameters take enum values`);
      if (!Array.isArray(options.enum) || options.enum.length === 0 || !options.enum.every((value: unknown) => typeof value === "string")) {
        throw new SagepipeError("invalid-parameter", `parameter "${name}": enum is a non-empty list of strings, got ${JSON.stringify(options.enum)}`);
      }
      if (typeof options.default === "string" && !options.enum.includes(options.default)) {
        throw new SagepipeError(
          "default-not-in-enum",
          `parameter "${name}": its default ${JSON.stringify(options.default)} is not one of its enum values ${options.enum.map((v) => JSON.stringify(v)).join(", ")}.${didYouMean(options.default, options.enum)}`,
        );
      }
    }
    const parameter = {
      Name: name,
      Type: type,
      ...(options.default === undefined ? {} : { DefaultValue: options.default }),
      ...(options.enum === undefined ? {} : { EnumValues: [...options.enum] }),
    } as Parameter;
    return this.#with({ parameters: Object.freeze([...this.#props.parameters, Object.freeze(parameter)]) });
  }

  add(step: Build<ParameterMap, StepMap, StepDefinition>): PipelineBuilderImpl {
    const definition: unknown = this.#resolve(step);
    if (!isStepDefinition(definition)) {
      throw new SagepipeError(
        "invalid-step",
        `add() on pipeline "${this.#props.name}" takes a step made by a step function (processingStep, trainingStep, lambdaStep, rawStep, ...) or a function of the build context returning one; got ${describeValue(definition)}`,
      );
    }
    return this.#place(definition);
  }

  fanOut(items: readonly unknown[], step: (item: unknown, context: BuildContext<ParameterMap, StepMap>, index: number) => StepDefinition): PipelineBuilderImpl {
    const where = `fanOut() on pipeline "${this.#props.name}"`;
    if (!Array.isArray(items)) throw new SagepipeError("invalid-fan-out", `${where} takes a list of items, one step each; got ${describeValue(items)}`);
    if (typeof step !== "function") {
      throw new SagepipeError("invalid-fan-out", `${where} takes a function (item, { params, steps }, index) => step, made by a step function such as processingStep; got ${describeValue(step)}`);
    }
    // every step of the fan-out sees what was there before it, and runs after the step before it
    const context = this.#context();
    const before = this.#props.scope.last;
    const ends: string[] = [];
    let builder: PipelineBuilderImpl = this;
    items.forEach((item, index) => {
      const definition: unknown = step(item, context, index);
      if (!isStepDefinition(definition)) {
        throw new SagepipeError(
          "invalid-step",
          `${where}: the function returned ${describeValue(definition)} for item ${index}; it returns a step made by a step function (processingStep, trainingStep, lambdaStep, rawStep, ...)`,
        );
      }
      builder = builder.#with({ scope: withLast(builder.#props.scope, before) }).#place(definition);
      ends.push(...(builder.#props.scope.last ?? []));
    });
    // the next step runs after all of them (fan-in); after no items, after the step before
    return items.length === 0 ? this : builder.#with({ scope: withLast(builder.#props.scope, ends) });
  }

  process(name: string, options: Build<ParameterMap, StepMap, ProcessingOptions>): PipelineBuilderImpl {
    return this.#place(processingStep(name, this.#resolve(options)));
  }

  evaluate(name: string, options: Build<ParameterMap, StepMap, ProcessingOptions>): PipelineBuilderImpl {
    return this.process(name, options);
  }

  train(name: string, options: Build<ParameterMap, StepMap, TrainingOptions>): PipelineBuilderImpl {
    return this.#place(trainingStep(name, this.#resolve(options)));
  }

  tune(name: string, options: Build<ParameterMap, StepMap, TuningOptions>): PipelineBuilderImpl {
    return this.#place(tuningStep(name, this.#resolve(options)));
  }

  model(name: string, options: Build<ParameterMap, StepMap, ModelOptions>): PipelineBuilderImpl {
    return this.#place(modelStep(name, this.#resolve(options)));
  }

  register(name: string, options: Build<ParameterMap, StepMap, RegisterModelOptions>): PipelineBuilderImpl {
    return this.#place(registerModelStep(name, this.#resolve(options)));
  }

  transform(name: string, options: Build<ParameterMap, StepMap, TransformOptions>): PipelineBuilderImpl {
    return this.#place(transformStep(name, this.#resolve(options)));
  }

  qualityCheck(name: string, options: Build<ParameterMap, StepMap, QualityCheckOptions>): PipelineBuilderImpl {
    return this.#place(qualityCheckStep(name, this.#resolve(options)));
  }

  clarifyCheck(name: string, options: Build<ParameterMap, StepMap, ClarifyCheckOptions>): PipelineBuilderImpl {
    return this.#place(clarifyCheckStep(name, this.#resolve(options)));
  }

  emr(name: string, options: Build<ParameterMap, StepMap, EMROptions>): PipelineBuilderImpl {
    return this.#place(emrStep(name, this.#resolve(options)));
  }

  emrServerless(name: string, options: Build<ParameterMap, StepMap, EMRServerlessOptions>): PipelineBuilderImpl {
    return this.#place(emrServerlessStep(name, this.#resolve(options)));
  }

  autoML(name: string, options: Build<ParameterMap, StepMap, AutoMLOptions>): PipelineBuilderImpl {
    return this.#place(autoMLStep(name, this.#resolve(options)));
  }

  lambda(name: string, options: Build<ParameterMap, StepMap, LambdaOptions>): PipelineBuilderImpl {
    return this.#place(lambdaStep(name, this.#resolve(options)));
  }

  callback(name: string, options: Build<ParameterMap, StepMap, CallbackOptions>): PipelineBuilderImpl {
    return this.#place(callbackStep(name, this.#resolve(options)));
  }

  deploy(name: string, options: Build<ParameterMap, StepMap, DeployOptions>): PipelineBuilderImpl {
    return this.#place(deployStep(name, this.#resolve(options)));
  }

  endpointConfig(name: string, options: Build<ParameterMap, StepMap, EndpointConfigOptions>): PipelineBuilderImpl {
    return this.#place(endpointConfigStep(name, this.#resolve(options)));
  }

  endpoint(name: string, options: Build<ParameterMap, StepMap, EndpointOptions>): PipelineBuilderImpl {
    return this.#place(endpointStep(name, this.#resolve(options)));
  }

  inferenceComponent(name: string, options: Build<ParameterMap, StepMap, InferenceComponentOptions>): PipelineBuilderImpl {
    return this.#place(inferenceComponentStep(name, this.#resolve(options)));
  }

  lineage(name: string, options: Build<ParameterMap, StepMap, LineageOptions>): PipelineBuilderImpl {
    return this.#place(lineageStep(name, this.#resolve(options) as never));
  }

  when(name: string, condition: Build<ParameterMap, StepMap, PipelineCondition | readonly PipelineCondition[]>, options: StepOptions = {}): PipelineBuilderImpl {
    if (this.#props.scope.kind === "branch") {
      throw new SagepipeError(
        "nested-condition-step",
        `when("${name}") inside the branch of "${this.#props.scope.condition}": SageMaker does not support nested conditions; call .end() first, or combine the conditions with and()/or()`,
      );
    }
    const resolved: unknown = this.#resolve(condition);
    const list: readonly unknown[] = Array.isArray(resolved) ? resolved : [resolved];
    const index = list.findIndex((c) => !(c instanceof PipelineCondition));
    const wrong = list[index];
    if (list.length === 0 || index !== -1) {
      throw new SagepipeError(
        "invalid-condition",
        `when("${name}") needs a condition, such as steps.Evaluate.propertyFiles.report.get("accuracy").gte(params.Threshold), or a list of them; got ${list.length === 0 ? "an empty list" : describe(wrong)}${typeof wrong === "boolean" ? " (a JavaScript comparison is decided now, once; a condition is built from pipeline values with eq, gt, ... and decided when the pipeline runs)" : ""}`,
      );
    }
    const node = createStepNode(name, "Condition", { Conditions: (list as readonly PipelineCondition[]).flatMap((c) => c.toConditions()) }, options);
    const placed = this.#place({ name, node, handle: propertiesHandle(name, "Condition") });
    return placed.#with({ scope: { kind: "branch", condition: name, branch: "if" } });
  }

  otherwise(steps?: Build<ParameterMap, StepMap, StepDefinition | readonly StepDefinition[]>): PipelineBuilderImpl {
    const scope = this.#props.scope;
    if (scope.kind !== "branch" || scope.branch !== "if") {
      throw new SagepipeError("invalid-branch", "otherwise() must follow when(...) and the steps of its if branch");
    }
    let builder = this.#with({ scope: { kind: "branch", condition: scope.condition, branch: "else" } });
    if (steps === undefined) return builder;
    const resolved = builder.#resolve(steps);
    for (const step of Array.isArray(resolved) ? resolved : [resolved as StepDefinition]) builder = builder.#place(step);
    return builder.end();
  }

  end(): PipelineBuilderImpl {
    const scope = this.#props.scope;
    if (scope.kind !== "branch") throw new SagepipeError("invalid-branch", "end() closes a condition opened with when(...), and none is open");
    return this.#with({ scope: { kind: "top", last: [scope.condition] } });
  }

  fail(name: string, message: Build<ParameterMap, StepMap, string | PipelineValue<unknown>>, options: StepOptions = {}): PipelineBuilderImpl {
    return this.#place(failStep(name, this.#resolve(message), options));
  }

  experimentConfig(config: PipelineExperimentConfig | null): PipelineBuilderImpl {
    return this.#with({ experimentConfig: config });
  }

  assets(location: { readonly bucket: string; readonly prefix?: string }): PipelineBuilderImpl {
    const where = `pipeline "${this.#props.name}": assets`;
    // (an unknown key, such as "prefx" or "Bucket", would be dropped: the code would go elsewhere)
    checkOptions(where, location, ASSETS_OPTIONS);
    const { bucket, prefix } = location as { readonly bucket?: unknown; readonly prefix?: unknown };
    // (a regular expression tests String(undefined), "undefined", which is a bucket name)
    if (typeof bucket !== "string" || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new SagepipeError("invalid-asset", `${where}: ${typeof bucket === "string" ? `"${bucket}"` : describe(bucket)} is not an S3 bucket name (bucket: "my-bucket")`);
    }
    if (prefix !== undefined && typeof prefix !== "string") {
      throw new SagepipeError("invalid-asset", `${where}: prefix must be a string (a key prefix such as "sagepipe/code"), got ${describe(prefix)}`);
    }
    return this.#with({ assets: Object.freeze(prefix === undefined ? { bucket } : { bucket, prefix }) });
  }

  region(region: string): PipelineBuilderImpl {
    if (!isRegionName(region)) {
      throw new SagepipeError("invalid-region", `pipeline "${this.#props.name}": "${String(region)}" is not an AWS region name (e.g. us-east-1)`);
    }
    return this.#with({ region });
  }

  trigger(trigger: S3Trigger): PipelineBuilderImpl {
    if ((trigger as { kind?: unknown } | null)?.kind !== "s3") {
      throw new SagepipeError("invalid-trigger", `pipeline "${this.#props.name}": .trigger() takes an S3 trigger made by onS3({...}); use .schedule() for schedules`);
    }
    return this.#declare(trigger);
  }

  schedule(schedule: ScheduleTrigger | string, options?: ScheduleOptions): PipelineBuilderImpl {
    const declaration = typeof schedule === "string" ? scheduleDeclaration(schedule, options) : schedule;
    if ((declaration as { kind?: unknown } | null)?.kind !== "schedule") {
      throw new SagepipeError("invalid-trigger", `pipeline "${this.#props.name}": .schedule() takes an expression such as "rate(1 day)" or schedule(...)`);
    }
    return this.#declare(declaration);
  }

  #declare(declaration: S3Trigger | ScheduleTrigger): PipelineBuilderImpl {
    const { name, parameters, triggers = [], schedules = [] } = this.#props;
    checkNewDeclaration(declaration, { pipelineName: name, parameters, existing: [...triggers, ...schedules] });
    return declaration.kind === "s3"
      ? this.#with({ triggers: Object.freeze([...triggers, declaration]) })
      : this.#with({ schedules: Object.freeze([...schedules, declaration]) });
  }

  onFailure(options: FailureAlertOptions): PipelineBuilderImpl {
    return this.#with({ alert: failureAlert(options) });
  }

  toNode(): PipelineNode {
    const { name, parameters, steps, experimentConfig, assets, region, triggers, schedules, alert, sourceDir } = this.#props;
    return Object.freeze({
      name,
      parameters,
      steps: steps.list(),
      ...(experimentConfig === undefined ? {} : { experimentConfig }),
      ...(assets === undefined ? {} : { assets }),
      ...(region === undefined ? {} : { region }),
      ...(triggers === undefined ? {} : { triggers }),
      ...(schedules === undefined ? {} : { schedules }),
      ...(alert === undefined ? {} : { alert }),
      ...(sourceDir === undefined ? {} : { sourceDir }),
    });
  }

  compile(options?: CompileOptions): CompiledPipeline {
    return compile(this, options);
  }
}

/**
 * The `steps` of a build context: each step's handle by name, read from the table; reading a step
 * the table does not have calls `unknown` (which throws). Enumerable like the plain object it
 * stands for (`Object.keys(steps)` lists the step names in the order they were added, and
 * `console.log(steps)` shows them), and read-only.
 */
function stepsView(table: StepTable, unknown: (key: string) => never): Readonly<Record<string, StepHandle>> {
  const has = (key: string | symbol): key is string => typeof key === "string" && table.handle(key) !== undefined;
  // An extensible target: a proxy of a frozen one may list no keys the target does not have. It holds
  // only what Node's console.log and util.inspect (which show a proxy's target) call to show the steps.
  const target = {
    [Symbol.for("nodejs.util.inspect.custom")]: () => Object.fromEntries(table.names().map((name) => [name, table.handle(name)])),
  } as unknown as Record<string, StepHandle>;
  return new Proxy(target, {
    get: (_target, key) => {
      if (typeof key === "symbol") return undefined;
      const handle = table.handle(key);
      if (handle !== undefined) return handle;
      if (key === "then" || key === "toJSON") return undefined;
      return unknown(key);
    },
    has: (_target, key) => has(key),
    ownKeys: () => table.names(),
    getOwnPropertyDescriptor: (_target, key) =>
      has(key) ? { value: table.handle(key), writable: false, enumerable: true, configurable: true } : undefined,
    // read-only, as the frozen object it stands for; it cannot be frozen itself (its keys are the
    // table's), so Object.freeze(steps) throws a TypeError rather than leave it half-working
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    setPrototypeOf: () => false,
    preventExtensions: () => false,
  });
}

/** `scope` with the steps the next one follows by default. */
function withLast(scope: Scope, last: readonly string[] | undefined): Scope {
  const { last: _last, ...rest } = scope;
  return last === undefined ? rest : { ...rest, last };
}

const PIPELINE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;

/**
 * Starts a pipeline definition.
 *
 * @example
 * ```ts
 * export default pipeline("ChurnPipeline")
 *   .param("InputData", "String", { default: "s3://my-bucket/churn/raw/" })
 *   .process("Preprocess", ({ params }) => ({ ... }))
 * ```
 */
export function pipeline(name: string): PipelineBuilder {
  if (typeof name !== "string") {
    throw new SagepipeError("invalid-pipeline-name", `pipeline(name) takes the pipeline's name, a string; got ${describe(name)}`);
  }
  if (!PIPELINE_NAME.test(name)) {
    throw new SagepipeError(
      "invalid-pipeline-name",
      `pipeline name "${name}" must be 1–256 letters, digits and hyphens, starting and ending with a letter or digit (no '_')`,
    );
  }
  // relative code paths are read from the declaring file's directory, wherever the process runs
  const sourceDir = callerDirectory(pipeline);
  return new PipelineBuilderImpl({ name, parameters: [], steps: StepTable.empty(), scope: { kind: "top" }, ...(sourceDir === undefined ? {} : { sourceDir }) }) as unknown as PipelineBuilder;
}

export type { StepType };

function isStepDefinition(value: unknown): value is StepDefinition {
  if (typeof value !== "object" || value === null) return false;
  const { name, node, handle } = value as { name?: unknown; node?: unknown; handle?: unknown };
  return typeof name === "string" && typeof node === "object" && node !== null && typeof handle === "object" && handle !== null;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `an object with keys ${Object.keys(value).slice(0, 5).join(", ") || "(none)"}`;
  return `a ${typeof value}`;
}
