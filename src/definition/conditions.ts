import { z } from "zod";
import { strictObject } from "./strict-object.js";
import { Expression } from "./expressions.js";

/**
 * A condition operand: a primitive or an expression. (`Primitive`'s options are listed inline: the
 * same values, without a nested union that fails, and renders its messages, for every expression.)
 */
export const ConditionValue = z.union([z.string(), z.number(), z.boolean(), Expression]);
export type ConditionValue = z.infer<typeof ConditionValue>;

export const COMPARISON_TYPES = [
  "Equals",
  "GreaterThan",
  "GreaterThanOrEqualTo",
  "LessThan",
  "LessThanOrEqualTo",
] as const;
export type ComparisonType = (typeof COMPARISON_TYPES)[number];

/** `{"Type": "GreaterThanOrEqualTo", "LeftValue": ..., "RightValue": ...}` and the other comparisons. */
export interface ComparisonCondition {
  Type: ComparisonType;
  LeftValue: ConditionValue;
  RightValue: ConditionValue;
}
/** `{"Type": "In", "QueryValue": ..., "Values": [...]}`. */
export interface InCondition {
  Type: "In";
  QueryValue: ConditionValue;
  Values: ConditionValue[];
}
/** `{"Type": "Not", "Condition": ...}`. */
export interface NotCondition {
  Type: "Not";
  Condition: Condition;
}
/** `{"Type": "Or", "Conditions": [...]}`. */
export interface OrCondition {
  Type: "Or";
  Conditions: Condition[];
}
/** A condition of a Condition step (the step's list of conditions is AND-ed). */
export type Condition = ComparisonCondition | InCondition | NotCondition | OrCondition;

const comparison = (type: ComparisonType) =>
  strictObject({ Type: z.literal(type), LeftValue: ConditionValue, RightValue: ConditionValue });

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion("Type", [
    ...COMPARISON_TYPES.map(comparison),
    strictObject({ Type: z.literal("In"), QueryValue: ConditionValue, Values: z.array(ConditionValue).min(1) }),
    strictObject({ Type: z.literal("Not"), Condition }),
    strictObject({ Type: z.literal("Or"), Conditions: z.array(Condition).min(1).max(200) }),
  ] as unknown as [z.ZodObject, ...z.ZodObject[]]),
) as unknown as z.ZodType<Condition>;
