import { checkTagOf, customCheckPasses, type CheckTag } from "../definition/rules.js";
import { deferredUnionOf, lazyDiscriminatorValues } from "../definition/lazy-schema.js";
import type { PathSegment } from "./issues.js";
import { internals, type Schema } from "./zod-internals.js";

// The interpreted fast check (fast-schema.ts) of a process's first steps without the zod schemas
// (issue 17).
//
// The interpreted check reads the zod schemas of what a step has, and building them was most of a
// process's first compile: the seed flow built 665 zod schemas to check six steps. Everything the
// check reads from a schema (its type, members, limits, patterns, literal values, which nodes are
// typed slots) is known before any input is seen, so `npm run generate:fast-schema-plan` writes it
// once from the schemas, as data (src/validate/fast-schema-plan-data.ts: a "plan"), and the walk
// below reads the plan instead. Nothing is built to check a valid step.
//
// The walk judges as the interpreted check does (the same type tests, in the same order, the same
// typed slots in the same order), with two differences that can only make it say "cannot vouch"
// where the interpreted check says yes: a limit is tested by a quick test that is true only when
// zod's check passes (a string over its maximum in UTF-16 units, which zod counts in code points,
// is not vouched for), and a node the plan cannot describe (a refinement sagepipe did not name, see
// src/definition/rules.ts) is not vouched for. Where it cannot vouch, the interpreted check runs
// (and where that cannot, zod decides), so the answer is the same. A unit test checks that the plan
// data is what the generator writes from the current schemas; a property test compares the walk
// with zod.

/** A check, as the plan states it. */
export type PlanCheck =
  | readonly ["max", number]
  | readonly ["min", number]
  | readonly ["re", string, string]
  | readonly ["gt" | "ge" | "lt" | "le", number]
  | readonly ["safeint"]
  | readonly ["tag", ...CheckTag];

/** One schema node of the plan; members name other nodes by their index. */
export type PlanNode = (
  | { readonly t: "string" | "number" | "boolean" | "null" | "any" | "none" }
  | { readonly t: "values"; readonly v: readonly (string | number | boolean | null)[] }
  | { readonly t: "optional" | "nullable" | "lazy" | "array"; readonly i: number }
  // o: each member's node, or -1 - its node for a member that may be absent; r: how many may not be
  | { readonly t: "object"; readonly o: Readonly<Record<string, number>>; readonly r: number; readonly strict: boolean }
  | { readonly t: "record"; readonly k: number; readonly i: number }
  | { readonly t: "union"; readonly u: readonly number[] }
  | { readonly t: "discriminated"; readonly d: string; readonly u: Readonly<Record<string, number>> }
) & { readonly c?: readonly PlanCheck[]; readonly m?: string };

/**
 * A plan: its nodes, and the node of each root schema by name. A plan read from its data
 * ({@link loadPlan}) has its nodes in parts, each parsed when a walk first reaches one of its nodes.
 */
export interface Plan {
  readonly roots: Readonly<Record<string, number>>;
  readonly nodes: readonly (PlanNode | undefined)[];
  /** Its parts, in order: the index of a part's first node, and the JSON text of its nodes. */
  readonly parts?: readonly (readonly [start: number, nodes: string])[];
  /** Which parts were parsed (their nodes are in `nodes`). */
  readonly parsed?: boolean[];
}

/**
 * A plan as the generated module holds it: the JSON text of its roots and first nodes, and of the
 * nodes of each part, numbered on from there (see {@link planData}).
 */
export interface PlanData {
  readonly head: string;
  readonly parts: readonly (readonly [start: number, nodes: string])[];
}

/** The plan of `data`, whose parts are parsed when a walk first reaches them. */
export function loadPlan(data: PlanData): Plan {
  const head = JSON.parse(data.head) as { roots: Record<string, number>; nodes: PlanNode[] };
  return { roots: head.roots, nodes: head.nodes, parts: data.parts, parsed: data.parts.map(() => false) };
}

/** Parses the part of `plan` that holds node `index` (the last part that starts at or before it); the node. */
function loadPart(plan: Plan, index: number): PlanNode | undefined {
  const parts = plan.parts ?? [];
  let i = parts.length - 1;
  while (i >= 0 && (parts[i] as readonly [number, string])[0] > index) i--;
  if (i < 0 || plan.parsed?.[i] !== false) return undefined;
  const [start, text] = parts[i] as readonly [number, string];
  const nodes = JSON.parse(text) as PlanNode[];
  const all = plan.nodes as (PlanNode | undefined)[];
  for (let j = 0; j < nodes.length; j++) all[start + j] = nodes[j];
  plan.parsed[i] = true;
  return all[index];
}

