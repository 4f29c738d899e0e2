import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundled, repositoryRoot } from "../support/bundle.js";
import { machine, project } from "../local/support.js";

// The CLI process (src/cli/main.ts) exits as soon as its command returns, when its output has been
// handed over, instead of waiting for node's event loop to drain (issue 17: the garbage collector's
// pending work ran first). Output must never be cut, and the exit code is the command's.

/** Runs the CLI (the source, bundled) in `dir`; reads its stdout only after `readAfterMs`. */
async function cli(dir: string, args: readonly string[], readAfterMs = 0): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const main = await bundled(join(repositoryRoot, "src/cli/main.ts"));
  const child = spawn(process.execPath, [main, ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  child.stdout.setEncoding("utf8");
  child.stdout.pause();
  setTimeout(() => child.stdout.on("data", (text: string) => (stdout += text)).resume(), readAfterMs);
  const code = await new Promise<number | null>((done) => child.on("close", (exit) => done(exit)));
  return { code, stdout, stderr };
}

function manySteps(count: number): string {
  return `import { pipeline } from "sagepipe";
let large = pipeline("Large");
for (let i = 0; i < ${count}; i++) large = large.process(\`Step\${i}\`, { ...${JSON.stringify(machine)}, entrypoint: ["python3", \`step\${i}.py\`] });
export default large;
`;
}

describe("the sagepipe process exits when its command is done", () => {
  it("a definition larger than a pipe's buffer, read late: all of it arrives, exit code 0", { timeout: 60_000 }, async () => {
    const dir = project({ "large.ts": manySteps(1000) });
    const { code, stdout, stderr } = await cli(dir, ["compile", "large.ts", "--max-steps", "1000"], 1_000);
    expect(stderr).toBe("");
    expect(stdout.length).toBeGreaterThan(8 * 65_536);
    const definition = JSON.parse(stdout) as { Steps: { Name: string }[] };
    expect(definition.Steps.map((step) => step.Name)).toEqual(Array.from({ length: 1000 }, (_, i) => `Step${i}`));
    expect(code).toBe(0);
  });

  it("the command's exit code: 1 for an invalid pipeline (its issues printed), 2 for a missing file, 0 for --version", { timeout: 60_000 }, async () => {
    // builds, but its Arguments are below SageMaker's minimums
    const dir = project({ "bad.ts": readFileSync(join(repositoryRoot, "test/fixtures/pipelines/invalid-arguments.ts"), "utf8") });
    const invalid = await cli(dir, ["validate", "bad.ts"]);
    expect({ code: invalid.code, stdout: invalid.stdout }).toEqual({ code: 1, stdout: expect.stringMatching(/^bad\.ts: \d+ issues?\n/) as unknown });
    const missing = await cli(dir, ["compile", "missing.ts"]);
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({ code: 2, stderr: expect.stringContaining("missing.ts") as unknown });
    const version = await cli(dir, ["--version"]);
    expect({ code: version.code, stdout: version.stdout }).toEqual({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) as unknown });
  });
});
