import fc from "fast-check";
import {
  DefinitionValidationError,
  ISSUE_CODES,
  SagepipeError,
  diffDefinitions,
  formatIssues,
  formatJsonPath,
  safeValidateDefinition,
  validateDefinition,
  type ValidateOptions,
  type ValidationResult,
} from "../../src/index.js";
import { fixturesDir, goldensDir, jsonFiles, readJson, stepsIn } from "./corpus.js";
import { wellFormed } from "./python-sdk.js";

// A mutation fuzzer for the readers of untrusted pipeline definitions (issue 13). It starts from
// real definitions (the test fixtures: the churn pipeline, the goldens and every definition and
// step the SageMaker Python SDK's own unit tests expect) and applies 1-3 mutations of the kinds
// hostile or broken input takes: type swaps, deletions, huge strings, deep nesting, keys that
// JavaScript objects treat specially, non-finite numbers and other values JSON cannot hold,
// duplicated names, and cycles (dependency cycles, long chains, objects that contain themselves).
//
// Used by test/validate/fuzz.test.ts (a property test in `npm test`) and by
// scripts/fuzz-validate.ts (`npm run fuzz:validate`, the long run whose result is in README).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Record<string, unknown> | unknown[];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The documents mutations start from: every definition in the fixtures and goldens, and a
 * definition around each step found in them (deduplicated by text).
 */
export function fuzzCorpus(): Json[] {
  // (the Python SDK's fixtures with their placeholders the API refuses made well formed, as the conformance tests read them)
  const parsed = [...jsonFiles(goldensDir), ...jsonFiles(fixturesDir)].map((file) => wellFormed(readJson(file)));
  const documents = parsed.flatMap((value) => (Array.isArray(value) ? value : [value])).filter((value) => isRecord(value) && "Version" in value);
  const wrapped = parsed.flatMap((value) => stepsIn(value)).map((step): Json => ({ Version: "2020-12-01", Metadata: {}, Parameters: [], Steps: [step] }));
  const seen = new Set<string>();
  return [...documents, ...wrapped].filter((doc) => {
    const text = JSON.stringify(doc);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** Every place in a value: a container and the key or index of one of its members (iterative). */
function places(root: unknown): Array<[Container, string | number]> {
  const out: Array<[Container, string | number]> = [];
  const stack: unknown[] = [root];
  while (stack.length > 0 && out.length < 50_000) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        out.push([value, i]);
        stack.push(item);
      });
    } else if (isRecord(value)) {
      for (const key of Object.keys(value)) {
        out.push([value, key]);
        stack.push(value[key]);
      }
    }
  }
  return out;
}

/** The step objects of a document: top level and Condition branches. */
function stepObjects(root: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const lists: unknown[] = isRecord(root) ? [root.Steps] : [];
  while (lists.length > 0 && out.length < 50_000) {
    const list = lists.pop();
    if (!Array.isArray(list)) continue;
    for (const step of list) {
      if (!isRecord(step)) continue;
      out.push(step);
      if (isRecord(step.Arguments)) lists.push(step.Arguments.IfSteps, step.Arguments.ElseSteps);
    }
  }
  return out;
}

/** A copy of a value; the value itself when it is too deep to copy (then it is shared). */
function copy<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/**
 * A copy of a mutated document made apart from it (nothing shared but what cannot be copied: class
 * instances, functions), with its cycles, its `__proto__` keys and its depth; iterative.
 */
