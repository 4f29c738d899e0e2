import type { PathSegment } from "./issues.js";
import { EXECUTION_VARIABLES, onlyKey } from "../definition/expressions.js";
import { isObject, type IndexedStep, type JsonObject } from "./step-index.js";

/** A parsed `Get` reference. */
export type Reference =
  | { readonly root: "Parameters"; readonly name: string }
  | { readonly root: "Steps"; readonly step: string; readonly property: string }
  | { readonly root: "Execution"; readonly name: string }
  | { readonly root: "PipelineExperimentConfig"; readonly name: string };

/**
 * A `Get` found in a step. Where it is (its path) is worked out only when an issue needs it
 * ({@link stepReferencePath}): a compile finds every reference of every step, and a path each
 * would be most of what finding them allocates.
 */
export interface FoundReference {
  readonly reference: Reference;
  /** True for the `PropertyFile` of a `Std:JsonGet`. */
  readonly propertyFile: boolean;
  /** Which `Get` of the step it is, counted in document order from 0 (a malformed `Get` counts too). */
  readonly ordinal: number;
}

/** A `Get` found in a value, with its path. */
export interface LocatedReference {
  readonly reference: Reference;
  readonly path: readonly PathSegment[];
  /** True for the `PropertyFile` of a `Std:JsonGet`. */
  readonly propertyFile: boolean;
}

/** True for the characters of a step name: `[A-Za-z0-9\-_]`. */
function isNameCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 45 || code === 95;
}

/**
 * The key of `<prefix>['<key>']` at the start of a property path (the whole of it when `whole`), as
 * `/^<prefix>\['([^']*)'\]/` (with `$` when `whole`) reads it; undefined when it is not one.
 *
 * @example
 * ```ts
 * quotedKey("OutputParameters['status']", "OutputParameters", true) // "status"
 * ```
 */
export function quotedKey(property: string, prefix: string, whole: boolean): string | undefined {
  if (!property.startsWith(prefix) || !property.startsWith("['", prefix.length)) return undefined;
  const start = prefix.length + 2;
  const end = property.indexOf("'", start);
  if (end < 0 || property.charCodeAt(end + 1) !== 93 /* ] */ || (whole && end + 2 !== property.length)) return undefined;
  return property.slice(start, end);
}

/** Where the step name of a `Steps.<name><rest>` reference ends; undefined for other texts. */
function stepNameEnd(text: string): number | undefined {
  if (!text.startsWith("Steps.")) return undefined;
  let end = 6;
  while (end < text.length && isNameCode(text.charCodeAt(end))) end++;
  return end > 6 ? end : undefined;
}

/** The step a `Get` text references (`parseReference(text)?.step` for a step reference), or undefined. */
export function referencedStep(text: string): string | undefined {
  const end = stepNameEnd(text);
  return end === undefined ? undefined : text.slice(6, end);
}

/** The references to execution variables, parsed once: nearly every step of a pipeline has some. */
const EXECUTION_REFERENCES: ReadonlyMap<string, Reference> = new Map(
  EXECUTION_VARIABLES.map((name) => [`Execution.${name}`, Object.freeze({ root: "Execution" as const, name })]),
);

/**
 * Parses the string of a `{"Get": ...}`; undefined when it does not follow the grammar.
 * `Steps.<name><rest>` is what `/^Steps\.([A-Za-z0-9\-_]+)([\s\S]*)$/` matches (read by hand: it runs
 * for every reference of every compile), with the property being `rest` without its leading dot. A
 * line break in `rest` is part of the property (the rules then find no such property), not a reason
 * to leave the reference unchecked.
 */
export function parseReference(text: string): Reference | undefined {
  const known = EXECUTION_REFERENCES.get(text);
  if (known !== undefined) return known;
  const end = stepNameEnd(text);
  if (end !== undefined) {
    return { root: "Steps", step: text.slice(6, end), property: text.charCodeAt(end) === 46 ? text.slice(end + 1) : text.slice(end) };
  }
  const dot = text.indexOf(".");
  if (dot < 0) return undefined;
  const root = text.slice(0, dot);
  const name = text.slice(dot + 1);
  if (root === "Parameters" || root === "Execution" || root === "PipelineExperimentConfig") return { root, name };
  return undefined;
}

/** Every `Get` in a value, in document order, with its path (from `base`, where the value is). */
export function collectReferences(value: unknown, base: readonly PathSegment[]): LocatedReference[] {
  const found: LocatedReference[] = [];
  const path = [...base];
  locateGets(value, path, false, (text, propertyFile) => {
    const reference = parseReference(text);
    if (reference !== undefined) found.push({ reference, path: [...path, "Get"], propertyFile });
    return false;
  });
  return found;
}

/** True for `{"Get": "<text>"}` (one key, a string). */
function isGet(data: JsonObject): data is JsonObject & { readonly Get: string } {
  return typeof data.Get === "string" && onlyKey(data) === "Get";
}