/**
 * Splits a plan into its data: the roots and the nodes no option of `split` (a discriminated
 * union's node: the step types) reaches, then a part for each set of options that reach the same
 * nodes (a step type's own nodes, those Processing and the check steps share, those of every step
 * type, ...), renumbered so that each part's nodes follow one another.
 */
export function planData(plan: Plan, split: number): PlanData {
  const nodes = plan.nodes as PlanNode[];
  const splitNode = nodes[split];
  if (splitNode?.t !== "discriminated") throw new Error("internal: a plan is split at a discriminated union");
  const children = (node: PlanNode): number[] => {
    switch (node.t) {
      case "optional":
      case "nullable":
      case "lazy":
      case "array":
        return [node.i];
      case "record":
        return [node.k, node.i];
      case "object":
        return Object.values(node.o).map((member) => (member < 0 ? -1 - member : member));
      case "union":
        return [...node.u];
      case "discriminated":
        return Object.values(node.u);
      default:
        return [];
    }
  };
  // which options reach each node (through the split node itself: none)
  const owners = new Map<number, Set<string>>();
  for (const [option, start] of Object.entries(splitNode.u)) {
    const stack = [start];
    while (stack.length > 0) {
      const index = stack.pop() as number;
      if (index === split) continue;
      const set = owners.get(index) ?? new Set<string>();
      if (set.has(option)) continue;
      set.add(option);
      owners.set(index, set);
      stack.push(...children(nodes[index] as PlanNode));
    }
  }
  // a part per set of options that reach its nodes, in the order of their first nodes
  const groupOf = (index: number): string => [...(owners.get(index) ?? [])].sort().join(" ");
  const groups = new Map<string, number[]>();
  nodes.forEach((_, index) => {
    const group = groupOf(index);
    const members = groups.get(group) ?? [];
    members.push(index);
    groups.set(group, members);
  });
  const order: number[] = [...(groups.get("") ?? [])];
  const headLength = order.length;
  const starts: [string, number][] = [];
  for (const [group, members] of groups) {
    if (group === "") continue;
    starts.push([group, order.length]);
    order.push(...members);
  }
  const renumber = new Map(order.map((old, index) => [old, index]));
  const to = (index: number) => renumber.get(index) as number;
  const renumbered = order.map((old): PlanNode => {
    const node = nodes[old] as PlanNode;
    switch (node.t) {
      case "optional":
      case "nullable":
      case "lazy":
      case "array":
        return { ...node, i: to(node.i) };
      case "record":
        return { ...node, k: to(node.k), i: to(node.i) };
      case "object":
        return { ...node, o: Object.fromEntries(Object.entries(node.o).map(([key, member]) => [key, member < 0 ? -1 - to(-1 - member) : to(member)])) };
      case "union":
        return { ...node, u: node.u.map(to) };
      case "discriminated":
        return { ...node, u: Object.fromEntries(Object.entries(node.u).map(([key, option]) => [key, to(option)])) };
      default:
        return node;
    }
  });
  const roots = Object.fromEntries(Object.entries(plan.roots).map(([name, index]) => [name, to(index)]));
  const parts = starts
    .map(([, start], i): readonly [number, string] => [start, JSON.stringify(renumbered.slice(start, starts[i + 1]?.[1] ?? order.length))])
    .filter(([, text]) => text !== "[]");
  return { head: JSON.stringify({ roots, nodes: renumbered.slice(0, headLength) }), parts };
}


/** What the plan cannot describe: the node is written as one that is never vouched for. */
class Undescribed extends Error {}

/**
 * The plan of `roots` (the generator: scripts/generate-fast-schema-plan.ts). `markOf` gives the
 * mark of a node (compile's typed slots: the slot kind). `undescribed` collects what could not be
 * described, for the generator to report.
 */
