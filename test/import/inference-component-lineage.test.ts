import { describe, expect, it } from "vitest";
import * as sagepipe from "sagepipe";
import * as zod from "zod";
import { compile, execution, importDefinition, inferenceComponentStep, join, lineageStep, pipeline, type Compilable } from "sagepipe";
import { atRoot, runModule, typeCheck } from "../support/type-check.js";

// The importer lifts InferenceComponent and Lineage steps into .inferenceComponent and .lineage
// (what the options do not say goes to raw for an inference component; a Lineage step without a
// high-level form stays rawStep), and the module compiles back to the same definition.

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/serve:1";

function roundTrip(definition: Record<string, unknown>) {
  const result = importDefinition(definition);
  const module = runModule(result.code, { sagepipe, zod });
  return { result, compiled: JSON.parse(compile(module.default as Compilable).json) as unknown };
}

const definitionOf = (builder: { compile(): { json: string } }) => JSON.parse(builder.compile().json) as Record<string, unknown>;

describe("importing InferenceComponent and Lineage steps", () => {
  it("writes them with the high-level methods and handles, and the module type-checks and compiles back", { timeout: 120_000 }, () => {
    const definition = definitionOf(
      pipeline("Serving")
        .model("CreateModel", { image, role, modelData: "s3://b/model.tar.gz" })
        .endpointConfig("Config", ({ steps }) => ({ variants: [{ modelName: steps.CreateModel.modelName, instanceType: "ml.g5.xlarge" }] }))
        .endpoint("Serve", ({ steps }) => ({ endpointName: "shared", endpointConfigName: steps.Config }))
        .inferenceComponent("Deploy", ({ steps }) => ({
          inferenceComponentName: join(["churn", execution.PipelineExecutionId], "-"),
          endpointName: steps.Serve.properties.EndpointName,
          modelName: steps.CreateModel.modelName,
          container: { environment: { WORKERS: "2" } },
          computeResources: { minMemoryMb: 1024, cpuCores: 1 },
          startup: { healthCheckTimeoutSeconds: 300 },
          copyCount: 1,
          tags: { team: "ml" },
          raw: { Specification: { DataCacheConfig: { EnableCaching: true } } },
        }))
        .inferenceComponent("Adapter", ({ steps }) => ({ inferenceComponentName: "adapter", endpointName: "shared", baseInferenceComponentName: steps.Deploy, container: { artifactUrl: "s3://b/adapter/" } }))
        .lineage("Record", ({ steps }) => ({
          actions: [{ name: "deploy-run", type: "ModelDeployment", source: { uri: "s3://b/run", type: "S3ETag" }, status: "Completed", metadata: { commitId: "abc" } }],
          artifacts: [{ name: "served-model", type: "Model", source: { uri: "s3://b/model.tar.gz", sourceTypes: [{ idType: "S3ETag", value: "e" }] }, properties: { k: "v" } }],
          contexts: [{ name: "shared-endpoint", type: "Endpoint", source: steps.Serve.properties.EndpointArn }],
          associations: [
            { source: { artifact: "served-model" }, destination: { context: "shared-endpoint" }, type: "ContributedTo" },
            { source: { action: "deploy-run" }, destination: { arn: "arn:aws:sagemaker:us-east-1:111111111111:context/project" } },
          ],
        }))
        .add(({ steps }) => lineageStep("Later", { associations: [{ source: { arn: steps.Record.properties.ArtifactArns.get("served-model") }, destination: { arn: "arn:aws:sagemaker:us-east-1:111111111111:context/c" } }] })),
    );
    const { result, compiled } = roundTrip(definition);
    expect(compiled).toEqual(definition);
    expect(result.rawSteps).toEqual([]);
    expect(result.rawOptions).toEqual(["Deploy"]);
    expect(result.code).toContain('.inferenceComponent("Deploy"');
    // a name read from an Endpoint, Model or InferenceComponent step is written as the step's handle
    expect(result.code).toContain("endpointName: steps.Serve,");
    expect(result.code).toContain("modelName: steps.CreateModel,");
    expect(result.code).toContain("raw: { Specification: { DataCacheConfig: { EnableCaching: true } } }");
    expect(result.code).toContain("baseInferenceComponentName: steps.Deploy,");
    expect(result.code).toContain('.lineage("Record"');
    expect(result.code).toContain('source: { artifact: "served-model" }');
    expect(result.code).toContain('steps.Record.properties.ArtifactArns.get("served-model")');
    expect(typeCheck([{ file: atRoot("imported-serving.ts"), code: result.code }])).toEqual([]);
  });

  it("keeps a Lineage step as rawStep when the definition reads an ARN by a name it does not create", () => {
    const definition = definitionOf(
      pipeline("Undeclared")
        .add(lineageStep("Record", { artifacts: [{ name: "model", type: "Model", source: "s3://b/m" }] }))
        .add(
          sagepipe.rawStep("Later", "Lineage", {
            arguments: { Associations: [{ Source: { Arn: new sagepipe.GetValue<string>("Steps.Record.ArtifactArns['other']", "string") }, Destination: { Arn: "arn:aws:sagemaker:us-east-1:111111111111:context/c" } }] },
          }),
        ),
    );
    const { result, compiled } = roundTrip(definition);
    expect(compiled).toEqual(definition);
    expect(result.rawSteps).toContain("Record");
  });

  it("lifts an InferenceComponent step given as plain JSON (the Python SDK's arguments)", () => {
    const step = inferenceComponentStep("IC", { inferenceComponentName: "ic", endpointName: "ep", modelName: "m", computeResources: { minMemoryMb: 1024 }, copyCount: 1 });
    const definition = definitionOf(pipeline("Plain").add(step));
    const { result, compiled } = roundTrip(definition);
    expect(compiled).toEqual(definition);
    expect(result.code).toContain('.inferenceComponent("IC", {\n    inferenceComponentName: "ic",\n    endpointName: "ep",\n    modelName: "m",\n    computeResources: { minMemoryMb: 1024 },\n    copyCount: 1,\n  })');
  });
});
