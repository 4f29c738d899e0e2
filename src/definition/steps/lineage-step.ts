import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { stepEnvelope } from "../common.js";
import { str, strEnum, strMap, type Expression } from "../expressions.js";
import { coded, named, namedSuperRefine } from "../rules.js";
import { excerpt, quoted } from "../../text.js";
import { experimentEntityName, isLiteral, TagList } from "./shared/base-shapes.js";
import { MetadataProperties } from "./shared/model-shapes.js";

const lineageSource = () =>
  strictObject({
    SourceUri: str({ min: 1, max: 2048 }),
    SourceType: str({ max: 256 }).optional(),
    SourceId: str({ max: 256 }).optional(),
  });

const properties = (valueMax: number) => strMap({ maxEntries: 30, keyMax: 2500, valueMax });

/** One action to create: the `CreateAction` request. */
export const LineageAction = lazySchema(() =>
  strictObject({
    ActionName: experimentEntityName(),
    Source: lineageSource(),
    ActionType: str({ max: 256 }),
    Description: str({ max: 3072 }).optional(),
    Status: strEnum(["Unknown", "InProgress", "Completed", "Failed", "Stopping", "Stopped"]).optional(),
    Properties: properties(2500).optional(),
    MetadataProperties: MetadataProperties.optional(),
    Tags: TagList.optional(),
  })
);
export type LineageAction = z.infer<typeof LineageAction>;

/** One artifact to create: the `CreateArtifact` request. */
export const LineageArtifact = lazySchema(() =>
  strictObject({
    ArtifactName: experimentEntityName().optional(),
    Source: strictObject({
      SourceUri: str({ min: 1, max: 2048 }),
      SourceTypes: z
        .array(
          strictObject({
            SourceIdType: strEnum(["MD5Hash", "S3ETag", "S3Version", "Custom"]),
            Value: str({ max: 256 }),
          }),
        )
        .optional(),
    }),
    ArtifactType: str({ max: 256 }),
    Properties: properties(4096).optional(),
    MetadataProperties: MetadataProperties.optional(),
    Tags: TagList.optional(),
  })
);
export type LineageArtifact = z.infer<typeof LineageArtifact>;

/** One context to create: the `CreateContext` request. */
export const LineageContext = lazySchema(() =>
  strictObject({
    ContextName: str({
      min: 1,
      max: 120,
      pattern: /^[a-zA-Z0-9]([-_]*[a-zA-Z0-9]){0,119}$/,
      patternHint: "1–120 letters, digits, hyphens and underscores, starting and ending with a letter or digit",
    }),
    Source: lineageSource(),
    ContextType: str({ max: 256 }),
    Description: str({ max: 3072 }).optional(),
    Properties: properties(2500).optional(),
    Tags: TagList.optional(),
  })
);
export type LineageContext = z.infer<typeof LineageContext>;

/** The entity types an association endpoint can name. */
export const LINEAGE_ENTITY_TYPES = ["Action", "Artifact", "Context"] as const;

const nameTypeOrArn = named(
  "lineage-name-type-or-arn",
  (ref: { Name?: unknown; Type?: unknown; Arn?: unknown }) => (ref.Arn === undefined ? ref.Name !== undefined && ref.Type !== undefined : ref.Name === undefined && ref.Type === undefined),
);

/**
 * An association endpoint: an entity created by the same step (`Name` and `Type`) or an existing
 * entity (`Arn`).
 */
export const LineageEntityReference = lazySchema(() =>
  strictObject({
    Name: str({ min: 1, max: 120 }).optional(),
    Type: strEnum(LINEAGE_ENTITY_TYPES).optional(),
    Arn: str({
      max: 256,
      pattern: /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:(experiment|experiment-trial-component|artifact|action|context)\/.*$/,
      patternHint: "the ARN of a SageMaker action, artifact, context, experiment or trial component",
    }).optional(),
  })
    .refine(
      nameTypeOrArn,
      coded(
        "conflicting-members",
        "an association endpoint is either {Name, Type} (an entity this step creates) or {Arn} (an existing entity): set those members only",
      ),
    )
);
export type LineageEntityReference = z.infer<typeof LineageEntityReference>;

