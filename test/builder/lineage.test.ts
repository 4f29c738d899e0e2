import { describe, expect, it } from "vitest";
import { execution, join, lineageStep, pipeline } from "sagepipe";
import { sagepipeErrorOf } from "../support/errors.js";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const job = { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1", role, instanceType: "ml.m5.xlarge" } as const;

describe("lineageStep", () => {
  it("writes the Python SDK's LineageStep arguments (its docstring example): entities, then associations by name and type", () => {
    const step = lineageStep("RecordLineage", {
      actions: [{ name: "training-run", type: "ModelTraining", source: { uri: "s3://bucket/run", type: "S3ETag" } }],
      artifacts: [{ name: "trained-model", type: "Model", source: "s3://bucket/model.tar.gz" }],
      associations: [{ source: { action: "training-run" }, destination: { artifact: "trained-model" }, type: "Produced" }],
    });
    expect(pipeline("P").add(step).compile().definition.Steps[0]).toStrictEqual({
      Name: "RecordLineage",
      Type: "Lineage",
      Arguments: {
        Actions: [{ ActionName: "training-run", Source: { SourceUri: "s3://bucket/run", SourceType: "S3ETag" }, ActionType: "ModelTraining" }],
        Artifacts: [{ ArtifactName: "trained-model", Source: { SourceUri: "s3://bucket/model.tar.gz" }, ArtifactType: "Model" }],
        Associations: [{ Source: { Name: "training-run", Type: "Action" }, Destination: { Name: "trained-model", Type: "Artifact" }, AssociationType: "Produced" }],
      },
    });
  });

  it("writes every field of each entity, reads step properties, and associates existing entities by ARN", () => {
    const { definition } = pipeline("Lineage")
      .train("Train", { ...job, outputPath: "s3://b/models" })
      .lineage("Record", ({ steps }) => ({
        actions: [
          {
            name: join(["deploy", execution.PipelineExecutionId], "-"),
            type: "ModelDeployment",
            source: { uri: steps.Train.properties.TrainingJobArn, type: "TrainingJob", id: "1" },
            description: "deploys the model",
            status: "Completed",
            properties: { stage: "prod" },
            metadata: { commitId: "abc", repository: "git@x", generatedBy: "ci", projectId: "p-1" },
            tags: { team: "ml" },
          },
        ],
        artifacts: [{ type: "Model", source: { uri: steps.Train.modelArtifacts, sourceTypes: [{ idType: "S3ETag", value: "etag" }] }, properties: { framework: "xgboost" } }],
        contexts: [{ name: "churn-endpoint", type: "Endpoint", source: "arn:aws:sagemaker:us-east-1:111111111111:endpoint/churn", description: "serving" }],
        associations: [{ source: { context: "churn-endpoint" }, destination: { arn: "arn:aws:sagemaker:us-east-1:111111111111:context/project" } }],
      }))
      .compile();
    expect(definition.Steps[1]?.Arguments).toStrictEqual({
      Actions: [
        {
          ActionName: { "Std:Join": { On: "-", Values: ["deploy", { Get: "Execution.PipelineExecutionId" }] } },
          Source: { SourceUri: { Get: "Steps.Train.TrainingJobArn" }, SourceType: "TrainingJob", SourceId: "1" },
          ActionType: "ModelDeployment",
          Description: "deploys the model",
          Status: "Completed",
          Properties: { stage: "prod" },
          MetadataProperties: { CommitId: "abc", Repository: "git@x", GeneratedBy: "ci", ProjectId: "p-1" },
          Tags: [{ Key: "team", Value: "ml" }],
        },
      ],
      Artifacts: [{ Source: { SourceUri: { Get: "Steps.Train.ModelArtifacts.S3ModelArtifacts" }, SourceTypes: [{ SourceIdType: "S3ETag", Value: "etag" }] }, ArtifactType: "Model", Properties: { framework: "xgboost" } }],
      Contexts: [{ ContextName: "churn-endpoint", Source: { SourceUri: "arn:aws:sagemaker:us-east-1:111111111111:endpoint/churn" }, ContextType: "Endpoint", Description: "serving" }],
      Associations: [{ Source: { Name: "churn-endpoint", Type: "Context" }, Destination: { Arn: "arn:aws:sagemaker:us-east-1:111111111111:context/project" } }],
    });
  });

  it("gives the ARNs of what it created by name, as the SDK's properties.ArtifactArns['<name>']", () => {
    const { handle } = lineageStep("Record", { artifacts: [{ name: "model", type: "Model", source: "s3://b/m" }] });
    expect(handle.properties.ArtifactArns.get("model").toJSON()).toStrictEqual({ Get: "Steps.Record.ArtifactArns['model']" });
    expect(handle.properties.ArtifactArns["model"].toJSON()).toStrictEqual({ Get: "Steps.Record.ArtifactArns['model']" });
    expect(handle.properties.Associations.toJSON()).toStrictEqual({ Get: "Steps.Record.Associations" });
    // another step reads them
    const { definition } = pipeline("P")
      .add(lineageStep("Record", { artifacts: [{ name: "model", type: "Model", source: "s3://b/m" }] }))
      .add(({ steps }) => lineageStep("Later", { associations: [{ source: { arn: steps.Record.properties.ArtifactArns.get("model") }, destination: { arn: "arn:aws:sagemaker:us-east-1:111111111111:context/c" } }] }))
      .compile();
    expect(definition.Steps[1]?.Arguments).toStrictEqual({
      Associations: [{ Source: { Arn: { Get: "Steps.Record.ArtifactArns['model']" } }, Destination: { Arn: "arn:aws:sagemaker:us-east-1:111111111111:context/c" } }],
    });
  });

  it("refuses from JavaScript: an association end the step does not create, with the closest name, and an ARN read by an undeclared name", () => {
    const untyped = lineageStep as unknown as (name: string, options: unknown) => { handle: { properties: { ArtifactArns: { get(name: string): unknown } } } };
    const options = { actions: [{ name: "training-run", type: "ModelTraining", source: "s3://b/run" }], artifacts: [{ name: "trained-model", type: "Model", source: "s3://b/m" }] };
    expect(sagepipeErrorOf(() => untyped("Record", { ...options, associations: [{ source: { action: "training-rn" }, destination: { artifact: "trained-model" } }] }))).toMatch(
      /^unknown-lineage-entity: Lineage step "Record": associations\[0\]\.source names Action "training-rn", which this step does not create\. Did you mean "training-run"\? Its actions: training-run; an entity made elsewhere is \{ arn \}/,
    );
    expect(sagepipeErrorOf(() => untyped("Record", { ...options, associations: [{ source: { context: "x" }, destination: { arn: "arn" } }] }))).toMatch(/names Context "x", which this step does not create\. It creates no contexts/);
    expect(sagepipeErrorOf(() => untyped("Record", options).handle.properties.ArtifactArns.get("trained-modle"))).toMatch(/^unknown-artifact: Lineage step "Record" has no artifact "trained-modle" in ArtifactArns\. Did you mean "trained-model"\?/);
    // a name that is a pipeline value: that kind is known only at run time
    const dynamic = untyped("Record", { actions: [{ name: execution.PipelineExecutionId, type: "t", source: "s3://b/x" }], associations: [{ source: { action: "whatever" }, destination: { arn: "arn" } }] });
    expect((dynamic.handle.properties as unknown as { ActionArns: { get(name: string): { toJSON(): unknown } } }).ActionArns.get("any").toJSON()).toStrictEqual({ Get: "Steps.Record.ActionArns['any']" });
  });

  it("refuses from JavaScript: nothing to record, two ends at once, a missing name or source, an unknown key, retry", () => {
    const untyped = lineageStep as unknown as (name: string, options: unknown) => unknown;
    expect(sagepipeErrorOf(() => untyped("R", {}))).toMatch(/^missing-option: Lineage step "R" records nothing: give it actions, artifacts, contexts or associations/);
    expect(sagepipeErrorOf(() => untyped("R", { actions: [], artifacts: [] }))).toMatch(/^missing-option: .* records nothing/);
    expect(sagepipeErrorOf(() => untyped("R", { associations: [{ source: { arn: "a", action: "b" }, destination: { arn: "c" } }] }))).toMatch(/^invalid-option: .*associations\[0\]\.source names one entity: .*got arn and action/);
    expect(sagepipeErrorOf(() => untyped("R", { actions: [{ type: "t", source: "s3://b/x" }] }))).toMatch(/^missing-option: Lineage step "R": actions\[0\]\.name is required/);
    expect(sagepipeErrorOf(() => untyped("R", { contexts: [{ name: "c", type: "t" }] }))).toMatch(/^missing-option: Lineage step "R": contexts\[0\]\.source is required/);
    expect(sagepipeErrorOf(() => untyped("R", { actions: [{ name: "a", type: "t", source: { uri: "s3://b/x", typ: "S3ETag" } }] }))).toMatch(/^unknown-option: .*unknown option "actions\[0\]\.source\.typ"\. Did you mean "type"\?/);
    expect(sagepipeErrorOf(() => untyped("R", { actions: [{ name: "a", type: "t", source: "s3://b/x" }], retry: [{ exceptions: ["Step.THROTTLING"] }] }))).toMatch(/^retry-not-supported: /);
    expect(sagepipeErrorOf(() => untyped("R", { actions: { name: "a" } }))).toMatch(/^invalid-option: Lineage step "R": option "actions" is a list \(an array\), got an object$/);
  });

  it("leaves an empty list out", () => {
    const step = lineageStep("R", { actions: [], artifacts: [{ name: "m", type: "Model", source: "s3://b/m" }] });
    expect(Object.keys(pipeline("P").add(step).compile().definition.Steps[0]?.Arguments ?? {})).toEqual(["Artifacts"]);
  });
});
