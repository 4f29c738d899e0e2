import { isExpression, type SlotKind } from "../definition/expressions.js";
import { resolvePropertyPath } from "../definition/properties/resolve-property-path.js";
import { quotedKey, referencedStep } from "./references.js";
import { isObject, type JsonObject } from "./step-index.js";

/**
 * What a value resolves to: a slot kind, `"numeric"` for a step property that is a number (the AWS
 * shapes do not tell integers from floats), or `"unknown"` when it cannot be known before run time.
 */
export type ValueKindOf = SlotKind | "numeric" | "unknown";

/** What {@link valueKind} reads: parameter types and steps by name. */
export interface KindLookup {
  readonly parameters: ReadonlyMap<string, string>;
  readonly byName: ReadonlyMap<string, { readonly type: string; readonly value: JsonObject }>;
}

const fromDeclaredType = (type: unknown): ValueKindOf =>
  type === "String" ? "string" : type === "Integer" ? "integer" : type === "Float" ? "number" : type === "Boolean" ? "boolean" : "unknown";

/** The kind of value a literal or an expression of a definition resolves to. */
export function valueKind(value: unknown, lookup: KindLookup): ValueKindOf {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (!isExpression(value)) return "unknown";
  if ("Std:Join" in value) return "string";
  if (!("Get" in value)) return "unknown";
  const text: unknown = value.Get;
  // a malformed Get (the schema reports it): nothing is known of its value
  if (typeof text !== "string") return "unknown";
  if (text.startsWith("Parameters.")) return fromDeclaredType(lookup.parameters.get(text.slice("Parameters.".length)));
  if (text.startsWith("Execution.") || text.startsWith("PipelineExperimentConfig.")) return "string";
  // `/^Steps\.([A-Za-z0-9\-_]+)\.([\s\S]+)$/`, read by hand (string coercion asks for every slot of every compile)
  const name = referencedStep(text);
  const dot = name === undefined ? -1 : "Steps.".length + name.length;
  if (name === undefined || text.charCodeAt(dot) !== 46 || dot + 1 >= text.length) return "unknown";
  const target = lookup.byName.get(name);
  if (target === undefined) return "unknown";
  const property = text.slice(dot + 1);
  if (target.type === "Lambda" || target.type === "Callback") {
    const output = quotedKey(property, "OutputParameters", true);
    const outputs = target.value.OutputParameters;
    const declared = Array.isArray(outputs) ? outputs.find((o: unknown) => isObject(o) && o.OutputName === output) : undefined;
    return fromDeclaredType(isObject(declared) ? declared.OutputType : undefined);
  }
  const resolved = resolvePropertyPath(target.type, property);
  if (!resolved.ok) return "unknown";
  if (resolved.kind === "string" || resolved.kind === "timestamp") return "string";
  if (resolved.kind === "number") return "numeric";
  return resolved.kind === "boolean" ? "boolean" : "unknown";
}