export function makePlan(roots: Readonly<Record<string, Schema>>, markOf: (schema: Schema) => string | undefined, undescribed: string[] = []): Plan {
  const ids = new Map<Schema, number>();
  const nodes: PlanNode[] = [];
  const NEVER: PlanNode = { t: "none" };

  const id = (schema: Schema, where: string): number => {
    const known = ids.get(schema);
    if (known !== undefined) return known;
    const index = nodes.length;
    ids.set(schema, index);
    nodes.push(NEVER);
    let node: PlanNode;
    try {
      node = describe(schema, where);
    } catch (error) {
      if (!(error instanceof Undescribed)) throw error;
      undescribed.push(`${where}: ${error.message}`);
      node = NEVER;
    }
    nodes[index] = node;
    return index;
  };

  const describe = (schema: Schema, where: string): PlanNode => {
    const zod = internals(schema);
    const def = zod.def;
    const checks = checksOf(schema, where);
    const mark = markOf(schema);
    const extra = { ...(checks.length === 0 ? {} : { c: checks }), ...(mark === undefined ? {} : { m: mark }) };
    if (def.coerce === true) throw new Undescribed("coerce");
    switch (def.type) {
      case "string":
      case "number":
      case "boolean":
      case "null":
        return { t: def.type, ...extra };
      case "unknown":
      case "any":
        return { t: "any", ...extra };
      case "never":
        return { t: "none", ...extra };
      case "custom":
        // (a node that is itself a check: its check is in `checks`)
        if (!zod.traits.has("$ZodCheck")) throw new Undescribed("a custom schema");
        return { t: "any", ...extra };
      case "literal":
      case "enum": {
        if (zod.values === undefined) throw new Undescribed("values unknown");
        const values = [...zod.values];
        for (const value of values) {
          const plain = typeof value === "string" || typeof value === "boolean" || value === null || (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0));
          if (!plain) throw new Undescribed(`literal ${String(value)}`);
        }
        return { t: "values", v: values as (string | number | boolean | null)[], ...extra };
      }
      case "optional": {
        const inner = def.innerType as Schema;
        if (zod.traits.has("$ZodExactOptional") || internals(inner).optin === "defaulted") throw new Undescribed("exact or defaulted optional");
        return { t: "optional", i: id(inner, where), ...extra };
      }
      case "nullable":
        return { t: "nullable", i: id(def.innerType as Schema, where), ...extra };
      case "lazy": {
        const deferred = deferredUnionOf(schema);
        if (deferred !== undefined) return { t: "discriminated", d: deferred.discriminator, u: discriminated(deferred.discriminator, deferred.options() as readonly Schema[], where), ...extra };
        const inner = zod.innerType;
        if (inner === undefined) throw new Undescribed("lazy without a schema");
        return { t: "lazy", i: id(inner, where), ...extra };
      }
      case "array":
        return { t: "array", i: id(def.element as Schema, `${where}[]`), ...extra };
      case "object": {
        const shape = def.shape as Record<string, Schema>;
        if (Object.getOwnPropertySymbols(shape).length > 0) throw new Undescribed("symbol keys");
        const catchall = def.catchall as Schema | undefined;
        const catchallType = catchall === undefined ? "strip" : internals(catchall).def.type;
        if (catchallType !== "strip" && catchallType !== "never" && catchallType !== "unknown" && catchallType !== "any") throw new Undescribed(`catchall ${catchallType}`);
        const members: Record<string, number> = {};
        let required = 0;
        for (const key of Object.keys(shape)) {
          const member = shape[key] as Schema;
          const memberZod = internals(member);
          // a member that may be absent is written as -1 - its node (see acceptsObject)
          const mayBeAbsent = memberZod.optin === "optional" && memberZod.optout === "optional";
          if (!mayBeAbsent) required++;
          const node = id(member, `${where}.${key}`);
          members[key] = mayBeAbsent ? -1 - node : node;
        }
        return { t: "object", o: members, r: required, strict: catchallType === "never", ...extra };
      }
      case "record": {
        const keyType = def.keyType as Schema;
        if ((internals(keyType).values !== undefined && def.partial !== true) || def.mode === "loose") throw new Undescribed("record with listed keys or loose");
        return { t: "record", k: id(keyType, `${where}{key}`), i: id(def.valueType as Schema, `${where}{}`), ...extra };
      }
      case "union": {
        if (zod.traits.has("$ZodDiscriminatedUnion")) {
          if (def.unionFallback === true) throw new Undescribed("union fallback");
          const discriminator = def.discriminator as string;
          return { t: "discriminated", d: discriminator, u: discriminated(discriminator, def.options as readonly Schema[], where), ...extra };
        }
        if (def.inclusive === false) throw new Undescribed("exclusive union");
        return { t: "union", u: (def.options as readonly Schema[]).map((option, i) => id(option, `${where}|${i}`)), ...extra };
      }
      default:
        throw new Undescribed(def.type);
    }
  };

  const discriminated = (discriminator: string, options: readonly Schema[], where: string): Record<string, number> => {
    const byValue = new Map<unknown, Schema | null>();
    for (const option of options) {
      const values = lazyDiscriminatorValues(option, discriminator) ?? [...(internals(option).propValues?.[discriminator] ?? [])];
      if (values.length === 0) throw new Undescribed("an option without discriminator values");
      for (const literal of values) byValue.set(literal, byValue.has(literal) ? null : option);
    }
    const out: Record<string, number> = {};
    for (const [literal, option] of byValue) {
      if (option === null || typeof literal !== "string") throw new Undescribed("a shared or non-string discriminator value");
      out[literal] = id(option, `${where}<${literal}>`);
    }
    return out;
  };

  const checksOf = (schema: Schema, where: string): PlanCheck[] => {
    const zod = internals(schema);
    const own = (zod.def.checks as readonly Schema[] | undefined) ?? [];
    const all = zod.traits.has("$ZodCheck") ? [schema, ...own] : own;
    return all.map((check) => planCheck(check, where));
  };

  for (const name of Object.keys(roots)) id(roots[name] as Schema, name);
  const rootIds: Record<string, number> = {};
  for (const name of Object.keys(roots)) rootIds[name] = ids.get(roots[name] as Schema) as number;
  return { roots: rootIds, nodes };
}

