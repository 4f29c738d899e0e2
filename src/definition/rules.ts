import { z } from "zod";
import type { IssueCode } from "../validate/issues.js";
import { quoted } from "../text.js";

// Helpers for the checks a schema makes beyond types and limits. Each gives its issue a stable
// sagepipe code in `params.code`; a custom issue without one is reported as "invalid-value".
//
// Each check also has a name (and arguments), by which compile's fast check runs it without
// building the schema it belongs to (src/validate/fast-schema-plan.ts; issue 17): a refinement is
// written `.refine(named("name", (value) => ...), coded(...))` with its function at module level,
// and the helpers below name their own checks.

/** A named check: its name and arguments (JSON values), as the fast check's plan states it. */
export type CheckTag = readonly [name: string, ...args: (string | number | boolean | null)[]];

type Pass = (value: unknown, ...args: CheckTag[number][]) => boolean;

/** What each named check needs to pass, by name: true only when zod's check reports nothing. */
const passes = new Map<string, Pass>();
/** The names of the functions of `.refine(...)`s (zod keeps the function in the check's `def.fn`). */
const refinementNames = new WeakMap<object, string>();
/** The tags of checks made here. */
const checkTags = new WeakMap<object, CheckTag>();

function register(name: string, pass: Pass): void {
  if (passes.has(name)) throw new Error(`internal: two checks are named ${name}`);
  passes.set(name, pass);
}

/**
 * Names the function of a `.refine(...)`, defined once at module level: zod's refinement passes
 * when the function returns a truthy value that is not a promise.
 *
 * @example
 * ```ts
 * const oneSource = named("processing-input-source", (input: { S3Input?: unknown; DatasetDefinition?: unknown }) => (input.S3Input === undefined) !== (input.DatasetDefinition === undefined));
 * strictObject({ ... }).refine(oneSource, coded("conflicting-members", "..."));
 * ```
 */
export function named<F extends (value: never) => unknown>(name: string, fn: F): F {
  register(name, (value) => {
    const result = (fn as unknown as (value: unknown) => unknown)(value);
    return Boolean(result) && !(result instanceof Promise);
  });
  refinementNames.set(fn, name);
  return fn;
}

/**
 * The check of `.superRefine(fn)`, defined once at module level and named for the fast check: it
 * passes when zod's check reports no issue.
 *
 * @example
 * ```ts
 * const endpoints = namedSuperRefine("lineage-endpoints", (args: { ... }, ctx) => { ... });
 * strictObject({ ... }).check(endpoints);
 * ```
 */
export function namedSuperRefine<T>(name: string, fn: (value: T, ctx: z.core.$RefinementCtx<T>) => void) {
  const check = tagged(z.superRefine(fn), [name]);
  register(name, (value) => {
    const payload = { value, issues: [] as unknown[] };
    const result = (check._zod.check as (payload: unknown) => unknown)(payload);
    return !(result instanceof Promise) && payload.issues.length === 0;
  });
  return check;
}

/** Names a check made by one of the helpers here (see {@link checkTagOf}). */
function tagged<C extends object>(check: C, tag: CheckTag): C {
  checkTags.set(check, tag);
  return check;
}

/** The name and arguments of a zod check made with {@link named} or by a helper here; undefined for others. */
export function checkTagOf(check: object): CheckTag | undefined {
  const fn = (check as { _zod?: { def?: { fn?: unknown } } })._zod?.def?.fn;
  const name = typeof fn === "function" ? refinementNames.get(fn) : undefined;
  return name === undefined ? checkTags.get(check) : [name];
}

/** Whether the named check passes on `value` (its node's type already checked); false for an unknown name. */
export function customCheckPasses(tag: CheckTag, value: unknown): boolean {
  const pass = passes.get(tag[0]);
  return pass !== undefined && pass(value, ...tag.slice(1));
}

/**
 * The options of a `.refine(...)` whose issue keeps `code`.
 *
 * @example
 * ```ts
 * .refine((a) => a.X === undefined || a.Y === undefined, coded("conflicting-members", "set X or Y, not both"))
 * ```
 */
export function coded(code: IssueCode, message: string, path?: PropertyKey[]) {
  return path === undefined ? { message, params: { code } } : { message, path, params: { code } };
}

interface EntryLimits {
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

/**
 * The check of `.refine((value) => values.includes(value), params)`, named for the fast check.
 *
 * @example
 * ```ts
 * z.number().int().check(oneOfNumbers([1, 2, 4], coded("invalid-value", "must be one of 1, 2, 4")));
 * ```
 */
export function oneOfNumbers(values: readonly number[], params: ReturnType<typeof coded>) {
  return tagged(z.refine<number>((value) => values.includes(value), params), ["one-of-numbers", ...values]);
}

register("one-of-numbers", (value, ...values) => values.includes(value as number));

/** Adds a check on how many entries a map (a record) holds: "too-small" or "too-big", naming `what`. */
export function entryCount<T extends z.ZodType<Record<string, unknown>>>(record: T, limits: EntryLimits, what: string) {
  return record.check(tagged(z.superRefine((entries: Record<string, unknown>, ctx) => {
    const count = Object.keys(entries).length;
    if (limits.min !== undefined && count < limits.min) {
      ctx.addIssue({
        code: "custom",
        message: `${what} needs at least ${limits.min} ${limits.min === 1 ? "entry" : "entries"}`,
        params: { code: "too-small" },
      });
    }
    if (limits.max !== undefined && count > limits.max) {
      ctx.addIssue({
        code: "custom",
        message: `${what} holds at most ${limits.max} entries, found ${count}: remove ${count - limits.max}`,
        params: { code: "too-big" },
      });
    }
  }), ["entry-count", limits.min ?? null, limits.max ?? null]));
}

register("entry-count", (entries, min, max) => {
  if (typeof entries !== "object" || entries === null) return false;
  const count = Object.keys(entries).length;
  return (typeof min !== "number" || count >= min) && (typeof max !== "number" || count <= max);
});

/**
 * Adds a check that the `key` member of a list's items is unique ("duplicate-name", at the
 * duplicate's `key`). Values that are expressions are not compared: they are known only at run time.
 * `why` says what the name is used for.
 */
export function uniqueBy<K extends string, T extends z.ZodType<readonly Partial<Record<K, unknown>>[]>>(
  list: T,
  key: K,
  why: string,
) {
  return list.check(tagged(z.superRefine((items: readonly Partial<Record<K, unknown>>[], ctx) => {
    // (one item cannot repeat a name: no map for it; most lists have one)
    if (items.length < 2) return;
    const first = new Map<string, number>();
    items.forEach((item, index) => {
      const name = item[key];
      if (typeof name !== "string") return; // an expression, or a value the item schema rejects
      const seen = first.get(name);
      if (seen === undefined) {
        first.set(name, index);
        return;
      }
      ctx.addIssue({
        code: "custom",
        path: [index, key],
        message: `${key} ${quoted(name)} is used twice (first at [${seen}]): ${why}, so each ${key} must be unique; rename or remove one`,
        params: { code: "duplicate-name" },
      });
    });
  }), ["unique-by", key]));
}

register("unique-by", (items, key) => {
  if (!Array.isArray(items) || typeof key !== "string") return false;
  const seen = new Set<string>();
  for (const item of items as readonly Record<string, unknown>[]) {
    const name = item[key];
    if (typeof name !== "string") continue;
    if (seen.has(name)) return false;
    seen.add(name);
  }
  return true;
});
