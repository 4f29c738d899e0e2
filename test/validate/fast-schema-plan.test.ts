import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PipelineDefinition, Step } from "sagepipe";
import { isExpression } from "../../src/definition/expressions.js";
import { checkTagOf, customCheckPasses, uniqueBy } from "../../src/definition/rules.js";
import { strictObject } from "../../src/definition/strict-object.js";
// the plan is internal (compile's interpreted fast check reads it): it is tested here against zod itself
import { loadPlan, makePlan, planWalk } from "../../src/validate/fast-schema-plan.js";
import { PLAN_DATA } from "../../src/validate/fast-schema-plan-data.js";
import { currentPlan, planSource } from "../../src/validate/fast-schema-plan-source.js";
import { interpretedSchemaCheck } from "../../src/validate/fast-schema.js";
import { collectTypedSlots, interpretedTypedSlots } from "../../src/validate/slots.js";
import { fixturesDir, goldensDir, isRecord, jsonFiles, readJson, stepsIn } from "../support/corpus.js";
import { isPlainJson, mutation, type Json } from "../support/mutations.js";

// compile checks a process's first steps of each type with the interpreted fast check, which reads
// a plan of the step schemas written once from them (src/validate/fast-schema-plan-data.ts) instead
// of building them. These tests check that the plan is the schemas' (the file is what the generator
// writes from them now) and that a walk of it never vouches for what zod rejects, with the typed
// slots collectTypedSlots finds.

const steps = [...jsonFiles(fixturesDir), ...jsonFiles(goldensDir)].flatMap((file) => stepsIn(readJson(file)));
const validSteps = steps.filter((step) => Step.safeParse(step).success);
const plan = loadPlan(PLAN_DATA);
const walk = (value: unknown) => planWalk(plan, "Step", value, isExpression);
const asSlots = (found: ReturnType<typeof walk>) => found?.map(({ mark, path, value }) => ({ kind: mark, path, expression: value }));

// the step types of the seed flow (examples/churn), whose first compile this plan is for
const SEED_FLOW_TYPES = ["Processing", "Training", "Condition", "RegisterModel", "Lambda", "Fail"];

