import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PipelineDefinition, Step } from "sagepipe";
import { str } from "../../src/definition/expressions.js";
// the fast check is internal (compile's success path); it is tested here against zod itself
import { fastSchemaCheck, fastSchemaWalk, interpretedSchemaCheck, interpretedSchemaWalk, schemaAccepts } from "../../src/validate/fast-schema.js";
import { checkedTypedSlots, collectTypedSlots, interpretedTypedSlots } from "../../src/validate/slots.js";
import { isUnbuiltLazySchema, lazySchema } from "../../src/definition/lazy-schema.js";
import { strictObject } from "../../src/definition/strict-object.js";
import { fixturesDir, goldensDir, isRecord, jsonFiles, readJson, stepsIn } from "../support/corpus.js";
import { isPlainJson, mutation, type Json } from "../support/mutations.js";

// compile answers "does this document pass the wire-format schema?" with a hand-rolled walk of the
// zod schema instead of zod's parse. It must never say yes where zod says no. These tests compare
// the two over every definition and step the test suite holds, and over random mutations of them.

const steps = jsonFiles(fixturesDir).flatMap((file) => stepsIn(readJson(file)));

// the definitions of the fixtures and goldens, and one around each step that passes the schema
const documents = [
  ...[...jsonFiles(goldensDir), ...jsonFiles(fixturesDir)].map(readJson).filter((value) => isRecord(value) && "Version" in value),
  ...steps.filter((step) => Step.safeParse(step).success).map((step): Json => ({ Version: "2020-12-01", Metadata: {}, Parameters: [], Steps: [step] })),
];
const validDocuments = documents.filter((doc) => PipelineDefinition.safeParse(doc).success);

const fastDefinition = fastSchemaCheck(PipelineDefinition);
const fastStep = fastSchemaCheck(Step);

