import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { bundled, repositoryRoot } from "../support/bundle.js";
import type { RunRecord } from "sagepipe";

export const role = "arn:aws:iam::111111111111:role/R";
export const image = "111111111111.dkr.ecr.us-east-1.amazonaws.com/node:20";
export const machine = { image, role, instanceType: "ml.m5.large" } as const;

/** A temp directory with files; the pipeline's code paths and the workdir are relative to it. */
export function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-local-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** True while the process exists and is not a zombie (a zombie has ended; only its exit status is left). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== "linux") return true;
  const stat = readFileSyncOrEmpty(`/proc/${pid}/stat`);
  return stat !== "" && stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
}

function readFileSyncOrEmpty(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** The process ids a step wrote to a file, one a line. */
export function pidsIn(file: string): number[] {
  return existsSync(file) ? readFileSync(file, "utf8").split(/\s+/).filter(Boolean).map(Number) : [];
}

/** Waits until `check` holds (polling), up to `ms`. */
export async function eventually(check: () => boolean, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((done) => setTimeout(done, 20));
  }
  return check();
}

/** The repository root. */
export const root = repositoryRoot;

/**
 * Runs a pipeline module with runLocal in a process of its own (several at once, in a namespace, with
 * another PATH), optionally through a launcher (`prefix`), and resolves with its exit code, output
 * and the run record it printed.
 */
export async function childRun(
  module: string,
  options: Record<string, unknown>,
  settings: { readonly prefix?: readonly string[]; readonly env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: string; stderr: string; record?: RunRecord }> {
  const entry = join(dirname(module), `child-run-${basename(module).replace(/\W/g, "-")}.ts`);
  writeFileSync(
    entry,
    `import flow from ${JSON.stringify(module)};
import { runLocal } from "sagepipe";
const record = await runLocal(flow, JSON.parse(process.argv[2] ?? "{}"));
process.stdout.write(JSON.stringify(record) + "\\n");
`,
  );
  const script = await bundled(entry);
  const command = [...(settings.prefix ?? []), process.execPath, script, JSON.stringify(options)];
  return new Promise((done, fail) => {
    const child = spawn(command[0] ?? "", command.slice(1), { cwd: root, env: settings.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
    child.on("error", fail);
    child.on("close", (code) => {
      let record: RunRecord | undefined;
      try {
        record = JSON.parse(stdout) as RunRecord;
      } catch {
        record = undefined;
      }
      done({ code, stdout, stderr, ...(record !== undefined ? { record } : {}) });
    });
  });
}
