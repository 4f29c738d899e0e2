import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CachedResult, StepCache, StepResult } from "./engine.js";
import { writeFileAtomic } from "./files-atomic.js";
import { excerpt } from "../text.js";
import type { GraphStep } from "./graph.js";
import { MAX_FILE_DEPTH, tooDeepAt } from "../validate/json-data.js";

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an ISO-8601 duration (`P30D`, `PT1H`; a month counts 30 days, a year 365). */
export function durationMs(duration: string): number | undefined {
  const match = DURATION.exec(duration);
  if (match === null) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number, number];
  return ((((years * 365 + months * 30 + weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}

interface CacheEntry {
  readonly executionId: string;
  readonly createdAt: string;
  readonly result: StepResult;
}

/**
 * Step results kept in `<workdir>/cache/<pipeline>/<step>/<key>.json`. The key hashes the step's
 * type, Arguments (parameters and upstream properties resolved, execution variables left as they are)
 * and property files, so a run with the same inputs reuses the result within `ExpireAfter`.
 */
export function fileCache(workdir: string, pipelineName: string, executionId: string, now: () => Date, warn: (step: string, message: string) => void): StepCache {
  const fileOf = (step: GraphStep, key: string) => join(workdir, "cache", pipelineName, step.name, `${key}.json`);
  return {
    async lookup(step, key, expireAfter): Promise<CachedResult | undefined> {
      const file = fileOf(step, key);
      const text = await readFile(file, "utf8").catch(() => undefined);
      if (text === undefined) return undefined;
      let entry: CacheEntry;
      try {
        entry = checkEntry(JSON.parse(text), text.length);
      } catch (error) {
        // a damaged entry is a miss: the step runs and writes it again
        warn(step.name, `the cache entry ${file} is damaged (${excerpt((error as Error).message, 200)}) and was ignored: the step ran again`);
        return undefined;
      }
      const ttl = expireAfter === undefined ? undefined : durationMs(expireAfter);
      if (ttl !== undefined && now().getTime() - Date.parse(entry.createdAt) > ttl) return undefined;
      return { ...entry.result, executionId: entry.executionId };
    },
    async store(step, key, result) {
      const entry: CacheEntry = { executionId, createdAt: now().toISOString(), result };
      await writeFileAtomic(fileOf(step, key), JSON.stringify(entry));
    },
  };
}

/** The entry, when it has the shape the cache writes. */
function checkEntry(value: unknown, length: number): CacheEntry {
  const entry = value as Partial<CacheEntry> | null;
  if (typeof entry !== "object" || entry === null) throw new Error("not a JSON object");
  const deep = tooDeepAt(entry, length, MAX_FILE_DEPTH);
  if (deep !== undefined) throw new Error(deep);
  if (typeof entry.executionId !== "string" || typeof entry.createdAt !== "string") throw new Error("no executionId or createdAt");
  if (Number.isNaN(Date.parse(entry.createdAt))) throw new Error("$.createdAt is not a date");
  if (typeof entry.result !== "object" || entry.result === null || typeof entry.result.properties !== "object" || entry.result.properties === null) throw new Error("no result properties");
  return entry as CacheEntry;
}
