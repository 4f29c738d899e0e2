import type { ParameterValue } from "./parameters.js";
import type { ConditionDecision } from "./conditions.js";

/**
 * How a step of a run ended (or where it is): local runs end `Succeeded`, `Failed`, `Skipped` (a
 * branch not taken) or `NotStarted` (after a failure); SageMaker also reports `Starting`,
 * `Executing`, `Stopping` and `Stopped`.
 */
export type StepStatus = "Succeeded" | "Failed" | "Skipped" | "NotStarted" | "Starting" | "Executing" | "Stopping" | "Stopped";

/** How a run ended (local runs: `Succeeded`, `Failed` or `Stopped`), or where it is (SageMaker executions). */
export type RunStatus = "Succeeded" | "Failed" | "Executing" | "Stopping" | "Stopped";

/** The code version a run came from. */
export interface SourceVersion {
  /** The commit recorded when the pipeline was deployed or the run started (`sagepipe:commit` tag, or the execution description). */
  readonly commit?: string;
  /** The execution's description. */
  readonly description?: string;
}

/** A data location a step read or wrote. */
export interface DataLocation {
  /** The input, output or channel name. */
  readonly name: string;
  readonly uri: string;
}

/** What a step did and produced: the lineage of one step. */
export interface StepRecord {
  readonly name: string;
  readonly type: string;
  readonly status: StepStatus;
  /** True when the result of an earlier run was reused (CacheConfig). */
  readonly cached: boolean;
  /** The run whose result was reused, when cached. */
  readonly cachedFrom?: string;
  /** Attempts made (1 + retries). */
  readonly attempts: number;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly durationMs?: number;
  readonly failureReason?: string;
  /** Why a step did not run: the branch not taken, or a step it needed that did not run. */
  readonly skippedBecause?: string;
  readonly jobName?: string;
  readonly image?: string;
  readonly instanceType?: string;
  readonly inputs?: readonly DataLocation[];
  readonly outputs?: readonly DataLocation[];
  /** Code the step ran: the S3 URI (content-addressed) and the local file it came from. */
  readonly code?: readonly { readonly uri: string; readonly sha256?: string; readonly localPath?: string }[];
  readonly hyperparameters?: Readonly<Record<string, string>>;
  /** Final metric values (Training: parsed from the logs with the step's metric definitions). */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Property files the step wrote, parsed. */
  readonly propertyFiles?: Readonly<Record<string, unknown>>;
  /** Lambda and Callback output parameters. */
  readonly outputParameters?: Readonly<Record<string, unknown>>;
  readonly registeredModel?: RegisteredModel;
  readonly deployment?: Readonly<Record<string, unknown>>;
  /** The step's log file (local runs). */
  readonly logFile?: string;
}

/** A model version written to the (local) model registry. */
export interface RegisteredModel {
  readonly modelPackageGroupName: string;
  readonly modelPackageVersion: number;
  readonly modelPackageArn: string;
  readonly approvalStatus: string;
  readonly modelDataUrl?: string;
  readonly metrics?: Readonly<Record<string, unknown>>;
}

/**
 * The record of a run — parameters, every step's lineage, the condition decisions, the outcome —
 * written by local runs (`run.json`) and assembled for SageMaker executions by `lineage()`, in the
 * same shape so that the two can be compared.
 */
export interface RunRecord {
  readonly pipelineName: string;
  readonly executionId: string;
  readonly executionArn: string;
  readonly status: RunStatus;
  /** The failed step's reason, or the Fail step's message. */
  readonly failureReason?: string;
  readonly failedStep?: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly steps: readonly StepRecord[];
  readonly conditions: readonly ConditionDecision[];
  /** Models registered by the run. */
  readonly registeredModels: readonly RegisteredModel[];
  /** What the run deployed (Lambda deploy handlers, Endpoint steps). */
  readonly deployments: readonly Readonly<Record<string, unknown>>[];
  /** The code version the run came from, when recorded. */
  readonly source?: SourceVersion;
  /** Local runs: how steps' `/opt/ml` was kept off the machine's real one. */
  readonly isolation?: LocalIsolation;
  /** Local runs: what the runner noticed and worked around (a damaged cache entry, an empty output). */
  readonly warnings?: readonly string[];
}

/**
 * How a local run keeps steps' `/opt/ml` off the machine's real `/opt/ml`:
 * - `"mount-namespace"`: each Processing and Training step runs in a private mount namespace (Linux,
 *   `unshare` from util-linux) where `/opt/ml` is its sandbox, so scripts that hard-code container
 *   paths work unchanged and never touch the host;
 * - `"detect"`: no private namespace (not Linux, no `unshare`, namespaces not permitted, or asked
 *   for): `/opt/ml/...` in a step's command, arguments and environment is rewritten to its sandbox,
 *   and a step that writes to the real `/opt/ml` fails, saying so.
 */
export type LocalIsolationMode = "mount-namespace" | "detect";

/** Which isolation a local run used, and how. */
export interface LocalIsolation {
  readonly mode: LocalIsolationMode;
  /** In words: how each step got a private `/opt/ml`, or why that was not possible. */
  readonly detail: string;
}

/** Progress of a run, as it happens. */
export type RunEvent =
  | { readonly type: "run-started"; readonly pipelineName: string; readonly executionId: string; readonly isolation?: LocalIsolation }
  | { readonly type: "warning"; readonly step?: string; readonly message: string }
  | { readonly type: "step-started"; readonly step: string; readonly stepType: string; readonly attempt: number }
  | { readonly type: "step-succeeded"; readonly step: string; readonly stepType: string; readonly durationMs: number; readonly cached: boolean }
  | { readonly type: "step-failed"; readonly step: string; readonly stepType: string; readonly reason: string }
  | { readonly type: "step-retrying"; readonly step: string; readonly stepType: string; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly type: "step-skipped"; readonly step: string; readonly stepType: string; readonly because: string }
  | { readonly type: "condition-evaluated"; readonly decision: ConditionDecision }
  | { readonly type: "run-finished"; readonly status: "Succeeded" | "Failed" | "Stopped"; readonly failureReason?: string };
