import { fileURLToPath } from "node:url";
import { CreateModelPackageGroupCommand, DescribeModelPackageGroupCommand } from "@aws-sdk/client-sagemaker";
import { describe, expect, it } from "vitest";
import { AwsOperationError } from "sagepipe";
import churn from "../../examples/churn/pipeline.js";
import { ensureModelPackageGroup, ensureModelPackageGroups, modelPackageGroupsOf } from "../../src/registry/index.js";
import { GROUP, mockedRegistryAws, sagemakerError } from "./support.js";

const missing = () => sagemakerError("ValidationException", `ModelPackageGroup arn:aws:sagemaker:us-east-1:111111111111:model-package-group/${GROUP} does not exist.`);
const churnDir = fileURLToPath(new URL("../../examples/churn/", import.meta.url));

describe("ensureModelPackageGroup", () => {
  it("creates a missing group with its description and tags", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(DescribeModelPackageGroupCommand).rejects(missing());
    sm.on(CreateModelPackageGroupCommand).resolves({ ModelPackageGroupArn: "arn:group" });

    await expect(ensureModelPackageGroup(GROUP, { description: "Churn classifiers", tags: { team: "ml" }, clients })).resolves.toBe("created");
    expect(sm.commandCalls(CreateModelPackageGroupCommand).map((call) => call.args[0].input)).toEqual([
      { ModelPackageGroupName: GROUP, ModelPackageGroupDescription: "Churn classifiers", Tags: [{ Key: "team", Value: "ml" }] },
    ]);
  });

  it("leaves an existing group alone: no create", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(DescribeModelPackageGroupCommand).resolves({ ModelPackageGroupName: GROUP, ModelPackageGroupStatus: "Completed" });

    await expect(ensureModelPackageGroup(GROUP, { description: "other", clients })).resolves.toBe("exists");
    expect(sm.commandCalls(CreateModelPackageGroupCommand)).toHaveLength(0);
  });

  it("counts a concurrent create (SageMaker's 'already exists') as exists", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(DescribeModelPackageGroupCommand).rejects(missing());
    sm.on(CreateModelPackageGroupCommand).rejects(sagemakerError("ValidationException", `Model Package Group already exists: arn:aws:sagemaker:us-east-1:111111111111:model-package-group/${GROUP}`));

    await expect(ensureModelPackageGroup(GROUP, { clients })).resolves.toBe("exists");
    expect(sm.commandCalls(CreateModelPackageGroupCommand)).toHaveLength(1);
  });

  it("reports other failures as an AwsOperationError with the AWS error name", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(DescribeModelPackageGroupCommand).rejects(sagemakerError("AccessDeniedException", "not authorized to perform sagemaker:DescribeModelPackageGroup"));

    const failure = ensureModelPackageGroup(GROUP, { clients });
    await expect(failure).rejects.toBeInstanceOf(AwsOperationError);
    await expect(failure).rejects.toMatchObject({ code: "aws-request-failed", operation: "DescribeModelPackageGroup", awsErrorName: "AccessDeniedException" });
    expect(sm.commandCalls(CreateModelPackageGroupCommand)).toHaveLength(0);
  });

  it("a refused create is an AwsOperationError too", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(DescribeModelPackageGroupCommand).rejects(missing());
    sm.on(CreateModelPackageGroupCommand).rejects(sagemakerError("ResourceLimitExceeded", "too many groups"));
    await expect(ensureModelPackageGroup(GROUP, { clients })).rejects.toMatchObject({ operation: "CreateModelPackageGroup", awsErrorName: "ResourceLimitExceeded" });
  });
});

describe("the groups a pipeline registers into", () => {
  it("finds the RegisterModel step's group inside the condition branch", () => {
    expect(modelPackageGroupsOf(churn.compile({ baseDir: churnDir }))).toEqual([GROUP]);
  });

  it("ensureModelPackageGroups makes each exist", async () => {
    const { clients, sm } = mockedRegistryAws();
    sm.on(DescribeModelPackageGroupCommand).rejects(missing());
    sm.on(CreateModelPackageGroupCommand).resolves({});
    await expect(ensureModelPackageGroups(churn.compile({ baseDir: churnDir }), { clients })).resolves.toEqual({ [GROUP]: "created" });
  });
});
