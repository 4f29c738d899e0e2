import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { safeValidateDefinition } from "sagepipe";

// Fields the validator checks against the SageMaker API's own patterns (issue 13): values the
// service refuses when the step's job is created are issues up front. sagepipe refuses what AWS
// refuses, placeholders included: the definitions the Python SDK's unit tests assert use some
// (`DummyRole`, relative processing paths), and the conformance tests make them well formed first
// (test/support/python-sdk.ts, wellFormed; README: deliberate differences).

type Obj = Record<string, unknown>;

const churn = (): Obj => JSON.parse(readFileSync(new URL("../fixtures/definitions/churn.json", import.meta.url), "utf8")) as Obj;
const stepArgs = (d: Obj, i: number) => (d.Steps as Obj[])[i]?.Arguments as Obj;

/** The issues of churn.json with one change made to it. */
function issuesWith(change: (d: Obj) => void) {
  const definition = churn();
  change(definition);
  return safeValidateDefinition(definition).issues.map((issue) => `${issue.code} ${issue.jsonPath}`);
}

/** The issues of a one-step definition. */
function issuesOfStep(step: Obj) {
  return safeValidateDefinition({ Version: "2020-12-01", Steps: [step] }).issues.map((issue) => `${issue.code} ${issue.jsonPath}`);
}

