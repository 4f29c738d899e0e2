import type { z } from "zod";
import type { Expression, JoinExpression, SlotKind } from "../definition/expressions.js";
import type { PipelineDefinition, PipelineExperimentConfig } from "../definition/pipeline-definition.js";
import { DEFINITION_VERSION } from "../definition/pipeline-definition.js";
import { PipelineDefinition as PipelineDefinitionSchema } from "../definition/pipeline-definition.js";
import { Step as StepSchema, stepAcceptedBySchema } from "../definition/step.js";
import { SagepipeError } from "../errors.js";
import { onlyKey } from "../definition/expressions.js";
import { anotherCopyNote, GetValue, isFromAnotherCopy, PipelineValue } from "../model/expressions.js";
import type { PipelineNode, PlacedStep } from "../model/pipeline-node.js";
import type { StepNode } from "../model/step-node.js";
import { formatIssues, formatJsonPath, type PathSegment, type ValidationIssue } from "../validate/issues.js";
import { MAX_DEPTH, readJsonData, setOwn } from "../validate/json-data.js";
import { fastSchemaCheck, interpretedSchemaCheck, type Marked } from "../validate/fast-schema.js";
import { valueKind } from "../validate/kinds.js";
import { referencedStep, ruleReferences, type FoundReference } from "../validate/references.js";
import type { Quotas } from "../validate/rules.js";
import { checkedSlotMarks, collectTypedSlots, interpretedSlotMarks, type TypedSlot } from "../validate/slots.js";
import { indexSteps, isObject, type IndexedStep, type JsonObject } from "../validate/step-index.js";
import { QUOTA_OPTIONS, firstOfEachName, valueLimit, validateWith } from "../validate/validate-definition.js";
import { DefaultLocation, LocalAsset, assetPrefix, assetResolver, type CodeAsset } from "./assets.js";
import { Deferred, isRegionName, type DeferredContext } from "./deferred.js";
import { checkOptions, optionShape } from "../options.js";

/** Options of {@link compile}. */
export interface CompileOptions {
  /** Service quotas to validate against, when your account's are higher. */
  readonly quotas?: Partial<Quotas>;
  /**
   * Directory that relative local code paths are read from. @default the directory of the file
   * that called `pipeline()` (see the README, "Local code"), else `process.cwd()`
   */
  readonly baseDir?: string;
  /**
   * How step Arguments are validated: `"loose"` accepts API fields newer than this sagepipe (see
   * `validateDefinition`). @default "strict"
   */
  readonly arguments?: "strict" | "loose";
  /**
   * The AWS region to compile for, over the pipeline's `.region(...)`: it picks the prebuilt images
   * of framework steps (`imageUri`) and is the script-mode `sagemaker_region`.
   */
  readonly region?: string;
}

/** @internal The keys of {@link CompileOptions}, checked at run time. */
export const COMPILE_OPTIONS = optionShape<CompileOptions>(
  { quotas: true, baseDir: true, arguments: true, region: true },
  { quotas: { object: QUOTA_OPTIONS } },
);

/** The result of {@link compile}. */
export interface CompiledPipeline {
  /** The pipeline's name (the CreatePipeline `PipelineName`). */
  readonly name: string;
  /** The definition, validated. */
  readonly definition: PipelineDefinition;
  /** The definition as JSON text: byte-identical for the same pipeline. */
  readonly json: string;
  /** Local code to upload before the pipeline runs, with the S3 location the definition names. */
  readonly assets: readonly CodeAsset[];
  /**
   * The pipeline's asset location (`.assets({ bucket, prefix })`), when it declares one: where
   * `upsert` puts code assets and a definition too large to send inline — also when the pipeline
   * has no local code.
   */
  readonly assetLocation?: { readonly bucket: string; readonly prefix?: string };
}

/** Thrown by {@link compile} when the pipeline it built is not a valid definition. */
export class CompileError extends SagepipeError {
  readonly issues: readonly ValidationIssue[];

  constructor(name: string, issues: readonly ValidationIssue[]) {
    super("invalid-pipeline", `pipeline "${name}" does not compile to a valid definition (${issues.length} issue${issues.length === 1 ? "" : "s"}):\n${formatIssues(issues)}`);
    this.name = "CompileError";
    this.issues = issues;
  }
}

/** The Python SDK's default experiment config: one experiment per pipeline, one trial per run. */
export const DEFAULT_EXPERIMENT_CONFIG: PipelineExperimentConfig = Object.freeze({
  ExperimentName: Object.freeze({ Get: "Execution.PipelineName" }),
  TrialName: Object.freeze({ Get: "Execution.PipelineExecutionId" }),
});

/** Something that can be compiled: a pipeline builder or its node. */
export interface Compilable {
  toNode(): PipelineNode;
}

/**
 * Compiles a pipeline to its SageMaker definition: pure and offline (it reads local code files to
 * hash them, nothing else), deterministic, and validated — it throws a {@link CompileError} listing
 * every issue rather than return a definition SageMaker would reject.
 *
 * @example
 * ```ts
 * const { json, definition } = compile(pipeline("Churn").param("Threshold", "Float", { default: 0.8 }).fail("Stop", "stopped"));
 * // {"Version":"2020-12-01","Metadata":{},"Parameters":[{"Name":"Threshold","Type":"Float","DefaultValue":0.8}],...}
 * ```
 */
