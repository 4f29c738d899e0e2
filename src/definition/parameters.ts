import { z } from "zod";
import { strictObject } from "./strict-object.js";
import { NAME_PATTERN } from "./expressions.js";
import { coded, named } from "./rules.js";

const ParameterName = z
  .string()
  .regex(NAME_PATTERN, { message: "a parameter name is 1–64 characters of letters, digits, '-' and '_'" });

const Description = z.string().max(4096).optional();

const defaultInEnum = named(
  "default-in-enum",
  (p: { EnumValues?: readonly string[] | undefined; DefaultValue?: string | undefined }) => p.EnumValues === undefined || p.DefaultValue === undefined || p.EnumValues.includes(p.DefaultValue),
);

/** A `String` parameter, optionally restricted to `EnumValues`. */
export const StringParameter = strictObject({
  Name: ParameterName,
  Type: z.literal("String"),
  DefaultValue: z.string().max(2048).optional(),
  EnumValues: z.array(z.string().max(2048)).min(1).max(16).optional(),
  Description,
})
  .refine(
    defaultInEnum,
    coded("default-not-in-enum", "DefaultValue must be one of EnumValues: add it to EnumValues or change the default", ["DefaultValue"]),
  );

/** An `Integer` parameter. */
export const IntegerParameter = strictObject({
  Name: ParameterName,
  Type: z.literal("Integer"),
  DefaultValue: z.number().int().optional(),
  Description,
});

/** A `Float` parameter. */
export const FloatParameter = strictObject({
  Name: ParameterName,
  Type: z.literal("Float"),
  DefaultValue: z.number().optional(),
  Description,
});

/** A `Boolean` parameter. */
export const BooleanParameter = strictObject({
  Name: ParameterName,
  Type: z.literal("Boolean"),
  DefaultValue: z.boolean().optional(),
  Description,
});

/** A pipeline parameter: a value supplied when an execution starts, or its default. */
export const Parameter = z.discriminatedUnion("Type", [
  StringParameter,
  IntegerParameter,
  FloatParameter,
  BooleanParameter,
]);
export type Parameter = z.infer<typeof Parameter>;
export type ParameterType = Parameter["Type"];
