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

const STEP_REF = /^Steps\.([A-Za-z0-9\-_]+)(.*)$/;

/** Parses the string of a `{"Get": ...}`; undefined when it does not follow the grammar. */
export function parseReference(text: string): Reference | undefined {
  const step = STEP_REF.exec(text);
  if (step !== null) {
    const rest = step[2] ?? "";
    return { root: "Steps", step: step[1] ?? "", property: rest.startsWith(".") ? rest.slice(1) : rest };
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
