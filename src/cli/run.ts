import { parseArgs, type ParseArgsConfig } from "node:util";
import { diffCommand, executionsCommand, lineageCommand, startCommand, statusCommand, stopOrRetryCommand, upsertCommand, type AwsCommandArgs } from "./aws-commands.js";
import { compileCommand } from "./compile-command.js";
import { deployCommand } from "./deploy-command.js";
import { TRIGGERS_OPTIONS, triggersCommand } from "./triggers-command.js";
import { REGISTRY_OPTIONS, REGISTRY_USAGE, registryCommand } from "./registry-command.js";
import { graphCommand } from "./graph-command.js";
import { runCommand } from "./run-command.js";
import { validateCommand } from "./validate-command.js";

/** Where the CLI reads and writes, so that tests can run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

const USAGE = `Usage: sagepipe <command> [options]

Commands:
  compile <pipeline.ts>        compile a pipeline module (its default export) to the definition JSON
      -o, --output FILE        write the definition to FILE instead of printing it
      --compact                the exact compact JSON CreatePipeline receives (default --pretty: indented)
      --base-dir DIR           where local code paths are read from (default: the pipeline file's directory)
      --loose, --max-steps N   as for validate

  graph <pipeline.ts|definition.json>
                               draw the steps and what orders them (a JSON file is drawn as is, not validated)
      --format mermaid|dot     Mermaid (default; GitHub renders it in a \`\`\`mermaid block) or Graphviz DOT
      -o, --output FILE        write the graph to FILE instead of printing it

  run <pipeline.ts> --local    run the pipeline on this machine: no AWS account, no Docker
      --param NAME=VALUE       a parameter value (repeatable)
      --mount S3PREFIX=DIR     read an S3 prefix from a local directory (repeatable)
      --workdir DIR            local object store, registry, cache and run records (default .sagepipe
                               next to the pipeline file)
      --no-cache               run every step, even when an earlier result could be reused
      --parallelism N          steps running at once (default: the number of CPUs)
      --logs                   print each step's output as it runs
      --json                   print the run record as JSON
                               exit code 0 only when the run succeeded

  diff <pipeline.ts> [other.json|other.ts]
                               what an upsert would change in the deployed pipeline (or between two files)
      --json                   the diff as JSON; exit 0 no change, 1 changes, 2 error

  upsert <pipeline.ts> --role-arn ARN
                               upload missing code assets, create or update the pipeline (no write if unchanged)
      --description TEXT, --display-name NAME, --tag KEY=VALUE (repeatable), --json

  start <pipeline.ts|name>     start an execution (parameter values are checked first)
      --param NAME=VALUE       a parameter value (repeatable)
      --wait                   print each step's progress; exit 1 unless the execution succeeded
      --client-request-token T makes a retried start idempotent (see deriveClientRequestToken)
      --display-name, --description, --parallelism N, --timeout-minutes N, --poll-seconds N (default 5,
                               backing off to 30), --json

  deploy <pipeline.ts> --role-arn ARN
                               for CI: validate, upsert (tagged with the commit), optionally start
      --commit SHA             the code version (default: GITHUB_SHA, CODEBUILD_RESOLVED_SOURCE_VERSION,
                               CI_COMMIT_SHA, or git rev-parse HEAD)
      --start [--param NAME=VALUE]... [--wait]
                               start an execution with a token derived from the commit and parameters,
                               so a retried job starts it once
      --trigger-role-arn ARN   the role EventBridge/Scheduler assume to start the pipeline: the
                               triggers, schedules and failure alert declared in the pipeline are
                               applied after the upsert (--no-triggers skips them)
      --tag KEY=VALUE, --description TEXT, --json

  triggers list|apply|remove <pipeline.ts|name>
                               S3 triggers, schedules and the failure alert declared in the pipeline
      --role-arn ARN, --pipeline-arn ARN, --dry-run (apply); --json

  status <execution-arn>       the execution's and each step's status (exit 1 when Failed or Stopped)
  stop <execution-arn>         stop an execution
  retry <execution-arn>        retry a failed execution (--wait to follow it)
  executions <name>            the pipeline's executions, newest first (--max-results N, --json)
  lineage <execution-arn|run.json>
                               what produced the run's model: parameters, jobs, data, code, metrics,
                               the decision, the registered model, the deployment, the commit (--json)
      AWS commands use the standard credential chain and region (AWS_PROFILE, AWS_REGION, ...)

${REGISTRY_USAGE}
  validate <definition.json|pipeline.ts>
                               check a pipeline definition (a pipeline module is compiled first)
      --json                   print the issues as JSON
      --loose                  accept any object as step Arguments (check references and types only)
      --max-steps N            raise the steps-per-pipeline quota (default 50)

Exit codes: 0 success, 1 invalid pipeline or definition, failed run or AWS error, 2 usage or input error
(the file cannot be read or loaded, is not JSON, or exports no pipeline).
`;

const flag = { type: "boolean", default: false } as const;
const text = { type: "string" } as const;
const repeated = { type: "string", multiple: true } as const;

/** Parses a command's arguments: its options, and positionals. */
function parse<const O extends NonNullable<ParseArgsConfig["options"]>>(args: readonly string[], options: O) {
  return parseArgs({ args: [...args], allowPositionals: true, options });
}

