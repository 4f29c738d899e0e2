import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, createWriteStream, statSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { delimiter, dirname, join, resolve, sep } from "node:path";
import { LocalStepError } from "./errors.js";
import type { LocalIsolation } from "../runtime/run-record.js";
import { NAMESPACE_SETUP_FAILED, namespaceCommand, optMlChanges, snapshotOptMl, type NamespaceLauncher, type OptMlSnapshot } from "./isolation.js";
import { LineSplitter } from "./output-lines.js";

/** The isolation a step runs under (see `chooseIsolation`). */
export interface StepIsolation extends LocalIsolation {
  /** How to enter a private mount namespace (mode `"mount-namespace"`). */
  readonly launcher?: NamespaceLauncher;
  /** Why there is no private namespace (mode `"detect"` when it was not asked for). */
  readonly unavailable?: string;
}

/** How a local process stands in for a SageMaker container. */
export interface ContainerProcess {
  /** The directory that plays the container's `/`: its `opt/ml` is the step's `/opt/ml`. */
  readonly sandbox: string;
  /** The container entrypoint and arguments, with container paths. */
  readonly command: readonly string[];
  /** Environment variables. */
  readonly environment: Readonly<Record<string, string>>;
  /** The working directory, a container path under `/opt/ml`. @default the sandbox (the container's `/`) */
  readonly cwd?: string;
  /** Program names mapped to local executables (`node` is the running Node.js by default). */
  readonly interpreters: Readonly<Record<string, string>>;
  /** Where stdout and stderr go. */
  readonly logFile: string;
  /** How `/opt/ml` is kept private (a mount namespace), or watched (detect). */
  readonly isolation: StepIsolation;
  /** Stops the process group after this long (the step's MaxRuntimeInSeconds). */
  readonly timeoutMs?: number;
  /** Between SIGTERM and SIGKILL when the step is stopped. @default 10 s */
  readonly stopGraceMs?: number;
  /** Each line the process prints (lines longer than 64 KiB come in pieces). */
  readonly onLine?: (line: string) => void;
  /** Aborting stops the step's process group. */
  readonly signal?: AbortSignal;
}

/** Exit code a script can use to say "transient failure, retry me" (sysexits EX_TEMPFAIL). */
export const TRANSIENT_EXIT_CODE = 75;

/** Default time between SIGTERM and SIGKILL when a step is stopped (Docker's `docker stop` default). */
export const DEFAULT_STOP_GRACE_MS = 10_000;

/** How long the output may stay open after the step's main process exited and its group was killed. */
const CLOSE_WAIT_MS = 2_000;

const CONTAINER_PATH = /(^|[=:,\s])\/opt\/ml(?=\/|$|\s)/g;

/** Rewrites container paths (`/opt/ml/...`) in a string to the sandbox (detect mode). */
export function toSandbox(text: string, sandbox: string): string {
  return text.replace(CONTAINER_PATH, (_match, before: string) => `${before}${join(sandbox, "opt/ml")}`);
}

/** The local path of a container path; one that would leave the sandbox's `/opt/ml` is an error. */
export function sandboxPath(sandbox: string, containerPath: string): string {
  const path = join(sandbox, containerPath);
  const ml = join(sandbox, "opt/ml");
  if (path !== ml && !path.startsWith(`${ml}${sep}`)) throw new LocalStepError(`the container path ${JSON.stringify(containerPath)} is not under /opt/ml`);
  return path;
}

/** Process groups of steps that are running, killed if this process exits while they run. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

/**
 * Kills every step process group still running with SIGKILL, at once (the CLI's second Ctrl-C, and
 * this process exiting). Synchronous, so it is safe in an `exit` handler.
 */
export function killAllStepProcesses(): void {
  for (const pgid of liveGroups) killGroup(pgid, "SIGKILL");
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(process.platform === "win32" ? pgid : -pgid, signal);
  } catch {
    // the group is gone
  }
}

/**
 * Runs the command as a local process in the sandbox, logging to a file. Resolves when it exits 0;
 * otherwise fails with the exit code and the last lines of output. A non-zero exit is an
 * AlgorithmError (not retried); exit code 75 or a kill by a signal is `SageMaker.JOB_INTERNAL_ERROR`,
 * which retry policies can name.
 *
 * The process leads its own process group (its own session): a timeout or an abort sends SIGTERM to
 * the whole group, then SIGKILL after the grace period; when the main process exits, whatever it left
 * running in the group is killed, as a container's processes end with it. Output streams to the log
 * file line by line (the process is paused while the file catches up), so memory does not grow with
 * it.
 */
