import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireLock, LockHeldError, withLock } from "../../src/local/lock.js";
import { project } from "./support.js";

// The cross-process lock of the local registry and of a run's directory.

/** The pid of a process that has ended. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(result.stdout);
}

describe("acquireLock", () => {
  it("is exclusive: a second taker waits for the release (or, not waiting, is told who holds it)", async () => {
    const file = join(project(), "x.lock");
    const first = await acquireLock(file);
    const error = await acquireLock(file, { wait: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as Error).message).toMatch(new RegExp(`is held by process ${process.pid} on ${hostname()} since `));
    const order: string[] = [];
    const second = withLock(file, async () => void order.push("second"));
    await new Promise((done) => setTimeout(done, 100));
    order.push("released");
    await first.release();
    await second;
    expect(order).toEqual(["released", "second"]);
    expect(existsSync(file)).toBe(false);
  });

  it("takes over a lock whose holder has died (this host), and one half-written by a creator that died", async () => {
    const dir = project();
    const file = join(dir, "dead.lock");
    writeFileSync(file, JSON.stringify({ pid: deadPid(), host: hostname(), token: "t", acquiredAt: "2020-01-01T00:00:00Z" }));
    const lock = await acquireLock(file, { wait: false });
    expect(JSON.parse(readFileSync(file, "utf8")).pid).toBe(process.pid);
    await lock.release();
    const half = join(dir, "half.lock");
    writeFileSync(half, "");
    await expect(acquireLock(half, { wait: false })).rejects.toThrow(LockHeldError); // being written, maybe
    const old = new Date(Date.now() - 60_000);
    utimesSync(half, old, old);
    await (await acquireLock(half, { wait: false })).release();
  });

  it("a lock from another host is stale only when it has not been refreshed for a minute", async () => {
    const dir = project();
    const file = join(dir, "foreign.lock");
    writeFileSync(file, JSON.stringify({ pid: 1, host: "elsewhere", token: "t", acquiredAt: "2020-01-01T00:00:00Z" }));
    await expect(acquireLock(file, { wait: false })).rejects.toThrow(/held by process 1 on elsewhere .*\(another host\)/);
    const old = new Date(Date.now() - 120_000);
    utimesSync(file, old, old);
    await (await acquireLock(file, { wait: false })).release();
  });

  it("a live process with a reused pid does not hold a dead holder's lock (Linux: the start time differs)", async () => {
    if (process.platform !== "linux") return;
    const file = join(project(), "reused.lock");
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: hostname(), token: "t", started: "1", acquiredAt: "2020-01-01T00:00:00Z" }));
    await (await acquireLock(file, { wait: false })).release();
  });
});
