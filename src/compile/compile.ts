import type { JoinExpression } from "../definition/expressions.js";
import type { PipelineDefinition, PipelineExperimentConfig } from "../definition/pipeline-definition.js";
import { DEFINITION_VERSION } from "../definition/pipeline-definition.js";
import { PipelineDefinition as PipelineDefinitionSchema } from "../definition/pipeline-definition.js";
import { SagepipeError } from "../errors.js";
import { PipelineValue } from "../model/expressions.js";
import type { PipelineNode, PlacedStep } from "../model/pipeline-node.js";
import { formatIssues, type ValidationIssue } from "../validate/issues.js";
import { valueKind } from "../validate/kinds.js";
import { collectReferences } from "../validate/references.js";
import type { Quotas } from "../validate/rules.js";
import { collectTypedSlots, type TypedSlot } from "../validate/slots.js";
import { indexSteps, isObject, type JsonObject } from "../validate/step-index.js";
import { validateWith } from "../validate/validate-definition.js";
import { DefaultLocation, LocalAsset, assetPrefix, resolveAssets, type CodeAsset } from "./assets.js";

/** Options of {@link compile}. */
export interface CompileOptions {
  /** Service quotas to validate against, when your account's are higher. */
  readonly quotas?: Partial<Quotas>;
  /** Directory that relative local code paths are read from. @default process.cwd() */
  readonly baseDir?: string;
  /**
   * How step Arguments are validated: `"loose"` accepts API fields newer than this sagepipe (see
   * `validateDefinition`). @default "strict"
   */
  readonly arguments?: "strict" | "loose";
}

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
  ExperimentName: { Get: "Execution.PipelineName" },
  TrialName: { Get: "Execution.PipelineExecutionId" },
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
  const node = "toNode" in pipeline ? pipeline.toNode() : pipeline;
  const assets = resolveAssets(node, options.baseDir ?? process.cwd());
  const definition = assemble(node, assets.uriOf);
  const slots = coerceStringSlots(definition);
  const json = JSON.stringify(definition);
  const result = validateWith(
    definition,
    {
      ...(options.quotas === undefined ? {} : { quotas: options.quotas }),
      ...(options.arguments === undefined ? {} : { arguments: options.arguments }),
    },
    slots,
    json.length,
  );
  if (!result.success) throw new CompileError(node.name, result.issues);
  return Object.freeze({
    name: node.name,
    // the assembled document, not the schema's parse output: parsing reorders keys
    definition: deepFreeze(definition) as PipelineDefinition,
    json,
    assets: assets.list,
  });
}

function assemble(node: PipelineNode, uriOf: (asset: LocalAsset) => string): JsonObject {
  const toJson = (value: unknown): unknown => {
    if (value instanceof PipelineValue) return value.toJSON();
    if (value instanceof LocalAsset) return uriOf(value);
    if (value instanceof DefaultLocation) return defaultLocation(node, value);
    if (Array.isArray(value)) return value.map(toJson);
    if (isObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toJson(item);
      return out;
    }
    return value;
  };
  const parts = new Map<string, StepParts>();
  for (const placed of node.steps) parts.set(placed.node.name, stepParts(placed, toJson));

  const ordering = new DataOrdering(node.steps, parts);
  const jsonOf = new Map<string, Record<string, unknown>>();
  for (const placed of node.steps) {
    const dependsOn = [...placed.node.dependsOn];
    for (const before of placed.follows) {
      if (!dependsOn.includes(before) && !ordering.orders(placed.node.name, before)) dependsOn.push(before);
    }
    ordering.add(placed.node.name, dependsOn);
    const stepParts = parts.get(placed.node.name);
    if (stepParts !== undefined) jsonOf.set(placed.node.name, stepJson(placed, stepParts, dependsOn));
  }

  for (const placed of node.steps) {
    if (placed.placement.kind !== "branch") continue;
    const condition = jsonOf.get(placed.placement.condition);
    const args = condition?.Arguments;
    if (!isObject(args)) continue;
    const branch = placed.placement.branch === "if" ? "IfSteps" : "ElseSteps";
    (args[branch] as unknown[]).push(jsonOf.get(placed.node.name));
  }

  return {
    Version: DEFINITION_VERSION,
    Metadata: {},
    Parameters: node.parameters.map((p) => ({ ...p })),
    PipelineExperimentConfig: node.experimentConfig === undefined ? DEFAULT_EXPERIMENT_CONFIG : node.experimentConfig,
    Steps: node.steps.filter((p) => p.placement.kind === "top").map((p) => jsonOf.get(p.node.name)),
  };
}

