import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { diffDeployed } from "../aws/diff-deployed.js";
import { AwsOperationError, ExecutionFailedError } from "../aws/errors.js";
import type { Execution } from "../aws/execution.js";
import type { ExecutionStep } from "../aws/execution-steps.js";
import { executionOf, listExecutions } from "../aws/executions.js";
import { start } from "../aws/start.js";
import { upsert } from "../aws/upsert.js";
import { CompileError, type CompiledPipeline } from "../compile/compile.js";
import { diffDefinitions } from "../diff/diff-definitions.js";
import { formatDiff } from "../diff/format-diff.js";
import { SagepipeError } from "../errors.js";
import { formatRunRecord } from "../runtime/format-record.js";
import { ParameterError } from "../runtime/parameters.js";
import type { RunRecord } from "../runtime/run-record.js";
import { formatIssues } from "../validate/issues.js";
import { isPipelineModule, loadPipelineModule } from "./load-pipeline.js";
import { keyValues } from "./run-command.js";
import { UsageError, type CliIo } from "./run.js";

/** Parsed options of the AWS commands (each uses the ones it declares). */
export interface AwsCommandArgs {
  readonly values: {
    json?: boolean;
    "role-arn"?: string;
    description?: string;
    "display-name"?: string;
    tag?: string[];
    param?: string[];
    wait?: boolean;
    "client-request-token"?: string;
    parallelism?: string;
    "timeout-minutes"?: string;
    "max-results"?: string;
    "poll-seconds"?: string;
  };
  readonly positionals: string[];
}

/**
 * Runs an AWS command and turns its errors into exit codes: 2 for usage, parameter and load errors,
 * 1 for an invalid pipeline or a failed AWS call (the message keeps AWS's error name and request id).
 */
