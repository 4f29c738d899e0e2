import type { DescribeAutoMLJobResponse, DescribeEndpointConfigOutput, DescribeEndpointOutput, DescribeHyperParameterTuningJobResponse, DescribeInferenceComponentOutput, DescribeModelOutput, DescribeModelPackageOutput, DescribeProcessingJobResponse, DescribeTrainingJobResponse, DescribeTransformJobResponse, ListTrainingJobsForHyperParameterTuningJobResponse } from "../aws/sagemaker-shapes.js";
import { resolvePropertyPath, type PropertyKind } from "../definition/properties/resolve-property-path.js";
import { SagepipeError } from "../errors.js";
import { didYouMean } from "../validate/suggest.js";
import { GetValue, type PipelineValue, type ValueKind } from "./expressions.js";

type Scalar = string | number | boolean | Date;
type LeafValue<V> = V extends string | Date ? PipelineValue<string> : V extends number ? PipelineValue<number> : V extends boolean ? PipelineValue<boolean> : never;

/**
 * The typed property tree of an AWS response type: structures by member, lists by index or by
 * element name (`Outputs['train']`, `FinalMetricDataList['accuracy']`), maps by key. Each leaf is a
 * {@link PipelineValue} of the member's type, and any node is itself a value (`{"Get": ...}`).
 * A list or map also has `get(nameOrIndex)`, the same element typed as present (an index may be
 * `undefined` under `noUncheckedIndexedAccess`): see {@link PropertyList}.
 */
export type Properties<T> = [NonNullable<T>] extends [Scalar]
  ? LeafValue<NonNullable<T>>
  : NonNullable<T> extends readonly (infer E)[]
    ? [NonNullable<E>] extends [Scalar]
      ? { readonly [index: number]: LeafValue<NonNullable<E>> } & PropertyGet<number, LeafValue<NonNullable<E>>> & ContainerValue
      : PropertyList<E>
    : NonNullable<T> extends object
      ? string extends keyof NonNullable<T>
        ? PropertyMap<NonNullable<T>[string & keyof NonNullable<T>]>
        : { readonly [K in Exclude<keyof NonNullable<T>, "$metadata">]-?: Properties<NonNullable<T>[K]> } & PipelineValue<unknown>
      : PipelineValue<unknown>;

/** The `get` of a list or map node: the element at a name, key or index, typed as present. */
export interface PropertyGet<K, V> {
  /**
   * The element at `nameOrIndex`: a string selects by name (`['name']`), a number by position
   * (`[0]`), as the Python SDK's `properties` do. Typed as present, unlike `list[name]` under
   * `noUncheckedIndexedAccess`; the same `{"Get": ...}` path.
   *
   * @example
   * ```ts
   * steps.Train.properties.FinalMetricDataList.get("validation:accuracy").Value
   * // {"Get": "Steps.Train.FinalMetricDataList['validation:accuracy'].Value"}
   * ```
   */
  get(nameOrIndex: K): V;
}

/**
 * A list of structures in a property tree (`FinalMetricDataList`, `ProcessingOutputConfig.Outputs`):
 * by index (`[0]`), by element name (`['validation:accuracy']`) and by `get(nameOrIndex)`, typed as
 * present. `Names` are the names the step declares (a Training step's metric definitions): then
 * only those are keys, and another name is a type error; `string` (the default) is an open list.
 */
export type PropertyList<E, Names extends string = string> = (string extends Names
  ? { readonly [name: string]: Properties<E> }
  : { readonly [K in Names]: Properties<E> }) & { readonly [index: number]: Properties<E> } & PropertyGet<Names | number, Properties<E>> & ContainerValue;

/** A map in a property tree (`HyperParameters`, `Environment`): by key, and `get(key)` typed as present. */
export type PropertyMap<V> = { readonly [key: string]: Properties<V> } & PropertyGet<string, Properties<V>> & ContainerValue;

/** The comparisons of a {@link PipelineValue}, which a list or map node does not have. */
type Comparison = "eq" | "ne" | "gt" | "gte" | "lt" | "lte" | "in";
const COMPARISONS: ReadonlySet<PropertyKey> = new Set<Comparison>(["eq", "ne", "gt", "gte", "lt", "lte", "in"]);

