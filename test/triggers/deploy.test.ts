import { CreatePipelineCommand, ListPipelineVersionsCommand, StartPipelineExecutionCommand, UpdatePipelineCommand } from "@aws-sdk/client-sagemaker";
import { afterEach, describe, expect, it } from "vitest";
import { deploy } from "sagepipe";
import churn from "./fixtures/churn-triggers.js";
import { ROLE, fakeAws, pipelineArn } from "./support.js";

const SAGEMAKER_ROLE = "arn:aws:iam::111111111111:role/SageMakerRole";
let aws: ReturnType<typeof fakeAws> | undefined;
afterEach(() => aws?.restore());

function deployable() {
  aws = fakeAws({ pipelines: [] });
  aws.sagemaker.on(CreatePipelineCommand).callsFake(() => {
    aws?.deployed.add("Churn");
    return { PipelineArn: pipelineArn("Churn") };
  });
  aws.sagemaker.on(UpdatePipelineCommand).resolves({ PipelineArn: pipelineArn("Churn") });
  aws.sagemaker.on(ListPipelineVersionsCommand).resolves({ PipelineVersionSummaries: [{ PipelineVersionId: 1 }] });
  aws.sagemaker.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: `${pipelineArn("Churn")}/execution/e1` });
  return aws;
}

describe("deploy() applies the pipeline's triggers, schedules and failure alert", () => {
  it("after the upsert, idempotently: a second deploy writes no trigger", async () => {
    const { clients, writes, resetHistory } = deployable();
    const result = await deploy(churn, { roleArn: SAGEMAKER_ROLE, clients, triggers: { roleArn: ROLE, clients } });

    expect(result.upsert.status).toBe("created");
    expect(result.triggers?.changes.map((c) => [c.resource, c.action])).toEqual([
      ["bucket-notification", "updated"],
      ["rule", "created"],
      ["schedule", "created"],
    ]);
    expect(result.alerts?.changes.every((c) => c.action === "created")).toBe(true);
    expect(result.alerts?.changes.length).toBeGreaterThan(0);
    expect(writes()).toContain("PutRule");

    resetHistory();
    const again = await deploy(churn, { roleArn: SAGEMAKER_ROLE, clients, triggers: { roleArn: ROLE, clients } });
    expect([...(again.triggers?.changes ?? []), ...(again.alerts?.changes ?? [])].every((c) => c.action === "unchanged")).toBe(true);
    expect(writes()).toEqual([]);
  });

  it("a trigger without a role stops the deploy before anything is written", async () => {
    const { clients, sagemaker, writes } = deployable();
    await expect(deploy(churn, { roleArn: SAGEMAKER_ROLE, clients })).rejects.toThrow(/declares triggers without a roleArn \(s3-churn-data, weekly\)/);
    expect(sagemaker.commandCalls(CreatePipelineCommand)).toHaveLength(0);
    expect(writes()).toEqual([]);
  });

  it("triggers: false deploys the pipeline alone", async () => {
    const { clients, writes } = deployable();
    const result = await deploy(churn, { roleArn: SAGEMAKER_ROLE, clients, triggers: false });
    expect(result.triggers).toBeUndefined();
    expect(writes()).toEqual([]);
  });
});
