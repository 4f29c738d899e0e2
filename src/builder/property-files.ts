import type { z } from "zod";
import { SagepipeError } from "../errors.js";
import { JsonGetValue, type PipelineValue } from "../model/expressions.js";

type Primitive = string | number | boolean | null;
type Depth = [never, 0, 1, 2, 3, 4, 5];

/** The JSON paths into a value of type `T`: `"metrics.accuracy.value"`, `"scores[0]"`. */
export type JsonPaths<T, D extends number = 6> = [D] extends [never]
  ? never
  : T extends Primitive
    ? never
    : T extends readonly (infer E)[]
      ? `[${number}]` | `[${number}]${Continue<E, D>}`
      : T extends object
        ? { [K in keyof T & string]: K | `${K}${Continue<T[K], D>}` }[keyof T & string]
        : never;

type Continue<T, D extends number> = T extends Primitive
  ? never
  : T extends readonly unknown[]
    ? JsonPaths<T, Depth[D]>
    : `.${JsonPaths<T, Depth[D]> & string}`;

/** The type at JSON path `P` of `T`. */
export type JsonAt<T, P extends string> = P extends `[${number}]${infer Rest}`
  ? T extends readonly (infer E)[]
    ? Rest extends ""
      ? E
      : JsonAt<E, Rest extends `.${infer R}` ? R : Rest>
    : unknown
  : P extends `${infer Head}.${infer Rest}`
    ? Head extends `${infer Key}[${infer Index}]`
      ? JsonAt<T, `${Key}`> extends infer Inner
        ? JsonAt<Inner, `[${Index}].${Rest}`>
        : unknown
      : Head extends keyof T
        ? JsonAt<T[Head], Rest>
        : unknown
    : P extends `${infer Key}[${infer Index}]`
      ? Key extends keyof T
        ? JsonAt<T[Key], `[${Index}]`>
        : unknown
      : P extends keyof T
        ? T[P]
        : unknown;

/** What a property file declares: where its JSON is, and optionally its shape (a zod schema). */
export interface PropertyFileOptions {
  /** The `OutputName` of the processing output that holds the file. */
  readonly output: string;
  /** The file's path inside that output, e.g. `"evaluation.json"`. */
  readonly path: string;
  /**
   * The JSON's shape: makes `get(path)` check paths and type values. Any zod 4 schema (zod or zod
   * mini). Typed as zod's core `$ZodType`, not `z.ZodType`: checking that a schema is a `z.ZodType`
   * compares every method of zod's classes (about 6 s of `tsc` for one `z.object`), the core type
   * only what a schema is.
   */
  readonly schema?: z.core.$ZodType;
}

/**
 * A property file of a Processing step: `get(path)` reads a value from it at run time with
 * `Std:JsonGet`. When the file declares a zod `schema`, paths and value types are checked.
 */
export interface PropertyFileRef<Shape = unknown> {
  readonly name: string;
  readonly step: string;
  /**
   * `{"Std:JsonGet": {"PropertyFile": {"Get": "Steps.<step>.PropertyFiles.<name>"}, "Path": path}}`.
   *
   * @example
   * ```ts
   * steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value").gte(0.8)
   * ```
   */
  get<const P extends unknown extends Shape ? string : JsonPaths<Shape>>(
    path: P,
  ): PipelineValue<unknown extends Shape ? unknown : JsonAt<Shape, P>>;
}

/** The shape a property file's options declare. */
export type ShapeOf<O> = O extends { readonly schema: infer S extends z.core.$ZodType } ? z.infer<S> : unknown;

/** Makes the property file `name` of step `step`. */
export function propertyFile<Shape>(step: string, name: string, schema?: z.core.$ZodType): PropertyFileRef<Shape> {
  return Object.freeze({
    name,
    step,
    get(path: string) {
      if (typeof path !== "string" || path === "") {
        throw new SagepipeError("invalid-json-path", `property file "${name}" of "${step}": get() needs a JSON path such as "metrics.accuracy.value"`);
      }
      if (schema !== undefined && !pathExists(schema, path)) {
        throw new SagepipeError("invalid-json-path", `property file "${name}" of "${step}" has no "${path}" in its schema`);
      }
      return new JsonGetValue({ propertyFile: { Get: `Steps.${step}.PropertyFiles.${name}` } }, path);
    },
  }) as PropertyFileRef<Shape>;
}

function pathExists(schema: z.core.$ZodType, path: string): boolean {
  const segments = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let current: z.core.$ZodType | undefined = schema;
  for (const segment of segments) {
    current = unwrap(current);
    if (current === undefined) return false;
    const def = current._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType };
    if (segment.startsWith("[")) current = def.type === "array" ? def.element : undefined;
    else if (def.type === "object") current = def.shape?.[segment];
    else if (def.type === "record") current = def.valueType;
    else return def.type === "any" || def.type === "unknown";
  }
  return current !== undefined;
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (;;) {
    const def = current?._zod.def as { type: string; innerType?: z.core.$ZodType; getter?: () => z.core.$ZodType } | undefined;
    if (def === undefined) return undefined;
    if (def.type === "optional" || def.type === "nullable" || def.type === "default" || def.type === "readonly") current = def.innerType;
    else if (def.type === "lazy") current = def.getter?.();
    else return current;
  }
}
