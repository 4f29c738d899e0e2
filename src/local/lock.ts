import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { link, mkdir, open, readFile, rename, rm, stat, utimes } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";

/**
 * A lock between processes (and within one): a file created exclusively (`O_EXCL`) that names its
 * holder — process id, host, and on Linux the process's start time, so that a reused pid is not
 * mistaken for the holder. A lock whose holder is gone (the process on this host ended, or, from
 * another host, the file was not refreshed for a minute) is stale and is taken over. Holders refresh
 * the file's time every 10 seconds.
 *
 * Hand-written rather than a library such as proper-lockfile, whose staleness is only the lock's age:
 * a holder whose event loop is busy for longer than the stale time (packing a large model) loses its
 * lock there, while a dead holder's lock here is recognized at once, by its process.
 */
export interface HeldLock {
  readonly file: string;
  release(): Promise<void>;
}

/** Who holds a lock, as its file says. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  readonly started?: string;
  readonly acquiredAt: string;
}

/** Thrown when a lock is held by a live process (and the caller did not wait, or waited too long). */
export class LockHeldError extends Error {
  readonly owner: LockOwner | undefined;

  constructor(file: string, owner: LockOwner | undefined) {
    super(
      owner === undefined
        ? `${file} is being created by another process`
        : `${file} is held by process ${owner.pid} on ${owner.host} since ${owner.acquiredAt}${owner.host === hostname() ? "" : " (another host)"}`,
    );
    this.name = "LockHeldError";
    this.owner = owner;
  }
}

const REFRESH_MS = 10_000;
const FOREIGN_STALE_MS = 60_000;
const HALF_WRITTEN_STALE_MS = 10_000;

/** This process's start time on Linux (clock ticks since boot, from /proc), which a reused pid does not share. */
function startTimeOf(pid: number): string | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

interface Found {
  readonly text: string;
  readonly owner: LockOwner | undefined;
  readonly mtimeMs: number;
}

async function readLock(file: string): Promise<Found | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(file, "utf8"), stat(file)]);
    let owner: LockOwner | undefined;
    try {
      const parsed = JSON.parse(text) as Partial<LockOwner>;
      if (typeof parsed.pid === "number" && typeof parsed.host === "string" && typeof parsed.token === "string") owner = parsed as LockOwner;
    } catch {
      owner = undefined;
    }
    return { text, owner, mtimeMs: info.mtimeMs };
  } catch {
    return undefined; // released meanwhile
  }
}

function isStale(found: Found): boolean {
  const age = Date.now() - found.mtimeMs;
  const { owner } = found;
  if (owner === undefined) return age > HALF_WRITTEN_STALE_MS; // its creator died before writing it
  if (owner.host !== hostname()) return age > FOREIGN_STALE_MS;
  if (!alive(owner.pid)) return true;
  const started = startTimeOf(owner.pid);
  return owner.started !== undefined && started !== undefined && started !== owner.started;
}

/** Moves a stale lock aside; if it turns out to be a fresh one (taken over meanwhile), puts it back. */
async function breakStale(file: string, judged: Found): Promise<void> {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    await rename(file, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, "utf8").catch(() => judged.text);
  if (moved !== judged.text) await link(aside, file).catch(() => undefined);
  await rm(aside, { force: true });
}

/**
 * Takes the lock `file`: waits (polling, up to `timeoutMs`) while a live process holds it, or with
 * `wait: false` throws {@link LockHeldError} at once.
 */
export async function acquireLock(file: string, options: { readonly wait: boolean; readonly timeoutMs?: number } = { wait: true }): Promise<HeldLock> {
  await mkdir(dirname(file), { recursive: true });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const started = startTimeOf(process.pid);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    token: randomBytes(8).toString("hex"),
    ...(started !== undefined ? { started } : {}),
    acquiredAt: new Date().toISOString(),
  };
  const text = `${JSON.stringify(owner)}\n`;
  for (let delay = 5; ; delay = Math.min(delay * 2, 200)) {
    try {
      const handle = await open(file, "wx");
      try {
        await handle.writeFile(text);
      } finally {
        await handle.close();
      }
      return held(file, owner.token);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const found = await readLock(file);
    if (found === undefined) continue;
    if (isStale(found)) {
      await breakStale(file, found);
      continue;
    }
    if (!options.wait || Date.now() > deadline) throw new LockHeldError(file, found.owner);
    await new Promise((done) => setTimeout(done, delay + Math.random() * delay));
  }
}

function held(file: string, token: string): HeldLock {
  const refresh = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, REFRESH_MS);
  refresh.unref();
  let released = false;
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      clearInterval(refresh);
      const found = await readLock(file);
      if (found?.owner?.token === token) await rm(file, { force: true });
    },
  };
}

/** Runs `body` holding the lock `file` (waiting for it), and releases it after. */
export async function withLock<T>(file: string, body: () => Promise<T>, timeoutMs?: number): Promise<T> {
  const lock = await acquireLock(file, { wait: true, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  try {
    return await body();
  } finally {
    await lock.release();
  }
}
