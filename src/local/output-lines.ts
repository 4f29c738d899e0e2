import { LocalStepError } from "./errors.js";

/** The longest line kept for parsing (metrics, progress, the failure tail); the log gets it whole. */
export const MAX_PARSED_LINE = 64 * 1024;

/**
 * Splits text that arrives in chunks into lines, holding at most one partial line (itself capped: a
 * line longer than {@link MAX_PARSED_LINE} is passed on in pieces). What a step prints is never kept.
 */
export class LineSplitter {
  #pending = "";
  readonly #onLine: (line: string) => void;

  constructor(onLine: (line: string) => void) {
    this.#onLine = onLine;
  }

  /**
   * Takes the next chunk; returns the text that is complete now (whole lines, or the pieces of an
   * overlong one), for the log, so that lines of two streams sharing one log do not interleave.
   */
  push(text: string): string {
    let start = 0;
    let complete = "";
    const newline = text.lastIndexOf("\n");
    if (newline >= 0) {
      complete = this.#pending + text.slice(0, newline + 1);
      for (let end = text.indexOf("\n", start); end >= 0 && end <= newline; end = text.indexOf("\n", start)) {
        const line = this.#pending + text.slice(start, end);
        this.#pending = "";
        this.#onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
        start = end + 1;
      }
    }
    this.#pending += text.slice(start);
    while (this.#pending.length > MAX_PARSED_LINE) {
      const piece = this.#pending.slice(0, MAX_PARSED_LINE);
      this.#onLine(piece);
      complete += piece;
      this.#pending = this.#pending.slice(MAX_PARSED_LINE);
    }
    return complete;
  }

  /** At the end of the stream: the last line, when the output did not end with a newline (for the log). */
  end(): string {
    const rest = this.#pending;
    if (rest !== "") this.#onLine(rest);
    this.#pending = "";
    return rest === "" ? "" : `${rest}\n`;
  }
}

/** Parses metric values line by line, keeping only the last value of each metric. */
export class MetricParser {
  readonly #compiled: readonly { readonly name: string; readonly regex: RegExp }[];
  readonly #values: Record<string, number> = {};

  /** Fails (as the step's error) on a regex that does not compile. */
  constructor(definitions: readonly { readonly Name: string; readonly Regex: string }[]) {
    this.#compiled = definitions.map((definition) => {
      try {
        return { name: definition.Name, regex: new RegExp(definition.Regex) };
      } catch (error) {
        throw new LocalStepError(`metric "${definition.Name}": the regex ${definition.Regex} is not valid: ${(error as Error).message}`);
      }
    });
  }

  /**
   * Reads one log line: the first group of each regex that matches (or the whole match), when it is a
   * number, as SageMaker keeps the final value.
   */
  line(text: string): void {
    for (const { name, regex } of this.#compiled) {
      const match = regex.exec(text);
      if (match === null) continue;
      const digits = (match[1] ?? match[0]).trim();
      const value = digits === "" ? Number.NaN : Number(digits);
      if (Number.isFinite(value)) this.#values[name] = value;
    }
  }

  /** The last value of each metric seen so far. */
  get values(): Record<string, number> {
    return { ...this.#values };
  }
}
