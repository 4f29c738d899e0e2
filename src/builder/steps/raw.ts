import type { CreateAutoMLJobRequest, CreateEndpointConfigInput, CreateEndpointInput, CreateHyperParameterTuningJobRequest, CreateInferenceComponentInput, CreateModelInput, CreateModelPackageInput, CreateProcessingJobRequest, CreateTrainingJobRequest, CreateTransformJobRequest } from "../../aws/sagemaker-shapes.js";
import type { z } from "zod";
import { LocalAsset } from "../../compile/assets.js";
import { STEP_CAPABILITIES, type StepType } from "../../definition/capabilities.js";
import type { Expression } from "../../definition/expressions.js";
import type { STEP_SCHEMAS } from "../../definition/step.js";
import type {
  BedrockCustomModelArguments,
  BedrockCustomModelDeploymentArguments,
  BedrockModelImportArguments,
  BedrockProvisionedModelThroughputArguments,
  CallbackArguments,
  ClarifyCheckArguments,
  EMRArguments,
  EMRServerlessArguments,
  FailArguments,
  LambdaArguments,
  LineageArguments,
  QualityCheckArguments,
} from "../../definition/steps/index.js";
import { SagepipeError } from "../../errors.js";
import { GetValue, PipelineValue, type ValueKind } from "../../model/expressions.js";
import { MAX_DEPTH, setOwn } from "../../validate/json-data.js";
import type { StepPropertyShapes } from "../../model/properties.js";
import { createStepNode, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import { propertyFile, type PropertyFileRef } from "../property-files.js";
import type { StepDefinition, StepHandle } from "../step-definition.js";

/**
 * An AWS API request with a literal or a pipeline value in every leaf (a string leaf also takes
 * `localCode(path)`), nested structures included. Unlike `Raw`, required members stay required:
 * this is a whole request, not a patch.
 */
export type ApiRequest<T> = T extends string
  ? T | PipelineValue<string> | LocalAsset
  : T extends number
    ? T | PipelineValue<number>
    : T extends boolean
      ? T | PipelineValue<boolean>
      : T extends Date
        ? string | PipelineValue<string>
        : T extends readonly (infer E)[]
          ? readonly ApiRequest<E>[]
          : T extends object
            ? { readonly [K in keyof T]: ApiRequest<T[K]> }
            : T;

type Resolved<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : never;
type ExpressionLeaf<R> = [R] extends [never] ? PipelineValue<unknown> : [R] extends [string] ? PipelineValue<string> | LocalAsset : PipelineValue<R>;
type DefinitionTree<T> = T extends readonly (infer E)[]
  ? readonly DefinitionValues<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DefinitionValues<T[K]> }
    : T;

/**
 * A shape of the definition format (a zod-inferred type) with pipeline values where the format
 * takes an expression: a field that accepts `{"Get": ...}` takes a `PipelineValue` of its type (and
 * a string field `localCode(path)`); a literal-only field (`FunctionArn`, `CheckType`) does not.
 */
export type DefinitionValues<T> =
  | DefinitionTree<Exclude<T, Expression>>
  | ([Extract<T, Expression>] extends [never] ? never : ExpressionLeaf<Resolved<Exclude<T, Expression | null | undefined>>>);

/**
 * The `Arguments` of each step type, as {@link rawStep} takes them: the AWS request where the step
 * calls a SageMaker API (minus the job name the service generates and the members Pipelines
 * rejects), otherwise the definition format's own shape.
 */
export interface RawStepArguments {
  Processing: ApiRequest<Omit<CreateProcessingJobRequest, "ProcessingJobName">>;
  Training: ApiRequest<Omit<CreateTrainingJobRequest, "TrainingJobName">>;
  Transform: ApiRequest<Omit<CreateTransformJobRequest, "TransformJobName">>;
  Tuning: ApiRequest<Omit<CreateHyperParameterTuningJobRequest, "HyperParameterTuningJobName">>;
  Model: ApiRequest<Omit<CreateModelInput, "ModelName">>;
  RegisterModel: ApiRequest<Omit<CreateModelPackageInput, "ModelPackageName" | "CertifyForMarketplace">>;
  Fail: DefinitionValues<FailArguments>;
  Lambda: DefinitionValues<LambdaArguments>;
  Callback: DefinitionValues<CallbackArguments>;
  QualityCheck: DefinitionValues<QualityCheckArguments>;
  ClarifyCheck: DefinitionValues<ClarifyCheckArguments>;
  EMR: DefinitionValues<EMRArguments>;
  EMRServerless: DefinitionValues<EMRServerlessArguments>;
  AutoML: ApiRequest<Omit<CreateAutoMLJobRequest, "AutoMLJobName" | "ModelDeployConfig" | "GenerateCandidateDefinitionsOnly">>;
  EndpointConfig: ApiRequest<Omit<CreateEndpointConfigInput, "DataCaptureConfig" | "ExplainerConfig">>;
  Endpoint: ApiRequest<Omit<CreateEndpointInput, "DeploymentConfig">>;
  InferenceComponent: ApiRequest<CreateInferenceComponentInput>;
  Lineage: DefinitionValues<LineageArguments>;
  BedrockCustomModel: DefinitionValues<BedrockCustomModelArguments>;
  BedrockCustomModelDeployment: DefinitionValues<BedrockCustomModelDeploymentArguments>;
  BedrockModelImport: DefinitionValues<BedrockModelImportArguments>;
  BedrockProvisionedModelThroughput: DefinitionValues<BedrockProvisionedModelThroughputArguments>;
}

