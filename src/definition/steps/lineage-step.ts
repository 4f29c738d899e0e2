import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full Lineage arguments schema is being written.
export const LineageArguments = z.looseObject({});
export type LineageArguments = z.infer<typeof LineageArguments>;

/** A `Lineage` step. */
export const LineageStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("Lineage"),
  Arguments: LineageArguments,
});
export type LineageStep = z.infer<typeof LineageStep>;
