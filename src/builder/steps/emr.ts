import type { EMRClusterConfig } from "../../definition/steps/emr-step.js";
import { SagepipeError } from "../../errors.js";
import { createStepNode, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import type { DefinitionValues } from "./raw.js";
import { stepOptionShape } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** The JAR an EMR step runs (its `HadoopJarStep`). */
interface EMRJarOptions extends StepOptions {
  /** The JAR to run: an S3 URI, or a path on the cluster (`command-runner.jar`). */
  readonly jar: Value<string>;
  /** Its command-line arguments. */
  readonly args?: readonly Value<string>[];
  /** The class to run, when the JAR's manifest names none. */
  readonly mainClass?: Value<string>;
  /** Java properties set when the step runs, in order. */
  readonly properties?: { readonly [key: string]: Value<string> };
}

/** An EMR step on a running cluster. */
export interface EMRClusterIdOptions extends EMRJarOptions {
  /** The id of the running cluster (`j-...`). */
  readonly clusterId: Value<string>;
  readonly clusterConfig?: never;
  /** A runtime role for the step (EMR runtime roles), instead of the cluster's instance profile. */
  readonly executionRoleArn?: Value<string>;
}

/** An EMR step on a cluster that the step creates, and that terminates after it. */
export interface EMRClusterConfigOptions extends EMRJarOptions {
  /**
   * The cluster to create: the `RunJobFlow` request without `Name`, `Steps` and
   * `AutoTerminationPolicy` (the service sets them), with exactly one of `Instances.InstanceGroups`
   * and `Instances.InstanceFleets`, and without `Instances.KeepJobFlowAliveWhenNoSteps` and
   * `Instances.TerminationProtected`.
   */
  readonly clusterConfig: DefinitionValues<EMRClusterConfig>;
  readonly clusterId?: never;
  readonly executionRoleArn?: never;
}

/** An EMR step's options: a JAR, on a running cluster (`clusterId`) or on a new one (`clusterConfig`). */
export type EMROptions = EMRClusterIdOptions | EMRClusterConfigOptions;

/**
 * The handle of an EMR step: its properties, the EMR `Step` (`Id`, `Status.State`,
 * `Config.Jar`, ...) and `ClusterId`.
 */
export type EMRHandle<N extends string> = PropertiesHandle<N, "EMR">;

/** @internal The option keys of an EMR step, for the run-time check (the compiler keeps them those of `EMROptions`). */
export const EMR_OPTIONS: OptionShape = stepOptionShape<EMROptions>({
  jar: true,
  args: "list",
  mainClass: true,
  properties: "map",
  clusterId: true,
  clusterConfig: true,
  executionRoleArn: true,
});

const SERVICE_SET_KEYS = ["Name", "Steps", "AutoTerminationPolicy"] as const;
const SERVICE_SET_INSTANCE_KEYS = ["KeepJobFlowAliveWhenNoSteps", "TerminationProtected"] as const;

/**
 * An EMR step: adds one Hadoop JAR step to an EMR cluster, a running one (`clusterId`) or one the
 * step creates and terminates (`clusterConfig`), and waits for it. The service names the EMR
 * step. As the Python SDK's `EMRStep`.
 *
 * @example
 * ```ts
 * emrStep("Spark", {
 *   clusterId: "j-1K48XXXXXXHCB",
 *   jar: "command-runner.jar",
 *   args: ["spark-submit", "s3://my-bucket/jobs/features.py", params.InputData],
 * })
 * // {"Type": "EMR", "Arguments": {"StepConfig": {"HadoopJarStep": {"Jar": "command-runner.jar", "Args": [...]}}, "ClusterId": "j-1K48XXXXXXHCB"}}
 * ```
 */
export function emrStep<const N extends string, const O extends EMROptions>(name: N, options: ExactOptions<O, EMROptions>): StepDefinition<N, EMRHandle<N>>;
export function emrStep(name: string, options: EMROptions): StepDefinition<string, EMRHandle<string>> {
  const where = `EMR step "${name}"`;
  checkOptions(where, options, EMR_OPTIONS);
  if (options.jar === undefined || options.jar === "") {
    throw new SagepipeError("missing-option", `${where} needs jar: the JAR to run (an S3 URI, or command-runner.jar)`);
  }
  const hasId = options.clusterId !== undefined;
  const hasConfig = options.clusterConfig !== undefined;
  if (hasId === hasConfig) {
    throw new SagepipeError(
      "conflicting-options",
      `${where} needs exactly one of clusterId (a running cluster) and clusterConfig (a cluster the step creates)${hasId ? ", not both" : ""}`,
    );
  }
  if (hasConfig) checkClusterConfig(where, options.clusterConfig, options.executionRoleArn);

  const properties = Object.entries(options.properties ?? {}).map(([key, value]) => ({ Key: key, Value: value }));
  const args = {
    StepConfig: {
      HadoopJarStep: {
        Jar: options.jar,
        ...(options.args === undefined ? {} : { Args: [...options.args] }),
        ...(options.mainClass === undefined ? {} : { MainClass: options.mainClass }),
        ...(properties.length === 0 ? {} : { Properties: properties }),
      },
    },
    ...(hasId ? { ClusterId: options.clusterId } : { ClusterConfig: options.clusterConfig }),
    ...(options.executionRoleArn === undefined ? {} : { ExecutionRoleArn: options.executionRoleArn }),
  };
  const node = createStepNode(name, "EMR", args, options);
  return Object.freeze({ name, node, handle: propertiesHandle(name, "EMR") });
}

function checkClusterConfig(where: string, config: unknown, executionRoleArn: unknown): void {
  if (executionRoleArn !== undefined) {
    throw new SagepipeError("conflicting-options", `${where}: executionRoleArn applies to a running cluster (clusterId); set StepExecutionRoleArn in clusterConfig instead`);
  }
  if (typeof config !== "object" || config === null) {
    throw new SagepipeError("invalid-option", `${where}: clusterConfig must be a RunJobFlow-like object`);
  }
  const cluster = config as Record<string, unknown>;
  for (const key of SERVICE_SET_KEYS) {
    if (cluster[key] !== undefined) {
      throw new SagepipeError("invalid-option", `${where}: clusterConfig.${key} is set by SageMaker Pipelines: remove it`);
    }
  }
  const instances = cluster.Instances as Record<string, unknown> | undefined;
  if (typeof instances !== "object" || instances === null) {
    throw new SagepipeError("missing-option", `${where}: clusterConfig needs Instances, with InstanceGroups or InstanceFleets`);
  }
  for (const key of SERVICE_SET_INSTANCE_KEYS) {
    if (instances[key] !== undefined) {
      throw new SagepipeError("invalid-option", `${where}: clusterConfig.Instances.${key} is set by SageMaker Pipelines (the cluster ends with the step): remove it`);
    }
  }
  if ((instances.InstanceGroups === undefined) === (instances.InstanceFleets === undefined)) {
    throw new SagepipeError("conflicting-options", `${where}: clusterConfig.Instances needs exactly one of InstanceGroups and InstanceFleets`);
  }
}
