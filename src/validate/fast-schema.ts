import type { z } from "zod";
import { deferredUnionOf, isUnbuiltLazySchema, lazyDiscriminatorValues } from "../definition/lazy-schema.js";
import { PipelineDefinition } from "../definition/pipeline-definition.js";
import { Step } from "../definition/step.js";
import type { PathSegment } from "./issues.js";
import { internals, type CheckPayload, type Internals, type Schema } from "./zod-internals.js";
import { loadPlan, planWalk, type Plan } from "./fast-schema-plan.js";
import { PLAN_DATA } from "./fast-schema-plan-data.js";

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
// passes". The checks are written out as JavaScript source and compiled once per schema (see
// Emitter). A schema that uses anything outside the supported set (transforms, defaults, pipes,
// coercion, tuples, intersections, ...) gets no fast check at all: no value is judged by a rule
// that was not written for it. test/validate/fast-schema.test.ts compares the two over the test
// corpus and random mutations of it.
//
// `fastSchemaWalk` is the same check that also records the values found at marked schema nodes
// (compile's typed slots), with their paths: one pass over a step instead of two.

type Check = (value: unknown) => boolean;

/** Thrown while building: the schema uses something the fast check does not mirror. */
class Unsupported extends Error {}

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
 * not run, whatever its `when`); when it is false, zod's check decides. The Emitter writes it into
 * the check's source.
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

/** What {@link fastSchemaWalk} records: values at the schema nodes it is told to mark. */
export interface SchemaMarks<M> {
  /** The mark of a schema node; undefined for most. */
  readonly markOf: (schema: Schema) => M | undefined;
  /** Whether the value at a marked node is recorded (the others are only checked). */
  readonly records: (value: unknown) => boolean;
  /**
   * "slot-kinds" when `markOf` gives each typed slot's kind (`slotKinds`), the marks the plan of
   * the step schemas states (fast-schema-plan.ts): the interpreted walk then reads the plan.
   */
  readonly plan?: "slot-kinds";
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

/**
 * Writes the checks of a schema as the source of one JavaScript function per schema node and
 * compiles them with `new Function` (as zod does for its objects): the engine can then inline a
 * leaf's tests into its object's loop. The constants the functions need (patterns, value sets,
 * zod's check objects) are passed in, never written into the source; only key names, numbers the
 * schema states and string discriminators are, with JSON.stringify.
 */
class Emitter {
  private readonly names = new Map<Schema, string>();
  private readonly functions: string[] = [];
  readonly constants: unknown[] = [];

  constructor(private readonly marks?: SchemaMarks<unknown>) {}

  private constant(value: unknown): string {
    this.constants.push(value);
    return `k[${this.constants.length - 1}]`;
  }

  /** The name of the function that checks `schema`, emitting it (and what it calls) the first time. */
  fn(schema: Schema): string {
    const known = this.names.get(schema);
    if (known !== undefined) return known;
    const name = `f${this.names.size}`;
    this.names.set(schema, name);
    const body = this.node(schema);
    const checks = this.checks(schema);
    const mark = this.marks?.markOf(schema);
    if (checks === "" && mark === undefined) {
      this.functions.push(`function ${name}(v) {\n${body}\n}`);
      return name;
    }
    // the type test in a function of its own, then the checks, then (at a marked node) the record
    const record = mark === undefined ? "" : `if (records(v)) walk.found.push({ mark: ${this.constant(mark)}, path: walk.path.slice(), value: v });`;
    this.functions.push(`function ${name}_type(v) {\n${body}\n}`);
    this.functions.push(`function ${name}(v) {\nif (!${name}_type(v)) return false;\n${checks}\n${record}\nreturn true;\n}`);
    return name;
  }

