import { isObject } from "../validate/step-index.js";

/** Deep equality of two JSON values, key order aside (as parsed JSON compares). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isObject(a) && isObject(b) && !Array.isArray(b)) {
    const keys = Object.keys(a).filter((key) => a[key] !== undefined);
    const other = Object.keys(b).filter((key) => b[key] !== undefined);
    return keys.length === other.length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/** The JSON paths (`$.A.B[0]`) where two JSON values differ, at most `limit` of them. */
export function jsonDifferences(a: unknown, b: unknown, path = "$", limit = 5, out: string[] = []): string[] {
  if (out.length >= limit || jsonEqual(a, b)) return out;
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((item, i) => jsonDifferences(item, b[i], `${path}[${i}]`, limit, out));
    return out;
  }
  if (isObject(a) && isObject(b) && !Array.isArray(a) && !Array.isArray(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) jsonDifferences(a[key], b[key], `${path}.${key}`, limit, out);
    return out;
  }
  out.push(path);
  return out;
}
