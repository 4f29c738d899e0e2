import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { SageMakerClient, SageMakerServiceException } from "@aws-sdk/client-sagemaker";
import { mockClient } from "aws-sdk-client-mock";
import { pipeline, type ProcessingOptions } from "sagepipe";

export const ROLE = "arn:aws:iam::111111111111:role/SageMakerRole";
export const PIPELINE_ARN = "arn:aws:sagemaker:us-east-1:111111111111:pipeline/flow";
export const EXECUTION_ARN = `${PIPELINE_ARN}/execution/exec-1`;

/** Real SDK clients whose `send` is stubbed by aws-sdk-client-mock: no request leaves the process. */
export function mockedAws() {
  const config = { region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } };
  const sagemaker = new SageMakerClient(config);
  const s3 = new S3Client(config);
  return { clients: { sagemaker, s3 }, sm: mockClient(sagemaker), s3m: mockClient(s3) };
}

/** An AWS service error as the SDK throws it. */
export function awsError(name: string, message: string, httpStatusCode = 400, requestId = `req-${name}`): SageMakerServiceException {
  return new SageMakerServiceException({ name, message, $fault: httpStatusCode >= 500 ? "server" : "client", $metadata: { httpStatusCode, requestId } });
}

/** S3's answer to HeadObject on a missing key. */
export function s3NotFound(): S3ServiceException {
  return new S3ServiceException({ name: "NotFound", message: "Not Found", $fault: "client", $metadata: { httpStatusCode: 404, requestId: "s3-req" } });
}

export const job = <const O extends Partial<ProcessingOptions>>(extra?: O) => ({
  image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/proc:1",
  role: ROLE,
  instanceType: "ml.m5.xlarge",
  ...(extra as O),
});

/** A small valid pipeline with typed parameters. */
export const simple = pipeline("Flow")
  .param("Threshold", "Float", { default: 0.5 })
  .param("Epochs", "Integer", { default: 10 })
  .param("Mode", "String", { default: "fast", enum: ["fast", "slow"] })
  .param("Deploy", "Boolean", { default: false })
  .fail("Stop", "stopped");

/** A pipeline with local code, compiled from a temporary directory. */
export function withCode(content = "print('hello')\n") {
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-aws-"));
  writeFileSync(join(dir, "run.py"), content);
  const builder = pipeline("Coded").assets({ bucket: "assets-bucket", prefix: "code" }).process("Run", job({ code: "./run.py" }));
  return { builder, compileOptions: { baseDir: dir }, compiled: builder.compile({ baseDir: dir }) };
}

/** Prepare → Train → Evaluate → Check (if: Register), plus Side in parallel. */
export const flow = pipeline("Flow")
  .param("Threshold", "Float", { default: 0.5 })
  .process("Prepare", job())
  .process("Train", job())
  .process("Evaluate", job())
  .when("Check", ({ params }) => params.Threshold.gte(0.1))
  .process("Register", job())
  .end()
  .process("Side", job({ after: [] }));
