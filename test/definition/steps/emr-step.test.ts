import { describe, expect, it } from "vitest";
import { EMRArguments, EMRStep, Step } from "sagepipe";
import { pythonSdkFixture, issuePaths, stepsOfType } from "../../support/python-sdk.js";

const stepConfig = { HadoopJarStep: { Jar: "s3:/script-runner/script-runner.jar" } };
const masterGroup = { InstanceCount: 1, InstanceRole: "MASTER", InstanceType: "m1.small", Market: "ON_DEMAND", Name: "Master" };
const clusterConfig = { ReleaseLabel: "emr-7.1.0", Instances: { InstanceGroups: [masterGroup] } };
const onCluster = { ClusterId: "j-ABC123", StepConfig: stepConfig };
const newCluster = { ClusterConfig: clusterConfig, StepConfig: stepConfig };

describe("EMRStep: Python SDK output", () => {
  it.each([
    "test_emr_step/test_emr_step__test_emr_step_with_one_step_config__L83.json",
    "test_emr_step/test_emr_step__test_emr_step_with_one_step_config__L83__2.json",
    "test_emr_step/test_emr_step__test_emr_step_with_valid_cluster_config__L292.json",
    "test_emr_step/test_emr_step__test_emr_step_with_retry_policies__L554.json",
    "test_emr_step/test_emr_step__test_emr_step_with_retry_policies_and_cluster_config__L615.json",
    "test_emr_step/test_emr_step__test_emr_step_with_retry_policy_expire_after__L667.json",
    "test_emr_step/test_emr_step__test_emr_step_with_all_exception_types__L715.json",
  ])("parses %s to an equal value", (file) => {
    const value = pythonSdkFixture(file);
    expect(EMRStep.parse(value)).toEqual(value);
    expect(Step.parse(value)).toEqual(value);
  });

  it.each([
    "test_emr_step/test_emr_step__test_pipeline_interpolates_emr_outputs__L142.json",
    "test_emr_step/test_emr_step__test_emr_step_with_valid_cluster_config__L322.json",
  ])("parses the EMR steps of the definition %s", (file) => {
    const steps = stepsOfType(pythonSdkFixture(file), "EMR");
    expect(steps.length).toBeGreaterThan(0);
    for (const value of steps) expect(EMRStep.parse(value)).toEqual(value);
  });
});

describe("EMRStep: accepted forms", () => {
  it("takes a cluster of instance fleets with nested configurations", () => {
    const fleet = {
      InstanceFleetType: "MASTER",
      TargetSpotCapacity: 1,
      InstanceTypeConfigs: [{ InstanceType: "m5.xlarge", BidPriceAsPercentageOfOnDemandPrice: 50 }],
      LaunchSpecifications: { SpotSpecification: { TimeoutDurationMinutes: 10, TimeoutAction: "SWITCH_TO_ON_DEMAND" } },
    };
    const configurations = [
      { Classification: "spark-env", Configurations: [{ Classification: "export", Properties: { PYSPARK_PYTHON: "python3" } }] },
    ];
    const value = {
      StepConfig: stepConfig,
      ClusterConfig: {
        Instances: { InstanceFleets: [fleet] },
        Configurations: configurations,
        MonitoringConfiguration: { S3LoggingConfiguration: { LogTypeUploadPolicy: { "system-logs": "emr-managed" } } },
      },
    };
    expect(EMRArguments.parse(value)).toEqual(value);
  });

  it("takes expressions in Args and ClusterId", () => {
    const value = {
      ClusterId: { Get: "Parameters.ClusterId" },
      StepConfig: { HadoopJarStep: { Jar: "command-runner.jar", Args: ["spark-submit", { Get: "Parameters.Script" }] } },
    };
    expect(EMRArguments.parse(value)).toEqual(value);
  });
});

describe("EMRStep: rejections", () => {
  it("needs ClusterId or ClusterConfig", () => {
    expect(issuePaths(EMRArguments.safeParse({ StepConfig: stepConfig }))).toEqual([[]]);
  });

  it("rejects ClusterId together with ClusterConfig", () => {
    expect(issuePaths(EMRArguments.safeParse({ ...onCluster, ClusterConfig: clusterConfig }))).toEqual([[]]);
  });

  it("rejects ExecutionRoleArn on a new cluster", () => {
    const value = { ...newCluster, ExecutionRoleArn: "arn:aws:iam::123456789012:role/runtime-role" };
    expect(issuePaths(EMRArguments.safeParse(value))).toEqual([["ExecutionRoleArn"]]);
  });

  it("needs exactly one of InstanceGroups and InstanceFleets", () => {
    const none = { ...newCluster, ClusterConfig: { Instances: { InstanceCount: 1 } } };
    expect(issuePaths(EMRArguments.safeParse(none))).toEqual([["ClusterConfig", "Instances"]]);
  });

  it.each([
    ["Name", { ...clusterConfig, Name: "cluster" }],
    ["Steps", { ...clusterConfig, Steps: [] }],
    ["AutoTerminationPolicy", { ...clusterConfig, AutoTerminationPolicy: { IdleTimeout: 60 } }],
  ])("rejects ClusterConfig.%s, which the service sets", (_key, config) => {
    const result = EMRArguments.safeParse({ ...newCluster, ClusterConfig: config });
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
    expect(result.error?.issues[0]?.path).toEqual(["ClusterConfig"]);
  });

  it("rejects Instances.KeepJobFlowAliveWhenNoSteps", () => {
    const instances = { ...clusterConfig.Instances, KeepJobFlowAliveWhenNoSteps: true };
    const result = EMRArguments.safeParse({ ...newCluster, ClusterConfig: { ...clusterConfig, Instances: instances } });
    expect(result.error?.issues[0]?.path).toEqual(["ClusterConfig", "Instances"]);
  });

  it("rejects StepConfig.Name, which the service sets", () => {
    const result = EMRArguments.safeParse({ ...onCluster, StepConfig: { ...stepConfig, Name: "step" } });
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
    expect(result.error?.issues[0]?.path).toEqual(["StepConfig"]);
  });

  it("needs the Jar", () => {
    expect(issuePaths(EMRArguments.safeParse({ ...onCluster, StepConfig: { HadoopJarStep: {} } }))).toEqual([
      ["StepConfig", "HadoopJarStep", "Jar"],
    ]);
  });

  it("rejects a string where InstanceCount wants an integer", () => {
    const groups = [{ ...masterGroup, InstanceCount: "1" }];
    const value = { ...newCluster, ClusterConfig: { Instances: { InstanceGroups: groups } } };
    expect(issuePaths(EMRArguments.safeParse(value))).toEqual([
      ["ClusterConfig", "Instances", "InstanceGroups", 0, "InstanceCount"],
    ]);
  });

  it("rejects a StepConcurrencyLevel above 256", () => {
    const value = { ...newCluster, ClusterConfig: { ...clusterConfig, StepConcurrencyLevel: 300 } };
    expect(issuePaths(EMRArguments.safeParse(value))).toEqual([["ClusterConfig", "StepConcurrencyLevel"]]);
  });
});
