import { z } from "zod";
import { isPlainObject } from "../options.js";
import { didYouMean } from "../validate/suggest.js";
import { LocalRunError } from "./errors.js";
import type { GraphStep } from "./graph.js";
import type { StepOutcome } from "./stub.js";
import type { RunTarget } from "./target.js";

/** The zod schemas a pipeline's property files declare: by step name, then property file name. */
export type PropertyFileSchemas = ReadonlyMap<string, Readonly<Record<string, z.core.$ZodType>>>;

/**
 * The property-file schemas of a run target. Only a builder knows them; a compiled pipeline or a
 * definition (JSON) carries none, so nothing is checked against a schema for those.
 *
 * @example
 * ```ts
 * propertyFileSchemasOf(churn).get("Evaluate")?.report // the zod schema of "report"
 * ```
 */
export function propertyFileSchemasOf(target: RunTarget): PropertyFileSchemas {
  const schemas = new Map<string, Readonly<Record<string, z.core.$ZodType>>>();
  if (!("toNode" in target)) return schemas;
  for (const placed of target.toNode().steps) {
    if (placed.node.propertyFileSchemas !== undefined) schemas.set(placed.node.name, placed.node.propertyFileSchemas);
  }
  return schemas;
}

/**
 * Why `value` does not match `schema` (the first issues, each with its JSON path), or `undefined`.
 *
 * @example
 * ```ts
 * schemaProblem(z.object({ value: z.number() }), { value: "0.9" }) // "at value: Invalid input: expected number, received string"
 * ```
 */
export function schemaProblem(schema: z.core.$ZodType, value: unknown): string | undefined {
  let result: ReturnType<typeof z.safeParse>;
  try {
    result = z.safeParse(schema, value);
  } catch (error) {
    return `the schema threw: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (result.success) return undefined;
  const issues = result.error?.issues ?? [];
  const shown = issues.slice(0, 3).map((issue) => `at ${issue.path.length === 0 ? "(the document)" : issue.path.map(String).join(".")}: ${issue.message}`);
  return `${shown.join("; ")}${issues.length > 3 ? `; and ${issues.length - 3} more` : ""}` || "the schema refused it";
}

/**
 * Where a stubbed value holds something a JSON document cannot (NaN, Infinity, undefined, a
 * function, a Map...), as `<path> is <what>`; `undefined` when it is plain JSON data. A property
 * file or an output a real step produces is JSON, so a stub that is not could never happen.
 */
function nonJson(value: unknown, path: string): string | undefined {
  const pending: { value: unknown; path: string }[] = [{ value, path }];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const { value: current, path: at } = pending.pop() as { value: unknown; path: string };
    if (current === null || typeof current === "string" || typeof current === "boolean") continue;
    if (typeof current === "number") {
      if (!Number.isFinite(current)) return `${at} is ${String(current)}, which JSON cannot carry`;
      continue;
    }
    if (typeof current !== "object") return `${at} is ${current === undefined ? "undefined" : `a ${typeof current}`}, which JSON cannot carry`;
    if (seen.has(current)) return `${at} contains itself, which JSON cannot carry`;
    seen.add(current);
    if (Array.isArray(current)) {
      current.forEach((item: unknown, index) => pending.push({ value: item, path: `${at}[${index}]` }));
      continue;
    }
    if (!isPlainObject(current)) {
      const kind = (current as { constructor?: { name?: unknown } }).constructor?.name;
      return `${at} is ${typeof kind === "string" && kind !== "" ? `a ${kind}` : "not a plain object"}, which JSON cannot carry as such: give the JSON value`;
    }
    for (const [key, item] of Object.entries(current)) pending.push({ value: item, path: `${at}.${key}` });
  }
  return undefined;
}

function declaredNames(list: unknown, key: string): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    const name = item !== null && typeof item === "object" ? (item as Record<string, unknown>)[key] : undefined;
    return typeof name === "string" ? [name] : [];
  });
}

/**
 * Checks stubbed step outcomes against what the pipeline declares, before anything runs: property
 * files the step declares (and, for a builder, match their zod schemas), Lambda/Callback outputs it
 * declares, values JSON can carry. A stub that could never happen would let a test pass that the
 * pipeline in SageMaker fails, so each is a `LocalRunError` `local-stub-invalid` with its path.
 * (Stubs naming no step are reported by the caller.)
 *
 * @example
 * ```ts
 * checkStubs("simulate", "outputs", options.outputs ?? {}, graph, propertyFileSchemasOf(target));
 * ```
 */
export function checkStubs(
  where: string,
  option: string,
  stubs: Readonly<Record<string, StepOutcome | undefined>>,
  graph: readonly GraphStep[],
  schemas: PropertyFileSchemas,
): void {
  const byName = new Map(graph.map((step) => [step.name, step]));
  const fail = (message: string): never => {
    throw new LocalRunError("local-stub-invalid", `${where}: ${message}`);
  };
  for (const [stepName, outcome] of Object.entries(stubs)) {
    const step = byName.get(stepName);
    if (step === undefined || outcome === undefined) continue;
    const at = `${option}.${stepName}`;
    if (!isPlainObject(outcome)) return fail(`${at} must be an object such as { propertyFiles: {...} }, { outputs: {...} }, { properties: {...} } or { fail: "reason" }`);
    if (outcome.fail !== undefined && typeof outcome.fail !== "string") fail(`${at}.fail must be the failure reason, a string`);
    const files: unknown = outcome.propertyFiles;
    if (files !== undefined) {
      if (!isPlainObject(files)) return fail(`${at}.propertyFiles must be an object: each property file's JSON by name`);
      const declared = declaredNames(step.value.PropertyFiles, "PropertyFileName");
      for (const [file, value] of Object.entries(files)) {
        const path = `${at}.propertyFiles.${file}`;
        if (!declared.includes(file)) {
          fail(
            `${path}: step "${stepName}" has no property file "${file}".${didYouMean(file, declared)} ${declared.length === 0 ? `It declares none.` : `Its property files: ${declared.join(", ")}.`}`,
          );
        }
        const problem = nonJson(value, path);
        if (problem !== undefined) fail(problem);
        const schema = schemas.get(stepName)?.[file];
        const mismatch = schema === undefined ? undefined : schemaProblem(schema, value);
        if (mismatch !== undefined) fail(`${path} does not match the schema of property file "${file}": ${mismatch}`);
      }
    }
    const outputs: unknown = outcome.outputs;
    if (outputs !== undefined) {
      if (step.type !== "Lambda" && step.type !== "Callback") {
        fail(`${at}.outputs: step "${stepName}" is a ${step.type} step; only Lambda and Callback steps have outputs (stub property files with propertyFiles, Describe* fields with properties)`);
      }
      if (!isPlainObject(outputs)) return fail(`${at}.outputs must be an object: each output's value by name`);
      const declared = declaredNames(step.value.OutputParameters, "OutputName");
      for (const [name, value] of Object.entries(outputs)) {
        const path = `${at}.outputs.${name}`;
        if (!declared.includes(name)) {
          fail(`${path}: step "${stepName}" has no output "${name}".${didYouMean(name, declared)} ${declared.length === 0 ? "It declares none." : `Its outputs: ${declared.join(", ")}.`}`);
        }
        if (!["string", "number", "boolean"].includes(typeof value)) fail(`${path} must be a string, a number or a boolean, got ${value === null ? "null" : typeof value}`);
        const problem = nonJson(value, path);
        if (problem !== undefined) fail(problem);
      }
    }
  }
}
