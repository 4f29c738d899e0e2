import type { z } from "zod";
import type { PathSegment } from "./issues.js";

// A fast "is this certainly valid?" check built from a zod schema, for the success path of compile.
//
// zod's parse builds an output copy of the document and a result object per node; validating a
// document that is (almost always) valid needs neither. `fastSchemaCheck(schema)` reads the
// schema's definition once and returns a function that answers `true` only when zod's parse would
// succeed on the value. It may answer `false` for a valid value it does not handle (members set to
// `undefined`, objects that are not plain, `__proto__` keys): callers then run zod, which also
// gives the issues to report. So it can make validation faster, never looser.
//
// Each node is judged as zod 4 judges it (node_modules/zod/v4/core/schemas.js): the same type
// tests, and every check and refinement (`.min()`, `.regex()`, `.refine()`, `.superRefine()`) run
// through zod's own check objects, after a quick test for the common ones that can only say "it
// passes". A schema that uses anything outside the supported set (transforms, defaults, pipes,
// coercion, tuples, intersections, ...) gets no fast check at all: no value is judged by a rule
// that was not written for it. test/validate/fast-schema.test.ts compares the two over the test
// corpus and random mutations of it.
//
// `fastSchemaWalk` is the same check that also records the values found at marked schema nodes
// (compile's typed slots), with their paths: one pass over a step instead of two.

type Schema = z.core.$ZodType;

interface Internals {
  readonly def: Record<string, unknown> & { readonly type: string };
  readonly traits: ReadonlySet<string>;
  readonly optin?: string;
  readonly optout?: string;
  readonly values?: ReadonlySet<unknown>;
  readonly propValues?: Readonly<Record<string, ReadonlySet<unknown>>>;
  readonly innerType?: Schema;
  readonly check?: (payload: CheckPayload) => unknown;
}

interface CheckPayload {
  value: unknown;
  issues: unknown[];
}

type Check = (value: unknown) => boolean;

/** Thrown while building: the schema uses something the fast check does not mirror. */
class Unsupported extends Error {}

const internals = (schema: Schema): Internals => schema._zod as unknown as Internals;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

// a check runs on a payload of zod's shape; one is reused, as checks do not run inside checks
const scratch: CheckPayload = { value: undefined, issues: [] };

/** Runs one of zod's checks on a value: true when it reports no issue. */
function runCheck(check: Schema, value: unknown): boolean {
  const zod = internals(check);
  scratch.value = value;
  if (scratch.issues.length > 0) scratch.issues = [];
  const when = zod.def.when as ((payload: CheckPayload) => boolean) | undefined;
  if (when !== undefined && !when(scratch)) return true;
  const result = zod.check?.(scratch);
  return !(result instanceof Promise) && scratch.issues.length === 0;
}

/**
 * For the common checks, a test that is true only when the check certainly passes (it then need
 * not run, whatever its `when`); when it is false, zod's check decides. Data, not closures, so
 * that one function tests them all.
 */
type QuickPass =
  | { readonly kind: "max-length"; readonly limit: number }
  | { readonly kind: "min-length"; readonly limit: number }
  | { readonly kind: "regex"; readonly pattern: RegExp }
  | { readonly kind: "above" | "below"; readonly bound: number; readonly inclusive: boolean }
  | { readonly kind: "safe-integer" }
  | { readonly kind: "none" };

function quickPassOf(check: Schema): QuickPass {
  const { traits, def } = internals(check);
  if (traits.has("$ZodCheckMaxLength")) return { kind: "max-length", limit: def.maximum as number };
  if (traits.has("$ZodCheckMinLength")) return { kind: "min-length", limit: def.minimum as number };
  if (traits.has("$ZodCheckRegex")) return { kind: "regex", pattern: def.pattern as RegExp };
  if ((traits.has("$ZodCheckGreaterThan") || traits.has("$ZodCheckLessThan")) && typeof def.value === "number") {
    return { kind: traits.has("$ZodCheckGreaterThan") ? "above" : "below", bound: def.value, inclusive: def.inclusive === true };
  }
  if (traits.has("$ZodCheckNumberFormat") && def.format === "safeint") return { kind: "safe-integer" };
  return { kind: "none" };
}

