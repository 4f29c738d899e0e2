import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as sagepipe from "sagepipe";
import * as zod from "zod";
import { ImportError, compile, importDefinition, type Compilable, type ImportResult } from "sagepipe";
import { atRoot, runModule, typeCheck } from "../support/type-check.js";
import { goldenDefinitions, pythonSdkDefinitions, type ImportFixture } from "./fixtures.js";
import { randomDefinition, tapes } from "./random-pipelines.js";

// Issue 18's round trip: every definition is imported, the TypeScript written type-checks under the
// project's strict tsconfig, and the module, run as a bundler would run it, compiles back to the
// definition it was imported from (as parsed JSON).

/** The Processing step of this SDK fixture declares a property file in an output it does not have: not a valid definition. */
const INVALID = "test_steps/test_steps__test_processing_step__L592.json";

const fixtures = [...pythonSdkDefinitions(), ...goldenDefinitions()];
const importable = fixtures.filter((f) => f.id !== INVALID);
const imported = new Map<string, ImportResult>(importable.map((f) => [f.id, importDefinition(f.definition, { name: f.name, source: f.id })]));
const result = (fixture: ImportFixture): ImportResult => imported.get(fixture.id) as ImportResult;
const fileOf = (fixture: ImportFixture): string => atRoot(`imported-${fixture.name}.ts`);

/** The pipeline a module exports, compiled. */
function compiledModule(code: string, loose: boolean): unknown {
  const exports = runModule(code, { sagepipe, zod });
  return JSON.parse(compile(exports.default as Compilable, loose ? { arguments: "loose" } : {}).json);
}

type Json = Record<string, unknown>;

/** The steps by name, each branch's steps by name: the definition, step order aside. */
function stepsByName(definition: Json): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const visit = (steps: unknown) => {
    for (const step of steps as Json[]) {
      const args = step.Arguments as Json;
      if (step.Type === "Condition") {
        visit(args.IfSteps);
        visit(args.ElseSteps);
        out.set(step.Name as string, { ...step, Arguments: { ...args, IfSteps: (args.IfSteps as Json[]).map((s) => s.Name).sort(), ElseSteps: (args.ElseSteps as Json[]).map((s) => s.Name).sort() } });
      } else {
        out.set(step.Name as string, step);
      }
    }
  };
  visit(definition.Steps);
  return out;
}

describe("importing a definition and compiling the module back", () => {
  it("covers the SDK's full definitions and the examples' goldens", () => {
    expect(pythonSdkDefinitions().length).toBe(15);
    expect(goldenDefinitions().length).toBeGreaterThanOrEqual(5);
  });

  it.each(importable.map((f) => [f.id, f] as const))("%s compiles back to the same definition", (_, fixture) => {
    const { code, loose, differences } = result(fixture);
    const compiled = compiledModule(code, loose) as Json;
    if (differences.length === 0) {
      expect(compiled).toEqual(fixture.definition);
    } else {
      // the only deliberate difference in these fixtures: steps listed before the steps they read move after them
      expect(differences).toEqual([expect.stringMatching(/^steps that the definition lists before the steps they read/)]);
      const { Steps: _compiled, ...rest } = compiled;
      const { Steps: _input, ...inputRest } = fixture.definition;
      expect(rest).toEqual(inputRest);
      expect(stepsByName(compiled)).toEqual(stepsByName(fixture.definition));
    }
  });

  it("writes TypeScript that type-checks under the project's strict tsconfig, random builder-made pipelines too (and the check would notice a slip)", { timeout: 300_000 }, () => {
    // one program for all of them: type-checking sagepipe itself takes most of the time
    const random = fc
      .sample(tapes, { seed: 18, numRuns: 40 })
      .map(randomDefinition)
      .filter((definition) => definition !== undefined)
      .slice(0, 12)
      .map((definition, i) => ({ file: atRoot(`imported-random-${i}.ts`), code: importDefinition(definition, { name: "Generated" }).code }));
    expect(random).toHaveLength(12);
    const files = [...importable.map((fixture) => ({ file: fileOf(fixture), code: result(fixture).code })), ...random];
    // a module with a misspelled output: the check must report it
    const quickstart = importable.find((f) => f.id === "test/golden/quickstart.json") as ImportFixture;
    const broken = { file: atRoot("imported-broken.ts"), code: result(quickstart).code.replace("steps.Preprocess.outputs.train", "steps.Preprocess.outputs.trian") };
    expect(broken.code).not.toBe(result(quickstart).code);
    const diagnostics = typeCheck([...files, broken]);
    expect(diagnostics.filter((line) => !line.startsWith("imported-broken.ts"))).toEqual([]);
    expect(diagnostics).toEqual([expect.stringMatching(/^imported-broken\.ts:\d+: Property 'trian' does not exist/)]);
  });

  it("writes examples/import/pipeline.ts from examples/import/definition.json (README's before and after)", () => {
    const root = join(__dirname, "../..");
    const definition = JSON.parse(readFileSync(join(root, "examples/import/definition.json"), "utf8")) as unknown;
    const written = readFileSync(join(root, "examples/import/pipeline.ts"), "utf8");
    expect(importDefinition(definition, { name: "AbalonePipeline", source: "definition.json" }).code).toBe(written);
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain(`\`\`\`ts\n${written}\`\`\``);
  });

  it("README reports how many steps need rawStep or raw across these definitions", () => {
    const results = [...imported.values()];
    const steps = results.reduce((n, r) => n + r.steps, 0);
    const raw = results.reduce((n, r) => n + r.rawSteps.length, 0);
    const stubs = results.reduce((n, r) => n + r.notRequests.length, 0);
    const options = results.reduce((n, r) => n + r.rawOptions.length, 0);
    const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
    const sentence =
      `of the ${steps} steps of these ${results.length} definitions, ${raw} are written with \`rawStep\` (${percent(raw, steps)}), ` +
      `all of them stub steps of the SDK's tests whose Arguments are not a request (\`{}\`, \`{"input_data": ...}\`): ` +
      `of the ${steps - stubs} real steps, ${raw - stubs} (${percent(raw - stubs, steps - stubs)}) use \`rawStep\` and ${options} (${percent(options, steps - stubs)}) a \`raw\` option`;
    expect(raw).toBe(stubs);
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8").replace(/\s+/g, " ");
    expect(readme).toContain(sentence);
  });

  it("refuses the SDK's Processing step whose property file is in an output it does not have, saying where", () => {
    const fixture = fixtures.find((f) => f.id === INVALID) as ImportFixture;
    const error = (() => {
      try {
        importDefinition(fixture.definition);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: "invalid-definition", issues: [{ jsonPath: "$.Steps[3].PropertyFiles[0].OutputName", code: "property-file-output-mismatch" }] });
  });
});
