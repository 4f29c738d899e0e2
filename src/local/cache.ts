import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CachedResult, StepCache, StepResult } from "./engine.js";
import type { GraphStep } from "./graph.js";

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
export function fileCache(workdir: string, pipelineName: string, executionId: string, now: () => Date): StepCache {
  const fileOf = (step: GraphStep, key: string) => join(workdir, "cache", pipelineName, step.name, `${key}.json`);
  return {
    async lookup(step, key, expireAfter): Promise<CachedResult | undefined> {
      const text = await readFile(fileOf(step, key), "utf8").catch(() => undefined);
      if (text === undefined) return undefined;
      let entry: CacheEntry;
      try {
        entry = JSON.parse(text) as CacheEntry;
      } catch {
        return undefined; // a damaged entry is a miss: the step runs and writes it again
      }
      const ttl = expireAfter === undefined ? undefined : durationMs(expireAfter);
      if (ttl !== undefined && now().getTime() - Date.parse(entry.createdAt) > ttl) return undefined;
      return { ...entry.result, executionId: entry.executionId };
    },
    async store(step, key, result) {
      const file = fileOf(step, key);
      await mkdir(join(file, ".."), { recursive: true });
      const entry: CacheEntry = { executionId, createdAt: now().toISOString(), result };
      await writeFile(file, JSON.stringify(entry));
    },
  };
}
