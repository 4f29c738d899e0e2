import { describe, expect, it } from "vitest";
import { LineageArguments, LineageStep } from "sagepipe";

/** The distinct paths of a failed parse's issues, in order. */
const issuePaths = (result: { error?: { issues: { path: PropertyKey[] }[] } | undefined }) => [
  ...new Map((result.error?.issues ?? []).map((issue) => [issue.path.join("/"), issue.path])).values(),
];

const action = { ActionName: "training-run", Source: { SourceUri: "s3://bucket/run", SourceType: "S3ETag" }, ActionType: "ModelTraining", Status: "Completed" };
const artifact = { ArtifactName: "trained-model", Source: { SourceUri: "s3://bucket/model.tar.gz" }, ArtifactType: "Model" };
const context = { ContextName: "prod_endpoint", Source: { SourceUri: "arn:aws:sagemaker:us-west-2:111111111111:endpoint/ep" }, ContextType: "Endpoint" };
const produced = {
  Source: { Name: "training-run", Type: "Action" },
  Destination: { Name: "trained-model", Type: "Artifact" },
  AssociationType: "Produced",
};

describe("LineageStep", () => {
  it("parses entities and associations to an equal value", () => {
    const step = {
      Name: "RecordLineage",
      Type: "Lineage",
      Arguments: {
        Actions: [action],
        Artifacts: [artifact],
        Contexts: [context],
        Associations: [
          produced,
          {
            Source: { Name: "trained-model", Type: "Artifact" },
            Destination: { Arn: "arn:aws:sagemaker:us-west-2:111111111111:context/prod-ep" },
            AssociationType: "ContributedTo",
          },
        ],
      },
    };
    expect(LineageStep.parse(step)).toEqual(step);
  });

  it("accepts one kind of entity alone", () => {
    const value = { Actions: [{ ActionName: "a", ActionType: "T", Source: { SourceUri: "s3://b/k" }, Status: "Completed" }] };
    expect(LineageArguments.parse(value)).toEqual(value);
  });

  it("needs at least one list, and no empty list", () => {
    expect(issuePaths(LineageArguments.safeParse({}))).toEqual([[]]);
    expect(issuePaths(LineageArguments.safeParse({ Actions: [] }))).toEqual([["Actions"]]);
  });

  it("needs each entity's Source", () => {
    const { Source: _source, ...rest } = action;
    expect(issuePaths(LineageArguments.safeParse({ Actions: [rest] }))).toEqual([["Actions", 0, "Source"]]);
  });

  it("rejects a misspelt key, also beside a valid one", () => {
    const result = LineageArguments.safeParse({ Actions: [action], Bogus: [] });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["Bogus"] });
  });

  it("rejects an endpoint with both Arn and Name, or with only a Name", () => {
    const both = { ...produced, Destination: { Name: "trained-model", Type: "Artifact", Arn: "arn:aws:sagemaker:us-west-2:111111111111:artifact/x" } };
    expect(issuePaths(LineageArguments.safeParse({ Artifacts: [artifact], Actions: [action], Associations: [both] }))).toEqual([
      ["Associations", 0, "Destination"],
    ]);
    const nameOnly = { ...produced, Source: { Name: "training-run" } };
    expect(issuePaths(LineageArguments.safeParse({ Artifacts: [artifact], Actions: [action], Associations: [nameOnly] }))).toEqual([
      ["Associations", 0, "Source"],
    ]);
  });

  it("rejects a Name and Type endpoint this step does not create", () => {
    const result = LineageArguments.safeParse({ Actions: [action], Associations: [produced] });
    expect(issuePaths(result)).toEqual([["Associations", 0, "Destination", "Name"]]);
    expect(result.error?.issues[0]?.message).toMatch(/use Arn/);
  });

  it("does not check names given as expressions", () => {
    const value = {
      Artifacts: [{ ...artifact, ArtifactName: { Get: "Parameters.ArtifactName" } }],
      Actions: [action],
      Associations: [produced],
    };
    expect(LineageArguments.safeParse(value).success).toBe(true);
  });

  it("rejects an unknown association type and entity type", () => {
    expect(issuePaths(LineageArguments.safeParse({ Actions: [action], Artifacts: [artifact], Associations: [{ ...produced, AssociationType: "Made" }] }))).toEqual([
      ["Associations", 0, "AssociationType"],
    ]);
    const badType = { ...produced, Source: { Name: "training-run", Type: "Job" } };
    expect(issuePaths(LineageArguments.safeParse({ Actions: [action], Artifacts: [artifact], Associations: [badType] }))).toEqual([
      ["Associations", 0, "Source", "Type"],
    ]);
  });

  it("rejects more than 30 properties and a name over 120 characters", () => {
    const Properties = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`p${i}`, "v"]));
    expect(issuePaths(LineageArguments.safeParse({ Actions: [{ ...action, Properties }] }))).toEqual([["Actions", 0, "Properties"]]);
    expect(issuePaths(LineageArguments.safeParse({ Contexts: [{ ...context, ContextName: "c".repeat(121) }] }))).toEqual([
      ["Contexts", 0, "ContextName"],
    ]);
  });
});