export async function guardedAws(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof ParameterError) {
      io.stderr(`sagepipe: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CompileError) {
      io.stderr(`sagepipe: pipeline does not compile, ${error.issues.length} issue(s)\n\n${formatIssues(error.issues)}\n`);
      return 1;
    }
    if (error instanceof AwsOperationError) {
      const details = [error.awsErrorName, error.requestId !== undefined ? `request id ${error.requestId}` : undefined].filter(Boolean).join(", ");
      io.stderr(`sagepipe: ${error.message}${details === "" || error.message.includes(details) ? "" : ` (${details})`}\n`);
      return 1;
    }
    if (error instanceof SagepipeError) {
      io.stderr(`sagepipe: ${error.message}\n`);
      return error.code.startsWith("pipeline-") ? 2 : 1;
    }
    throw error;
  }
}

/** Loads a pipeline module and compiles it (its directory is the base of relative code paths). */
export async function compilePipelineFileOrThrow(file: string, io: CliIo): Promise<CompiledPipeline> {
  const { pipeline } = await loadPipelineModule(file, io.cwd);
  return pipeline.compile({ baseDir: resolve(io.cwd, dirname(file)) });
}

function one(positionals: readonly string[], usage: string): string {
  const [first, ...rest] = positionals;
  if (first === undefined || rest.length > 0) throw new UsageError(usage);
  return first;
}

function positiveInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!(Number.isInteger(number) && number > 0)) throw new UsageError(`${option} must be a positive integer, got "${value}"`);
  return number;
}

/**
 * `sagepipe diff <pipeline.ts> [other.json|other.ts]`: what an upsert would change in the deployed
 * pipeline, or the difference between two local pipelines. Exit 0 no change, 1 changes, 2 error.
 *
 * @example
 * ```ts
 * await diffCommand({ values: {}, positionals: ["pipeline.ts"] }, io) // 1, and "~ step Train (Training) ..."
 * ```
 */
export async function diffCommand({ values, positionals }: AwsCommandArgs, io: CliIo): Promise<number> {
  const [file, other, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError("diff takes a pipeline file, and optionally a second file to compare with instead of the deployed pipeline");
  return guardedAws(io, async () => {
    let result: { readonly deployed: boolean; readonly diff: ReturnType<typeof diffDefinitions> };
    if (other === undefined) {
      result = await diffDeployed(await compilePipelineFileOrThrow(file, io));
    } else {
      const before = isPipelineModule(file) ? (await compilePipelineFileOrThrow(file, io)).definition : await readJson(file, io);
      const after = isPipelineModule(other) ? (await compilePipelineFileOrThrow(other, io)).definition : await readJson(other, io);
      result = { deployed: true, diff: diffDefinitions(before, after) };
    }
    if (values.json === true) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`${result.deployed ? "" : "(not deployed yet: everything is new)\n"}${formatDiff(result.diff)}\n`);
    return result.diff.changed ? 1 : 0;
  });
}

async function readJson(file: string, io: CliIo): Promise<string> {
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new SagepipeError("pipeline-not-found", `cannot read ${file}: no such file`);
  const { readFile } = await import("node:fs/promises");
  return readFile(path, "utf8");
}

/**
 * `sagepipe upsert <pipeline.ts> --role-arn ARN [--description D] [--tag K=V]... [--json]`: uploads
 * missing code assets and creates or updates the pipeline (nothing is written when it is unchanged).
 *
 * @example
 * ```ts
 * await upsertCommand({ values: { "role-arn": role }, positionals: ["pipeline.ts"] }, io) // 0: "ChurnPipeline: created ..."
 * ```
 */
export async function upsertCommand({ values, positionals }: AwsCommandArgs, io: CliIo): Promise<number> {
  const file = one(positionals, "upsert takes one pipeline file: sagepipe upsert <pipeline.ts> --role-arn ARN");
  const roleArn = values["role-arn"];
  if (roleArn === undefined) throw new UsageError("upsert needs --role-arn: the IAM role SageMaker assumes to run the pipeline");
  const tags = keyValues(values.tag ?? [], "--tag");
  return guardedAws(io, async () => {
    const compiled = await compilePipelineFileOrThrow(file, io);
    const result = await upsert(compiled, {
      roleArn,
      ...(values.description !== undefined ? { description: values.description } : {}),
      ...(values["display-name"] !== undefined ? { displayName: values["display-name"] } : {}),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
    });
    if (values.json === true) {
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const version = result.version !== undefined ? ` (version ${result.version})` : "";
      io.stdout(
        `${result.pipelineName}: ${result.status}${version}\n  ${result.pipelineArn}\n` +
          `  code assets: ${result.assets.uploaded.length} uploaded, ${result.assets.skipped.length} already in S3\n`,
      );
    }
    return 0;
  });
}

/**
 * `sagepipe start <pipeline.ts|name> [--param K=V]... [--wait] [--client-request-token T] [--json]`:
 * starts an execution (parameter values checked first). With `--wait`, prints each step's progress
 * and exits non-zero unless the execution succeeded.
 *
 * @example
 * ```ts
 * await startCommand({ values: { param: ["AccuracyThreshold=0.9"], wait: true }, positionals: ["ChurnPipeline"] }, io)
 * ```
 */
export async function startCommand({ values, positionals }: AwsCommandArgs, io: CliIo): Promise<number> {
  const target = one(positionals, "start takes a pipeline file or a deployed pipeline's name: sagepipe start <pipeline.ts|name>");
  const params = keyValues(values.param ?? [], "--param");
  const parallelism = positiveInteger(values.parallelism, "--parallelism");
  const timeoutMinutes = positiveInteger(values["timeout-minutes"], "--timeout-minutes");
  return guardedAws(io, async () => {
    const subject = isPipelineModule(target) ? await compilePipelineFileOrThrow(target, io) : target;
    const execution = await start(subject, {
      params,
      paramsForm: "text",
      ...(values["client-request-token"] !== undefined ? { clientRequestToken: values["client-request-token"] } : {}),
      ...(values["display-name"] !== undefined ? { displayName: values["display-name"] } : {}),
      ...(values.description !== undefined ? { description: values.description } : {}),
      ...(parallelism !== undefined ? { parallelism } : {}),
    });
    io.stderr(`started ${execution.arn}\n`);
    if (values.wait !== true) {
      io.stdout(values.json === true ? `${JSON.stringify({ executionArn: execution.arn }, null, 2)}\n` : `${execution.arn}\n`);
      return 0;
    }
    return waitForExecution(execution, io, values.json === true, timeoutMinutes, pollSeconds(values["poll-seconds"]));
  });
}

function pollSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!(Number.isFinite(seconds) && seconds > 0)) throw new UsageError(`--poll-seconds must be a positive number, got "${value}"`);
  return seconds;
}

/** Waits for an execution, printing step progress; 0 when it succeeded, 1 otherwise. */
export async function waitForExecution(execution: Execution, io: CliIo, json: boolean, timeoutMinutes: number | undefined, poll?: number): Promise<number> {
  try {
    const described = await execution.wait({
      ...(timeoutMinutes !== undefined ? { timeoutMs: timeoutMinutes * 60_000 } : {}),
      ...(poll !== undefined ? { pollIntervalMs: poll * 1000, maxPollIntervalMs: poll * 1000 } : {}),
      onStep: (step) => io.stderr(`${stepLine(step)}\n`),
    });
    if (json) io.stdout(`${JSON.stringify({ executionArn: execution.arn, status: described.PipelineExecutionStatus }, null, 2)}\n`);
    else io.stdout(`${execution.arn}: ${described.PipelineExecutionStatus ?? "Succeeded"}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ExecutionFailedError)) throw error;
    if (json) io.stdout(`${JSON.stringify({ executionArn: execution.arn, status: error.status, failureReason: error.failureReason, failedSteps: error.failedSteps }, null, 2)}\n`);
    else io.stdout(`${error.message}\n`);
    return 1;
  }
}