describe("the plan of the step schemas", () => {
  it("is what the generator writes from the current schemas (npm run generate:fast-schema-plan)", () => {
    const file = readFileSync(fileURLToPath(new URL("../../src/validate/fast-schema-plan-data.ts", import.meta.url)), "utf8");
    expect(file).toBe(planSource().source);
  });

  it("describes every node of every step type (each refinement is named)", () => {
    expect(currentPlan().undescribed).toEqual([]);
  });

  it("answers as the whole plan, whichever step types' parts are parsed first", () => {
    const whole = currentPlan().plan;
    const byType = new Map<string, Json[]>();
    for (const step of steps) if (isRecord(step)) byType.set(String(step.Type), [...(byType.get(String(step.Type)) ?? []), step]);
    const types = [...byType.keys()];
    expect(types.length).toBeGreaterThan(15);
    fc.assert(
      fc.property(fc.shuffledSubarray(types, { minLength: 1 }), (order) => {
        const parted = loadPlan(PLAN_DATA);
        for (const type of order) {
          for (const step of byType.get(type) ?? []) expect(planWalk(parted, "Step", step, isExpression)).toEqual(planWalk(whole, "Step", step, isExpression));
        }
      }),
      { numRuns: 20 },
    );
  });

  it("vouches only for steps zod accepts, with the typed slots collectTypedSlots finds", () => {
    let vouched = 0;
    for (const step of steps) {
      const found = walk(step);
      if (found === undefined) continue;
      vouched++;
      expect(Step.safeParse(step).success, JSON.stringify(step).slice(0, 200)).toBe(true);
      expect(asSlots(found)).toEqual(collectTypedSlots(Step, step));
    }
    expect(vouched).toBeGreaterThan(20);
  });

  it("vouches for every valid step in the fixtures and goldens, of every step type", () => {
    const types = new Set(validSteps.map((step) => (isRecord(step) ? step.Type : undefined)));
    for (const type of SEED_FLOW_TYPES) expect(types).toContain(type);
    expect(types.size).toBeGreaterThanOrEqual(10);
    for (const step of validSteps) expect(walk(step), JSON.stringify(step).slice(0, 200)).toBeDefined();
  });

  it("never vouches for what zod rejects, over random changes to valid steps", () => {
    const outcomes = { vouched: 0, refused: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...validSteps), mutation(), (step, change) => {
        const changed = change(structuredClone(step));
        const found = walk(changed);
        outcomes[found === undefined ? "refused" : "vouched"]++;
        if (found !== undefined) {
          expect(Step.safeParse(changed).success).toBe(true);
          expect(asSlots(found)).toEqual(collectTypedSlots(Step, changed));
        }
        // and compile's interpreted check, which reads the plan first, stays exact on JSON
        if (isPlainJson(changed)) expect(interpretedSchemaCheck(Step, changed)).toBe(Step.safeParse(changed).success);
        if (found !== undefined) expect(interpretedTypedSlots(Step, changed)).toEqual(asSlots(found));
      }),
      { numRuns: 1000 },
    );
    expect(outcomes.vouched).toBeGreaterThan(100);
    expect(outcomes.refused).toBeGreaterThan(100);
  });

  it("checks the rest of a document (the definition less its Steps) as zod does, from the plan's Envelope", () => {
    const envelope = PipelineDefinition.omit({ Steps: true });
    const documents = [...jsonFiles(fixturesDir), ...jsonFiles(goldensDir)].map(readJson).filter((value) => isRecord(value) && "Version" in value);
    const rests = documents.map((doc) => {
      const { Steps: _, ...rest } = doc as Record<string, Json>;
      return rest as Json;
    });
    let vouched = 0;
    for (const rest of rests) {
      const found = planWalk(plan, "Envelope", rest, undefined);
      const zod = envelope.safeParse(rest).success;
      if (found !== undefined) vouched++;
      expect(found !== undefined, JSON.stringify(rest).slice(0, 200)).toBe(zod);
      // compile's check of the rest (with an envelope schema it makes itself) reads the plan
      expect(interpretedSchemaCheck(PipelineDefinition.omit({ Steps: true }), rest)).toBe(zod);
    }
    expect(vouched).toBeGreaterThan(10);
    fc.assert(
      fc.property(fc.constantFrom(...rests.filter((rest) => envelope.safeParse(rest).success)), mutation(), (rest, change) => {
        const changed = change(structuredClone(rest));
        const zod = envelope.safeParse(changed).success;
        if (planWalk(plan, "Envelope", changed, undefined) !== undefined) expect(zod).toBe(true);
        if (isPlainJson(changed)) expect(interpretedSchemaCheck(envelope, changed)).toBe(zod);
      }),
      { numRuns: 500 },
    );
    // a schema like it that is not it (another member, or a check of its own) is not taken for it
    const other = PipelineDefinition.omit({ Steps: true, Metadata: true });
    expect(interpretedSchemaCheck(other, { Version: "2020-12-01", Metadata: {}, Parameters: [] })).toBe(false);
    const refined = envelope.refine(() => false);
    expect(interpretedSchemaCheck(refined, { Version: "2020-12-01", Metadata: {}, Parameters: [] })).toBe(false);
  });

  it("states limits by quick tests that hold only where zod's checks pass, code points included", () => {
    const schema = strictObject({
      name: z.string().min(2).max(3),
      count: z.number().int().min(1).lt(5).optional(),
      tags: z.array(z.string().regex(/^t/)).max(2).optional(),
      state: z.enum(["on", "off"]).optional(),
      map: z.record(z.string().max(2), z.number()).optional(),
    });
    const small = makePlan({ Root: schema }, () => undefined);
    const cases: unknown[] = [
      { name: "ab" }, { name: "a" }, { name: "abcd" }, { name: "😀😀" }, { name: "😀" }, { name: "a😀" }, { name: "😀😀😀😀" },
      { name: "ab", count: 1.5 }, { name: "ab", count: 0 }, { name: "ab", count: 4 }, { name: "ab", count: 5 }, { name: "ab", count: 2 ** 53 },
      { name: "ab", tags: ["t1", "t2"] }, { name: "ab", tags: ["t1", "x"] }, { name: "ab", tags: ["t", "t", "t"] },
      { name: "ab", state: "on" }, { name: "ab", state: "up" }, { name: "ab", map: { ab: 1 } }, { name: "ab", map: { abc: 1 } },
      { name: "ab", extra: 1 }, { name: "ab", count: undefined }, { name: "ab", constructor: 1 }, { name: "ab", toString: "x" },
      Object.assign(Object.create(null) as object, { name: "ab" }), ["ab"], null, "ab",
    ];
    for (const value of cases) {
      const vouched = planWalk(small, "Root", value, undefined) !== undefined;
      const zod = schema.safeParse(value).success;
      if (vouched) expect(zod, JSON.stringify(value)).toBe(true);
      // what it does not vouch for on plain JSON is a string whose length zod counts in code points
      else if (isPlainJson(value) && zod) expect(JSON.stringify(value)).toMatch(/[\uD800-\uDFFF]|\\ud[89ab]/i);
    }
  });

  it("runs named refinements by name, and describes an unnamed one as never vouched for", () => {
    const unnamed = strictObject({ a: z.string() }).refine((value) => value.a !== "no");
    const undescribed: string[] = [];
    const small = makePlan({ Root: unnamed }, () => undefined, undescribed);
    expect(undescribed).toHaveLength(1);
    expect(planWalk(small, "Root", { a: "yes" }, undefined)).toBeUndefined();
    // a helper's check carries its name and arguments, and runs by them
    const unique = uniqueBy(z.array(strictObject({ Name: z.string() })), "Name", "names are keys");
    expect((unique.def.checks ?? []).map((check) => checkTagOf(check))).toEqual([["unique-by", "Name"]]);
    const uniquePlan = makePlan({ Root: unique }, () => undefined);
    expect(planWalk(uniquePlan, "Root", [{ Name: "a" }, { Name: "b" }], undefined)).toEqual([]);
    expect(planWalk(uniquePlan, "Root", [{ Name: "a" }, { Name: "a" }], undefined)).toBeUndefined();
    expect(customCheckPasses(["unique-by", "Name"], [{ Name: "a" }, { Name: "b" }])).toBe(true);
    expect(customCheckPasses(["unique-by", "Name"], [{ Name: "a" }, { Name: "a" }])).toBe(false);
    expect(customCheckPasses(["unique-by", "Name"], [{ Name: { Get: "Parameters.X" } }, { Name: { Get: "Parameters.X" } }])).toBe(true);
    expect(customCheckPasses(["entry-count", 1, 2], { a: "x" })).toBe(true);
    expect(customCheckPasses(["entry-count", 1, 2], {})).toBe(false);
    expect(customCheckPasses(["entry-count", null, 2], { a: "x", b: "y", c: "z" })).toBe(false);
    expect(customCheckPasses(["no-such-check"], {})).toBe(false);
  });
});
