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

/**
 * How the options inside an option are checked: an option object, a record or a list of them. A
 * `record` must be a plain object and a `list` an array (an `object` may be another value too:
 * `cache: true`, `code: "./x.py"`).
 */
export type NestedShape =
  | { readonly object: OptionShape }
  | { readonly record: OptionShape }
  | { readonly list: OptionShape };

/**
 * What an option key's value must be, checked at run time: `"list"`, an array (`arguments: "--epochs
 * 3"` would otherwise be spread into one argument per character); `"map"`, a plain object of names to
 * values (`hyperparameters: ["eta", 1]` would become `{"0": "eta", "1": "1"}`); `true`, anything else
 * (its type is checked when the definition is validated). It follows from the key's type, so a shape
 * cannot leave a list or a map unchecked: a key typed as a list must say `"list"`, one typed as a map
 * (a string index) `"map"`.
 */
export type KeyKind<V> = [Exclude<V, undefined>] extends [never]
  ? true | "list" | "map" // a key a step refuses (\`code?: never\`), shared with a list of a step that takes it
  : [Exclude<V, undefined>] extends [readonly unknown[]]
      ? "list"
      : [Exclude<V, undefined>] extends [object]
        ? string extends keyof Exclude<V, undefined>
          ? "map"
          : true
        : true;

/** The type of key `K` in the members of `T` that have it. */
type ValueAt<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** The keys of option type `T`, each with what its value must be ({@link KeyKind}). */
export type OptionKeys<T> = { readonly [K in KeysOf<T>]-?: KeyKind<ValueAt<T, K>> };

/** The keys an options object may have, what their values must be, and how the option objects inside are checked. */
export interface OptionShape {
  readonly keys: readonly string[];
  readonly kinds: { readonly [key: string]: "list" | "map" };
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
export function optionShape<T>(keys: OptionKeys<T>, nested: { readonly [K in KeysOf<T>]?: NestedShape } = {}): OptionShape {
  return extendShape(EMPTY_SHAPE, keys as Readonly<Record<string, true | "list" | "map">>, nested as { readonly [key: string]: NestedShape });
}

const EMPTY_SHAPE: OptionShape = Object.freeze({ keys: Object.freeze([]), kinds: Object.freeze({}), nested: Object.freeze({}) });

/** @internal `base` with more keys (each with what its value must be, {@link KeyKind}) and nested shapes. */
export function extendShape(
  base: OptionShape,
  keys: Readonly<Record<string, true | "list" | "map">>,
  nested: { readonly [key: string]: NestedShape } = {},
): OptionShape {
  const kinds: Record<string, "list" | "map"> = { ...base.kinds };
  for (const [key, kind] of Object.entries(keys)) if (kind !== true) kinds[key] = kind;
  return Object.freeze({
    keys: Object.freeze([...new Set([...base.keys, ...Object.keys(keys)])]),
    kinds: Object.freeze(kinds),
    nested: Object.freeze({ ...base.nested, ...nested }),
  });
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
    if (value === undefined) continue;
    const kind = shape.kinds[key] ?? (nested === undefined || "object" in nested ? undefined : "record" in nested ? "map" : "list");
    if (kind === "list" ? !Array.isArray(value) : kind === "map" ? !isPlainObject(value) : false) {
      throw new SagepipeError(
        "invalid-option",
        `${where}: option "${at}" is ${kind === "list" ? "a list (an array)" : "a map of names to values ({ name: value })"}, got ${describeValue(value)}`,
      );
    }
    if (nested === undefined) continue;
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

/** A value for a message: a short string quoted, otherwise what it is. */
function describeValue(value: unknown): string {
  return typeof value === "string" ? `the string ${JSON.stringify(excerpt(value))}` : describe(value);
}

/** At most 60 characters of a string. */
function excerpt(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 57)}...`;
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
