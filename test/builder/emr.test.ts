import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CompileError, SagepipeError, pipeline, processingStep } from "sagepipe";
import { emrStep, type EMROptions } from "../../src/builder/steps/emr.js";
import { DUMMY_ROLE_ARN, wellFormed } from "../support/python-sdk.js";

const fixture = (file: string) => wellFormed(JSON.parse(readFileSync(new URL(`../fixtures/python-sdk-expected/${file}`, import.meta.url), "utf8")));

const job = { image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/proc:1", role: DUMMY_ROLE_ARN, instanceType: "ml.m5.xlarge" } as const;
// the fixtures' EMR steps depend on TestStep (and SecondTestStep)
const base = pipeline("Emr").add(processingStep("TestStep", job)).add(processingStep("SecondTestStep", { ...job, after: [] }));

const jarStep = {
  jar: "s3:/script-runner/script-runner.jar",
  args: ["--arg_0", "arg_0_value"],
  mainClass: "com.my.main",
  properties: { Foo: "Foo_value", Bar: "Bar_value" },
} as const;
const common = { displayName: "MyEMRStep", description: "MyEMRStepDescription" } as const;
const clusterConfig = {
  AdditionalInfo: "MyAdditionalInfo",
  AmiVersion: "3.8.0",
  Instances: {
    HadoopVersion: "MyHadoopVersion",
    InstanceCount: 1,
    InstanceGroups: [{ InstanceCount: 1, InstanceRole: "MASTER", InstanceType: "m1.small", Market: "ON_DEMAND", Name: "Master Instance Group" }],
  },
} as const;

describe("emrStep", () => {
  it.each([
    ["without", undefined, "test_emr_step__test_emr_step_with_one_step_config__L83.json"],
    ["with", "arn:aws:iam:000000000000:role/runtime-role", "test_emr_step__test_emr_step_with_one_step_config__L83__2.json"],
  ] as const)("emits what the Python SDK emits for a step on a running cluster %s a runtime role (test_emr_step L83)", (_, executionRoleArn, file) => {
    // given
    const p = base.add(
      emrStep("MyEMRStep", {
        ...common,
        ...jarStep,
        clusterId: "MyClusterID",
        ...(executionRoleArn === undefined ? {} : { executionRoleArn }),
        dependsOn: ["TestStep", "SecondTestStep"],
        cache: { expireAfter: "PT1H" },
      }),
    );
    // when
    const { definition } = p.compile();
    // then
    expect(definition.Steps[2]).toStrictEqual(fixture(`test_emr_step/${file}`));
  });

  it("emits what the Python SDK emits for a step on a new cluster (test_emr_step L292, L322)", () => {
    // when
    const { definition } = pipeline("MyPipeline")
      .add(emrStep("MyEMRStep", { ...common, jar: jarStep.jar, clusterConfig, cache: { expireAfter: { hours: 1 } } }))
      .compile();
    // then
    expect(definition.Steps[0]).toStrictEqual(fixture("test_emr_step/test_emr_step__test_emr_step_with_valid_cluster_config__L292.json"));
    expect(definition).toStrictEqual({ ...fixture("test_emr_step/test_emr_step__test_emr_step_with_valid_cluster_config__L322.json") });
  });

  it("emits retry policies as the Python SDK does (test_emr_step L554, L615, L667, L715)", () => {
    // when
    const { definition } = base
      .add(
        emrStep("MyEMRStep", {
          ...common,
          ...jarStep,
          clusterId: "MyClusterID",
          dependsOn: ["TestStep"],
          after: ["TestStep"],
          cache: { expireAfter: "PT1H" },
          retry: [
            { exceptions: ["Step.SERVICE_FAULT"], intervalSeconds: 1, backoffRate: 2.0, maxAttempts: 3 },
            { exceptions: ["Step.THROTTLING"], intervalSeconds: 5, backoffRate: 1.5, maxAttempts: 5 },
          ],
        }),
      )
      .add(
        emrStep("ConfigStep", {
          ...common,
          jar: jarStep.jar,
          clusterConfig,
          cache: { expireAfter: "PT1H" },
          retry: [{ exceptions: ["Step.SERVICE_FAULT"], maxAttempts: 3 }],
          after: [],
        }),
      )
      .add(emrStep("ExpireStep", { ...common, jar: jarStep.jar, args: jarStep.args, clusterId: "MyClusterID", retry: [{ exceptions: ["Step.SERVICE_FAULT"], expireAfterMinutes: 30 }], after: [] }))
      .add(emrStep("AllStep", { ...common, jar: jarStep.jar, clusterId: "MyClusterID", retry: [{ exceptions: ["Step.SERVICE_FAULT", "Step.THROTTLING"], maxAttempts: 3 }], after: [] }))
      .compile();
    // then
    const named = (name: string, file: string) => ({ ...fixture(`test_emr_step/${file}`), Name: name });
    expect(definition.Steps[2]).toStrictEqual(fixture("test_emr_step/test_emr_step__test_emr_step_with_retry_policies__L554.json"));
    expect(definition.Steps[3]).toStrictEqual(named("ConfigStep", "test_emr_step__test_emr_step_with_retry_policies_and_cluster_config__L615.json"));
    expect(definition.Steps[4]).toStrictEqual(named("ExpireStep", "test_emr_step__test_emr_step_with_retry_policy_expire_after__L667.json"));
    expect(definition.Steps[5]).toStrictEqual(named("AllStep", "test_emr_step__test_emr_step_with_all_exception_types__L715.json"));
  });

  it("emits what the Python SDK emits for two steps on one cluster (test_emr_step L142)", () => {
    // when
    const { definition } = pipeline("MyPipeline")
      .param("MyStr", "String")
      .add(processingStep("TestStep", job))
      .add(emrStep("emr_step_1", { ...jarStep, jar: "s3:/script-runner/script-runner_1.jar", clusterId: "MyClusterID", displayName: "emr_step_1", description: "MyEMRStepDescription", dependsOn: ["TestStep"] }))
      .add(emrStep("emr_step_2", { jar: "s3:/script-runner/script-runner_2.jar", clusterId: "MyClusterID", displayName: "emr_step_2", description: "MyEMRStepDescription", dependsOn: ["TestStep"], after: [] }))
      .compile();
    // then: the fixture's TestStep is a Training step with empty Arguments, which is not a valid step
    const expected = fixture("test_emr_step/test_emr_step__test_pipeline_interpolates_emr_outputs__L142.json");
    expect(definition.Parameters).toStrictEqual(expected.Parameters);
    expect(definition.Steps.slice(1)).toStrictEqual(expected.Steps.slice(0, 2));
  });

  it("exposes the EMR step's properties (test_emr_step L90–L97, test_properties L113–L117)", () => {
    const { handle } = emrStep("MyEMRStep", { ...jarStep, clusterId: "MyClusterID" });
    const expected = (line: number) => fixture(`test_emr_step/test_emr_step__test_emr_step_with_one_step_config__L${line}.json`);
    expect(handle.properties.ActionOnFailure.toJSON()).toStrictEqual(expected(90));
    expect(handle.properties.Config.Args.toJSON()).toStrictEqual(expected(91));
    expect(handle.properties.Config.Jar.toJSON()).toStrictEqual(expected(92));
    expect(handle.properties.Config.MainClass.toJSON()).toStrictEqual(expected(93));
    expect(handle.properties.Id.toJSON()).toStrictEqual(expected(94));
    expect(handle.properties.Name.toJSON()).toStrictEqual(expected(95));
    expect(handle.properties.Status.State.toJSON()).toStrictEqual(expected(96));
    expect(handle.properties.Status.FailureDetails.Reason.toJSON()).toStrictEqual(expected(97));
    expect(emrStep("MyStep", { jar: "x.jar", clusterId: "c" }).handle.properties.Config.Jar.toJSON()).toStrictEqual(
      fixture("test_properties/test_properties__test_properties_emr_step__L116.json"),
    );
  });

  it("rejects clusters it cannot run on, with what to fix", () => {
    const bad = (options: unknown) => () => emrStep("Spark", options as EMROptions);
    expect(bad({ jar: "x.jar" })).toThrow(/needs exactly one of clusterId \(a running cluster\) and clusterConfig/);
    expect(bad({ jar: "x.jar", clusterId: "c", clusterConfig })).toThrow(/exactly one of clusterId .*, not both/);
    expect(bad({ clusterId: "c" })).toThrow(/needs jar/);
    expect(bad({ jar: "x.jar", clusterConfig, executionRoleArn: "arn:aws:iam::111111111111:role/r" })).toThrow(/executionRoleArn applies to a running cluster/);
    expect(bad({ jar: "x.jar", clusterConfig: { ...clusterConfig, Name: "c" } })).toThrow(/clusterConfig.Name is set by SageMaker Pipelines/);
    expect(bad({ jar: "x.jar", clusterConfig: { Instances: { ...clusterConfig.Instances, TerminationProtected: true } } })).toThrow(
      /Instances.TerminationProtected is set by SageMaker Pipelines/,
    );
    expect(bad({ jar: "x.jar", clusterConfig: { Instances: { InstanceCount: 1 } } })).toThrow(/exactly one of InstanceGroups and InstanceFleets/);
    expect(bad({ jar: "x.jar" })).toThrow(SagepipeError);
    // what a schema can say, the compiler's validation says
    expect(() =>
      pipeline("Emr")
        .add(emrStep("Spark", { jar: "x.jar", clusterConfig: { Instances: { InstanceGroups: [{ InstanceRole: "LEADER", InstanceType: "m5.xlarge", InstanceCount: 1 }] } } } as unknown as EMROptions))
        .compile(),
    ).toThrow(CompileError);
  });
});