function quickPasses(quick: QuickPass, value: unknown): boolean {
  switch (quick.kind) {
    case "max-length":
      // zod counts code points, never more than UTF-16 units
      return (typeof value === "string" || Array.isArray(value)) && value.length <= quick.limit;
    case "min-length":
      // a string of n UTF-16 units has at least ceil(n / 2) code points
      return Array.isArray(value) ? value.length >= quick.limit : typeof value === "string" && value.length >= 2 * quick.limit - 1;
    case "regex":
      if (typeof value !== "string") return false;
      quick.pattern.lastIndex = 0;
      return quick.pattern.test(value);
    case "above":
      return typeof value === "number" && (quick.inclusive ? value >= quick.bound : value > quick.bound);
    case "below":
      return typeof value === "number" && (quick.inclusive ? value <= quick.bound : value < quick.bound);
    case "safe-integer":
      return Number.isSafeInteger(value);
    default:
      return false;
  }
}

interface CheckEntry {
  readonly quick: QuickPass;
  readonly check: Schema;
}

function allPass(entries: readonly CheckEntry[], value: unknown): boolean {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as CheckEntry;
    if (!quickPasses(entry.quick, value) && !runCheck(entry.check, value)) return false;
  }
  return true;
}

/** What {@link fastSchemaWalk} records: values at the schema nodes it is told to mark. */
export interface SchemaMarks<M> {
  /** The mark of a schema node; undefined for most. */
  readonly markOf: (schema: Schema) => M | undefined;
  /** Whether the value at a marked node is recorded (the others are only checked). */
  readonly records: (value: unknown) => boolean;
}

/** A value recorded at a marked node, with its path from the value walked. */
export interface Marked<M> {
  readonly mark: M;
  readonly path: readonly PathSegment[];
  readonly value: unknown;
}

/** The state of the walk in progress (walks do not nest: checks and marks do not call back). */
interface Walk {
  path: PathSegment[];
  found: Marked<unknown>[];
}

const walk: Walk = { path: [], found: [] };

class Builder {
  // the check of each schema met, so that recursive schemas (through z.lazy) close their loop
  private readonly cells = new Map<Schema, { check?: Check }>();

  constructor(private readonly marks?: SchemaMarks<unknown>) {}

  build(schema: Schema): Check {
    const cell = this.cells.get(schema);
    if (cell !== undefined) return cell.check ?? ((value) => (cell.check as Check)(value));
    const fresh: { check?: Check } = {};
    this.cells.set(schema, fresh);
    fresh.check = this.marked(schema, this.withChecks(schema, this.node(schema)));
    return fresh.check;
  }

  private marked(schema: Schema, check: Check): Check {
    const mark = this.marks?.markOf(schema);
    if (mark === undefined || this.marks === undefined) return check;
    const { records } = this.marks;
    return (value) => {
      if (!check(value)) return false;
      if (records(value)) walk.found.push({ mark, path: walk.path.slice(), value });
      return true;
    };
  }

  private withChecks(schema: Schema, base: Check): Check {
    const zod = internals(schema);
    const own = (zod.def.checks as readonly Schema[] | undefined) ?? [];
    const checks = zod.traits.has("$ZodCheck") ? [schema, ...own] : own;
    if (checks.length === 0) return base;
    for (const check of checks) if (typeof internals(check).check !== "function") throw new Unsupported();
    const entries = checks.map((check): CheckEntry => ({ quick: quickPassOf(check), check }));
    // the leaves, most of a document, in one function each
    switch (zod.def.type) {
      case "string":
        return (value) => typeof value === "string" && allPass(entries, value);
      case "number":
        return (value) => typeof value === "number" && Number.isFinite(value) && allPass(entries, value);
      default:
        return (value) => base(value) && allPass(entries, value);
    }
  }

