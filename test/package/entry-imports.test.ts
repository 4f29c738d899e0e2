import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import * as sagepipe from "sagepipe";

const src = join(__dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("the library entry", () => {
  it("loads no @aws-sdk module: outside src/aws, AWS SDK imports are type-only", () => {
    const offenders = sourceFiles(src)
      .filter((file) => !relative(src, file).startsWith("aws"))
      .flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/^(?:import|export)\b([^;]*?)from\s+["'](@aws-sdk\/[^"']+)["']/gms)]
          .filter((match) => !/^\s*type\b/.test(match[1] ?? ""))
          .map((match) => `${relative(src, file)}: ${match[2]}`),
      );
    expect(offenders).toEqual([]);
  });

  it("exports the public API and nothing by accident", () => {
    expect(Object.keys(sagepipe).sort()).toMatchSnapshot();
  });
});
