import type { Parameter } from "../definition/parameters.js";
import { NAME_PATTERN } from "../definition/expressions.js";
import { invalidTrigger } from "./checks.js";
import type { EventPath, StaticParameterValue, TriggerParameterValue } from "./types.js";

// what EventBridge evaluates in a target parameter: dot notation, array indices and wildcards
const EVENT_PATH = /^\$(?:\.(?:[A-Za-z0-9_-]+|\*)|\[(?:\d+|\*)\])+$/;

/**
 * A pipeline parameter value read from the triggering event when it arrives: a JSON path into the
 * EventBridge event. The path must be the whole value — EventBridge does not put a path inside a
 * longer text — so to pass `s3://<bucket>/<key>`, pass bucket and key as two parameters and join
 * them in the pipeline (`` join`s3://${params.Bucket}/${params.Key}` ``).
 *
 * @example
 * ```ts
 * onS3({ bucket: "my-data", prefix: "raw/", parameters: { Bucket: eventPath("$.detail.bucket.name"), Key: eventPath("$.detail.object.key") } })
 * ```
 */
export function eventPath(path: string): EventPath {
  if (typeof path !== "string" || !EVENT_PATH.test(path)) {
    throw invalidTrigger(
      `eventPath(${JSON.stringify(path)}) is not an event path: write a whole JSON path such as "$.detail.object.key" (dot notation, [index], *); EventBridge cannot put a path inside a longer value`,
    );
  }
  return Object.freeze({ kind: "event-path", path });
}

/**
 * True for a value made by {@link eventPath}.
 *
 * @example
 * ```ts
 * isEventPath(eventPath("$.detail.object.key")) // true
 * ```
 */
export function isEventPath(value: unknown): value is EventPath {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "event-path" && typeof (value as { path?: unknown }).path === "string";
}

/**
 * Checks a declaration's parameter values without knowing the pipeline: names, value kinds, event
 * paths (only where `dynamic`), and returns them frozen with their names in order.
 *
 * @example
 * ```ts
 * normalizeParameters({ Mode: "fast" }, "schedule \"nightly\"", false) // { values: { Mode: "fast" }, names: ["Mode"] }
 * ```
 */
export function normalizeParameters<V extends TriggerParameterValue>(
  parameters: Readonly<Record<string, V>> | undefined,
  what: string,
  dynamic: boolean,
): { readonly values: Readonly<Record<string, V>>; readonly names: readonly string[] } {
  if (parameters === undefined) return { values: Object.freeze({}), names: Object.freeze([]) };
  if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters)) {
    throw invalidTrigger(`${what}: parameters must be an object of parameter name to value`);
  }
  const names = Object.keys(parameters);
  if (names.length > 200) throw invalidTrigger(`${what}: at most 200 parameters can be set, got ${names.length}`);
  for (const name of names) {
    if (!NAME_PATTERN.test(name)) throw invalidTrigger(`${what}: "${name}" is not a parameter name (1–64 letters, digits, '-', '_')`);
    checkValue(parameters[name], `${what}: parameter "${name}"`, dynamic);
  }
  return { values: Object.freeze({ ...parameters }), names: Object.freeze(names) };
}

function checkValue(value: unknown, what: string, dynamic: boolean): void {
  if (isEventPath(value)) {
    if (!dynamic) throw invalidTrigger(`${what}: a schedule has no event to read ${value.path} from: give a static value`);
    return;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalidTrigger(`${what}: ${String(value)} is not a finite number`);
    return;
  }
  if (typeof value === "boolean") return;
  if (typeof value !== "string") {
    throw invalidTrigger(`${what}: the value must be a string, number or boolean${dynamic ? ', or eventPath("$.detail...")' : ""}, got ${describe(value)}`);
  }
  if (value === "") throw invalidTrigger(`${what}: the value is empty; AWS needs 1 to 1024 characters (leave the parameter out to use its default)`);
  if (value.length > 1024) throw invalidTrigger(`${what}: the value has ${value.length} characters, more than the 1024 AWS accepts`);
  if (value.startsWith("$.")) {
    throw invalidTrigger(`${what}: "${value}" would be read by EventBridge as an event path: write eventPath("${value}") for a value from the event`);
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Checks a declaration's parameters against the pipeline's: each name must be a declared
 * parameter, each static value must fit its type (and enum). With `complete`, every parameter
 * without a default must be set too, or the executions it starts would be refused.
 *
 * @example
 * ```ts
 * checkAgainstPipeline({ Threshold: "high" }, node.parameters, 'trigger "s3-data"') // throws: Threshold is Float
 * ```
 */
export function checkAgainstPipeline(
  values: Readonly<Record<string, TriggerParameterValue>>,
  declared: readonly Parameter[],
  what: string,
  options: { readonly complete?: boolean } = {},
): void {
  const byName = new Map(declared.map((p) => [p.Name, p]));
  for (const [name, value] of Object.entries(values)) {
    const parameter = byName.get(name);
    if (parameter === undefined) {
      const known = declared.map((p) => p.Name).join(", ") || "none";
      throw invalidTrigger(`${what}: parameter "${name}" is not declared by the pipeline (declared: ${known}); declare it with .param("${name}", ...) before the trigger`);
    }
    if (!isEventPath(value)) checkType(value, parameter, what);
  }
  if (options.complete === true) {
    const missing = declared.filter((p) => p.DefaultValue === undefined && !Object.hasOwn(values, p.Name)).map((p) => p.Name);
    if (missing.length > 0) {
      throw invalidTrigger(`${what}: pipeline parameter${missing.length === 1 ? "" : "s"} ${missing.map((n) => `"${n}"`).join(", ")} ha${missing.length === 1 ? "s" : "ve"} no default, so the trigger must set ${missing.length === 1 ? "it" : "them"}`);
    }
  }
}

function checkType(value: StaticParameterValue, parameter: Parameter, what: string): void {
  const text = String(value);
  const fail = (expected: string) => {
    throw invalidTrigger(`${what}: parameter "${parameter.Name}" is ${parameter.Type}, and ${JSON.stringify(value)} is not ${expected}`);
  };
  switch (parameter.Type) {
    case "Integer":
      if (!/^-?\d+$/.test(text)) fail("an integer");
      return;
    case "Float":
      if (typeof value === "boolean" || text.trim() === "" || !Number.isFinite(Number(text))) fail("a number");
      return;
    case "Boolean":
      if (text !== "true" && text !== "false") fail("true or false");
      return;
    case "String":
      if (parameter.EnumValues !== undefined && !parameter.EnumValues.includes(text)) fail(`one of ${parameter.EnumValues.map((v) => JSON.stringify(v)).join(", ")}`);
      return;
  }
}

/**
 * The `PipelineParameterList` of a target: static values as text, event paths as their path.
 *
 * @example
 * ```ts
 * parameterList({ Epochs: 10, Key: eventPath("$.detail.object.key") })
 * // [{ Name: "Epochs", Value: "10" }, { Name: "Key", Value: "$.detail.object.key" }]
 * ```
 */
export function parameterList(values: Readonly<Record<string, TriggerParameterValue | undefined>>): { Name: string; Value: string }[] {
  return Object.entries(values).flatMap(([Name, value]) => (value === undefined ? [] : [{ Name, Value: isEventPath(value) ? value.path : String(value) }]));
}