describe("the fast schema check", () => {
  it("is available for the definition and step schemas (compile's success path uses it)", () => {
    expect(fastDefinition).toBeTypeOf("function");
    expect(fastStep).toBeTypeOf("function");
    expect(validDocuments.length).toBeGreaterThanOrEqual(10);
    expect(steps.length).toBeGreaterThan(100);
  });

  it("lets compile check the steps one by one: the document schema has no rule across steps", () => {
    // compile checks the document without its steps, then each step with the Step schema; that is
    // the same check only while Steps is a plain list of Step, with no checks of its own
    const steps = PipelineDefinition.shape.Steps;
    expect(steps.def.type).toBe("array");
    expect(steps.def.element).toBe(Step);
    expect(steps.def.checks ?? []).toEqual([]);
    expect(PipelineDefinition.def.checks ?? []).toEqual([]);
    // and the rest of the document is checked with the schema less Steps
    const rest = PipelineDefinition.omit({ Steps: true });
    for (const doc of documents) {
      const { Steps, ...others } = doc as Record<string, Json>;
      const stepsPass = Array.isArray(Steps) && Steps.every((step) => Step.safeParse(step).success);
      expect(rest.safeParse(others).success && stepsPass).toBe(PipelineDefinition.safeParse(doc).success);
    }
  });

  it("agrees with zod on every definition of the test fixtures and goldens", () => {
    for (const doc of documents) expect(fastDefinition?.(doc)).toBe(PipelineDefinition.safeParse(doc).success);
  });

  it("agrees with zod on every step of the fixtures, valid or not", () => {
    let valid = 0;
    for (const step of steps) {
      const success = Step.safeParse(step).success;
      if (success) valid++;
      expect(fastStep?.(step), JSON.stringify(step).slice(0, 200)).toBe(success);
    }
    expect(valid).toBeGreaterThan(20);
    expect(valid).toBeLessThan(steps.length);
  });

  it("never accepts what zod rejects, over random changes to valid definitions", () => {
    const outcomes = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...validDocuments), mutation(), (doc, change) => {
        const changed = change(structuredClone(doc));
        const zod = PipelineDefinition.safeParse(changed).success;
        outcomes[zod ? "valid" : "invalid"]++;
        const fast = fastDefinition?.(changed) === true;
        if (fast) expect(zod).toBe(true);
        // and it gives up only on shapes JSON cannot hold, so on JSON it is exact
        if (isPlainJson(changed)) expect(fast).toBe(zod);
      }),
      { numRuns: 1500 },
    );
    // the changes make both kinds of document, so both answers were compared
    expect(outcomes.valid).toBeGreaterThan(100);
    expect(outcomes.invalid).toBeGreaterThan(100);
  });

  it("walks to the same typed slots as collectTypedSlots, where it vouches for the step", () => {
    const validSteps = [...steps, ...validDocuments.flatMap((doc) => (isRecord(doc) && Array.isArray(doc.Steps) ? doc.Steps : []))];
    let walked = 0;
    for (const step of validSteps) {
      const slots = checkedTypedSlots(Step, step);
      expect(slots === undefined).toBe(!Step.safeParse(step).success);
      if (slots === undefined) continue;
      walked++;
      expect(slots).toEqual(collectTypedSlots(Step, step));
    }
    expect(walked).toBeGreaterThan(20);
    fc.assert(
      fc.property(fc.constantFrom(...validSteps), mutation(), (step, change) => {
        const changed = change(structuredClone(step));
        const slots = checkedTypedSlots(Step, changed);
        if (slots !== undefined) {
          expect(Step.safeParse(changed).success).toBe(true);
          expect(slots).toEqual(collectTypedSlots(Step, changed));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("runs zod's refinements and limits, code points included", () => {
    const limited = z.strictObject({
      name: z.string().min(2).max(3),
      count: z.number().int().min(1).max(5).optional(),
      tags: z.array(z.string()).max(2).optional(),
    }).refine((value) => value.name !== "bad", { message: "no bad names" });
    const fast = fastSchemaCheck(limited);
    expect(fast).toBeTypeOf("function");
    const cases: unknown[] = [
      { name: "ab" }, { name: "a" }, { name: "abcd" }, { name: "bad" },
      // two code points in four UTF-16 units: zod counts code points
      { name: "😀😀" }, { name: "😀" }, { name: "😀😀😀😀" },
      { name: "ab", count: 1.5 }, { name: "ab", count: 0 }, { name: "ab", count: 5 }, { name: "ab", count: Number.NaN },
      { name: "ab", tags: ["a", "b", "c"] }, { name: "ab", extra: true }, { name: "ab", count: undefined },
      Object.assign(Object.create(null) as object, { name: "ab" }), ["ab"], null,
    ];
    for (const value of cases) {
      const zod = limited.safeParse(value).success;
      if (fast?.(value) === true) expect(zod, JSON.stringify(value)).toBe(true);
      if (isPlainJson(value)) expect(fast?.(value), JSON.stringify(value)).toBe(zod);
    }
    expect(schemaAccepts(limited, { name: "😀😀" })).toBe(true);
    expect(schemaAccepts(limited, { name: "bad" })).toBe(false);
  });

  it("records the marked values of the option of a union that passed, not of one that failed", () => {
    const slot = str();
    const schema = z.union([z.strictObject({ a: slot, b: z.number() }), z.strictObject({ a: slot, c: z.number() })]);
    const walk = fastSchemaWalk(schema, { markOf: (node) => (node === slot ? "slot" : undefined), records: () => true });
    expect(walk?.({ a: "x", c: 1 })).toEqual([{ mark: "slot", path: ["a"], value: "x" }]);
    expect(walk?.({ a: "x", d: 1 })).toBeUndefined();
  });

  it("has no fast check for schemas that change values (zod alone judges them)", () => {
    expect(fastSchemaCheck(z.string().transform((value) => value.length))).toBeUndefined();
    expect(fastSchemaCheck(z.strictObject({ a: z.number().default(1) }))).toBeUndefined();
    expect(fastSchemaCheck(z.coerce.number())).toBeUndefined();
    expect(schemaAccepts(z.coerce.number(), "12")).toBe(true);
  });
});

// The same check interpreted, without code generation: what compile uses for a process's first
// steps of each type. It reads only the schemas of what a value has (the stand-ins of members a
// step lacks are not built), and must answer as the written functions do: never yes where zod says
// no, and exactly zod's answer on plain JSON.
describe("the interpreted schema check", () => {
  const interpretedDefinition = (value: unknown) => interpretedSchemaCheck(PipelineDefinition, value);

  it("agrees with zod on every definition of the test fixtures and goldens", () => {
    for (const doc of documents) expect(interpretedDefinition(doc)).toBe(PipelineDefinition.safeParse(doc).success);
  });

  it("agrees with zod on every step of the fixtures, valid or not", () => {
    for (const step of steps) expect(interpretedSchemaCheck(Step, step), JSON.stringify(step).slice(0, 200)).toBe(Step.safeParse(step).success);
  });

  it("never accepts what zod rejects, over random changes to valid definitions", () => {
    const outcomes = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...validDocuments), mutation(), (doc, change) => {
        const changed = change(structuredClone(doc));
        const zod = PipelineDefinition.safeParse(changed).success;
        outcomes[zod ? "valid" : "invalid"]++;
        const interpreted = interpretedDefinition(changed);
        if (interpreted) expect(zod).toBe(true);
        if (isPlainJson(changed)) expect(interpreted).toBe(zod);
        // and it answers as the written functions do
        expect(interpreted).toBe(fastDefinition?.(changed) === true);
      }),
      { numRuns: 1500 },
    );
    expect(outcomes.valid).toBeGreaterThan(100);
    expect(outcomes.invalid).toBeGreaterThan(100);
  });

  it("walks to the same typed slots as the written walk and collectTypedSlots", () => {
    const validSteps = [...steps, ...validDocuments.flatMap((doc) => (isRecord(doc) && Array.isArray(doc.Steps) ? doc.Steps : []))];
    let walked = 0;
    for (const step of validSteps) {
      const slots = interpretedTypedSlots(Step, step);
      expect(slots).toEqual(checkedTypedSlots(Step, step));
      if (slots === undefined) continue;
      walked++;
      expect(slots).toEqual(collectTypedSlots(Step, step));
    }
    expect(walked).toBeGreaterThan(20);
    fc.assert(
      fc.property(fc.constantFrom(...validSteps), mutation(), (step, change) => {
        const changed = change(structuredClone(step));
        const slots = interpretedTypedSlots(Step, changed);
        expect(slots).toEqual(checkedTypedSlots(Step, changed));
        if (slots !== undefined) expect(Step.safeParse(changed).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("runs zod's refinements and limits, and gives up where the written check does", () => {
    const limited = z.strictObject({
      name: z.string().min(2).max(3),
      count: z.number().int().min(1).max(5).optional(),
      tags: z.array(z.string()).max(2).optional(),
    }).refine((value) => value.name !== "bad", { message: "no bad names" });
    const cases: unknown[] = [
      { name: "ab" }, { name: "a" }, { name: "abcd" }, { name: "bad" }, { name: "😀😀" }, { name: "😀" }, { name: "😀😀😀😀" },
      { name: "ab", count: 1.5 }, { name: "ab", count: 0 }, { name: "ab", count: 5 }, { name: "ab", count: Number.NaN },
      { name: "ab", tags: ["a", "b", "c"] }, { name: "ab", extra: true }, { name: "ab", count: undefined }, { name: "ab", constructor: 1 },
      Object.assign(Object.create(null) as object, { name: "ab" }), ["ab"], null,
    ];
    for (const value of cases) {
      const zod = limited.safeParse(value).success;
      const interpreted = interpretedSchemaCheck(limited, value);
      if (interpreted) expect(zod, JSON.stringify(value)).toBe(true);
      if (isPlainJson(value)) expect(interpreted, JSON.stringify(value)).toBe(zod);
      expect(interpreted).toBe(fastSchemaCheck(limited)?.(value) === true);
    }
    // schemas that change values: zod alone judges them
    expect(interpretedSchemaCheck(z.string().transform((value) => value.length), "a")).toBe(false);
    expect(interpretedSchemaCheck(z.strictObject({ a: z.number().default(1) }), {})).toBe(false);
    expect(interpretedSchemaCheck(z.strictObject({ a: z.number().default(1) }), { a: 2 })).toBe(false);
    expect(interpretedSchemaCheck(z.coerce.number(), 12)).toBe(false);
    expect(interpretedSchemaCheck(z.strictObject({ a: z.string().exactOptional() }), { a: "x" })).toBe(false);
  });

  it("records the marked values of the option of a union that passed, not of one that failed", () => {
    const slot = str();
    const schema = z.union([z.strictObject({ a: slot, b: z.number() }), z.strictObject({ a: slot, c: z.number() })]);
    const marks = { markOf: (node: unknown) => (node === slot ? "slot" : undefined), records: () => true };
    expect(interpretedSchemaWalk(schema, { a: "x", c: 1 }, marks)).toEqual([{ mark: "slot", path: ["a"], value: "x" }]);
    expect(interpretedSchemaWalk(schema, { a: "x", d: 1 }, marks)).toBeUndefined();
  });

  it("does not build the stand-ins of members a value lacks; zod's parse builds them, in any order", () => {
    const make = () => {
      const inner = lazySchema(() => strictObject({ X: z.number().min(1) }));
      const other = lazySchema(() => strictObject({ Y: z.string() }).refine((y) => y.Y !== "no", { message: "not no" }));
      const outer = lazySchema(() => strictObject({ Type: z.literal("T"), Inner: inner.optional(), Other: other.optional(), List: z.array(other).optional() }), { Type: ["T"] });
      return { inner, other, outer };
    };
    const a = make();
    expect(interpretedSchemaCheck(a.outer, { Type: "T" })).toBe(true);
    expect([isUnbuiltLazySchema(a.inner), isUnbuiltLazySchema(a.other)]).toEqual([true, true]);
    expect(interpretedSchemaCheck(a.outer, { Type: "T", Other: { Y: "y" } })).toBe(true);
    expect([isUnbuiltLazySchema(a.inner), isUnbuiltLazySchema(a.other)]).toEqual([true, false]);
    expect(interpretedSchemaCheck(a.outer, { Type: "T", List: [{ Y: "no" }] })).toBe(false);
    expect(interpretedSchemaCheck(a.outer, { Type: "T", Inner: { X: 0 } })).toBe(false);
    expect(isUnbuiltLazySchema(a.inner)).toBe(false);
    // zod's parse first: the same answers and issues as an eager schema
    const b = make();
    const eager = z.strictObject({
      Type: z.literal("T"),
      Inner: z.strictObject({ X: z.number().min(1) }).optional(),
      Other: z.strictObject({ Y: z.string() }).refine((y) => y.Y !== "no", { message: "not no" }).optional(),
      List: z.array(z.strictObject({ Y: z.string() }).refine((y) => y.Y !== "no", { message: "not no" })).optional(),
    });
    for (const value of [{ Type: "T" }, { Type: "T", Inner: { X: 0 }, List: [{ Y: "no" }, { Y: 1 }] }, { Type: "U", Other: {} }]) {
      expect(JSON.stringify(b.outer.safeParse(value))).toBe(JSON.stringify(eager.safeParse(value)));
      expect(interpretedSchemaCheck(b.outer, value)).toBe(eager.safeParse(value).success);
    }
    // a stand-in's .optional() is zod's, around the stand-in
    expect(a.inner.optional()).toBeInstanceOf(z.ZodOptional);
    expect(a.inner.optional().unwrap()).toBe(a.inner);
    expect(a.inner.optional().safeParse(undefined).success).toBe(true);
  });

  it("refuses a stand-in whose schema has a default (its .optional() would not be plain)", () => {
    const defaulted = lazySchema(() => strictObject({ X: z.number() }).default({ X: 1 }));
    expect(() => defaulted.safeParse({ X: 1 })).toThrow(/internal: a lazy schema must not have a default/);
  });
});
