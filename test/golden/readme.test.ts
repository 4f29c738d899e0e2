import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The README's first example is examples/quickstart/pipeline.ts, word for word: that file is type
// checked (npm test runs tsc) and compiled, validated and compared with its golden definition like
// every example, so the example readers copy first cannot rot unnoticed.

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const quickstart = readFileSync(new URL("../../examples/quickstart/pipeline.ts", import.meta.url), "utf8");

describe("README", () => {
  it("shows examples/quickstart/pipeline.ts as its first TypeScript example", () => {
    const first = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(first).toBe(quickstart);
  });
});
