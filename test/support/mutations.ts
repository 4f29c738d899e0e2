import fc from "fast-check";

// Random changes to JSON documents, for the tests that fuzz what reads untrusted definitions (the
// fast schema check, the importer).

/** A JSON value as parsed. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isRecord = (value: unknown): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);

/** True when a value is JSON data as JSON.parse makes it (no undefined, no special prototypes, no __proto__ key). */
export function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.keys(value).every((key) => key !== "__proto__" && isPlainJson((value as Record<string, unknown>)[key]));
}

/** Every place in a value: a container and the key or index of one of its members. */
function places(value: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([value, i]);
      places(item, out);
    });
  } else if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      out.push([value, key]);
      places(value[key], out);
    }
  }
  return out;
}

const SAMPLE_VALUES = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ maxLength: 3000 }),
  fc.constantFrom<unknown>("", "s3://bucket/key", "ml.m5.xlarge", 0, -1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, undefined, true, [], {}),
  fc.constantFrom<unknown>({ Get: "Parameters.X" }, { Get: "Steps.A.B" }, { Get: "nope" }, { "Std:Join": { On: "/", Values: ["a", { Get: "Execution.PipelineName" }] } }),
);

/** One random change to a value, in place: replace, delete or add a member, or wrap one in a list. */
export function mutation() {
  return fc
    .record({ pick: fc.nat(), kind: fc.constantFrom("replace", "delete", "add", "wrap", "duplicate"), value: SAMPLE_VALUES, key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("Name", "Type", "Get", "Arguments", "__proto__")) })
    .map(({ pick, kind, value, key }) => (root: Json): unknown => {
      const all = places(root);
      const place = all[pick % Math.max(all.length, 1)];
      if (place === undefined) return root;
      const [container, at] = place;
      const target = container as Record<string | number, unknown>;
      if (kind === "replace") target[at] = value;
      else if (kind === "delete") Array.isArray(container) ? container.splice(at as number, 1) : delete target[at];
      else if (kind === "wrap") target[at] = [target[at]];
      else if (kind === "duplicate" && Array.isArray(container)) container.push(structuredClone(container[at as number]));
      else if (isRecord(target[at])) (target[at] as Record<string, unknown>)[key] = value;
      else target[at] = value;
      return root;
    });
}