/** The step types {@link rawStep} builds: every type but Condition (whose branches `.when()` builds). */
export type RawStepType = keyof RawStepArguments & StepType;

// a new step type of the format must get its raw Arguments above
type MissingRawArguments = Exclude<StepType, "Condition" | keyof RawStepArguments>;
const everyTypeHasRawArguments: [MissingRawArguments] extends [never] ? true : MissingRawArguments = true;
void everyTypeHasRawArguments;

/** A Lambda or Callback output declaration, as the definition writes it. */
export interface OutputParameterDeclaration {
  readonly OutputName: string;
  /** @default "String" */
  readonly OutputType?: "String" | "Integer" | "Float" | "Boolean";
}

/** A Processing step's property file declaration, as the definition writes it. */
export interface PropertyFileDeclaration {
  readonly PropertyFileName: string;
  readonly OutputName: string;
  readonly FilePath: string;
}

type EnvelopeKey = "Name" | "Type" | "Arguments" | "DisplayName" | "Description" | "DependsOn" | "CacheConfig" | "RetryPolicies";
type SchemaStepKeys<T extends RawStepType> = Omit<z.infer<(typeof STEP_SCHEMAS)[T]>, EnvelopeKey>;

/**
 * The step-level keys of a step type besides the envelope, PascalCase as in the definition
 * (`FunctionArn`, `OutputParameters`, `CheckType`, `PropertyFiles`, ...), typed from its schema.
 */
export type RawStepKeys<
  T extends RawStepType,
  O extends readonly OutputParameterDeclaration[],
  F extends readonly PropertyFileDeclaration[],
> = T extends "Lambda" | "Callback"
  ? DefinitionValues<Omit<SchemaStepKeys<T>, "OutputParameters">> & { readonly OutputParameters?: O }
  : T extends "Processing"
    ? { readonly PropertyFiles?: F }
    : DefinitionValues<SchemaStepKeys<T>>;

/**
 * What {@link rawStep} takes: the common step options (camelCase), `arguments` (the step's
 * `Arguments`; optional for Lambda and Callback, `{}` then) and the step-level keys (PascalCase).
 */
export type RawStepOptions<
  T extends RawStepType,
  O extends readonly OutputParameterDeclaration[] = readonly OutputParameterDeclaration[],
  F extends readonly PropertyFileDeclaration[] = readonly PropertyFileDeclaration[],
> = StepOptions &
  (T extends "Lambda" | "Callback" ? { readonly arguments?: RawStepArguments[T] } : { readonly arguments: RawStepArguments[T] }) &
  RawStepKeys<T, O, F>;

type OutputValue<D> = D extends { readonly OutputType: "Integer" | "Float" } ? number : D extends { readonly OutputType: "Boolean" } ? boolean : string;

/** `{"Get": "Steps.<name>.OutputParameters['<output>']"}` per declared output, typed by its OutputType. */
export type RawOutputValues<O extends readonly OutputParameterDeclaration[]> = {
  readonly [D in O[number] as D["OutputName"]]: PipelineValue<OutputValue<D>>;
};

type PropertyStepType = keyof StepPropertyShapes & RawStepType;

/**
 * The handle of a raw step: `properties` typed from the AWS response where the step type has a
 * property tree, Lambda and Callback `outputs`, Processing `propertyFiles`.
 */
export type RawStepHandle<
  N extends string,
  T extends RawStepType,
  O extends readonly OutputParameterDeclaration[],
  F extends readonly PropertyFileDeclaration[],
