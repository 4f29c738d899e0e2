import { Option, type Command } from "commander";
import { constants } from "node:os";
import { dirname, relative, resolve } from "node:path";
import { DEFAULT_STOP_GRACE_MS, killAllStepProcesses } from "../../local/container.js";
import { describeCondition } from "../../runtime/format-record.js";
import type { RunEvent, RunRecord } from "../../runtime/run-record.js";
import { runLocal, type RunLocalOptions } from "../../local/run-local.js";
import { EXIT, UsageError, type CliContext, type CliIo } from "../context.js";
import { loadPipelineModule } from "../load-pipeline.js";
import { collectKeyValue, keyValues, maxStepsOption, positiveInteger } from "../options.js";
import { codeBaseDir } from "../pipeline-file.js";

/** The options of `sagepipe run`, as commander parses them. */
export interface RunCommandOptions {
  readonly local?: boolean;
  readonly param?: readonly string[];
  readonly mount?: readonly string[];
  readonly workdir?: string;
  readonly json?: boolean;
  /** `--no-cache` sets it to false. */
  readonly cache: boolean;
  readonly parallelism?: number;
  readonly executionId?: string;
  readonly logs?: boolean;
  readonly python?: string;
  readonly maxSteps?: number;
}

/**
 * Declares `sagepipe run <pipeline.ts> --local`.
 *
 * @example
 * ```ts
 * registerRun(program, context) // sagepipe run examples/churn/pipeline.ts --local --param AccuracyThreshold=0.9
 * ```
 */
export function registerRun(program: Command, context: CliContext): void {
  program
    .command("run")
    .summary("run the pipeline on this machine: no AWS account, no Docker")
    .description(
      "Run the pipeline on this machine (no AWS account, no Docker): each step's progress goes to stderr, a summary (or, with --json, the run record) to stdout. A named export `local` of the module gives more run options. Exit code 0 only when the run succeeded. Ctrl-C (or SIGTERM) stops the run: its steps' processes are stopped and the run record is written with status Stopped (exit code 130, or 143 for SIGTERM); a second Ctrl-C exits at once.",
    )
    .argument("<pipeline>", "the pipeline module (.ts, .js, ...)")
    .option("--local", "run on this machine (required: to run in SageMaker, use upsert and start --wait)")
    .option("--param <NAME=VALUE>", "a parameter value (repeatable)", collectKeyValue)
    .option("--mount <S3PREFIX=DIR>", "read an S3 prefix from a local directory (repeatable)", collectKeyValue)
    .option("--workdir <dir>", "local object store, registry, cache and run records (default: .sagepipe next to the pipeline file)")
    .option("--no-cache", "run every step, even when an earlier result could be reused")
    .option("--parallelism <N>", "steps running at once (default: the number of CPUs)", positiveInteger)
    .option("--logs", "print each step's output as it runs")
    .option("--python <path>", "the Python that Python steps run with: script mode's entry points and runproc.sh scripts, and python3 entrypoints (default: python3 on PATH)")
    .addOption(maxStepsOption())
    .option("--json", "print the run record as JSON")
    .addOption(new Option("--execution-id <id>", "the run's id (default: a new one)").hideHelp())
    .action(context.action((file: string, options: RunCommandOptions) => runCommand(file, options, context.io)));
}

/**
 * `sagepipe run <pipeline.ts> --local [--param K=V]...`: runs the pipeline on this machine (see
 * `runLocal`), printing each step's progress to stderr and a summary (or, with `--json`, the run
 * record) to stdout. A named export `local` of the module gives more run options (mounts, handlers,
 * commands). Exit 0 when the run Succeeded, 1 when it failed or cannot run locally, 2 usage or input.
 *
 * @example
 * ```ts
 * await runCommand("examples/churn/pipeline.ts", { local: true, cache: true, param: ["AccuracyThreshold=0.99"] }, io)
 * // 1: the run took the Fail branch
 * ```
 */
