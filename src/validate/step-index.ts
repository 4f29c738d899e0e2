import type { PathSegment } from "./issues.js";

/** A JSON object, as read from an untrusted document. */
export type JsonObject = { readonly [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Where a step sits: at the top level, or in a branch of a Condition step. */
export type Placement =
  | { readonly kind: "top" }
  | { readonly kind: "branch"; readonly condition: string; readonly branch: "IfSteps" | "ElseSteps" };

/** A step found in the document, with where it is. */
export interface IndexedStep {
  readonly name: string;
  readonly type: string;
  readonly value: JsonObject;
  readonly path: readonly PathSegment[];
  readonly placement: Placement;
}

/**
 * Lists every step of a raw document, top level first and then branch steps, in document order.
 * Entries without a string `Name` are skipped (the schema reports them).
 */
export function indexSteps(document: JsonObject): IndexedStep[] {
  const steps: IndexedStep[] = [];
  const visit = (list: unknown, path: readonly PathSegment[], placement: Placement) => {
    if (!Array.isArray(list)) return;
    list.forEach((value: unknown, i) => {
      if (!isObject(value) || typeof value.Name !== "string") return;
      const stepPath = [...path, i];
      const type = typeof value.Type === "string" ? value.Type : "";
      steps.push({ name: value.Name, type, value, path: stepPath, placement });
      const args = value.Arguments;
      if (type === "Condition" && isObject(args)) {
        for (const branch of ["IfSteps", "ElseSteps"] as const) {
          visit(args[branch], [...stepPath, "Arguments", branch], { kind: "branch", condition: value.Name, branch });
        }
      }
    });
  };
  visit(document.Steps, ["Steps"], { kind: "top" });
  return steps;
}

/** The innermost step that contains `path`, if any. */
export function stepAt(steps: readonly IndexedStep[], path: readonly PathSegment[]): IndexedStep | undefined {
  let found: IndexedStep | undefined;
  for (const step of steps) {
    if (step.path.length <= path.length && step.path.every((segment, i) => path[i] === segment)) {
      if (found === undefined || step.path.length > found.path.length) found = step;
    }
  }
  return found;
}
