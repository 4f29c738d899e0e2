import { randomBytes } from "node:crypto";
import { mkdir, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { PipelineBuilder } from "../builder/pipeline-builder.js";
import type { ParameterMap, StepMap } from "../builder/step-definition.js";
import type { CodeAsset } from "../compile/assets.js";
import type { CompiledPipeline } from "../compile/compile.js";
import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import { resolveParameterValues, type ParameterArguments, type ParameterInputForm, type ParameterValue } from "../runtime/parameters.js";
import { didYouMean } from "../validate/suggest.js";
import { fileCache } from "./cache.js";
import { runEngine, type StepInvocation, type StepResult } from "./engine.js";
import { LocalRunError, LocalStepError } from "./errors.js";
import { executionIdProblem, pipelineNameProblem, writeProblems, writeUriProblem } from "./confine.js";
import { isExpression } from "../definition/expressions.js";
import { EvaluationError, evaluate, type EvaluationContext } from "../runtime/evaluate.js";
import { buildGraph, type GraphStep } from "./graph.js";
import { LocalObjectStore } from "./object-store.js";
import { readUnchangedAsset } from "../compile/assets.js";
import type { RunEvent, RunRecord } from "../runtime/run-record.js";
import { runCallback } from "./steps/callback.js";
import type { LocalCallbackHandler, LocalLambdaHandler, LocalStepContext } from "./steps/context.js";
import { runEndpoint } from "./steps/endpoint.js";
import { runEndpointConfig } from "./steps/endpoint-config.js";
import { lambdaHandlerOf, runLambda } from "./steps/lambda.js";
import { runModel } from "./steps/model.js";
import { runProcessing } from "./steps/processing.js";
import { runRegisterModel } from "./steps/register-model.js";
import { runTraining } from "./steps/training.js";
import { jobNameOf } from "./names.js";
import { localArn } from "./step-properties.js";
import { checkOptions, optionShape } from "../options.js";
import { checkStubs, propertyFileSchemasOf } from "./stub-check.js";
import { STEP_OUTCOME, stubbedResult, type StepOutcome } from "./stub.js";
import { resolveTarget, type RunTarget } from "./target.js";
import { chooseIsolation, type LocalIsolationRequest } from "./isolation.js";
import { writeFileAtomic } from "./files-atomic.js";
import { acquireLock, LockHeldError } from "./lock.js";

/** Options of {@link runLocal}. */
export interface RunLocalOptions<P extends ParameterMap = ParameterMap> {
  /** Parameter values of the run; declared defaults fill the rest. */
  readonly params?: ParameterArguments<P>;
  /** `"text"` when `params` come from a command line as strings. @default "typed" */
  readonly paramsForm?: ParameterInputForm;
  /** Where the local object store, registry, cache and run records live. @default ".sagepipe" */
  readonly workdir?: string;
  /**
   * Directory for relative code paths, mounts, local input paths and the workdir. @default for a
   * pipeline builder, the directory of the file that called `pipeline()`; else `process.cwd()`
   */
  readonly baseDir?: string;
  /** S3 prefixes read from local directories: `{ "s3://my-bucket/raw/": "./data" }`. */
  readonly mounts?: Readonly<Record<string, string>>;
  /** Local handlers of Lambda steps, by step name, function name or function ARN. */
  readonly handlers?: Readonly<Record<string, LocalLambdaHandler>>;
  /** Local handlers of Callback steps, by step name. */
  readonly callbacks?: Readonly<Record<string, LocalCallbackHandler>>;
  /** A local command per Processing/Training step, replacing the container entrypoint. */
  readonly commands?: Readonly<Record<string, readonly string[]>>;
  /**
   * Programs of entrypoints mapped to local executables: `{ python3: "/usr/bin/python3.12" }`.
   * Script mode (a framework estimator's entry point, a framework processor's script) runs with
   * `python`, else `python3`, else the `python3` on PATH.
   */
  readonly interpreters?: Readonly<Record<string, string>>;
  /** Stubbed outcomes for steps that need AWS (Tuning, Transform, ...), as in `simulate`. */
  readonly stubs?: Readonly<Record<string, StepOutcome>>;
  /** Steps running at once. @default the number of CPUs */
  readonly parallelism?: number;
  /** Reuse results of earlier runs for steps with CacheConfig. @default true */
  readonly cache?: boolean;
  /** The run's execution id. @default 12 random characters */
  readonly executionId?: string;
  /** Progress, as it happens. */
  readonly onEvent?: (event: RunEvent) => void;
  /** Each line a step's process prints. */
  readonly onLog?: (step: string, line: string) => void;
  /**
   * Stops the run: no new step starts, each running step's process group gets SIGTERM (then SIGKILL
   * after `stopGraceMs`), and the run ends `Stopped` with its record written.
   */
  readonly signal?: AbortSignal;
  /** Between SIGTERM and SIGKILL when a step is stopped (abort or MaxRuntimeInSeconds). @default 10000 */
  readonly stopGraceMs?: number;
  /**
   * How Processing and Training steps' `/opt/ml` is kept off this machine's real `/opt/ml`:
   * `"auto"` gives each step a private mount namespace where possible (Linux with `unshare`) and
   * otherwise detects writes to the real one; `"mount-namespace"` requires it (a run that cannot have
   * it fails before the first step); `"detect"` never uses it. The run record says which was used.
   * @default "auto"
   */
  readonly isolation?: LocalIsolationRequest;
  /** Waits between retries (tests pass a fake). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The pipeline's name, when running a bare definition. */
  readonly name?: string;
}

const RUN_LOCAL_OPTIONS = optionShape<RunLocalOptions>(
  {
    params: "map", paramsForm: true, workdir: true, baseDir: true, mounts: "map", handlers: "map", callbacks: "map", commands: "map", interpreters: "map",
    stubs: "map", parallelism: true, cache: true, executionId: true, onEvent: true, onLog: true, signal: true, stopGraceMs: true, isolation: true,
    sleep: true, name: true,
  },
  { stubs: { record: STEP_OUTCOME } },
);

/** The step types a local run executes (others need AWS, or a stub). */
export const LOCAL_STEP_TYPES: readonly string[] = ["Processing", "Training", "Condition", "Fail", "RegisterModel", "Model", "Lambda", "Callback", "EndpointConfig", "Endpoint"];

/**
 * Runs a pipeline on this machine, with no AWS account and no Docker: Processing and Training steps
 * run as local processes under the SageMaker container contract, S3 is a directory, conditions,
 * property files, caching, retries and Fail steps behave as in SageMaker, RegisterModel writes to a
 * local model registry and Lambda/Callback steps call local handlers. Writes the run record to
 * `<workdir>/runs/<id>/run.json` and returns it.
 *
 * Checks everything it can before the first step starts (parameters, handlers, commands, step types)
 * and throws one {@link LocalRunError} listing every problem.
 *
 * @example
 * ```ts
 * const run = await runLocal(churn, {
 *   params: { AccuracyThreshold: 0.8 },
 *   mounts: { "s3://my-sagepipe-bucket/churn/raw/": "./data" },
 *   handlers: { "sagepipe-deploy": localDeployHandler },
 * });
 * run.status; // "Succeeded"
 * ```
 */
export function runLocal<P extends ParameterMap, S extends StepMap>(pipeline: PipelineBuilder<P, S>, options?: RunLocalOptions<P>): Promise<RunRecord>;
export function runLocal(pipeline: CompiledPipeline | PipelineDefinition, options?: RunLocalOptions): Promise<RunRecord>;
export async function runLocal(pipeline: RunTarget, options: RunLocalOptions = {}): Promise<RunRecord> {
  checkOptions("runLocal", options, RUN_LOCAL_OPTIONS);
  // a builder's relative paths are read from the directory of the file that declares it
  const baseDir = resolve(options.baseDir ?? ("toNode" in pipeline ? pipeline.toNode().sourceDir : undefined) ?? process.cwd());
  const { name, definition, assets } = resolveTarget(pipeline, options.name, { baseDir });
  const graph = buildGraph(definition);
  const propertyFileSchemas = propertyFileSchemasOf(pipeline);
  checkStubs("runLocal", "stubs", options.stubs ?? {}, graph, propertyFileSchemas);
  const parameters = resolveParameterValues(name, definition.Parameters ?? [], options.params ?? {}, options.paramsForm ?? "typed");
  const executionId = options.executionId ?? randomId();
  preflight(name, graph, options, executionId, parameters, assets);

  const workdir = resolve(baseDir, options.workdir ?? ".sagepipe");
  await ensureDirectory(workdir);
  const isolation = await chooseIsolation(options.isolation ?? "auto", workdir);
  if (options.isolation === "mount-namespace" && isolation.mode !== "mount-namespace") {
    throw new LocalRunError("local-isolation-unavailable", `isolation: "mount-namespace" was asked for, but ${isolation.unavailable ?? "it is not available"}; nothing was run`);
  }
  const runDir = join(workdir, "runs", executionId);
  // one run per execution id at a time: a second one would share (and clear) its step sandboxes
  const runLock = await acquireLock(join(runDir, ".lock"), { wait: false }).catch((error: unknown) => {
    if (error instanceof LockHeldError) throw new LocalRunError("local-execution-in-use", `execution id ${JSON.stringify(executionId)} is in use by another run: ${error.message}`);
    throw error;
  });
  try {
    return await runLocked();
  } finally {
    await runLock.release();
  }

  async function runLocked(): Promise<RunRecord> {
    const warnings: string[] = [];
    const warn = (step: string | undefined, message: string) => {
      const text = step === undefined ? message : `step "${step}": ${message}`;
      warnings.push(text);
      options.onEvent?.({ type: "warning", ...(step !== undefined ? { step } : {}), message: text });
    };
    const store = new LocalObjectStore(join(workdir, "s3"), options.mounts ?? {}, baseDir);
    for (const asset of assets) {
      const bucket = /^s3:\/\/([^/]+)\//.exec(asset.s3Uri)?.[1] ?? "";
      for (const file of asset.files) {
        const uri = `s3://${bucket}/${file.key}`;
        // a file sagepipe made while compiling (a sourcedir.tar.gz, a runproc.sh) carries its bytes
        if (file.content === undefined) await store.putFile(file.path, uri);
        else await writeFileAtomic(store.pathOf(uri, "write"), file.content);
      }
      // the copies are what the steps run: code edited since compile would run under the old hash
      if (asset.kind !== "generated") await readUnchangedAsset(asset, (file) => store.pathOf(`s3://${bucket}/${file.key}`, "write"));
    }
    const deployments: Record<string, unknown>[] = [];
    const context: LocalStepContext = {
      store,
      workdir,
      runDir,
      executionId,
      pipelineName: name,
      parameters,
      assets,
      commands: options.commands ?? {},
      interpreters: options.interpreters ?? {},
      lambdaHandlers: options.handlers ?? {},
      callbackHandlers: options.callbacks ?? {},
      ...(options.onLog !== undefined ? { onLog: options.onLog } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      isolation,
      ...(options.stopGraceMs !== undefined ? { stopGraceMs: options.stopGraceMs } : {}),
      warn,
    };
    const execute = (invocation: StepInvocation): Promise<StepResult> => {
      const stub = options.stubs?.[invocation.step.name];
      if (stub !== undefined) return Promise.resolve(stubbedResult(invocation, stub));
      const problems = writeProblems(invocation.step, invocation.arguments);
      if (problems.length > 0) return Promise.reject(new LocalStepError(problems.join("; ")));
      switch (invocation.step.type) {
        case "Processing":
          return runProcessing(invocation, context);
        case "Training":
          return runTraining(invocation, context);
        case "RegisterModel":
          return runRegisterModel(invocation, context);
        case "Model":
          return runModel(invocation, context);
        case "Lambda":
          return runLambda(invocation, context, deployments);
        case "Callback":
          return runCallback(invocation, context, deployments);
        case "EndpointConfig":
          return runEndpointConfig(invocation, context);
        case "Endpoint":
          return runEndpoint(invocation, context, deployments);
        default:
          return Promise.reject(new Error(`${invocation.step.type} steps need AWS`));
      }
    };

    const now = () => new Date();
    const startedAt = now();
    await mkdir(runDir, { recursive: true });
    const pipelineArn = localArn("pipeline", name);
    const publicIsolation = { mode: isolation.mode, detail: isolation.detail };
    options.onEvent?.({ type: "run-started", pipelineName: name, executionId, isolation: publicIsolation });
    const outcome = await runEngine({
      definition,
      pipelineName: name,
      parameters,
      executionId,
      executionArn: `${pipelineArn}/execution/${executionId}`,
      pipelineArn,
      startedAt,
      parallelism: Math.max(1, options.parallelism ?? availableParallelism()),
      execute,
      s3Json: (uri) => store.readJson(uri),
      propertyFileSchemas,
      ...(options.cache !== false ? { cache: fileCache(workdir, name, executionId, now, warn) } : {}),
      sleep: options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms))),
      now,
      ...(options.onEvent !== undefined ? { onEvent: options.onEvent } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    const record: RunRecord = {
      pipelineName: name,
      executionId,
      executionArn: `${pipelineArn}/execution/${executionId}`,
      status: outcome.status,
      ...(outcome.failureReason !== undefined ? { failureReason: outcome.failureReason } : {}),
      ...(outcome.failedStep !== undefined ? { failedStep: outcome.failedStep } : {}),
      startedAt: startedAt.toISOString(),
      endedAt: now().toISOString(),
      parameters,
      steps: outcome.steps,
      conditions: outcome.conditions,
      registeredModels: outcome.steps.flatMap((step) => (step.registeredModel !== undefined ? [step.registeredModel] : [])),
      deployments,
      isolation: publicIsolation,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
    await writeFileAtomic(join(runDir, "run.json"), `${JSON.stringify(record, null, 2)}\n`);
    return record;
  }
}

/** Everything that would stop the run midway, found before it starts. */
function preflight(
  name: string,
  graph: readonly GraphStep[],
  options: RunLocalOptions,
  executionId: string,
  parameters: Readonly<Record<string, ParameterValue>>,
  assets: readonly CodeAsset[],
): void {
  const problems: string[] = [];
  for (const problem of [executionIdProblem(executionId), pipelineNameProblem(name)]) if (problem !== undefined) problems.push(problem);
  // the local code is "uploaded" into the object store before the first step: where it goes must be inside it
  for (const asset of assets) {
    const problem = writeUriProblem(asset.s3Uri, `the code ${JSON.stringify(asset.localPath)} goes to`);
    if (problem !== undefined) problems.push(`${problem}: check the pipeline's .assets({ bucket, prefix })`);
  }
  // where each step would write, as far as the parameters tell (the rest is checked when the step starts)
  const known: EvaluationContext = {
    parameter: (parameter) => parameters[parameter],
    execution: () => undefined,
    experiment: () => undefined,
    stepProperties: () => undefined,
    propertyFile: (step, file) => {
      throw new EvaluationError(`property file "${file}" of step "${step}" is not known before the run`);
    },
    s3Json: (uri) => {
      throw new EvaluationError(`${uri} is not read before the run`);
    },
  };
  for (const step of graph) {
    if (options.stubs?.[step.name] === undefined) problems.push(...writeProblems(step, resolveKnown(step.value.Arguments, known)));
  }
  const names = graph.map((step) => step.name);
  const byName = new Map(graph.map((step) => [step.name, step]));
  const stubs = options.stubs ?? {};
  for (const [option, keys] of [
    ["stubs", Object.keys(stubs)],
    ["commands", Object.keys(options.commands ?? {})],
    ["callbacks", Object.keys(options.callbacks ?? {})],
  ] as const) {
    for (const key of keys) if (!byName.has(key)) problems.push(`${option}.${key}: there is no step "${key}".${didYouMean(key, names)}`);
  }
  for (const step of graph) {
    if (stubs[step.name] !== undefined) continue;
    const args = (step.value.Arguments ?? {}) as Record<string, unknown>;
    if (!LOCAL_STEP_TYPES.includes(step.type)) {
      problems.push(`step "${step.name}" (${step.type}) needs AWS and does not run locally: stub its outcome with stubs: { ${step.name}: { properties: {...} } }, or run the pipeline in SageMaker`);
    } else if (step.type === "Lambda" && lambdaHandlerOf(step, options.handlers ?? {}) === undefined) {
      const arn = typeof step.value.FunctionArn === "string" ? step.value.FunctionArn : "";
      problems.push(`Lambda step "${step.name}" (${arn}) has no local handler: add handlers: { ${step.name}: (event) => ({ ...outputs }) }`);
    } else if (step.type === "Callback" && options.callbacks?.[step.name] === undefined) {
      problems.push(`Callback step "${step.name}" has no local handler: add callbacks: { ${step.name}: ({ token, arguments }) => ({ ...outputs }) }`);
    } else if (step.type === "Processing" && options.commands?.[step.name] === undefined && !hasEntrypoint(args.AppSpecification)) {
      problems.push(`Processing step "${step.name}" has no ContainerEntrypoint (its image's default command runs in SageMaker): give it a local command with commands: { ${step.name}: ["python3", "script.py"] }`);
    } else if (step.type === "Training" && options.commands?.[step.name] === undefined && !hasEntrypoint(args.AlgorithmSpecification) && !isScriptMode(args.HyperParameters)) {
      problems.push(`Training step "${step.name}" has no ContainerEntrypoint (its image's "train" program runs in SageMaker): give it a local command with commands: { ${step.name}: ["python3", "train.py"] }`);
    }
  }
  const jobNames = new Map<string, string>();
  for (const step of graph) {
    const jobName = jobNameOf(executionId, step.name);
    const other = jobNames.get(jobName);
    if (other !== undefined) problems.push(`steps "${other}" and "${step.name}" would share the local job name ${jobName} (and their outputs with it): rename one`);
    jobNames.set(jobName, step.name);
  }
  if (problems.length > 0) {
    throw new LocalRunError(
      "local-preflight-failed",
      `pipeline "${name}" cannot run locally (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was run:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

/** Resolves the expressions that can be resolved; the others stay as they are. */
function resolveKnown(value: unknown, context: EvaluationContext): unknown {
  if (isExpression(value)) {
    try {
      return evaluate(value, context);
    } catch (error) {
      if (error instanceof EvaluationError) return value;
      throw error;
    }
  }
  if (Array.isArray(value)) return value.map((item: unknown) => resolveKnown(item, context));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveKnown(item, context)]));
  return value;
}

/** Creates the workdir, or says clearly why it cannot be (a file where a directory should be). */
async function ensureDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR" || code === "EEXIST") {
      let blocking = dir;
      for (let parent = dir; ; parent = dirname(parent)) {
        const info = await stat(parent).catch(() => undefined);
        if (info !== undefined && !info.isDirectory()) blocking = parent;
        if (info !== undefined || dirname(parent) === parent) break;
      }
      throw new LocalRunError("local-workdir-unusable", `the workdir ${dir} cannot be used: ${blocking} is a file, not a directory`, { cause: error });
    }
    throw new LocalRunError("local-workdir-unusable", `the workdir ${dir} cannot be created: ${(error as Error).message}`, { cause: error });
  }
}

function hasEntrypoint(spec: unknown): boolean {
  const entrypoint = typeof spec === "object" && spec !== null ? (spec as { ContainerEntrypoint?: unknown }).ContainerEntrypoint : undefined;
  return Array.isArray(entrypoint) && entrypoint.length > 0;
}

/** A framework estimator's job (script mode): the training toolkit runs its `sagemaker_program`. */
function isScriptMode(hyperparameters: unknown): boolean {
  return typeof hyperparameters === "object" && hyperparameters !== null && (hyperparameters as Record<string, unknown>).sagemaker_program !== undefined;
}

function randomId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(12)].map((byte) => alphabet[byte % alphabet.length]).join("");
}
