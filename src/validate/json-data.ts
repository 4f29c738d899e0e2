import { excerpt } from "../text.js";
import { formatJsonPath, type IssueCode, type PathSegment } from "./issues.js";

// The first thing done with an untrusted value: read it once, without recursion, into a copy that
// is certainly JSON data of bounded depth and size, so that everything after it (zod, the rules,
// JSON.stringify) can walk it recursively without a stack overflow, a cycle, a getter that throws
// or a value that JSON would silently change.

/**
 * The deepest a definition may nest: containers more than this many levels below the root are
 * reported (`too-deep`) rather than walked. Real definitions nest about 14 levels (the deepest in
 * the Python SDK's fixtures and sagepipe's goldens); the limit leaves room for deeply nested
 * conditions and joins while keeping every recursive reader far from the stack limit.
 */
export const MAX_DEPTH = 100;

/**
 * The deepest JSON a step's script may write for sagepipe to read (property files, metrics reports):
 * data, not a definition, so deeper than a definition may nest, and still far from the depth at
 * which JSON.stringify and the other recursive readers overflow the stack (about 4,000 levels).
 */
export const MAX_DATA_DEPTH = 1_000;

/**
 * The deepest a file sagepipe writes and reads back (run records, local registry and cache entries)
 * may nest: the data it holds (at most {@link MAX_DATA_DEPTH}) a few levels down.
 */
export const MAX_FILE_DEPTH = 1_100;

/** A problem with the data itself, found while reading it. */
export interface DataIssue {
  readonly code: Extract<IssueCode, "too-deep" | "not-json" | "definition-too-large" | "unsupported-key">;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/** What {@link readJsonData} found. */
export interface JsonData {
  /**
   * The value as plain JSON data: new plain objects and arrays, own enumerable string keys in their
   * order (`__proto__` included, as an own key), members that hold `undefined` left out. What is not
   * JSON data, and containers nested too deep, are `null` in it. Undefined when the walk stopped
   * because the value holds more than `maxValues` values.
   */
  readonly copy: unknown;
  readonly issues: readonly DataIssue[];
  /** The paths of the values the copy holds `null` for (each reported in `issues`). */
  readonly replaced: readonly (readonly PathSegment[])[];
}

/** How {@link readJsonData} reads. */
export interface ReadOptions {
  /**
   * Report `__proto__` keys (`unsupported-key`) and leave them out of the copy, rather than copy
   * them as own keys. A definition that will be read in JavaScript cannot carry one safely.
   */
  readonly rejectProtoKeys?: boolean;
  /** The deepest a container may nest below the root (default {@link MAX_DEPTH}). */
  readonly maxDepth?: number;
}

/** A container being copied: where it is, so that a path is built only for an issue. */
interface Frame {
  readonly parent: Frame | undefined;
  readonly key: PathSegment;
  readonly depth: number;
  readonly source: object;
}

/** The path of `key` in the container of `frame` (the root when there is no frame). */
const pathOf = (frame: Frame | undefined, key?: PathSegment): PathSegment[] => {
  if (frame === undefined) return [];
  const path: PathSegment[] = key === undefined ? [] : [key];
  for (let at: Frame | undefined = frame; at?.parent !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
};

/**
 * Sets `key` as an own enumerable data property: `__proto__` too, which plain assignment would take
 * as the object's prototype (dropping the key, or changing the prototype).
 *
 * @example
 * ```ts
 * setOwn(out, key, value); // for keys that come from a document or a caller
 * ```
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Why a leaf is not JSON data, or undefined when it is. */
function leafProblem(value: unknown, inList: boolean): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `${String(value)} is not a JSON number (JSON would write null): use a finite number`;
    case "undefined":
      return inList ? "undefined in a list is not JSON data (JSON would write null): remove it or use null" : undefined;
    case "bigint":
      return "a BigInt is not JSON data: use a number or a string";
    case "function":
      return "a function is not JSON data (JSON would leave it out): pass its result instead";
    case "symbol":
      return "a symbol is not JSON data (JSON would leave it out)";
    default:
      return value === null ? undefined : "not JSON data";
  }
}

/** The name of an object's class, for a message; "" when it cannot be read. */
function className(value: object): string {
  try {
    const name: unknown = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === "string" && name !== "" ? excerpt(name, 40) : "";
  } catch {
    return "";
  }
}

/** True for an object JSON.parse could make: its prototype is null or some realm's Object.prototype. */
function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/**
 * Reads an untrusted value into plain JSON data, with an explicit stack (any depth is read without
 * recursion) and in bounded work: it stops after `maxValues` values (each value takes at least one
 * character of JSON text, so a value with more cannot fit a document of `maxValues` characters).
 * Never throws: a getter or proxy that throws is reported as a value that cannot be read.
 *
 * @example
 * ```ts
 * readJsonData({ a: [1, Number.NaN] }, 1_000_000).issues // [{ code: "not-json", path: ["a", 1], ... }]
 * ```
 */
