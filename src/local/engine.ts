import { createHash } from "node:crypto";
import type { Condition } from "../definition/conditions.js";
import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import type { ParameterValue } from "../runtime/parameters.js";
import { decide, type ConditionDecision } from "../runtime/conditions.js";
import { EvaluationError, evaluate, joinText, resolveDeep, type EvaluationContext } from "../runtime/evaluate.js";
import { buildGraph, type GraphStep } from "./graph.js";
import type { RunEvent, StepRecord, StepStatus } from "../runtime/run-record.js";
import { retryDecision, type RetryState } from "./retry.js";
import { LocalRunError, LocalStepError } from "./errors.js";
import { jobNameOf } from "./names.js";
import { schemaProblem, type PropertyFileSchemas } from "./stub-check.js";

/** What a step executor returns: the step's properties (its Describe* response) and lineage details. */
export interface StepResult {
  readonly properties: Readonly<Record<string, unknown>>;
  readonly propertyFiles?: Readonly<Record<string, unknown>>;
  readonly details?: Partial<StepRecord>;
}

/** What an executor is given: the step, its Arguments with every expression resolved, its job name. */
export interface StepInvocation {
  readonly step: GraphStep;
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly jobName: string;
  readonly attempt: number;
}

/** Runs one step (not Condition or Fail, which the engine evaluates itself). */
export type StepExecutor = (invocation: StepInvocation) => Promise<StepResult>;

/** A result reused from an earlier run. */
export interface CachedResult extends StepResult {
  readonly executionId: string;
}

/** Where step results are kept for CacheConfig. */
export interface StepCache {
  lookup(step: GraphStep, key: string, expireAfter: string | undefined): Promise<CachedResult | undefined>;
  store(step: GraphStep, key: string, result: StepResult): Promise<void>;
}

/** Everything a run needs besides the steps' executors. */
export interface EngineOptions {
  readonly definition: PipelineDefinition;
  readonly pipelineName: string;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly executionId: string;
  readonly executionArn: string;
  readonly pipelineArn: string;
  readonly startedAt: Date;
  readonly parallelism: number;
  readonly execute: StepExecutor;
  readonly s3Json: (uri: string) => unknown;
  readonly cache?: StepCache;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
  readonly onEvent?: (event: RunEvent) => void;
  /** Aborting stops the run: no new step starts, running ones are stopped, the run ends `Stopped`. */
  readonly signal?: AbortSignal;
  /** Called when a step that ran has no property file by that name (simulate: a missing stub). */
  readonly onMissingPropertyFile?: (step: string, name: string) => void;
  /** The zod schemas of property files (a builder's): a file a step wrote that does not match fails the step. */
  readonly propertyFileSchemas?: PropertyFileSchemas;
}

