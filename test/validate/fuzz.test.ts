import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MODES, MUTATION_KINDS, applyMutations, fuzzCorpus, mutationsArbitrary, runCase, twinOf, type FuzzLimits } from "../support/definition-fuzz.js";

// The validator and the definition diff read untrusted JSON. This property test mutates real
// definitions (test/support/definition-fuzz.ts: type swaps, deletions, huge strings, deep nesting,
// special keys, non-finite numbers and other values JSON cannot hold, duplicated names, cycles)
// and checks that safeValidateDefinition (strict and loose), validateDefinition and
// diffDefinitions never throw anything but their typed errors, that every issue is well formed
// (a known code, a path, its JSONPath, a bounded message without raw control characters), that an
// accepted document round-trips through JSON unchanged, and that two equal documents diff as
// equal. `npm run fuzz:validate` runs 100,000 mutations with larger limits (README: Validate).

// smaller than the long run's limits, to keep this test to some seconds
const LIMITS: FuzzLimits = { maxString: 20_000, maxDepth: 1_000, maxSteps: 120 };
const corpus = fuzzCorpus();

describe("validating mutated real definitions", () => {
  it("starts from the real definitions of the fixtures", () => {
    expect(corpus.length).toBeGreaterThan(200);
  });

  it("the mutations themselves never throw, whatever an earlier mutation left in a name (an object without a string form, a symbol)", () => {
    // a step Name that is not a string: the fuzzer once made a name with String(), which throws on
    // an object with a null prototype or a throwing toString
    const names: unknown[] = [Object.create(null), { toString: () => { throw new Error("no text"); } }, Symbol("s"), 10n, null, ["A"]];
    for (const name of names) {
      for (const kind of MUTATION_KINDS) {
        for (let variant = 0; variant < 12; variant++) {
          for (let pick = 0; pick < 6; pick++) {
            const document = { Version: "2020-12-01", Parameters: [{ Name: name, Type: "String" }], Steps: [{ Name: name, Type: "Fail", DependsOn: [name], Arguments: { ErrorMessage: "x" } }] };
            const mutations = [{ kind, pick, other: pick + 1, size: 3, variant }, { kind, pick: pick + 2, other: pick, size: 2, variant: variant + 1 }];
            expect(() => applyMutations(document as never, mutations, LIMITS)).not.toThrow();
          }
        }
      }
    }
  });

  it("never throws, returns well-formed issues, accepts only what round-trips (5,000 mutations, seed 13)", () => {
    let accepted = 0;
    let rejected = 0;
    const kinds = new Set<string>();
    let runs = 0;
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), mutationsArbitrary(), (index, mutations) => {
        const original = corpus[index] ?? null;
        const mutated = applyMutations(structuredClone(original), mutations, LIMITS);
        for (const mutation of mutations) kinds.add(mutation.kind);
        // each case is validated strict, and every other one loose too; validateDefinition (which is
        // safeValidateDefinition that throws) is checked on every eighth case, the diff of two equal
        // documents on every fourth (the long run does all of it on every case)
        const run = runs++;
        const modes = run % 2 === 0 ? MODES : MODES.slice(0, 1);
        const outcome = runCase(original, mutated, run % 4 === 0 ? twinOf(mutated) : undefined, { validateDefinition: run % 8 === 0, modes });
        expect(outcome.thrown).toEqual([]);
        expect(outcome.problems).toEqual([]);
        accepted += outcome.accepted;
        rejected += modes.length - outcome.accepted;
      }),
      { seed: 13, numRuns: 5_000, endOnFailure: true },
    );
    // every kind of mutation ran, and they made documents of both outcomes
    expect([...kinds].sort()).toEqual([...MUTATION_KINDS].sort());
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(4_000);
  }, 120_000);
});