export function readJsonData(value: unknown, maxValues: number, options: ReadOptions = {}): JsonData {
  const issues: DataIssue[] = [];
  const replaced: PathSegment[][] = [];
  const report = (code: DataIssue["code"], path: PathSegment[], message: string) => {
    issues.push({ code, path, message });
    replaced.push(path);
  };
  let values = 0;
  const maxDepth = options.maxDepth ?? MAX_DEPTH;
  // the containers still to copy: each with the copy to fill
  const pending: Array<{ frame: Frame; target: Record<string, unknown> | unknown[] }> = [];

  /** The copy of `item` found at `key` of `parent` (null, and reported, when it is not JSON data). */
  const take = (item: unknown, parent: Frame | undefined, key: PathSegment, inList: boolean): unknown => {
    if (typeof item !== "object" || item === null) {
      const problem = leafProblem(item, inList);
      if (problem === undefined) return item;
      report("not-json", pathOf(parent, key), problem);
      return null;
    }
    const depth = parent === undefined ? 0 : parent.depth + 1;
    if (depth > maxDepth) {
      report("too-deep", pathOf(parent, key), `this value is nested more than ${maxDepth} levels deep: a pipeline definition nests far less (a value that contains itself nests endlessly); flatten it`);
      return null;
    }
    for (let at = parent; at !== undefined; at = at.parent) {
      if (at.source === item) {
        report("not-json", pathOf(parent, key), "this object contains itself (a cycle), which JSON cannot hold");
        return null;
      }
    }
    const isList = Array.isArray(item);
    if (!isList && !isPlainObject(item)) {
      const name = className(item);
      report("not-json", pathOf(parent, key), `${name === "" ? "this object" : `a ${name} object`} is not JSON data: use plain objects and arrays, as JSON.parse makes them`);
      return null;
    }
    const frame: Frame = { parent, key, depth, source: item };
    const target: Record<string, unknown> | unknown[] = isList ? [] : {};
    pending.push({ frame, target });
    return target;
  };

  let copy: unknown;
  try {
    copy = take(value, undefined, "", false);
  } catch (error) {
    report("not-json", [], `this value cannot be read: ${excerpt(error instanceof Error ? error.message : String(error))}`);
    return { copy: null, issues, replaced };
  }
  while (pending.length > 0) {
    const { frame, target } = pending.pop() as (typeof pending)[number];
    const source = frame.source;
    // the containers found in this one are pushed in order and then reversed, so that the first is
    // read next: issues come in document order
    const found = pending.length;
    try {
      if (Array.isArray(source)) {
        const list = target as unknown[];
        const length = source.length;
        for (let i = 0; i < length; i++) {
          if (++values > maxValues) return tooLarge(issues, maxValues);
          list.push(take(source[i], frame, i, true));
        }
      } else {
        const object = target as Record<string, unknown>;
        for (const key of Object.keys(source)) {
          if (++values > maxValues) return tooLarge(issues, maxValues);
          if (key === "__proto__" && options.rejectProtoKeys === true) {
            report("unsupported-key", pathOf(frame, key), PROTO_KEY_MESSAGE);
            continue;
          }
          const item: unknown = (source as Record<string, unknown>)[key];
          if (item !== undefined) setOwn(object, key, take(item, frame, key, false));
        }
      }
    } catch (error) {
      report("not-json", pathOf(frame), `this value cannot be read: ${excerpt(error instanceof Error ? error.message : String(error))}`);
    }
    reverseFrom(pending, found);
  }
  return { copy, issues, replaced };
}

/**
 * Where JSON data parsed from untrusted text (`JSON.parse` reads any depth without recursion) nests
 * deeper than `maxDepth`, as "nested more than N levels deep at <JSONPath>"; undefined when it does
 * not. Bounded by the text's length (each value takes at least one of its characters) and iterative.
 *
 * @example
 * ```ts
 * tooDeepAt(JSON.parse(text), text.length, MAX_DATA_DEPTH) // "nested more than 1000 levels deep at $.metrics.a.a…"
 * ```
 */
export function tooDeepAt(parsed: unknown, textLength: number, maxDepth: number): string | undefined {
  const issue = readJsonData(parsed, textLength + 1, { maxDepth }).issues[0];
  return issue === undefined ? undefined : `nested more than ${maxDepth} levels deep at ${excerpt(formatJsonPath(issue.path), 200)}`;
}

/** Reverses the end of a list, from `start`, in place. */
function reverseFrom(list: unknown[], start: number): void {
  for (let i = start, j = list.length - 1; i < j; i++, j--) [list[i], list[j]] = [list[j], list[i]];
}

const PROTO_KEY_MESSAGE =
  'the key "__proto__" is not supported: JavaScript takes it for an object\'s prototype, so readers of the definition in JavaScript (the AWS SDK for JavaScript, sagepipe\'s local runner) would drop it or change the object; rename it';

function tooLarge(issues: readonly DataIssue[], maxValues: number): JsonData {
  const issue: DataIssue = {
    code: "definition-too-large",
    path: [],
    message: `the definition holds more than ${maxValues} values, so its JSON text is longer than the limit of ${maxValues} characters: remove unused steps or inline data`,
  };
  return { copy: undefined, issues: [...issues.slice(0, 100), issue], replaced: [] };
}

/**
 * True when `path` is `prefix` or lies under it.
 *
 * @example
 * ```ts
 * isUnder(["Steps", 0, "Name"], ["Steps", 0]) // true
 * ```
 */
export function isUnder(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  if (path.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}