/** A zod check as the plan states it. */
function planCheck(check: Schema, where: string): PlanCheck {
  const zod = internals(check);
  const def = zod.def as Record<string, unknown>;
  if (typeof zod.check !== "function") throw new Undescribed("a check without a function");
  switch (def.check) {
    case "max_length":
      return ["max", def.maximum as number];
    case "min_length":
      return ["min", def.minimum as number];
    case "string_format":
      if (def.format === "regex" && def.pattern instanceof RegExp) return ["re", def.pattern.source, def.pattern.flags];
      break;
    case "greater_than":
    case "less_than":
      if (typeof def.value === "number") return [def.check === "greater_than" ? (def.inclusive === true ? "ge" : "gt") : def.inclusive === true ? "le" : "lt", def.value];
      break;
    case "number_format":
      if (def.format === "safeint") return ["safeint"];
      break;
    case "custom": {
      const tag = checkTagOf(check);
      if (tag !== undefined) return ["tag", ...tag];
      throw new Undescribed(`a refinement without a name at ${where}: ${String(def.fn ?? zod.check).slice(0, 80)}`);
    }
    default:
  }
  throw new Undescribed(`check ${String(def.check)} ${String(def.format ?? "")}`);
}

// ---------------------------------------------------------------------------------------------
// The walk

/** A plan node with what the walk needs made once (a Set, a Map, a RegExp). */
interface Ready {
  readonly node: PlanNode;
  values?: ReadonlySet<unknown>;
  members?: ReadonlyMap<string, number>;
  options?: ReadonlyMap<string, number>;
  absent?: readonly boolean[];
  patterns?: RegExp[];
}

/** The state of a walk (walks do not nest). */
interface PlanWalkState {
  ready: Ready[];
  plan: Plan | undefined;
  nodes: readonly (PlanNode | undefined)[];
  records: ((value: unknown) => boolean) | undefined;
  path: PathSegment[];
  found: { mark: string; path: readonly PathSegment[]; value: unknown }[];
}

const state: PlanWalkState = { ready: [], plan: undefined, nodes: [], records: undefined, path: [], found: [] };

function readyOf(index: number): Ready {
  let ready = state.ready[index];
  if (ready === undefined) {
    const node = state.nodes[index] ?? (state.plan === undefined ? undefined : loadPart(state.plan, index));
    if (node === undefined) throw new Error(`internal: the fast check's plan has no node ${index}`);
    ready = { node };
    state.ready[index] = ready;
  }
  return ready;
}

