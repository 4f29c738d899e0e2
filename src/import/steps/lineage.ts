import { isObject, type JsonObject } from "../../validate/step-index.js";
import { array, entries, lit, object, type Code } from "../code.js";
import type { ValueLifter } from "../values.js";
import { literalOption, option, tagsOption, type Lifter } from "./shared.js";

const ACTION_KEYS = new Set(["ActionName", "Source", "ActionType", "Description", "Status", "Properties", "MetadataProperties", "Tags"]);
const ARTIFACT_KEYS = new Set(["ArtifactName", "Source", "ArtifactType", "Properties", "MetadataProperties", "Tags"]);
const CONTEXT_KEYS = new Set(["ContextName", "Source", "ContextType", "Description", "Properties", "Tags"]);
const REF: Readonly<Record<string, string>> = { Action: "action", Artifact: "artifact", Context: "context" };

/** Every key of `json` is one of `keys`. */
const only = (json: JsonObject, keys: ReadonlySet<string>): boolean => Object.keys(json).every((key) => keys.has(key));

/** `Source` as the option takes it: the URI alone, or `{ uri, type, id }`. */
function source(json: unknown, values: ValueLifter): Code | undefined {
  if (!isObject(json) || json.SourceUri === undefined || !only(json, new Set(["SourceUri", "SourceType", "SourceId"]))) return undefined;
  if (json.SourceType === undefined && json.SourceId === undefined) return values.value(json.SourceUri);
  return object([["uri", values.value(json.SourceUri)], option("type", json.SourceType, values), option("id", json.SourceId, values)]);
}

function artifactSource(json: unknown, values: ValueLifter): Code | undefined {
  if (!isObject(json) || json.SourceUri === undefined || !only(json, new Set(["SourceUri", "SourceTypes"]))) return undefined;
  if (json.SourceTypes === undefined) return values.value(json.SourceUri);
  if (!Array.isArray(json.SourceTypes) || !json.SourceTypes.every((t) => isObject(t) && only(t, new Set(["SourceIdType", "Value"])) && typeof t.SourceIdType === "string")) return undefined;
  return object([
    ["uri", values.value(json.SourceUri)],
    ["sourceTypes", array(json.SourceTypes.filter(isObject).map((t) => object([["idType", lit(String(t.SourceIdType))], ["value", values.value(t.Value)]])))],
  ]);
}

function stringRecord(json: unknown, values: ValueLifter): Code | undefined {
  return isObject(json) ? object(Object.entries(json).map(([key, value]) => [key, values.value(value)] as const)) : undefined;
}

function metadata(json: unknown, values: ValueLifter): Code | undefined {
  if (!isObject(json)) return undefined;
  return object([option("commitId", json.CommitId, values), option("repository", json.Repository, values), option("generatedBy", json.GeneratedBy, values), option("projectId", json.ProjectId, values)]);
}

/** An association end: `{ action: name }` and the like, or `{ arn }`. */
function end(json: unknown, values: ValueLifter): Code | undefined {
  if (!isObject(json)) return undefined;
  if (json.Arn !== undefined) return Object.keys(json).length === 1 ? object([["arn", values.value(json.Arn)]]) : undefined;
  const ref = typeof json.Type === "string" ? REF[json.Type] : undefined;
  return ref === undefined || json.Name === undefined || Object.keys(json).length !== 2 ? undefined : object([[ref, values.value(json.Name)]]);
}

/** A Lineage step: `.lineage`, when every entity and association has a high-level form (else rawStep). */
export const liftLineage: Lifter = ({ args, values }) => {
  const list = (key: string): JsonObject[] | undefined => {
    const items = args[key];
    return items === undefined ? [] : Array.isArray(items) && items.every(isObject) ? (items as JsonObject[]) : undefined;
  };
  const [actions, artifacts, contexts, associations] = [list("Actions"), list("Artifacts"), list("Contexts"), list("Associations")];
  if (actions === undefined || artifacts === undefined || contexts === undefined || associations === undefined) return undefined;
  if (!only(args, new Set(["Actions", "Artifacts", "Contexts", "Associations"]))) return undefined;
  const codes: { actions: Code[]; artifacts: Code[]; contexts: Code[]; associations: Code[] } = { actions: [], artifacts: [], contexts: [], associations: [] };
  for (const action of actions) {
    const from = source(action.Source, values);
    if (!only(action, ACTION_KEYS) || from === undefined) return undefined;
    codes.actions.push(
      object([
        ["name", values.value(action.ActionName)],
        ["type", values.value(action.ActionType)],
        ["source", from],
        option("description", action.Description, values),
        literalOption("status", action.Status, ["Unknown", "InProgress", "Completed", "Failed", "Stopping", "Stopped"]),
        ["properties", stringRecord(action.Properties, values)],
        ["metadata", metadata(action.MetadataProperties, values)],
        ["tags", tagsOption(action.Tags, values)],
      ]),
    );
  }
  for (const artifact of artifacts) {
    const from = artifactSource(artifact.Source, values);
    if (!only(artifact, ARTIFACT_KEYS) || from === undefined) return undefined;
    codes.artifacts.push(
      object([
        option("name", artifact.ArtifactName, values),
        ["type", values.value(artifact.ArtifactType)],
        ["source", from],
        ["properties", stringRecord(artifact.Properties, values)],
        ["metadata", metadata(artifact.MetadataProperties, values)],
        ["tags", tagsOption(artifact.Tags, values)],
      ]),
    );
  }
  for (const context of contexts) {
    const from = source(context.Source, values);
    if (!only(context, CONTEXT_KEYS) || from === undefined) return undefined;
    codes.contexts.push(
      object([
        ["name", values.value(context.ContextName)],
        ["type", values.value(context.ContextType)],
        ["source", from],
        option("description", context.Description, values),
        ["properties", stringRecord(context.Properties, values)],
        ["tags", tagsOption(context.Tags, values)],
      ]),
    );
  }
  for (const association of associations) {
    const [from, to] = [end(association.Source, values), end(association.Destination, values)];
    if (from === undefined || to === undefined || !only(association, new Set(["Source", "Destination", "AssociationType"]))) return undefined;
    codes.associations.push(
      object([["source", from], ["destination", to], literalOption("type", association.AssociationType, ["ContributedTo", "AssociatedWith", "DerivedFrom", "Produced", "SameAs"])]),
    );
  }
  return {
    method: "lineage",
    options: entries((["actions", "artifacts", "contexts", "associations"] as const).map((key) => [key, codes[key].length === 0 ? undefined : array(codes[key])] as const)),
    handle: {},
  };
};
