import { readFileSync } from "node:fs";

// Shared by the tests that read what the SageMaker Python SDK's own unit tests assert
// (test/fixtures/python-sdk-expected/, copied from ../shared/reference/python-sdk-expected/).

const root = new URL("../fixtures/python-sdk-expected/", import.meta.url);

/** One Python SDK fixture, parsed (path relative to `python-sdk-expected/`). */
export const pythonSdkFixture = (file: string): unknown => JSON.parse(readFileSync(new URL(file, root), "utf8"));

/** The paths of a zod `safeParse` result's issues (none on success). */
export const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }): PropertyKey[][] =>
  result.error?.issues.map((issue) => issue.path) ?? [];

/** The top-level steps of a definition with the given type. */
export const stepsOfType = (definition: unknown, type: string): unknown[] =>
  (definition as { Steps: { Type: string }[] }).Steps.filter((step) => step.Type === type);
