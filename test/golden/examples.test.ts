import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, safeValidateDefinition, type Compilable } from "sagepipe";

// Every example compiles, validates, and matches its golden definition in test/golden/. A change to a
// golden file is a change to what SageMaker runs: review it in the diff (`npx vitest -u` rewrites them).

const examples = join(__dirname, "../../examples");
const pipelines = readdirSync(examples, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(examples, entry.name, "pipeline.ts")))
  .map((entry) => entry.name)
  .sort();

describe("examples", () => {
  it("are all here", () => {
    expect(pipelines.length).toBeGreaterThanOrEqual(2);
  });

  it.each(pipelines)("%s compiles to its golden definition, which validates", async (name) => {
    const dir = join(examples, name);
    const module = (await import(join(dir, "pipeline.ts"))) as { default: Compilable };
    const compiled = compile(module.default, { baseDir: dir });
    expect(safeValidateDefinition(JSON.parse(compiled.json)).issues).toEqual([]);
    await expect(`${JSON.stringify(JSON.parse(compiled.json), null, 2)}\n`).toMatchFileSnapshot(`./${name}.json`);
  });
});