export function compile(pipeline: Compilable | PipelineNode, options: CompileOptions = {}): CompiledPipeline {
  checkOptions("compile", options, COMPILE_OPTIONS);
  const node = "toNode" in pipeline ? pipeline.toNode() : pipeline;
  if (options.region !== undefined && !isRegionName(options.region)) {
    throw new SagepipeError("invalid-region", `compile: "${String(options.region)}" is not an AWS region name (e.g. us-east-1)`);
  }
  // relative code paths: baseDir, else the directory of the file that called pipeline(), else the working directory
  const baseDir = options.baseDir ?? node.sourceDir ?? process.cwd();
  const assets = assetResolver(node, baseDir);
  const assembled = readIfUnplain(
    node.name,
    assemble(node, {
      pipeline: node.name,
      region: options.region ?? node.region,
      baseDir,
      uriOf: assets.uriOf,
      generated: assets.generated,
      parameterDefault: (name) => node.parameters.find((parameter) => parameter.Name === name)?.DefaultValue,
    }),
    options,
  );
  const { definition } = assembled;
  // string coercion, the JSON text, and the schema check of the steps not remembered unchanged
  const memory = remembered.get(pipeline);
  const checked = checkSteps(assembled, memory);
  const validateOptions = {
    ...(options.quotas === undefined ? {} : { quotas: options.quotas }),
    ...(options.arguments === undefined ? {} : { arguments: options.arguments }),
  };
  // when a step failed the schema, validateWith parses the whole document to report every issue
  const facts = new StepFacts(checked.findings);
  const result = validateWith(definition, validateOptions, {
    slots: checked.slots,
    steps: checked.steps,
    byName: checked.byName,
    // (the JSON text is written when the rules ask for its length, the last thing they do: a text
    // of many steps written before them would be held, and copied by the garbage collector, while
    // they run)
    serializedLength: () => checked.json().length,
    schemaValid: checked.schemaValid,
    plainJson: true,
    // what is remembered of a step's references serves the next compile: none after a first one
    ...(memory === undefined ? {} : { references: (step: IndexedStep) => facts.referencesOf(step) }),
    // counted while assembling; on a document the schema rejects, the rules count (and report) for themselves
    ...(checked.schemaValid ? { jsonGets: assembled.jsonGets } : {}),
  });
  if (!result.success) throw new CompileError(node.name, result.issues);
  // a pipeline's steps are remembered from its second compile on: one compiled once (a CLI run, a
  // test) does not pay for keeping them
  remembered.set(pipeline, memory === undefined ? COMPILED_ONCE : checked.remember((index) => facts.at(index)));
  return compiledPipeline(node.name, definition, checked.json(), assets.list(), node.assets);
}

/**
 * The assembled document itself when it is plain JSON data of bounded depth (almost always);
 * otherwise read into a copy that is, or, when it holds what JSON cannot (a function, `NaN`, a
 * value that contains itself, nesting past MAX_DEPTH) or a `__proto__` key, a {@link CompileError}
 * with each of those and every other issue.
 */
function readIfUnplain(name: string, assembled: Assembled, options: CompileOptions): Assembled {
  if (assembled.plainJson && !assembled.deep) return assembled;
  const data = readJsonData(assembled.definition, valueLimit(options.quotas), { rejectProtoKeys: true });
  if (data.copy !== undefined && data.issues.length === 0) return { ...assembled, definition: data.copy as JsonObject, deep: false };
  const result = validateWith(assembled.definition, {
    ...(options.quotas === undefined ? {} : { quotas: options.quotas }),
    ...(options.arguments === undefined ? {} : { arguments: options.arguments }),
  });
  throw new CompileError(name, result.success ? data.issues.map((issue) => ({ ...issue, jsonPath: formatJsonPath(issue.path) })) : result.issues);
}

/** Where a compile result keeps its document and whether it was frozen yet (not enumerable). */
const COMPILED = Symbol("sagepipe.compiled");

interface CompiledState {
  readonly definition: JsonObject;
  frozen: boolean;
}

/** The `definition` getter of every compile result: the document, deep-frozen when first read. */
function frozenDefinition(this: { readonly [COMPILED]: CompiledState }): PipelineDefinition {
  const state = this[COMPILED];
  if (!state.frozen) {
    deepFreeze(state.definition);
    state.frozen = true;
  }
  return state.definition as unknown as PipelineDefinition;
}

/**
 * A frozen {@link CompiledPipeline} with `name`, `definition`, `json`, `assets` (and `assetLocation`
 * when declared) as its own enumerable properties (spreads, `JSON.stringify` and `structuredClone`
 * see them all). `definition`
 * is the assembled document, not the schema's parse output (parsing reorders keys), frozen when first
 * read.
 *
 * One getter function serves every result: a getter closure per result (`{ get definition() {...} }`
 * in an object literal) gives each result a hidden class of its own, which V8 keeps in old space
 * until a full garbage collection, and the whole document with it (measured: every compiled document
 * was promoted out of the young generation).
 */