/**
 * The `Get`s of `data` and what it holds, in document order, added to `found`; `ordinal` counts
 * every `Get` seen. (One collector serves every step: walks do not nest.)
 */
class GetCollector {
  ordinal = 0;
  readonly found: FoundReference[] = [];
  /** Whether references to execution variables are left out (still counted by `ordinal`). */
  withExecution = true;

  /** What was found since the last call, as a list of its own (of its exact size). */
  take(): readonly FoundReference[] {
    this.ordinal = 0;
    if (this.found.length === 0) return NONE;
    const found = this.found.slice();
    this.found.length = 0;
    return found;
  }

  add(data: unknown, propertyFile: boolean): void {
    if (typeof data !== "object" || data === null) return;
    if (Array.isArray(data)) {
      for (let i = 0; i < data.length; i++) this.add(data[i], false);
      return;
    }
    // one pass over the keys: an object with the one key "Get" holding a string is a Get (the
    // string it holds has nothing to walk, so walking it first changes nothing)
    const object = data as JsonObject;
    let keys = 0;
    let text: string | undefined;
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      keys++;
      const value = object[key];
      if (typeof value === "object") this.add(value, key === "PropertyFile");
      else if (key === "Get" && typeof value === "string") text = value;
    }
    if (keys === 1 && text !== undefined) {
      const reference = parseReference(text);
      if (reference !== undefined && (this.withExecution || reference.root !== "Execution")) this.found.push({ reference, propertyFile, ordinal: this.ordinal });
      this.ordinal++;
    }
  }
}

/**
 * Walks `data` in document order, `path` (where `data` is) extended as it goes down, and calls
 * `visit` with each `Get` text (its path then ends with the object that holds it); stops and returns
 * true when `visit` does. `path` is the same list when it returns false.
 */
function locateGets(data: unknown, path: PathSegment[], propertyFile: boolean, visit: (text: string, propertyFile: boolean) => boolean): boolean {
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      path.push(i);
      if (locateGets(data[i], path, false, visit)) return true;
      path.pop();
    }
    return false;
  }
  if (!isObject(data)) return false;
  if (isGet(data)) return visit(data.Get, propertyFile);
  for (const key in data) {
    if (!Object.hasOwn(data, key)) continue;
    path.push(key);
    if (locateGets(data[key], path, key === "PropertyFile", visit)) return true;
    path.pop();
  }
  return false;
}

/** The parts of a step that {@link stepReferences} reads, with their paths from the step (a Condition step's branches left out). */
function referenceParts(step: IndexedStep, each: (value: unknown, keys: readonly string[]) => boolean): void {
  for (const key in step.value) {
    if (!Object.hasOwn(step.value, key)) continue;
    const value = step.value[key];
    const stop = key === "Arguments" && step.type === "Condition" && isObject(value) ? each(value.Conditions, ["Arguments", "Conditions"]) : each(value, [key]);
    if (stop) return;
  }
}

/** The `Get`s of one step, leaving out the steps nested in a Condition step's branches. */
export function stepReferences(step: IndexedStep): readonly FoundReference[] {
  return collectStepReferences(step, true);
}

/**
 * {@link stepReferences} without the references to execution variables (`Execution.*`), which
 * always resolve and which the rules do not read (nearly every step has some: a default output
 * location has two): what the validator's rules take.
 */
export function ruleReferences(step: IndexedStep): readonly FoundReference[] {
  return collectStepReferences(step, false);
}

function collectStepReferences(step: IndexedStep, withExecution: boolean): readonly FoundReference[] {
  collector.take(); // (empty, unless a walk was cut short by an exception)
  collector.withExecution = withExecution;
  for (const key in step.value) {
    if (!Object.hasOwn(step.value, key)) continue;
    const value = step.value[key];
    collector.add(key === "Arguments" && step.type === "Condition" && isObject(value) ? value.Conditions : value, false);
  }
  return collector.take();
}

/** No references (one list, frozen: a step with none shares it). */
const NONE: readonly FoundReference[] = Object.freeze([]);

const collector = new GetCollector();

/** Where a reference {@link stepReferences} found in `step` is: the path of its `Get`. */
export function stepReferencePath(step: IndexedStep, found: FoundReference): readonly PathSegment[] {
  let paths = getPaths.get(step);
  if (paths === undefined) {
    // the paths of every Get of the step, by ordinal, found in one walk (a step may have many issues)
    const all: PathSegment[][] = [];
    referenceParts(step, (value, keys) => {
      const path = [...step.path, ...keys];
      return locateGets(value, path, false, () => {
        all.push([...path, "Get"]);
        return false;
      });
    });
    paths = all;
    getPaths.set(step, paths);
  }
  // (the step is the one the reference was found in: it is always there)
  return paths[found.ordinal] ?? step.path;
}

/** The paths of the `Get`s of the steps a rule reported an issue about, by ordinal. */
const getPaths = new WeakMap<IndexedStep, readonly (readonly PathSegment[])[]>();
