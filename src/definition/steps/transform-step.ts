import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full Transform arguments schema is being written.
export const TransformArguments = z.looseObject({});
export type TransformArguments = z.infer<typeof TransformArguments>;

/** A `Transform` step. */
export const TransformStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("Transform"),
  Arguments: TransformArguments,
});
export type TransformStep = z.infer<typeof TransformStep>;
