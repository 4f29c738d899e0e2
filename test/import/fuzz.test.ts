import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ImportError, importDefinition, safeValidateDefinition } from "sagepipe";
import { isPlainJson, mutation, type Json } from "../support/mutations.js";
import { goldenDefinitions, pythonSdkDefinitions } from "./fixtures.js";

// The importer reads untrusted definitions: random changes to valid ones are imported (and then, as
// every import is, checked to compile back to what was read) or refused with an ImportError that
// says where. Never another error, and never "import-mismatch" (the importer's own bug).

const valid = [...pythonSdkDefinitions(), ...goldenDefinitions()]
  .map((f) => f.definition as Json)
  .filter((definition) => safeValidateDefinition(definition, { arguments: "loose" }).success);

describe("importing changed definitions", () => {
  it("imports them or refuses them with an ImportError and its issues' paths, never anything else", { timeout: 120_000 }, () => {
    const outcomes = { imported: 0, refused: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...valid), mutation(), (definition, change) => {
        const changed = change(structuredClone(definition));
        fc.pre(isPlainJson(changed));
        try {
          importDefinition(changed);
          outcomes.imported++;
        } catch (error) {
          expect(error).toBeInstanceOf(ImportError);
          expect((error as ImportError).code).not.toBe("import-mismatch");
          expect((error as ImportError).issues.length).toBeGreaterThan(0);
          outcomes.refused++;
        }
      }),
      { numRuns: 400 },
    );
    // both outcomes were exercised
    expect(outcomes.imported).toBeGreaterThan(40);
    expect(outcomes.refused).toBeGreaterThan(40);
  });
});
