import { describe, expect, it } from "vitest";
import { EMRServerlessArguments, EMRServerlessStep, Step } from "sagepipe";
import { issuePaths } from "../../support/python-sdk.js";

// The arguments the Python SDK v3 builds (sagemaker-mlops tests/unit/workflow/test_emr_serverless_step.py).
const role = "arn:aws:iam::123456789012:role/EMRServerlessRole";
const jobDriver = { sparkSubmit: { entryPoint: "s3://bucket/script.py" } };
const existingApplication = {
  ExecutionRoleArn: role,
  ApplicationId: "app123",
  JobConfig: { applicationId: "app123", executionRoleArn: role, jobDriver },
};
const newApplication = {
  ExecutionRoleArn: role,
  ApplicationConfig: { name: "test-application", releaseLabel: "emr-6.15.0", type: "SPARK" },
  JobConfig: {
    executionRoleArn: role,
    jobDriver,
    configurationOverrides: {
      applicationConfiguration: [{ classification: "spark-defaults", properties: { "spark.sql.adaptive.enabled": "true" } }],
    },
  },
};
const step = {
  Name: "test-step",
  Type: "EMRServerless",
  DisplayName: "Test Step",
  Description: "Test Description",
  Arguments: existingApplication,
  CacheConfig: { Enabled: true, ExpireAfter: "PT1H" },
  RetryPolicies: [{ ExceptionType: ["Step.SERVICE_FAULT"], IntervalSeconds: 1, BackoffRate: 2.0, MaxAttempts: 3 }],
};

describe("EMRServerlessStep: Python SDK output", () => {
  it.each([
    ["an existing application", existingApplication],
    ["a new application", newApplication],
  ])("parses a step on %s to an equal value", (_name, args) => {
    const value = { ...step, Arguments: args };
    expect(EMRServerlessStep.parse(value)).toEqual(value);
    expect(Step.parse(value)).toEqual(value);
  });

  it("takes a Hive job and expressions", () => {
    const value = {
      ...existingApplication,
      JobConfig: {
        ...existingApplication.JobConfig,
        jobDriver: { hive: { query: { Get: "Parameters.QueryUri" } } },
        executionTimeoutMinutes: { Get: "Parameters.Timeout" },
        tags: { team: "ml" },
      },
    };
    expect(EMRServerlessArguments.parse(value)).toEqual(value);
  });
});

describe("EMRServerlessStep: rejections", () => {
  it("needs ApplicationId or ApplicationConfig", () => {
    const { ApplicationId: _a, ...rest } = existingApplication;
    const { applicationId: _j, ...jobConfig } = existingApplication.JobConfig;
    expect(issuePaths(EMRServerlessArguments.safeParse({ ...rest, JobConfig: jobConfig }))).toEqual([[]]);
  });

  it("rejects ApplicationId together with ApplicationConfig", () => {
    const value = { ...newApplication, ApplicationId: "app123" };
    expect(issuePaths(EMRServerlessArguments.safeParse(value))).toEqual([[]]);
  });

  it("rejects a JobConfig.applicationId that differs from ApplicationId", () => {
    const value = { ...existingApplication, JobConfig: { ...existingApplication.JobConfig, applicationId: "other" } };
    expect(issuePaths(EMRServerlessArguments.safeParse(value))).toEqual([["JobConfig", "applicationId"]]);
  });

  it("rejects PascalCase keys inside JobConfig", () => {
    const value = { ...existingApplication, JobConfig: { ...existingApplication.JobConfig, JobDriver: jobDriver } };
    const result = EMRServerlessArguments.safeParse(value);
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
    expect(result.error?.issues[0]?.path).toEqual(["JobConfig"]);
  });

  it("needs exactly one job driver", () => {
    const driver = { ...jobDriver, hive: { query: "SELECT 1" } };
    const value = { ...existingApplication, JobConfig: { ...existingApplication.JobConfig, jobDriver: driver } };
    expect(issuePaths(EMRServerlessArguments.safeParse(value))).toEqual([["JobConfig", "jobDriver"]]);
  });

  it("needs releaseLabel and type in ApplicationConfig", () => {
    const value = { ...newApplication, ApplicationConfig: { name: "test-app" } };
    expect(issuePaths(EMRServerlessArguments.safeParse(value))).toEqual([
      ["ApplicationConfig", "releaseLabel"],
      ["ApplicationConfig", "type"],
    ]);
  });

  it("rejects an execution role that is not an IAM role ARN", () => {
    const value = { ...existingApplication, ExecutionRoleArn: "role/EMRServerlessRoleForJobs" };
    expect(issuePaths(EMRServerlessArguments.safeParse(value))).toEqual([["ExecutionRoleArn"]]);
  });

  it("rejects a timeout above 1000000 minutes", () => {
    const jobConfig = { ...existingApplication.JobConfig, executionTimeoutMinutes: 1000001 };
    expect(issuePaths(EMRServerlessArguments.safeParse({ ...existingApplication, JobConfig: jobConfig }))).toEqual([
      ["JobConfig", "executionTimeoutMinutes"],
    ]);
  });

  it("rejects a string where an autoStop boolean is wanted", () => {
    const config = { ...newApplication.ApplicationConfig, autoStopConfiguration: { enabled: "yes" } };
    expect(issuePaths(EMRServerlessArguments.safeParse({ ...newApplication, ApplicationConfig: config }))).toEqual([
      ["ApplicationConfig", "autoStopConfiguration", "enabled"],
    ]);
  });
});