> = StepHandle<N, T> &
  (T extends PropertyStepType ? PropertiesHandle<N, T> : unknown) &
  (T extends "Lambda" | "Callback" ? { readonly outputs: RawOutputValues<O> } : unknown) &
  (T extends "Processing" ? { readonly propertyFiles: { readonly [K in F[number]["PropertyFileName"]]: PropertyFileRef } } : unknown);

/** The step types whose handle has `properties` (all of StepPropertyShapes but Condition). */
const PROPERTY_TYPES: Readonly<Record<PropertyStepType, true>> = {
  Training: true,
  Processing: true,
  Transform: true,
  Tuning: true,
  Model: true,
  RegisterModel: true,
  AutoML: true,
  EndpointConfig: true,
  Endpoint: true,
  InferenceComponent: true,
  Lineage: true,
  QualityCheck: true,
  ClarifyCheck: true,
  EMR: true,
  EMRServerless: true,
};

/** The Python SDK's order of the step-level keys, per step type. */
const STEP_KEY_ORDER: Partial<Record<StepType, readonly string[]>> = {
  Processing: ["PropertyFiles"],
  Lambda: ["FunctionArn", "OutputParameters"],
  Callback: ["SqsQueueUrl", "OutputParameters"],
  QualityCheck: [
    "CheckType",
    "ModelPackageGroupName",
    "SkipCheck",
    "FailOnViolation",
    "RegisterNewBaseline",
    "SuppliedBaselineStatistics",
    "SuppliedBaselineConstraints",
  ],
  ClarifyCheck: ["CheckType", "ModelPackageGroupName", "SkipCheck", "FailOnViolation", "RegisterNewBaseline", "SuppliedBaselineConstraints", "ModelName"],
};

