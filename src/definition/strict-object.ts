import { z } from "zod";

// zod's `z.strictObject(shape)` builds a `z.never()` for each object, its catchall (what any key
// not in the shape must be: nothing). The definition schemas have several hundred strict objects,
// and building their schemas is most of a process's first compile (issue 17): they share one
// `never` here. zod schemas are immutable, and a catchall is only read (an unknown key is reported
// as "unrecognized_keys" when the catchall is a `never`, whichever one it is), so the objects
// parse, report and type exactly as `z.strictObject`'s do.

let never: z.ZodNever | undefined;

/**
 * `z.strictObject(shape, params)`, with the catchall `never` shared by every object made here.
 *
 * @example
 * ```ts
 * const VpcConfig = strictObject({ SecurityGroupIds: z.array(z.string()) });
 * ```
 */
export function strictObject<T extends z.core.$ZodLooseShape>(
  shape: T,
  params?: string | z.core.$ZodObjectParams,
): z.ZodObject<z.core.util.Writeable<T>, z.core.$strict> {
  never ??= z.never();
  return new z.ZodObject({
    type: "object",
    shape,
    catchall: never,
    ...z.core.util.normalizeParams(params),
  }) as unknown as z.ZodObject<z.core.util.Writeable<T>, z.core.$strict>;
}
