import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full RegisterModel arguments schema is being written.
export const RegisterModelArguments = z.looseObject({});
export type RegisterModelArguments = z.infer<typeof RegisterModelArguments>;

/** A `RegisterModel` step. */
export const RegisterModelStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("RegisterModel"),
  Arguments: RegisterModelArguments,
});
export type RegisterModelStep = z.infer<typeof RegisterModelStep>;
