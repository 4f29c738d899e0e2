import type { Command } from "commander";

/** Where the CLI reads and writes, so that tests can run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** What `-` reads (stdin): all of it, as text. @default the process's stdin */
  readonly stdin?: () => Promise<string>;
}

/**
 * The CLI's exit codes, the same for every command (README, "Exit codes").
 *
 * @example
 * ```ts
 * return valid ? EXIT.ok : EXIT.no;
 * ```
 */
export const EXIT = {
  /** Success: valid, no changes, the run or execution succeeded. */
  ok: 0,
  /** A definite "no": the pipeline is invalid, `diff` found changes, a run or execution did not succeed. */
  no: 1,
  /** The command line or an input is wrong: unknown command or option, bad value, unreadable file. */
  usage: 2,
  /** AWS: a call failed (refused, not found, throttled past the retries), could not be sent (no region, no credentials), or got no answer in time. */
  aws: 3,
  /** An internal error: a bug in sagepipe (an exception it did not expect). */
  internal: 70,
} as const;

/**
 * A usage error: the command line itself is wrong (a value that does not fit, options that do not
 * go together). Exit code 2, with a pointer to the command's `--help`.
 *
 * @example
 * ```ts
 * if (values.compact && values.pretty) throw new UsageError("--compact and --pretty cannot be combined");
 * ```
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** What a command's `register` function gets: where to print, and how to turn a body into an action. */
export interface CliContext {
  readonly io: CliIo;
  /**
   * Wraps a command's body as a commander action: the number it returns is the exit code; a
   * {@link UsageError} it throws is printed with a pointer to the command's help (exit 2).
   */
  action<A extends unknown[]>(body: (...args: A) => Promise<number>): (...args: unknown[]) => Promise<void>;
}

/** `sagepipe registry list`: the command's full name, for messages. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) names.unshift(current.name());
  return names.join(" ");
}
