import { describe, expect, it } from "vitest";
import * as sagepipe from "sagepipe";
import * as zod from "zod";
import { ImportError, compile, importDefinition, type Compilable, type ImportResult } from "sagepipe";
import { atRoot, runModule, typeCheck } from "../support/type-check.js";
import { goldenDefinitions, pythonSdkDefinitions, type ImportFixture } from "./fixtures.js";

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

  it("writes TypeScript that type-checks under the project's strict tsconfig (and the check would notice a slip)", { timeout: 300_000 }, () => {
    const files = importable.map((fixture) => ({ file: fileOf(fixture), code: result(fixture).code }));
    // a module with a misspelled output: the check must report it
    const quickstart = importable.find((f) => f.id === "test/golden/quickstart.json") as ImportFixture;
    const broken = { file: atRoot("imported-broken.ts"), code: result(quickstart).code.replace("steps.Preprocess.outputs.train", "steps.Preprocess.outputs.trian") };
    expect(broken.code).not.toBe(result(quickstart).code);
    const diagnostics = typeCheck([...files, broken]);
    expect(diagnostics.filter((line) => !line.startsWith("imported-broken.ts"))).toEqual([]);
    expect(diagnostics).toEqual([expect.stringMatching(/^imported-broken\.ts:\d+: Property 'trian' does not exist/)]);
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
