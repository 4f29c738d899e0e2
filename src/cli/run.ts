import { parseArgs } from "node:util";
import { compileCommand } from "./compile-command.js";
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

  validate <definition.json|pipeline.ts>
                               check a pipeline definition (a pipeline module is compiled first)
      --json                   print the issues as JSON
      --loose                  accept any object as step Arguments (check references and types only)
      --max-steps N            raise the steps-per-pipeline quota (default 50)

Exit codes: 0 success, 1 invalid pipeline or definition, 2 usage or input error
(the file cannot be read or loaded, is not JSON, or exports no pipeline).
`;

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
          parseArgs({
            args: [...rest],
            allowPositionals: true,
            options: {
              json: { type: "boolean", default: false },
              loose: { type: "boolean", default: false },
              "max-steps": { type: "string" },
            },
          }),
          io,
        );
      case "compile":
        return await compileCommand(
          parseArgs({
            args: [...rest],
            allowPositionals: true,
            options: {
              output: { type: "string", short: "o" },
              compact: { type: "boolean", default: false },
              pretty: { type: "boolean", default: false },
              "base-dir": { type: "string" },
              loose: { type: "boolean", default: false },
              "max-steps": { type: "string" },
            },
          }),
          io,
        );
      case "run":
        return await runCommand(
          parseArgs({
            args: [...rest],
            allowPositionals: true,
            options: {
              local: { type: "boolean", default: false },
              param: { type: "string", multiple: true },
              mount: { type: "string", multiple: true },
              workdir: { type: "string" },
              json: { type: "boolean", default: false },
              "no-cache": { type: "boolean", default: false },
              parallelism: { type: "string" },
              "execution-id": { type: "string" },
              logs: { type: "boolean", default: false },
            },
          }),
          io,
        );
      case "graph":
        return await graphCommand(
          parseArgs({
            args: [...rest],
            allowPositionals: true,
            options: {
              format: { type: "string" },
              output: { type: "string", short: "o" },
            },
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
