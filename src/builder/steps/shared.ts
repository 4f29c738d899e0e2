import { Deferred } from "../../compile/deferred.js";
import { SagepipeError } from "../../errors.js";
import { setOwn } from "../../validate/json-data.js";
import { GetValue, JoinValue, PipelineValue, type PipelineScalar } from "../../model/expressions.js";
import type { Duration, RetryOptions, StepOptions } from "../../model/step-node.js";
import { posix } from "node:path";
import { describe, extendShape, optionShape, type KeysOf, type NestedShape, type OptionKeys, type OptionShape } from "../../options.js";

const RETRY = optionShape<RetryOptions>({ exceptions: "list", intervalSeconds: true, backoffRate: true, maxAttempts: true, expireAfterMinutes: true });
const DURATION = optionShape<Exclude<Duration, string>>({ years: true, months: true, weeks: true, days: true, hours: true, minutes: true, seconds: true });
const CACHE = optionShape<{ readonly expireAfter: Duration }>({ expireAfter: true }, { expireAfter: { object: DURATION } });

/** @internal The options every step takes, for the run-time check of option keys. */
export const STEP_OPTIONS: OptionShape = optionShape<StepOptions>(
  { displayName: true, description: true, dependsOn: "list", after: "list", cache: true, retry: "list" },
  { cache: { object: CACHE }, retry: { list: RETRY } },
);

/**
 * @internal The option shape of a step kind: the options every step takes, and `keys`, which must
 * name every other key of the step's option type `T`, no more (a compile error otherwise).
 *
 * @example
 * ```ts
 * const ENDPOINT_OPTIONS = stepOptionShape<EndpointOptions>({ endpointName: true, endpointConfigName: true, tags: true, raw: true });
 * ```
 */
export function stepOptionShape<T>(
  keys: Omit<OptionKeys<T>, keyof StepOptions>,
  nested: { readonly [K in Exclude<KeysOf<T>, keyof StepOptions>]?: NestedShape } = {},
): OptionShape {
  return extendShape(STEP_OPTIONS, keys as Readonly<Record<string, true | "list" | "map">>, nested as { readonly [key: string]: NestedShape });
}

/**
 * A string-only map (Environment, HyperParameters): literals become strings; pipeline values stay,
 * and the compiler wraps non-string ones in `Std:Join` as the Python SDK does.
 */
export function stringMap(
  values: { readonly [key: string]: PipelineScalar | PipelineValue<unknown> },
  where = "a string map",
): Record<string, string | PipelineValue<unknown>> {
  const out: Record<string, string | PipelineValue<unknown>> = {};
  for (const [key, value] of Object.entries(values)) {
    // a value settled when compiling (a framework step's region, its code's S3 URI) stays too
    const item: unknown = value;
    if (item instanceof PipelineValue || item instanceof Deferred) setOwn(out, key, item as PipelineValue<unknown>);
    else if (typeof value === "string") setOwn(out, key, value);
    else if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) setOwn(out, key, JSON.stringify(value));
    else {
      throw new SagepipeError(
        "invalid-value",
        `${where}: "${key}" is ${value === null ? "null" : value === undefined ? "undefined" : typeof value === "number" ? String(value) : `a ${Array.isArray(value) ? "list" : typeof value}`}; the values are strings, numbers, booleans or pipeline values (leave the key out instead of null)`,
      );
    }
  }
  return out;
}

/**
 * @internal True for an `s3://` URI, its scheme in any case (as the Python SDK's `urlparse` reads
 * it): code or data already in S3, used as it is rather than uploaded from a local path.
 *
 * @example
 * ```ts
 * isS3Uri("s3://bucket/code/run.py") // true
 * isS3Uri("./run.py") // false
 * ```
 */
export const isS3Uri = (value: unknown): boolean => typeof value === "string" && value.slice(0, 5).toLowerCase() === "s3://";

