import { collectReferences } from "../validate/references.js";
import { isObject, type JsonObject } from "../validate/step-index.js";
import type { PathSegment } from "../validate/issues.js";

/** Where a step goes in the fluent chain. */
export type ChainPlacement = { readonly kind: "top" } | { readonly kind: "branch"; readonly condition: string; readonly branch: "if" | "else" };

/** A step of the definition, in the order the fluent chain adds it. */
export interface ChainStep {
  readonly name: string;
  readonly type: string;
  readonly json: JsonObject;
  /** Where the step is in the input document. */
  readonly path: readonly PathSegment[];
  readonly placement: ChainPlacement;
  /** The steps its Arguments, step keys and property files read (what needs their handles). */
  readonly references: ReadonlySet<string>;
  /** Its `DependsOn`, as the definition has it. */
  readonly dependsOn: readonly string[];
}

/** The steps in chain order, and whether that order differs from the document's. */
export interface Chain {
  readonly steps: readonly ChainStep[];
  /** True when some step had to move after a step it reads (a definition may list a step before the steps it reads). */
  readonly reordered: boolean;
}

/** The steps a step's data references read: every `Get` of a step, outside a Condition step's branches. */
function referencedSteps(step: JsonObject): Set<string> {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(step)) {
    if (key === "RetryPolicies" || key === "DependsOn") continue;
    const scanned = key === "Arguments" && step.Type === "Condition" && isObject(value) ? value.Conditions : value;
    for (const { reference } of collectReferences(scanned, [])) if (reference.root === "Steps") found.add(reference.step);
  }
  return found;
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/**
 * The order in which a fluent chain adds the steps of a definition: the document's order, each
 * condition followed by its IfSteps and ElseSteps, except that a step moves after the steps it
 * reads (the chain can only reference a step already added). A stable topological order: steps
 * keep their order wherever they can.
 */
export function chainOrder(document: JsonObject): Chain {
  const top = (Array.isArray(document.Steps) ? document.Steps : []).filter(isObject);
  const unitOf = new Map<string, string>();
  const make = (json: JsonObject, path: readonly PathSegment[], placement: ChainPlacement): ChainStep => ({
    name: String(json.Name),
    type: String(json.Type),
    json,
    path,
    placement,
    references: referencedSteps(json),
    dependsOn: stringList(json.DependsOn),
  });
  const units = top.map((json, i) => {
    const head = make(json, ["Steps", i], { kind: "top" });
    unitOf.set(head.name, head.name);
    const branches: ChainStep[][] = [];
    const args = json.Arguments;
    if (json.Type === "Condition" && isObject(args)) {
      for (const [key, branch] of [["IfSteps", "if"], ["ElseSteps", "else"]] as const) {
        const list = (Array.isArray(args[key]) ? args[key] : []).filter(isObject);
        const steps = list.map((step, j) => make(step, ["Steps", i, "Arguments", key, j], { kind: "branch", condition: head.name, branch }));
        for (const step of steps) unitOf.set(step.name, head.name);
        branches.push(steps);
      }
    }
    return { head, branches };
  });

  let reordered = false;
  const sortedUnits = stableTopological(units, (unit) => {
    const needs = new Set<string>();
    for (const step of [unit.head, ...unit.branches.flat()]) {
      for (const name of step.references) {
        const owner = unitOf.get(name);
        if (owner !== undefined && owner !== unit.head.name) needs.add(owner);
      }
    }
    return needs;
  }, (unit) => unit.head.name);
  if (sortedUnits.moved) reordered = true;

  const steps: ChainStep[] = [];
  for (const unit of sortedUnits.items) {
    steps.push(unit.head);
    for (const branch of unit.branches) {
      const names = new Set(branch.map((s) => s.name));
      const sorted = stableTopological(branch, (s) => new Set([...s.references].filter((n) => names.has(n) && n !== s.name)), (s) => s.name);
      if (sorted.moved) reordered = true;
      steps.push(...sorted.items);
    }
  }
  return { steps, reordered };
}