/** A usage error: the command line itself is wrong. */
export class UsageError extends Error {}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.stderr(USAGE);
        return 2;
      case "help":
      case "--help":
      case "-h":
        io.stdout(USAGE);
        return 0;
      case "validate":
        return await validateCommand(
          parse(rest, {
            json: flag,
            loose: flag,
            "max-steps": text,
          }),
          io,
        );
      case "compile":
        return await compileCommand(
          parse(rest, {
            output: { type: "string", short: "o" },
            compact: flag,
            pretty: flag,
            "base-dir": text,
            loose: flag,
            "max-steps": text,
          }),
          io,
        );
      case "run":
        return await runCommand(
          parse(rest, {
            local: flag,
            param: repeated,
            mount: repeated,
            workdir: text,
            json: flag,
            "no-cache": flag,
            parallelism: text,
            "execution-id": text,
            logs: flag,
          }),
          io,
        );
      case "deploy":
        return await deployCommand(
          parse(rest, {
            json: flag,
            "role-arn": text,
            description: text,
            tag: repeated,
            param: repeated,
            commit: text,
            start: flag,
            "trigger-role-arn": text,
            "no-triggers": flag,
            wait: flag,
          }),
          io,
        );
      case "diff":
      case "upsert":
      case "start":
      case "status":
      case "stop":
      case "retry":
      case "executions":
      case "lineage": {
        const args: AwsCommandArgs = parse(rest, {
            json: flag,
            "role-arn": text,
            description: text,
            "display-name": text,
            tag: repeated,
            param: repeated,
            wait: flag,
            "client-request-token": text,
            parallelism: text,
            "timeout-minutes": text,
            "max-results": text,
            "poll-seconds": text,
        });
        if (command === "diff") return await diffCommand(args, io);
        if (command === "upsert") return await upsertCommand(args, io);
        if (command === "start") return await startCommand(args, io);
        if (command === "status") return await statusCommand(args, io);
        if (command === "executions") return await executionsCommand(args, io);
        if (command === "lineage") return await lineageCommand(args, io);
        return await stopOrRetryCommand(command, args, io);
      }
      case "triggers":
        return await triggersCommand(parse(rest, TRIGGERS_OPTIONS), io);
      case "registry":
        return await registryCommand(parse(rest, REGISTRY_OPTIONS), io);
      case "graph":
        return await graphCommand(
          parse(rest, {
            format: text,
            output: { type: "string", short: "o" },
          }),
          io,
        );
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      io.stderr(`sagepipe: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
