import type { PathSegment } from "./issues.js";
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

/**
 * Every `Get` in a value, in document order. `skip` names keys not to descend into at the top of
 * the value (a Condition step's branches are steps of their own).
 */
export function collectReferences(value: unknown, base: readonly PathSegment[]): FoundReference[] {
  const found: FoundReference[] = [];
  const path: PathSegment[] = [...base];
  const walk = (data: unknown, propertyFile: boolean): void => {
    if (Array.isArray(data)) {
      for (let i = 0; i < data.length; i++) {
        path.push(i);
        walk(data[i], false);
        path.pop();
      }
      return;
    }
    if (!isObject(data)) return;
    const keys = Object.keys(data);
    if (keys.length === 1 && keys[0] === "Get" && typeof data.Get === "string") {
      const reference = parseReference(data.Get);
      if (reference !== undefined) found.push({ reference, path: [...path, "Get"], propertyFile });
      return;
    }
    for (const key of keys) {
      path.push(key);
      walk(data[key], key === "PropertyFile");
      path.pop();
    }
  };
  walk(value, false);
  return found;
}

/** The `Get`s of one step, leaving out the steps nested in a Condition step's branches. */
export function stepReferences(step: IndexedStep): FoundReference[] {
  const found: FoundReference[] = [];
  for (const [key, value] of Object.entries(step.value)) {
    if (key === "Arguments" && step.type === "Condition" && isObject(value)) {
      found.push(...collectReferences(value.Conditions, [...step.path, "Arguments", "Conditions"]));
    } else {
      found.push(...collectReferences(value, [...step.path, key]));
    }
  }
  return found;
}
