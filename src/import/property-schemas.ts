import { parseReference } from "../validate/references.js";
import { isObject, type JsonObject } from "../validate/step-index.js";
import type { ValueKindOf } from "../validate/kinds.js";
import { call, member, name, object, type Code } from "./code.js";

/** What a JSON path of a property file leads to, as far as the definition tells. */
type Leaf = "number" | "string" | "boolean" | "unknown";

type Shape = { readonly kind: "leaf"; type: Leaf } | { readonly kind: "object"; readonly fields: Map<string, Shape> } | { readonly kind: "array"; element: Shape | undefined };

/** Segments of a path the builder's `get(path)` can type: `a.b`, `scores[0]`; deeper than its types go, or other syntax: none. */
function pathParts(path: string): ({ key: string } | { index: number })[] | undefined {
  const parts: ({ key: string } | { index: number })[] = [];
  const pattern = /([^.[\]'"\s]+)|\[(\d+)\]|(\.)/gy;
  let match: RegExpExecArray | null;
  let expectKey = true;
  let position = 0;
  while ((match = pattern.exec(path)) !== null) {
    position = pattern.lastIndex;
    if (match[1] !== undefined) {
      if (!expectKey) return undefined;
      parts.push({ key: match[1] });
      expectKey = false;
    } else if (match[2] !== undefined) {
      if (expectKey && parts.length === 0) return undefined;
      parts.push({ index: Number(match[2]) });
      expectKey = false;
    } else {
      if (expectKey) return undefined;
      expectKey = true;
    }
  }
  // the builder's path types follow six levels
  return position === path.length && !expectKey && parts.length > 0 && parts.length <= 6 ? parts : undefined;
}

/** What two reads of one path say together: a read that tells nothing (a join) keeps the other's type. */
const mergeLeaf = (a: Leaf, b: Leaf): Leaf => (a === b ? a : a === "unknown" ? b : b === "unknown" ? a : "unknown");

const leafOf = (kind: ValueKindOf): Leaf =>
  kind === "integer" || kind === "number" || kind === "numeric" ? "number" : kind === "string" ? "string" : kind === "boolean" ? "boolean" : "unknown";

/**
 * Infers a zod schema for each property file a definition declares, from the `Std:JsonGet` paths
 * its steps read: `metrics.accuracy.value` compared with a number becomes
 * `z.object({ metrics: z.object({ accuracy: z.object({ value: z.number() }) }) })`. A value compared
 * with a string is a `z.string()`, one only joined into text a `z.unknown()`. A file whose paths the
 * builder cannot type (other syntax, a value read both as a leaf and as an object) gets no schema:
 * its `get(path)` takes any path.
 *
 * @returns the schema of each `<step>/<file>`, as code
 */
export function inferPropertyFileSchemas(document: JsonObject, kindOf: (value: unknown) => ValueKindOf): Map<string, Code> {
  const shapes = new Map<string, Shape | null>();
  const use = (file: string, path: string, leaf: Leaf): void => {
    if (shapes.get(file) === null) return;
    const parts = pathParts(path);
    let shape = shapes.get(file) ?? { kind: "object", fields: new Map() };
    shapes.set(file, shape);
    if (parts === undefined) return void shapes.set(file, null);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as { key: string } | { index: number };
      const last = i === parts.length - 1;
      const next: Shape | undefined = last ? { kind: "leaf", type: leaf } : undefined;
      if ("key" in part) {
        if (shape.kind !== "object") return void shapes.set(file, null);
        let field = shape.fields.get(part.key);
        const wants = last ? "leaf" : "index" in (parts[i + 1] as object) ? "array" : "object";
        if (field === undefined) {
          field = next ?? (wants === "array" ? { kind: "array", element: undefined } : { kind: "object", fields: new Map() });
          shape.fields.set(part.key, field);
        } else if (field.kind !== wants) {
          return void shapes.set(file, null);
        } else if (field.kind === "leaf") {
          field.type = mergeLeaf(field.type, leaf);
        }
        shape = field;
      } else {
        if (shape.kind !== "array") return void shapes.set(file, null);
        const wants = last ? "leaf" : "index" in (parts[i + 1] as object) ? "array" : "object";
        if (shape.element === undefined) {
          shape.element = next ?? (wants === "array" ? { kind: "array", element: undefined } : { kind: "object", fields: new Map() });
        } else if (shape.element.kind !== wants) {
          return void shapes.set(file, null);
        } else if (shape.element.kind === "leaf") {
          shape.element.type = mergeLeaf(shape.element.type, leaf);
        }
        shape = shape.element;
      }
    }
  };

  /** The property file and path of a `Std:JsonGet` on a property file. */
  const fileRead = (value: unknown): { file: string; path: string } | undefined => {
    if (!isObject(value) || !isObject(value["Std:JsonGet"])) return undefined;
    const jsonGet = value["Std:JsonGet"];
    if (!isObject(jsonGet.PropertyFile) || typeof jsonGet.PropertyFile.Get !== "string" || typeof jsonGet.Path !== "string") return undefined;
    const reference = parseReference(jsonGet.PropertyFile.Get);
    const fileName = reference?.root === "Steps" ? /^PropertyFiles\.(.+)$/.exec(reference.property)?.[1] : undefined;
    return reference?.root === "Steps" && fileName !== undefined ? { file: `${reference.step}/${fileName}`, path: jsonGet.Path } : undefined;
  };

  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!isObject(value)) return;
    const read = fileRead(value);
    if (read !== undefined) return use(read.file, read.path, "unknown");
    // a comparison types each side by the other one
    if (typeof value.Type === "string" && ("LeftValue" in value || "QueryValue" in value)) {
      const sides = "LeftValue" in value ? [value.LeftValue, value.RightValue] : [value.QueryValue, ...(Array.isArray(value.Values) ? value.Values : [])];
      sides.forEach((side, i) => {
        const found = fileRead(side);
        if (found === undefined) return visit(side);
        const others = sides.filter((_, j) => j !== i && ("LeftValue" in value || i === 0 || j === 0));
        const kinds = new Set(others.map((other) => leafOf(kindOf(other))));
        use(found.file, found.path, kinds.size === 1 ? ([...kinds][0] as Leaf) : "unknown");
      });
      return;
    }
    for (const item of Object.values(value)) visit(item);
  };
  visit(document.Steps);

  const out = new Map<string, Code>();
  for (const [file, shape] of shapes) if (shape !== null && shape.kind === "object" && shape.fields.size > 0) out.set(file, schemaCode(shape));
  return out;
}

const z = (method: string, ...args: Code[]): Code => call(member(name("z"), method), ...args);

function schemaCode(shape: Shape): Code {
  if (shape.kind === "leaf") return z(shape.type);
  if (shape.kind === "array") return z("array", shape.element === undefined ? z("unknown") : schemaCode(shape.element));
  return z("object", object([...shape.fields].map(([key, field]) => [key, schemaCode(field)] as const)));
}