  /** The checks of a schema as statements that return false when one fails; "" when none. */
  private checks(schema: Schema): string {
    const zod = internals(schema);
    const own = (zod.def.checks as readonly Schema[] | undefined) ?? [];
    const checks = zod.traits.has("$ZodCheck") ? [schema, ...own] : own;
    const lines: string[] = [];
    for (const check of checks) {
      if (typeof internals(check).check !== "function") throw new Unsupported();
      const quick = quickPassOf(check);
      const slow = `runCheck(${this.constant(check)}, v)`;
      switch (quick.kind) {
        case "max-length":
          lines.push(`if (!((typeof v === "string" || Array.isArray(v)) && v.length <= ${quick.limit}) && !${slow}) return false;`);
          break;
        case "min-length":
          lines.push(`if (!(Array.isArray(v) ? v.length >= ${quick.limit} : typeof v === "string" && v.length >= ${2 * quick.limit - 1}) && !${slow}) return false;`);
          break;
        case "regex": {
          const pattern = this.constant(quick.pattern);
          lines.push(`if (!(typeof v === "string" && (${pattern}.lastIndex = 0, ${pattern}.test(v))) && !${slow}) return false;`);
          break;
        }
        case "above":
        case "below": {
          const op = quick.kind === "above" ? (quick.inclusive ? ">=" : ">") : quick.inclusive ? "<=" : "<";
          lines.push(`if (!(typeof v === "number" && v ${op} ${this.constant(quick.bound)}) && !${slow}) return false;`);
          break;
        }
        case "safe-integer":
          lines.push(`if (!Number.isSafeInteger(v) && !${slow}) return false;`);
          break;
        default:
          lines.push(`if (!${slow}) return false;`);
      }
    }
    return lines.join("\n");
  }

