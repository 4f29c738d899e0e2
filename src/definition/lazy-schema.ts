import { z } from "zod";

// Schemas built on first use instead of at import (issue 17).
//
// The definition schemas are several hundred zod schemas; building them all when sagepipe is
// imported cost about half of the import, although a process uses only the step types of its
// pipelines (and a CLI call or a Lambda function's cold start, one pipeline). `lazySchema(build)`
// returns a stand-in that builds the schema the first time anything reads it — a parse, a method,
// `instanceof`, its `shape` — and from then on forwards every operation to it. The stand-in has the
// schema's type, so the exports and their declarations do not change, and it can be used wherever
// the schema can (inside other schemas too: zod reads its members through it).

/** `schema.optional()` of a stand-in: zod's own `.optional()` of the schema, around the stand-in. */
function optionalOf(standIn: z.ZodType): () => z.ZodOptional<z.ZodType> {
  return () => z.optional(standIn);
}

/** The stand-in's forwarding handler for one schema. */
class LazyHandler<T extends object> implements ProxyHandler<T> {
  private built: T | undefined;

  constructor(private readonly build: () => T) {}

  /** Whether the schema was built. */
  get isBuilt(): boolean {
    return this.built !== undefined;
  }

  /** The schema, built on the first call. */
  schema(): T {
    if (this.built === undefined) this.built = this.build();
    return this.built;
  }

  get(_target: T, key: PropertyKey, standIn: T): unknown {
    // `.optional()` wraps the stand-in without building it, as zod's `.optional()` wraps the schema
    // (`z.optional(schema)`): a step's schema then does not build the shapes of the members it may
    // lack (an absent member's schema is not read by sagepipe's own walks; zod's parse builds it)
    if (key === "optional") return optionalOf(standIn as unknown as z.ZodType);
    // the getters of the schema (zod's `~standard`, ...) run on the schema itself
    return Reflect.get(this.schema(), key);
  }

  set(_target: T, key: PropertyKey, value: unknown): boolean {
    return Reflect.set(this.schema(), key, value);
  }

  has(_target: T, key: PropertyKey): boolean {
    return Reflect.has(this.schema(), key);
  }

  ownKeys(target: T): ArrayLike<string | symbol> {
    const keys = Reflect.ownKeys(this.schema());
    // a proxy must list the target's own keys that cannot be removed (copied there below)
    for (const key of Reflect.ownKeys(target)) if (!keys.includes(key)) keys.push(key);
    return keys;
  }

  getOwnPropertyDescriptor(target: T, key: PropertyKey): PropertyDescriptor | undefined {
    const descriptor = Reflect.getOwnPropertyDescriptor(this.schema(), key);
    // a proxy may report a property that cannot be removed only when its target has it as well
    if (descriptor !== undefined && descriptor.configurable !== true) Reflect.defineProperty(target, key, descriptor);
    return descriptor;
  }

  defineProperty(_target: T, key: PropertyKey, descriptor: PropertyDescriptor): boolean {
    return Reflect.defineProperty(this.schema(), key, descriptor);
  }

  deleteProperty(_target: T, key: PropertyKey): boolean {
    return Reflect.deleteProperty(this.schema(), key);
  }

  getPrototypeOf(): object | null {
    return Reflect.getPrototypeOf(this.schema());
  }
}

/** The stand-ins made by {@link lazySchema}, with their handlers and discriminator values. */
const handlers = new WeakMap<object, { readonly handler: LazyHandler<object>; readonly discriminator?: Readonly<Record<string, readonly unknown[]>> }>();

/**
 * A stand-in for the schema `build` returns, built when it is first used.
 *
 * @param discriminator the literal values of the schema's discriminator members (a step schema's
 *   `Type`), so that a discriminated union can pick the option a value needs without building every
 *   option; checked against the schema when it is built.
 * @example
 * ```ts
 * export const VpcConfig = lazySchema(() => z.strictObject({ SecurityGroupIds: z.array(z.string()) }));
 * ```
 */