function compiledPipeline(name: string, definition: JsonObject, json: string, assets: readonly CodeAsset[], location: PipelineNode["assets"]): CompiledPipeline {
  const result = { name } as { name: string };
  Object.defineProperty(result, "definition", { get: frozenDefinition, enumerable: true });
  Object.assign(result, { json, assets });
  if (location !== undefined) {
    Object.assign(result, { assetLocation: Object.freeze({ bucket: location.bucket, ...(location.prefix === undefined ? {} : { prefix: location.prefix }) }) });
  }
  Object.defineProperty(result, COMPILED, { value: { definition, frozen: false } satisfies CompiledState });
  return Object.freeze(result) as unknown as CompiledPipeline;
}

/** The assembled document, before string coercion. */
interface Assembled {
  readonly definition: JsonObject;
  /** The model node of each of `definition.Steps`. */
  readonly topNodes: readonly StepNode[];
  /**
   * False when a value of the document is not plain JSON (a non-finite number, a function,
   * `undefined` in a list, ...): its JSON text then does not say what the document holds.
   */
  readonly plainJson: boolean;
  /** The number of `Std:JsonGet` expressions in the steps. */
  readonly jsonGets: number;
  /** True when a value of a step nests so deep that the document may be nested too deep. */
  readonly deep: boolean;
}