describe("role ARNs (SageMaker API shape RoleArn)", () => {
  it.each([
    ["an IAM user's ARN", "arn:aws:iam::123456789012:user/bob"],
    ["an account id that is not 12 digits", "arn:aws:iam::1234:role/SageMakerRole"],
    ["a role ARN with a single colon before the account", "arn:aws:iam:123456789012:role/SageMakerRole"],
    ["an S3 ARN", "arn:aws:s3:::my-bucket"],
    ["a path", "/tmp/x"],
    ["a name with a space", "my role"],
    ["a role name longer than IAM allows", "r".repeat(65)],
    // a role's name is not its ARN: CreateProcessingJob and CreateTrainingJob refuse it
    ["a bare role name (the issue's reproduction)", "admin"],
    ["the Python SDK's placeholder role name", "DummyRole"],
    ["a one-letter name", "R"],
    ["a role path without the ARN", "role/SageMakerRole"],
  ])("%s is an issue at the field", (_, value) => {
    expect(issuesWith((d) => (stepArgs(d, 0).RoleArn = value))).toEqual(["invalid-format $.Steps[0].Arguments.RoleArn"]);
    expect(issuesWith((d) => (stepArgs(d, 1).RoleArn = value))).toEqual(["invalid-format $.Steps[1].Arguments.RoleArn"]);
  });

  it("the issue says what a role ARN looks like", () => {
    const definition = churn();
    stepArgs(definition, 0).RoleArn = "admin";
    const [issue] = safeValidateDefinition(definition).issues;
    expect(issue).toMatchObject({ code: "invalid-format", path: ["Steps", 0, "Arguments", "RoleArn"] });
    expect(issue?.message).toMatch(/^must be an IAM role ARN: arn:aws:iam::<12-digit account id>:role\/<name> /);
    expect(issue?.message).toContain("not the role's name");
  });

  it("an empty or short RoleArn is one issue, the same (the pattern implies the API's minimum of 20 characters)", () => {
    expect(issuesWith((d) => (stepArgs(d, 0).RoleArn = ""))).toEqual(["invalid-format $.Steps[0].Arguments.RoleArn"]);
    expect(issuesWith((d) => (stepArgs(d, 0).RoleArn = `arn:aws:iam::123456789012:role/${"r".repeat(2048)}`))).toEqual(["too-big $.Steps[0].Arguments.RoleArn"]);
  });

  it.each([
    ["a role ARN", "arn:aws:iam::123456789012:role/SageMakerRole"],
    ["a role ARN with a path", "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-20240101T000000"],
    ["a role ARN of another partition", "arn:aws-cn:iam::123456789012:role/SageMakerRole"],
    ["a parameter (a Get)", { Get: "Parameters.Role" }],
    ["a join", { "Std:Join": { On: "", Values: ["arn:aws:iam::123456789012:role/", { Get: "Parameters.Role" }] } }],
  ])("%s is valid", (_, value) => {
    expect(
      issuesWith((d) => {
        stepArgs(d, 0).RoleArn = value;
        (d.Parameters as Obj[]).push({ Name: "Role", Type: "String" });
      }),
    ).toEqual([]);
  });

  it("applies to a model's ExecutionRoleArn too", () => {
    const model = (role: string) => ({
      Name: "M",
      Type: "Model",
      Arguments: { ExecutionRoleArn: role, PrimaryContainer: { Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1" } },
    });
    expect(issuesOfStep(model("arn:aws:iam::123456789012:role/R"))).toEqual([]);
    expect(issuesOfStep(model("arn:aws:iam::123456789012:group/R"))).toEqual(["invalid-format $.Steps[0].Arguments.ExecutionRoleArn"]);
  });
});

describe("processing container paths (SageMaker API: ProcessingS3Input, ProcessingS3Output)", () => {
  const inputPath = (d: Obj) => ((stepArgs(d, 0).ProcessingInputs as Obj[])[0]?.S3Input as Obj);
  const outputPath = (d: Obj) => (((stepArgs(d, 0).ProcessingOutputConfig as Obj).Outputs as Obj[])[0]?.S3Output as Obj);

  it("an input's absolute LocalPath must begin with /opt/ml/processing/", () => {
    for (const value of ["/tmp/x", "/opt/ml/model", "/opt/ml/processing"]) {
      expect(issuesWith((d) => (inputPath(d).LocalPath = value))).toEqual(["invalid-format $.Steps[0].Arguments.ProcessingInputs[0].S3Input.LocalPath"]);
    }
    expect(issuesWith((d) => (inputPath(d).LocalPath = "/opt/ml/processing/input/data"))).toEqual([]);
  });

  it("a relative input LocalPath is an issue too (the API: an absolute path that begins with /opt/ml/processing/)", () => {
    // as the Python SDK's unit tests write them (processing_manifest, processing-input), and a plain "data"
    for (const value of ["processing_manifest", "processing-input", "data", "opt/ml/processing/data"]) {
      expect(issuesWith((d) => (inputPath(d).LocalPath = value))).toEqual(["invalid-format $.Steps[0].Arguments.ProcessingInputs[0].S3Input.LocalPath"]);
    }
    // AppManaged inputs too: the API states no exception for them
    expect(
      issuesWith((d) => {
        inputPath(d).LocalPath = "data";
        ((stepArgs(d, 0).ProcessingInputs as Obj[])[0] as Obj).AppManaged = true;
      }),
    ).toEqual(["invalid-format $.Steps[0].Arguments.ProcessingInputs[0].S3Input.LocalPath"]);
    const definition = churn();
    inputPath(definition).LocalPath = "data";
    expect(safeValidateDefinition(definition).issues[0]?.message).toBe("a processing input's LocalPath must be an absolute path that begins with /opt/ml/processing/, such as /opt/ml/processing/input/data");
    // an expression is checked when the step runs
    expect(issuesWith((d) => (inputPath(d).LocalPath = { "Std:Join": { On: "/", Values: ["/opt/ml/processing", "x"] } }))).toEqual([]);
  });

  it("an output's LocalPath is an absolute path", () => {
    for (const value of ["data", "output/train", ""]) {
      expect(issuesWith((d) => (outputPath(d).LocalPath = value))).toEqual(["invalid-format $.Steps[0].Arguments.ProcessingOutputConfig.Outputs[0].S3Output.LocalPath"]);
    }
    expect(issuesWith((d) => (outputPath(d).LocalPath = "/opt/ml/output"))).toEqual([]);
  });

  it("a longer LocalPath than the API's 256 characters is too big", () => {
    expect(issuesWith((d) => (inputPath(d).LocalPath = `/opt/ml/processing/${"a".repeat(300)}`))).toEqual([
      "too-big $.Steps[0].Arguments.ProcessingInputs[0].S3Input.LocalPath",
    ]);
  });
});

describe("other API patterns", () => {
  const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/m:1";
  const role = "arn:aws:iam::123456789012:role/R";

  it("a container's environment variable names (EnvironmentKey)", () => {
    const model = (env: Obj) => ({ Name: "M", Type: "Model", Arguments: { ExecutionRoleArn: role, PrimaryContainer: { Image: image, Environment: env } } });
    expect(issuesOfStep(model({ SAGEMAKER_PROGRAM: "serve.py", _x1: "y" }))).toEqual([]);
    expect(issuesOfStep(model({ "1ST": "x" }))).toEqual(["invalid-format $.Steps[0].Arguments.PrimaryContainer.Environment['1ST']"]);
    expect(issuesOfStep(model({ "MY-VAR": "x" }))).toEqual(["invalid-format $.Steps[0].Arguments.PrimaryContainer.Environment['MY-VAR']"]);
  });

  it("a container's model package name (VersionedArnOrName)", () => {
    const model = (name: string) => ({ Name: "M", Type: "Model", Arguments: { ExecutionRoleArn: role, PrimaryContainer: { ModelPackageName: name } } });
    expect(issuesOfStep(model("arn:aws:sagemaker:us-west-2:111111111111:model-package/churn/3"))).toEqual([]);
    expect(issuesOfStep(model("churn/3"))).toEqual([]);
    expect(issuesOfStep(model("churn models"))).toEqual(["invalid-format $.Steps[0].Arguments.PrimaryContainer.ModelPackageName"]);
  });

  it("a training image's repository credentials provider is a Lambda function ARN", () => {
    const check = (arn: string) =>
      issuesWith((d) => {
        const algorithm = stepArgs(d, 1).AlgorithmSpecification as Obj;
        algorithm.TrainingImageConfig = { TrainingRepositoryAccessMode: "Vpc", TrainingRepositoryAuthConfig: { TrainingRepositoryCredentialsProviderArn: arn } };
      });
    expect(check("arn:aws:lambda:us-east-1:123456789012:function:creds")).toEqual([]);
    expect(check("creds")).toEqual([
      "invalid-format $.Steps[1].Arguments.AlgorithmSpecification.TrainingImageConfig.TrainingRepositoryAuthConfig.TrainingRepositoryCredentialsProviderArn",
    ]);
  });
});
