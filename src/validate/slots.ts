import type { z } from "zod";
import { isExpression, slotKinds, type Expression, type SlotKind } from "../definition/expressions.js";
import { deferredUnionOf, lazyDiscriminatorValues } from "../definition/lazy-schema.js";
import { fastSchemaWalk, interpretedSchemaWalk, schemaAccepts, type Marked, type SchemaMarks } from "./fast-schema.js";
import type { PathSegment } from "./issues.js";
import { isObject } from "./step-index.js";

/** An expression found in a field whose value kind the schema states. */
export interface TypedSlot {
  readonly kind: SlotKind;
  readonly expression: Expression;
  /** Where it is: from `base` when there is one, else from the document. */
  readonly path: readonly PathSegment[];
  /** Where `path` starts (a step's path, shared by the slots of the step), when not at the document. */
  readonly base?: readonly PathSegment[];
}

/** The path of a typed slot from the document. */
export function slotPath(slot: TypedSlot): readonly PathSegment[] {
  return slot.base === undefined ? slot.path : [...slot.base, ...slot.path];
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
  // a step schema not built yet states its Type (so a walk builds only the step types it meets)
  const stated = lazyDiscriminatorValues(option, key);
  if (stated !== undefined) return stated;
  const field = defOf(option).shape?.[key];
  return field === undefined ? [] : [...(field._zod.values ?? [])];
}

// Walking a schema along a document is done on every compile, so what does not depend on the data
// is worked out once per schema: the schema under its wrappers, and each discriminated union's
// options by discriminator value.

/** A schema with its wrappers (optional, lazy, ...) removed, stopping at a registered slot. */
const bareCache = new WeakMap<Schema, Schema | null>();

function bare(schema: Schema): Schema | undefined {
  const cached = bareCache.get(schema);
  if (cached !== undefined) return cached ?? undefined;
  let current: Schema | undefined = schema;
  while (current !== undefined && !isSlot(current)) {
    // a union marked as deferred is walked as the union (see describe), without building it
    if (deferredUnionOf(current) !== undefined) break;
    const def = defOf(current);
    if (def.type === "optional" || def.type === "nullable" || def.type === "default" || def.type === "readonly" || def.type === "nonoptional") {
      current = def.innerType;
    } else if (def.type === "lazy") {
      // the lazy schema's own cache: calling the getter would build a new schema each time
      current = (current._zod as { innerType?: Schema }).innerType;
    } else if (def.type === "pipe") {
      current = def.in;
    } else {
      break;
    }
  }
  bareCache.set(schema, current ?? null);
  return current;
}

/** The options of a discriminated union by discriminator value (the first option wins). */
const optionsByValue = new WeakMap<Schema, Map<unknown, Schema>>();

function optionFor(union: Schema, def: Def, key: string, value: unknown): Schema | undefined {
  let map = optionsByValue.get(union);
  if (map === undefined) {
    map = new Map();
    for (const option of def.options ?? []) {
      for (const literal of discriminatorValues(option, key)) if (!map.has(literal)) map.set(literal, option);
    }
    optionsByValue.set(union, map);
  }
  return map.get(value);
}

/** A union marked as deferred (`Step`), as the definition of a discriminated union of its options. */
function deferredDef(schema: Schema): Def | undefined {
  const deferred = deferredUnionOf(schema);
  if (deferred === undefined) return undefined;
  return { type: "union", discriminator: deferred.discriminator, options: deferred.options() as readonly Schema[] } as unknown as Def;
}

/** True for a schema registered as a slot. */
const isSlot = (schema: Schema): boolean => slotKinds.has(schema as z.ZodType);

/**
 * The schema that describes `data` once wrappers (optional, lazy, ...) are removed and, for a
 * union, the option that fits `data` is chosen. Registered slots are returned as they are.
 */
function unwrap(schema: Schema, data: unknown): Schema | undefined {
  let current = bare(schema);
  while (current !== undefined) {
    if (isSlot(current)) return current;
    const def = deferredDef(current) ?? defOf(current);
    if (def.type !== "union") return current;
    current = chooseOption(current, def, data);
  }
  return undefined;
}

/** The option of a union that describes `data`, without its wrappers. */
function chooseOption(union: Schema, def: Def, data: unknown): Schema | undefined {
  const key = def.discriminator;
  const option =
    key !== undefined && isObject(data)
      ? optionFor(union, def, key, data[key])
      : (def.options ?? []).find((candidate) => schemaAccepts(candidate, data));
  return option === undefined ? undefined : bare(option);
}

