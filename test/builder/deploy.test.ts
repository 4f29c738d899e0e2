import { describe, expect, it } from "vitest";
import { SagepipeError, createStepNode, pipeline, propertiesHandle, type RetryOptions } from "sagepipe";
import { deployStep } from "../../src/builder/steps/deploy.js";

const functionArn = "arn:aws:lambda:us-east-1:111111111111:function:deploy-model";
const role = "arn:aws:iam::111111111111:role/SageMakerRole";
// a minimal RegisterModel step (the register step kind lives elsewhere)
const register = Object.freeze({
  name: "Register" as const,
  node: createStepNode("Register", "RegisterModel", {
    ModelPackageGroupName: "churn",
    ModelApprovalStatus: "Approved",
    InferenceSpecification: {
      Containers: [{ Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1", ModelDataUrl: "s3://my-bucket/model.tar.gz" }],
      SupportedContentTypes: ["text/csv"],
      SupportedResponseMIMETypes: ["text/csv"],
    },
  }),
  handle: propertiesHandle("Register", "RegisterModel"),
});

describe("deployStep", () => {
  it("is a Lambda step whose event carries what the hosting APIs need, under their field names (register + deploy)", () => {
    // given
    const p = pipeline("Churn")
      .add(register)
      .add(({ steps }) =>
        deployStep("Deploy", {
          functionArn,
          modelPackageArn: steps.Register.properties.ModelPackageArn,
          endpointName: "churn",
          instanceType: "ml.m5.large",
          role,
        }),
      );
    // when
    const [, deploy] = p.compile().definition.Steps;
    // then
    const perRun = { "Std:Join": { On: "-", Values: ["churn", { Get: "Execution.PipelineExecutionId" }] } };
    expect(deploy).toStrictEqual({
      Name: "Deploy",
      Type: "Lambda",
      Arguments: {
        ModelPackageArn: { Get: "Steps.Register.ModelPackageArn" },
        EndpointName: "churn",
        InstanceType: "ml.m5.large",
        InitialInstanceCount: 1,
        ModelName: perRun,
        EndpointConfigName: perRun,
        ExecutionRoleArn: role,
      },
      FunctionArn: functionArn,
      OutputParameters: [],
    });
  });

  it("takes explicit names, a count, extra inputs, outputs and cache, and returns the Lambda handle", () => {
    // given
    const step = deployStep("Deploy", {
      functionArn,
      modelPackageArn: "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn/3",
      endpointName: "churn",
      instanceType: "ml.c5.xlarge",
      instanceCount: 2,
      modelName: "churn-v3",
      endpointConfigName: "churn-v3-config",
      inputs: { DataCapturePercent: 20 },
      outputs: { EndpointArn: "String" },
      cache: true,
    });
    // when
    const [deploy] = pipeline("Churn").add(step).compile().definition.Steps;
    // then
    expect(deploy).toStrictEqual({
      Name: "Deploy",
      Type: "Lambda",
      Arguments: {
        ModelPackageArn: "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn/3",
        EndpointName: "churn",
        InstanceType: "ml.c5.xlarge",
        InitialInstanceCount: 2,
        ModelName: "churn-v3",
        EndpointConfigName: "churn-v3-config",
        DataCapturePercent: 20,
      },
      CacheConfig: { Enabled: true },
      FunctionArn: functionArn,
      OutputParameters: [{ OutputName: "EndpointArn", OutputType: "String" }],
    });
    expect(step.handle.type).toBe("Lambda");
    expect(step.handle.outputs.EndpointArn.toJSON()).toStrictEqual({ Get: "Steps.Deploy.OutputParameters['EndpointArn']" });
  });

  it("rejects retry, inputs that collide with the event's own keys, and an endpoint name too long for the default names", () => {
    const options = { functionArn, modelPackageArn: "arn", endpointName: "churn", instanceType: "ml.m5.large" } as const;
    const retry: RetryOptions[] = [{ exceptions: ["Step.THROTTLING"] }];
    // @ts-expect-error: a Lambda step takes no retry
    expect(() => deployStep("Deploy", { ...options, retry })).toThrow(/Lambda step "Deploy" cannot take retry/);
    expect(() => deployStep("Deploy", { ...options, inputs: { EndpointName: "other" } })).toThrow(/input "EndpointName" is one the step sets itself/);
    expect(() => deployStep("Deploy", { ...options, inputs: { ExecutionRoleArn: role } })).toThrow(SagepipeError);
    expect(() => deployStep("Deploy", { ...options, endpointName: "e".repeat(51) })).toThrow(/set modelName and endpointConfigName/);
  });
});