/**
 * What a list or map node is as a value: its `{"Get": ...}` (`toJSON`, `asString`), without the
 * comparisons. A condition compares one element (`FinalMetricDataList.get("auc").Value.gte(0.9)`);
 * `list.eq(...)` is a type error naming the fix, and `invalid-condition` from JavaScript. (An element
 * named like a comparison is `.get("eq")`.)
 */
export type ContainerValue = Omit<PipelineValue<unknown>, Comparison> & {
  readonly [K in Comparison]: (other: { readonly "a list or map is not compared: compare one of its elements, e.g. .get(name).Value.eq(...)": never }) => never;
};

/** What each step type exposes to `{"Get": "Steps.<name>.<path>"}`. */
export interface StepPropertyShapes {
  Training: DescribeTrainingJobResponse;
  Processing: DescribeProcessingJobResponse;
  Transform: DescribeTransformJobResponse;
  Tuning: DescribeHyperParameterTuningJobResponse & ListTrainingJobsForHyperParameterTuningJobResponse;
  Model: DescribeModelOutput;
  RegisterModel: DescribeModelPackageOutput;
  AutoML: DescribeAutoMLJobResponse & {
    BestCandidateProperties: { ModelInsightsJsonReportPath: string; ExplainabilityJsonReportPath: string };
  };
  EndpointConfig: DescribeEndpointConfigOutput;
  Endpoint: DescribeEndpointOutput;
  InferenceComponent: DescribeInferenceComponentOutput;
  /** The ARNs of the entities a Lineage step created, by name, and its associations. */
  Lineage: {
    ActionArns: Record<string, string>;
    ArtifactArns: Record<string, string>;
    ContextArns: Record<string, string>;
    Associations: Record<never, never>;
  };
  Condition: { Outcome: "True" | "False" };
  QualityCheck: {
    CalculatedBaselineConstraints: string;
    CalculatedBaselineStatistics: string;
    BaselineUsedForDriftCheckStatistics: string;
    BaselineUsedForDriftCheckConstraints: string;
  };
  ClarifyCheck: { CalculatedBaselineConstraints: string; BaselineUsedForDriftCheckConstraints: string };
  EMR: {
    Id: string;
    Name: string;
    ActionOnFailure: string;
    ClusterId: string;
    Config: { Jar: string; MainClass: string; Args: string[]; Properties: Record<string, string> };
    Status: {
      State: string;
      StateChangeReason: { Code: string; Message: string };
      FailureDetails: { Reason: string; Message: string; LogFile: string };
      Timeline: { CreationDateTime: Date; StartDateTime: Date; EndDateTime: Date };
    };
  };
  EMRServerless: {
    jobRun: {
      applicationId: string;
      jobRunId: string;
      name: string;
      arn: string;
      state: string;
      stateDetails: string;
      executionRole: string;
      totalExecutionDurationSeconds: number;
    };
  };
}

const kindOfProperty = (kind: PropertyKind): ValueKind =>
  kind === "string" || kind === "timestamp" ? "string" : kind === "number" ? "float" : kind === "boolean" ? "boolean" : "unknown";

const PASS_THROUGH = new Set<PropertyKey>(["then", "toJSON", "asString", "toString", "kind", "reference", "constructor"]);

/**
 * The names a list of a step's properties may take, when the step declares them (a Training
 * step's metric definitions for `FinalMetricDataList`): any other name throws `unknown-<what>`.
 */
export interface DeclaredNames {
  /** The list's path from the step, e.g. `FinalMetricDataList`. */
  readonly path: string;
  /** What a name names, for the error code and message: `metric`. */
  readonly what: string;
  readonly names: readonly string[];
}

/**
 * The property tree of step `stepName` of type `stepType`: every member access extends the path
 * and is checked against the AWS response shape, so a misspelled member throws at once (for code
 * that escapes the type checker). `declared` restricts the names of some lists.
 *
 * @example
 * ```ts
 * stepProperties("Training", "Train").ModelArtifacts.S3ModelArtifacts.toJSON()
 * // {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}
 * stepProperties("Training", "Train").FinalMetricDataList.get("validation:auc").Value.toJSON()
 * // {"Get": "Steps.Train.FinalMetricDataList['validation:auc'].Value"}
 * ```
 */
