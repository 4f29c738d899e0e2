import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundled, repositoryRoot } from "../support/bundle.js";
import { alive, eventually, machine, pidsIn, project } from "../local/support.js";

// Ctrl-C (SIGINT) or SIGTERM to a running `sagepipe run --local`: the run is stopped (no process of
// its steps left, a grandchild holding stdout included), the run record says Stopped, the exit code
// is 130 or 143; a second Ctrl-C exits at once.

function flowModule(script: string): string {
  return `import { pipeline } from "sagepipe";
export default pipeline("Stoppable")
  .process("Slow", { ...${JSON.stringify(machine)}, entrypoint: ["sh", "-c", ${JSON.stringify(script)}], environment: { PIDS: "./pids" } })
  .process("Next", { ...${JSON.stringify(machine)}, entrypoint: ["node", "-e", "0"], after: ["Slow"] });
`;
}

/** Starts the CLI (the source, bundled) on a pipeline; resolves when it exits. */
async function startCli(dir: string, args: readonly string[]) {
  const cli = await bundled(join(repositoryRoot, "src/cli/main.ts"));
  const child = spawn(process.execPath, [cli, ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on("close", (code, signal) => done({ code, signal })));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

const STEP = `sleep 30 & echo $! >> "$PIDS"; echo $$ >> "$PIDS"; echo working; wait`;

describe("sagepipe run --local, stopped by a signal", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s: steps stopped, nothing left running, run.json says Stopped, exit code %i", async (signal, exitCode) => {
    const dir = project({ "flow.ts": flowModule(STEP) });
    // the step's sandbox is its working directory: "./pids" is read from there
    const pids = join(dir, ".sagepipe/runs/stop1/steps/Slow/pids");
    const { child, exited, output } = await startCli(dir, ["run", "flow.ts", "--local", "--execution-id", "stop1"]);
    expect(await eventually(() => pidsIn(pids).length === 2, 20_000)).toBe(true);
    child.kill(signal);
    const { code } = await exited;
    const { stdout, stderr } = output();
    expect(code, stderr).toBe(exitCode);
    expect(stderr).toContain(`sagepipe: ${signal}: stopping the run`);
    expect(stdout).toContain("Stoppable stop1: Stopped");
    const record = JSON.parse(readFileSync(join(dir, ".sagepipe/runs/stop1/run.json"), "utf8"));
    expect(record).toMatchObject({ status: "Stopped", failureReason: `the run was stopped (${signal})` });
    expect(record.steps.map((step: { status: string }) => step.status)).toEqual(["Stopped", "NotStarted"]);
    expect(await eventually(() => pidsIn(pids).every((pid) => !alive(pid)))).toBe(true);
  }, 60_000);

  it("a second Ctrl-C exits at once, killing the steps' processes (even ones that ignore SIGTERM)", async () => {
    const dir = project({ "flow.ts": flowModule(`trap "" TERM; ${STEP}`) });
    const pids = join(dir, ".sagepipe/runs/stop2/steps/Slow/pids");
    const { child, exited, output } = await startCli(dir, ["run", "flow.ts", "--local", "--execution-id", "stop2"]);
    expect(await eventually(() => pidsIn(pids).length === 2, 20_000)).toBe(true);
    child.kill("SIGINT");
    await eventually(() => output().stderr.includes("stopping the run"), 5_000);
    const second = Date.now();
    child.kill("SIGINT");
    const { code } = await exited;
    expect(Date.now() - second).toBeLessThan(5_000); // the steps ignore SIGTERM: without the second Ctrl-C, 10 s
    expect(code).toBe(130);
    expect(output().stderr).toContain("SIGINT again: killing the steps' processes and exiting now");
    expect(await eventually(() => pidsIn(pids).every((pid) => !alive(pid)))).toBe(true);
    expect(existsSync(join(dir, ".sagepipe/runs/stop2/run.json"))).toBe(false);
  }, 60_000);
});
