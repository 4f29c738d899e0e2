import type { EMRServerlessApplicationConfig, EMRServerlessJobConfig } from "../../definition/steps/emr-serverless-step.js";
import { SagepipeError } from "../../errors.js";
import { createStepNode, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import type { DefinitionValues } from "./raw.js";
import { stepOptionShape } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";
type JobDriver = NonNullable<EMRServerlessJobConfig["jobDriver"]>;

/** The job run of an EMR Serverless step (its `JobConfig`, the `StartJobRun` request). */
interface EMRServerlessJobOptions extends StepOptions {
  /** The job's runtime role: `ExecutionRoleArn`, and `JobConfig.executionRoleArn`, as the Python SDK sends both. */
  readonly executionRoleArn: Value<string>;
  /** A Spark job: `entryPoint` (the script or JAR in S3), `entryPointArguments`, `sparkSubmitParameters`. */
  readonly sparkSubmit?: DefinitionValues<NonNullable<JobDriver["sparkSubmit"]>>;
  /** A Hive job: `query` (the query file in S3), `initQueryFile`, `parameters`. */
  readonly hive?: DefinitionValues<NonNullable<JobDriver["hive"]>>;
  /** `configurationOverrides`: application configurations, monitoring, disk encryption. */
  readonly configurationOverrides?: DefinitionValues<NonNullable<EMRServerlessJobConfig["configurationOverrides"]>>;
  /** The job's time limit in minutes (0 for none). @default the service's (12 hours) */
  readonly executionTimeoutMinutes?: Value<number>;
  /** The job run's name. */
  readonly jobName?: Value<string>;
  /** Tags of the job run. */
  readonly tags?: { readonly [key: string]: Value<string> };
}

/** An EMR Serverless step on an existing application. */
export interface EMRServerlessApplicationIdOptions extends EMRServerlessJobOptions {
  /** The id of the existing application. */
  readonly applicationId: Value<string>;
  readonly applicationConfig?: never;
}

/** An EMR Serverless step on an application the step creates. */
export interface EMRServerlessApplicationConfigOptions extends EMRServerlessJobOptions {
  /** The application to create: the `CreateApplication` request (camelCase), without `clientToken`. */
  readonly applicationConfig: DefinitionValues<EMRServerlessApplicationConfig>;
  readonly applicationId?: never;
}

/**
 * An EMR Serverless step's options: a Spark or Hive job run, on an existing application
 * (`applicationId`) or on one the step creates (`applicationConfig`).
 */
export type EMRServerlessOptions = EMRServerlessApplicationIdOptions | EMRServerlessApplicationConfigOptions;

/** The handle of an EMR Serverless step: its properties, the `GetJobRun` response (`jobRun.state`, `jobRun.jobRunId`, ...). */
export type EMRServerlessHandle<N extends string> = PropertiesHandle<N, "EMRServerless">;

/** @internal The option keys of an EMR Serverless step, for the run-time check (the compiler keeps them those of `EMRServerlessOptions`). */
export const EMR_SERVERLESS_OPTIONS: OptionShape = stepOptionShape<EMRServerlessOptions>({
  executionRoleArn: true,
  sparkSubmit: true,
  hive: true,
  configurationOverrides: true,
  executionTimeoutMinutes: true,
  jobName: true,
  tags: "map",
  applicationId: true,
  applicationConfig: true,
});

/**
 * An EMR Serverless step: starts a Spark or Hive job run on an EMR Serverless application, an
 * existing one (`applicationId`) or one the step creates (`applicationConfig`), and waits for it.
 * As the Python SDK's `EMRServerlessStep` (the runtime role goes in `ExecutionRoleArn` and in
 * `JobConfig.executionRoleArn`; `JobConfig.applicationId` repeats an existing application's id).
 *
 * @example
 * ```ts
 * emrServerlessStep("Features", {
 *   applicationId: "00f1abcd2efgh3ij",
 *   executionRoleArn: "arn:aws:iam::111111111111:role/EMRServerlessRole",
 *   sparkSubmit: { entryPoint: "s3://my-bucket/jobs/features.py", entryPointArguments: [params.InputData] },
 * })
 * // {"Type": "EMRServerless", "Arguments": {"ExecutionRoleArn": "...", "JobConfig": {"executionRoleArn": "...", "jobDriver": {"sparkSubmit": {...}}, "applicationId": "00f1abcd2efgh3ij"}, "ApplicationId": "00f1abcd2efgh3ij"}}
 * ```
 */
export function emrServerlessStep<const N extends string, const O extends EMRServerlessOptions>(
  name: N,
  options: ExactOptions<O, EMRServerlessOptions>,
): StepDefinition<N, EMRServerlessHandle<N>>;
export function emrServerlessStep(name: string, options: EMRServerlessOptions): StepDefinition<string, EMRServerlessHandle<string>> {
  const where = `EMRServerless step "${name}"`;
  checkOptions(where, options, EMR_SERVERLESS_OPTIONS);
  const hasId = options.applicationId !== undefined;
  if (hasId === (options.applicationConfig !== undefined)) {
    throw new SagepipeError(
      "conflicting-options",
      `${where} needs exactly one of applicationId (an existing application) and applicationConfig (an application the step creates)${hasId ? ", not both" : ""}`,
    );
  }
  if (options.executionRoleArn === undefined || options.executionRoleArn === "") {
    throw new SagepipeError("missing-option", `${where} needs executionRoleArn: the IAM role the job runs as`);
  }
  if ((options.sparkSubmit === undefined) === (options.hive === undefined)) {
    throw new SagepipeError("conflicting-options", `${where} needs exactly one of sparkSubmit (a Spark job) and hive (a Hive query)`);
  }
  const jobConfig = {
    executionRoleArn: options.executionRoleArn,
    jobDriver: options.sparkSubmit === undefined ? { hive: options.hive } : { sparkSubmit: options.sparkSubmit },
    ...(hasId ? { applicationId: options.applicationId } : {}),
    ...(options.configurationOverrides === undefined ? {} : { configurationOverrides: options.configurationOverrides }),
    ...(options.executionTimeoutMinutes === undefined ? {} : { executionTimeoutMinutes: options.executionTimeoutMinutes }),
    ...(options.jobName === undefined ? {} : { name: options.jobName }),
    ...(options.tags === undefined ? {} : { tags: { ...options.tags } }),
  };
  const args = {
    ExecutionRoleArn: options.executionRoleArn,
    JobConfig: jobConfig,
    ...(hasId ? { ApplicationId: options.applicationId } : { ApplicationConfig: options.applicationConfig }),
  };
  const node = createStepNode(name, "EMRServerless", args, options);
  return Object.freeze({ name, node, handle: propertiesHandle(name, "EMRServerless") });
}
