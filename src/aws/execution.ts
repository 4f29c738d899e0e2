import { randomUUID } from "node:crypto";
import type { DescribePipelineExecutionResponse, PipelineExecutionStatus, StepStatus } from "./sagemaker-shapes.js";
import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import { SagepipeError } from "../errors.js";
import type { ParameterInputForm, ParameterValue } from "../runtime/parameters.js";
import { callAws, collectPages } from "./call.js";
import { ClientProvider, sagemakerModule, type AwsClients } from "./clients.js";
import { parseDeployedDefinition } from "./deployed.js";
import { AwsOperationError, ExecutionFailedError, isTransientAwsError, type FailedStep } from "./errors.js";
import { toExecutionStep, type ExecutionStep } from "./execution-steps.js";
import { assembleLineage } from "./lineage.js";
import type { RunRecord } from "../runtime/run-record.js";
import { WaitControl, jittered } from "./polling.js";
import { selectSteps } from "./selection.js";
import { checkStartOptions, parameterTexts, sendStart } from "./start-request.js";
import { checkClientRequestToken } from "./tokens.js";
import { checkOptions, optionShape } from "../options.js";

/** What DescribePipelineExecution returns (without the SDK's `$metadata`). */
export type ExecutionDescription = DescribePipelineExecutionResponse;

/** Options of {@link Execution.wait} and {@link Execution.progress}. */
export interface WatchOptions {
  /** Stops waiting (not the execution) with an `AwsOperationError` of code `wait-aborted`. */
  readonly signal?: AbortSignal;
  /** Gives up after this many milliseconds with an `AwsOperationError` of code `wait-timeout`. Default: no limit. */
  readonly timeoutMs?: number;
  /** The first delay between polls; it doubles (with jitter) up to `maxPollIntervalMs`. @default 5000 */
  readonly pollIntervalMs?: number;
  /** The longest delay between polls. @default 30000 */
  readonly maxPollIntervalMs?: number;
  /**
   * Transient errors (throttling, HTTP 5xx, network) in a row that the loop survives, backing off
   * between them, before it throws the last one. @default 10
   */
  readonly maxTransientErrors?: number;
}

/** Options of {@link Execution.wait}. */
export interface WaitOptions extends WatchOptions {
  /** Called when a step's status changes (first seen, started, succeeded, failed, ...). */
  readonly onStep?: (step: ExecutionStep, previousStatus: StepStatus | undefined) => void;
}

/** An event of {@link Execution.progress}. */
export type ExecutionProgress =
  | { readonly kind: "step"; readonly step: ExecutionStep; readonly previousStatus?: StepStatus }
  | { readonly kind: "status"; readonly status: PipelineExecutionStatus; readonly previousStatus?: PipelineExecutionStatus; readonly description: ExecutionDescription };

/** Options of {@link Execution.rerun}. */
export interface RerunOptions {
  /** Run this step and every step downstream of it (DependsOn, data references, condition branches). */
  readonly from?: string;
  /** Run these steps (with `from`: these as well). */
  readonly steps?: readonly string[];
  /**
   * Start from this execution's parameter values (ListPipelineParametersForExecution), overridden
   * by `params`. @default true
   */
  readonly reuseParameters?: boolean;
  /** Parameter values to set, checked against the execution's definition. */
  readonly params?: Readonly<Record<string, ParameterValue>>;
  /** `"text"` when `params` come from a command line (`"0.8"` for a Float). @default "typed" */
  readonly paramsForm?: ParameterInputForm;
  readonly displayName?: string;
  readonly description?: string;
  readonly clientRequestToken?: string;
  /** `MaxParallelExecutionSteps` for the new execution. */
  readonly parallelism?: number;
}

const TERMINAL: ReadonlySet<string> = new Set(["Succeeded", "Failed", "Stopped"]);
const EXECUTION_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:pipeline\/([^/]+)\/execution\/([^/]+)$/;

