import { isObject, type JsonObject } from "../../validate/step-index.js";
import { lit, object, type Code, type Entry } from "../code.js";
import type { ChainStep } from "../chain.js";
import type { HandleInfo, Method, ValueLifter } from "../values.js";
import { jsonEqual } from "../json.js";

/** What a step lifter reads. */
export interface LiftInput {
  readonly step: ChainStep;
  /** The step's `Arguments`. */
  readonly args: JsonObject;
  /** The step-level keys besides the envelope (FunctionArn, OutputParameters, PropertyFiles, CheckType, ...). */
  readonly keys: JsonObject;
  readonly values: ValueLifter;
  /** The definition JSON of the default S3 location `parts` under the inferred asset bucket, if any. */
  readonly defaultLocation: (parts: readonly string[]) => unknown;
  /** The zod schema (as code) inferred for a property file of this step. */
  readonly propertyFileSchema: (file: string) => Code | undefined;
  /** How an earlier step was written (what its handle offers). */
  readonly handleOf: (step: string) => HandleInfo | undefined;
}

/** A step written with a high-level builder method. */
export interface Lifted {
  readonly method: Exclude<Method, "rawStep" | "when" | "fail">;
  /** The options that say what the step does (the common options are added by the importer). */
  readonly options: readonly Entry[];
  /** What the handle offers later steps. */
  readonly handle: Omit<HandleInfo, "type" | "method">;
}

/** Turns a step's Arguments into high-level options; undefined when the step is better written with `rawStep`. */
export type Lifter = (input: LiftInput) => Lifted | undefined;

/** The entry `key: value` when the value is set and differs from the option's default. */
export function option(key: string, json: unknown, values: ValueLifter, defaultValue?: unknown): readonly [string, Code | undefined] {
  if (json === undefined || (defaultValue !== undefined && jsonEqual(json, defaultValue))) return [key, undefined];
  return [key, values.value(json)];
}

/** A literal option restricted to `allowed` (a TypeScript union): undefined when the value is another one or an expression. */
export function literalOption(key: string, json: unknown, allowed: readonly string[], defaultValue?: string): readonly [string, Code | undefined] {
  if (typeof json !== "string" || !allowed.includes(json) || json === defaultValue) return [key, undefined];
  return [key, lit(json)];
}

/** A string-only map (environment, hyperparameters): each value as the option takes it. */
export function stringMapOption(json: unknown, values: ValueLifter, numbers = false): Code | undefined {
  if (!isObject(json)) return undefined;
  return object(
    Object.entries(json).map(([key, value]) => {
      if (numbers && typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) && JSON.stringify(Number(value)) === value) return [key, lit(Number(value))] as const;
      return [key, values.stringMapValue(value)] as const;
    }),
  );
}

/** A tag list `[{Key, Value}]` as a record, when the keys are distinct literals. */
export function tagsOption(json: unknown, values: ValueLifter): Code | undefined {
  if (!Array.isArray(json)) return undefined;
  const keys = new Set<string>();
  const entries: (readonly [string, Code])[] = [];
  for (const tag of json) {
    if (!isObject(tag) || typeof tag.Key !== "string" || keys.has(tag.Key) || Object.keys(tag).length !== 2 || !("Value" in tag)) return undefined;
    keys.add(tag.Key);
    entries.push([tag.Key, values.value(tag.Value)]);
  }
  return object(entries);
}

/** A list of literals or expressions of one kind: undefined when it holds objects. */
export function listOption(json: unknown, values: ValueLifter): Code | undefined {
  if (!Array.isArray(json) || json.some((item) => isObject(item) && !("Get" in item || "Std:Join" in item || "Std:JsonGet" in item))) return undefined;
  return values.value(json);
}

/** The object at `key`, or an empty one. */
export const objectAt = (json: JsonObject, key: string): JsonObject => (isObject(json[key]) ? json[key] : {});