/** An association to add once the step's entities exist. */
export const LineageAssociation = lazySchema(() =>
  strictObject({
    Source: LineageEntityReference,
    Destination: LineageEntityReference,
    AssociationType: strEnum(["ContributedTo", "AssociatedWith", "DerivedFrom", "Produced", "SameAs"]).optional(),
  })
);
export type LineageAssociation = z.infer<typeof LineageAssociation>;

type EntityName = string | Expression | undefined;

interface LineageEntities {
  readonly Actions?: readonly { readonly ActionName?: EntityName }[] | undefined;
  readonly Artifacts?: readonly { readonly ArtifactName?: EntityName }[] | undefined;
  readonly Contexts?: readonly { readonly ContextName?: EntityName }[] | undefined;
  readonly Associations?: readonly { readonly Source: { readonly Name?: EntityName; readonly Type?: EntityName }; readonly Destination: { readonly Name?: EntityName; readonly Type?: EntityName } }[] | undefined;
}

const someEntities = named(
  "lineage-some-entities",
  (args: LineageEntities) => args.Actions !== undefined || args.Artifacts !== undefined || args.Contexts !== undefined || args.Associations !== undefined,
);

const endpointsCreatedHere = namedSuperRefine("lineage-endpoints-created-here", (args: LineageEntities, ctx) => {
  // A {Name, Type} endpoint resolves only against the entities this same step creates. Types
  // with a name given as an expression are not checked: the name is known only at run time.
  const created = new Set<string>();
  const dynamic = new Set<string>();
  const record = (type: string, name: LineageAction["ActionName"] | undefined) => {
    if (isLiteral(name)) created.add(`${type}:${name}`);
    else if (name !== undefined) dynamic.add(type);
  };
  for (const action of args.Actions ?? []) record("Action", action.ActionName);
  for (const artifact of args.Artifacts ?? []) record("Artifact", artifact.ArtifactName);
  for (const context of args.Contexts ?? []) record("Context", context.ContextName);
  (args.Associations ?? []).forEach((association, index) => {
    for (const end of ["Source", "Destination"] as const) {
      const { Name: name, Type: type } = association[end];
      if (!isLiteral(name) || !isLiteral(type) || dynamic.has(type) || created.has(`${type}:${name}`)) continue;
      ctx.addIssue({
        code: "custom",
        path: ["Associations", index, end, "Name"],
        message: `${excerpt(type)} ${quoted(name)} is not created by this Lineage step: a Name and Type endpoint must name an entity in this step's ${excerpt(type)}s; use Arn for an entity created elsewhere`,
        params: { code: "invalid-value" },
      });
    }
  });
});

/**
 * `Lineage` arguments: the actions, artifacts and contexts to create and the associations to add
 * between them. At least one list is present, and no list is empty.
 */
export const LineageArguments = lazySchema(() =>
  strictObject({
    Actions: z.array(LineageAction).min(1).optional(),
    Artifacts: z.array(LineageArtifact).min(1).optional(),
    Contexts: z.array(LineageContext).min(1).optional(),
    Associations: z.array(LineageAssociation).min(1).optional(),
  })
    .refine(
      someEntities,
      coded("missing-key", "a Lineage step needs at least one of Actions, Artifacts, Contexts or Associations"),
    )
    .check(endpointsCreatedHere)
);
export type LineageArguments = z.infer<typeof LineageArguments>;

/** A `Lineage` step: records lineage entities and their associations in one step. */
export const LineageStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("Lineage"),
    Arguments: LineageArguments,
  }),
  { Type: ["Lineage"] },
);
export type LineageStep = z.infer<typeof LineageStep>;
