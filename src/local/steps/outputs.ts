import { LocalStepError } from "../errors.js";
import { list, text } from "../../runtime/json-fields.js";

/**
 * Checks a handler's result against the step's declared `OutputParameters`: each declared output must
 * be there, with a value of its `OutputType` (numeric and boolean text is converted).
 */
export function checkOutputs(declared: unknown, result: unknown, who: string): Record<string, string | number | boolean> {
  const values = typeof result === "object" && result !== null ? (result as Record<string, unknown>) : {};
  const outputs: Record<string, string | number | boolean> = {};
  const problems: string[] = [];
  for (const output of list(declared)) {
    const name = text(output.OutputName) ?? "";
    const type = text(output.OutputType) ?? "String";
    const value = values[name];
    if (value === undefined || value === null) {
      problems.push(`output "${name}" (${type}) is missing`);
      continue;
    }
    const converted = convert(value, type);
    if (converted === undefined) problems.push(`output "${name}" should be ${type}, got ${JSON.stringify(value)}`);
    else outputs[name] = converted;
  }
  if (problems.length > 0) throw new LocalStepError(`${who} returned outputs that do not match the step's OutputParameters: ${problems.join("; ")}`);
  return outputs;
}

function convert(value: unknown, type: string): string | number | boolean | undefined {
  switch (type) {
    case "Integer": {
      const number = typeof value === "string" ? Number(value) : value;
      return typeof number === "number" && Number.isInteger(number) ? number : undefined;
    }
    case "Float": {
      const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      return typeof number === "number" && Number.isFinite(number) ? number : undefined;
    }
    case "Boolean":
      return typeof value === "boolean" ? value : value === "true" ? true : value === "false" ? false : undefined;
    default:
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
  }
}
