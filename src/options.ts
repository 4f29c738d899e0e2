import { SagepipeError } from "./errors.js";
import { anotherCopyNote, PipelineValue } from "./model/expressions.js";
import { didYouMean } from "./validate/suggest.js";

// The run-time check of every public function's options (steps, compile, the AWS control plane,
// the local runner, the registry, triggers, images): an unknown key is `unknown-option` with the
// closest known key, never dropped without a word. The type-level twin, which makes the same
// mistake a compile error, is src/builder/exact-options.ts.

/** @internal Every key of every member of a union. */
export type KeysOf<T> = T extends unknown ? keyof T : never;

// ---------------------------------------------------------------------------------------------
// Run time. The same check for callers TypeScript does not see: plain JavaScript, spread objects,
// values typed `any`. Each function lists its option keys in an object typed
// `Record<keys of its option type, true>`: an option added to the type without being added to the
// list (or the other way round) fails to compile.
// ---------------------------------------------------------------------------------------------

/** How the options inside an option are checked: an option object, a record or a list of them. */
export type NestedShape =
  | { readonly object: OptionShape }
  | { readonly record: OptionShape }
  | { readonly list: OptionShape };

/** The keys an options object may have, and how the option objects inside it are checked. */
export interface OptionShape {
  readonly keys: readonly string[];
  readonly nested: { readonly [key: string]: NestedShape };
}

/**
 * @internal An option shape from the keys of an option type: `keys` must name every key of `T`,
 * no more (a compile error otherwise).
 *
 * @example
 * ```ts
 * const PROPERTY_FILE = optionShape<PropertyFileOptions>({ output: true, path: true, schema: true });
 * ```
 */
export function optionShape<T>(
  keys: { readonly [K in KeysOf<T>]-?: true },
  nested: { readonly [K in KeysOf<T>]?: NestedShape } = {},
): OptionShape {
  return Object.freeze({ keys: Object.freeze(Object.keys(keys)), nested: Object.freeze({ ...nested }) as { readonly [key: string]: NestedShape } });
}

/** @internal `base` with more keys and nested shapes. */
export function extendShape(base: OptionShape, keys: readonly string[], nested: { readonly [key: string]: NestedShape } = {}): OptionShape {
  return Object.freeze({ keys: Object.freeze([...new Set([...base.keys, ...keys])]), nested: Object.freeze({ ...base.nested, ...nested }) });
}

/** @internal A plain object (an object literal or `Object.create(null)`): not an array, a class instance or a pipeline value. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * @internal Throws `invalid-options` when `options` is not an object, and `unknown-option` for the
 * first key (nested option objects included) that `shape` does not have, with the closest known
 * key. Values that are not plain objects (pipeline values, local assets, schemas, handles) are not
 * looked into.
 *
 * @example
 * ```ts
 * checkOptions(`Processing step "A"`, { image, role, instanceType: "ml.m5.xlarge", instanceCout: 2 }, PROCESSING)
 * // SagepipeError unknown-option: Processing step "A": unknown option "instanceCout". Did you mean "instanceCount"? ...
 * ```
 */
export function checkOptions(where: string, options: unknown, shape: OptionShape): void {
  if (!isPlainObject(options)) {
    throw new SagepipeError(
      "invalid-options",
      `${where} needs an options object, got ${describe(options)}${typeof options === "function" ? " (a function of the build context is for the builder's methods, such as .process(name, ({ params, steps }) => ({...})))" : ""}`,
    );
  }
  checkKeys(where, options, shape, "");
}

function checkKeys(where: string, options: Record<string, unknown>, shape: OptionShape, path: string): void {
  for (const key of Object.keys(options)) {
    const at = `${path}${key}`;
    if (!shape.keys.includes(key)) {
      throw new SagepipeError(
        "unknown-option",
        `${where}: unknown option "${at}".${didYouMean(key, shape.keys)} The options${path === "" ? "" : ` of ${path.slice(0, -1)}`} are: ${shape.keys.join(", ")}`,
      );
    }
    const nested = shape.nested[key];
    const value = options[key];
    if (nested === undefined || value === undefined) continue;
    if ("object" in nested) {
      if (isPlainObject(value)) checkKeys(where, value, nested.object, `${at}.`);
    } else if ("record" in nested) {
      if (isPlainObject(value)) {
        for (const [name, item] of Object.entries(value)) if (isPlainObject(item)) checkKeys(where, item, nested.record, `${at}.${name}.`);
      }
    } else if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => {
        if (isPlainObject(item)) checkKeys(where, item, nested.list, `${at}[${index}].`);
      });
    }
  }
}

/**
 * @internal A short description of a value for messages: `null`, `a number`, `an array`, ...
 *
 * @example
 * ```ts
 * describe(null) // "null"
 * ```
 */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (value instanceof PipelineValue) return "a pipeline value";
  return typeof value === "object" ? `an object${anotherCopyNote(value)}` : `a ${typeof value}`;
}
