import { describe, expect, it } from "vitest";
import { z } from "zod";
import { int, num, str } from "../../src/definition/expressions.js";
// internal: the stand-ins and the shared strict-object builder behind the exported step schemas
import { isUnbuiltLazySchema, lazyDiscriminatorValues, lazySchema } from "../../src/definition/lazy-schema.js";
import { strictObject } from "../../src/definition/strict-object.js";

// Issue 17: the step schemas are stand-ins built on first use, their nested shapes too, and the
// objects of the definition schemas share one `never` catchall. None of it may change what a schema
// accepts or what it reports.

const issuesOf = (schema: z.ZodType, value: unknown) => JSON.stringify(schema.safeParse(value).error?.issues ?? []);

describe("lazySchema's discriminator", () => {
  it("is checked when the schema is built: a stand-in that states another Type fails loudly", () => {
    const wrong = lazySchema(() => strictObject({ Type: z.literal("Fail") }), { Type: ["Processing"] });
    expect(lazyDiscriminatorValues(wrong, "Type")).toEqual(["Processing"]);
    expect(() => wrong.shape).toThrow(/internal: the lazy schema's Type accepts \["Fail"\], not \["Processing"\]/);
  });

  it("counts an omittable discriminator as accepting undefined, as zod's discriminated union does", () => {
    const optional = lazySchema(() => strictObject({ Type: z.literal("A").optional() }), { Type: ["A"] });
    expect(() => optional.shape).toThrow(/accepts \["A",null\], not \["A"\]/);
    const stated = lazySchema(() => strictObject({ Type: z.literal("A").optional() }), { Type: ["A", undefined] });
    expect(stated.safeParse({}).success).toBe(true);
  });

  it("refuses a discriminator that is not limited to literal values", () => {
    const open = lazySchema(() => strictObject({ Type: z.string() }), { Type: ["A"] });
    expect(() => open.shape).toThrow(/accepts any value/);
  });

  it("builds only the step's own object: nested stand-ins are built when first used, in any order", () => {
    const inner = lazySchema(() => strictObject({ X: z.number() }));
    const other = lazySchema(() => strictObject({ Y: z.string() }));
    const outer = lazySchema(() => strictObject({ Type: z.literal("T"), Inner: inner, Other: other }), { Type: ["T"] });
    expect(Object.keys(outer.shape)).toEqual(["Type", "Inner", "Other"]);
    expect(isUnbuiltLazySchema(inner)).toBe(true);
    expect(isUnbuiltLazySchema(other)).toBe(true);
    // the second stand-in first, through the outer schema's shape
    expect(outer.shape.Other.safeParse({ Y: "y" }).success).toBe(true);
    expect(isUnbuiltLazySchema(other)).toBe(false);
    expect(isUnbuiltLazySchema(inner)).toBe(true);
    // a parse of the whole builds the rest and reports as a schema built at once does
    const eager = strictObject({ Type: z.literal("T"), Inner: strictObject({ X: z.number() }), Other: strictObject({ Y: z.string() }) });
    const value = { Type: "T", Inner: { X: "1", Z: 2 }, Other: { Y: 3 }, Extra: true };
    expect(issuesOf(outer, value)).toBe(issuesOf(eager, value));
    expect(isUnbuiltLazySchema(inner)).toBe(false);
  });
});

describe("strictObject (one shared never catchall)", () => {
  it("accepts, refuses and reports exactly as z.strictObject", () => {
    const shape = { A: z.string(), B: z.number().optional(), C: strictObject({ D: z.boolean() }).optional() };
    const ours = strictObject(shape).refine((v) => v.A !== "bad", { message: "bad A" });
    const zods = z.strictObject({ ...shape, C: z.strictObject({ D: z.boolean() }).optional() }).refine((v) => v.A !== "bad", { message: "bad A" });
    for (const value of [{ A: "a" }, { A: "a", B: 1, C: { D: true } }, { A: "a", E: 1, F: 2 }, { A: 1, C: { D: 1, G: 1 } }, { A: "bad" }, null, [], "x", { A: "a", __proto__: { B: 1 } }]) {
      expect(issuesOf(ours, value)).toBe(issuesOf(zods, value));
      expect(JSON.stringify(ours.safeParse(value).data)).toBe(JSON.stringify(zods.safeParse(value).data));
    }
    expect(strictObject(shape)._zod.def.catchall?._zod.def.type).toBe("never");
    expect(strictObject({})._zod.def.catchall).toBe(strictObject({ X: z.string() })._zod.def.catchall);
    // the object methods keep the strictness
    expect(strictObject(shape).extend({ E: z.string() }).safeParse({ A: "a", E: "e", F: 1 }).error?.issues[0]?.code).toBe("unrecognized_keys");
    expect(strictObject(shape).pick({ A: true }).safeParse({ A: "a", B: 1 }).error?.issues[0]?.code).toBe("unrecognized_keys");
    expect(strictObject(shape, "custom message").safeParse(1).error?.issues[0]?.message).toBe("custom message");
  });
});

describe("the limited string and number fields (their checks added in one step)", () => {
  it("check as the chained z.string().min().max().regex() and z.number().int().min().max() do", () => {
    const pattern = /^[a-z]+$/;
    const ours = str({ min: 2, max: 4, pattern, patternHint: "lower-case letters" });
    const chained = z.union([z.string().min(2).max(4).regex(pattern, { message: "lower-case letters" }), z.never()]);
    for (const value of ["ab", "a", "abcde", "AB", "abc1", 3]) {
      const a = ours.safeParse(value).error?.issues.flatMap((issue) => ("errors" in issue ? issue.errors.flat() : [issue]));
      const b = chained.safeParse(value).error?.issues.flatMap((issue) => ("errors" in issue ? issue.errors.flat() : [issue]));
      expect(JSON.stringify(a?.[0] ?? null)).toBe(JSON.stringify(b?.[0] ?? null));
    }
    const integer = int({ min: 1, max: 9 }).options[0] as z.ZodNumber;
    const chainedInt = z.number().int().min(1).max(9);
    for (const value of [1, 9, 0, 10, 1.5, Number.NaN, "1"]) expect(issuesOf(integer, value)).toBe(issuesOf(chainedInt, value));
    expect([integer.isInt, integer.minValue, integer.maxValue, integer.format]).toEqual([chainedInt.isInt, chainedInt.minValue, chainedInt.maxValue, chainedInt.format]);
    const float = num({ min: 0.5 }).options[0] as z.ZodNumber;
    for (const value of [0.5, 0.4, 7]) expect(issuesOf(float, value)).toBe(issuesOf(z.number().min(0.5), value));
    expect((str().options[0] as z.ZodString)._zod.def.checks ?? []).toEqual([]);
  });
});
