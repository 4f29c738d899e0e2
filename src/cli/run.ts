import { parseArgs } from "node:util";
import { validateCommand } from "./validate-command.js";

/** Where the CLI reads and writes, so that tests can run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

const USAGE = `Usage: sagepipe <command> [options]

Commands:
  validate <definition.json>   check a pipeline definition
      --json                   print the issues as JSON
      --loose                  accept any object as step Arguments (check references and types only)
      --max-steps N            raise the steps-per-pipeline quota (default 50)

Exit codes: 0 valid, 1 invalid, 2 usage or input error.
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
