/**
 * Reading values out of JSON the runtime did not type: resolved step Arguments, Describe* responses.
 */

/** A string (numbers and booleans as text) field, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
}

/** The objects of a list field ([] when absent). */
export function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null) : [];
}

/** An object field ({} when absent). */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
