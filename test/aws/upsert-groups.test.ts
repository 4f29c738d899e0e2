import {
  CreateModelPackageGroupCommand,
  CreatePipelineCommand,
  DescribeModelPackageGroupCommand,
  DescribePipelineCommand,
  ListPipelineVersionsCommand,
} from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { pipeline, upsert } from "sagepipe";
import { PIPELINE_ARN, ROLE, awsError, mockedAws } from "./support.js";

const registering = pipeline("Flow")
  .param("Group", "String", { default: "from-a-parameter" })
  .register("Register", { modelPackageGroup: "churn-models", image: "img", modelData: "s3://b/model.tar.gz", contentTypes: ["text/csv"], responseTypes: ["text/csv"] })
  .when("Check", ({ params }) => params.Group.eq("x"))
  .register("RegisterAgain", { modelPackageGroup: "candidates", image: "img", modelData: "s3://b/model.tar.gz", contentTypes: ["text/csv"], responseTypes: ["text/csv"] })
  .end();

function mocks() {
  const aws = mockedAws();
  aws.sm.on(DescribePipelineCommand).rejects(awsError("ResourceNotFound", "does not exist"));
  aws.sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
  aws.sm.on(ListPipelineVersionsCommand).resolves({ PipelineVersionSummaries: [{ PipelineVersionId: 1 }] });
  return aws;
}

describe("upsert: the model package groups of RegisterModel steps", () => {
  it("creates the missing ones (branch steps included) before the pipeline, and says which", async () => {
    const { clients, sm } = mocks();
    sm.on(DescribeModelPackageGroupCommand, { ModelPackageGroupName: "churn-models" }).resolves({ ModelPackageGroupName: "churn-models" });
    sm.on(DescribeModelPackageGroupCommand, { ModelPackageGroupName: "candidates" }).rejects(awsError("ValidationException", "ModelPackageGroup candidates does not exist."));
    sm.on(CreateModelPackageGroupCommand).resolves({ ModelPackageGroupArn: "arn:aws:sagemaker:us-east-1:111111111111:model-package-group/candidates" });

    const result = await upsert(registering, { roleArn: ROLE, clients });

    expect(result.modelPackageGroups).toEqual({ "churn-models": "exists", candidates: "created" });
    expect(sm.commandCalls(CreateModelPackageGroupCommand).map((c) => c.args[0].input.ModelPackageGroupName)).toEqual(["candidates"]);
    const order = sm.calls().map((call) => call.args[0].constructor.name);
    expect(order.indexOf("CreateModelPackageGroupCommand")).toBeLessThan(order.indexOf("CreatePipelineCommand"));
  });

  it("can be turned off", async () => {
    const { clients, sm } = mocks();
    const result = await upsert(registering, { roleArn: ROLE, clients, ensureModelPackageGroups: false });
    expect(result.modelPackageGroups).toEqual({});
    expect(sm.commandCalls(DescribeModelPackageGroupCommand)).toHaveLength(0);
  });
});
