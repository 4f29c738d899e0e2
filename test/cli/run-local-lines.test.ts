import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { machine, project } from "../local/support.js";
import { cli } from "./support.js";

// What `sagepipe run --local` prints, line by line, in the cases issue 14 found wanting.

describe("sagepipe run --local: its lines", () => {
  it("a --workdir under a path that is a file: one line saying so, exit 1 (not an ENOTDIR stack)", async () => {
    const dir = project({ "flow.ts": `import { pipeline } from "sagepipe";\nexport default pipeline("W").process("Only", { ...${JSON.stringify(machine)}, entrypoint: ["node", "-e", "0"] });\n` });
    writeFileSync(join(dir, "file"), "");
    const result = await cli(["run", "flow.ts", "--local", "--workdir", "file/sub"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`sagepipe: the workdir ${join(dir, "file/sub")} cannot be used: ${join(dir, "file")} is a file, not a directory\n`);
  });

  it("says first how steps' /opt/ml is kept private; a retry's line ends with the reason, not a dangling 'Last output:'", async () => {
    const flaky = `import { existsSync, writeFileSync } from "node:fs";
if (!existsSync(process.env.MARK)) { writeFileSync(process.env.MARK, ""); console.log("first attempt"); process.exit(75); }`;
    const dir = project({ "flaky.mjs": flaky });
    writeFileSync(
      join(dir, "flow.ts"),
      `import { pipeline } from "sagepipe";
export default pipeline("Flaky").assets({ bucket: "my-bucket" }).process("Work", {
  ...${JSON.stringify(machine)}, code: "./flaky.mjs", command: ["node"], environment: { MARK: ${JSON.stringify(join(dir, "mark"))} },
  retry: [{ exceptions: ["SageMaker.JOB_INTERNAL_ERROR"], maxAttempts: 2, intervalSeconds: 1 }],
});
`,
    );
    const result = await cli(["run", "flow.ts", "--local"], dir);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr.split("\n");
    expect(lines[0]).toMatch(/^(◇ Flaky \w+: each step runs in a private mount namespace|⚠ Flaky \w+: no private mount namespace is possible here)/);
    expect(lines).toContain("↻ Work failed (InternalServerError: the process exited with code 75 (transient).), retrying in 1.0 s");
  });
});