export function twinOf(root: unknown): unknown {
  const copies = new Map<object, unknown>();
  const pending: Array<[object, Record<string, unknown> | unknown[]]> = [];
  const copyOf = (value: unknown): unknown => {
    if (typeof value !== "object" || value === null) return value;
    const known = copies.get(value);
    if (known !== undefined) return known;
    const prototype: unknown = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return value;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? new Array<unknown>(value.length) : prototype === null ? (Object.create(null) as Record<string, unknown>) : {};
    copies.set(value, copy);
    pending.push([value, copy]);
    return copy;
  };
  const out = copyOf(root);
  while (pending.length > 0) {
    const [source, target] = pending.pop() as [object, Record<string, unknown> | unknown[]];
    if (Array.isArray(source)) {
      for (let i = 0; i < source.length; i++) if (i in source) (target as unknown[])[i] = copyOf(source[i]);
    } else {
      for (const key of Object.keys(source)) define(target as Record<string, unknown>, key, copyOf((source as Record<string, unknown>)[key]));
    }
  }
  return out;
}

/** Sets an own enumerable key, `__proto__` included (plain assignment would set the prototype). */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** How big the mutations may make things. */
export interface FuzzLimits {
  /** The longest huge string (characters). */
  readonly maxString: number;
  /** The deepest nesting added. */
  readonly maxDepth: number;
  /** The most steps added by one mutation. */
  readonly maxSteps: number;
}

export const FULL_LIMITS: FuzzLimits = { maxString: 900_000, maxDepth: 20_000, maxSteps: 5_000 };

const TYPE_SWAPS: readonly unknown[] = [
  null, 0, -1, 1.5, 2 ** 53 + 2, "", "x", "Parameters.X", true, false, [], {}, [1, "a", null], { a: 1 },
  { Get: null }, { Get: 42 }, { Get: true }, { Get: { Get: "x" } }, { Get: ["Parameters.X"] }, { Get: "" }, { Get: "Steps." },
  { Get: "Steps.X" }, { Get: "Steps.Train.PropertyFiles." }, { Get: "Parameters.__proto__" }, { Get: "Steps.constructor.Properties" },
  { "Std:Join": null }, { "Std:Join": { On: 1, Values: "x" } }, { "Std:Join": { On: "", Values: [{ Get: null }] } },
  { "Std:JsonGet": { PropertyFile: { Get: 1 }, Path: null } }, { "Std:JsonGet": { PropertyFile: "x", Path: "a" } },
  { Type: "Not", Condition: null }, { Type: "Or", Conditions: [{ Type: "Equals", LeftValue: { Get: null }, RightValue: 1 }] },
  { Type: "In", QueryValue: { Get: 7 }, Values: [{ Get: null }] }, { Type: "Equals", LeftValue: { Get: {} }, RightValue: { Get: [] } },
];

const NON_JSON: readonly (() => unknown)[] = [
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => Number.NEGATIVE_INFINITY,
  () => -0,
  () => undefined,
  () => 10n,
  () => () => "a function",
  () => Symbol("s"),
  () => new Date(0),
  () => new Map([["a", 1]]),
  () => [1, undefined, 3],
  () => Object.create(null) as unknown,
  () => ({ toJSON: () => "not what it looks like" }),
];

const SPECIAL_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "then"] as const;

/** One mutation: a kind and the random choices it needs. */
export interface Mutation {
  readonly kind: MutationKind;
  readonly pick: number;
  readonly other: number;
  readonly size: number;
  readonly variant: number;
}

export const MUTATION_KINDS = [
  "type-swap",
  "delete",
  "huge-string",
  "deep-nesting",
  "special-key",
  "non-finite",
  "duplicate-name",
  "cycle",
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** Random mutations of a document, 1-3 at a time (sizes are capped by the limits when applied). */
export function mutationsArbitrary(): fc.Arbitrary<readonly Mutation[]> {
  const one: fc.Arbitrary<Mutation> = fc.record({
    kind: fc.constantFrom(...MUTATION_KINDS),
    pick: fc.nat(),
    other: fc.nat(),
    // sizes spread over orders of magnitude: most small, some at the limit
    size: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 100 }) }, fc.integer({ min: 100, max: 5_000 }), fc.integer({ min: 5_000, max: 1_000_000 })),
    variant: fc.nat({ max: 1_000 }),
  });
  return fc.array(one, { minLength: 1, maxLength: 3 });
}