/** What {@link collectTypedSlots} needs of a schema (without its wrappers), worked out once. */
type SlotNode =
  | { readonly type: "slot"; readonly kind: SlotKind }
  | { readonly type: "union"; readonly schema: Schema; readonly def: Def }
  | { readonly type: "object"; readonly fields: ReadonlyMap<string, Schema> }
  | { readonly type: "array"; readonly element: Schema }
  | { readonly type: "record"; readonly valueType: Schema }
  | { readonly type: "other" };

const OTHER: SlotNode = { type: "other" };
const slotNodes = new WeakMap<Schema, SlotNode>();

function slotNode(schema: Schema): SlotNode {
  let node = slotNodes.get(schema);
  if (node === undefined) {
    node = describe(bare(schema));
    slotNodes.set(schema, node);
  }
  return node;
}

function describe(schema: Schema | undefined): SlotNode {
  if (schema === undefined) return OTHER;
  const deferred = deferredDef(schema);
  if (deferred !== undefined) return { type: "union", schema, def: deferred };
  const def = defOf(schema);
  if (!isSlot(schema) && def.type === "union") return { type: "union", schema, def };
  const kind = slotKinds.get(schema as z.ZodType)?.kind;
  if (kind !== undefined) return { type: "slot", kind };
  if (def.type === "object" && def.shape !== undefined) return { type: "object", fields: new Map(Object.entries(def.shape)) };
  if (def.type === "array" && def.element !== undefined) return { type: "array", element: def.element };
  if (def.type === "record" && def.valueType !== undefined) return { type: "record", valueType: def.valueType };
  return OTHER;
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
    let node = slotNode(schema);
    while (node.type === "union") {
      const option = chooseOption(node.schema, node.def, data);
      if (option === undefined) return;
      node = slotNode(option);
    }
    switch (node.type) {
      case "slot":
        if (isExpression(data)) found.push({ kind: node.kind, expression: data, path: [...path] });
        return;
      case "object":
        if (!isObject(data)) return;
        for (const key in data) {
          if (!Object.hasOwn(data, key)) continue;
          const field = node.fields.get(key);
          if (field === undefined) continue;
          path.push(key);
          walk(field, data[key]);
          path.pop();
        }
        return;
      case "array":
        if (!Array.isArray(data)) return;
        for (let i = 0; i < data.length; i++) {
          path.push(i);
          walk(node.element, data[i]);
          path.pop();
        }
        return;
      case "record":
        if (!isObject(data)) return;
        for (const key in data) {
          if (!Object.hasOwn(data, key)) continue;
          path.push(key);
          walk(node.valueType, data[key]);
          path.pop();
        }
        return;
      default:
    }
  };
  walk(root, value);
  return found;
}

/** The slots of the schema, as marks of a fast schema walk: the expressions in them are recorded. */
const SLOT_MARKS: SchemaMarks<SlotKind> = {
  markOf: (schema) => slotKinds.get(schema as z.ZodType)?.kind,
  records: isExpression,
  plan: "slot-kinds",
};

/**
 * {@link collectTypedSlots} and the schema check in one walk: the typed slots of `value` when it
 * certainly passes `root`, undefined when it does not or may not (then ask zod and
 * `collectTypedSlots`).
 */
export function checkedTypedSlots(root: Schema, value: unknown): TypedSlot[] | undefined {
  const found = checkedSlotMarks(root, value);
  return found?.map(({ mark, path, value: expression }) => ({ kind: mark, path, expression: expression as Expression }));
}

/**
 * {@link checkedTypedSlots} without code generation (a process's first steps of a type): the
 * same answer, and it reads only the schemas of what the value has, so the schemas of members a
 * step lacks are not built.
 */
export function interpretedTypedSlots(root: Schema, value: unknown): TypedSlot[] | undefined {
  const found = interpretedSchemaWalk(root, value, SLOT_MARKS);
  return found?.map(({ mark, path, value: expression }) => ({ kind: mark, path, expression: expression as Expression }));
}

/** {@link checkedTypedSlots} as the walk records them: each slot's kind as `mark`, its expression as `value`. */
export function checkedSlotMarks(root: Schema, value: unknown): Marked<SlotKind>[] | undefined {
  return fastSchemaWalk(root, SLOT_MARKS)?.(value);
}

/** {@link interpretedTypedSlots} as the walk records them, as {@link checkedSlotMarks}. */
export function interpretedSlotMarks(root: Schema, value: unknown): Marked<SlotKind>[] | undefined {
  return interpretedSchemaWalk(root, value, SLOT_MARKS);
}
