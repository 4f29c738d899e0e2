import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { deploy } from "../aws/deploy.js";
import type { CliIo } from "./run.js";
import { UsageError } from "./run.js";
import { guardedAws, waitForExecution, type AwsCommandArgs } from "./aws-commands.js";
import { loadPipelineModule } from "./load-pipeline.js";
import { formatChanges } from "./triggers-command.js";
import { keyValues } from "./run-command.js";

/** Options of `sagepipe deploy` on top of the AWS commands' ones. */
export interface DeployArgs extends AwsCommandArgs {
  readonly values: AwsCommandArgs["values"] & { commit?: string; start?: boolean; "trigger-role-arn"?: string; "no-triggers"?: boolean };
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
 * await deployCommand({ values: { "role-arn": role, start: true }, positionals: ["pipeline.ts"] }, io)
 * ```
 */
export async function deployCommand({ values, positionals }: DeployArgs, io: CliIo): Promise<number> {
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError("deploy takes one pipeline file: sagepipe deploy <pipeline.ts> --role-arn ARN");
  const roleArn = values["role-arn"];
  if (roleArn === undefined) throw new UsageError("deploy needs --role-arn: the IAM role SageMaker assumes to run the pipeline");
  if (values.start !== true && (values.param !== undefined || values.wait === true)) throw new UsageError("--param and --wait apply to the execution deploy starts: add --start");
  const tags = keyValues(values.tag ?? [], "--tag");
  const params = keyValues(values.param ?? [], "--param");
  const commit = detectCommit(values.commit, io.cwd);
  return guardedAws(io, async () => {
    const { pipeline } = await loadPipelineModule(file, io.cwd);
    const result = await deploy(pipeline, {
      compile: { baseDir: resolve(io.cwd, dirname(file)) },
      triggers: values["no-triggers"] === true ? false : values["trigger-role-arn"] !== undefined ? { roleArn: values["trigger-role-arn"] } : {},
      roleArn,
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
    return 0;
  });
}

function indent(text: string): string {
  return text.split("\n").filter((line) => line !== "").map((line) => `  ${line}\n`).join("");
}
