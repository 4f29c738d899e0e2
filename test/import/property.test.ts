import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as sagepipe from "sagepipe";
import * as zod from "zod";
import { compile, importDefinition, type Compilable } from "sagepipe";
import { runModule } from "../support/type-check.js";
import { randomDefinition, tapes } from "./random-pipelines.js";

// Issue 18's property: a random valid pipeline built with the builder's high-level methods, compiled,
// imported and compiled again gives the same definition — and the import writes it with high-level
// methods only (no rawStep, no raw option).

describe("importing pipelines the builder made", () => {
  it("compile → import → compile gives the same definition, written with high-level methods only", { timeout: 120_000 }, () => {
    let imported = 0;
    fc.assert(
      fc.property(tapes, (picks) => {
        const definition = randomDefinition(picks);
        fc.pre(definition !== undefined);
        const result = importDefinition(definition, { name: "Generated" });
        expect({ rawSteps: result.rawSteps, rawOptions: result.rawOptions, differences: result.differences, loose: result.loose }).toEqual({
          rawSteps: [],
          rawOptions: [],
          differences: [],
          loose: false,
        });
        const module = runModule(result.code, { sagepipe, zod });
        expect(JSON.parse(compile(module.default as Compilable).json)).toEqual(definition);
        imported++;
      }),
      { numRuns: 150 },
    );
    // most tapes make a valid pipeline (the rest are discarded, and must stay few)
    expect(imported).toBe(150);
  });
});
