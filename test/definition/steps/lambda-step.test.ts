import { describe, expect, it } from "vitest";
import { LambdaArguments, LambdaStep, Step } from "sagepipe";
import { pythonSdkFixture, issuePaths, stepsOfType } from "../../support/python-sdk.js";

const step = {
  Name: "MyLambdaStep",
  Type: "Lambda",
  Arguments: { arg1: "foo" },
  FunctionArn: "arn:aws:lambda:us-west-2:123456789012:function:sagemaker_test_lambda",
  OutputParameters: [{ OutputName: "output1", OutputType: "String" }],
};

describe("LambdaStep: Python SDK output", () => {
  it.each([
    "test_lambda_step/test_lambda_step__test_lambda_step__L70.json",
    "test_lambda_step/test_lambda_step__test_lambda_step_no_inputs_outputs__L196.json",
  ])("parses %s to an equal value", (file) => {
    const value = pythonSdkFixture(file);
    expect(LambdaStep.parse(value)).toEqual(value);
    expect(Step.parse(value)).toEqual(value);
  });

  it("parses the Lambda steps of a whole definition", () => {
    const lambdas = stepsOfType(pythonSdkFixture("test_lambda_step/test_lambda_step__test_pipeline_interpolates_lambda_outputs__L146.json"), "Lambda");
    expect(lambdas).toHaveLength(2);
    for (const value of lambdas) expect(LambdaStep.parse(value)).toEqual(value);
  });
});

describe("LambdaStep: accepted forms", () => {
  it("takes no Arguments and no OutputParameters", () => {
    const { Arguments: _a, OutputParameters: _o, ...bare } = step;
    expect(LambdaStep.safeParse(bare).success).toBe(true);
  });

  it("takes lists of primitives and expressions as input values", () => {
    const value = { list: ["a", 1, true, { Get: "Parameters.X" }], joined: { "Std:Join": { On: "/", Values: ["a", "b"] } } };
    expect(LambdaArguments.parse(value)).toEqual(value);
  });

  it.each([
    "arn:aws:lambda:us-gov-west-1:123456789012:function:f:$LATEST",
    "arn:aws-cn:lambda:cn-north-1:123456789012:function:f:prod",
  ])("takes the function ARN %s", (arn) => {
    expect(LambdaStep.safeParse({ ...step, FunctionArn: arn }).success).toBe(true);
  });
});

describe("LambdaStep: rejections", () => {
  it("needs FunctionArn", () => {
    const { FunctionArn: _f, ...rest } = step;
    expect(issuePaths(LambdaStep.safeParse(rest))).toEqual([["FunctionArn"]]);
  });

  it("rejects a misspelt key", () => {
    const result = LambdaStep.safeParse({ ...step, FunctionARN: step.FunctionArn });
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
    expect(result.error?.issues[0]?.path).toEqual([]);
  });

  it("rejects a FunctionArn that is not a Lambda function ARN", () => {
    const result = LambdaStep.safeParse({ ...step, FunctionArn: "sagemaker_test_lambda" });
    expect(issuePaths(result)).toEqual([["FunctionArn"]]);
  });

  it("rejects a nested object as an input value", () => {
    const result = LambdaStep.safeParse({ ...step, Arguments: { arg1: { nested: "x" } } });
    expect(issuePaths(result)).toEqual([["Arguments", "arg1"]]);
  });

  it("rejects duplicate output names", () => {
    const outputs = [{ OutputName: "o" }, { OutputName: "o", OutputType: "Float" }];
    expect(issuePaths(LambdaStep.safeParse({ ...step, OutputParameters: outputs }))).toEqual([["OutputParameters", 1, "OutputName"]]);
  });

  it("rejects an unknown output type", () => {
    const result = LambdaStep.safeParse({ ...step, OutputParameters: [{ OutputName: "o", OutputType: "Double" }] });
    expect(issuePaths(result)).toEqual([["OutputParameters", 0, "OutputType"]]);
  });

  it("accepts RetryPolicies in the schema (the semantic validator says Lambda steps cannot retry)", () => {
    const policies = [{ ExceptionType: ["Step.SERVICE_FAULT"], MaxAttempts: 3 }];
    expect(LambdaStep.safeParse({ ...step, RetryPolicies: policies }).success).toBe(true);
  });
});