  /** The statements that check a node's type and members, ending in a return. */
  private node(schema: Schema): string {
    const zod = internals(schema);
    const def = zod.def;
    if (def.coerce === true) throw new Unsupported();
    switch (def.type) {
      case "string":
        return `return typeof v === "string";`;
      case "number":
        return `return typeof v === "number" && Number.isFinite(v);`;
      case "boolean":
        return `return typeof v === "boolean";`;
      case "null":
        return `return v === null;`;
      case "unknown":
      case "any":
        return `return true;`;
      case "never":
        return `return false;`;
      case "custom":
        if (!zod.traits.has("$ZodCheck")) throw new Unsupported();
        return `return true;`;
      case "literal":
      case "enum":
        if (zod.values === undefined) throw new Unsupported();
        return `return ${this.constant(zod.values)}.has(v);`;
      case "optional": {
        const inner = def.innerType as Schema;
        if (zod.traits.has("$ZodExactOptional") || internals(inner).optin === "defaulted") throw new Unsupported();
        return `return v === undefined || ${this.fn(inner)}(v);`;
      }
      case "nullable":
        return `return v === null || ${this.fn(def.innerType as Schema)}(v);`;
      case "lazy": {
        // a union marked as deferred (Step): its options by discriminator, without building the union
        const deferred = deferredUnionOf(schema);
        if (deferred !== undefined) return this.discriminated(deferred.discriminator, deferred.options() as readonly Schema[]);
        const inner = zod.innerType;
        if (inner === undefined) throw new Unsupported();
        return `return ${this.fn(inner)}(v);`;
      }
      case "array": {
        const element = this.fn(def.element as Schema);
        const call = this.marks === undefined ? `${element}(v[i])` : `(walk.path.push(i), ok = ${element}(v[i]), walk.path.pop(), ok)`;
        return `if (!Array.isArray(v)) return false;\nlet ok;\nfor (let i = 0; i < v.length; i++) if (!${call}) return false;\nreturn true;`;
      }
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

  private object(def: Internals["def"]): string {
    const shape = def.shape as Record<string, Schema>;
    if (Object.getOwnPropertySymbols(shape).length > 0) throw new Unsupported();
    const catchall = def.catchall as Schema | undefined;
    const catchallType = catchall === undefined ? "strip" : internals(catchall).def.type;
    if (catchallType !== "strip" && catchallType !== "never" && catchallType !== "unknown" && catchallType !== "any") throw new Unsupported();
    let required = 0;
    const cases: string[] = [];
    for (const key of Object.keys(shape)) {
      const member = shape[key] as Schema;
      const zod = internals(member);
      const isRequired = !(zod.optin === "optional" && zod.optout === "optional");
      if (isRequired) required++;
      const call = this.marks === undefined ? `${this.fn(member)}(x)` : `(walk.path.push(k), ok = ${this.fn(member)}(x), walk.path.pop(), ok)`;
      cases.push(`case ${JSON.stringify(key)}: if (!${call}) return false;${isRequired ? " present++;" : ""} break;`);
    }
    const otherwise = catchallType === "never" ? "return false;" : "break;";
    return [
      `if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;`,
      `let present = 0, ok;`,
      `for (const k in v) {`,
      `const x = v[k];`,
      `if (x === undefined || k === "__proto__") return false;`,
      `switch (k) {`,
      ...cases,
      `default: ${otherwise}`,
      `}`,
      `}`,
      `return present === ${required};`,
    ].join("\n");
  }

  private record(def: Internals["def"]): string {
    const keyType = def.keyType as Schema;
    if ((internals(keyType).values !== undefined && def.partial !== true) || def.mode === "loose") throw new Unsupported();
    const key = this.fn(keyType);
    const value = this.fn(def.valueType as Schema);
    const call = this.marks === undefined ? `${value}(x)` : `(walk.path.push(k), ok = ${value}(x), walk.path.pop(), ok)`;
    return [
      `if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;`,
      `let ok;`,
      `for (const k in v) {`,
      `if (k === "__proto__") return false;`,
      `const x = v[k];`,
      `if (x === undefined || !${key}(k) || !${call}) return false;`,
      `}`,
      `return true;`,
    ].join("\n");
  }

  /**
   * A discriminated union: each option is compiled when a value first takes it (a pipeline uses a
   * few of the 23 step types: compiling all of them made the first compile of a process cost tens
   * of milliseconds).
   */
  private discriminated(discriminator: string, optionSchemas: readonly Schema[]): string {
    const options = optionSchemas.map((option) => `${this.constant(lazyOption(option, this.marks))}`);
    const byValue = new Map<unknown, string | null>();
    optionSchemas.forEach((option, i) => {
      // a step schema not built yet states its Type: building all 23 to read it cost more than the import
      const values = lazyDiscriminatorValues(option, discriminator) ?? [...(internals(option).propValues?.[discriminator] ?? [])];
      if (values.length === 0) throw new Unsupported();
      for (const literal of values) byValue.set(literal, byValue.has(literal) ? null : (options[i] as string));
    });
    const cases: string[] = [];
    for (const [literal, option] of byValue) {
      // a switch compares with ===, as zod's Map lookup does (only strings are written as literals)
      if (option === null || typeof literal !== "string") throw new Unsupported();
      cases.push(`case ${JSON.stringify(literal)}: return ${option}(v);`);
    }
    return [
      `if (typeof v !== "object" || v === null || Array.isArray(v)) return false;`,
      `switch (v[${JSON.stringify(discriminator)}]) {`,
      ...cases,
      `default: return false;`,
      `}`,
    ].join("\n");
  }

  private union(schema: Schema, def: Internals["def"]): string {
    const zod = internals(schema);
    if (zod.traits.has("$ZodDiscriminatedUnion")) {
      if (def.unionFallback === true) throw new Unsupported();
      return this.discriminated(def.discriminator as string, def.options as readonly Schema[]);
    }
    if (def.inclusive === false) throw new Unsupported();
    const options = (def.options as readonly Schema[]).map((option) => this.fn(option));
    if (this.marks === undefined) return `return ${options.map((option) => `${option}(v)`).join(" || ") || "false"};`;
    // what an option that failed recorded is dropped
    return [`const mark = walk.found.length;`, ...options.map((option) => `if (${option}(v)) return true;\nif (walk.found.length !== mark) walk.found.length = mark;`), `return false;`].join("\n");
  }

  /** Compiles the functions; the one of `schema` checks a value. */
  compile(schema: Schema): Check {
    const root = this.fn(schema);
    const source = `"use strict";\n${this.functions.join("\n")}\nreturn ${root};`;
    const make = new Function("k", "runCheck", "walk", "records", source) as (...deps: unknown[]) => Check;
    return make(this.constants, runCheck, walk, this.marks?.records ?? (() => false));
  }
}

/**
 * True when this process may compile code from strings (`--disallow-code-generation-from-strings`
 * says no): without it there is no fast check, and zod judges every document.
 */
const canGenerate = (() => {
  try {
    return new Function("return true")() === true;
  } catch {
    return false;
  }
})();

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

// The options of discriminated unions, compiled on first use, per marks (NO_MARKS: a plain check).
const NO_MARKS: SchemaMarks<unknown> = { markOf: () => undefined, records: () => false };
const options = new WeakMap<SchemaMarks<unknown>, WeakMap<Schema, Check | null>>();

/**
 * A check of one option of a discriminated union that compiles the option's functions when it is
 * first called, shared by every union (and every nesting) that has the option. An option the fast
 * check does not mirror answers false: "cannot vouch", so zod decides, as when the union as a whole
 * was not mirrored.
 */
function lazyOption(option: Schema, marks: SchemaMarks<unknown> | undefined): Check {
  const key = marks ?? NO_MARKS;
  let cache = options.get(key);
  if (cache === undefined) {
    cache = new WeakMap();
    options.set(key, cache);
  }
  const known = cache;
  let check: Check | undefined;
  return (value) => {
    check ??= built(known, option, () => new Emitter(marks).compile(option)) ?? (() => false);
    return check(value);
  };
}

/**
 * A function that returns `true` only when `schema.safeParse(value).success` would, or undefined
 * when the schema uses a feature the fast check does not mirror.
 */
export function fastSchemaCheck(schema: Schema): Check | undefined {
  return canGenerate ? built(checks, schema, () => new Emitter().compile(schema)) : undefined;
}

/**
 * `schema.safeParse(value).success`, answered by the fast check when it can say yes: for values
 * that are usually valid, when the parse output is not needed.
 */
export function schemaAccepts(schema: Schema, value: unknown): boolean {
  // the fast check is written once zod has answered for the schema a few times: for a handful of
  // values, writing and compiling it costs more than zod's parses
  const uses = accepted.get(schema) ?? 0;
  if (uses < ZOD_ANSWERS_BEFORE_FAST) {
    accepted.set(schema, uses + 1);
    return (schema as z.ZodType).safeParse(value, { jitless: true }).success;
  }
  return fastSchemaCheck(schema)?.(value) === true || (schema as z.ZodType).safeParse(value).success;
}

const ZOD_ANSWERS_BEFORE_FAST = 16;
const accepted = new WeakMap<Schema, number>();

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
  if (!canGenerate) return undefined;
  return built(cache, schema, () => {
    const check = new Emitter(marks as SchemaMarks<unknown>).compile(schema);
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

// The same check without code generation, for a process's first steps of each type (issue 17).
//
// Writing and compiling the functions above costs more than a few zod parses, so compile lets zod
// check a process's first steps of each type. zod's parse reaches every member of a step's schema,
// present or not (and its memoizer walks every schema below an object on its first parse), so a
// first compile built the whole schema of every step type it met: most of its time. The walk below
// judges a value by the same rules as the functions above (the same type tests, zod's own check
// objects for every check, the same cases it cannot vouch for), but reads the schema only where the
// value has something: the schemas of members a step does not have, which are stand-ins built on
// first use (src/definition/lazy-schema.ts), are not built. Whatever it cannot vouch for, zod
// decides, as for the functions above; test/validate/fast-schema.test.ts compares it with zod.

/** The state of an interpreted walk (walks do not nest). */
interface Interpreted {
  marks: SchemaMarks<unknown> | undefined;
  path: PathSegment[];
  found: Marked<unknown>[];
}

const interpreted: Interpreted = { marks: undefined, path: [], found: [] };

/** Whether an object member may be absent, as the functions above count it (`optin` and `optout` "optional"). */
function mayBeAbsent(member: Schema): boolean {
  const zod = internals(member);
  // an optional stand-in not built yet: `.optional()`'s optin is "optional" unless its inner schema
  // is "defaulted", which a stand-in never is (checked when it is built)
  if (zod.def.type === "optional" && isUnbuiltLazySchema(zod.def.innerType as Schema)) return zod.optout === "optional";
  return zod.optin === "optional" && zod.optout === "optional";
}

/** An object schema's member names and how many of them must be present, per shape. */
interface ShapeFacts {
  readonly keys: ReadonlySet<string>;
  readonly required: number;
}

const shapeFacts = new WeakMap<object, ShapeFacts>();

function factsOf(shape: Record<string, Schema>): ShapeFacts {
  let facts = shapeFacts.get(shape);
  if (facts === undefined) {
    const keys = Object.keys(shape);
    facts = { keys: new Set(keys), required: keys.filter((key) => !mayBeAbsent(shape[key] as Schema)).length };
    shapeFacts.set(shape, facts);
  }
  return facts;
}

/**
 * The options of a discriminated union (`union`: the union, or the lazy schema marked as a deferred
 * union) by discriminator value; null where the functions above would not be written (an option
 * without literal values, a value two options share, a value that is not a string).
 */
const interpretedOptions = new WeakMap<Schema, Map<unknown, Schema> | null>();

function optionsOf(union: Schema, discriminator: string, optionSchemas: () => readonly Schema[]): Map<unknown, Schema> | null {
  let byValue = interpretedOptions.get(union);
  if (byValue === undefined) {
    const map = new Map<unknown, Schema | null>();
    let writable = true;
    for (const option of optionSchemas()) {
      const values = lazyDiscriminatorValues(option, discriminator) ?? [...(internals(option).propValues?.[discriminator] ?? [])];
      if (values.length === 0) writable = false;
      for (const literal of values) map.set(literal, map.has(literal) ? null : option);
    }
    for (const [literal, option] of map) if (option === null || typeof literal !== "string") writable = false;
    byValue = writable ? (map as Map<unknown, Schema>) : null;
    interpretedOptions.set(union, byValue);
  }
  return byValue;
}

function acceptsDiscriminated(union: Schema, discriminator: string, optionSchemas: () => readonly Schema[], v: unknown): boolean {
  const byValue = optionsOf(union, discriminator, optionSchemas);
  if (byValue === null || typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const option = byValue.get((v as Record<string, unknown>)[discriminator]);
  return option !== undefined && accepts(option, v);
}

/** The type test of one node and its members (the `node` statements above). */
function acceptsType(schema: Schema, v: unknown): boolean {
  const zod = internals(schema);
  const def = zod.def;
  if (def.coerce === true) return false;
  switch (def.type) {
    case "string":
      return typeof v === "string";
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return typeof v === "boolean";
    case "null":
      return v === null;
    case "unknown":
    case "any":
      return true;
    case "never":
      return false;
    case "custom":
      return zod.traits.has("$ZodCheck");
    case "literal":
    case "enum":
      return zod.values !== undefined && zod.values.has(v);
    case "optional": {
      const inner = def.innerType as Schema;
      if (zod.traits.has("$ZodExactOptional") || internals(inner).optin === "defaulted") return false;
      return v === undefined || accepts(inner, v);
    }
    case "nullable":
      return v === null || accepts(def.innerType as Schema, v);
    case "lazy": {
      const deferred = deferredUnionOf(schema);
      if (deferred !== undefined) return acceptsDiscriminated(schema, deferred.discriminator, deferred.options as () => readonly Schema[], v);
      const inner = zod.innerType;
      return inner !== undefined && accepts(inner, v);
    }
    case "array": {
      if (!Array.isArray(v)) return false;
      const element = def.element as Schema;
      const { path } = interpreted;
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const ok = accepts(element, v[i]);
        path.pop();
        if (!ok) return false;
      }
      return true;
    }
    case "object":
      return acceptsObject(def, v);
    case "record":
      return acceptsRecord(def, v);
    case "union": {
      if (zod.traits.has("$ZodDiscriminatedUnion")) {
        return def.unionFallback !== true && acceptsDiscriminated(schema, def.discriminator as string, () => def.options as readonly Schema[], v);
      }
      if (def.inclusive === false) return false;
      const { found } = interpreted;
      for (const option of def.options as readonly Schema[]) {
        const mark = found.length;
        if (accepts(option, v)) return true;
        // what an option that failed recorded is dropped
        if (found.length !== mark) found.length = mark;
      }
      return false;
    }
    default:
      return false;
  }
}

function acceptsObject(def: Internals["def"], v: unknown): boolean {
  const shape = def.shape as Record<string, Schema>;
  if (Object.getOwnPropertySymbols(shape).length > 0) return false;
  const catchall = def.catchall as Schema | undefined;
  const catchallType = catchall === undefined ? "strip" : internals(catchall).def.type;
  if (catchallType !== "strip" && catchallType !== "never" && catchallType !== "unknown" && catchallType !== "any") return false;
  if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const facts = factsOf(shape);
  const { path } = interpreted;
  let present = 0;
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || k === "__proto__") return false;
    if (!facts.keys.has(k)) {
      if (catchallType === "never") return false;
      continue;
    }
    const member = shape[k] as Schema;
    path.push(k);
    const ok = accepts(member, x);
    path.pop();
    if (!ok) return false;
    if (!mayBeAbsent(member)) present++;
  }
  return present === facts.required;
}

function acceptsRecord(def: Internals["def"], v: unknown): boolean {
  const keyType = def.keyType as Schema;
  if ((internals(keyType).values !== undefined && def.partial !== true) || def.mode === "loose") return false;
  if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const valueType = def.valueType as Schema;
  const { path } = interpreted;
  for (const k in v) {
    if (k === "__proto__") return false;
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || !accepts(keyType, k)) return false;
    path.push(k);
    const ok = accepts(valueType, x);
    path.pop();
    if (!ok) return false;
  }
  return true;
}

/** One node: its type and members, then its checks, then (at a marked node) the record. */
function accepts(schema: Schema, v: unknown): boolean {
  if (!acceptsType(schema, v)) return false;
  const zod = internals(schema);
  if (zod.traits.has("$ZodCheck") && !passesCheck(schema, v)) return false;
  const own = zod.def.checks as readonly Schema[] | undefined;
  if (own !== undefined) for (const check of own) if (!passesCheck(check, v)) return false;
  const { marks } = interpreted;
  const mark = marks?.markOf(schema);
  if (mark !== undefined && marks!.records(v)) interpreted.found.push({ mark, path: interpreted.path.slice(), value: v });
  return true;
}

function passesCheck(check: Schema, v: unknown): boolean {
  return typeof internals(check).check === "function" && runCheck(check, v);
}

// The schemas whose plan (fast-schema-plan.ts) the interpreted walk reads first, by plan root: with
// it, checking a valid step builds no schema. Where the plan cannot vouch for a value, the walk
// below reads the schemas as before.
const PLANNED = new WeakMap<Schema, string | null>([[Step as unknown as Schema, "Step"]]);
let plan: Plan | undefined;

/**
 * "Envelope" for a schema that is the definition schema less its Steps (`PipelineDefinition.omit({
 * Steps: true })`, what compile checks the rest of the document with, made where it is used): an
 * object with no checks, the same catchall and the same member schemas as the definition schema,
 * every one but Steps, which is what the plan's Envelope was written from.
 */
function envelopeRoot(schema: Schema): string | null {
  const full = internals(PipelineDefinition as unknown as Schema);
  const own = internals(schema);
  if (own.def.type !== "object" || own.traits.has("$ZodCheck") || ((own.def.checks as unknown[] | undefined)?.length ?? 0) > 0) return null;
  if (own.def.catchall !== full.def.catchall || own.def.coerce === true) return null;
  const shape = own.def.shape as Record<string, Schema>;
  const fullShape = full.def.shape as Record<string, Schema>;
  const keys = Object.keys(shape);
  const expected = Object.keys(fullShape).filter((key) => key !== "Steps");
  if (keys.length !== expected.length || Object.getOwnPropertySymbols(shape).length > 0) return null;
  return keys.every((key, i) => key === expected[i] && shape[key] === fullShape[key]) ? "Envelope" : null;
}

/** The plan's answer for a planned schema (undefined for others, or where it cannot vouch). */
function planned(schema: Schema, value: unknown, records: ((value: unknown) => boolean) | undefined): Marked<unknown>[] | undefined {
  let root = PLANNED.get(schema);
  if (root === undefined) {
    root = envelopeRoot(schema);
    PLANNED.set(schema, root);
  }
  if (root === null) return undefined;
  plan ??= loadPlan(PLAN_DATA);
  return planWalk(plan, root, value, records);
}

/**
 * {@link fastSchemaWalk} without code generation: the values at the nodes `marks` marks when
 * `value` certainly passes `schema`, undefined when it does not or may not.
 */
export function interpretedSchemaWalk<M>(schema: Schema, value: unknown, marks: SchemaMarks<M>): Marked<M>[] | undefined {
  if (marks.plan === "slot-kinds") {
    const found = planned(schema, value, marks.records);
    if (found !== undefined) return found as Marked<M>[];
  }
  interpreted.marks = marks as SchemaMarks<unknown>;
  interpreted.path = [];
  interpreted.found = [];
  try {
    return accepts(schema, value) ? (interpreted.found as Marked<M>[]) : undefined;
  } finally {
    interpreted.marks = undefined;
    interpreted.found = [];
  }
}

/** {@link fastSchemaCheck} without code generation: true only when `schema.safeParse(value).success` would be. */
export function interpretedSchemaCheck(schema: Schema, value: unknown): boolean {
  if (planned(schema, value, undefined) !== undefined) return true;
  interpreted.marks = undefined;
  interpreted.path = [];
  interpreted.found = [];
  return accepts(schema, value);
}