interface StepParts {
  readonly args: Record<string, unknown>;
  readonly retryPolicies?: unknown;
  readonly stepKeys: Record<string, unknown>;
  readonly propertyFiles?: unknown;
}

function stepParts(placed: PlacedStep, toJson: (value: unknown) => unknown): StepParts {
  const { node } = placed;
  const { PropertyFiles, ...stepKeys } = node.stepKeys;
  return {
    args: toJson(node.arguments) as Record<string, unknown>,
    ...(node.retryPolicies === undefined ? {} : { retryPolicies: toJson(node.retryPolicies) }),
    stepKeys: toJson(stepKeys) as Record<string, unknown>,
    ...(PropertyFiles === undefined ? {} : { propertyFiles: toJson(PropertyFiles) }),
  };
}

function defaultLocation(node: PipelineNode, location: DefaultLocation): unknown {
  if (node.assets === undefined) {
    throw new SagepipeError(
      "missing-asset-bucket",
      `pipeline "${node.name}" needs a default S3 location for ${location.parts.join("/")}: set its destination, or add .assets({ bucket: "my-bucket" }) to the pipeline`,
    );
  }
  const prefix = assetPrefix(node.assets);
  return {
    "Std:Join": {
      On: "/",
      Values: [
        "s3:/",
        node.assets.bucket,
        ...(prefix === "" ? [] : [prefix]),
        { Get: "Execution.PipelineName" },
        { Get: "Execution.PipelineExecutionId" },
        ...location.parts,
      ],
    },
  };
}

/** A step in the Python SDK's key order: Name, Type, Arguments, DependsOn, DisplayName, ... PropertyFiles. */
function stepJson(placed: PlacedStep, parts: StepParts, dependsOn: readonly string[]): Record<string, unknown> {
  const { node } = placed;
  const step: Record<string, unknown> = {
    Name: node.name,
    Type: node.type,
    Arguments: node.type === "Condition" ? { ...parts.args, IfSteps: [], ElseSteps: [] } : parts.args,
  };
  if (dependsOn.length > 0) step.DependsOn = [...dependsOn];
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
  private readonly edges = new Map<string, Set<string>>();

  constructor(steps: readonly PlacedStep[], parts: ReadonlyMap<string, StepParts>) {
    for (const placed of steps) {
      const waitsFor = new Set<string>();
      const { args, stepKeys, propertyFiles } = parts.get(placed.node.name) ?? { args: {}, stepKeys: {} };
      for (const found of [...collectReferences(args, []), ...collectReferences([stepKeys, propertyFiles], [])]) {
        if (found.reference.root === "Steps") waitsFor.add(found.reference.step);
      }
      if (placed.placement.kind === "branch") waitsFor.add(placed.placement.condition);
      this.edges.set(placed.node.name, waitsFor);
    }
  }

  add(step: string, dependsOn: readonly string[]): void {
    const edges = this.edges.get(step);
    if (edges !== undefined) for (const name of dependsOn) edges.add(name);
  }

  /** True when `step` already (transitively) waits for `before`. */
  orders(step: string, before: string): boolean {
    const seen = new Set<string>();
    const stack = [step];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      for (const next of this.edges.get(current) ?? []) {
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
 * Wraps non-string values in string-only fields the way the Python SDK does:
 * `{"Std:Join": {"On": "", "Values": [value]}}`.
 */
function coerceStringSlots(definition: JsonObject): TypedSlot[] {
  const steps = indexSteps(definition);
  const byName = new Map(steps.map((s) => [s.name, s]));
  const parameters = new Map<string, string>();
  for (const p of (definition.Parameters as Array<{ Name: string; Type: string }>) ?? []) parameters.set(p.Name, p.Type);
  return collectTypedSlots(PipelineDefinitionSchema, definition).map((slot) => {
    if (slot.kind !== "string") return slot;
    const kind = valueKind(slot.expression, { parameters, byName });
    if (kind === "string" || kind === "unknown") return slot;
    const wrapped: JoinExpression = { "Std:Join": { On: "", Values: [slot.expression] } };
    setAt(definition, slot.path, wrapped);
    return { ...slot, expression: wrapped };
  });
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
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
