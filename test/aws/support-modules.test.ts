import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, pipeline } from "sagepipe";
import { AwsOperationError, downstreamSteps, isTransientAwsError } from "../../src/aws/index.js";
import { toAwsOperationError } from "../../src/aws/errors.js";
import { jittered } from "../../src/aws/polling.js";
import { awsError, flow, job } from "./support.js";

describe("src/aws loads the AWS SDK lazily", () => {
  it("has no runtime top-level import of @aws-sdk (only `import type` and `await import()`)", () => {
    const dir = join(__dirname, "../../src/aws");
    const offenders = readdirSync(dir)
      .filter((file) => file.endsWith(".ts"))
      .flatMap((file) =>
        [...readFileSync(join(dir, file), "utf8").matchAll(/^(?:import|export)\b([^;]*?)from\s+["'](@aws-sdk\/[^"']+)["']/gms)]
          .filter((match) => !/^\s*type\b/.test(match[1] ?? ""))
          .map((match) => `${file}: ${match[2]}`),
      );
    expect(offenders).toEqual([]);
  });
});

describe("AWS errors", () => {
  it("keep the AWS error name, message, request id and HTTP status, with the SDK error as cause", () => {
    const original = awsError("ValidationException", "Pipeline definition is invalid", 400, "req-42");
    const error = toAwsOperationError(original, "UpdatePipeline", { subject: 'pipeline "Flow"' });
    expect(error).toBeInstanceOf(AwsOperationError);
    expect(error).toMatchObject({
      code: "aws-request-failed",
      operation: "UpdatePipeline",
      awsErrorName: "ValidationException",
      awsMessage: "Pipeline definition is invalid",
      requestId: "req-42",
      httpStatus: 400,
    });
    expect(error.cause).toBe(original);
    expect(error.message).toBe('UpdatePipeline for pipeline "Flow" failed: ValidationException: Pipeline definition is invalid (request id req-42, HTTP 400)');
  });

  it("classify throttling, 5xx and network failures as transient, and nothing else", () => {
    expect(isTransientAwsError(awsError("ThrottlingException", "Rate exceeded"))).toBe(true);
    expect(isTransientAwsError(awsError("ServiceUnavailable", "down", 503))).toBe(true);
    expect(isTransientAwsError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(true);
    expect(isTransientAwsError(toAwsOperationError(awsError("ThrottlingException", "Rate exceeded"), "DescribePipelineExecution"))).toBe(true);
    expect(isTransientAwsError(awsError("ValidationException", "bad"))).toBe(false);
    expect(isTransientAwsError(new Error("boom"))).toBe(false);
  });
});

describe("downstreamSteps", () => {
  it("follows DependsOn, data references and condition branches", () => {
    const definition = compile(flow).definition;
    expect(downstreamSteps(definition, "Train")).toEqual(["Train", "Evaluate", "Check", "Register"]);
    expect(downstreamSteps(definition, "Check")).toEqual(["Check", "Register"]);
    expect(downstreamSteps(definition, "Side")).toEqual(["Side"]);
  });

  it("follows a data reference that is not a DependsOn", () => {
    const built = pipeline("Data")
      .assets({ bucket: "my-bucket" })
      .process("A", job({ outputs: { out: "/opt/ml/processing/out" } }))
      .process("B", job({ after: [] }))
      .process("C", ({ steps }) => job({ after: [], inputs: { data: steps.A.outputs.out } }));
    expect(downstreamSteps(compile(built).definition, "A")).toEqual(["A", "C"]);
  });
});

describe("jittered", () => {
  it("stays between half the interval and the interval", () => {
    expect(jittered(1000, () => 0)).toBe(500);
    expect(jittered(1000, () => 1)).toBe(1000);
  });
});
