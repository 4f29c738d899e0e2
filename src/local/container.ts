import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { LocalStepError } from "./errors.js";

/** How a local process stands in for a SageMaker container. */
export interface ContainerProcess {
  /** The directory that plays the container's `/`: `/opt/ml/...` paths are remapped under it. */
  readonly sandbox: string;
  /** The container entrypoint and arguments, with container paths (remapped here). */
  readonly command: readonly string[];
  /** Environment variables (container paths in values remapped too). */
  readonly environment: Readonly<Record<string, string>>;
  /** Program names mapped to local executables (`node` is the running Node.js by default). */
  readonly interpreters: Readonly<Record<string, string>>;
  /** Where stdout and stderr go. */
  readonly logFile: string;
  /** Kills the process after this long (the step's MaxRuntimeInSeconds). */
  readonly timeoutMs?: number;
  /** Each line the process prints. */
  readonly onLine?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** Exit code a script can use to say "transient failure, retry me" (sysexits EX_TEMPFAIL). */
export const TRANSIENT_EXIT_CODE = 75;

const CONTAINER_PATH = /(^|[=:,\s])\/opt\/ml(?=\/|$|\s)/g;

/** Rewrites container paths (`/opt/ml/...`) in a string to the sandbox. */
export function toSandbox(text: string, sandbox: string): string {
  return text.replace(CONTAINER_PATH, (_match, before: string) => `${before}${join(sandbox, "opt/ml")}`);
}

/** The local path of a container path. */
export function sandboxPath(sandbox: string, containerPath: string): string {
  return join(sandbox, containerPath);
}

/**
 * Runs the command as a local process in the sandbox, logging to a file. Resolves when it exits 0;
 * otherwise fails with the exit code and the last lines of output. A non-zero exit is an
 * AlgorithmError (not retried); exit code 75 or a kill by a signal is `SageMaker.JOB_INTERNAL_ERROR`,
 * which retry policies can name.
 */
export async function runContainer(process_: ContainerProcess): Promise<void> {
  const [program, ...args] = process_.command.map((part) => toSandbox(part, process_.sandbox));
  if (program === undefined) throw new LocalStepError("the step has no command to run");
  const executable = process_.interpreters[program] ?? (program === "node" ? process.execPath : program);
  await mkdir(dirname(process_.logFile), { recursive: true });
  await mkdir(process_.sandbox, { recursive: true });
  const log = createWriteStream(process_.logFile, { flags: "a" });
  const tail: string[] = [];
  const env = { ...process.env, ...Object.fromEntries(Object.entries(process_.environment).map(([k, v]) => [k, toSandbox(v, process_.sandbox)])) };
  try {
    await new Promise<void>((resolvePromise, reject) => {
      const child = spawn(executable, args, { cwd: process_.sandbox, env, stdio: ["ignore", "pipe", "pipe"], ...(process_.signal !== undefined ? { signal: process_.signal } : {}) });
      let timedOut = false;
      const timer = process_.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), child.kill("SIGKILL")), process_.timeoutMs) : undefined;
      const onLine = (line: string) => {
        log.write(`${line}\n`);
        tail.push(line);
        if (tail.length > 10) tail.shift();
        process_.onLine?.(line);
      };
      createInterface({ input: child.stdout }).on("line", onLine);
      createInterface({ input: child.stderr }).on("line", onLine);
      child.on("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (process_.signal?.aborted === true) {
          reject(new LocalStepError("the run was aborted; the process was stopped"));
        } else if (error.code === "ENOENT") {
          reject(
            new LocalStepError(
              `cannot start "${program}": it is not installed on this machine (or not on PATH). Install it, map it with interpreters: { "${program}": "/path/to/${program}" }, or give the step a local command`,
            ),
          );
        } else reject(new LocalStepError(`cannot start "${program}": ${error.message}`));
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        const last = tail.length > 0 ? ` Last output:\n    ${tail.slice(-5).join("\n    ")}` : "";
        if (timedOut) reject(new LocalStepError(`the process ran longer than MaxRuntimeInSeconds (${Math.round((process_.timeoutMs ?? 0) / 1000)} s) and was stopped.${last}`));
        else if (signal !== null) reject(new LocalStepError(`InternalServerError: the process was killed by ${signal}.${last}`, "SageMaker.JOB_INTERNAL_ERROR"));
        else if (code === TRANSIENT_EXIT_CODE) reject(new LocalStepError(`InternalServerError: the process exited with code ${code} (transient).${last}`, "SageMaker.JOB_INTERNAL_ERROR"));
        else if (code !== 0) reject(new LocalStepError(`AlgorithmError: the process exited with code ${code}.${last}`));
        else resolvePromise();
      });
    });
  } finally {
    await new Promise<void>((done) => log.end(done));
  }
}

/**
 * Values of the step's metric definitions found in log lines: the last match of each regex's first
 * group (or the whole match), as SageMaker keeps the final value.
 */
export function parseMetrics(lines: readonly string[], definitions: readonly { readonly Name: string; readonly Regex: string }[]): Record<string, number> {
  const metrics: Record<string, number> = {};
  const compiled = definitions.map((definition) => {
    try {
      return { name: definition.Name, regex: new RegExp(definition.Regex) };
    } catch (error) {
      throw new LocalStepError(`metric "${definition.Name}": the regex ${definition.Regex} is not valid: ${(error as Error).message}`);
    }
  });
  for (const line of lines) {
    for (const { name, regex } of compiled) {
      const match = regex.exec(line);
      const value = match === null ? Number.NaN : Number(match[1] ?? match[0]);
      if (Number.isFinite(value)) metrics[name] = value;
    }
  }
  return metrics;
}
