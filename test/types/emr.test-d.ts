import { describe, expectTypeOf, it } from "vitest";
import type { PipelineValue } from "sagepipe";
import { emrStep } from "../../src/builder/steps/emr.js";

declare const text: PipelineValue<string>;
declare const count: PipelineValue<number>;
const instances = { InstanceGroups: [{ InstanceRole: "MASTER", InstanceType: "m5.xlarge", InstanceCount: count }] } as const;

describe("emrStep's types", () => {
  it("runs on a running cluster or on a new one, not both", () => {
    emrStep("E", { jar: text, args: [text, "x"], mainClass: "Main", properties: { a: text }, clusterId: "j-1", executionRoleArn: text });
    emrStep("E", { jar: "x.jar", clusterConfig: { ReleaseLabel: text, Instances: instances } });
    // @ts-expect-error: a cluster id or a cluster config
    emrStep("E", { jar: "x.jar", clusterId: "j-1", clusterConfig: { Instances: instances } });
    // @ts-expect-error: the runtime role applies to a running cluster
    emrStep("E", { jar: "x.jar", clusterConfig: { Instances: instances }, executionRoleArn: "arn" });
    // @ts-expect-error: the service names the cluster
    emrStep("E", { jar: "x.jar", clusterConfig: { Name: "c", Instances: instances } });
    // @ts-expect-error: the cluster ends with the step
    emrStep("E", { jar: "x.jar", clusterConfig: { Instances: { ...instances, KeepJobFlowAliveWhenNoSteps: true } } });
    // @ts-expect-error: InstanceRole is MASTER, CORE or TASK
    emrStep("E", { jar: "x.jar", clusterConfig: { Instances: { InstanceGroups: [{ InstanceRole: "LEADER", InstanceType: "m5.xlarge", InstanceCount: 1 }] } } });
    // @ts-expect-error: a jar is required
    emrStep("E", { clusterId: "j-1" });
  });

  it("types the handle's properties from the EMR Step shape", () => {
    const { handle } = emrStep("E", { jar: "x.jar", clusterId: "j-1" });
    expectTypeOf(handle.properties.Status.State).toEqualTypeOf<PipelineValue<string>>();
    expectTypeOf(handle.properties.Config.Jar).toEqualTypeOf<PipelineValue<string>>();
    expectTypeOf(handle.properties.ClusterId).toEqualTypeOf<PipelineValue<string>>();
    // @ts-expect-error: not a property of an EMR step
    void handle.properties.JobFlowId;
  });
});