export function lazySchema<T extends object>(build: () => T, discriminator?: Readonly<Record<string, readonly unknown[]>>): T {
  const handler: LazyHandler<T> = new LazyHandler(
    discriminator === undefined
      ? () => checkOptin(build())
      : () => {
          const schema = checkOptin(build());
          checkDiscriminator(schema, discriminator);
          return schema;
        },
  );
  const standIn = new Proxy({} as T, handler);
  handlers.set(standIn, { handler: handler as unknown as LazyHandler<object>, ...(discriminator === undefined ? {} : { discriminator }) });
  return standIn;
}

/**
 * Fails loudly when a stand-in's schema substitutes a value for absence (`.default(...)`): an
 * unbuilt stand-in's `.optional()` is taken as plain "optional" without building it (see
 * fast-schema.ts), which a defaulted schema is not.
 */
function checkOptin<T extends object>(schema: T): T {
  if ((schema as { _zod?: { optin?: string } })._zod?.optin === "defaulted") throw new Error("internal: a lazy schema must not have a default");
  return schema;
}

/** Fails loudly when a schema's discriminator members accept other values than the stated ones. */
function checkDiscriminator(schema: object, discriminator: Readonly<Record<string, readonly unknown[]>>): void {
  for (const [key, values] of Object.entries(discriminator)) {
    const actual = memberValues(schema, key);
    if (actual === undefined || actual.size !== values.length || values.some((value) => !actual.has(value))) {
      throw new Error(`internal: the lazy schema's ${key} accepts ${actual === undefined ? "any value" : JSON.stringify([...actual])}, not ${JSON.stringify(values)}`);
    }
  }
}

interface Internals {
  readonly _zod?: { readonly def?: { readonly shape?: Readonly<Record<string, Internals>> }; readonly values?: ReadonlySet<unknown>; readonly optin?: string };
}

/**
 * The values an object schema's member `key` accepts, as zod's discriminated union reads them (the
 * object's `propValues[key]`: the member's literal values, and undefined when it may be omitted);
 * undefined when the member is not limited to literal values. Only this member is read: zod's
 * `propValues` reads every member's values, and a step's members are large unions and objects.
 */
function memberValues(schema: object, key: string): ReadonlySet<unknown> | undefined {
  const member = (schema as Internals)._zod?.def?.shape?.[key]?._zod;
  if (member?.values === undefined) return undefined;
  return member.optin === undefined ? member.values : new Set([...member.values, undefined]);
}

/**
 * The values a schema's discriminator member `key` accepts, when the schema is a stand-in that was
 * told them (without building it); undefined otherwise.
 */
export function lazyDiscriminatorValues(schema: object, key: string): readonly unknown[] | undefined {
  return handlers.get(schema)?.discriminator?.[key];
}

/** Whether the schema is a stand-in whose schema was not built yet. */
export function isUnbuiltLazySchema(schema: object): boolean {
  const entry = handlers.get(schema);
  return entry !== undefined && !entry.handler.isBuilt;
}

/** A discriminated union whose options are stand-ins: its discriminator and its options. */
export interface DeferredUnion {
  readonly discriminator: string;
  readonly options: () => readonly object[];
}

const deferredUnions = new WeakMap<object, DeferredUnion>();

/**
 * Marks `schema` (a `z.lazy` of a discriminated union of stand-ins, such as `Step`) as that union,
 * so that sagepipe's own schema walks (typed slots, the fast check) pick an option by its
 * discriminator without building the union, which would build every option. zod's own parse
 * builds the union as before.
 *
 * @example
 * ```ts
 * export const Step = deferUnion(z.lazy(() => z.discriminatedUnion("Type", options())), { discriminator: "Type", options });
 * ```
 */
export function deferUnion<T extends object>(schema: T, union: DeferredUnion): T {
  deferredUnions.set(schema, union);
  return schema;
}

/** The union a schema was marked as by {@link deferUnion}, if it was. */
export function deferredUnionOf(schema: object): DeferredUnion | undefined {
  return deferredUnions.get(schema);
}