function assemble(node: PipelineNode, context: DeferredContext): Assembled {
  const { uriOf } = context;
  const defaultLocation = defaultLocations(node);
  let plainJson = true;
  // the Std:JsonGets of the steps (every object of a step is made by toJson or copyExpression)
  let jsonGets = 0;
  // the steps the value being converted references (its data dependencies), when collecting
  let references: string[] | undefined;
  // notes what an object of the document is: a Std:JsonGet, a reference to a step
  const noteReference = (value: Record<string, unknown>): void => {
    if (Object.hasOwn(value, "Std:JsonGet")) jsonGets++;
    if (references !== undefined && typeof value.Get === "string" && onlyKey(value) === "Get") noteGet(value.Get);
  };
  // notes the text of a Get the value being converted holds, when collecting its references
  const noteGet = (text: string): void => {
    const step = referencedStep(text);
    // (a list: a step references a few steps, often one several times in a row)
    if (step !== undefined && references !== undefined && references.at(-1) !== step) references.push(step);
  };
  // a list with its holes filled with `undefined` (what reading them gives), so that they count as
  // not plain; of its exact length (a copy of a plain array, its items replaced: a list grown by
  // push has room for 16 more)
  const listOf = (value: readonly unknown[], item: (value: unknown) => unknown): unknown[] => {
    if (Object.getPrototypeOf(value) === Array.prototype) {
      const out = value.slice();
      for (let i = 0; i < value.length; i++) out[i] = item(value[i]);
      return out;
    }
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(item(value[i]));
    return out;
  };
  // a copy, so that every object of the document is its own (compile freezes them)
  // how deep the copy is: a value nested deeper than MAX_DEPTH (or that contains itself) is left as
  // it is, and a document with values nested near it is read by the validator's reader first, which
  // reports what is too deep with its path
  let depth = 0;
  let deep = false;
  const copyExpression = (value: unknown): unknown => {
    if (typeof value !== "object" || value === null) {
      if (plainJson && !isPlainLeaf(value)) plainJson = false;
      return value;
    }
    if (++depth > DEEP) deep = true;
    const out = depth > MAX_DEPTH ? value : expressionJson(value);
    depth--;
    return out;
  };
  const expressionJson = (value: object): unknown => {
    if (Array.isArray(value)) return listOf(value, copyExpression);
    if (Object.getPrototypeOf(value) !== Object.prototype) plainJson = false;
    const out: Record<string, unknown> = {};
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      // (a __proto__ key is kept, and the validator's reader reports it)
      if (key === "__proto__") plainJson = false;
      setOwn(out, key, copyExpression((value as Record<string, unknown>)[key]));
    }
    noteReference(out);
    return out;
  };
  const toJson = (value: unknown): unknown => {
    if (typeof value !== "object" || value === null) {
      if (plainJson && !isPlainLeaf(value)) plainJson = false;
      return value;
    }
    if (++depth > DEEP) deep = true;
    const out = depth > MAX_DEPTH ? value : objectJson(value);
    depth--;
    return out;
  };
  const objectJson = (value: object): unknown => {
    if (Array.isArray(value)) return listOf(value, toJson);
    const prototype: unknown = Object.getPrototypeOf(value);
    // a plain object (most of a step) is none of the classes below
    if (prototype === Object.prototype || prototype === null) return plainObjectJson(value);
    if (prototype === GetValue.prototype && typeof (value as GetValue).reference === "string") {
      // the most common expression, made here rather than copied from what toJSON makes (a subclass
      // may have a toJSON of its own, and a reference from untyped code may not be a string)
      const get = { Get: (value as GetValue).reference };
      // (what noteReference notes of a Get)
      if (references !== undefined) noteGet(get.Get);
      return get;
    }
    if (value instanceof PipelineValue) return copyExpression(value.toJSON());
    if (value instanceof LocalAsset) return uriOf(value);
    if (value instanceof Deferred) return toJson(value.resolve(context));
    // a new object each time, of plain JSON, with no step reference or JsonGet: nothing to copy or note
    if (value instanceof DefaultLocation) return defaultLocation(value);
    if (isFromAnotherCopy(value)) {
      throw new SagepipeError("value-from-another-copy", `pipeline "${node.name}" cannot be compiled: a value in it is refused${anotherCopyNote(value)}`);
    }
    return plainObjectJson(value);
  };
  // the members of an object that are not undefined, converted; noted as noteReference notes it,
  // from the keys and values as they are copied
  const plainObjectJson = (value: object): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    let keys = 0;
    let get: string | undefined;
    let jsonGet = false;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const item = (value as Record<string, unknown>)[key];
      if (key === "__proto__") plainJson = false;
      if (item === undefined) continue;
      const json = toJson(item);
      setOwn(out, key, json);
      keys++;
      if (key === "Get") get = typeof json === "string" ? json : undefined;
      else if (key === "Std:JsonGet") jsonGet = true;
    }
    if (jsonGet) jsonGets++;
    if (references !== undefined && keys === 1 && get !== undefined) noteGet(get);
    return out;
  };
  const collected: string[] = [];
  const stepParts = (placed: PlacedStep): StepParts => {
    const { node: step } = placed;
    // (collected in one list for all steps, then copied: a list grown by push has room for 16 more)
    const referenced = collected;
    referenced.length = 0;
    references = referenced;
    const args = toJson(step.arguments) as Record<string, unknown>;
    references = undefined;
    const retryPolicies = step.retryPolicies === undefined ? undefined : toJson(step.retryPolicies);
    references = referenced;
    const { stepKeys } = step;
    let PropertyFiles: unknown;
    let keys: Record<string, unknown>;
    if (Object.hasOwn(stepKeys, "PropertyFiles")) {
      const { PropertyFiles: files, ...rest } = stepKeys;
      PropertyFiles = files;
      keys = toJson(rest) as Record<string, unknown>;
    } else {
      // (most steps: converted as `{ PropertyFiles, ...rest }`'s rest would be, without copying it first)
      PropertyFiles = stepKeys.PropertyFiles;
      keys = stepKeysJson(stepKeys) as Record<string, unknown>;
    }
    const propertyFiles = PropertyFiles === undefined ? undefined : toJson(PropertyFiles);
    references = undefined;
    return { args, retryPolicies, stepKeys: keys, propertyFiles, references: referenced.slice() };
  };
  // the step keys as the spread copy `{ ...stepKeys }` converts (its own enumerable members, into a
  // plain object), without the copy
  const stepKeysJson = (stepKeys: object): unknown => {
    if (++depth > DEEP) deep = true;
    const out = depth > MAX_DEPTH ? { ...stepKeys } : plainObjectJson(stepKeys);
    depth--;
    return out;
  };
  // each step's parts and then its JSON, by name (one map: the last step of a name wins)
  const byName = new Map<string, AssembledStep>();
  const { steps } = node;
  for (let i = 0; i < steps.length; i++) {
    const placed = steps[i] as PlacedStep;
    byName.set(placed.node.name, { parts: stepParts(placed), json: undefined });
  }

  const ordering = new DataOrdering(steps, byName);
  for (let i = 0; i < steps.length; i++) {
    const placed = steps[i] as PlacedStep;
    const given = placed.node.dependsOn;
    // (a list of its own only for a step that has one: most have none)
    let dependsOn: string[] = Array.isArray(given) && given.length === 0 ? NO_NAMES : [...given];
    const follows: readonly string[] = Array.isArray(placed.follows) ? placed.follows : [...placed.follows];
    for (let k = 0; k < follows.length; k++) {
      const before = follows[k] as string;
      if (!dependsOn.includes(before) && !ordering.orders(placed.node.name, before)) {
        if (dependsOn === NO_NAMES) dependsOn = [];
        dependsOn.push(before);
      }
    }
    ordering.add(placed.node.name, dependsOn);
    const entry = byName.get(placed.node.name);
    if (entry !== undefined) entry.json = stepJson(placed, entry.parts, dependsOn);
  }

  for (const placed of node.steps) {
    if (placed.placement.kind !== "branch") continue;
    const condition = byName.get(placed.placement.condition)?.json;
    const args = condition?.Arguments;
    if (!isObject(args)) continue;
    const branch = placed.placement.branch === "if" ? "IfSteps" : "ElseSteps";
    (args[branch] as unknown[]).push(byName.get(placed.node.name)?.json);
  }

  const top = node.steps.filter((p) => p.placement.kind === "top");
  const definition = {
    Version: DEFINITION_VERSION,
    Metadata: {},
    // copied as the steps' values are (own enumerable members into plain objects and lists): an
    // object whose JSON text says something else (inherited or getter members, a toJSON) is checked
    // as what its JSON says
    Parameters: node.parameters.map(copyExpression),
    PipelineExperimentConfig: node.experimentConfig === undefined ? DEFAULT_EXPERIMENT_CONFIG : copyExpression(node.experimentConfig),
    Steps: top.map((p) => byName.get(p.node.name)?.json),
  };
  return { definition, topNodes: top.map((p) => p.node), plainJson, deep, jsonGets };
}

/**
 * How deep a value of a step (its arguments, its keys) may nest, below where it sits in the
 * document, for compile to check the document without reading it into a copy first: past it, the
 * document may be deeper than MAX_DEPTH.
 */