/** Applies mutations to a (cloned) document, in place where it can; returns the new root. */
export function applyMutations(root: Json, mutations: readonly Mutation[], limits: FuzzLimits): unknown {
  let current: unknown = root;
  for (const mutation of mutations) current = applyOne(current, mutation, limits);
  return current;
}

function hugeString(size: number, variant: number, base: string): string {
  const length = Math.max(1, size);
  switch (variant % 6) {
    case 0:
      return "a".repeat(length);
    case 1:
      // close to a real name: "did you mean" compares it with every candidate
      return base + "x".repeat(length);
    case 2:
      return "\u001b[31m\u0007\r\n\u202e\u0000".repeat(Math.ceil(length / 9)).slice(0, length);
    case 3:
      return "😀é中".repeat(Math.ceil(length / 4)).slice(0, length);
    case 4:
      return `Steps.${"A".repeat(length)}.Properties`;
    default:
      return `${"Parameters.".repeat(Math.ceil(length / 11))}`.slice(0, length);
  }
}

function nest(value: unknown, depth: number, variant: number): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) {
    switch (variant % 7) {
      case 0:
        out = [out];
        break;
      case 1:
        out = { a: out };
        break;
      case 2:
        out = { Get: out };
        break;
      case 3:
        out = { Type: "Not", Condition: out };
        break;
      case 4:
        out = { "Std:Join": { On: "", Values: [out] } };
        break;
      case 5:
        out = { Type: "Or", Conditions: [out] };
        break;
      default:
        out = i % 2 === 0 ? [out] : { k: out };
    }
  }
  return out;
}

/**
 * A value as text for a mutation: the string itself, or "X". An earlier mutation can leave any
 * value in a name (an object with a null prototype or a throwing toString, a symbol), and String()
 * throws on some of them: the fuzzer must not fail where the reader under test is never called.
 */
const textOf = (value: unknown): string => (typeof value === "string" ? value : "X");