function stepLine(step: ExecutionStep): string {
  const cached = step.cacheHit !== undefined ? " (cached)" : "";
  const reason = step.failureReason !== undefined ? `: ${step.failureReason}` : "";
  return `  ${step.name} (${step.type}) ${step.status}${cached}${reason}`;
}

/**
 * `sagepipe status <execution-arn> [--json]`: the execution's status and each step's.
 *
 * @example
 * ```ts
 * await statusCommand({ values: {}, positionals: [arn] }, io) // 0 when Succeeded or still running
 * ```
 */
export async function statusCommand({ values, positionals }: AwsCommandArgs, io: CliIo): Promise<number> {
  const arn = one(positionals, "status takes an execution ARN: sagepipe status <execution-arn>");
  return guardedAws(io, async () => {
    const execution = executionOf(arn);
    const [described, steps] = await Promise.all([execution.describe(), execution.steps()]);
    const status = described.PipelineExecutionStatus ?? "Unknown";
    if (values.json === true) {
      io.stdout(`${JSON.stringify({ executionArn: arn, status, failureReason: described.FailureReason, steps }, null, 2)}\n`);
    } else {
      io.stdout(`${arn}: ${status}${described.FailureReason !== undefined ? ` — ${described.FailureReason}` : ""}\n${steps.map((s) => `${stepLine(s)}\n`).join("")}`);
    }
    return status === "Failed" || status === "Stopped" ? 1 : 0;
  });
}

/**
 * `sagepipe stop <execution-arn>` and `sagepipe retry <execution-arn>`.
 *
 * @example
 * ```ts
 * await stopOrRetryCommand("stop", { values: {}, positionals: [arn] }, io) // 0
 * ```
 */
export async function stopOrRetryCommand(action: "stop" | "retry", { values, positionals }: AwsCommandArgs, io: CliIo): Promise<number> {
  const arn = one(positionals, `${action} takes an execution ARN: sagepipe ${action} <execution-arn>`);
  return guardedAws(io, async () => {
    const execution = executionOf(arn);
    if (action === "stop") {
      await execution.stop();
      io.stdout(values.json === true ? `${JSON.stringify({ executionArn: arn, stopping: true })}\n` : `stopping ${arn}\n`);
      return 0;
    }
    const retried = await execution.retry();
    io.stdout(values.json === true ? `${JSON.stringify({ executionArn: retried.arn })}\n` : `retrying ${retried.arn}\n`);
    return values.wait === true ? waitForExecution(retried, io, values.json === true, undefined, pollSeconds(values["poll-seconds"])) : 0;
  });
}

/**
 * `sagepipe executions <name> [--max-results N] [--json]`: the pipeline's executions, newest first.
 *
 * @example
 * ```ts
 * await executionsCommand({ values: { "max-results": "5" }, positionals: ["ChurnPipeline"] }, io)
 * ```
 */
export async function executionsCommand({ values, positionals }: AwsCommandArgs, io: CliIo): Promise<number> {
  const name = one(positionals, "executions takes a pipeline name: sagepipe executions <name>");
  const maxResults = positiveInteger(values["max-results"], "--max-results");
  return guardedAws(io, async () => {
    const executions = await listExecutions(name, maxResults !== undefined ? { maxResults } : {});
    if (values.json === true) {
      io.stdout(`${JSON.stringify(executions.map(({ execution: _, ...summary }) => summary), null, 2)}\n`);
    } else {
      io.stdout(executions.map((e) => `${e.startTime?.toISOString() ?? "-"}  ${(e.status ?? "").padEnd(9)}  ${e.arn}${e.failureReason !== undefined ? `  ${e.failureReason}` : ""}\n`).join("") || "no executions\n");
    }
    return 0;
  });
}

/**
 * `sagepipe lineage <execution-arn|run.json> [--json]`: what produced an execution's model (see
 * `Execution.lineage`); a local run record (`.sagepipe/runs/<id>/run.json`) prints the same way.
 *
 * @example
 * ```ts
 * await lineageCommand({ values: { json: true }, positionals: [arn] }, io) // 0, the record as JSON
 * ```
 */
export async function lineageCommand({ values, positionals }: AwsCommandArgs, io: CliIo): Promise<number> {
  const target = one(positionals, "lineage takes an execution ARN or a local run record: sagepipe lineage <execution-arn|run.json>");
  return guardedAws(io, async () => {
    const record: RunRecord = target.startsWith("arn:") ? await executionOf(target).lineage() : (JSON.parse(await readJson(target, io)) as RunRecord);
    io.stdout(values.json === true ? `${JSON.stringify(record, null, 2)}\n` : formatRunRecord(record));
    return 0;
  });
}