const DEEP = MAX_DEPTH - 16;

/** No names: the DependsOn of a step that has none (never added to). */
const NO_NAMES = Object.freeze([]) as unknown as string[];

/** A JSON leaf that reads back as itself. */
function isPlainLeaf(value: unknown): boolean {
  return value === null || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

/** A step being assembled: its parts, then its JSON. */
interface AssembledStep {
  readonly parts: StepParts;
  json: Record<string, unknown> | undefined;
}

interface StepParts {
  readonly args: Record<string, unknown>;
  readonly retryPolicies: unknown;
  readonly stepKeys: Record<string, unknown>;
  readonly propertyFiles: unknown;
  /** The steps its arguments, step keys and property files reference with a `Get` (a name may repeat). */
  readonly references: string[];
}

/** The JSON of the default locations of a pipeline's outputs. */
function defaultLocations(node: PipelineNode): (location: DefaultLocation) => unknown {
  const prefix = node.assets === undefined ? "" : assetPrefix(node.assets);
  return (location) => defaultLocation(node, prefix, location);
}

function defaultLocation(node: PipelineNode, prefix: string, location: DefaultLocation): unknown {
  if (node.assets === undefined) {
    throw new SagepipeError(
      "missing-asset-bucket",
      `pipeline "${node.name}" needs a default S3 location for ${location.parts.join("/")}: set its destination, or add .assets({ bucket: "my-bucket" }) to the pipeline`,
    );
  }
  // (one list of its exact length)
  const head: unknown[] = prefix === "" ? ["s3:/", node.assets.bucket] : ["s3:/", node.assets.bucket, prefix];
  return { "Std:Join": { On: "/", Values: head.concat({ Get: "Execution.PipelineName" }, { Get: "Execution.PipelineExecutionId" }, location.parts) } };
}

/** A step in the Python SDK's key order: Name, Type, Arguments, DependsOn, DisplayName, ... PropertyFiles. */
function stepJson(placed: PlacedStep, parts: StepParts, dependsOn: readonly string[]): Record<string, unknown> {
  const { node } = placed;
  const step: Record<string, unknown> = {
    Name: node.name,
    Type: node.type,
    Arguments: node.type === "Condition" ? { ...parts.args, IfSteps: [], ElseSteps: [] } : parts.args,
  };
  // (the list assemble made for this step alone)
  if (dependsOn.length > 0) step.DependsOn = dependsOn;
  if (node.displayName !== undefined) step.DisplayName = node.displayName;
  if (node.description !== undefined) step.Description = node.description;
  if (parts.retryPolicies !== undefined) step.RetryPolicies = parts.retryPolicies;
  if (node.cacheConfig !== undefined) step.CacheConfig = { ...node.cacheConfig };
  Object.assign(step, parts.stepKeys);
  if (parts.propertyFiles !== undefined) step.PropertyFiles = parts.propertyFiles;
  return step;
}

/** Which steps already wait for which, through data references and the DependsOn emitted so far. */
class DataOrdering {
  constructor(
    steps: readonly PlacedStep[],
    /** The steps each step waits for: its parts' references (a name may repeat in the list). */
    private readonly byName: ReadonlyMap<string, AssembledStep>,
  ) {
    // (the lists of the steps' parts: nothing else reads them after this)
    for (const placed of steps) {
      if (placed.placement.kind === "branch") byName.get(placed.node.name)?.parts.references.push(placed.placement.condition);
    }
  }

  private edges(step: string): string[] | undefined {
    return this.byName.get(step)?.parts.references;
  }

  add(step: string, dependsOn: readonly string[]): void {
    const edges = this.edges(step);
    // (a name already there may repeat: the search below visits a step once)
    if (edges !== undefined) for (let i = 0; i < dependsOn.length; i++) edges.push(dependsOn[i] as string);
  }

  /** True when `step` already (transitively) waits for `before`. */
  orders(step: string, before: string): boolean {
    // (most often directly: a step reads what the step before it wrote)
    if (this.edges(step)?.includes(before) === true) return true;
    const seen = new Set<string>();
    const stack = [step];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      for (const next of this.edges(current) ?? []) {
        if (next === before) return true;
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return false;
  }
}

/**
 * What compile remembers of a top-level step of a pipeline it compiled, so that compiling the
 * pipeline again does not walk or parse an unchanged step again. The step's JSON value decides
 * whether it is unchanged (compared member by member, in order, with a copy kept from the last
 * compile: as its JSON text would be, without writing the text), not its model node alone: what a node compiles to also depends on the
 * pipeline around it (parameter types, DependsOn, asset hashes) and on argument objects that may
 * have been changed in place. The zod schema's verdict on a step is a function of its text, as
 * long as the step holds plain JSON only (see `Assembled.plainJson`).
 */
interface RememberedStep {
  /** A copy of the step as assembled (before string coercion) ... */
  readonly assembled: unknown;
  /** ... and its typed slots, with paths from the step. */
  readonly slots: readonly RelativeSlot[];
  /** ... a copy of the final step, which passed the step schema (the same object when coercion changed nothing) ... */
  readonly valid: unknown;
  /** ... and what the rules found in it. */
  readonly findings: StepFindings;
}

/**
 * What the rules found in a top-level step: a function of its JSON text (and, for references,
 * of where it is), so it holds for every step of the same text at the same place.
 */
interface StepFindings {
  /** The step's index in `Steps` when the references were found (their paths start with it). */
  readonly index: number;
  /** The `Get`s of the step and of its branch steps, by their path from the step. */
  readonly references: Map<string, readonly FoundReference[]>;
}

interface RelativeSlot {
  readonly kind: TypedSlot["kind"];
  readonly path: readonly PathSegment[];
}

/**
 * By the pipeline (the builder or node passed to compile, held weakly): its top-level steps of the
 * last successful compile, by model node.
 */
const remembered = new WeakMap<object, ReadonlyMap<StepNode, RememberedStep>>();

/** What is remembered of a pipeline compiled once: nothing yet. */
const COMPILED_ONCE: ReadonlyMap<StepNode, RememberedStep> = new Map();

/**
 * How many times zod checks a kind of step (by `Type`; "envelope" for the document without its
 * steps) before compile writes the fast check for it. Writing and compiling a fast check costs
 * about as much as a few dozen zod parses of a step: a process that compiles one small pipeline
 * (a CLI call, a Lambda function's cold start) is done before the fast check would pay off, and
 * one that compiles a lot has it after its first few steps of each kind.
 */
const ZOD_CHECKS_BEFORE_FAST = 16;
const zodChecks = new Map<unknown, number>();

/** True once `kind` was checked often enough in this process to be worth a fast check. */
function warm(kind: unknown): boolean {
  const count = zodChecks.get(kind) ?? 0;
  if (count >= ZOD_CHECKS_BEFORE_FAST) return true;
  zodChecks.set(kind, count + 1);
  return false;
}

/** The document schema without `Steps` (whose entries compile checks one by one with the step schema). */
let envelopeOnly: z.ZodType | undefined;
const envelopeSchema = (): z.ZodType => (envelopeOnly ??= PipelineDefinitionSchema.omit({ Steps: true }));

/** The outcome of {@link checkSteps}. */
interface CheckedSteps {
  readonly slots: readonly TypedSlot[];
  /** The steps of the document, indexed. */
  readonly steps: readonly IndexedStep[];
  /** The first of `steps` of each name. */
  readonly byName: ReadonlyMap<string, IndexedStep>;
  /** The definition as JSON text (written on the first call, once nothing changes the document). */
  readonly json: () => string;
  /** True when every step and the rest of the document pass the wire-format schema. */
  readonly schemaValid: boolean;
  /** What the rules found before in the steps remembered from an earlier compile, by index in `Steps` (a list of the steps' length, which {@link StepFacts} takes over). */
  readonly findings: (StepFindings | undefined)[];
  /** What to remember of the steps for the next compile; call once the definition is valid. */
  readonly remember: (findingsAt: (index: number) => StepFindings) => ReadonlyMap<StepNode, RememberedStep>;
}

/**
 * Wraps non-string values in string-only fields the way the Python SDK does
 * (`{"Std:Join": {"On": "", "Values": [value]}}`), serializes the definition, and checks it
 * against the wire-format schema — leaving out the steps remembered from an earlier compile with
 * the same text, which passed it then. The schema checks each entry of `Steps` on its own, so the
 * document passes it exactly when the rest does and each step does.
 */
function checkSteps(assembled: Assembled, memory: ReadonlyMap<StepNode, RememberedStep> | undefined): CheckedSteps {
  // nothing to remember after a first compile
  const remembering = memory !== undefined;
  const { definition, topNodes } = assembled;
  const steps = definition.Steps as JsonObject[];
  // (string coercion replaces values inside steps, never a step: the index holds for the rules too)
  const indexed = indexSteps(definition);
  const lookup = kindLookup(definition, indexed);
  // the expression of a slot as it is after coercion (put in place of the slot's value in `target`)
  const coerce = (target: unknown, kind: SlotKind, path: readonly PathSegment[], expression: Expression): Expression => {
    if (kind !== "string") return expression;
    const have = valueKind(expression, lookup);
    if (have === "string" || have === "unknown") return expression;
    const wrapped: JoinExpression = { "Std:Join": { On: "", Values: [expression] } };
    setAt(target, path, wrapped);
    return wrapped;
  };

  // the document without its steps, which are walked one by one below
  const slots: TypedSlot[] = [];
  for (const slot of collectTypedSlots(PipelineDefinitionSchema, { ...definition, Steps: [] })) {
    const expression = coerce(definition, slot.kind, slot.path, slot.expression);
    slots.push(expression === slot.expression ? slot : { ...slot, expression });
  }
  // a slot of the step at `base`, with its path from the step: true when coercion changed it
  const stepSlot = (step: JsonObject, base: readonly PathSegment[], kind: SlotKind, path: readonly PathSegment[], expression: Expression): boolean => {
    const final = coerce(step, kind, path, expression);
    slots.push({ kind, path, expression: final, base });
    return final !== expression;
  };
  const envelope = { ...definition, Steps: [] };

  const unchecked: JsonObject[] = [];
  // zod checks a kind of step that has no fast check yet: without its own code generation too
  let cold = false;
  // (by index in Steps: lists of the steps' length, not maps, which a compile would make anew each time)
  const findings: (StepFindings | undefined)[] = new Array<StepFindings | undefined>(steps.length);
  // the remembered steps kept as they are, by index (none on a first compile)
  const keptAt: (RememberedStep | undefined)[] | undefined = memory === undefined || memory.size === 0 ? undefined : new Array<RememberedStep | undefined>(steps.length);
  let keptCount = 0;
  const updates: Array<[StepNode, Omit<RememberedStep, "findings">, number]> = [];
  // where the search for the next top-level step's entry in `indexed` starts
  let at = 0;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as JsonObject;
    const stepNode = topNodes[i];
    const known = assembled.plainJson && stepNode !== undefined ? memory?.get(stepNode) : undefined;
    // the typed slots, with paths from the step: remembered, or found by the walk (with their values)
    let found: readonly (RelativeSlot | TypedSlot)[] | undefined;
    let marks: readonly Marked<SlotKind>[] | undefined;
    // true when the step as assembled certainly passes the step schema
    let passed = false;
    // true when the step's type is checked often enough in this process to have its fast check written
    let fast = false;
    const sameAssembled = known !== undefined && jsonEqual(step, known.assembled);
    // what compile remembers the step by (a copy before coercion changes it): not needed on a first compile
    const assembledCopy = !remembering || !assembled.plainJson ? undefined : sameAssembled ? known.assembled : copyJson(step);
    if (sameAssembled) {
      found = known.slots;
    } else {
      // the schema check and the slots in one walk; for a step it cannot vouch for, zod decides below
      fast = warm(typeof step.Type === "string" ? step.Type : "");
      if (!fast) cold = true;
      // (a cold step type: the same check interpreted, which builds only the schemas the step reaches)
      marks = fast ? checkedSlotMarks(StepSchema, step) : interpretedSlotMarks(StepSchema, step);
      passed = marks !== undefined;
      if (marks === undefined) found = collectTypedSlots(StepSchema, step);
    }
    let coerced = false;
    // (one path for the slots of the step: the one indexSteps made, ["Steps", i])
    // (its entries are in document order: a top-level step's path is ["Steps", k], a branch step's longer)
    for (; at < indexed.length; at++) {
      const path = (indexed[at] as IndexedStep).path;
      if (path.length === 2 && (path[1] as number) >= i) break;
    }
    const own = indexed[at];
    const base: readonly PathSegment[] = own !== undefined && own.path.length === 2 && own.path[1] === i ? own.path : ["Steps", i];
    // (indexed loops: an iterator per step is garbage a compile of many steps makes room for)
    if (marks !== undefined) {
      for (let k = 0; k < marks.length; k++) {
        const mark = marks[k] as Marked<SlotKind>;
        if (stepSlot(step, base, mark.mark, mark.path, mark.value as Expression)) coerced = true;
      }
    } else if (found !== undefined) {
      for (let k = 0; k < found.length; k++) {
        const slot = found[k] as RelativeSlot | TypedSlot;
        const expression = ("expression" in slot ? slot.expression : getAt(step, slot.path)) as Expression;
        if (stepSlot(step, base, slot.kind, slot.path, expression)) coerced = true;
      }
    }
    const sameValid = known !== undefined && (sameAssembled && !coerced && known.valid === known.assembled ? true : jsonEqual(step, known.valid));
    if (sameValid) {
      // the same text passed the step schema before; what the rules found in it holds at the same place
      if (known.findings.index === i) {
        findings[i] = known.findings;
        if (stepNode !== undefined && keptAt !== undefined) {
          keptAt[i] = known;
          keptCount++;
        }
      } else if (stepNode !== undefined) {
        updates.push([stepNode, { assembled: assembledCopy, slots: kindsAndPaths(marks ?? found ?? []), valid: coerced ? copyJson(step) : assembledCopy }, i]);
      }
    } else {
      // zod checks the steps the fast check did not vouch for (string coercion changed the step
      // since the walk checked it: check it as it is now); the schema checks each step on its own
      if (!passed || (coerced && !(fast ? fastSchemaCheck(StepSchema)?.(step) === true : interpretedSchemaCheck(StepSchema, step)))) unchecked.push(step);
      if (remembering && stepNode !== undefined && assembled.plainJson) {
        updates.push([stepNode, { assembled: assembledCopy, slots: kindsAndPaths(marks ?? found ?? []), valid: coerced ? copyJson(step) : assembledCopy }, i]);
      }
    }
  }

  // the rest of the document; when the fast checks cannot vouch for all of it, zod decides, on the
  // document without the steps the fast check vouched for or that passed it before
  const { Steps: _, ...rest } = envelope;
  if (!warm("envelope")) cold = true;
  const schemaValid =
    (unchecked.length === 0 && (cold ? interpretedSchemaCheck(envelopeSchema(), rest) : fastSchemaCheck(envelopeSchema())?.(rest) === true)) ||
    // (the steps one by one, each with the schemas of its own step types only: see stepAcceptedBySchema)
    (PipelineDefinitionSchema.safeParse(envelope, { jitless: cold }).success && unchecked.every((step) => stepAcceptedBySchema(step, { jitless: cold })));

  // one JSON.stringify of the document: faster than joining texts of its steps (500 steps: 2.2 vs 3.7 ms)
  let text: string | undefined;
  return {
    slots,
    json: () => (text ??= JSON.stringify(definition)),
    steps: indexed,
    byName: lookup.first,
    schemaValid,
    findings,
    remember: (findingsAt) => {
      // nothing new, and every step remembered was kept: keep what is remembered (a new map each time would only add garbage)
      if (schemaValid && updates.length === 0 && memory !== undefined && keptCount === memory.size) return memory;
      const kept = new Map<StepNode, RememberedStep>();
      if (keptAt !== undefined) {
        for (let i = 0; i < keptAt.length; i++) {
          const known = keptAt[i];
          if (known !== undefined) kept.set(topNodes[i] as StepNode, known);
        }
      }
      if (!schemaValid) return kept; // the steps that failed the schema are not known
      for (let k = 0; k < updates.length; k++) {
        const [stepNode, entry, i] = updates[k] as [StepNode, Omit<RememberedStep, "findings">, number];
        kept.set(stepNode, { ...entry, findings: findingsAt(i) });
      }
      return kept;
    },
  };
}

/** What is remembered of a step's typed slots: their kinds and paths (the values change). */
function kindsAndPaths(slots: readonly (RelativeSlot | TypedSlot | Marked<SlotKind>)[]): readonly RelativeSlot[] {
  return slots.map((slot) => ({ kind: "mark" in slot ? slot.mark : slot.kind, path: slot.path }));
}

/**
 * Whether two JSON values are the same JSON text: equal primitives, arrays of the same length,
 * objects with the same keys in the same order. (Compared without writing the texts: a step's
 * JSON.stringify cost more than the schema check it spared.)
 */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  // the keys of `a` on a stack shared by the calls (no list per object: Object.keys made one for
  // each object of both documents, most of what compiling again allocated); `b` must have the same
  // own enumerable keys in the same order
  const base = keyTop;
  for (const key in a) {
    if (!Object.hasOwn(a, key)) continue;
    keyStack[keyTop++] = key;
  }
  let same = true;
  let at = base;
  for (const key in b) {
    if (!Object.hasOwn(b, key)) continue;
    if (at === keyTop || keyStack[at] !== key) {
      same = false;
      break;
    }
    at++;
  }
  if (same && at !== keyTop) same = false;
  for (let k = base; same && k < keyTop; k++) {
    const key = keyStack[k] as string;
    if (!jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) same = false;
  }
  keyTop = base;
  return same;
}

