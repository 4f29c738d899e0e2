import { execFileSync } from "node:child_process";
import type { Command } from "commander";
import { deploy } from "../../aws/deploy.js";
import { awsClients, waitForExecution, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, UsageError, type CliContext, type CliIo } from "../context.js";
import { loadPipelineModule } from "../load-pipeline.js";
import { collectKeyValue, keyValues, maxStepsOption } from "../options.js";
import { codeBaseDir } from "../pipeline-file.js";
import { formatChanges } from "./triggers.js";

/** The options of `sagepipe deploy`, as commander parses them. */
export interface DeployCommandOptions extends AwsCommandOptions {
  readonly roleArn: string;
  readonly commit?: string;
  readonly start?: boolean;
  readonly param?: readonly string[];
  readonly wait?: boolean;
  readonly triggerRoleArn?: string;
  /** `--no-triggers` sets it to false. */
  readonly triggers: boolean;
  readonly tag?: readonly string[];
  readonly description?: string;
  readonly maxSteps?: number;
  readonly json?: boolean;
}

/**
 * Declares `sagepipe deploy <pipeline.ts> --role-arn ARN`.
 *
 * @example
 * ```ts
 * registerDeploy(program, context) // sagepipe deploy pipeline.ts --role-arn "$ROLE" --start --wait
 * ```
 */
export function registerDeploy(program: Command, context: CliContext): void {
  withAwsOptions(program.command("deploy"))
    .summary("for CI: validate, upsert (tagged with the commit), apply triggers, optionally start")
    .description(
      "For CI: validate, upsert (tagging the pipeline with the commit), apply the triggers, schedules and failure alert declared in the pipeline, and with --start start one execution per commit (its token is derived from the commit and the parameters, so a retried job starts it once).",
    )
    .argument("<pipeline>", "the pipeline module (.ts, .js, ...)")
    .requiredOption("--role-arn <arn>", "the IAM role SageMaker assumes to run the pipeline")
    .option("--commit <sha>", "the code version (default: GITHUB_SHA, CODEBUILD_RESOLVED_SOURCE_VERSION, CI_COMMIT_SHA, BITBUCKET_COMMIT, or git rev-parse HEAD)")
    .option("--start", "start an execution with a token derived from the commit and the parameters")
    .option("--param <NAME=VALUE>", "with --start: a parameter value (repeatable)", collectKeyValue)
    .option("--wait", "with --start: print each step's progress; exit 1 unless the execution succeeded")
    .option("--trigger-role-arn <arn>", "the role EventBridge and Scheduler assume to start the pipeline (for the declared triggers)")
    .option("--no-triggers", "do not apply the triggers, schedules and failure alert")
    .option("--tag <KEY=VALUE>", "a tag for the pipeline (repeatable)", collectKeyValue)
    .option("--description <text>", "the pipeline's description")
    .addOption(maxStepsOption())
    .option("--json", "print the result as JSON")
    .action(context.action((file: string, options: DeployCommandOptions) => deployCommand(file, options, context.io)));
}

/**
 * The commit being deployed: `--commit`, else the CI's variable (GITHUB_SHA,
 * CODEBUILD_RESOLVED_SOURCE_VERSION, CI_COMMIT_SHA, BITBUCKET_COMMIT), else `git rev-parse HEAD` in
 * the working directory, else none.
 *
 * @example
 * ```ts
 * detectCommit(undefined, process.cwd()) // "3f9c2ab..." in a git checkout
 * ```
 */
export function detectCommit(given: string | undefined, cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (given !== undefined) return given;
  for (const name of ["GITHUB_SHA", "CODEBUILD_RESOLVED_SOURCE_VERSION", "CI_COMMIT_SHA", "BITBUCKET_COMMIT"]) {
    const value = env[name];
    if (value !== undefined && value !== "") return value;
  }
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd, stdio: ["ignore", "pipe", "ignore"] }).toString().trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * `sagepipe deploy <pipeline.ts> --role-arn ARN [--commit SHA] [--start [--param K=V]... [--wait]]`:
 * validate, upsert (tagging the commit), and optionally start with a token derived from the
 * commit and the parameters. Exit 0 deployed (and, with `--wait`, the execution succeeded), 1 the
 * pipeline is invalid, an AWS call failed or the execution did not succeed, 2 usage.
 *
 * @example
 * ```ts
 * await deployCommand("pipeline.ts", { roleArn: role, start: true, triggers: true }, io)
 * ```
 */
export async function deployCommand(file: string, values: DeployCommandOptions, io: CliIo): Promise<number> {
  if (values.start !== true && (values.param !== undefined || values.wait === true)) throw new UsageError("--param and --wait apply to the execution deploy starts: add --start");
  const tags = keyValues(values.tag, "--tag");
  const params = keyValues(values.param, "--param");
  const commit = detectCommit(values.commit, io.cwd);
  const { pipeline } = await loadPipelineModule(file, io.cwd);
  const result = await deploy(pipeline, {
    compile: { baseDir: codeBaseDir(pipeline, file, io.cwd), ...(values.maxSteps === undefined ? {} : { quotas: { maxSteps: values.maxSteps } }) },
    triggers: values.triggers === false ? false : values.triggerRoleArn !== undefined ? { roleArn: values.triggerRoleArn } : {},
    roleArn: values.roleArn,
    clients: awsClients(values),
    ...(commit !== undefined ? { commit } : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    ...(values.description !== undefined ? { description: values.description } : {}),
    ...(values.start === true ? { start: { params, paramsForm: "text" as const } } : {}),
  });
  const summary = {
    pipelineName: result.upsert.pipelineName,
    pipelineArn: result.upsert.pipelineArn,
    status: result.upsert.status,
    version: result.upsert.version,
    commit,
    assets: result.upsert.assets,
    ...(result.triggers !== undefined ? { triggers: result.triggers.changes } : {}),
    ...(result.alerts !== undefined ? { alerts: result.alerts.changes } : {}),
    ...(result.execution !== undefined ? { executionArn: result.execution.arn, clientRequestToken: result.execution.clientRequestToken } : {}),
  };
  if (values.json === true && values.wait !== true) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  if (values.json !== true) {
    io.stdout(
      `${summary.pipelineName}: ${summary.status}${summary.version !== undefined ? ` (version ${summary.version})` : ""}${commit !== undefined ? ` at commit ${commit.slice(0, 12)}` : ""}\n` +
        `  code assets: ${summary.assets.uploaded.length} uploaded, ${summary.assets.skipped.length} already in S3\n` +
        [result.triggers, result.alerts].map((changes) => (changes === undefined ? "" : indent(formatChanges(changes)))).join("") +
        (result.execution !== undefined ? `  started ${result.execution.arn}\n` : ""),
    );
  }
  if (result.execution !== undefined && values.wait === true) return waitForExecution(result.execution.handle, io, values.json === true, undefined, undefined);
  return EXIT.ok;
}

function indent(text: string): string {
  return text.split("\n").filter((line) => line !== "").map((line) => `  ${line}\n`).join("");
}
