import { readFileSync } from "node:fs";

// Shared by the tests that read what the SageMaker Python SDK's own unit tests assert
// (test/fixtures/python-sdk-expected/, copied from ../shared/reference/python-sdk-expected/).

const root = new URL("../fixtures/python-sdk-expected/", import.meta.url);

/** The role ARN that stands for the Python SDK tests' placeholder role name `DummyRole`. */
export const DUMMY_ROLE_ARN = "arn:aws:iam::111111111111:role/DummyRole";

/** The directory a relative processing input path stands for (the API: it must begin with this). */
export const PROCESSING_DIR = "/opt/ml/processing/";

/**
 * A fixture with the placeholders the SageMaker API refuses, and sagepipe with it, made well formed
 * (sagepipe refuses what AWS refuses; README: deliberate differences from the Python SDK). Exactly
 * two substitutions, nothing else changes:
 * - the role name `DummyRole` (as any value) becomes {@link DUMMY_ROLE_ARN};
 * - a processing input's relative `LocalPath` (`processing_manifest`, `processing-input`, under a
 *   `ProcessingInputs` list) becomes the same under `/opt/ml/processing/`.
 *
 * @example
 * ```ts
 * wellFormed({ RoleArn: "DummyRole" }) // { RoleArn: "arn:aws:iam::111111111111:role/DummyRole" }
 * ```
 */
export function wellFormed<T>(value: T): T {
  const walk = (item: unknown, inInputs: boolean): unknown => {
    if (item === "DummyRole") return DUMMY_ROLE_ARN;
    if (Array.isArray(item)) return item.map((member) => walk(member, inInputs));
    if (typeof item !== "object" || item === null) return item;
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(item)) {
      const relativeInputPath = inInputs && key === "LocalPath" && typeof member === "string" && !member.startsWith("/");
      out[key] = relativeInputPath ? `${PROCESSING_DIR}${member}` : walk(member, inInputs || key === "ProcessingInputs");
    }
    return out;
  };
  return walk(value, false) as T;
}

/** One Python SDK fixture as the SDK's tests assert it, parsed (path relative to `python-sdk-expected/`). */
export const rawPythonSdkFixture = (file: string): unknown => JSON.parse(readFileSync(new URL(file, root), "utf8"));

/** One Python SDK fixture, parsed and made well formed ({@link wellFormed}). */
export const pythonSdkFixture = (file: string): unknown => wellFormed(rawPythonSdkFixture(file));

/** The paths of a zod `safeParse` result's issues (none on success). */
export const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }): PropertyKey[][] =>
  result.error?.issues.map((issue) => issue.path) ?? [];

/** The top-level steps of a definition with the given type. */
export const stepsOfType = (definition: unknown, type: string): unknown[] =>
  (definition as { Steps: { Type: string }[] }).Steps.filter((step) => step.Type === type);