const WAIT_OPTIONS = optionShape<WaitOptions>({ onStep: true, signal: true, timeoutMs: true, pollIntervalMs: true, maxPollIntervalMs: true, maxTransientErrors: true });
const PROGRESS_OPTIONS = optionShape<WatchOptions>({ signal: true, timeoutMs: true, pollIntervalMs: true, maxPollIntervalMs: true, maxTransientErrors: true });
const STOP_OPTIONS = optionShape<{ readonly clientRequestToken?: string }>({ clientRequestToken: true });
const RETRY_OPTIONS = optionShape<{ readonly clientRequestToken?: string; readonly parallelism?: number }>({ clientRequestToken: true, parallelism: true });
const RERUN_OPTIONS = optionShape<RerunOptions>({
  from: true, steps: "list", reuseParameters: true, params: "map", paramsForm: true, displayName: true, description: true, clientRequestToken: true, parallelism: true,
});

/**
 * A handle on one pipeline execution: read its status and steps, wait for it, stop, retry or
 * rerun part of it. Get one from `start`, `executionOf(arn)` or `listExecutions`.
 *
 * @example
 * ```ts
 * const execution = await start(churnPipeline, { params: { AccuracyThreshold: 0.9 } });
 * await execution.wait({ onStep: (step) => console.log(step.name, step.status) });
 * ```
 */
export class Execution {
  /** The execution's ARN. */
  readonly arn: string;
  /** The pipeline's name: as given to `start`, or as the ARN spells it (lowercase). */
  readonly pipelineName: string;
  /** The pipeline's ARN (the execution ARN up to `/execution/`). */
  readonly pipelineArn: string;
  readonly #clients: ClientProvider;
  /** How StartPipelineExecution names the pipeline: the real name when known, else the pipeline ARN. */
  readonly #pipelineRef: string;

  /**
   * @param arn a pipeline execution ARN: `arn:aws:sagemaker:<region>:<account>:pipeline/<name>/execution/<id>`
   *
   * @example
   * ```ts
   * const execution = new Execution("arn:aws:sagemaker:us-east-1:111111111111:pipeline/churn/execution/abc123");
   * ```
   */
  constructor(arn: string, options: { readonly clients?: AwsClients; readonly pipelineName?: string } = {}) {
    const match = EXECUTION_ARN.exec(arn);
    if (match === null) {
      throw new SagepipeError("invalid-execution-arn", `"${arn}" is not a pipeline execution ARN (arn:aws:sagemaker:<region>:<account>:pipeline/<name>/execution/<id>)`);
    }
    this.arn = arn;
    this.pipelineName = options.pipelineName ?? match[1] ?? "";
    this.pipelineArn = arn.slice(0, arn.indexOf("/execution/"));
    this.#pipelineRef = options.pipelineName ?? this.pipelineArn;
    this.#clients = new ClientProvider(options.clients);
  }