const OPTION_KEYS = new Set(["arguments", "displayName", "description", "dependsOn", "after", "cache", "retry"]);
const ENVELOPE_OPTION: Readonly<Record<string, string>> = {
  Name: "the step's name (rawStep's first argument)",
  Type: "rawStep's second argument",
  Arguments: "arguments",
  DisplayName: "displayName",
  Description: "description",
  DependsOn: "dependsOn",
  CacheConfig: "cache",
  RetryPolicies: "retry",
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * A frozen copy of a JSON-like tree; pipeline values, local assets and other class instances are
 * kept. Past MAX_DEPTH levels (a value nested absurdly deep, or one that contains itself) the value
 * is kept as it is, not copied: compile then reports it (`too-deep`, `not-json`) with its path.
 */
function frozenCopy(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return Object.freeze(value.map((item) => frozenCopy(item, depth + 1)));
  if (isPlainObject(value)) return Object.freeze(Object.fromEntries(Object.entries(value).map(([key, item]) => [key, frozenCopy(item, depth + 1)])));
  return value;
}

const OUTPUT_KINDS: Readonly<Record<string, ValueKind>> = { String: "string", Integer: "integer", Float: "float", Boolean: "boolean" };

/**
 * A step of any type, written as the definition format has it: `arguments` is the step's
 * `Arguments` (the AWS request of the API the step calls, typed from the AWS SDK, or the format's
 * own shape for EMR, EMR Serverless, Lineage, Bedrock, Lambda and Callback steps), the step-level
 * keys are PascalCase as in the definition (`FunctionArn`, `OutputParameters`, `CheckType`,
 * `PropertyFiles`, ...), and the common options (`displayName`, `dependsOn`, `cache`, `retry`, ...)
 * are those of every step. Every leaf may be a pipeline value. With it, no field of the API is
 * unreachable: what the high-level steps do not cover is written here as SageMaker takes it. The
 * compiler validates the result like any step (an unknown or misplaced key is a `CompileError`).
 *
 * The handle has `properties` typed from the AWS response where the step type has a property
 * tree, `outputs` for the declared outputs of a Lambda or Callback step, and `propertyFiles` for
 * the declared property files of a Processing step.
 *
 * @example
 * ```ts
 * rawStep("Train", "Training", {
 *   arguments: {
 *     AlgorithmSpecification: { TrainingImage: image, TrainingInputMode: "File" },
 *     RoleArn: role,
 *     OutputDataConfig: { S3OutputPath: "s3://my-bucket/models" },
 *     ResourceConfig: { InstanceCount: params.InstanceCount, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 },
 *     StoppingCondition: { MaxRuntimeInSeconds: 86400 },
 *   },
 *   cache: { expireAfter: { hours: 1 } },
 * })
 * // {"Name": "Train", "Type": "Training", "Arguments": {...}, "CacheConfig": {"Enabled": true, "ExpireAfter": "PT1H"}}
 * ```
 */
export function rawStep<
  const N extends string,
  T extends RawStepType,
  const O extends readonly OutputParameterDeclaration[] = [],
  const F extends readonly PropertyFileDeclaration[] = [],
>(name: N, type: T, options: RawStepOptions<T, O, F>): StepDefinition<N, RawStepHandle<N, T, O, F>> {
  if (typeof type !== "string" || !Object.hasOwn(STEP_CAPABILITIES, type)) {
    throw new SagepipeError(
      "unknown-step-type",
      `rawStep "${name}": ${JSON.stringify(type)} is not a step type of the definition format (one of ${Object.keys(STEP_CAPABILITIES).join(", ")})`,
    );
  }
  if ((type as StepType) === "Condition") {
    throw new SagepipeError(
      "invalid-step-type",
      `rawStep "${name}": a Condition step holds the steps of its branches; build it with .when("${name}", condition) and the steps after it`,
    );
  }
  if (!isPlainObject(options)) {
    throw new SagepipeError("invalid-options", `rawStep "${name}" needs an options object: { arguments, ...step keys, ...step options }`);
  }
  const { arguments: args, ...rest } = options as Record<string, unknown>;
  const freeForm = type === "Lambda" || type === "Callback";
  if (!(args === undefined && freeForm) && !isPlainObject(args)) {
    throw new SagepipeError(
      "missing-arguments",
      `rawStep "${name}" (${type}) needs \`arguments\`: an object, the step's Arguments as the definition format has them`,
    );
  }

  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (OPTION_KEYS.has(key) || value === undefined) continue;
    const option = Object.hasOwn(ENVELOPE_OPTION, key) ? ENVELOPE_OPTION[key] : undefined;
    if (option !== undefined) {
      throw new SagepipeError("invalid-option", `rawStep "${name}": ${key} is part of every step; set it with ${option}`);
    }
    if (!/^[A-Z]/.test(key)) {
      throw new SagepipeError(
        "unknown-option",
        `rawStep "${name}": unknown option "${key}": the options are arguments, ${[...OPTION_KEYS].slice(1).join(", ")}, and the step-level keys in PascalCase as the definition has them (FunctionArn, OutputParameters, CheckType, ...)`,
      );
    }
    setOwn(given, key, frozenCopy(value));
  }
  const order = STEP_KEY_ORDER[type] ?? [];
  const stepKeys: Record<string, unknown> = {};
  for (const key of order) if (Object.hasOwn(given, key)) setOwn(stepKeys, key, given[key]);
  for (const [key, value] of Object.entries(given)) if (!Object.hasOwn(stepKeys, key)) setOwn(stepKeys, key, value);

  const node = createStepNode(name, type, frozenCopy(args ?? {}), options, stepKeys);

  const handle: Record<string, unknown> = Object.hasOwn(PROPERTY_TYPES, type)
    ? { ...propertiesHandle(name, type as PropertyStepType) }
    : { name, type };
  if (freeForm) handle.outputs = Object.freeze(outputValues(name, stepKeys.OutputParameters));
  if (type === "Processing") handle.propertyFiles = Object.freeze(propertyFiles(name, stepKeys.PropertyFiles));
  return Object.freeze({ name, node, handle: Object.freeze(handle) as unknown as RawStepHandle<N, T, O, F> });
}

function outputValues(step: string, declarations: unknown): Record<string, PipelineValue<unknown>> {
  const out: Record<string, PipelineValue<unknown>> = {};
  if (!Array.isArray(declarations)) return out;
  for (const declaration of declarations) {
    if (!isPlainObject(declaration) || typeof declaration.OutputName !== "string") continue;
    const kind = OUTPUT_KINDS[typeof declaration.OutputType === "string" ? declaration.OutputType : "String"] ?? "unknown";
    out[declaration.OutputName] = new GetValue(`Steps.${step}.OutputParameters['${declaration.OutputName}']`, kind);
  }
  return out;
}

function propertyFiles(step: string, declarations: unknown): Record<string, PropertyFileRef> {
  const out: Record<string, PropertyFileRef> = {};
  if (!Array.isArray(declarations)) return out;
  for (const declaration of declarations) {
    if (isPlainObject(declaration) && typeof declaration.PropertyFileName === "string") {
      out[declaration.PropertyFileName] = propertyFile(step, declaration.PropertyFileName);
    }
  }
  return out;
}
