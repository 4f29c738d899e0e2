import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundled, repositoryRoot } from "../support/bundle.js";
import { machine, project } from "../local/support.js";

// What the CLI prints on stdout is its result (a definition, a graph, a validation report). When
// it cannot be written — a full disk, a reader that went away — the command did not do its job and
// must not exit 0 (a CI step `sagepipe compile p.ts > definition.json` on a full disk would pass
// with an empty file).

/** Runs the CLI (the source, bundled) in `dir` with its stdout on file descriptor `stdout`. */
async function cli(dir: string, args: readonly string[], stdout: number | "pipe-closed"): Promise<{ code: number | null; stderr: string }> {
  const main = await bundled(join(repositoryRoot, "src/cli/main.ts"));
  const child = spawn(process.execPath, [main, ...args], { cwd: dir, stdio: ["ignore", stdout === "pipe-closed" ? "pipe" : stdout, "pipe"] });
  if (stdout === "pipe-closed") child.stdout?.destroy();
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const code = await new Promise<number | null>((done) => child.on("close", (exit) => done(exit)));
  return { code, stderr };
}

const pipelineFile = `import { pipeline } from "sagepipe";
let p = pipeline("Out");
for (let i = 0; i < 40; i++) p = p.process(\`Step\${i}\`, { ...${JSON.stringify(machine)}, entrypoint: ["python3", \`step\${i}.py\`] });
export default p;
`;

describe("the CLI's output cannot be written", () => {
  it.runIf(existsSync("/dev/full"))("compile, graph and validate to a full device: exit 2 naming stdout and why, never 0", { timeout: 60_000 }, async () => {
    const dir = project({ "p.ts": pipelineFile });
    for (const args of [
      ["compile", "p.ts"],
      ["graph", "p.ts"],
      ["validate", "p.ts", "--json"],
    ]) {
      const full = openSync("/dev/full", "w");
      try {
        const { code, stderr } = await cli(dir, args, full);
        expect({ args, code, stderr }).toEqual({ args, code: 2, stderr: expect.stringMatching(/^sagepipe: cannot write the output \(stdout\): ENOSPC/) as unknown });
      } finally {
        closeSync(full);
      }
    }
  });

  it("a reader that has gone away (a closed pipe): not exit 0", { timeout: 60_000 }, async () => {
    const dir = project({ "p.ts": pipelineFile });
    const { code } = await cli(dir, ["compile", "p.ts"], "pipe-closed");
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
  });
});
