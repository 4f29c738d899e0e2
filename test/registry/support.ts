import { EventBridgeClient, EventBridgeServiceException } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient, SageMakerServiceException } from "@aws-sdk/client-sagemaker";
import { mockClient } from "aws-sdk-client-mock";

export const GROUP = "churn-models";
export const packageArn = (version: number, group = GROUP) => `arn:aws:sagemaker:us-east-1:111111111111:model-package/${group}/${version}`;
export const FUNCTION_ARN = "arn:aws:lambda:us-east-1:111111111111:function:sagepipe-deploy";

/** Real SDK clients whose `send` is stubbed by aws-sdk-client-mock: no request leaves the process. */
export function mockedRegistryAws() {
  const config = { region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } };
  const sagemaker = new SageMakerClient(config);
  const s3 = new S3Client(config);
  const eventBridge = new EventBridgeClient(config);
  return { clients: { sagemaker, s3, eventBridge }, sm: mockClient(sagemaker), s3m: mockClient(s3), eb: mockClient(eventBridge) };
}

/** A SageMaker service error as the SDK throws it. */
export function sagemakerError(name: string, message: string, httpStatusCode = 400): SageMakerServiceException {
  return new SageMakerServiceException({ name, message, $fault: httpStatusCode >= 500 ? "server" : "client", $metadata: { httpStatusCode, requestId: `req-${name}` } });
}

/** An EventBridge service error as the SDK throws it. */
export function eventBridgeError(name: string, message: string): EventBridgeServiceException {
  return new EventBridgeServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: 400, requestId: `req-${name}` } });
}

/** An S3 GetObject answer whose body is this JSON document (or this text). */
export function objectBody(value: unknown): never {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return { Body: { transformToString: async () => text } } as never;
}

/** A ModelPackageSummary of the group. */
export function summary(version: number, approval: "Approved" | "Rejected" | "PendingManualApproval", extra: Record<string, unknown> = {}) {
  return {
    ModelPackageArn: packageArn(version),
    ModelPackageGroupName: GROUP,
    ModelPackageVersion: version,
    ModelApprovalStatus: approval,
    ModelPackageStatus: "Completed" as const,
    CreationTime: new Date(Date.UTC(2026, 0, version)),
    ...extra,
  };
}