function applyOne(root: unknown, mutation: Mutation, limits: FuzzLimits): unknown {
  // (worked out for the kinds that use them: walking the document is most of a small case's cost)
  const needsPlaces = mutation.kind !== "duplicate-name" && !(mutation.kind === "cycle" && mutation.variant % 4 !== 3) && !(mutation.kind === "huge-string" && mutation.variant % 4 === 0);
  const all = needsPlaces ? places(root) : [];
  const place = all.length === 0 ? undefined : all[mutation.pick % all.length];
  const steps = mutation.kind === "duplicate-name" || mutation.kind === "cycle" || mutation.kind === "huge-string" ? stepObjects(root) : [];
  const stepList = isRecord(root) && Array.isArray(root.Steps) ? (root.Steps as unknown[]) : undefined;
  switch (mutation.kind) {
    case "type-swap": {
      const swap = copy(TYPE_SWAPS[mutation.variant % TYPE_SWAPS.length]);
      if (place === undefined) return swap;
      const [container, at] = place;
      (container as Record<string | number, unknown>)[at] = swap;
      return root;
    }
    case "delete": {
      if (place === undefined) return root;
      const [container, at] = place;
      if (Array.isArray(container)) container.splice(at as number, 1);
      else delete container[at as string];
      return root;
    }
    case "huge-string": {
      const size = Math.min(mutation.size, limits.maxString);
      const variant = mutation.variant % 4;
      // a step name, a key, or a value
      if (variant === 0 && steps.length > 0) {
        const step = steps[mutation.other % steps.length] as Record<string, unknown>;
        step.Name = hugeString(size, mutation.variant, typeof step.Name === "string" ? step.Name : "");
        return root;
      }
      if (place === undefined) return root;
      const [container, at] = place;
      if (variant === 1 && !Array.isArray(container)) {
        const value = container[at as string];
        delete container[at as string];
        define(container, hugeString(size, mutation.variant, String(at)), value);
        return root;
      }
      const current = (container as Record<string | number, unknown>)[at];
      (container as Record<string | number, unknown>)[at] = hugeString(size, mutation.variant, typeof current === "string" ? current : "");
      return root;
    }
    case "deep-nesting": {
      const depth = Math.min(mutation.size, limits.maxDepth);
      if (place === undefined) return nest(root, depth, mutation.variant);
      const [container, at] = place;
      const target = container as Record<string | number, unknown>;
      target[at] = nest(target[at], depth, mutation.variant);
      return root;
    }
    case "special-key": {
      const key = SPECIAL_KEYS[mutation.variant % SPECIAL_KEYS.length] as string;
      const objects = all.map(([container, at]) => (container as Record<string | number, unknown>)[at]).filter(isRecord);
      if (isRecord(root)) objects.push(root);
      const target = objects[mutation.other % Math.max(objects.length, 1)];
      if (target === undefined) return root;
      const value = mutation.size % 3 === 0 ? { polluted: true } : mutation.size % 3 === 1 ? "x" : [1];
      if (mutation.size % 2 === 0) {
        // rename an existing key
        const keys = Object.keys(target);
        const old = keys[mutation.pick % Math.max(keys.length, 1)];
        if (old !== undefined) {
          const moved = target[old];
          delete target[old];
          define(target, key, moved);
          return root;
        }
      }
      define(target, key, value);
      return root;
    }
    case "non-finite": {
      const value = (NON_JSON[mutation.variant % NON_JSON.length] as () => unknown)();
      if (place === undefined) return value;
      const [container, at] = place;
      (container as Record<string | number, unknown>)[at] = value;
      return root;
    }
    case "duplicate-name": {
      if (steps.length === 0) return root;
      const step = steps[mutation.pick % steps.length] as Record<string, unknown>;
      const other = steps[mutation.other % steps.length] as Record<string, unknown>;
      switch (mutation.variant % 4) {
        case 0:
          // a second step with the same name, top level
          stepList?.push(copy(step));
          return root;
        case 1:
          step.Name = other.Name;
          return root;
        case 2: {
          // many steps (a quadratic rule shows here), some names repeated
          const count = Math.min(mutation.size, limits.maxSteps);
          for (let i = 0; i < count; i++) stepList?.push({ Name: `S${i % (1 + (mutation.other % 3 === 0 ? 10 : count))}`, Type: "Fail", Arguments: { ErrorMessage: "x" } });
          return root;
        }
        default: {
          const parameters = isRecord(root) && Array.isArray(root.Parameters) ? root.Parameters : undefined;
          const first = parameters?.[0];
          if (first !== undefined) parameters?.push(copy(first));
          else step.Name = "Name";
          return root;
        }
      }
    }
    case "cycle": {
      switch (mutation.variant % 4) {
        case 0: {
          // two steps that wait for each other
          if (steps.length === 0) return root;
          const a = steps[mutation.pick % steps.length] as Record<string, unknown>;
          const b = steps[mutation.other % steps.length] as Record<string, unknown>;
          a.DependsOn = [...(Array.isArray(a.DependsOn) ? a.DependsOn : []), b.Name];
          b.DependsOn = [...(Array.isArray(b.DependsOn) ? b.DependsOn : []), a.Name];
          return root;
        }
        case 1: {
          // a step that reads its own property
          if (steps.length === 0) return root;
          const a = steps[mutation.pick % steps.length] as Record<string, unknown>;
          a.Arguments = { ...(isRecord(a.Arguments) ? a.Arguments : {}), Self: { Get: `Steps.${textOf(a.Name)}.Properties.X` } };
          return root;
        }
        case 2: {
          // a long chain of steps, each waiting for the next (a recursive walk of it overflows)
          const count = Math.min(mutation.size, limits.maxSteps);
          for (let i = 0; i < count; i++) stepList?.push({ Name: `Chain${i}`, Type: "Fail", DependsOn: [`Chain${i + 1 === count && mutation.other % 2 === 0 ? 0 : i + 1}`], Arguments: { ErrorMessage: "x" } });
          return root;
        }
        default: {
          // an object that contains itself (plain JavaScript can pass one)
          if (place === undefined) return root;
          const [container] = place;
          if (Array.isArray(container)) container.push(container);
          else define(container, "Self", mutation.other % 2 === 0 ? container : root);
          return root;
        }
      }
    }
    default:
      return root;
  }
}

