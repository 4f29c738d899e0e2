import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, pipeline, runLocal, SagepipeError } from "sagepipe";
import churn, { local } from "../../examples/churn/pipeline.js";
import nested from "../fixtures/pipelines/nested/pipeline.js";
import { cli, root } from "../cli/support.js";

// Relative local code paths are read from the directory of the file that called pipeline(),
// wherever the process runs (process.cwd() is the repository's root here).

describe("local code paths, relative to the file that declares the pipeline", () => {
  it("README's churn example compiles from the repository's root: the same definition as the golden file", () => {
    expect(process.cwd()).toBe(root);
    const compiled = compile(churn);
    expect(compiled.json).toBe(JSON.stringify(JSON.parse(readFileSync(join(root, "test/golden/churn.json"), "utf8"))));
    expect(compiled.assets.map((asset) => asset.localPath).sort()).toEqual(["./scripts/evaluate.mjs", "./scripts/preprocess.mjs", "./scripts/train.mjs"]);
    expect(churn.toNode().sourceDir).toBe(join(root, "examples/churn"));
  });

  it("README's runLocal(churn, ...) from the repository's root: code and mounts are read next to the pipeline file", async () => {
    expect(process.cwd()).toBe(root);
    const workdir = mkdtempSync(join(tmpdir(), "sagepipe-source-dir-"));
    const run = await runLocal(churn, { ...local, workdir });
    expect(run.failureReason).toBeUndefined();
    expect(run.status).toBe("Succeeded");
    expect(run.steps.map((step) => step.name)).toContain("RegisterModel");
  }, 60_000);

  it("a pipeline built in another module reads its code next to that module (where pipeline() is called)", () => {
    expect(nested.toNode().sourceDir).toBe(join(root, "test/fixtures/pipelines/nested/lib"));
    expect(compile(nested).assets[0]?.files[0]?.path).toBe(join(root, "test/fixtures/pipelines/nested/lib/scripts/prepare.py"));
  });

  it("baseDir wins, and says where it looked when the file is not there", () => {
    expect(() => compile(nested, { baseDir: root })).toThrow(SagepipeError);
    expect(() => compile(nested, { baseDir: root })).toThrow(/local code "\.\/scripts\/prepare\.py" does not exist/);
    expect(compile(nested, { baseDir: join(root, "test/fixtures/pipelines/nested/lib") }).assets).toHaveLength(1);
  });

  it("a pipeline declared here gets this file's directory; one declared in eval'd code has none (process.cwd() then)", () => {
    expect(pipeline("Here").toNode().sourceDir).toBe(dirname(__filename));
    // eslint-disable-next-line no-new-func
    const fromEval = new Function("pipeline", 'return pipeline("Evaluated")')(pipeline) as ReturnType<typeof pipeline>;
    expect(fromEval.toNode().sourceDir).toBeUndefined();
  });

  it("the CLI resolves them the same way: compile a pipeline file whose pipeline() is in another module", async () => {
    const result = await cli(["compile", "test/fixtures/pipelines/nested/pipeline.ts", "-o", join(mkdtempSync(join(tmpdir(), "sagepipe-nested-")), "definition.json")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Nested: wrote .+ \(1 top-level step, 1 local code asset to upload\)\n {2}\.\/scripts\/prepare\.py → s3:\/\/my-bucket\/nested\//);
    // --base-dir still wins
    expect((await cli(["compile", "test/fixtures/pipelines/nested/pipeline.ts", "--base-dir", "test/fixtures/pipelines/nested"])).code).toBe(1);
  }, 30_000); // the CLI loads the pipeline file with jiti twice: seconds on a loaded machine, as in test/cli
});
