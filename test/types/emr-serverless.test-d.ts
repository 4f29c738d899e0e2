import { describe, expectTypeOf, it } from "vitest";
import type { PipelineValue } from "sagepipe";
import { emrServerlessStep } from "../../src/builder/steps/emr-serverless.js";

declare const text: PipelineValue<string>;
declare const count: PipelineValue<number>;
const role = "arn:aws:iam::111111111111:role/EMRServerlessRole";

describe("emrServerlessStep's types", () => {
  it("runs a Spark or Hive job on an existing application or a new one", () => {
    emrServerlessStep("S", {
      applicationId: "app1",
      executionRoleArn: text,
      sparkSubmit: { entryPoint: text, entryPointArguments: [text], sparkSubmitParameters: "--conf x=y" },
      executionTimeoutMinutes: count,
      tags: { team: text },
    });
    emrServerlessStep("S", { applicationConfig: { releaseLabel: "emr-7.0.0", type: "SPARK", architecture: "ARM64" }, executionRoleArn: role, hive: { query: "s3://b/q.sql" } });
    // @ts-expect-error: an application id or an application config
    emrServerlessStep("S", { applicationId: "app1", applicationConfig: { releaseLabel: "emr-7.0.0", type: "SPARK" }, executionRoleArn: role, hive: { query: "q" } });
    // @ts-expect-error: the execution role is required
    emrServerlessStep("S", { applicationId: "app1", sparkSubmit: { entryPoint: "s3://b/job.py" } });
    // @ts-expect-error: sparkSubmit needs an entry point
    emrServerlessStep("S", { applicationId: "app1", executionRoleArn: role, sparkSubmit: { sparkSubmitParameters: "x" } });
    // @ts-expect-error: camelCase, as the EMR Serverless API spells it
    emrServerlessStep("S", { applicationConfig: { ReleaseLabel: "emr-7.0.0", type: "SPARK" }, executionRoleArn: role, hive: { query: "q" } });
  });

  it("types the handle's properties from GetJobRun", () => {
    const { handle } = emrServerlessStep("S", { applicationId: "app1", executionRoleArn: role, hive: { query: "q" } });
    expectTypeOf(handle.properties.jobRun.state).toEqualTypeOf<PipelineValue<string>>();
    expectTypeOf(handle.properties.jobRun.totalExecutionDurationSeconds).toEqualTypeOf<PipelineValue<number>>();
    // @ts-expect-error: not a property of a job run
    void handle.properties.jobRun.status;
  });
});