/**
 * True when a value is JSON data as JSON.parse could make it (own `__proto__` keys included): no
 * undefined, no non-finite number (-0 is 0 in JSON), no cycle, only plain objects (a null prototype
 * too) and arrays. `undefined` object
 * members are allowed (they count as absent). Iterative, so any depth is fine.
 */
export function isJsonData(root: unknown): boolean {
  // a depth-first walk with an explicit stack; an "exit" entry takes an object off the ancestors
  const ancestors = new Set<object>();
  const stack: Array<{ value: unknown; inArray: boolean } | { exit: object }> = [{ value: root, inArray: true }];
  while (stack.length > 0) {
    const entry = stack.pop() as { value: unknown; inArray: boolean } | { exit: object };
    if ("exit" in entry) {
      ancestors.delete(entry.exit);
      continue;
    }
    const { value, inArray } = entry;
    if (value === undefined) {
      if (inArray) return false;
      continue;
    }
    if (value === null || typeof value === "string" || typeof value === "boolean") continue;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return false;
      continue;
    }
    if (typeof value !== "object" || ancestors.has(value)) return false;
    ancestors.add(value);
    stack.push({ exit: value });
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], inArray: true });
      continue;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return false;
    for (const key of Object.keys(value)) stack.push({ value: (value as Record<string, unknown>)[key], inArray: false });
  }
  return true;
}