export function stepProperties<T extends keyof StepPropertyShapes>(
  stepType: T,
  stepName: string,
  declared: readonly DeclaredNames[] = [],
): Properties<StepPropertyShapes[T]> {
  return propertyNode({ stepType, stepName, declared }, "", "object") as unknown as Properties<StepPropertyShapes[T]>;
}

interface Tree {
  readonly stepType: string;
  readonly stepName: string;
  readonly declared: readonly DeclaredNames[];
}

function propertyNode(tree: Tree, path: string, kind: PropertyKind): GetValue {
  const reference = path === "" ? `Steps.${tree.stepName}` : `Steps.${tree.stepName}.${path}`;
  const target = new GetValue(reference, kindOfProperty(kind));
  const container = kind === "list" || kind === "map";
  // list.get(name) / list.get(index) / map.get(key): the element, as the Python SDK's list[...] and map[...]
  const get = container ? (nameOrIndex: unknown) => element(tree, path, kind, nameOrIndex) : undefined;
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === "symbol" || PASS_THROUGH.has(key) || (key in object && !/^[A-Z0-9]/.test(key) && !container)) {
        return Reflect.get(object, key, receiver);
      }
      if (get !== undefined && key === "get") return get;
      if (container && COMPARISONS.has(key)) return notCompared(tree, path, kind, key);
      if (container) return element(tree, path, kind, kind === "list" && /^\d+$/.test(key) ? Number(key) : key);
      return child(tree, path, path === "" ? key : `.${key}`);
    },
  });
}

/** `list.eq(...)` from JavaScript: a list or map is not compared as a whole. */
function notCompared(tree: Tree, path: string, kind: PropertyKind, method: string): () => never {
  return () => {
    const element = kind === "list" ? "get(name)" : "get(key)";
    throw new SagepipeError(
      "invalid-condition",
      `${tree.stepType} step "${tree.stepName}": ${path} is a ${kind}, which a condition cannot compare: compare one of its elements, as in ${path}.${element}${kind === "list" ? ".Value" : ""}.${method}(...) (an element named "${method}" is ${path}.get("${method}"))`,
    );
  };
}

/** The element of the list or map at `path` named (or, in a list, indexed) by `nameOrIndex`. */
function element(tree: Tree, path: string, kind: PropertyKind, nameOrIndex: unknown): GetValue {
  if (kind === "list" && typeof nameOrIndex === "number" && Number.isInteger(nameOrIndex) && nameOrIndex >= 0) {
    return child(tree, path, `[${nameOrIndex}]`);
  }
  if (typeof nameOrIndex !== "string" || nameOrIndex.includes("'")) {
    throw new SagepipeError(
      "invalid-property-name",
      `${tree.stepType} step "${tree.stepName}": ${path}.get() takes ${kind === "list" ? "an element's name or a non-negative integer index" : "a key"}, a string without "'"; got ${typeof nameOrIndex === "string" ? JSON.stringify(nameOrIndex) : typeof nameOrIndex === "number" ? String(nameOrIndex) : typeof nameOrIndex}`,
    );
  }
  const declared = tree.declared.find((names) => names.path === path);
  if (declared !== undefined && !declared.names.includes(nameOrIndex)) {
    throw new SagepipeError(
      `unknown-${declared.what}`,
      `${tree.stepType} step "${tree.stepName}" has no ${declared.what} "${nameOrIndex}" in ${path}.${didYouMean(nameOrIndex, declared.names)} Its ${declared.what}s: ${declared.names.join(", ")}`,
    );
  }
  return child(tree, path, `['${nameOrIndex}']`);
}

/** The node at `path` + `segment`, checked against the step type's property tree. */
function child(tree: Tree, path: string, segment: string): GetValue {
  const next = `${path}${segment}`;
  const resolved = resolvePropertyPath(tree.stepType, next);
  if (!resolved.ok) {
    const expected = resolved.expected.length > 0 ? ` Expected one of: ${resolved.expected.slice(0, 15).join(", ")}` : "";
    throw new SagepipeError("unknown-property", `${tree.stepType} step "${tree.stepName}" has no property "${next}".${expected}`);
  }
  return propertyNode(tree, next, resolved.kind);
}