/** Items in a stable topological order of `needs` (the earliest ready item first); `moved` when it differs. */
function stableTopological<T>(items: readonly T[], needs: (item: T) => ReadonlySet<string>, key: (item: T) => string): { items: T[]; moved: boolean } {
  const placed = new Set<string>();
  const pending = [...items];
  const out: T[] = [];
  while (pending.length > 0) {
    let i = pending.findIndex((item) => [...needs(item)].every((n) => placed.has(n)));
    // a cycle (the validator reports them first): keep the document's order
    if (i < 0) i = 0;
    const [item] = pending.splice(i, 1) as [T];
    placed.add(key(item));
    out.push(item);
  }
  return { items: out, moved: out.some((item, i) => item !== items[i]) };
}

/** What a step needs to say about ordering: `dependsOn` and `after`, each only when needed. */
export interface OrderingOptions {
  readonly dependsOn?: readonly string[];
  readonly after?: readonly string[];
}

/**
 * Chooses `dependsOn` / `after` for each step so that the compiler emits exactly the definition's
 * `DependsOn`: it adds the chain's previous step unless a data reference already orders them, so
 * a step says nothing when the chain already does what the definition says. Mirrors the compiler's
 * rule (compile.ts, `DataOrdering`).
 */
export function orderingOptions(chain: readonly ChainStep[]): Map<string, OrderingOptions> {
  const edges = new Map<string, Set<string>>();
  for (const step of chain) {
    const waits = new Set(step.references);
    if (step.placement.kind === "branch") waits.add(step.placement.condition);
    edges.set(step.name, waits);
  }
  const orders = (from: string, before: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      for (const next of edges.get(stack.pop() as string) ?? []) {
        if (next === before) return true;
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return false;
  };

  const out = new Map<string, OrderingOptions>();
  const placed = new Set<string>();
  const placedOrder: string[] = [];
  // the step the chain puts before the next one, per scope
  let lastTop: string | undefined;
  let lastInBranch: string | undefined;
  let scope: string | undefined;
  for (const step of chain) {
    let previous: string | undefined;
    if (step.placement.kind === "top") {
      previous = lastTop;
    } else {
      const key = `${step.placement.condition}/${step.placement.branch}`;
      if (scope !== key) {
        scope = key;
        lastInBranch = undefined;
      }
      previous = lastInBranch;
    }
    const target = step.dependsOn;
    const unique = new Set(target).size === target.length;
    let options: OrderingOptions;
    if (previous === undefined || target.includes(previous) || orders(step.name, previous)) {
      // the chain adds nothing, or what the definition already lists: leave the last one to the chain
      const last = target.at(-1);
      options =
        unique && last !== undefined && last === previous && !orders(step.name, previous)
          ? { dependsOn: target.slice(0, -1) }
          : { dependsOn: target };
    } else {
      // the chain would add `previous`: replace it with `after`, naming the steps it would add itself
      let split = target.length;
      while (split > 0 && placed.has(target[split - 1] as string) && !orders(step.name, target[split - 1] as string)) split--;
      if (unique && split < target.length) {
        options = { dependsOn: target.slice(0, split), after: target.slice(split) };
      } else {
        // `after` a step it reads (which adds nothing) says where it starts better than `after: []`
        const read = [...placedOrder].reverse().find((name) => step.references.has(name));
        options = { dependsOn: target, after: read === undefined ? [] : [read] };
      }
    }
    out.set(step.name, {
      ...(options.dependsOn !== undefined && options.dependsOn.length > 0 ? { dependsOn: options.dependsOn } : {}),
      ...(options.after === undefined ? {} : { after: options.after }),
    });
    for (const name of target) edges.get(step.name)?.add(name);
    placed.add(step.name);
    placedOrder.push(step.name);
    if (step.placement.kind === "top") {
      lastTop = step.name;
      scope = undefined;
    } else {
      lastInBranch = step.name;
      // after a condition's branches, the chain continues after the condition (`.end()`)
      lastTop = step.placement.condition;
    }
  }
  return out;
}