export async function runCommand(file: string, values: RunCommandOptions, io: CliIo): Promise<number> {
  if (values.local !== true) throw new UsageError("run executes on this machine and needs --local (to run in SageMaker: sagepipe upsert, then sagepipe start --wait)");
  const params = keyValues(values.param, "--param");
  const mounts = keyValues(values.mount, "--mount");
  const parallelism = values.parallelism;
  // a path is relative to where sagepipe runs; a bare name is looked up on PATH
  const python = values.python === undefined ? undefined : values.python.includes("/") ? resolve(io.cwd, values.python) : values.python;

  // a module that cannot be loaded is an input error (exit 2), as are parameter values that do not fit
  const loaded = await loadPipelineModule(file, io.cwd);
  const moduleOptions = localOptionsOf(loaded.exports.local);
  const baseDir = resolve(io.cwd, dirname(file));
  const started = new Map<string, number>();
  const options: RunLocalOptions = {
    ...moduleOptions,
    baseDir,
    params,
    paramsForm: "text",
    mounts: { ...moduleOptions.mounts, ...mounts },
    ...(python !== undefined ? { interpreters: { ...moduleOptions.interpreters, python, python3: python } } : {}),
    ...(values.workdir !== undefined ? { workdir: resolve(io.cwd, values.workdir) } : {}),
    ...(values.cache === false ? { cache: false } : {}),
    ...(parallelism !== undefined ? { parallelism } : {}),
    ...(values.executionId !== undefined ? { executionId: values.executionId } : {}),
    onEvent: (event) => {
      if (event.type === "step-started") started.set(event.step, Date.now());
      const line = describeEvent(event);
      if (line !== undefined) io.stderr(`${line}\n`);
    },
    ...(values.logs === true ? { onLog: (step: string, line: string) => io.stderr(`  ${step} | ${line}\n`) } : {}),
  };

  // Ctrl-C / SIGTERM stop the run: steps get SIGTERM (SIGKILL after the grace), the record is written
  // with status Stopped; a second one kills the steps' processes and exits at once
  const stop = new AbortController();
  moduleOptions.signal?.addEventListener("abort", () => stop.abort(moduleOptions.signal?.reason), { once: true });
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy !== undefined) {
      io.stderr(`\nsagepipe: ${signal} again: killing the steps' processes and exiting now (no run record is written)\n`);
      killAllStepProcesses();
      process.exit(exitCodeOf(stoppedBy));
    }
    stoppedBy = signal;
    const grace = (options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS) / 1000;
    io.stderr(`\nsagepipe: ${signal}: stopping the run (running steps get SIGTERM, SIGKILL after ${grace} s); press Ctrl-C again to exit at once\n`);
    stop.abort(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let record: RunRecord;
  try {
    // a pipeline that does not compile or cannot run here (exit 1) is reported by the CLI's error handling
    record = await runLocal(loaded.pipeline.compile({ baseDir: codeBaseDir(loaded.pipeline, file, io.cwd), ...(values.maxSteps === undefined ? {} : { quotas: { maxSteps: values.maxSteps } }) }), {
      ...options,
      signal: stop.signal,
    });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  if (values.json === true) io.stdout(`${JSON.stringify(record, null, 2)}\n`);
  else io.stdout(summary(record, io.cwd, options.workdir ?? resolve(baseDir, ".sagepipe")));
  if (record.status === "Stopped" && stoppedBy !== undefined) return exitCodeOf(stoppedBy);
  return record.status === "Succeeded" ? EXIT.ok : EXIT.no;
}

/** The shell's exit code for a process ended by a signal: 128 + its number (SIGINT 130, SIGTERM 143). */
function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

function localOptionsOf(value: unknown): RunLocalOptions {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null) throw new UsageError("the pipeline module's `local` export must be an object of runLocal options");
  return value as RunLocalOptions;
}

/** One progress line per event. */
export function describeEvent(event: RunEvent): string | undefined {
  switch (event.type) {
    case "run-started":
      if (event.isolation === undefined) return undefined;
      return `${event.isolation.mode === "mount-namespace" ? "◇" : "⚠"} ${event.pipelineName} ${event.executionId}: ${event.isolation.detail}`;
    case "warning":
      return `⚠ ${event.message}`;
    case "step-started":
      return event.attempt > 1 ? `▶ ${event.step} (${event.stepType}) attempt ${event.attempt}` : `▶ ${event.step} (${event.stepType})`;
    case "step-succeeded":
      return event.cached ? `↺ ${event.step} cached: reused an earlier run's result` : `✓ ${event.step} ${formatMs(event.durationMs)}`;
    case "step-failed":
      return `✗ ${event.step} failed: ${event.reason}`;
    case "step-retrying":
      return `↻ ${event.step} failed (${event.reason.split("\n")[0]?.replace(/\s*Last output:$/, "")}), retrying in ${formatMs(event.delayMs)}`;
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
