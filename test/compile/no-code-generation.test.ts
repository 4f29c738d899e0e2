import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// compile's fast schema check is JavaScript it writes and compiles with `new Function`. Where a
// process may not compile code from strings (Node's --disallow-code-generation-from-strings, strict
// content security policies), there is no fast check and zod judges every document: the output
// must be the same. This runs the built CLI (`npm ci` builds it) in such a process.

const root = join(__dirname, "../..");
const cli = join(root, "dist/cli.js");

describe("compile where code generation is disallowed", () => {
  // two node processes: seconds on a loaded machine
  it("gives the same definition as the golden file", { timeout: 60_000 }, () => {
    expect(existsSync(cli), "dist/cli.js is missing: run `npm run build` (npm ci does)").toBe(true);
    const out = join(mkdtempSync(join(tmpdir(), "sagepipe-nocodegen-")), "churn.json");
    execFileSync(process.execPath, ["--disallow-code-generation-from-strings", cli, "compile", "examples/churn/pipeline.ts", "-o", out], { cwd: root, stdio: "pipe" });
    // the flag works: this process cannot use new Function
    expect(() => execFileSync(process.execPath, ["--disallow-code-generation-from-strings", "-e", "new Function('return 1')"], { stdio: "pipe" })).toThrow(/Code generation from strings disallowed/);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(JSON.parse(readFileSync(join(root, "test/golden/churn.json"), "utf8")));
  });
});