/**
 * @internal The file name an `s3://` URI ends with, as the Python SDK's processors take it
 * (`os.path.basename(urlparse(code).path)`); undefined when the URI names no file.
 *
 * @example
 * ```ts
 * s3FileName("s3://bucket/code/preprocess.py") // "preprocess.py"
 * s3FileName("s3://bucket/code/") // undefined
 * ```
 */
export function s3FileName(uri: string): string | undefined {
  const path = uri.slice("s3://".length).replace(/[?#].*$/, "");
  const slash = path.indexOf("/");
  const file = slash === -1 ? "" : path.slice(path.lastIndexOf("/") + 1);
  return file === "" ? undefined : file;
}

/**
 * @internal A pipeline value as the Python SDK's `to_string()` makes it a string, which its
 * estimators and tuners apply to every hyperparameter (`sagemaker.utils.to_string`): a String
 * parameter, an execution variable and a Join stay as they are (`ParameterString`,
 * `ExecutionVariable` and `Join` return themselves); anything else — another parameter type, a
 * step's property (a string one too), a Lambda output, a JsonGet, a PipelineExperimentConfig
 * property — is wrapped in `{"Std:Join": {"On": "", "Values": [value]}}` (`PipelineVariable.to_string`,
 * sagemaker/workflow/entities.py).
 *
 * @example
 * ```ts
 * sdkToString(steps.Prep.properties.ProcessingJobName) // {"Std:Join": {"On": "", "Values": [{"Get": "Steps.Prep.ProcessingJobName"}]}}
 * sdkToString(params.Name) // {"Get": "Parameters.Name"} (a String parameter)
 * ```
 */
export function sdkToString(value: PipelineValue<unknown>): PipelineValue<unknown> {
  if (value instanceof JoinValue) return value;
  if (value instanceof GetValue && (value.reference.startsWith("Execution.") || (value.reference.startsWith("Parameters.") && value.kind === "string"))) return value;
  return new JoinValue("", [value]);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Merges `override` over `base`: objects key by key, anything else (arrays, values) replaced.
 * This is how a step's `raw` request reaches fields the high-level options do not cover; a key set
 * to `undefined` is removed.
 */
export function deepMerge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) return (override === undefined ? base : override) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) {
      // `raw: { StoppingCondition: undefined }` removes what the options generated
      delete out[key];
      continue;
    }
    setOwn(out, key, Object.hasOwn(out, key) ? deepMerge(out[key], value) : value);
  }
  return out as T;
}

/**
 * @internal Checks a step's `code` option, for callers TypeScript does not see: the path of a script
 * (or its S3 URI), or `{ dir, entryPoint }`. A path that can only name a directory (`""`, `"."`,
 * `"./scripts/"`) is refused: it would upload the directory and run `python3 <code dir>/`.
 *
 * @example
 * ```ts
 * checkCode(`Processing step "A"`, "./scripts/"); // SagepipeError invalid-source: ... names a directory, not a script
 * ```
 */
export function checkCode(where: string, code: unknown): void {
  if (typeof code === "string") {
    const file = posix.basename(code);
    if (isS3Uri(code) || (!code.endsWith("/") && file !== "" && file !== "." && file !== "..")) return;
    throw new SagepipeError(
      "invalid-source",
      `${where}: code ${JSON.stringify(code)} names a directory, not a script: give the script's path ("./scripts/preprocess.py"), or { dir: ${JSON.stringify(code)}, entryPoint: "preprocess.py" }`,
    );
  }
  if (isPlainObject(code) && typeof code.dir === "string" && typeof code.entryPoint === "string" && code.entryPoint !== "") return;
  throw new SagepipeError(
    "invalid-option",
    `${where}: code is the path of a script ("./scripts/preprocess.py") or { dir, entryPoint } (both strings), got ${isPlainObject(code) ? `{ dir: ${describe(code.dir)}, entryPoint: ${describe(code.entryPoint)} }` : describe(code)}`,
  );
}