  /**
   * DescribePipelineExecution: status, failure reason, times, parallelism, ...
   *
   * @example
   * ```ts
   * const { PipelineExecutionStatus } = await execution.describe();
   * ```
   */
  async describe(signal?: AbortSignal): Promise<ExecutionDescription> {
    const sagemaker = await this.#clients.sagemaker();
    const { DescribePipelineExecutionCommand } = await sagemakerModule();
    const { $metadata: _, ...description } = await callAws(
      "DescribePipelineExecution",
      () => sagemaker.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: this.arn }), signal === undefined ? {} : { abortSignal: signal }),
      { notFoundCode: "execution-not-found", subject: `execution ${this.arn}` },
    );
    return description;
  }

  /**
   * Every step of the execution (all pages of ListPipelineExecutionSteps, oldest first), typed by
   * step type: job ARNs, cache hits, failure reasons, callback tokens, condition outcomes.
   *
   * @example
   * ```ts
   * const failed = (await execution.steps()).filter((s) => s.status === "Failed");
   * ```
   */
  async steps(signal?: AbortSignal): Promise<ExecutionStep[]> {
    const sagemaker = await this.#clients.sagemaker();
    const { ListPipelineExecutionStepsCommand } = await sagemakerModule();
    const steps = await collectPages(async (NextToken) => {
      const page = await callAws(
        "ListPipelineExecutionSteps",
        () =>
          sagemaker.send(
            new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: this.arn, SortOrder: "Ascending", ...(NextToken === undefined ? {} : { NextToken }) }),
            signal === undefined ? {} : { abortSignal: signal },
          ),
        { notFoundCode: "execution-not-found", subject: `execution ${this.arn}` },
      );
      return { items: page.PipelineExecutionSteps, nextToken: page.NextToken };
    });
    return steps.map(toExecutionStep);
  }

  /**
   * Polls until the execution ends, with jittered exponential backoff. Returns the final
   * description when it `Succeeded`; throws an `ExecutionFailedError` (naming the failed steps and
   * their reasons) when it ends `Failed` or `Stopped`. Throttling, HTTP 5xx and network errors are
   * retried inside the loop; `signal` ends the wait with `wait-aborted`, `timeoutMs` with
   * `wait-timeout` (the execution keeps running in both cases).
   *
   * @example
   * ```ts
   * const done = await execution.wait({ timeoutMs: 2 * 60 * 60_000, onStep: (s) => log(`${s.name}: ${s.status}`) });
   * ```
   */
  async wait(options: WaitOptions = {}): Promise<ExecutionDescription> {
    checkOptions("wait", options, WAIT_OPTIONS);
    const control = new WaitControl(`execution ${this.arn}`, options);
    try {
      const watch = this.#watch(control, options, options.onStep !== undefined);
      for (;;) {
        const next = await watch.next();
        if (next.done === true) {
          const description = next.value;
          if (description.PipelineExecutionStatus === "Succeeded") return description;
          throw await this.#failure(description.PipelineExecutionStatus === "Stopped" ? "Stopped" : "Failed", description, control);
        }
        if (next.value.kind === "step") options.onStep?.(next.value.step, next.value.previousStatus);
      }
    } finally {
      control.dispose();
    }
  }

  /**
   * The execution's progress as an async iterator: an event when a step's status changes and when
   * the execution's status changes; it ends after the execution's final status (`Succeeded`,
   * `Failed` or `Stopped`: no error is thrown for a failed execution here). Same options as `wait`.
   *
   * @example
   * ```ts
   * for await (const event of execution.progress()) {
   *   if (event.kind === "step") console.log(event.step.name, event.step.status);
   * }
   * ```
   */
  async *progress(options: WatchOptions = {}): AsyncGenerator<ExecutionProgress, void, undefined> {
    checkOptions("progress", options, PROGRESS_OPTIONS);
    const control = new WaitControl(`execution ${this.arn}`, options);
    try {
      yield* this.#watch(control, options, true);
    } finally {
      control.dispose();
    }
  }

  /**
   * StopPipelineExecution. The execution moves to `Stopping`, then `Stopped`.
   *
   * @example
   * ```ts
   * await execution.stop();
   * ```
   */
  async stop(options: { readonly clientRequestToken?: string } = {}): Promise<void> {
    checkOptions("stop", options, STOP_OPTIONS);
    const token = options.clientRequestToken ?? randomUUID();
    checkClientRequestToken(token);
    const sagemaker = await this.#clients.sagemaker();
    const { StopPipelineExecutionCommand } = await sagemakerModule();
    await callAws("StopPipelineExecution", () => sagemaker.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: this.arn, ClientRequestToken: token })), {
      notFoundCode: "execution-not-found",
      subject: `execution ${this.arn}`,
    });
  }

  /**
   * RetryPipelineExecution: resumes a failed execution from its failed steps (the same execution
   * ARN). Sends a `ClientRequestToken` (a random one unless given, so a retried call is idempotent).
   *
   * @example
   * ```ts
   * await (await execution.retry()).wait();
   * ```
   */
  async retry(options: { readonly clientRequestToken?: string; readonly parallelism?: number } = {}): Promise<Execution> {
    checkOptions("retry", options, RETRY_OPTIONS);
    const token = options.clientRequestToken ?? randomUUID();
    checkStartOptions({ clientRequestToken: token, ...(options.parallelism === undefined ? {} : { parallelism: options.parallelism }) });
    const sagemaker = await this.#clients.sagemaker();
    const { RetryPipelineExecutionCommand } = await sagemakerModule();
    await callAws(
      "RetryPipelineExecution",
      () =>
        sagemaker.send(
          new RetryPipelineExecutionCommand({
            PipelineExecutionArn: this.arn,
            ClientRequestToken: token,
            ...(options.parallelism === undefined ? {} : { ParallelismConfiguration: { MaxParallelExecutionSteps: options.parallelism } }),
          }),
        ),
      { notFoundCode: "execution-not-found", subject: `execution ${this.arn}` },
    );
    return this;
  }

  /**
   * Starts a new execution that runs only some steps (selective execution), reusing this
   * execution's results for the others: `from` a step (it and everything downstream of it in this
   * execution's definition) and/or named `steps`. Parameter values are this execution's unless
   * overridden with `params` (or `reuseParameters: false`). Step names and parameters are checked
   * before any write; SageMaker runs the pipeline's current version.
   *
   * @example
   * ```ts
   * const again = await failed.rerun({ from: "Evaluate" });
   * ```
   */
  async rerun(options: RerunOptions): Promise<Execution> {
    checkOptions("rerun", options, RERUN_OPTIONS);
    checkStartOptions(options);
    const definition = await this.definition();
    const steps = selectSteps(definition, options);
    const reuse = options.reuseParameters !== false;
    const overrides = parameterTexts(this.pipelineName, definition.Parameters ?? [], options.params, {
      ...(options.paramsForm === undefined ? {} : { form: options.paramsForm }),
      requireAll: !reuse,
    });
    const parameters = { ...(reuse ? await this.parameters() : {}), ...overrides };
    const sagemaker = await this.#clients.sagemaker();
    const arn = await sendStart(sagemaker, {
      pipeline: this.#pipelineRef,
      parameters,
      selectiveExecution: { sourceExecutionArn: this.arn, steps },
      ...pick(options, ["displayName", "description", "clientRequestToken", "parallelism"]),
    });
    return new Execution(arn, { clients: this.#clients.snapshot(), ...(this.#pipelineRef === this.pipelineArn ? {} : { pipelineName: this.pipelineName }) });
  }

  /**
   * The definition this execution runs (DescribePipelineDefinitionForExecution), parsed.
   *
   * @example
   * ```ts
   * const steps = (await execution.definition()).Steps.map((s) => s.Name);
   * ```
   */
  async definition(): Promise<PipelineDefinition> {
    const sagemaker = await this.#clients.sagemaker();
    const { DescribePipelineDefinitionForExecutionCommand } = await sagemakerModule();
    const response = await callAws(
      "DescribePipelineDefinitionForExecution",
      () => sagemaker.send(new DescribePipelineDefinitionForExecutionCommand({ PipelineExecutionArn: this.arn })),
      { notFoundCode: "execution-not-found", subject: `execution ${this.arn}` },
    );
    return parseDeployedDefinition(response.PipelineDefinition, `execution ${this.arn}`);
  }

  /**
   * The execution's parameter values, as text (all pages of ListPipelineParametersForExecution).
   *
   * @example
   * ```ts
   * const { AccuracyThreshold } = await execution.parameters(); // "0.9"
   * ```
   */
  async parameters(): Promise<Record<string, string>> {
    const sagemaker = await this.#clients.sagemaker();
    const { ListPipelineParametersForExecutionCommand } = await sagemakerModule();
    const list = await collectPages(async (NextToken) => {
      const page = await callAws(
        "ListPipelineParametersForExecution",
        () => sagemaker.send(new ListPipelineParametersForExecutionCommand({ PipelineExecutionArn: this.arn, ...(NextToken === undefined ? {} : { NextToken }) })),
        { notFoundCode: "execution-not-found", subject: `execution ${this.arn}` },
      );
      return { items: page.PipelineParameters, nextToken: page.NextToken };
    });
    const values: Record<string, string> = {};
    for (const { Name, Value } of list) if (Name !== undefined) values[Name] = Value ?? "";
    return values;
  }

  /**
   * What produced this execution's model, in one call, in the shape of a local run record:
   * parameters; per step the job, image, instance type, input/output URIs, code assets and hashes,
   * hyperparameters, metrics and property files; each condition's decision with the values it
   * compared; the registered model package; what was deployed; the commit it came from.
   *
   * @example
   * ```ts
   * const record = await execution.lineage();
   * record.registeredModels[0]?.modelPackageVersion; // 7
   * ```
   */
  async lineage(): Promise<RunRecord> {
    return assembleLineage(this, this.#clients);
  }

  /** The polling loop behind `wait` and `progress`: yields changes, returns the final description. */
  async *#watch(control: WaitControl, options: WatchOptions, watchSteps: boolean): AsyncGenerator<ExecutionProgress, ExecutionDescription, undefined> {
    const initial = positive(options.pollIntervalMs, 5_000, "pollIntervalMs");
    const longest = Math.max(initial, positive(options.maxPollIntervalMs, 30_000, "maxPollIntervalMs"));
    const maxTransient = options.maxTransientErrors ?? 10;
    const stepStatus = new Map<string, StepStatus>();
    let executionStatus: PipelineExecutionStatus | undefined;
    let interval = initial;
    let transientErrors = 0;
    for (;;) {
      control.check();
      const polled = await this.#poll(control, watchSteps).catch((error: unknown) => {
        control.check();
        if (!isTransientAwsError(error) || ++transientErrors > maxTransient) throw error;
        return undefined;
      });
      if (polled !== undefined) {
        transientErrors = 0;
        let changed = false;
        for (const step of polled.steps) {
          const previous = stepStatus.get(step.name);
          if (previous === step.status) continue;
          stepStatus.set(step.name, step.status);
          changed = true;
          yield previous === undefined ? { kind: "step", step } : { kind: "step", step, previousStatus: previous };
        }
        const status = polled.description.PipelineExecutionStatus;
        if (status !== undefined && status !== executionStatus) {
          const previousStatus = executionStatus;
          executionStatus = status;
          changed = true;
          yield { kind: "status", status, ...(previousStatus === undefined ? {} : { previousStatus }), description: polled.description };
        }
        if (status !== undefined && TERMINAL.has(status)) return polled.description;
        if (changed) interval = initial; // activity: look again soon
      }
      await control.sleep(jittered(interval));
      interval = Math.min(interval * 2, longest);
    }
  }

  /** One poll: the description, and the steps when they are watched. */
  async #poll(control: WaitControl, watchSteps: boolean): Promise<{ description: ExecutionDescription; steps: ExecutionStep[] }> {
    const description = await this.describe(control.signal);
    if (!watchSteps) return { description, steps: [] };
    const status = description.PipelineExecutionStatus;
    if (status === undefined || !TERMINAL.has(status)) return { description, steps: await this.steps(control.signal) };
    // the execution has ended: that is the news; its steps are reported when they can be read (the SDK
    // has retried the call already), never waited for
    const steps = await this.steps(control.signal).catch((error: unknown) => {
      control.check();
      if (error instanceof AwsOperationError) return [];
      throw error;
    });
    return { description, steps };
  }

  /** The error for a failed or stopped execution, with its steps (read with the same retries as the loop). */
  async #failure(status: "Failed" | "Stopped", description: ExecutionDescription, control: WaitControl): Promise<ExecutionFailedError> {
    // best effort: the execution's end is the news; its steps add the reasons when they can be read
    // in one call (the SDK retries it), not after rounds of polling
    let steps: ExecutionStep[] = [];
    if (!control.ended) {
      try {
        steps = await this.steps(control.signal);
      } catch (error) {
        if (!(error instanceof AwsOperationError)) throw error;
      }
    }
    const failed: FailedStep[] = steps
      .filter((step) => step.status === "Failed" || step.status === "Stopped" || step.status === "Stopping")
      .map((step) => {
        const reason = step.failureReason ?? (step.type === "Fail" ? step.errorMessage : undefined);
        return { name: step.name, ...(step.type === "Unknown" ? {} : { type: step.type }), status: step.status, ...(reason === undefined ? {} : { reason }) };
      });
    return new ExecutionFailedError(this.arn, status, failed, description.FailureReason?.trim() === "" ? undefined : description.FailureReason);
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value >= 0)) throw new SagepipeError("invalid-option", `${name} must be a number of milliseconds (0 or more), got ${value}`);
  return value;
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
