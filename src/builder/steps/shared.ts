import { Deferred } from "../../compile/deferred.js";
import { setOwn } from "../../validate/json-data.js";
import { PipelineValue, type PipelineScalar } from "../../model/expressions.js";

/**
 * A string-only map (Environment, HyperParameters): literals become strings; pipeline values stay,
 * and the compiler wraps non-string ones in `Std:Join` as the Python SDK does.
 */
export function stringMap(
  values: { readonly [key: string]: PipelineScalar | PipelineValue<unknown> },
): Record<string, string | PipelineValue<unknown>> {
  const out: Record<string, string | PipelineValue<unknown>> = {};
  for (const [key, value] of Object.entries(values)) {
    // a value settled when compiling (a framework step's region, its code's S3 URI) stays too
    const item: unknown = value;
    setOwn(out, key, item instanceof PipelineValue || item instanceof Deferred ? (item as PipelineValue<unknown>) : typeof value === "string" ? value : JSON.stringify(value));
  }
  return out;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Merges `override` over `base`: objects key by key, anything else (arrays, values) replaced.
 * This is how a step's `raw` request reaches fields the high-level options do not cover.
 */
export function deepMerge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    setOwn(out, key, Object.hasOwn(out, key) ? deepMerge(out[key], value) : value);
  }
  return out as T;
}
