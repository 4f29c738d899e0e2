import { z } from "zod";
import { stepEnvelope } from "../common.js";

// PLACEHOLDER: the full Endpoint arguments schema is being written.
export const EndpointArguments = z.looseObject({});
export type EndpointArguments = z.infer<typeof EndpointArguments>;

/** A `Endpoint` step. */
export const EndpointStep = z.looseObject({
  ...stepEnvelope,
  Type: z.literal("Endpoint"),
  Arguments: EndpointArguments,
});
export type EndpointStep = z.infer<typeof EndpointStep>;
