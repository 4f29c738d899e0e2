import { isLiftable as isExpression } from "./values.js";
import { isObject, type JsonObject } from "../validate/step-index.js";
import { array, call, jsonCode, member, name, type Code } from "./code.js";
import type { ValueLifter } from "./values.js";

const COMPARISONS: Readonly<Record<string, string>> = {
  Equals: "eq",
  GreaterThan: "gt",
  GreaterThanOrEqualTo: "gte",
  LessThan: "lt",
  LessThanOrEqualTo: "lte",
};

/**
 * A condition of a Condition step as the builder writes it — `left.gte(right)`, `left.ne(right)`,
 * `query.in([...])`, `not(c)`, `or(a, b)` — or undefined when the typed methods cannot say it (a
 * literal on the left of a comparison).
 */
export function liftCondition(json: unknown, values: ValueLifter): Code | undefined {
  if (!isObject(json)) return undefined;
  const type = json.Type;
  if (typeof type === "string" && Object.hasOwn(COMPARISONS, type)) {
    if (!isExpression(json.LeftValue)) return undefined;
    return call(member(values.value(json.LeftValue), COMPARISONS[type] as string), values.value(json.RightValue));
  }
  if (type === "In") {
    if (!isExpression(json.QueryValue) || !Array.isArray(json.Values)) return undefined;
    return call(member(values.value(json.QueryValue), "in"), array(json.Values.map((v) => values.value(v))));
  }
  if (type === "Not") {
    const inner = json.Condition;
    if (isObject(inner) && inner.Type === "Equals" && isExpression(inner.LeftValue)) {
      return call(member(values.value(inner.LeftValue), "ne"), values.value(inner.RightValue));
    }
    const lifted = liftCondition(inner, values);
    return lifted === undefined ? undefined : call(name("not"), lifted);
  }
  if (type === "Or" && Array.isArray(json.Conditions)) {
    const conditions = json.Conditions.map((c) => liftCondition(c, values));
    return conditions.every((c) => c !== undefined) ? call(name("or"), ...(conditions as Code[])) : undefined;
  }
  return undefined;
}

/** The condition as `new PipelineCondition(json)`: the definition's own JSON, for what the typed methods cannot say. */
export function rawCondition(json: JsonObject): Code {
  return { kind: "new", callee: name("PipelineCondition"), args: [jsonCode(json)] };
}