function acceptsNode(index: number, v: unknown): boolean {
  const ready = readyOf(index);
  const node = ready.node;
  switch (node.t) {
    case "string":
      if (typeof v !== "string") return false;
      break;
    case "number":
      if (typeof v !== "number" || !Number.isFinite(v)) return false;
      break;
    case "boolean":
      if (typeof v !== "boolean") return false;
      break;
    case "null":
      if (v !== null) return false;
      break;
    case "any":
      break;
    case "none":
      return false;
    case "values":
      if (!(ready.values ??= new Set(node.v)).has(v)) return false;
      break;
    case "optional":
      if (v !== undefined && !acceptsNode(node.i, v)) return false;
      break;
    case "nullable":
      if (v !== null && !acceptsNode(node.i, v)) return false;
      break;
    case "lazy":
      if (!acceptsNode(node.i, v)) return false;
      break;
    case "array": {
      if (!Array.isArray(v)) return false;
      const { path } = state;
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const ok = acceptsNode(node.i, v[i]);
        path.pop();
        if (!ok) return false;
      }
      break;
    }
    case "object":
      if (!acceptsObject(ready, node, v)) return false;
      break;
    case "record": {
      if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
      const { path } = state;
      for (const k in v) {
        if (k === "__proto__") return false;
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined || !acceptsNode(node.k, k)) return false;
        path.push(k);
        const ok = acceptsNode(node.i, x);
        path.pop();
        if (!ok) return false;
      }
      break;
    }
    case "union": {
      const { found } = state;
      let ok = false;
      for (const option of node.u) {
        const mark = found.length;
        if (acceptsNode(option, v)) {
          ok = true;
          break;
        }
        // what an option that failed recorded is dropped
        if (found.length !== mark) found.length = mark;
      }
      if (!ok) return false;
      break;
    }
    case "discriminated": {
      if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
      const options = (ready.options ??= new Map(Object.entries(node.u)));
      const value = (v as Record<string, unknown>)[node.d];
      const option = typeof value === "string" ? options.get(value) : undefined;
      if (option === undefined || !acceptsNode(option, v)) return false;
      break;
    }
    default:
      return false;
  }
  if (node.c !== undefined && !passesChecks(ready, node.c, v)) return false;
  if (node.m !== undefined && state.records?.(v) === true) state.found.push({ mark: node.m, path: state.path.slice(), value: v });
  return true;
}

function acceptsObject(ready: Ready, node: Extract<PlanNode, { t: "object" }>, v: unknown): boolean {
  if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const members = (ready.members ??= new Map(Object.entries(node.o)));
  const { path } = state;
  let present = 0;
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined || k === "__proto__") return false;
    const member = members.get(k);
    if (member === undefined) {
      if (node.strict) return false;
      continue;
    }
    // (a member that may be absent is written as -1 - its node)
    path.push(k);
    const ok = acceptsNode(member < 0 ? -1 - member : member, x);
    path.pop();
    if (!ok) return false;
    if (member >= 0) present++;
  }
  return present === node.r;
}

/** Whether a string has a UTF-16 surrogate (then its length in code points may be less). */
const SURROGATE = /[\uD800-\uDFFF]/;

function passesChecks(ready: Ready, checks: readonly PlanCheck[], v: unknown): boolean {
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i] as PlanCheck;
    switch (check[0]) {
      case "max":
        // zod counts a string's code points, never more than its UTF-16 units
        if (!((typeof v === "string" || Array.isArray(v)) && v.length <= check[1])) return false;
        break;
      case "min":
        if (Array.isArray(v)) {
          if (v.length < check[1]) return false;
        } else if (typeof v !== "string" || !(v.length >= 2 * check[1] - 1 || (v.length >= check[1] && !SURROGATE.test(v)))) {
          return false;
        }
        break;
      case "re": {
        if (typeof v !== "string") return false;
        const patterns = (ready.patterns ??= []);
        const pattern = (patterns[i] ??= new RegExp(check[1], check[2]));
        pattern.lastIndex = 0;
        if (!pattern.test(v)) return false;
        break;
      }
      case "gt":
        if (!(typeof v === "number" && v > check[1])) return false;
        break;
      case "ge":
        if (!(typeof v === "number" && v >= check[1])) return false;
        break;
      case "lt":
        if (!(typeof v === "number" && v < check[1])) return false;
        break;
      case "le":
        if (!(typeof v === "number" && v <= check[1])) return false;
        break;
      case "safeint":
        if (!Number.isSafeInteger(v)) return false;
        break;
      case "tag":
        if (!customCheckPasses(check.slice(1) as unknown as CheckTag, v)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A value found at a marked node of the plan. */
export interface PlanMarked {
  readonly mark: string;
  readonly path: readonly PathSegment[];
  readonly value: unknown;
}

/**
 * Walks `value` by the plan's root `root`: the values at marked nodes for which `records` is true
 * (in the order the interpreted walk records them) when the plan vouches that `value` passes the
 * root's schema, undefined when it cannot vouch.
 */
export function planWalk(plan: Plan, root: string, value: unknown, records: ((value: unknown) => boolean) | undefined): PlanMarked[] | undefined {
  const index = plan.roots[root];
  if (index === undefined) return undefined;
  if (state.plan !== plan) {
    state.plan = plan;
    state.nodes = plan.nodes;
    state.ready = [];
  }
  state.records = records;
  state.path = [];
  state.found = [];
  try {
    return acceptsNode(index, value) ? state.found : undefined;
  } finally {
    state.records = undefined;
    state.found = [];
  }
}
