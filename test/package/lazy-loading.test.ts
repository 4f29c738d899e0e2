import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "../support/bundle.js";

// What importing sagepipe loads (issue 17): the cron checker (cron-validate, with yup: about 50
// CommonJS modules) is required when a cron expression is first checked, not at import. Checked in
// both builds, ES module and CommonJS, since each finds cron-validate its own way.

const probe = `
import { createRequire } from "node:module";
import { schedule } from "sagepipe";
const cache = createRequire(${JSON.stringify(join(repositoryRoot, "package.json"))}).cache;
const loaded = () => Object.keys(cache).some((file) => file.includes("cron-validate"));
const atImport = loaded();
schedule("rate(1 day)");
const afterRate = loaded();
const cron = schedule("cron(0 12 ? * MON-FRI *)");
let refused = "";
try { schedule("cron(61 12 * * ? *)"); } catch (error) { refused = error.code + ": " + error.message; }
console.log(JSON.stringify({ atImport, afterRate, afterCron: loaded(), cron, refused }));
`;

async function run(format: "esm" | "cjs"): Promise<Record<string, unknown>> {
  const dir = join(repositoryRoot, "node_modules/.cache/sagepipe-test");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `lazy-loading-${process.pid}.${format === "esm" ? "mjs" : "cjs"}`);
  const entry = join(dir, `lazy-loading-entry-${process.pid}-${format}.mjs`);
  writeFileSync(entry, probe);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format,
    target: "node20",
    outfile: file,
    packages: "external",
    alias: { sagepipe: join(repositoryRoot, "src/index.ts") },
    logLevel: "error",
  });
  return JSON.parse(execFileSync(process.execPath, [file], { encoding: "utf8" })) as Record<string, unknown>;
}

describe("what importing sagepipe loads", () => {
  for (const format of ["esm", "cjs"] as const) {
    it(`loads cron-validate only when a cron expression is checked (${format})`, async () => {
      const result = await run(format);
      expect(result.atImport).toBe(false);
      expect(result.afterRate).toBe(false);
      expect(result.afterCron).toBe(true);
      expect(result.cron).toMatchObject({ expression: "cron(0 12 ? * MON-FRI *)" });
      expect(result.refused).toMatch(/^invalid-trigger: "cron\(61 12 \* \* \? \*\)" is not a valid AWS cron expression/);
    }, 60_000);
  }
});
