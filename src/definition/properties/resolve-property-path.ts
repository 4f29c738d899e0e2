import trees from "./property-trees.json";

/** A node of the property trees: a leaf code, a shape name, or a list/map/named container of nodes. */
type Ref = string | readonly ["list" | "map" | "named", Ref];

/** The shape of property-trees.json (written by scripts/generate-property-trees.ts). */
interface PropertyTrees {
  readonly roots: Readonly<Record<string, readonly string[]>>;
  readonly shapes: Readonly<Record<string, Readonly<Record<string, Ref>>>>;
}

const TREES = trees as unknown as PropertyTrees;

/** What a property path resolves to. */
export type PropertyKind = "string" | "number" | "boolean" | "timestamp" | "object" | "list" | "map";

/** The result of {@link resolvePropertyPath}. */
export type PropertyPathResult =
  | { ok: true; kind: PropertyKind }
  | { ok: false; at: string; expected: string[] };

const LEAVES: Readonly<Record<string, PropertyKind>> = {
  s: "string",
  n: "number",
  b: "boolean",
  t: "timestamp",
  d: "object",
};

/** Leaf code of a JSON document: anything may follow it. */
const DOCUMENT = "d";

/** `.Name`, `[0]` or `['key']`; a member name may hold anything but `.`, `[`, `]` and `'`. */
const SEGMENT = /^(?:\.?([^.[\]']+)|\[(\d+)\]|\['([^']*)'\])/;

type Segment = { member: string } | { index: number } | { key: string };
type Members = Readonly<Record<string, Ref>>;

/** Where a walk stands: a node of the trees, or the merged members of a step type's root. */
type Position = Ref | Members;

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

const rootCache = new Map<string, Members | undefined>();

/** The members of a step type's properties: its root shapes merged, the later winning (as in PY2). */
function rootOf(stepType: string): Members | undefined {
  if (!rootCache.has(stepType)) {
    const parts = own(TREES.roots, stepType);
    const shapes = (parts ?? []).map((name) => own(TREES.shapes, name) ?? {});
    rootCache.set(stepType, parts && parts.length > 0 ? Object.assign({}, ...shapes) : undefined);
  }
  return rootCache.get(stepType);
}

function membersAt(position: Position): Members | undefined {
  if (typeof position === "string") return own(TREES.shapes, position);
  return Array.isArray(position) ? undefined : (position as Members);
}

function containerAt(position: Position): readonly ["list" | "map" | "named", Ref] | undefined {
  return Array.isArray(position) ? (position as readonly ["list" | "map" | "named", Ref]) : undefined;
}

function kindOf(position: Position): PropertyKind {
  if (typeof position === "string") return own(LEAVES, position) ?? "object";
  const container = containerAt(position)?.[0];
  return container === "list" || container === "map" ? container : "object";
}

/** What may follow a position, for the "did you mean" part of a message. */
function expectedAt(position: Position): string[] {
  const members = membersAt(position);
  if (members) return Object.keys(members);
  const container = containerAt(position)?.[0];
  if (container === "list") return ["[<index>]", "['<name>']"];
  if (container === "map") return ["['<key>']"];
  if (container === "named") return ["<name>"];
  return [];
}

/** The position a segment leads to, or undefined if the segment cannot follow `position`. */
function step(position: Position, segment: Segment): Position | undefined {
  if (position === DOCUMENT) return position;
  const container = containerAt(position);
  if ("member" in segment) {
    if (container?.[0] === "named") return container[1];
    const members = membersAt(position);
    return members && own(members, segment.member);
  }
  if (container?.[0] === "list" || (container?.[0] === "map" && "key" in segment)) return container[1];
  return undefined;
}

/**
 * Resolves the property path of a `{"Get": "Steps.<step>.<path>"}` reference against what a step
 * of type `stepType` exposes (the AWS Describe* response of its job, or the fixed properties of
 * the step type), as the Python SDK's property trees do.
 *
 * `path` is what follows `Steps.<step>.`: `.Member` on structures, `[n]` or `['name']` on lists
 * (a name picks the element of that name, e.g. `FinalMetricDataList['val:acc']`), `['key']` on maps.
 * An empty path (the whole step) is an object. On failure, `at` is the segment that failed (as
 * written) and `expected` what could stand there.
 *
 * The caller checks what the trees cannot know: Lambda/Callback `OutputParameters['<name>']` (any
 * name resolves here, as a string) and Processing `PropertyFiles.<name>` (any name resolves here,
 * and is valid only inside `Std:JsonGet`).
 */
export function resolvePropertyPath(stepType: string, path: string): PropertyPathResult {
  // resolved once per step type and path: compile and validate ask for the same paths every time
  let known = resolved.get(stepType);
  if (known === undefined) {
    known = new Map();
    resolved.set(stepType, known);
  }
  let result = known.get(path);
  if (result === undefined) {
    result = Object.freeze(resolve(stepType, path));
    if (result.ok === false) Object.freeze(result.expected);
    if (known.size >= MAX_RESOLVED_PER_TYPE) known.clear();
    known.set(path, result);
  }
  return result;
}

/** Paths remembered per step type; past this, the memory starts again (paths come from documents). */
const MAX_RESOLVED_PER_TYPE = 4096;
const resolved = new Map<string, Map<string, PropertyPathResult>>();

function resolve(stepType: string, path: string): PropertyPathResult {
  const root = rootOf(stepType);
  if (!root) return { ok: false, at: path, expected: [] };
  let position: Position = root;
  let rest = path;
  let first = true;
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    const text = match?.[0] ?? rest;
    if (!match || (first && text.startsWith(".")) || (!first && match[1] !== undefined && !text.startsWith("."))) {
      return { ok: false, at: rest, expected: expectedAt(position) };
    }
    const segment: Segment =
      match[1] !== undefined
        ? { member: match[1] }
        : match[2] !== undefined
          ? { index: Number(match[2]) }
          : { key: match[3] ?? "" };
    const next = step(position, segment);
    if (next === undefined) {
      return { ok: false, at: "member" in segment ? segment.member : text, expected: expectedAt(position) };
    }
    position = next;
    rest = rest.slice(text.length);
    first = false;
  }
  return { ok: true, kind: kindOf(position) };
}
