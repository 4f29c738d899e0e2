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
  /** Its position in the list of steps {@link indexSteps} made. */
  readonly index: number;
  readonly name: string;
  readonly type: string;
  readonly value: JsonObject;
  readonly path: readonly PathSegment[];
  readonly placement: Placement;
}

/**
 * Lists every step of a raw document, each step followed by the steps of its branches, in document
 * order. Entries without a string `Name` are skipped (the schema reports them). Walks with an
 * explicit stack: branches nested in branches to any depth are listed without recursion.
 */
export function indexSteps(document: JsonObject): IndexedStep[] {
  const steps: IndexedStep[] = [];
  interface Level {
    readonly list: readonly unknown[];
    readonly path: readonly PathSegment[];
    readonly placement: Placement;
    next: number;
  }
  const levels: Level[] = [];
  const enter = (list: unknown, path: readonly PathSegment[], placement: Placement) => {
    if (Array.isArray(list)) levels.push({ list, path, placement, next: 0 });
  };
  enter(document.Steps, ["Steps"], { kind: "top" });
  while (levels.length > 0) {
    const level = levels[levels.length - 1] as Level;
    if (level.next >= level.list.length) {
      levels.pop();
      continue;
    }
    const i = level.next++;
    const value: unknown = level.list[i];
    if (!isObject(value) || typeof value.Name !== "string") continue;
    // (concat: a list of its exact length)
    const stepPath = level.path.concat(i);
    const type = typeof value.Type === "string" ? value.Type : "";
    steps.push({ index: steps.length, name: value.Name, type, value, path: stepPath, placement: level.placement });
    const args = value.Arguments;
    if (type === "Condition" && isObject(args)) {
      // ElseSteps first onto the stack, so that IfSteps are listed first
      enter(args.ElseSteps, [...stepPath, "Arguments", "ElseSteps"], { kind: "branch", condition: value.Name, branch: "ElseSteps" });
      enter(args.IfSteps, [...stepPath, "Arguments", "IfSteps"], { kind: "branch", condition: value.Name, branch: "IfSteps" });
    }
  }
  return steps;
}

/** The innermost step that contains `path`, if any. */
export function stepAt(steps: readonly IndexedStep[], path: readonly PathSegment[]): IndexedStep | undefined {
  return stepLocator(steps)(path);
}

/**
 * A function that finds the innermost step containing a path, by looking up the path's prefixes
 * (of the lengths step paths have) rather than comparing the path with every step.
 */
export function stepLocator(steps: readonly IndexedStep[]): (path: readonly PathSegment[]) => IndexedStep | undefined {
  const byPath = new Map<string, IndexedStep>();
  const lengths = new Set<number>();
  for (const step of steps) {
    const key = JSON.stringify(step.path);
    if (!byPath.has(key)) byPath.set(key, step);
    lengths.add(step.path.length);
  }
  const sorted = [...lengths].sort((a, b) => b - a);
  return (path) => {
    for (const length of sorted) {
      if (length > path.length) continue;
      const found = byPath.get(JSON.stringify(path.slice(0, length)));
      if (found !== undefined) return found;
    }
    return undefined;
  };
}
