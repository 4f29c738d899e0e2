import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Json } from "./mutations.js";

// The test corpus of definitions: the fixtures (the churn pipeline, every definition and step the
// SageMaker Python SDK's unit tests expect) and the golden files, read by the schema-check tests and
// the definition fuzzer.

/** test/fixtures/, ending in a slash. */
export const fixturesDir = fileURLToPath(new URL("../fixtures/", import.meta.url));
/** test/golden/, ending in a slash. */
export const goldensDir = fileURLToPath(new URL("../golden/", import.meta.url));

/** The JSON files under `dir` (a path ending in a slash), at any depth, sorted. */
export function jsonFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => `${dir}${file}`);
}

/** A JSON file, parsed. */
export const readJson = (file: string): Json => JSON.parse(readFileSync(file, "utf8")) as Json;

/** An object that is not a list. */
export const isRecord = (value: unknown): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every object with a string Name and Type in `value`, at any depth: steps, valid or not (many fixtures are SDK stubs). */
export function stepsIn(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const item of value) stepsIn(item, out);
  else if (isRecord(value)) {
    if (typeof value.Name === "string" && typeof value.Type === "string") out.push(value);
    for (const key of Object.keys(value)) stepsIn(value[key], out);
  }
  return out;
}
