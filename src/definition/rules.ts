import type { z } from "zod";
import type { IssueCode } from "../validate/issues.js";
import { quoted } from "../text.js";

// Helpers for the checks a schema makes beyond types and limits. Each gives its issue a stable
// sagepipe code in `params.code`; a custom issue without one is reported as "invalid-value".

/**
 * The options of a `.refine(...)` whose issue keeps `code`.
 *
 * @example
 * ```ts
 * .refine((a) => a.X === undefined || a.Y === undefined, coded("conflicting-members", "set X or Y, not both"))
 * ```
 */
export function coded(code: IssueCode, message: string, path?: PropertyKey[]) {
  return path === undefined ? { message, params: { code } } : { message, path, params: { code } };
}

interface EntryLimits {
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

/** Adds a check on how many entries a map (a record) holds: "too-small" or "too-big", naming `what`. */
export function entryCount<T extends z.ZodType<Record<string, unknown>>>(record: T, limits: EntryLimits, what: string) {
  return record.superRefine((entries, ctx) => {
    const count = Object.keys(entries).length;
    if (limits.min !== undefined && count < limits.min) {
      ctx.addIssue({
        code: "custom",
        message: `${what} needs at least ${limits.min} ${limits.min === 1 ? "entry" : "entries"}`,
        params: { code: "too-small" },
      });
    }
    if (limits.max !== undefined && count > limits.max) {
      ctx.addIssue({
        code: "custom",
        message: `${what} holds at most ${limits.max} entries, found ${count}: remove ${count - limits.max}`,
        params: { code: "too-big" },
      });
    }
  });
}

/**
 * Adds a check that the `key` member of a list's items is unique ("duplicate-name", at the
 * duplicate's `key`). Values that are expressions are not compared: they are known only at run time.
 * `why` says what the name is used for.
 */
export function uniqueBy<K extends string, T extends z.ZodType<readonly Partial<Record<K, unknown>>[]>>(
  list: T,
  key: K,
  why: string,
) {
  return list.superRefine((items, ctx) => {
    // (one item cannot repeat a name: no map for it; most lists have one)
    if (items.length < 2) return;
    const first = new Map<string, number>();
    items.forEach((item, index) => {
      const name = item[key];
      if (typeof name !== "string") return; // an expression, or a value the item schema rejects
      const seen = first.get(name);
      if (seen === undefined) {
        first.set(name, index);
        return;
      }
      ctx.addIssue({
        code: "custom",
        path: [index, key],
        message: `${key} ${quoted(name)} is used twice (first at [${seen}]): ${why}, so each ${key} must be unique; rename or remove one`,
        params: { code: "duplicate-name" },
      });
    });
  });
}
