import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { pipeline } from "sagepipe";
import { loadPipeline } from "../../src/cli/load-pipeline.js";
import { cli, root } from "./support.js";
import qualityGate from "../fixtures/pipelines/quality-gate.js";

const fixture = (name: string) => `test/fixtures/pipelines/${name}.ts`;

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-compile-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const oneLine = (text: string) => text.split("\n").filter(Boolean);

describe("sagepipe compile", () => {
  it("prints the definition of the module's default export, indented, and exits 0", async () => {
    const result = await cli(["compile", fixture("quality-gate")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${JSON.stringify(qualityGate.compile().definition, null, 2)}\n`);
    expect(JSON.parse(result.stdout).Steps.map((s: { Name: string }) => s.Name)).toEqual(["Prepare", "Train", "Evaluate", "CheckScore", "Cleanup"]);
  });

  it("prints the exact compact JSON with --compact", async () => {
    const result = await cli(["compile", fixture("quality-gate"), "--compact"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${qualityGate.compile().json}\n`);
  });

  it("writes the definition to -o (creating its directory) and prints a summary", async () => {
    const dir = tempDir({});
    const file = join(root, fixture("quality-gate"));
    const pretty = await cli(["compile", file, "-o", "out/definition.json"], dir);
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toBe("QualityGate: wrote out/definition.json (5 top-level steps)\n");
    expect(readFileSync(join(dir, "out/definition.json"), "utf8")).toBe(`${JSON.stringify(qualityGate.compile().definition, null, 2)}\n`);

    const compact = await cli(["compile", file, "--output", "compact.json", "--compact"], dir);
    expect(compact.code).toBe(0);
    expect(readFileSync(join(dir, "compact.json"), "utf8")).toBe(qualityGate.compile().json);
  });

  it("refuses an --output that is the input file (compile, graph, import; by another path too): exit 2, the file untouched", async () => {
    const source = 'import { pipeline } from "sagepipe";\nexport default pipeline("Self").fail("F", "no");\n';
    const definition = JSON.stringify({ Version: "2020-12-01", Steps: [{ Name: "F", Type: "Fail", Arguments: { ErrorMessage: "no" } }] });
    const dir = tempDir({ "pipeline.mjs": source, "definition.json": definition });
    for (const args of [
      ["compile", "pipeline.mjs", "-o", "pipeline.mjs"],
      ["compile", "pipeline.mjs", "-o", "./sub/../pipeline.mjs"],
      ["graph", "pipeline.mjs", "-o", "pipeline.mjs"],
      ["graph", "definition.json", "--output", "definition.json"],
      ["import", "definition.json", "-o", "definition.json"],
    ]) {
      const result = await cli(args, dir);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({
        args,
        code: 2,
        stderr: expect.stringMatching(/^sagepipe: --output \S+ is the input file \S+: it would be overwritten; write the output to another file\n/) as unknown,
      });
    }
    expect(readFileSync(join(dir, "pipeline.mjs"), "utf8")).toBe(source);
    expect(readFileSync(join(dir, "definition.json"), "utf8")).toBe(definition);
  });

  it("reads local code relative to the pipeline file, or to --base-dir", async () => {
    const dir = tempDir({
      "pipelines/with-code.ts": `import { pipeline } from "sagepipe";
export default pipeline("WithCode").assets({ bucket: "my-bucket", prefix: "code" }).process("Run", {
  image: "111111111111.dkr.ecr.us-east-1.amazonaws.com/tools:1",
  role: "arn:aws:iam::111111111111:role/SageMakerRole",
  instanceType: "ml.m5.large",
  code: "./scripts/run.py",
});
`,
      "pipelines/scripts/run.py": "print('hello')\n",
    });
    const result = await cli(["compile", "pipelines/with-code.ts", "-o", "definition.json"], dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const [summary, asset] = oneLine(result.stdout);
    expect(summary).toBe("WithCode: wrote definition.json (1 top-level step, 1 local code asset to upload)");
    expect(asset).toMatch(/^ {2}\.\/scripts\/run\.py → s3:\/\/my-bucket\/code\/[0-9a-f]{64}\/run\.py$/);
    expect(readFileSync(join(dir, "definition.json"), "utf8")).toContain("/run.py");

    const elsewhere = await cli(["compile", "pipelines/with-code.ts", "--base-dir", "."], dir);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stdout).toBe("");
    expect(oneLine(elsewhere.stderr)).toHaveLength(1);
    expect(elsewhere.stderr).toMatch(/^sagepipe: pipelines\/with-code\.ts: local code "\.\/scripts\/run\.py" does not exist/);
  });

  it("exits 1 and prints every issue to stderr when the pipeline does not compile to a valid definition", async () => {
    const result = await cli(["compile", fixture("invalid-arguments")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`${fixture("invalid-arguments")}: pipeline "BadLimits" does not compile, 2 issues

$.Steps[0].Arguments.ProcessingResources.ClusterConfig.VolumeSizeInGB (step Prepare) [too-small]
  Too small: expected number to be >=1
$.Steps[0].Arguments.StoppingCondition.MaxRuntimeInSeconds (step Prepare) [too-small]
  Too small: expected number to be >=1
`);
  });

  it("passes --loose and --max-steps to the compiler", async () => {
    expect((await cli(["compile", fixture("invalid-arguments"), "--loose"])).code).toBe(0);
    const quota = await cli(["compile", fixture("quality-gate"), "--max-steps", "3"]);
    expect(quota.code).toBe(1);
    expect(quota.stderr).toContain("[too-many-steps]");
  });

  describe("fails with one line and exit code 2 when the module cannot give a pipeline", () => {
    it("rejects a missing file", async () => {
      const result = await cli(["compile", "missing.ts"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe("sagepipe: cannot read missing.ts: no such file\n");
    });

    it("rejects a module without a default export", async () => {
      const result = await cli(["compile", fixture("no-default-export")]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `sagepipe: ${fixture("no-default-export")} has no default export: end it with export default pipeline("MyPipeline")...\n`,
      );
    });

    it("rejects a default export that is not a pipeline", async () => {
      const result = await cli(["compile", fixture("not-a-pipeline")]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `sagepipe: the default export of ${fixture("not-a-pipeline")} is not a pipeline (got an object with keys name, steps): export default the builder, as in export default pipeline("MyPipeline").process(...)\n`,
      );
    });

    it("shows the module's error and where in the file it was thrown, not a stack", async () => {
      const result = await cli(["compile", fixture("throws-while-loading")]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `sagepipe: cannot load ${fixture("throws-while-loading")}: parameter "MinScore" is already declared (${fixture("throws-while-loading")}:6)\n`,
      );
    });

    it("reports a syntax error, a missing import and a thrown non-error on one line each", async () => {
      const dir = tempDir({
        "syntax.ts": "const x: number = ;\nexport default x;\n",
        "imports.ts": 'import { helper } from "./nope.js";\nexport default helper;\n',
        "throws.ts": 'throw "not an Error";\n',
      });
      const syntax = await cli(["compile", "syntax.ts"], dir);
      expect(syntax.code).toBe(2);
      expect(oneLine(syntax.stderr)).toHaveLength(1);
      expect(syntax.stderr).toMatch(/^sagepipe: cannot load syntax\.ts: .*Unexpected token.* \(?syntax\.ts:1/);

      const imports = await cli(["compile", "imports.ts"], dir);
      expect(imports.code).toBe(2);
      expect(oneLine(imports.stderr)).toHaveLength(1);
      expect(imports.stderr).toMatch(/^sagepipe: cannot load imports\.ts: Cannot find module '\.\/nope\.js'/);

      const thrown = await cli(["compile", "throws.ts"], dir);
      expect(thrown.code).toBe(2);
      expect(thrown.stderr).toBe("sagepipe: cannot load throws.ts: not an Error\n");
    });
  });

  it("rejects a missing file argument, two files, --compact with --pretty and an unknown option: exit 2, the error and where to find the usage", async () => {
    const cases: [string[], string][] = [
      [["compile"], "missing required argument 'pipeline'"],
      [["compile", "a.ts", "b.ts"], "too many arguments for 'compile'. Expected 1 argument but got 2."],
      [["compile", fixture("quality-gate"), "--compact", "--pretty"], "option '--compact' cannot be used with option '--pretty'"],
      [["compile", "a.ts", "--bogus"], "unknown option '--bogus'"],
    ];
    for (const [args, message] of cases) {
      expect(await cli(args)).toEqual({ code: 2, stdout: "", stderr: `sagepipe: ${message}\nRun "sagepipe compile --help" for its usage.\n` });
    }
  });
});

describe("loadPipeline", () => {
  it("gives the module this sagepipe: its builder is an instance of the same classes", async () => {
    const loaded = await loadPipeline(fixture("quality-gate"), root);
    expect(Object.getPrototypeOf(loaded)).toBe(Object.getPrototypeOf(pipeline("Other")));
    expect(loaded.compile().json).toBe(qualityGate.compile().json);
  });

  it("gives this sagepipe to JavaScript modules too, and to the local modules they import", async () => {
    const dir = tempDir({
      "pipeline.mjs": 'import { pipeline } from "sagepipe";\nimport { name } from "./name.mjs";\nexport default pipeline(name).fail("Stop", "stopped");\n',
      "name.mjs": 'import { pipeline } from "sagepipe";\nexport const name = pipeline("Esm").name;\n',
    });
    const loaded = await loadPipeline("pipeline.mjs", dir);
    expect(Object.getPrototypeOf(loaded)).toBe(Object.getPrototypeOf(pipeline("Other")));
    expect(loaded.toNode().name).toBe("Esm");
  });

  it("accepts a CommonJS module whose module.exports is the pipeline", async () => {
    const dir = tempDir({ "pipeline.cjs": 'const { pipeline } = require("sagepipe");\nmodule.exports = pipeline("Cjs").fail("Stop", "stopped");\n' });
    const loaded = await loadPipeline("pipeline.cjs", dir);
    expect(loaded.toNode().name).toBe("Cjs");
  });

  it("throws SagepipeErrors with stable codes", async () => {
    await expect(loadPipeline("missing.ts", root)).rejects.toMatchObject({ name: "SagepipeError", code: "pipeline-not-found" });
    await expect(loadPipeline(fixture("no-default-export"), root)).rejects.toMatchObject({ code: "pipeline-no-default-export" });
    await expect(loadPipeline(fixture("not-a-pipeline"), root)).rejects.toMatchObject({ code: "pipeline-not-a-pipeline" });
    await expect(loadPipeline(fixture("throws-while-loading"), root)).rejects.toMatchObject({ code: "pipeline-load-failed" });
  });

  it("is only in the CLI, which loads jiti lazily: the library never imports jiti or the CLI", () => {
    const src = join(root, "src");
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
    const offenders = files(src).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      const inCli = relative(src, file).startsWith("cli");
      const staticJiti = /^\s*import\b[^;]*from\s+["']jiti["']/m.test(text);
      const importsCli = !inCli && /from\s+["'][./]+(?:\.\.\/)*cli\//.test(text);
      return staticJiti || importsCli ? [relative(src, file)] : [];
    });
    expect(offenders).toEqual([]);
    // on first use, with require (import() of jiti's CommonJS build cost three times as much: issue 17)
    expect(readFileSync(join(src, "cli/load-pipeline.ts"), "utf8")).toContain('createRequire(import.meta.url)("jiti")');
  });
});

describe("sagepipe validate <pipeline.ts>", () => {
  it("compiles the module and says valid", async () => {
    const result = await cli(["validate", fixture("quality-gate")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${fixture("quality-gate")}: valid (5 top-level steps)\n`);
  });

  it("prints compile errors as issues and exits 1, or accepts them with --loose", async () => {
    const result = await cli(["validate", fixture("invalid-arguments")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${fixture("invalid-arguments")}: 2 issues\n\n`);
    expect(result.stdout).toContain("$.Steps[0].Arguments.StoppingCondition.MaxRuntimeInSeconds (step Prepare) [too-small]");
    expect((await cli(["validate", fixture("invalid-arguments"), "--loose"])).code).toBe(0);
  });

  it("prints the issues as JSON with --json", async () => {
    const result = await cli(["validate", fixture("quality-gate"), "--json", "--max-steps", "2"]);
    const output = JSON.parse(result.stdout) as { file: string; valid: boolean; issues: Array<{ code: string }> };
    expect(result.code).toBe(1);
    expect(output.file).toBe(fixture("quality-gate"));
    expect(output.valid).toBe(false);
    expect(output.issues.map((i) => i.code)).toEqual(["too-many-steps"]);
  });

  it("exits 2 with one line when the module cannot be loaded", async () => {
    const result = await cli(["validate", fixture("not-a-pipeline")]);
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toHaveLength(1);
    expect(result.stdout).toBe("");
  });
});
