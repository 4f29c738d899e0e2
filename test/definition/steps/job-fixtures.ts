import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pythonSdkFixture } from "../../support/python-sdk.js";

// Helpers for the job step tests (Training, Processing, Transform, Tuning): find every step of a
// type in the Python SDK fixtures, and put back values the SDK's own tests deleted before comparing.

const root = new URL("../../fixtures/python-sdk-expected/", import.meta.url);

type Json = Record<string, unknown>;

/** Reads one fixture (path relative to `python-sdk-expected/`). */
export const fixture = pythonSdkFixture;

/** One step found in a fixture file; `id` tells steps of the same file apart. */
export interface FixtureStep {
  readonly id: string;
  readonly file: string;
  readonly step: Json;
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every step of `type` in any fixture, including steps nested in Condition branches. */
export function fixtureSteps(type: string): FixtureStep[] {
  const found: FixtureStep[] = [];
  const files = readdirSync(fileURLToPath(root), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".json") && file !== "INDEX.json")
    .sort();
  for (const file of files) {
    let count = 0;
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (!isObject(value)) return;
      if (value.Type === type && typeof value.Name === "string" && isObject(value.Arguments)) {
        count += 1;
        found.push({ id: count === 1 ? file : `${file} (step ${count})`, file, step: value });
      }
      Object.values(value).forEach(walk);
    };
    walk(fixture(file));
  }
  return found;
}

/** A deep copy of `value` with `path` set to `replacement` (objects along the path must exist). */
export function withValue<T>(value: T, path: readonly (string | number)[], replacement: unknown): T {
  const copy = structuredClone(value);
  let target: unknown = copy;
  for (const key of path.slice(0, -1)) target = (target as Record<string | number, unknown>)[key];
  (target as Record<string | number, unknown>)[path[path.length - 1] as string | number] = replacement;
  return copy;
}

export { issuePaths } from "../../support/python-sdk.js";
