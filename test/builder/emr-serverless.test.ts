import { describe, expect, it } from "vitest";
import { CompileError, SagepipeError, join, pipeline } from "sagepipe";
import { emrServerlessStep, type EMRServerlessOptions } from "../../src/builder/steps/emr-serverless.js";

// what the Python SDK v3 emits (sagemaker-mlops tests/unit/workflow/test_emr_serverless_step.py)
const role = "arn:aws:iam::123456789012:role/EMRServerlessRole";
const sparkSubmit = { entryPoint: "s3://bucket/script.py" } as const;

describe("emrServerlessStep", () => {
  it("emits what the Python SDK emits for a job on an existing application", () => {
    // when
    const { definition } = pipeline("Emr")
      .add(
        emrServerlessStep("test-step", {
          applicationId: "app123",
          executionRoleArn: role,
          sparkSubmit,
          displayName: "Test Step",
          description: "Test Description",
          cache: { expireAfter: "PT1H" },
          retry: [{ exceptions: ["Step.SERVICE_FAULT"], maxAttempts: 3 }],
        }),
      )
      .compile();
    // then
    expect(definition.Steps[0]).toStrictEqual({
      Name: "test-step",
      Type: "EMRServerless",
      Arguments: {
        ExecutionRoleArn: role,
        JobConfig: { executionRoleArn: role, jobDriver: { sparkSubmit }, applicationId: "app123" },
        ApplicationId: "app123",
      },
      DisplayName: "Test Step",
      Description: "Test Description",
      RetryPolicies: [{ ExceptionType: ["Step.SERVICE_FAULT"], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 3 }],
      CacheConfig: { Enabled: true, ExpireAfter: "PT1H" },
    });
  });

  it("emits what the Python SDK emits for a job on an application the step creates", () => {
    // when
    const { definition } = pipeline("Emr")
      .add(
        emrServerlessStep("test-step", {
          applicationConfig: { name: "test-application", releaseLabel: "emr-6.15.0", type: "SPARK" },
          executionRoleArn: role,
          sparkSubmit,
          configurationOverrides: {
            applicationConfiguration: [{ classification: "spark-defaults", properties: { "spark.sql.adaptive.enabled": "true" } }],
          },
        }),
      )
      .compile();
    // then
    expect(definition.Steps[0]).toStrictEqual({
      Name: "test-step",
      Type: "EMRServerless",
      Arguments: {
        ExecutionRoleArn: role,
        JobConfig: {
          executionRoleArn: role,
          jobDriver: { sparkSubmit },
          configurationOverrides: {
            applicationConfiguration: [{ classification: "spark-defaults", properties: { "spark.sql.adaptive.enabled": "true" } }],
          },
        },
        ApplicationConfig: { name: "test-application", releaseLabel: "emr-6.15.0", type: "SPARK" },
      },
    });
  });

  it("runs a Hive query with pipeline values, a time limit, a name and tags, and exposes the job run", () => {
    // given
    const p = pipeline("Emr")
      .param("QueryUri", "String", { default: "s3://bucket/q.sql" })
      .param("Timeout", "Integer", { default: 60 })
      .add(({ params }) =>
        emrServerlessStep("Hive", {
          applicationId: "app123",
          executionRoleArn: role,
          hive: { query: params.QueryUri },
          executionTimeoutMinutes: params.Timeout,
          jobName: join`hive-${params.QueryUri}`,
          tags: { team: "ml" },
        }),
      );
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[0]).toMatchObject({
      Arguments: {
        JobConfig: {
          jobDriver: { hive: { query: { Get: "Parameters.QueryUri" } } },
          executionTimeoutMinutes: { Get: "Parameters.Timeout" },
          name: { "Std:Join": { On: "", Values: ["hive-", { Get: "Parameters.QueryUri" }] } },
          tags: { team: "ml" },
        },
      },
    });
    expect(emrServerlessStep("Hive", { applicationId: "a1", executionRoleArn: role, hive: { query: "s3://b/q.sql" } }).handle.properties.jobRun.state.toJSON()).toStrictEqual({
      Get: "Steps.Hive.jobRun.state",
    });
  });

  it("rejects what it cannot run, with what to fix", () => {
    const bad = (options: unknown) => () => emrServerlessStep("Job", options as EMRServerlessOptions);
    expect(bad({ executionRoleArn: role, sparkSubmit })).toThrow(/needs exactly one of applicationId \(an existing application\) and applicationConfig/);
    expect(bad({ applicationId: "a1", applicationConfig: { releaseLabel: "emr-6.15.0", type: "SPARK" }, executionRoleArn: role, sparkSubmit })).toThrow(/, not both/);
    expect(bad({ applicationId: "a1", executionRoleArn: role })).toThrow(/exactly one of sparkSubmit \(a Spark job\) and hive/);
    expect(bad({ applicationId: "a1", executionRoleArn: role, sparkSubmit, hive: { query: "s3://b/q" } })).toThrow(/exactly one of sparkSubmit/);
    expect(bad({ applicationId: "a1", sparkSubmit })).toThrow(/needs executionRoleArn/);
    expect(bad({ applicationId: "a1", sparkSubmit })).toThrow(SagepipeError);
    // what a schema can say (an application id is lowercase letters and digits), the compiler's validation says
    expect(() => pipeline("Emr").add(emrServerlessStep("Job", { applicationId: "App-1", executionRoleArn: role, sparkSubmit })).compile()).toThrow(CompileError);
  });
});
