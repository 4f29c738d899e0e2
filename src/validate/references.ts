import type { PathSegment } from "./issues.js";
import { onlyKey } from "../definition/expressions.js";
import { isObject, type IndexedStep } from "./step-index.js";

/** A parsed `Get` reference. */
export type Reference =
  | { readonly root: "Parameters"; readonly name: string }
  | { readonly root: "Steps"; readonly step: string; readonly property: string }
  | { readonly root: "Execution"; readonly name: string }
  | { readonly root: "PipelineExperimentConfig"; readonly name: string };

/** A `Get` found in a step, with where it is. */
export interface FoundReference {
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

/**
 * Parses the string of a `{"Get": ...}`; undefined when it does not follow the grammar.
 * `Steps.<name><rest>` is what `/^Steps\.([A-Za-z0-9\-_]+)([\s\S]*)$/` matches (read by hand: it runs
 * for every reference of every compile), with the property being `rest` without its leading dot. A
 * line break in `rest` is part of the property (the rules then find no such property), not a reason
 * to leave the reference unchecked.
 */
export function parseReference(text: string): Reference | undefined {
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
export function collectReferences(value: unknown, base: readonly PathSegment[]): FoundReference[] {
  const found: FoundReference[] = [];
  addReferences(value, [...base], false, found);
  return found;
}

/** Adds the `Get`s in `data` to `found`; `path` (where `data` is) is the same list when it returns. */
function addReferences(data: unknown, path: PathSegment[], propertyFile: boolean, found: FoundReference[]): void {
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      path.push(i);
      addReferences(data[i], path, false, found);
      path.pop();
    }
    return;
  }
  if (!isObject(data)) return;
  if (typeof data.Get === "string" && onlyKey(data) === "Get") {
    const reference = parseReference(data.Get);
    if (reference !== undefined) found.push({ reference, path: [...path, "Get"], propertyFile });
    return;
  }
  for (const key in data) {
    if (!Object.hasOwn(data, key)) continue;
    path.push(key);
    addReferences(data[key], path, key === "PropertyFile", found);
    path.pop();
  }
}

/** The `Get`s of one step, leaving out the steps nested in a Condition step's branches. */
export function stepReferences(step: IndexedStep): FoundReference[] {
  const found: FoundReference[] = [];
  const path: PathSegment[] = [...step.path];
  for (const key in step.value) {
    if (!Object.hasOwn(step.value, key)) continue;
    const value = step.value[key];
    if (key === "Arguments" && step.type === "Condition" && isObject(value)) {
      path.push("Arguments", "Conditions");
      addReferences(value.Conditions, path, false, found);
      path.length -= 2;
    } else {
      path.push(key);
      addReferences(value, path, false, found);
      path.pop();
    }
  }
  return found;
}
