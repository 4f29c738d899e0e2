import type { z } from "zod";
import { isExpression, slotKinds, type Expression, type SlotKind } from "../definition/expressions.js";
import type { PathSegment } from "./issues.js";
import { isObject } from "./step-index.js";

/** An expression found in a field whose value kind the schema states. */
export interface TypedSlot {
  readonly kind: SlotKind;
  readonly expression: Expression;
  readonly path: readonly PathSegment[];
}

type Schema = z.core.$ZodType;
type Def = z.core.$ZodTypeDef & {
  readonly shape?: Record<string, Schema>;
  readonly element?: Schema;
  readonly valueType?: Schema;
  readonly innerType?: Schema;
  readonly options?: readonly Schema[];
  readonly discriminator?: string;
  readonly getter?: () => Schema;
  readonly in?: Schema;
};

const defOf = (schema: Schema): Def => schema._zod.def as Def;

/** The literal values a discriminated-union option accepts for its discriminator. */
function discriminatorValues(option: Schema, key: string): readonly unknown[] {
  const field = defOf(option).shape?.[key];
  return field === undefined ? [] : [...(field._zod.values ?? [])];
}

/**
 * The schema that describes `data` once wrappers (optional, lazy, ...) are removed and, for a
 * union, the option that fits `data` is chosen. Registered slots are returned as they are.
 */
function unwrap(schema: Schema, data: unknown): Schema | undefined {
  let current: Schema | undefined = schema;
  while (current !== undefined) {
    if (slotKinds.has(current as z.ZodType)) return current;
    const def = defOf(current);
    switch (def.type) {
      case "optional":
      case "nullable":
      case "default":
      case "readonly":
      case "nonoptional":
        current = def.innerType;
        break;
      case "lazy":
        current = def.getter?.();
        break;
      case "pipe":
        current = def.in;
        break;
      case "union": {
        const options = def.options ?? [];
        const key = def.discriminator;
        current =
          key !== undefined && isObject(data)
            ? options.find((option) => discriminatorValues(option, key).includes(data[key]))
            : options.find((option) => (option as z.ZodType).safeParse(data).success);
        if (current === undefined) return undefined;
        break;
      }
      default:
        return current;
    }
  }
  return undefined;
}

/** The schema of one child of `data` (an object key, an array index, a record key). */
function child(schema: Schema, segment: PathSegment): Schema | undefined {
  const def = defOf(schema);
  if (def.type === "object") return typeof segment === "string" ? def.shape?.[segment] : undefined;
  if (def.type === "array") return typeof segment === "number" ? def.element : undefined;
  if (def.type === "record") return def.valueType;
  return undefined;
}

/** The keys the object schema at `path` of `value` allows, when there is one. */
export function allowedKeysAt(root: Schema, value: unknown, path: readonly PathSegment[]): string[] | undefined {
  let schema: Schema | undefined = root;
  let data = value;
  for (const segment of path) {
    schema = schema === undefined ? undefined : unwrap(schema, data);
    schema = schema === undefined ? undefined : child(schema, segment);
    if (schema === undefined) return undefined;
    data = isObject(data) || Array.isArray(data) ? (data as Record<PathSegment, unknown>)[segment] : undefined;
  }
  const target = schema === undefined ? undefined : unwrap(schema, data);
  const shape = target === undefined ? undefined : defOf(target).shape;
  return shape === undefined ? undefined : Object.keys(shape);
}

/**
 * Walks a raw JSON value along the zod schema that describes it and reports every expression that
 * sits in a field built with `str`/`int`/`num`/`bool`, with the kind of value that field wants.
 * Parts of the value the schema does not describe are skipped (the schema reports them).
 */
export function collectTypedSlots(root: Schema, value: unknown): TypedSlot[] {
  const found: TypedSlot[] = [];
  const path: PathSegment[] = [];
  const walk = (schema: Schema, data: unknown): void => {
    const current = unwrap(schema, data);
    if (current === undefined) return;
    const meta = slotKinds.get(current as z.ZodType);
    if (meta !== undefined) {
      if (isExpression(data)) found.push({ kind: meta.kind, expression: data, path: [...path] });
      return;
    }
    const def = defOf(current);
    if (def.type === "object" && isObject(data) && def.shape !== undefined) {
      for (const key of Object.keys(data)) {
        const field = def.shape[key];
        if (field === undefined) continue;
        path.push(key);
        walk(field, data[key]);
        path.pop();
      }
    } else if (def.type === "array" && Array.isArray(data) && def.element !== undefined) {
      for (let i = 0; i < data.length; i++) {
        path.push(i);
        walk(def.element, data[i]);
        path.pop();
      }
    } else if (def.type === "record" && isObject(data) && def.valueType !== undefined) {
      for (const key of Object.keys(data)) {
        path.push(key);
        walk(def.valueType, data[key]);
        path.pop();
      }
    }
  };
  walk(root, value);
  return found;
}