/** How a run ended, step by step. */
export interface EngineOutcome {
  readonly status: "Succeeded" | "Failed" | "Stopped";
  readonly failureReason?: string;
  readonly failedStep?: string;
  readonly steps: readonly StepRecord[];
  readonly conditions: readonly ConditionDecision[];
  /** Properties of every step that ran, by step name. */
  readonly properties: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Walks a definition's steps in dependency order, at most `parallelism` at a time: Condition steps are
 * evaluated and pick a branch (the other branch is skipped), a Fail step ends the run Failed with its
 * message, other steps go to `execute` with their Arguments resolved, through the cache and retry
 * policies. After a failure no new step starts; the ones running finish. After an abort no new step
 * starts, and the run ends `Stopped` (the executors stop what runs).
 */
export async function runEngine(options: EngineOptions): Promise<EngineOutcome> {
  const graph = buildGraph(options.definition);
  const byName = new Map(graph.map((step) => [step.name, step]));
  const records = new Map<string, Mutable<StepRecord>>();
  const properties = new Map<string, Readonly<Record<string, unknown>>>();
  const propertyFiles = new Map<string, Readonly<Record<string, unknown>>>();
  const decisions = new Map<string, ConditionDecision>();
  const running = new Map<string, Promise<void>>();
  let failure: { step: string; reason: string } | undefined;
  let fatal: LocalRunError | undefined;
  const emit = (event: RunEvent) => options.onEvent?.(event);
  // what a step wrote, checked against the property files' declared schemas (a builder's)
  const propertyFileMismatch = (step: GraphStep, files: Readonly<Record<string, unknown>> | undefined): string | undefined => {
    const schemas = options.propertyFileSchemas?.get(step.name);
    if (schemas === undefined || files === undefined) return undefined;
    for (const [name, value] of Object.entries(files)) {
      const schema = schemas[name];
      const problem = schema === undefined ? undefined : schemaProblem(schema, value);
      if (problem === undefined) continue;
      const declared = Array.isArray(step.value.PropertyFiles) ? (step.value.PropertyFiles as { PropertyFileName?: unknown; FilePath?: unknown }[]) : [];
      const path = declared.find((file) => file.PropertyFileName === name)?.FilePath;
      return `property file "${name}": ${typeof path === "string" ? path : "the file"} does not match its declared schema: ${problem}`;
    }
    return undefined;
  };

  const context = (jobName?: { type: string; name: string }, symbolic = false): EvaluationContext => ({
    parameter: (name) => options.parameters[name],
    execution: (name) => (symbolic ? undefined : executionVariable(name, jobName)),
    experiment: (name) => {
      if (symbolic) return undefined;
      const configured = options.definition.PipelineExperimentConfig?.[name as "ExperimentName" | "TrialName"];
      if (configured !== undefined) return joinText(evaluate(configured, context(jobName)));
      return name === "ExperimentName" ? options.pipelineName : options.executionId;
    },
    stepProperties: (name) => properties.get(name),
    propertyFile: (step, name) => {
      const files = propertyFiles.get(step);
      if (files === undefined) throw new EvaluationError(`step "${step}" has not run, so its property file "${name}" cannot be read`);
      if (!(name in files)) options.onMissingPropertyFile?.(step, name);
      if (!(name in files)) throw new EvaluationError(`step "${step}" has no property file "${name}"`);
      return files[name];
    },
    s3Json: options.s3Json,
  });

  const executionVariable = (name: string, job?: { type: string; name: string }): string | undefined => {
    switch (name) {
      case "PipelineExecutionId":
        return options.executionId;
      case "PipelineExecutionArn":
        return options.executionArn;
      case "PipelineName":
        return options.pipelineName;
      case "PipelineArn":
        return options.pipelineArn;
      case "StartDateTime":
        return options.startedAt.toISOString();
      case "CurrentDateTime":
        return options.now().toISOString();
      case "TrainingJobName":
        return job?.type === "Training" ? job.name : undefined;
      case "ProcessingJobName":
        return job?.type === "Processing" ? job.name : undefined;
      default:
        return undefined;
    }
  };

  const finish = (step: GraphStep, record: Mutable<StepRecord>, started: Date) => {
    const ended = options.now();
    record.startedAt = started.toISOString();
    record.endedAt = ended.toISOString();
    record.durationMs = ended.getTime() - started.getTime();
    records.set(step.name, record);
  };

  const runStep = async (step: GraphStep): Promise<void> => {
    const started = options.now();
    const record: Mutable<StepRecord> = { name: step.name, type: step.type, status: "Succeeded", cached: false, attempts: 1 };
    try {
      if (step.type === "Condition") {
        emit({ type: "step-started", step: step.name, stepType: step.type, attempt: 1 });
        const args = step.value.Arguments as { Conditions?: Condition[] };
        const decision = decide(step.name, args.Conditions ?? [], context());
        decisions.set(step.name, decision);
        properties.set(step.name, { Outcome: decision.outcome });
        emit({ type: "condition-evaluated", decision });
      } else if (step.type === "Fail") {
        emit({ type: "step-started", step: step.name, stepType: step.type, attempt: 1 });
        const args = step.value.Arguments as { ErrorMessage?: unknown } | undefined;
        const message = joinText(evaluate(args?.ErrorMessage ?? "", context()));
        record.status = "Failed";
        record.failureReason = message;
        failure ??= { step: step.name, reason: message };
        finish(step, record, started);
        emit({ type: "step-failed", step: step.name, stepType: step.type, reason: message });
        return;
      } else {
        await runJob(step, record);
      }
      finish(step, record, started);
      emit({ type: "step-succeeded", step: step.name, stepType: step.type, durationMs: record.durationMs ?? 0, cached: record.cached });
    } catch (error) {
      if (error instanceof LocalRunError) {
        fatal ??= error;
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      if (options.signal?.aborted === true) {
        record.status = "Stopped";
        record.failureReason = reason;
        finish(step, record, started);
        emit({ type: "step-failed", step: step.name, stepType: step.type, reason });
        return;
      }
      record.status = "Failed";
      record.failureReason = reason;
      failure ??= { step: step.name, reason };
      finish(step, record, started);
      emit({ type: "step-failed", step: step.name, stepType: step.type, reason });
    }
  };

  const runJob = async (step: GraphStep, record: Mutable<StepRecord>): Promise<void> => {
    const jobName = jobNameOf(options.executionId, step.name);
    const job = { type: step.type, name: jobName };
    const cacheConfig = step.value.CacheConfig as { Enabled?: boolean; ExpireAfter?: string } | undefined;
    const cacheKey =
      options.cache !== undefined && cacheConfig?.Enabled === true
        ? hash({ Type: step.type, Arguments: resolveDeep(step.value.Arguments, context(job, true)), PropertyFiles: step.value.PropertyFiles })
        : undefined;
    if (cacheKey !== undefined && options.cache !== undefined) {
      const hit = await options.cache.lookup(step, cacheKey, cacheConfig?.ExpireAfter);
      // a result cached before the property file's schema changed, and no longer matching it, is not reused
      if (hit !== undefined && propertyFileMismatch(step, hit.propertyFiles) === undefined) {
        Object.assign(record, hit.details ?? {}, { cached: true, cachedFrom: hit.executionId, attempts: 0 });
        properties.set(step.name, hit.properties);
        propertyFiles.set(step.name, hit.propertyFiles ?? {});
        return;
      }
    }
    const args = resolveDeep(step.value.Arguments ?? {}, context(job)) as Record<string, unknown>;
    const retry: RetryState = { firstAttemptAt: options.now(), retriesByPolicy: new Map() };
    for (let attempt = 1; ; attempt++) {
      record.attempts = attempt;
      emit({ type: "step-started", step: step.name, stepType: step.type, attempt });
      try {
        const result = await options.execute({ step, arguments: args, jobName, attempt });
        const mismatch = propertyFileMismatch(step, result.propertyFiles);
        if (mismatch !== undefined) throw new LocalStepError(mismatch);
        Object.assign(record, result.details ?? {}, { jobName: result.details?.jobName ?? jobName });
        properties.set(step.name, result.properties);
        propertyFiles.set(step.name, result.propertyFiles ?? {});
        if (cacheKey !== undefined && options.cache !== undefined) await options.cache.store(step, cacheKey, result);
        return;
      } catch (error) {
        if (options.signal?.aborted === true) throw error;
        const exceptionType = error instanceof LocalStepError ? error.exceptionType : undefined;
        const reason = error instanceof Error ? error.message : String(error);
        const delayMs = retryDecision(step.value.RetryPolicies, exceptionType, retry, options.now());
        if (delayMs === undefined) throw error;
        emit({ type: "step-retrying", step: step.name, stepType: step.type, attempt: attempt + 1, delayMs, reason });
        await sleepUnlessAborted(options.sleep, delayMs, options.signal);
        if (isAborted(options.signal)) throw new LocalStepError(`the run was stopped while the step waited to retry (${reason.split("\n")[0]})`);
      }
    }
  };

  const skip = (step: GraphStep, because: string) => {
    records.set(step.name, { name: step.name, type: step.type, status: "Skipped", cached: false, attempts: 0, skippedBecause: because });
    emit({ type: "step-skipped", step: step.name, stepType: step.type, because });
  };

  const statusOf = (name: string): StepStatus | "Pending" | "Running" => records.get(name)?.status ?? (running.has(name) ? "Running" : "Pending");

  let stopped: string | undefined;
  const onAbort = () => {
    stopped ??= stopReason(options.signal?.reason);
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted === true) onAbort();
  for (;;) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const step of graph) {
        if (records.has(step.name) || running.has(step.name)) continue;
        if (step.placement.kind === "branch") {
          const decision = decisions.get(step.placement.condition);
          if (statusOf(step.placement.condition) === "Skipped") {
            skip(step, `its Condition step "${step.placement.condition}" did not run`);
            changed = true;
            continue;
          }
          if (decision !== undefined && decision.branch !== step.placement.branch) {
            skip(step, `"${step.placement.condition}" evaluated to ${decision.outcome}: the ${step.placement.branch === "IfSteps" ? "if" : "else"} branch did not run`);
            changed = true;
            continue;
          }
        }
        const skippedDependency = step.dependencies.find((name) => statusOf(name) === "Skipped" || !byName.has(name));
        if (skippedDependency !== undefined) {
          skip(step, `it depends on "${skippedDependency}", which did not run`);
          changed = true;
          continue;
        }
        if (failure !== undefined || fatal !== undefined || stopped !== undefined) continue;
        if (!step.dependencies.every((name) => statusOf(name) === "Succeeded")) continue;
        if (running.size >= options.parallelism) continue;
        const task = runStep(step).finally(() => running.delete(step.name));
        running.set(step.name, task);
        changed = true;
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  options.signal?.removeEventListener("abort", onAbort);
  if (fatal !== undefined) throw fatal;

  const steps = graph.map(
    (step): StepRecord => records.get(step.name) ?? { name: step.name, type: step.type, status: "NotStarted", cached: false, attempts: 0 },
  );
  const outcome: EngineOutcome =
    stopped !== undefined
      ? { status: "Stopped", failureReason: stopped, steps, conditions: [...decisions.values()], properties }
      : {
          status: failure === undefined ? "Succeeded" : "Failed",
          ...(failure !== undefined ? { failureReason: failure.reason, failedStep: failure.step } : {}),
          steps,
          conditions: [...decisions.values()],
          properties,
        };
  emit({ type: "run-finished", status: outcome.status, ...(outcome.failureReason !== undefined ? { failureReason: outcome.failureReason } : {}) });
  return outcome;
}

/** The run's failure reason when it was stopped: `the run was stopped (SIGINT)`. */
function stopReason(reason: unknown): string {
  const said = typeof reason === "string" ? reason : reason instanceof Error && reason.name !== "AbortError" ? reason.message : undefined;
  return said === undefined || said === "" ? "the run was stopped" : `the run was stopped (${said})`;
}

/** Whether the signal has aborted (read through a call: TypeScript narrows `signal.aborted` for good). */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** Waits `ms`, or until the signal aborts. */
async function sleepUnlessAborted(sleep: (ms: number) => Promise<void>, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return sleep(ms);
  if (signal.aborted) return;
  let onAbort = () => {};
  const aborted = new Promise<void>((done) => {
    onAbort = () => done();
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

function hash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}
