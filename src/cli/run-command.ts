import { dirname, relative, resolve } from "node:path";
import { SagepipeError } from "../errors.js";
import { describeCondition } from "../runtime/format-record.js";
import { LocalRunError } from "../local/errors.js";
import type { RunEvent, RunRecord } from "../runtime/run-record.js";
import { runLocal, type RunLocalOptions } from "../local/run-local.js";
import { ParameterError } from "../runtime/parameters.js";
import { CompileError } from "../compile/compile.js";
import { formatIssues } from "../validate/issues.js";
import { loadPipelineModule, type LoadedPipelineModule } from "./load-pipeline.js";
import { UsageError, type CliIo } from "./run.js";

interface RunArgs {
  readonly values: {
    local?: boolean;
    param?: string[];
    mount?: string[];
    workdir?: string;
    json?: boolean;
    "no-cache"?: boolean;
    parallelism?: string;
    "execution-id"?: string;
    logs?: boolean;
  };
  readonly positionals: string[];
}

/**
 * Splits `K=V` options (`--param`, `--mount`) into a record.
 *
 * @example
 * ```ts
 * keyValues(["AccuracyThreshold=0.99"], "--param") // { AccuracyThreshold: "0.99" }
 * ```
 */
export function keyValues(items: readonly string[], option: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const item of items) {
    const at = item.indexOf("=");
    if (at <= 0) throw new UsageError(`${option} takes NAME=VALUE, got "${item}"`);
    found[item.slice(0, at)] = item.slice(at + 1);
  }
  return found;
}

/**
 * `sagepipe run <pipeline.ts> --local [--param K=V]...`: runs the pipeline on this machine (see
 * `runLocal`), printing each step's progress to stderr and a summary (or, with `--json`, the run
 * record) to stdout. A named export `local` of the module gives more run options (mounts, handlers,
 * commands). Exit 0 when the run Succeeded, 1 when it failed or cannot run locally, 2 usage or input.
 *
 * @example
 * ```ts
 * await runCommand({ values: { local: true, param: ["AccuracyThreshold=0.99"] }, positionals: ["examples/churn/pipeline.ts"] }, io)
 * // 1: the run took the Fail branch
 * ```
 */
export async function runCommand({ values, positionals }: RunArgs, io: CliIo): Promise<number> {
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError("run needs a pipeline file: sagepipe run <pipeline.ts> --local");
  if (extra.length > 0) throw new UsageError(`run takes one file, got ${positionals.length}`);
  if (values.local !== true) throw new UsageError("run executes on this machine and needs --local (to run in SageMaker: sagepipe upsert, then sagepipe start --wait)");
  const parallelism = values.parallelism === undefined ? undefined : Number(values.parallelism);
  if (parallelism !== undefined && !(Number.isInteger(parallelism) && parallelism > 0)) throw new UsageError(`--parallelism must be a positive integer, got "${values.parallelism}"`);
  const params = keyValues(values.param ?? [], "--param");
  const mounts = keyValues(values.mount ?? [], "--mount");

  let loaded: LoadedPipelineModule;
  try {
    loaded = await loadPipelineModule(file, io.cwd);
  } catch (error) {
    if (error instanceof SagepipeError) {
      io.stderr(`sagepipe: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const moduleOptions = localOptionsOf(loaded.exports.local);
  const baseDir = resolve(io.cwd, dirname(file));
  const started = new Map<string, number>();
  const options: RunLocalOptions = {
    ...moduleOptions,
    baseDir,
    params,
    paramsForm: "text",
    mounts: { ...moduleOptions.mounts, ...mounts },
    ...(values.workdir !== undefined ? { workdir: resolve(io.cwd, values.workdir) } : {}),
    ...(values["no-cache"] === true ? { cache: false } : {}),
    ...(parallelism !== undefined ? { parallelism } : {}),
    ...(values["execution-id"] !== undefined ? { executionId: values["execution-id"] } : {}),
    onEvent: (event) => {
      if (event.type === "step-started") started.set(event.step, Date.now());
      const line = describeEvent(event);
      if (line !== undefined) io.stderr(`${line}\n`);
    },
    ...(values.logs === true ? { onLog: (step: string, line: string) => io.stderr(`  ${step} | ${line}\n`) } : {}),
  };

  let record: RunRecord;
  try {
    record = await runLocal(loaded.pipeline.compile({ baseDir }), options);
  } catch (error) {
    if (error instanceof ParameterError) {
      io.stderr(`sagepipe: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CompileError) {
      io.stderr(`${file}: ${error.issues.length} issue(s)\n\n${formatIssues(error.issues)}\n`);
      return 1;
    }
    if (error instanceof LocalRunError || error instanceof SagepipeError) {
      io.stderr(`sagepipe: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (values.json === true) io.stdout(`${JSON.stringify(record, null, 2)}\n`);
  else io.stdout(summary(record, io.cwd, options.workdir ?? resolve(baseDir, ".sagepipe")));
  return record.status === "Succeeded" ? 0 : 1;
}

function localOptionsOf(value: unknown): RunLocalOptions {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null) throw new UsageError("the pipeline module's `local` export must be an object of runLocal options");
  return value as RunLocalOptions;
}

/** One progress line per event. */
export function describeEvent(event: RunEvent): string | undefined {
  switch (event.type) {
    case "step-started":
      return event.attempt > 1 ? `▶ ${event.step} (${event.stepType}) attempt ${event.attempt}` : `▶ ${event.step} (${event.stepType})`;
    case "step-succeeded":
      return event.cached ? `↺ ${event.step} cached: reused an earlier run's result` : `✓ ${event.step} ${formatMs(event.durationMs)}`;
    case "step-failed":
      return `✗ ${event.step} failed: ${event.reason}`;
    case "step-retrying":
      return `↻ ${event.step} failed (${event.reason.split("\n")[0]}), retrying in ${formatMs(event.delayMs)}`;
    case "step-skipped":
      return `– ${event.step} skipped: ${event.because}`;
    case "condition-evaluated":
      return `◆ ${event.decision.step}: ${event.decision.conditions.map(describeCondition).join(" and ")} → ${event.decision.outcome} (${event.decision.branch})`;
    case "run-finished":
      return undefined;
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function summary(record: RunRecord, cwd: string, workdir: string): string {
  const lines = [`\n${record.pipelineName} ${record.executionId}: ${record.status}${record.failureReason !== undefined ? ` — ${record.failureReason}` : ""}`];
  for (const model of record.registeredModels) lines.push(`  registered ${model.modelPackageGroupName} version ${model.modelPackageVersion} (${model.approvalStatus})`);
  for (const deployment of record.deployments) lines.push(`  deployed ${String(deployment.endpointName ?? deployment.step)} (recorded locally)`);
  lines.push(`  run record: ${relative(cwd, resolve(workdir, "runs", record.executionId, "run.json"))}`);
  return `${lines.join("\n")}\n`;
}