/** The longest a message may be: a short text plus excerpts of the values it quotes. */
export const MAX_MESSAGE_LENGTH = 2_000;
// C0 and C1 control characters, and the bidirectional overrides and isolates
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** What is wrong with a validation result, as sentences; empty when it is sound. */
export function resultProblems(input: unknown, result: ValidationResult, json: boolean): string[] {
  const problems: string[] = [];
  if (result.success) {
    if (result.issues.length !== 0) problems.push("success with issues");
    if (!json) problems.push("accepted a value JSON cannot hold");
    else {
      const before = JSON.stringify(input);
      const after = JSON.stringify(result.definition);
      if (before !== after) problems.push(`accepted document does not round-trip: ${firstDifference(before, after)}`);
    }
    return problems;
  }
  if (result.issues.length === 0) problems.push("failure without issues");
  for (const issue of result.issues) {
    if (!(ISSUE_CODES as readonly string[]).includes(issue.code)) problems.push(`unknown issue code ${issue.code}`);
    if (!Array.isArray(issue.path) || !issue.path.every((s) => typeof s === "string" || (typeof s === "number" && Number.isInteger(s) && s >= 0))) {
      problems.push(`malformed path ${String(issue.path)}`);
    } else if (issue.jsonPath !== formatJsonPath(issue.path)) problems.push(`jsonPath ${issue.jsonPath.slice(0, 80)} does not match its path`);
    if (typeof issue.message !== "string" || issue.message.length === 0) problems.push("empty message");
    else if (issue.message.length > MAX_MESSAGE_LENGTH) problems.push(`message of ${issue.message.length} characters (${issue.code}): ${issue.message.slice(0, 100)}`);
    else if (RAW_CONTROL.test(issue.message)) problems.push(`raw control character in a message (${issue.code}): ${JSON.stringify(issue.message.slice(0, 100))}`);
    if (issue.step !== undefined && typeof issue.step !== "string") problems.push("step is not a string");
  }
  const text = formatIssues(result.issues);
  if (RAW_CONTROL.test(text)) problems.push("raw control character in formatIssues");
  if (text.length > result.issues.length * (MAX_MESSAGE_LENGTH + 1_000)) problems.push(`formatIssues is ${text.length} characters for ${result.issues.length} issues`);
  return problems;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 30), i + 30))} vs ${JSON.stringify(b.slice(Math.max(0, i - 30), i + 30))}`;
}

/** The outcome of one fuzz case: what went wrong, and how long each validation took. */
export interface CaseOutcome {
  readonly problems: readonly string[];
  readonly thrown: readonly string[];
  readonly milliseconds: readonly number[];
  readonly accepted: number;
  readonly size: number;
}

/** Strict and loose validation. */
export const MODES: readonly ValidateOptions[] = [{}, { arguments: "loose" }];

/**
 * Validates a mutated document strict and loose, and diffs it against its original and against
 * `twin` (the same mutations applied to another copy): what went wrong.
 */
export function runCase(
  original: Json,
  mutated: unknown,
  twin?: unknown,
  options: { readonly validateDefinition?: boolean; readonly modes?: readonly ValidateOptions[] } = {},
): CaseOutcome {
  const json = isJsonData(mutated);
  const problems: string[] = [];
  const thrown: string[] = [];
  const milliseconds: number[] = [];
  let accepted = 0;
  let size = -1;
  try {
    size = JSON.stringify(mutated)?.length ?? 0;
  } catch {
    size = -1;
  }
  for (const mode of options.modes ?? MODES) {
    const start = performance.now();
    let result: ValidationResult | undefined;
    try {
      result = safeValidateDefinition(mutated, mode);
    } catch (error) {
      thrown.push(`safeValidateDefinition${mode.arguments === "loose" ? " (loose)" : ""}: ${describeError(error)}`);
    }
    milliseconds.push(performance.now() - start);
    if (result === undefined) continue;
    if (result.success) accepted++;
    problems.push(...resultProblems(mutated, result, json));
    if (result.success && json) {
      // what was accepted validates again from its JSON text
      const again = safeValidateDefinition(JSON.parse(JSON.stringify(result.definition)), mode);
      if (!again.success) problems.push(`accepted document fails from its JSON text: ${again.issues[0]?.code}`);
    }
  }
  if (options.validateDefinition !== false) {
    try {
      validateDefinition(mutated);
    } catch (error) {
      if (!(error instanceof DefinitionValidationError)) thrown.push(`validateDefinition: ${describeError(error)}`);
    }
  }
  try {
    const diff = diffDefinitions(original, mutated);
    // what a diff reports is data of the documents (not an inherited `constructor` or prototype)
    const changes = [...diff.other, ...diff.steps.changed.flatMap((step) => step.changes), ...diff.parameters.changed.flatMap((parameter) => parameter.changes)];
    for (const change of changes) {
      for (const side of ["before", "after"] as const) {
        if (side in change && !isJsonData(change[side])) problems.push(`diff reports a ${side} value that is not data of the documents at ${change.pathText.slice(0, 80)}`);
      }
    }
  } catch (error) {
    if (!(error instanceof SagepipeError)) thrown.push(`diffDefinitions: ${describeError(error)}`);
  }
  if (twin !== undefined) {
    try {
      // two equal documents (made apart, so that nothing is the same object) have no differences
      const diff = diffDefinitions(mutated, twin);
      if (json && diff.changed) problems.push(`diff of two equal documents reports changes: ${JSON.stringify(diff).slice(0, 200)}`);
    } catch (error) {
      if (!(error instanceof SagepipeError)) thrown.push(`diffDefinitions (twin): ${describeError(error)}`);
    }
  }
  return { problems, thrown, milliseconds, accepted, size };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${String(error.message).slice(0, 120)}`;
  try {
    return String(error).slice(0, 120);
  } catch {
    return `a thrown ${typeof error} without a string form`;
  }
}
