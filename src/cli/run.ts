/** Where the CLI writes, so that tests can capture it. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

const USAGE = `Usage: sagepipe <command> [options]

Commands:
  validate <definition.json>   check a pipeline definition; --json prints the issues as JSON
`;

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  io.stderr(`sagepipe: unknown command "${command}"\n\n${USAGE}`);
  return 2;
}