  private node(schema: Schema): Check {
    const zod = internals(schema);
    const def = zod.def;
    if (def.coerce === true) throw new Unsupported();
    switch (def.type) {
      case "string":
        return (value) => typeof value === "string";
      case "number":
        return (value) => typeof value === "number" && Number.isFinite(value);
      case "boolean":
        return (value) => typeof value === "boolean";
      case "null":
        return (value) => value === null;
      case "unknown":
      case "any":
        return () => true;
      case "never":
        return () => false;
      case "custom":
        // z.custom: its function is a check of its own, run by withChecks
        if (!zod.traits.has("$ZodCheck")) throw new Unsupported();
        return () => true;
      case "literal":
      case "enum": {
        const values = zod.values;
        if (values === undefined) throw new Unsupported();
        return (value) => values.has(value);
      }
      case "optional": {
        // zod's `exactOptional` rejects undefined itself, and a defaulted inner substitutes a value
        const inner = def.innerType as Schema;
        if (zod.traits.has("$ZodExactOptional") || internals(inner).optin === "defaulted") throw new Unsupported();
        const check = this.build(inner);
        return (value) => value === undefined || check(value);
      }
      case "nullable": {
        const check = this.build(def.innerType as Schema);
        return (value) => value === null || check(value);
      }
      case "lazy": {
        const inner = zod.innerType;
        if (inner === undefined) throw new Unsupported();
        return this.build(inner);
      }
      case "array":
        return this.array(this.build(def.element as Schema));
      case "object":
        return this.object(def);
      case "record":
        return this.record(def);
      case "union":
        return this.union(schema, def);
      default:
        throw new Unsupported();
    }
  }

  private array(element: Check): Check {
    if (this.marks === undefined) {
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
        return true;
      };
    }
    return (value) => {
      if (!Array.isArray(value)) return false;
      for (let i = 0; i < value.length; i++) {
        walk.path.push(i);
        const ok = element(value[i]);
        walk.path.pop();
        if (!ok) return false;
      }
      return true;
    };
  }

  private object(def: Internals["def"]): Check {
    const shape = def.shape as Record<string, Schema>;
    if (Object.getOwnPropertySymbols(shape).length > 0) throw new Unsupported();
    const members = new Map<string, { readonly check: Check; readonly required: boolean }>();
    let required = 0;
    for (const key of Object.keys(shape)) {
      const zod = internals(shape[key] as Schema);
      // an absent member is fine only when zod would leave it out
      const isRequired = !(zod.optin === "optional" && zod.optout === "optional");
      members.set(key, { check: this.build(shape[key] as Schema), required: isRequired });
      if (isRequired) required++;
    }
    const catchall = def.catchall as Schema | undefined;
    const catchallType = catchall === undefined ? "strip" : internals(catchall).def.type;
    if (catchallType !== "strip" && catchallType !== "never" && catchallType !== "unknown" && catchallType !== "any") throw new Unsupported();
    const strict = catchallType === "never";
    const path = this.marks === undefined ? undefined : walk.path;
    // walks the keys the value has, not the (often many) keys the shape allows
    return (value) => {
      if (!isPlainObject(value)) return false;
      let present = 0;
      for (const key in value) {
        const item = value[key];
        // a member set to undefined: zod's output (what refinements see) would differ from the input
        if (item === undefined || key === "__proto__") return false;
        const member = members.get(key);
        if (member === undefined) {
          if (strict) return false;
          continue;
        }
        path?.push(key);
        const ok = member.check(item);
        path?.pop();
        if (!ok) return false;
        if (member.required) present++;
      }
      return present === required;
    };
  }

  private record(def: Internals["def"]): Check {
    const keyType = def.keyType as Schema;
    // enumerable keys make zod's record exhaustive; a loose record passes bad keys through
    if ((internals(keyType).values !== undefined && def.partial !== true) || def.mode === "loose") throw new Unsupported();
    const keyCheck = this.build(keyType);
    const valueCheck = this.build(def.valueType as Schema);
    const path = this.marks === undefined ? undefined : walk.path;
    return (value) => {
      if (!isPlainObject(value)) return false;
      for (const key in value) {
        if (key === "__proto__") return false;
        const item = value[key];
        if (item === undefined || !keyCheck(key)) return false;
        path?.push(key);
        const ok = valueCheck(item);
        path?.pop();
        if (!ok) return false;
      }
      return true;
    };
  }

  private union(schema: Schema, def: Internals["def"]): Check {
    const zod = internals(schema);
    const options = (def.options as readonly Schema[]).map((option) => this.build(option));
    if (zod.traits.has("$ZodDiscriminatedUnion")) {
      const discriminator = def.discriminator as string;
      if (def.unionFallback === true) throw new Unsupported();
      // zod's own lookup: the option whose discriminator accepts the value; a value two options
      // claim (only `undefined` may be) picks none
      const byValue = new Map<unknown, Check | null>();
      (def.options as readonly Schema[]).forEach((option, i) => {
        const values = internals(option).propValues?.[discriminator];
        if (values === undefined || values.size === 0) throw new Unsupported();
        for (const literal of values) byValue.set(literal, byValue.has(literal) ? null : (options[i] as Check));
      });
      return (value) => {
        if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
        const option = byValue.get((value as Record<string, unknown>)[discriminator]);
        return option !== undefined && option !== null && option(value);
      };
    }
    // an exclusive union (z.xor) fails when two options match
    if (def.inclusive === false) throw new Unsupported();
    if (this.marks === undefined) {
      return (value) => {
        for (const option of options) if (option(value)) return true;
        return false;
      };
    }
    // what an option that failed recorded is dropped
    return (value) => {
      const mark = walk.found.length;
      for (const option of options) {
        if (option(value)) return true;
        walk.found.length = mark;
      }
      return false;
    };
  }
}

