import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pipeline, runLocal, type RunEvent } from "sagepipe";
import { alive, eventually, machine, pidsIn, project } from "./support.js";

// Each step runs in its own process group: a timeout or an abort stops the whole group (SIGTERM,
// then SIGKILL after the grace period), and what the main process leaves behind dies with it.

const sh = (script: string) => ["sh", "-c", script];

describe("runLocal: a step's processes end with the step", () => {
  it("MaxRuntimeInSeconds stops the whole group: a grandchild holding stdout does not keep the run waiting", async () => {
    const dir = project();
    const pids = join(dir, "pids");
    // sleep 30 in the background holds stdout; the shell itself waits 30 s more
    const flow = pipeline("Timeout").process("Slow", {
      ...machine,
      entrypoint: sh(`sleep 30 & echo $! >> "$PIDS"; echo $$ >> "$PIDS"; sleep 30; echo done`),
      environment: { PIDS: pids },
      maxRuntimeSeconds: 1,
    });
    const started = Date.now();
    const run = await runLocal(flow, { baseDir: dir, stopGraceMs: 500 });
    expect(Date.now() - started).toBeLessThan(15_000); // was 31 s: only the shell was killed
    expect(run.status).toBe("Failed");
    expect(run.failureReason).toMatch(/^the process ran longer than MaxRuntimeInSeconds \(1 s\) and was stopped\./);
    expect(pidsIn(pids)).toHaveLength(2);
    expect(await eventually(() => pidsIn(pids).every((pid) => !alive(pid)))).toBe(true);
  });

  it("a process that ignores SIGTERM is killed with SIGKILL after the grace period", async () => {
    const dir = project();
    const pids = join(dir, "pids");
    const flow = pipeline("Stubborn").process("Ignore", {
      ...machine,
      entrypoint: sh(`trap "" TERM; sleep 30 & echo $! >> "$PIDS"; wait; wait; sleep 30`),
      environment: { PIDS: pids },
      maxRuntimeSeconds: 1,
    });
    const started = Date.now();
    const run = await runLocal(flow, { baseDir: dir, stopGraceMs: 300 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.failureReason).toMatch(/MaxRuntimeInSeconds \(1 s\)/);
    expect(await eventually(() => pidsIn(pids).length === 1 && pidsIn(pids).every((pid) => !alive(pid)))).toBe(true);
  });

  it("what the main process leaves running is killed when it exits, as in a container; the step does not wait for it", async () => {
    const dir = project();
    const pids = join(dir, "pids");
    const flow = pipeline("Leftover").process("Daemon", {
      ...machine,
      entrypoint: sh(`sleep 30 & echo $! >> "$PIDS"; echo started`),
      environment: { PIDS: pids },
    });
    const started = Date.now();
    const run = await runLocal(flow, { baseDir: dir });
    expect(Date.now() - started).toBeLessThan(15_000); // was 30 s: the run waited for the sleep's stdout to close
    expect(run.status).toBe("Succeeded");
    expect(await eventually(() => pidsIn(pids).length === 1 && pidsIn(pids).every((pid) => !alive(pid)))).toBe(true);
  });
});

describe("runLocal: abort", () => {
  it("stops every process of the running step, starts nothing new, and ends Stopped with the record written", async () => {
    const dir = project();
    const pids = join(dir, "pids");
    const flow = pipeline("Long")
      .process("Slow", { ...machine, entrypoint: sh(`sleep 30 & echo $! >> "$PIDS"; echo $$ >> "$PIDS"; wait`), environment: { PIDS: pids } })
      .process("Next", { ...machine, entrypoint: ["node", "-e", "0"], after: ["Slow"] });
    const controller = new AbortController();
    const started = Date.now();
    const run = await runLocal(flow, {
      baseDir: dir,
      executionId: "aborted",
      signal: controller.signal,
      stopGraceMs: 500,
      onEvent: (e) => {
        if (e.type === "step-started") void eventually(() => pidsIn(pids).length === 2).then(() => controller.abort("SIGINT"));
      },
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run).toMatchObject({ status: "Stopped", failureReason: "the run was stopped (SIGINT)" });
    expect(run.steps.map((s) => s.status)).toEqual(["Stopped", "NotStarted"]);
    expect(run.steps[0]?.failureReason).toBe("the run was stopped; the step's processes were stopped.");
    expect(pidsIn(pids)).toHaveLength(2);
    expect(await eventually(() => pidsIn(pids).every((pid) => !alive(pid)))).toBe(true);
    const { readFileSync } = await import("node:fs");
    expect(JSON.parse(readFileSync(join(dir, ".sagepipe/runs/aborted/run.json"), "utf8")).status).toBe("Stopped");
  });

  it("an abort while a step waits to retry stops the wait: no further attempt", async () => {
    const dir = project();
    const flow = pipeline("Retrying").process("Flaky", {
      ...machine,
      entrypoint: ["node", "-e", "process.exit(75)"],
      retry: [{ exceptions: ["SageMaker.JOB_INTERNAL_ERROR"], maxAttempts: 3, intervalSeconds: 60 }],
    });
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const run = await runLocal(flow, {
      baseDir: dir,
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === "step-retrying") setTimeout(() => controller.abort(), 50);
      },
    });
    expect(run.status).toBe("Stopped");
    expect(run.failureReason).toBe("the run was stopped");
    expect(run.steps[0]).toMatchObject({ status: "Stopped", attempts: 1 });
    expect(run.steps[0]?.failureReason).toMatch(/^the run was stopped while the step waited to retry \(InternalServerError: the process exited with code 75 \(transient\)\.\)$/);
    expect(events.filter((e) => e.type === "step-started")).toHaveLength(1);
  });
});