export async function runContainer(process_: ContainerProcess): Promise<void> {
  const { sandbox, isolation } = process_;
  const namespaced = isolation.mode === "mount-namespace" && isolation.launcher !== undefined;
  const remap = (text: string) => (namespaced ? text : toSandbox(text, sandbox));
  const [program, ...args] = process_.command.map(remap);
  if (program === undefined) throw new LocalStepError("the step has no command to run");
  const env: Record<string, string | undefined> = { ...process.env, ...Object.fromEntries(Object.entries(process_.environment).map(([k, v]) => [k, remap(v)])) };
  const mapped = process_.interpreters[program];
  const executable = findExecutable(mapped ?? (program === "node" ? process.execPath : program), env.PATH, sandbox);
  if (executable === undefined) {
    const python = /^python[\d.]*$/.test(program) || /\/python[\d.]*$/.test(program) ? " (for Python: sagepipe run --python /path/to/python)" : "";
    throw new LocalStepError(
      mapped !== undefined && mapped.includes("/")
        ? `cannot start "${program}": it is mapped to "${mapped}", which is not an executable on this machine. Fix the mapping in interpreters${python}`
        : `cannot start "${mapped ?? program}": it is not installed on this machine (or not on PATH). Install it, map it with interpreters: { "${program}": "/path/to/${program}" }${python}, or give the step a local command`,
    );
  }
  await mkdir(dirname(process_.logFile), { recursive: true });
  await mkdir(join(sandbox, "opt/ml"), { recursive: true });
  const scratch = `${sandbox}.mnt`;
  let launch = { executable, args };
  if (namespaced && isolation.launcher !== undefined) {
    await mkdir(scratch, { recursive: true });
    launch = namespaceCommand(isolation.launcher, join(sandbox, "opt/ml"), scratch, [executable, ...args]);
  }
  const before: OptMlSnapshot | undefined = namespaced ? undefined : await snapshotOptMl();
  if (process_.signal?.aborted === true) throw new LocalStepError("the run was stopped before the step started");

  const log = createWriteStream(process_.logFile, { flags: "a" });
  const tail: string[] = [];
  let ended: { code: number | null; signal: NodeJS.Signals | null };
  let stoppedBy: "timeout" | "abort" | undefined;
  let lingering = false;
  try {
    ended = await new Promise((resolvePromise, reject) => {
      let child: ChildProcess;
      try {
        child = spawn(launch.executable, launch.args, { cwd: process_.cwd === undefined ? sandbox : sandboxPath(sandbox, process_.cwd), env, stdio: ["ignore", "pipe", "pipe"], detached: true });
      } catch (error) {
        reject(new LocalStepError(`cannot start "${program}": ${(error as Error).message}`));
        return;
      }
      const pgid = child.pid;
      if (pgid !== undefined) {
        liveGroups.add(pgid);
        if (!exitHookInstalled) {
          exitHookInstalled = true;
          process.on("exit", killAllStepProcesses);
        }
      }
      const timers: NodeJS.Timeout[] = [];
      const stop = (why: "timeout" | "abort") => {
        if (stoppedBy !== undefined || exit !== undefined || pgid === undefined) return;
        stoppedBy = why;
        killGroup(pgid, "SIGTERM");
        timers.push(setTimeout(() => killGroup(pgid, "SIGKILL"), process_.stopGraceMs ?? DEFAULT_STOP_GRACE_MS));
      };
      const onAbort = () => stop("abort");
      process_.signal?.addEventListener("abort", onAbort, { once: true });
      if (process_.timeoutMs !== undefined) timers.push(setTimeout(() => stop("timeout"), process_.timeoutMs));

      const onLine = (line: string) => {
        tail.push(line.length > 1000 ? `${line.slice(0, 1000)}…` : line);
        if (tail.length > 10) tail.shift();
        process_.onLine?.(line);
      };
      const streams = [child.stdout, child.stderr].flatMap((stream) => (stream === null ? [] : [stream]));
      for (const stream of streams) {
        const splitter = new LineSplitter(onLine);
        stream.setEncoding("utf8");
        const write = (text: string) => {
          // while the log file catches up, the process waits
          if (text !== "" && !log.write(text)) {
            for (const s of streams) s.pause();
            log.once("drain", () => streams.forEach((s) => s.resume()));
          }
        };
        stream.on("data", (text: string) => write(splitter.push(text)));
        stream.on("end", () => write(splitter.end()));
      }

      let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        for (const timer of timers) clearTimeout(timer);
        process_.signal?.removeEventListener("abort", onAbort);
        if (pgid !== undefined) liveGroups.delete(pgid);
        if (error !== undefined) reject(error);
        else resolvePromise(exit ?? { code: null, signal: null });
      };
      child.on("error", (error: NodeJS.ErrnoException) => finish(new LocalStepError(`cannot start "${program}": ${error.message}`)));
      child.on("exit", (code, signal) => {
        exit = { code, signal };
        // a container's processes end with its main process: kill what it left in the group
        if (pgid !== undefined) killGroup(pgid, "SIGKILL");
        timers.push(
          setTimeout(() => {
            // still open: a process that left the group (a new session) holds the output
            lingering = true;
            for (const stream of streams) stream.destroy();
            finish();
          }, CLOSE_WAIT_MS),
        );
      });
      child.on("close", () => finish());
    });
  } finally {
    if (lingering) log.write("\nsagepipe: the step's main process exited, but a process it started still holds its output: it left the step's process group (a new session), so it was not stopped\n");
    await new Promise<void>((done) => log.end(done));
    if (namespaced) await rm(scratch, { recursive: true, force: true }).catch(() => undefined);
  }

  const { code, signal } = ended;
  const last = tail.length > 0 ? `\nLast output:\n    ${tail.slice(-5).join("\n    ")}` : "";
  if (stoppedBy === "abort") throw new LocalStepError(`the run was stopped; the step's processes were stopped.${last}`);
  if (stoppedBy === "timeout") throw new LocalStepError(`the process ran longer than MaxRuntimeInSeconds (${Math.round((process_.timeoutMs ?? 0) / 1000)} s) and was stopped.${last}`);
  if (namespaced && code === NAMESPACE_SETUP_FAILED) {
    const said = [...tail].reverse().find((line) => line.startsWith("sagepipe: could not give the step a private /opt/ml"));
    if (said !== undefined) throw new LocalStepError(`${said.slice("sagepipe: ".length)} (${isolation.detail})`);
  }
  if (before !== undefined) {
    const changes = optMlChanges(before, await snapshotOptMl());
    if (changes.total > 0) {
      throw new LocalStepError(
        `the step wrote to this machine's real /opt/ml instead of its sandbox (${changes.paths.join(", ")}${changes.total > changes.paths.length ? `, ${changes.total - changes.paths.length} more` : ""}). ` +
          `${isolation.unavailable !== undefined ? `This run could not give steps a private /opt/ml: ${isolation.unavailable}. ` : ""}` +
          `Its outputs are not where the step declares them, so the step failed. Remove what it wrote there, and run where a private /opt/ml is possible (Linux with unshare) or make the script use the paths it is given (arguments, SM_* variables).${last}`,
      );
    }
  }
  const hint =
    !namespaced && tail.some((line) => line.includes("/opt/ml"))
      ? `\n(The script uses /opt/ml paths directly. ${isolation.unavailable !== undefined ? `This run could not give steps a private /opt/ml: ${isolation.unavailable}; ` : "With isolation \"detect\", "}only the /opt/ml paths in the step's command, arguments and environment point to its sandbox.)`
      : "";
  if (signal !== null) throw new LocalStepError(`InternalServerError: the process was killed by ${signal}.${last}${hint}`, "SageMaker.JOB_INTERNAL_ERROR");
  if (code === TRANSIENT_EXIT_CODE) throw new LocalStepError(`InternalServerError: the process exited with code ${code} (transient).${last}${hint}`, "SageMaker.JOB_INTERNAL_ERROR");
  if (code !== 0) throw new LocalStepError(`AlgorithmError: the process exited with code ${String(code)}.${last}${hint}`);
}

/** The program's path: as given when it has a `/` (relative to the sandbox), else the first on PATH. */
export function findExecutable(program: string, path: string | undefined, cwd: string): string | undefined {
  if (process.platform === "win32") return program; // spawn resolves PATHEXT itself
  if (program.includes("/")) {
    const full = resolve(cwd, program);
    return isExecutable(full) ? full : undefined;
  }
  for (const dir of (path ?? "").split(delimiter)) {
    if (dir === "") continue;
    const full = resolve(cwd, dir, program);
    if (isExecutable(full)) return full;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
