import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { str } from "../expressions.js";

/** `Fail` arguments: the message the execution fails with. */
export const FailArguments = lazySchema(() =>
  strictObject({
    ErrorMessage: str({ max: 3072 }),
  })
);
export type FailArguments = z.infer<typeof FailArguments>;

/** A `Fail` step: ends the execution as Failed with `ErrorMessage`. */
export const FailStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("Fail"),
    Arguments: FailArguments,
  }),
  { Type: ["Fail"] },
);
export type FailStep = z.infer<typeof FailStep>;