function built<T>(cache: WeakMap<Schema, T | null>, schema: Schema, make: () => T): T | undefined {
  const known = cache.get(schema);
  if (known !== undefined) return known ?? undefined;
  let made: T | null;
  try {
    made = make();
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    made = null;
  }
  cache.set(schema, made);
  return made ?? undefined;
}

const checks = new WeakMap<Schema, Check | null>();

/**
 * A function that returns `true` only when `schema.safeParse(value).success` would, or undefined
 * when the schema uses a feature the fast check does not mirror.
 */
export function fastSchemaCheck(schema: Schema): Check | undefined {
  return built(checks, schema, () => new Builder().build(schema));
}

/**
 * `schema.safeParse(value).success`, answered by the fast check when it can say yes: for values
 * that are usually valid, when the parse output is not needed.
 */
export function schemaAccepts(schema: Schema, value: unknown): boolean {
  return fastSchemaCheck(schema)?.(value) === true || (schema as z.ZodType).safeParse(value).success;
}

type Walker<M> = (value: unknown) => Marked<M>[] | undefined;

const walkers = new WeakMap<SchemaMarks<unknown>, WeakMap<Schema, Walker<unknown> | null>>();

/**
 * {@link fastSchemaCheck} that also records the values at the nodes `marks` marks, in document
 * order, as one walk: the function returns them when the value certainly passes the schema, and
 * undefined when it does not or may not (find the marks another way then). `marks` is the key of
 * a cache: pass the same object every time.
 */
export function fastSchemaWalk<M>(schema: Schema, marks: SchemaMarks<M>): Walker<M> | undefined {
  let cache = walkers.get(marks as SchemaMarks<unknown>);
  if (cache === undefined) {
    cache = new WeakMap();
    walkers.set(marks as SchemaMarks<unknown>, cache);
  }
  return built(cache, schema, () => {
    const check = new Builder(marks as SchemaMarks<unknown>).build(schema);
    return (value: unknown) => {
      // (the checks hold on to the path list: it is emptied, not replaced)
      walk.path.length = 0;
      walk.found = [];
      const ok = check(value);
      const found = walk.found;
      walk.found = [];
      return ok ? found : undefined;
    };
  }) as Walker<M> | undefined;
}
