import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";

const dir = join(__dirname, "../../examples/ci");

/** Every `npx sagepipe ...` command in the CI recipes, joined across folded YAML lines. */
function commands(): { file: string; args: string[] }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".yml"))
    .flatMap((file) => {
      const text = readFileSync(join(dir, file), "utf8").replace(/>\n\s+/g, "").replace(/\n\s{10,}(?=--)/g, " ");
      return [...text.matchAll(/npx sagepipe ([^\n|>]+)/g)].map((m) => ({ file, args: (m[1] ?? "").trim().split(/\s+/).filter((a) => !a.startsWith('"') && !a.endsWith('"')) }));
    });
}

describe("examples/ci recipes", () => {
  const found = commands();

  it("use sagepipe deploy with --start and --wait", () => {
    expect(found.filter((c) => c.args[0] === "deploy").map((c) => c.file).sort()).toEqual(["buildspec.yml", "github-actions.yml"]);
    for (const command of found.filter((c) => c.args[0] === "deploy")) expect(command.args).toEqual(expect.arrayContaining(["--start", "--wait"]));
  });

  it("only use commands and options the CLI knows", async () => {
    for (const { args } of found) {
      let usage = "";
      const code = await run([args[0] ?? "", "--help"], { stdout: (t) => (usage += t), stderr: () => undefined, cwd: dir });
      expect(code).toBe(0);
      expect(usage).toMatch(new RegExp(`^Usage: sagepipe ${args[0]} `));
      for (const option of args.filter((a) => a.startsWith("--"))) expect(usage).toContain(` ${option}`);
    }
  });
});
