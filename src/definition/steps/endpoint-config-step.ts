import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full EndpointConfig arguments schema is being written.
export const EndpointConfigArguments = z.looseObject({});
export type EndpointConfigArguments = z.infer<typeof EndpointConfigArguments>;

/** A `EndpointConfig` step. */
export const EndpointConfigStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("EndpointConfig"),
  Arguments: EndpointConfigArguments,
});
export type EndpointConfigStep = z.infer<typeof EndpointConfigStep>;