/** The keys of the objects {@link jsonEqual} is comparing, outermost first; `keyTop` is the first free entry. */
const keyStack: string[] = [];
let keyTop = 0;

/** A deep copy of a plain JSON value (what compile remembers a step by, safe from later changes). */
function copyJson(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = copyJson((value as Record<string, unknown>)[key]);
    // (a "__proto__" key is a member like any other, as in JSON.parse's output)
    if (key === "__proto__") Object.defineProperty(copy, key, { value: member, enumerable: true, writable: true, configurable: true });
    else copy[key] = member;
  }
  return copy;
}

/**
 * What the rules find in the steps of one compile, by index in `Steps`: for the steps remembered
 * from an earlier compile at the same index with the same text, what was found in them then.
 */
class StepFacts {
  /** By index in `Steps`: the list checkSteps made for this compile, filled in as the rules ask. */
  constructor(private readonly findings: (StepFindings | undefined)[]) {}

  /** The findings of the step at `index` of `Steps`. */
  at(index: number): StepFindings {
    let findings = this.findings[index];
    if (findings === undefined) {
      findings = { index, references: new Map() };
      this.findings[index] = findings;
    }
    return findings;
  }

  referencesOf(step: IndexedStep): readonly FoundReference[] {
    const index = step.path[1];
    if (typeof index !== "number") return ruleReferences(step);
    const { references } = this.at(index);
    const where = step.path.slice(2).join("\u0000");
    let found = references.get(where);
    if (found === undefined) {
      found = ruleReferences(step);
      references.set(where, found);
    }
    return found;
  }
}

/** Parameter types and steps by name, as string coercion reads them (the last of a name wins). */
function kindLookup(definition: JsonObject, steps: readonly IndexedStep[]): { parameters: Map<string, string>; byName: Map<string, IndexedStep>; first: Map<string, IndexedStep> } {
  // the first step of each name (what the rules read) is the last too, unless a name repeats
  const first = firstOfEachName(steps);
  let byName = first;
  if (first.size !== steps.length) {
    byName = new Map<string, IndexedStep>();
    for (const step of steps) byName.set(step.name, step);
  }
  const parameters = new Map<string, string>();
  for (const p of (definition.Parameters as Array<{ Name: string; Type: string }>) ?? []) parameters.set(p.Name, p.Type);
  return { parameters, byName, first };
}

function getAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current = root as Record<string | number, unknown> | undefined;
  for (const segment of path) current = current?.[segment] as Record<string | number, unknown> | undefined;
  return current;
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): void {
  let current = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) current = current[segment] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last !== undefined) current[last] = value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (Array.isArray(value)) {
      for (const item of value) deepFreeze(item);
    } else {
      for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    }
  }
  return value;
}
