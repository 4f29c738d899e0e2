import { SagepipeError } from "../../errors.js";
import { execution, join } from "../../model/functions.js";
import type { StepOptions } from "../../model/step-node.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { stepOptionShape } from "./shared.js";
import { lambdaStep, type LambdaHandle, type OutputDeclarations, type StepInputs, type StepInputValue } from "./lambda.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** What a deploy Lambda deploys, and where. */
export interface DeployOptions extends StepOptions {
  /** The ARN of your deploy function (see {@link deployStep} for the event it receives). */
  readonly functionArn: string;
  /** The registered model version to deploy, e.g. `steps.Register.properties.ModelPackageArn`. Sent as `ModelPackageArn`. */
  readonly modelPackageArn: Value<string>;
  /** The endpoint to create or update. Sent as `EndpointName`. */
  readonly endpointName: Value<string>;
  /** e.g. `"ml.m5.large"`. Sent as `InstanceType`. */
  readonly instanceType: Value<string>;
  /** Sent as `InitialInstanceCount`. @default 1 */
  readonly instanceCount?: Value<number>;
  /** The role the model runs as (CreateModel's `ExecutionRoleArn`). Sent as `ExecutionRoleArn` when set. */
  readonly role?: Value<string>;
  /**
   * The name of the model to create, unique per run. Sent as `ModelName`.
   * @default `{"Std:Join": {"On": "-", "Values": [<endpointName>, {"Get": "Execution.PipelineExecutionId"}]}}`
   */
  readonly modelName?: Value<string>;
  /**
   * The name of the endpoint configuration to create, unique per run. Sent as `EndpointConfigName`.
   * @default the same as `modelName`'s default
   */
  readonly endpointConfigName?: Value<string>;
  /** More inputs for your function, next to the ones above (their names must not collide). @default {} */
  readonly inputs?: StepInputs;
  /** Outputs your function returns, with their types (e.g. `{ EndpointArn: "String" }`). @default {} */
  readonly outputs?: OutputDeclarations;
  /** Lambda steps cannot be retried by SageMaker Pipelines; retry inside the function. */
  readonly retry?: never;
}

/** The event names a deploy function receives. */
export const DEPLOY_INPUTS = [
  "ModelPackageArn",
  "EndpointName",
  "InstanceType",
  "InitialInstanceCount",
  "ModelName",
  "EndpointConfigName",
  "ExecutionRoleArn",
] as const;

/** @internal The option keys of a deploy step, for the run-time check (the compiler keeps them those of `DeployOptions`). */
export const DEPLOY_OPTIONS: OptionShape = stepOptionShape<DeployOptions>({
  functionArn: true,
  modelPackageArn: true,
  endpointName: true,
  instanceType: true,
  instanceCount: true,
  role: true,
  modelName: true,
  endpointConfigName: true,
  inputs: "map",
  outputs: "map",
});

/** SageMaker resource names: at most 63 characters; the default names add "-" and a 12-character execution id. */
const MAX_DEFAULT_PREFIX = 63 - 13;

/**
 * Deploys a registered model version through your own Lambda function: a Lambda step whose
 * event carries what the SageMaker hosting APIs need, under their API field names, so the
 * function passes them on. The event:
 *
 * | key | value |
 * | --- | --- |
 * | `ModelPackageArn` | `modelPackageArn` |
 * | `EndpointName` | `endpointName` |
 * | `InstanceType` | `instanceType` |
 * | `InitialInstanceCount` | `instanceCount` (default 1) |
 * | `ModelName` | `modelName` (default `<endpointName>-<execution id>`) |
 * | `EndpointConfigName` | `endpointConfigName` (default `<endpointName>-<execution id>`) |
 * | `ExecutionRoleArn` | `role`, when set |
 * | ... | your extra `inputs` |
 *
 * A function that deploys it (Python): `create_model(ModelName=e["ModelName"], ExecutionRoleArn=e["ExecutionRoleArn"],
 * Containers=[{"ModelPackageName": e["ModelPackageArn"]}])`, then `create_endpoint_config(EndpointConfigName=e["EndpointConfigName"],
 * ProductionVariants=[{"ModelName": e["ModelName"], "VariantName": "AllTraffic", "InstanceType": e["InstanceType"],
 * "InitialInstanceCount": e["InitialInstanceCount"]}])`, then `update_endpoint` if the endpoint exists, else `create_endpoint`.
 *
 * @example
 * ```ts
 * deployStep("Deploy", { functionArn: DEPLOY_FN, modelPackageArn: steps.Register.properties.ModelPackageArn, endpointName: "churn", instanceType: "ml.m5.large" })
 * // {"Name": "Deploy", "Type": "Lambda", "Arguments": {"ModelPackageArn": {"Get": "Steps.Register.ModelPackageArn"}, "EndpointName": "churn",
 * //  "InstanceType": "ml.m5.large", "InitialInstanceCount": 1, "ModelName": {"Std:Join": {"On": "-", "Values": ["churn", {"Get": "Execution.PipelineExecutionId"}]}},
 * //  "EndpointConfigName": {"Std:Join": ...}}, "FunctionArn": "…", "OutputParameters": []}
 * ```
 */
export function deployStep<const N extends string, const O extends DeployOptions>(name: N, options: ExactOptions<O, DeployOptions>): StepDefinition<N, LambdaHandle<N, O>>;
export function deployStep(name: string, options: DeployOptions): StepDefinition<string, LambdaHandle<string, DeployOptions>> {
  checkOptions(`deploy step "${name}"`, options, DEPLOY_OPTIONS);
  const { modelPackageArn, endpointName, instanceType, instanceCount, role, modelName, endpointConfigName, inputs, ...rest } = options;
  if (typeof endpointName === "string" && endpointName.length > MAX_DEFAULT_PREFIX && (modelName === undefined || endpointConfigName === undefined)) {
    throw new SagepipeError(
      "invalid-default-name",
      `deploy step "${name}": the default model and endpoint config names are "<endpointName>-<execution id>", too long for endpoint name "${endpointName}" (over ${MAX_DEFAULT_PREFIX} characters); set modelName and endpointConfigName`,
    );
  }
  const perRun = join([endpointName, execution.PipelineExecutionId], "-");
  const event: Record<string, StepInputValue> = {
    ModelPackageArn: modelPackageArn,
    EndpointName: endpointName,
    InstanceType: instanceType,
    InitialInstanceCount: instanceCount ?? 1,
    ModelName: modelName ?? perRun,
    EndpointConfigName: endpointConfigName ?? perRun,
    ...(role === undefined ? {} : { ExecutionRoleArn: role }),
  };
  for (const key of Object.keys(inputs ?? {})) {
    if (Object.hasOwn(event, key) || (DEPLOY_INPUTS as readonly string[]).includes(key)) {
      throw new SagepipeError(
        "conflicting-options",
        `deploy step "${name}": input "${key}" is one the step sets itself (${DEPLOY_INPUTS.join(", ")}); use the matching option instead`,
      );
    }
  }
  return lambdaStep(name, { ...rest, inputs: { ...event, ...inputs } }) as unknown as StepDefinition<string, LambdaHandle<string, DeployOptions>>;
}
