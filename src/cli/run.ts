import { Command, CommanderError, type Option } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { commandPath, EXIT, type CliContext, type CliIo } from "./context.js";
import { CliFailure, describeFailure, printFailure } from "./failure.js";
import { registerCompile } from "./commands/compile.js";
import { registerDeploy } from "./commands/deploy.js";
import { registerDiff } from "./commands/diff.js";
import { registerExecutions } from "./commands/executions.js";
import { registerGraph } from "./commands/graph.js";
import { registerImport } from "./commands/import.js";
import { registerLineage } from "./commands/lineage.js";
import { registerRegistry } from "./commands/registry.js";
import { registerRetry } from "./commands/retry.js";
import { registerRun } from "./commands/run.js";
import { registerStart } from "./commands/start.js";
import { registerStatus } from "./commands/status.js";
import { registerStop } from "./commands/stop.js";
import { registerTriggers } from "./commands/triggers.js";
import { registerUpsert } from "./commands/upsert.js";
import { registerValidate } from "./commands/validate.js";

export { EXIT, UsageError, type CliIo } from "./context.js";

/** Where to report a bug in sagepipe. */
const BUGS_URL = packageJson.bugs.url;

const EXIT_CODES_HELP = `
Exit codes (every command):
  0   success: valid, no changes, the run or execution succeeded
  1   a definite no: the pipeline is invalid, diff found changes, a run or execution did not succeed
  2   the command line or an input is wrong (found before any AWS call): unknown command or option,
      a bad value, a file that cannot be read or loaded, a parameter value that does not fit
  3   AWS: a call failed, could not be sent (no region or credentials) or got no answer in time
  70  an internal error: a bug in sagepipe (--debug or SAGEPIPE_DEBUG=1 prints the stack)

AWS commands use the standard credential chain and region (AWS_PROFILE, AWS_REGION, AWS_DEFAULT_REGION,
...), or --profile and --region.
Run "sagepipe <command> --help" for a command's options, e.g. sagepipe run --help.
`;

/**
 * Builds the `sagepipe` program: every command, writing to `io`. A fresh program per run (commander
 * keeps parsed state on it), so the CLI can run many times in one process.
 */
function createProgram(argv: readonly string[], io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command("sagepipe");
  const context: CliContext = {
    io,
    action:
      <A extends unknown[]>(body: (...args: A) => Promise<number>) =>
      async (...args: unknown[]) => {
        const command = args.at(-1) as Command;
        const json = (command.opts() as { json?: unknown }).json === true;
        try {
          setExitCode(await body(...(args as A)));
        } catch (error) {
          const failure = describeFailure(error);
          if (failure === undefined) setExitCode(internalError(error, io, json, debugRequested(argv)));
          else setExitCode(printFailure(io, json, failure, failure.code === "usage" ? helpHint(command) : undefined));
        }
      },
  };
  program
    .description("Amazon SageMaker Pipelines in TypeScript: build, validate, compile, run locally, deploy and operate pipelines.")
    .version(packageJson.version, "-v, --version", "print sagepipe's version")
    .option("--debug", "print the stack of an internal error (also SAGEPIPE_DEBUG=1)")
    .helpOption("-h, --help", "print the help of sagepipe or of a command")
    .helpCommand("help [command]", "print the help of a command")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => write(explainError(program, text.replace(/^error: /, "sagepipe: "))),
    })
    .addHelpText("after", EXIT_CODES_HELP);

  program.commandsGroup("Build and check:");
  registerCompile(program, context);
  registerValidate(program, context);
  registerGraph(program, context);
  registerImport(program, context);
  program.commandsGroup("Run on this machine:");
  registerRun(program, context);
  program.commandsGroup("Deploy and run on AWS:");
  registerDiff(program, context);
  registerUpsert(program, context);
  registerDeploy(program, context);
  registerStart(program, context);
  registerStatus(program, context);
  registerStop(program, context);
  registerRetry(program, context);
  registerExecutions(program, context);
  registerLineage(program, context);
  registerTriggers(program, context);
  registerRegistry(program, context);
  program.commandsGroup("Help:");

  for (const command of allCommands(program)) command.showHelpAfterError(helpHint(command));
  return program;
}

function helpHint(command: Command): string {
  return command.parent === null ? `Run "sagepipe --help" for the commands.` : `Run "${commandPath(command)} --help" for its usage.`;
}

function* allCommands(command: Command): Generator<Command> {
  yield command;
  for (const sub of command.commands) yield* allCommands(sub);
}

/**
 * Adds to commander's "unknown option" message the commands that do take the option, when it has
 * no spelling suggestion: `status <arn> --role-arn X` says that --role-arn is an option of upsert,
 * deploy and triggers apply.
 */
function explainError(program: Command, text: string): string {
  const unknown = /^sagepipe: unknown option '(--?[^'=]+)'(?:=.*)?\n$/.exec(text);
  if (unknown?.[1] === undefined) return text;
  const flag = unknown[1];
  const owners = [...allCommands(program)]
    .filter((command) => command.options.some((option: Option) => option.long === flag || option.short === flag))
    .map((command) => commandPath(command).replace(/^sagepipe /, ""));
  if (owners.length === 0) return text;
  return `${text.trimEnd()} (it is an option of ${owners.join(", ")})\n`;
}

/** True when the stack of an internal error should be printed: --debug, or SAGEPIPE_DEBUG set. */
function debugRequested(argv: readonly string[]): boolean {
  const env = process.env.SAGEPIPE_DEBUG;
  return argv.includes("--debug") || (env !== undefined && env !== "" && env !== "0" && env.toLowerCase() !== "false");
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code (README, "Exit
 * codes"): 0 success, 1 a definite no (invalid, changes, not succeeded), 2 usage or input error,
 * 3 an AWS error, 70 an internal error (a bug in sagepipe: one line, the stack with --debug).
 *
 * @example
 * ```ts
 * const code = await run(["validate", "definition.json"], { stdout: console.log, stderr: console.error, cwd: process.cwd() });
 * ```
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = createProgram(argv, io, (code) => (exitCode = code));
  const json = argv.includes("--json");
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version end with a CommanderError too: exit code 0; every parse error is a usage error
      if (error.exitCode === 0) return EXIT.ok;
      if (json && error.code !== "commander.help") printJsonOnly(io, new CliFailure(EXIT.usage, "usage", error.message.replace(/^error: /, "")));
      return EXIT.usage;
    }
    // an argument parser or a hook threw: the same handling as an error in a command
    const failure = describeFailure(error);
    return failure === undefined ? internalError(error, io, json, debugRequested(argv)) : printFailure(io, json, failure);
  }
}

/** The JSON error object alone (commander has printed the message). */
function printJsonOnly(io: CliIo, failure: CliFailure): void {
  printFailure({ ...io, stderr: () => undefined }, true, failure);
}

/** An error sagepipe did not expect — a bug: one line saying so (the stack with --debug), exit 70. */
function internalError(error: unknown, io: CliIo, json: boolean, debug: boolean): number {
  const description = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0] ?? ""}` : String(error);
  const message =
    `internal error: ${description}. This is a bug in sagepipe ${packageJson.version}: please report it at ${BUGS_URL}` +
    ` with the command you ran${debug ? " and the stack below" : " (run it again with --debug or SAGEPIPE_DEBUG=1 for the stack)"}`;
  printFailure(io, json, new CliFailure(EXIT.internal, "internal-error", message));
  if (debug) io.stderr(`${error instanceof Error ? (error.stack ?? description) : description}\n`);
  return EXIT.internal;
}
