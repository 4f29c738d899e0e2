import type { z } from "zod";

/** A zod schema (or check), as the fast check and its plan read it. */
export type Schema = z.core.$ZodType;

/** The payload a zod check runs on. */
export interface CheckPayload {
  value: unknown;
  issues: unknown[];
}

/** What the fast check and its plan read of a schema's or a check's `_zod` internals. */
export interface Internals {
  readonly def: Record<string, unknown> & { readonly type: string };
  readonly traits: ReadonlySet<string>;
  readonly optin?: string;
  readonly optout?: string;
  readonly values?: ReadonlySet<unknown>;
  readonly propValues?: Readonly<Record<string, ReadonlySet<unknown>>>;
  readonly innerType?: Schema;
  readonly check?: (payload: CheckPayload) => unknown;
}

/**
 * @internal A schema's `_zod` internals.
 *
 * @example
 * ```ts
 * internals(z.string()).def.type // "string"
 * ```
 */
export const internals = (schema: Schema): Internals => schema._zod as unknown as Internals;
