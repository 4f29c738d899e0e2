import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, root } from "./support.js";

// The CLI loads a TypeScript pipeline file by stripping its types; --typecheck checks them first,
// with the project's TypeScript and tsconfig.json. The projects here are temporary folders with
// TypeScript linked from this repository and "sagepipe" mapped to its declarations.

const PIPELINE = (retries: string) => `import { pipeline } from "sagepipe";

const retries: number = ${retries};

export default pipeline("Typed").param("Threshold", "Float", { default: 0.8 }).fail("Stop", \`stopped after \${retries} retries\`);
`;

function project(code: string, { typescript = true }: { typescript?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-typecheck-"));
  writeFileSync(join(dir, "pipeline.ts"), code);
  if (!typescript) return dir;
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(root, "node_modules/typescript"), join(dir, "node_modules/typescript"));
  const compilerOptions = {
    strict: true,
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
    typeRoots: [join(root, "node_modules/@types")],
    // the package's declarations, as an installed sagepipe gives them
    paths: { sagepipe: [join(root, "dist/index.d.cts")] },
  };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions }));
  return dir;
}

describe("--typecheck", () => {
  it("a wrong type: compile strips it and succeeds; with --typecheck, exit 1 with TypeScript's error", async () => {
    const dir = project(PIPELINE('"three"'));

    const stripped = await cli(["compile", "pipeline.ts", "--compact"], dir);
    expect(stripped.stderr).toBe("");
    expect(stripped.code).toBe(0);
    expect(stripped.stdout).toContain('"ErrorMessage":"stopped after three retries"');

    const checked = await cli(["compile", "pipeline.ts", "--typecheck"], dir);
    expect(checked.stdout).toBe("");
    expect(checked.stderr).toMatch(/^sagepipe: pipeline\.ts: 1 type error \(TypeScript 5\.\d+\.\d+, tsconfig\.json\)\n\npipeline\.ts\(3,7\): error TS2322: Type 'string' is not assignable to type 'number'\.\n$/);
    expect(checked.code).toBe(1);
    expect((await cli(["validate", "pipeline.ts", "--typecheck"], dir)).code).toBe(1);
  }, 120_000);

  it("well-typed: compiles as without it", async () => {
    const dir = project(PIPELINE("3"));
    const result = await cli(["validate", "pipeline.ts", "--typecheck"], dir);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("pipeline.ts: valid (1 top-level steps)\n");
    expect(result.code).toBe(0);
  }, 120_000);

  it("no TypeScript in the project, or not a TypeScript file: exit 2 saying so", async () => {
    const dir = project(PIPELINE("3"), { typescript: false });
    const missing = await cli(["compile", "pipeline.ts", "--typecheck"], dir);
    expect(missing).toEqual({
      code: 2,
      stdout: "",
      stderr: "sagepipe: --typecheck uses your project's TypeScript, and none is installed for pipeline.ts: npm install --save-dev typescript\n",
    });
    const json = await cli(["validate", "test/golden/churn.json", "--typecheck"]);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/^sagepipe: --typecheck checks a TypeScript pipeline file \(\.ts, \.mts, \.cts, \.tsx\), not test\/golden\/churn\.json\n/);
  });
});
