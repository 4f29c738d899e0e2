import { SagepipeError } from "../../errors.js";
import { PipelineValue } from "../../model/expressions.js";
import { stepProperties, type DeclaredNames, type PropertyGet } from "../../model/properties.js";
import { createStepNode, type StepOptions } from "../../model/step-node.js";
import { didYouMean } from "../../validate/suggest.js";
import type { StepDefinition, StepHandle } from "../step-definition.js";
import { checkOptions, optionShape, type NestedShape, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { tagList } from "./endpoint-config.js";
import { rejectRetry } from "./lambda.js";
import { stepOptionShape, stringMap } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** Where a lineage action or context comes from (`Source`): its URI, and optionally a type and an id. */
export interface LineageSourceOptions {
  readonly uri: Value<string>;
  readonly type?: Value<string>;
  readonly id?: Value<string>;
}

/** Where a lineage artifact comes from: its URI, and the ids that identify the version (an S3 ETag, ...). */
export interface LineageArtifactSourceOptions {
  readonly uri: Value<string>;
  readonly sourceTypes?: readonly { readonly idType: "MD5Hash" | "S3ETag" | "S3Version" | "Custom"; readonly value: Value<string> }[];
}

/** Where a lineage entity was made (`MetadataProperties`). */
export interface LineageMetadataOptions {
  readonly commitId?: Value<string>;
  readonly repository?: Value<string>;
  readonly generatedBy?: Value<string>;
  readonly projectId?: Value<string>;
}

/** An action to create (`CreateAction`): a step of a workflow, such as a training run or a deployment. */
export interface LineageActionOptions {
  /** The action's name (up to 120 letters, digits and hyphens): associations name it `{ action: name }`. */
  readonly name: Value<string>;
  /** e.g. `"ModelTraining"`, `"ModelDeployment"`. */
  readonly type: Value<string>;
  /** Its source: a URI, or the URI with a type and an id. */
  readonly source: Value<string> | LineageSourceOptions;
  readonly description?: Value<string>;
  readonly status?: "Unknown" | "InProgress" | "Completed" | "Failed" | "Stopping" | "Stopped";
  /** Properties: key → value. */
  readonly properties?: { readonly [key: string]: Value<string> };
  readonly metadata?: LineageMetadataOptions;
  /** Resource tags: key → value. */
  readonly tags?: { readonly [key: string]: Value<string> };
}

/** An artifact to create (`CreateArtifact`): data or a model at a URI. */
export interface LineageArtifactOptions {
  /** The artifact's name: associations name it `{ artifact: name }`; without one it cannot be associated by name. */
  readonly name?: Value<string>;
  /** e.g. `"Model"`, `"DataSet"`. */
  readonly type: Value<string>;
  /** Its source: a URI, or the URI with the ids of its version. */
  readonly source: Value<string> | LineageArtifactSourceOptions;
  /** Properties: key → value. */
  readonly properties?: { readonly [key: string]: Value<string> };
  readonly metadata?: LineageMetadataOptions;
  /** Resource tags: key → value. */
  readonly tags?: { readonly [key: string]: Value<string> };
}

/** A context to create (`CreateContext`): a grouping, such as an endpoint or a project. */
export interface LineageContextOptions {
  /** The context's name (1–120 letters, digits, hyphens and underscores): associations name it `{ context: name }`. */
  readonly name: Value<string>;
  /** e.g. `"Endpoint"`, `"Project"`. */
  readonly type: Value<string>;
  /** Its source: a URI, or the URI with a type and an id. */
  readonly source: Value<string> | LineageSourceOptions;
  readonly description?: Value<string>;
  /** Properties: key → value. */
  readonly properties?: { readonly [key: string]: Value<string> };
  /** Resource tags: key → value. */
  readonly tags?: { readonly [key: string]: Value<string> };
}

/**
 * One end of an association: an entity this step creates, by kind and name (`{ action: "train" }`),
 * or an existing entity by ARN (`{ arn }`). An entity another Lineage step created is an ARN
 * (`steps.Other.properties.ArtifactArns.get("model")`): names resolve within one step only.
 */
export type LineageEntityOptions<A extends string = string, R extends string = string, C extends string = string> =
  | { readonly action: A | PipelineValue<string> }
  | { readonly artifact: R | PipelineValue<string> }
  | { readonly context: C | PipelineValue<string> }
  | { readonly arn: Value<string> };

/** An association to add once the step's entities exist (`AddAssociation`). */
export interface LineageAssociationOptions<A extends string = string, R extends string = string, C extends string = string> {
  readonly source: LineageEntityOptions<A, R, C>;
  readonly destination: LineageEntityOptions<A, R, C>;
  /** How the source relates to the destination. Not set: not emitted (the service's default, `AssociatedWith`). */
  readonly type?: "ContributedTo" | "AssociatedWith" | "DerivedFrom" | "Produced" | "SameAs";
}

/** What a Lineage step records: entities to create, and associations between them (at least one of the four). */
export interface LineageOptions extends StepOptions {
  readonly actions?: readonly LineageActionOptions[];
  readonly artifacts?: readonly LineageArtifactOptions[];
  readonly contexts?: readonly LineageContextOptions[];
  readonly associations?: readonly LineageAssociationOptions[];
  /** Lineage steps cannot be retried by SageMaker Pipelines. */
  readonly retry?: never;
  /** Lineage steps are not cached by SageMaker Pipelines. */
  readonly cache?: never;
}

/** The literal names of the entities of one kind in options `O`; `string` when one of them is not a literal (the list is then open). */
export type LineageEntityNames<O, K extends "actions" | "artifacts" | "contexts"> = O extends { readonly [P in K]?: readonly (infer E)[] }
  ? E extends { readonly name: infer M }
    ? [Extract<M, PipelineValue<unknown>>] extends [never]
      ? [M & string] extends [never]
        ? never
        : M & string
      : string
    : never
  : never;

/** The ARNs of the entities a Lineage step created, by name: typed by the names declared (another is a type error), open when one is not a literal. */
export type LineageArns<K extends string> = (string extends K ? { readonly [name: string]: PipelineValue<string> } : { readonly [P in K]: PipelineValue<string> }) &
  PropertyGet<K, PipelineValue<string>> &
  PipelineValue<unknown>;

/** The properties of a Lineage step: `ActionArns`, `ArtifactArns`, `ContextArns` by entity name, and `Associations`. */
export type LineageProperties<A extends string = string, R extends string = string, C extends string = string> = {
  readonly ActionArns: LineageArns<A>;
  readonly ArtifactArns: LineageArns<R>;
  readonly ContextArns: LineageArns<C>;
  readonly Associations: PipelineValue<unknown>;
} & PipelineValue<unknown>;

/** The handle of a Lineage step: the ARNs of what it created, by name (`steps.Record.properties.ArtifactArns.get("model")`). */
export interface LineageHandle<N extends string, O extends LineageOptions = LineageOptions> extends StepHandle<N, "Lineage"> {
  readonly properties: LineageProperties<LineageEntityNames<O, "actions">, LineageEntityNames<O, "artifacts">, LineageEntityNames<O, "contexts">>;
}

/** The associations of options `O`, their ends typed by the names `O` declares. */
type DeclaredAssociations<O> = {
  readonly associations?: readonly LineageAssociationOptions<LineageEntityNames<O, "actions">, LineageEntityNames<O, "artifacts">, LineageEntityNames<O, "contexts">>[];
};

const SOURCE = optionShape<LineageSourceOptions>({ uri: true, type: true, id: true });
const METADATA = optionShape<LineageMetadataOptions>({ commitId: true, repository: true, generatedBy: true, projectId: true });
const ARTIFACT_SOURCE = optionShape<LineageArtifactSourceOptions>(
  { uri: true, sourceTypes: "list" },
  { sourceTypes: { list: optionShape<NonNullable<LineageArtifactSourceOptions["sourceTypes"]>[number]>({ idType: true, value: true }) } },
);
const ENTITY = optionShape<LineageEntityOptions>({ action: true, artifact: true, context: true, arn: true });
const entityNested = (source: OptionShape): { readonly [key: string]: NestedShape } => ({ source: { object: source }, metadata: { object: METADATA } });

/** @internal The option keys of a Lineage step, for the run-time check (the compiler keeps them those of `LineageOptions`). */
export const LINEAGE_OPTIONS: OptionShape = stepOptionShape<LineageOptions>(
  { actions: "list", artifacts: "list", contexts: "list", associations: "list" },
  {
    actions: { list: optionShape<LineageActionOptions>({ name: true, type: true, source: true, description: true, status: true, properties: "map", metadata: true, tags: "map" }, entityNested(SOURCE)) },
    artifacts: { list: optionShape<LineageArtifactOptions>({ name: true, type: true, source: true, properties: "map", metadata: true, tags: "map" }, entityNested(ARTIFACT_SOURCE)) },
    contexts: { list: optionShape<LineageContextOptions>({ name: true, type: true, source: true, description: true, properties: "map", tags: "map" }, entityNested(SOURCE)) },
    associations: { list: optionShape<LineageAssociationOptions>({ source: true, destination: true, type: true }, { source: { object: ENTITY }, destination: { object: ENTITY } }) },
  },
);

/** The entity kinds: the option, the `Arguments` key, the association `Type`, the name key, the ARN property. */
const KINDS = [
  { option: "actions", key: "Actions", type: "Action", ref: "action", name: "ActionName", arns: "ActionArns" },
  { option: "artifacts", key: "Artifacts", type: "Artifact", ref: "artifact", name: "ArtifactName", arns: "ArtifactArns" },
  { option: "contexts", key: "Contexts", type: "Context", ref: "context", name: "ContextName", arns: "ContextArns" },
] as const;

/**
 * A Lineage step: creates lineage entities (actions, artifacts, contexts) and the associations
 * between them in one step, as the Python SDK's `LineageStep`. An association names an entity of
 * this step by kind and name (`{ action: "train" }`, checked against the names declared: a type
 * error, and `unknown-lineage-entity` when the step is added) or an existing one by `{ arn }`.
 * The handle's `properties.ActionArns` / `ArtifactArns` / `ContextArns` give the ARNs of what it
 * created, by name. It is neither retried nor cached.
 *
 * @example
 * ```ts
 * lineageStep("RecordLineage", {
 *   actions: [{ name: "training-run", type: "ModelTraining", source: { uri: "s3://bucket/run", type: "S3ETag" } }],
 *   artifacts: [{ name: "trained-model", type: "Model", source: steps.Train.modelArtifacts }],
 *   associations: [{ source: { action: "training-run" }, destination: { artifact: "trained-model" }, type: "Produced" }],
 * })
 * // {"Name": "RecordLineage", "Type": "Lineage", "Arguments": {"Actions": [{"ActionName": "training-run", "Source": {"SourceUri": "s3://bucket/run", "SourceType": "S3ETag"}, "ActionType": "ModelTraining"}],
 * //  "Artifacts": [{"ArtifactName": "trained-model", "Source": {"SourceUri": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}}, "ArtifactType": "Model"}],
 * //  "Associations": [{"Source": {"Name": "training-run", "Type": "Action"}, "Destination": {"Name": "trained-model", "Type": "Artifact"}, "AssociationType": "Produced"}]}}
 * ```
 */
export function lineageStep<const N extends string, const O extends LineageOptions>(
  name: N,
  options: ExactOptions<O, LineageOptions> & DeclaredAssociations<O>,
): StepDefinition<N, LineageHandle<N, O>>;
export function lineageStep(name: string, options: LineageOptions): StepDefinition<string, LineageHandle<string>> {
  const where = `Lineage step "${name}"`;
  checkOptions(where, options, LINEAGE_OPTIONS);
  rejectRetry("Lineage", name, options);
  const actions = (options.actions ?? []).map((action, index) => ({
    ActionName: required(where, `actions[${index}].name`, action.name),
    Source: source(where, `actions[${index}].source`, action.source),
    ActionType: required(where, `actions[${index}].type`, action.type),
    ...(action.description === undefined ? {} : { Description: action.description }),
    ...(action.status === undefined ? {} : { Status: action.status }),
    ...(action.properties === undefined ? {} : { Properties: stringMap(action.properties, `${where}: actions[${index}].properties`) }),
    ...(action.metadata === undefined ? {} : { MetadataProperties: metadata(action.metadata) }),
    ...(action.tags === undefined ? {} : { Tags: tagList(action.tags) }),
  }));
  const artifacts = (options.artifacts ?? []).map((artifact, index) => ({
    ...(artifact.name === undefined ? {} : { ArtifactName: artifact.name }),
    Source: artifactSource(where, `artifacts[${index}].source`, artifact.source),
    ArtifactType: required(where, `artifacts[${index}].type`, artifact.type),
    ...(artifact.properties === undefined ? {} : { Properties: stringMap(artifact.properties, `${where}: artifacts[${index}].properties`) }),
    ...(artifact.metadata === undefined ? {} : { MetadataProperties: metadata(artifact.metadata) }),
    ...(artifact.tags === undefined ? {} : { Tags: tagList(artifact.tags) }),
  }));
  const contexts = (options.contexts ?? []).map((context, index) => ({
    ContextName: required(where, `contexts[${index}].name`, context.name),
    Source: source(where, `contexts[${index}].source`, context.source),
    ContextType: required(where, `contexts[${index}].type`, context.type),
    ...(context.description === undefined ? {} : { Description: context.description }),
    ...(context.properties === undefined ? {} : { Properties: stringMap(context.properties, `${where}: contexts[${index}].properties`) }),
    ...(context.tags === undefined ? {} : { Tags: tagList(context.tags) }),
  }));
  // the names each kind declares; a kind with a name that is a pipeline value is open (known when the step runs)
  const declared = KINDS.map((kind) => {
    const names = (options[kind.option] ?? []).map((entity) => entity.name);
    return { kind, open: names.some((n) => n instanceof PipelineValue), names: names.filter((n): n is string => typeof n === "string") };
  });
  const associations = (options.associations ?? []).map((association, index) => ({
    Source: entity(where, `associations[${index}].source`, association.source, declared),
    Destination: entity(where, `associations[${index}].destination`, association.destination, declared),
    ...(association.type === undefined ? {} : { AssociationType: association.type }),
  }));
  if (actions.length + artifacts.length + contexts.length + associations.length === 0) {
    throw new SagepipeError("missing-option", `${where} records nothing: give it actions, artifacts, contexts or associations (at least one)`);
  }
  const args = {
    ...(actions.length === 0 ? {} : { Actions: actions }),
    ...(artifacts.length === 0 ? {} : { Artifacts: artifacts }),
    ...(contexts.length === 0 ? {} : { Contexts: contexts }),
    ...(associations.length === 0 ? {} : { Associations: associations }),
  };
  const node = createStepNode(name, "Lineage", args, options);
  const restricted: DeclaredNames[] = declared.filter((d) => !d.open).map((d) => ({ path: d.kind.arns, what: d.kind.ref, names: d.names }));
  const handle = Object.freeze({ name, type: "Lineage" as const, properties: stepProperties("Lineage", name, restricted) });
  return Object.freeze({ name, node, handle }) as unknown as StepDefinition<string, LineageHandle<string>>;
}

function required<T>(where: string, option: string, value: T | undefined): T {
  if (value === undefined || value === null || value === "") throw new SagepipeError("missing-option", `${where}: ${option} is required`);
  return value;
}

const isValue = (value: unknown): value is Value<string> => typeof value === "string" || value instanceof PipelineValue;

function source(where: string, option: string, value: Value<string> | LineageSourceOptions | undefined) {
  const spec = isValue(value) ? { uri: value } : value;
  if (spec === undefined || spec === null || typeof spec !== "object") {
    throw new SagepipeError("missing-option", `${where}: ${option} is required: a URI, or { uri, type?, id? }`);
  }
  return {
    SourceUri: required(where, `${option}.uri`, spec.uri),
    ...(spec.type === undefined ? {} : { SourceType: spec.type }),
    ...(spec.id === undefined ? {} : { SourceId: spec.id }),
  };
}

function artifactSource(where: string, option: string, value: Value<string> | LineageArtifactSourceOptions | undefined) {
  const spec = isValue(value) ? { uri: value } : value;
  if (spec === undefined || spec === null || typeof spec !== "object") {
    throw new SagepipeError("missing-option", `${where}: ${option} is required: a URI, or { uri, sourceTypes? }`);
  }
  return {
    SourceUri: required(where, `${option}.uri`, spec.uri),
    ...(spec.sourceTypes === undefined ? {} : { SourceTypes: spec.sourceTypes.map((t) => ({ SourceIdType: t.idType, Value: t.value })) }),
  };
}

function metadata(options: LineageMetadataOptions) {
  return {
    ...(options.commitId === undefined ? {} : { CommitId: options.commitId }),
    ...(options.repository === undefined ? {} : { Repository: options.repository }),
    ...(options.generatedBy === undefined ? {} : { GeneratedBy: options.generatedBy }),
    ...(options.projectId === undefined ? {} : { ProjectId: options.projectId }),
  };
}

type Declared = readonly { readonly kind: (typeof KINDS)[number]; readonly open: boolean; readonly names: readonly string[] }[];

/** An association end: `{Name, Type}` for an entity of this step (checked against its names), `{Arn}` for an existing one. */
function entity(where: string, option: string, end: LineageEntityOptions | undefined, declared: Declared) {
  const keys = end === undefined || end === null || typeof end !== "object" ? [] : Object.keys(end).filter((key) => (end as Record<string, unknown>)[key] !== undefined);
  if (keys.length !== 1 || end === undefined) {
    throw new SagepipeError(
      "invalid-option",
      `${where}: ${option} names one entity: { action: name }, { artifact: name } or { context: name } for one this step creates, or { arn } for an existing one; got ${keys.length === 0 ? "none" : keys.join(" and ")}`,
    );
  }
  if ("arn" in end) return { Arn: end.arn };
  const found = declared.find((d) => d.kind.ref in end);
  if (found === undefined) throw new SagepipeError("invalid-option", `${where}: ${option} names one entity: { action }, { artifact }, { context } or { arn }`);
  const name = (end as Record<string, Value<string>>)[found.kind.ref] as Value<string>;
  if (typeof name === "string" && !found.open && !found.names.includes(name)) {
    throw new SagepipeError(
      "unknown-lineage-entity",
      `${where}: ${option} names ${found.kind.type} "${name}", which this step does not create.${didYouMean(name, found.names)} ${found.names.length === 0 ? `It creates no ${found.kind.option}` : `Its ${found.kind.option}: ${found.names.join(", ")}`}; an entity made elsewhere is { arn } (e.g. steps.<step>.properties.${found.kind.arns}.get("${name}"))`,
    );
  }
  return { Name: name, Type: found.kind.type };
}
