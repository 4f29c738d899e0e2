import type { Condition, ConditionValue } from "../definition/conditions.js";
import { evaluate, EvaluationError, type EvaluationContext } from "./evaluate.js";

/** One evaluated condition: its type, the operand values it compared, and its result. */
export type ConditionEvaluation =
  | { readonly type: "Equals" | "GreaterThan" | "GreaterThanOrEqualTo" | "LessThan" | "LessThanOrEqualTo"; readonly left: unknown; readonly right: unknown; readonly result: boolean }
  | { readonly type: "In"; readonly query: unknown; readonly values: readonly unknown[]; readonly result: boolean }
  | { readonly type: "Not"; readonly condition: ConditionEvaluation; readonly result: boolean }
  | { readonly type: "Or"; readonly conditions: readonly ConditionEvaluation[]; readonly result: boolean };

/** A Condition step's decision: every condition (AND-ed) with its operands, and the branch taken. */
export interface ConditionDecision {
  readonly step: string;
  readonly outcome: boolean;
  readonly branch: "IfSteps" | "ElseSteps";
  readonly conditions: readonly ConditionEvaluation[];
}

/** Evaluates a Condition step's conditions with the run's values. */
export function decide(step: string, conditions: readonly Condition[], context: EvaluationContext): ConditionDecision {
  const evaluated = conditions.map((condition) => evaluateCondition(condition, context));
  const outcome = evaluated.every((condition) => condition.result);
  return { step, outcome, branch: outcome ? "IfSteps" : "ElseSteps", conditions: evaluated };
}

function evaluateCondition(condition: Condition, context: EvaluationContext): ConditionEvaluation {
  const value = (operand: ConditionValue) => {
    const result = evaluate(operand, context);
    if (typeof result === "object" && result !== null) throw new EvaluationError(`a condition operand did not evaluate to a value: ${JSON.stringify(result)}`);
    return result;
  };
  switch (condition.Type) {
    case "In": {
      const query = value(condition.QueryValue);
      const values = condition.Values.map(value);
      return { type: "In", query, values, result: values.some((candidate) => equals(query, candidate)) };
    }
    case "Not": {
      const inner = evaluateCondition(condition.Condition, context);
      return { type: "Not", condition: inner, result: !inner.result };
    }
    case "Or": {
      const inner = condition.Conditions.map((c) => evaluateCondition(c, context));
      return { type: "Or", conditions: inner, result: inner.some((c) => c.result) };
    }
    default: {
      const left = value(condition.LeftValue);
      const right = value(condition.RightValue);
      return { type: condition.Type, left, right, result: compare(condition.Type, left, right) };
    }
  }
}

function compare(type: "Equals" | "GreaterThan" | "GreaterThanOrEqualTo" | "LessThan" | "LessThanOrEqualTo", left: unknown, right: unknown): boolean {
  if (type === "Equals") return equals(left, right);
  const order = ordering(left, right);
  if (order === undefined) {
    throw new EvaluationError(`${type} cannot order ${JSON.stringify(left)} and ${JSON.stringify(right)}: compare numbers with numbers, or dates/strings with strings`);
  }
  switch (type) {
    case "GreaterThan":
      return order > 0;
    case "GreaterThanOrEqualTo":
      return order >= 0;
    case "LessThan":
      return order < 0;
    case "LessThanOrEqualTo":
      return order <= 0;
  }
}

/** Numbers (or numeric strings, as JSON files and Lambda outputs often carry) compare as numbers. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function equals(left: unknown, right: unknown): boolean {
  const l = asNumber(left);
  const r = asNumber(right);
  if (l !== undefined && r !== undefined) return l === r;
  return left === right;
}

function ordering(left: unknown, right: unknown): number | undefined {
  const l = asNumber(left);
  const r = asNumber(right);
  if (l !== undefined && r !== undefined) return Math.sign(l - r);
  if (typeof left === "string" && typeof right === "string") {
    const dl = Date.parse(left);
    const dr = Date.parse(right);
    if (Number.isFinite(dl) && Number.isFinite(dr)) return Math.sign(dl - dr);
    return left < right ? -1 : left > right ? 1 : 0;
  }
  return undefined;
}
