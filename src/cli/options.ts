import { InvalidArgumentError, Option } from "commander";
import { UsageError } from "./context.js";

/**
 * Parses an option value that must be a positive integer (for commander's `.option(..., parse)`).
 *
 * @example
 * ```ts
 * command.option("--max-steps <N>", "raise the steps-per-pipeline quota", positiveInteger)
 * ```
 */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !(Number.isInteger(number) && number > 0)) throw new InvalidArgumentError("It must be a positive integer.");
  return number;
}

/**
 * Parses an option value that must be a positive number (fractions allowed).
 *
 * @example
 * ```ts
 * command.option("--poll-seconds <S>", "seconds between polls", positiveNumber)
 * ```
 */
export function positiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !(Number.isFinite(number) && number > 0)) throw new InvalidArgumentError("It must be a positive number.");
  return number;
}

/**
 * `--max-steps N`, for every command that compiles a pipeline: raises the steps-per-pipeline quota
 * (50) when the account's is higher.
 *
 * @example
 * ```ts
 * command.addOption(maxStepsOption())
 * ```
 */
export function maxStepsOption(): Option {
  return new Option("--max-steps <N>", "raise the steps-per-pipeline quota (default 50) when your account's is higher").argParser(positiveInteger);
}

/**
 * Parses a number option (any finite number).
 *
 * @example
 * ```ts
 * command.option("--fallback <N>", "the value when no version is approved", finiteNumber)
 * ```
 */
export function finiteNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number)) throw new InvalidArgumentError("It must be a number.");
  return number;
}

/**
 * Collects a repeatable `NAME=VALUE` option (`--param`, `--mount`, `--tag`) into a list, checking
 * each item's shape.
 *
 * @example
 * ```ts
 * command.option("--param <NAME=VALUE>", "a parameter value (repeatable)", collectKeyValue, [])
 * ```
 */
export function collectKeyValue(value: string, previous: readonly string[] | undefined): string[] {
  if (value.indexOf("=") <= 0) throw new InvalidArgumentError("It must be NAME=VALUE.");
  return [...(previous ?? []), value];
}

/**
 * Splits `NAME=VALUE` items (`--param`, `--mount`, `--tag`) into a record. A name given twice with
 * different values is a usage error (a script that appends an override to a default would otherwise
 * run with whichever came last, without a word); the same value twice is accepted.
 *
 * @example
 * ```ts
 * keyValues(["AccuracyThreshold=0.99"], "--param") // { AccuracyThreshold: "0.99" }
 * ```
 */
export function keyValues(items: readonly string[] | undefined, option: string): Record<string, string> {
  const found = new Map<string, string>();
  for (const item of items ?? []) {
    const at = item.indexOf("=");
    if (at <= 0) throw new UsageError(`${option} takes NAME=VALUE, got "${item}"`);
    const name = item.slice(0, at);
    const value = item.slice(at + 1);
    const earlier = found.get(name);
    if (earlier !== undefined && earlier !== value) {
      throw new UsageError(`${option} ${name} is given twice, as ${JSON.stringify(earlier)} and as ${JSON.stringify(value)}: give it once`);
    }
    found.set(name, value);
  }
  return Object.fromEntries(found);
}
