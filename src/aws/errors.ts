import { SagepipeError } from "../errors.js";

/** The stable codes of {@link AwsOperationError}: programs branch on these, never on messages. */
export type AwsErrorCode =
  | "aws-request-failed"
  | "aws-region-missing"
  | "aws-credentials-missing"
  | "aws-timeout"
  | "pipeline-not-found"
  | "execution-not-found"
  | "execution-failed"
  | "wait-timeout"
  | "wait-aborted"
  | "upsert-incomplete";

/** What an AWS SDK error carries, read defensively (any thrown value may arrive here). */
export interface AwsErrorDetails {
  /** The AWS operation that failed, e.g. `"CreatePipeline"`. */
  readonly operation?: string;
  /** The AWS error name, e.g. `"ValidationException"`, `"ResourceNotFound"`, `"ThrottlingException"`. */
  readonly awsErrorName?: string;
  /** The message AWS returned. */
  readonly awsMessage?: string;
  /** `$metadata.requestId`: quote it to AWS support. */
  readonly requestId?: string;
  /** `$metadata.httpStatusCode`. */
  readonly httpStatus?: number;
}

/**
 * The error family of the AWS control plane (`upsert`, `start`, `Execution`, ...): a
 * {@link SagepipeError} with a stable {@link AwsErrorCode}, and — when AWS answered — the AWS error
 * name, message, request id and HTTP status. The original SDK error is the `cause`.
 *
 * @example
 * ```ts
 * try { await start("Churn") } catch (e) {
 *   if (e instanceof AwsOperationError && e.code === "pipeline-not-found") // deploy it first
 * }
 * ```
 */
export class AwsOperationError extends SagepipeError implements AwsErrorDetails {
  declare readonly code: AwsErrorCode;
  readonly operation?: string;
  readonly awsErrorName?: string;
  readonly awsMessage?: string;
  readonly requestId?: string;
  readonly httpStatus?: number;

  constructor(code: AwsErrorCode, message: string, details: AwsErrorDetails = {}, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "AwsOperationError";
    if (details.operation !== undefined) this.operation = details.operation;
    if (details.awsErrorName !== undefined) this.awsErrorName = details.awsErrorName;
    if (details.awsMessage !== undefined) this.awsMessage = details.awsMessage;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
  }
}

/** A step that did not succeed, as {@link ExecutionFailedError} reports it. */
export interface FailedStep {
  readonly name: string;
  /** The step type when SageMaker reported its metadata (`"Training"`, `"Fail"`, ...). */
  readonly type?: string;
  readonly status: string;
  /** The step's `FailureReason`, or a Fail step's error message. */
  readonly reason?: string;
}

/**
 * Thrown by `Execution.wait()` when the execution ends `Failed` or `Stopped`: names the steps that
 * failed (or were stopped) with their `FailureReason`.
 *
 * @example
 * ```ts
 * try { await execution.wait() } catch (e) {
 *   if (e instanceof ExecutionFailedError) for (const s of e.failedSteps) report(s.name, s.reason)
 * }
 * ```
 */
export class ExecutionFailedError extends AwsOperationError {
  declare readonly code: "execution-failed";
  /** The execution's final status. */
  readonly status: "Failed" | "Stopped";
  readonly executionArn: string;
  /** The execution-level `FailureReason`, when SageMaker gave one. */
  readonly failureReason?: string;
  readonly failedSteps: readonly FailedStep[];

  constructor(executionArn: string, status: "Failed" | "Stopped", failedSteps: readonly FailedStep[], failureReason?: string) {
    const lines = failedSteps.map((step) => `  - ${step.name}${step.type === undefined ? "" : ` (${step.type})`}: ${step.status}${step.reason === undefined ? "" : `: ${step.reason}`}`);
    super(
      "execution-failed",
      [
        `pipeline execution ${executionArn} ended ${status}${failureReason === undefined ? "" : `: ${failureReason}`}`,
        ...(lines.length > 0 ? [`${status === "Stopped" ? "steps not completed" : "failed steps"}:`, ...lines] : []),
      ].join("\n"),
    );
    this.name = "ExecutionFailedError";
    this.status = status;
    this.executionArn = executionArn;
    if (failureReason !== undefined) this.failureReason = failureReason;
    this.failedSteps = Object.freeze([...failedSteps]);
  }
}

/** What an interrupted upsert had written to AWS, and what it had not. */
export interface UpsertProgress {
  /** `s3://` URIs of the objects uploaded before the failure (code assets, the definition object). */
  readonly uploaded: readonly string[];
  /** Set when the pipeline itself was written before the failure. */
  readonly pipeline?: "created" | "updated";
  /** What was not written, in words: `pipeline "Churn" (CreatePipeline)`, `tags (AddTags)`, ... */
  readonly notWritten: readonly string[];
}

/**
 * Thrown by `upsert` when an AWS call fails after something was already written (an asset
 * uploaded, the pipeline created but its tags not added, ...). Its message and fields say exactly
 * what was written and what was not; the AWS error is the `cause`. Running `upsert` again completes
 * the work: uploaded assets are content-addressed and skipped.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof UpsertIncompleteError) log(e.uploaded, e.notWritten) }
 * ```
 */
export class UpsertIncompleteError extends AwsOperationError implements UpsertProgress {
  declare readonly code: "upsert-incomplete";
  readonly pipelineName: string;
  readonly uploaded: readonly string[];
  readonly pipeline?: "created" | "updated";
  readonly notWritten: readonly string[];

  constructor(pipelineName: string, progress: UpsertProgress, failure: AwsOperationError) {
    const written = [
      ...progress.uploaded.map((uri) => `  - uploaded ${uri}`),
      ...(progress.pipeline === undefined ? [] : [`  - ${progress.pipeline} pipeline "${pipelineName}"`]),
    ];
    super(
      "upsert-incomplete",
      [
        `upsert of pipeline "${pipelineName}" did not complete: ${failure.message}`,
        `written:`,
        ...(written.length > 0 ? written : ["  (nothing)"]),
        `not written:`,
        ...progress.notWritten.map((item) => `  - ${item}`),
        `Run upsert again to complete it: uploaded assets are content-addressed and will be skipped.`,
      ].join("\n"),
      failure,
      { cause: failure },
    );
    this.name = "UpsertIncompleteError";
    this.pipelineName = pipelineName;
    this.uploaded = Object.freeze([...progress.uploaded]);
    if (progress.pipeline !== undefined) this.pipeline = progress.pipeline;
    this.notWritten = Object.freeze([...progress.notWritten]);
  }
}

const NOT_FOUND_NAMES = new Set(["ResourceNotFound", "ResourceNotFoundException", "NotFound", "NoSuchKey"]);

/**
 * Reads the fields an AWS SDK v3 error carries, whatever was thrown.
 *
 * @example
 * ```ts
 * awsErrorDetails(error, "CreatePipeline"); // { operation, awsErrorName: "ValidationException", requestId, httpStatus: 400, ... }
 * ```
 */
export function awsErrorDetails(error: unknown, operation?: string): AwsErrorDetails {
  const details: { -readonly [K in keyof AwsErrorDetails]: AwsErrorDetails[K] } = {};
  if (operation !== undefined) details.operation = operation;
  if (typeof error !== "object" || error === null) return details;
  const record = error as Record<string, unknown>;
  if (typeof record.name === "string") details.awsErrorName = record.name;
  if (typeof record.message === "string") details.awsMessage = record.message;
  const metadata = record.$metadata;
  if (typeof metadata === "object" && metadata !== null) {
    const { requestId, httpStatusCode } = metadata as Record<string, unknown>;
    if (typeof requestId === "string") details.requestId = requestId;
    if (typeof httpStatusCode === "number") details.httpStatus = httpStatusCode;
  }
  return details;
}

/**
 * True when AWS said the resource does not exist (`ResourceNotFound`, S3 `NotFound`, HTTP 404).
 *
 * @example
 * ```ts
 * if (isNotFound(error)) return undefined; // the pipeline does not exist yet
 * ```
 */
export function isNotFound(error: unknown, resourceName?: string): boolean {
  const details = error instanceof AwsOperationError ? error : awsErrorDetails(error);
  if (details.awsErrorName !== undefined && NOT_FOUND_NAMES.has(details.awsErrorName)) return true;
  if (details.httpStatus === 404) return true;
  // SageMaker answers some calls on missing resources with a ValidationException; when the call
  // names several resources, only a message naming this one says that it is the missing one
  const message = details.awsMessage ?? "";
  if (details.awsErrorName !== "ValidationException" || !/does not exist|not found/i.test(message)) return false;
  if (resourceName === undefined) return true;
  const name = resourceName.slice(resourceName.lastIndexOf("/") + 1).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`${name}['"]?\\)?\\s+(?:does not exist|not found)`, "i").test(message);
}

/**
 * Wraps whatever an AWS call threw in an {@link AwsOperationError}: `notFoundCode` when AWS said the
 * resource does not exist, `"aws-request-failed"` otherwise. An AwsOperationError passes through.
 *
 * @example
 * ```ts
 * throw toAwsOperationError(e, "DescribePipeline", { notFoundCode: "pipeline-not-found", subject: 'pipeline "Churn"' });
 * ```
 */
export function toAwsOperationError(
  error: unknown,
  operation: string,
  options: {
    readonly notFoundCode?: "pipeline-not-found" | "execution-not-found";
    readonly subject?: string;
    /** The resource `notFoundCode` is about, when the call names others too (a ValidationException must name it). */
    readonly resourceName?: string;
  } = {},
): AwsOperationError {
  if (error instanceof AwsOperationError) return error;
  const details = awsErrorDetails(error, operation);
  const configuration = configurationError(error, operation);
  if (configuration !== undefined) return new AwsOperationError(configuration.code, configuration.message, details, { cause: error });
  const notFound = options.notFoundCode !== undefined && isNotFound(error, options.resourceName);
  const what = details.awsErrorName === undefined ? String(error) : `${details.awsErrorName}: ${details.awsMessage ?? ""}`;
  const facts = [
    ...(details.requestId === undefined ? [] : [`request id ${details.requestId}`]),
    ...(details.httpStatus === undefined ? [] : [`HTTP ${details.httpStatus}`]),
  ];
  const message = notFound
    ? `${options.subject ?? "the resource"} does not exist (${operation}: ${what}${facts.length > 0 ? `; ${facts.join(", ")}` : ""})`
    : `${operation}${options.subject === undefined ? "" : ` for ${options.subject}`} failed: ${what}${facts.length > 0 ? ` (${facts.join(", ")})` : ""}`;
  return new AwsOperationError(notFound && options.notFoundCode !== undefined ? options.notFoundCode : "aws-request-failed", message, details, { cause: error });
}

/**
 * The SDK could not send the request: no region, no credentials, or no answer in time. Each gets
 * its own code and a message that says what to do.
 */
function configurationError(error: unknown, operation: string): { code: AwsErrorCode; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === "Error" && /^Region is missing/.test(error.message)) {
    return {
      code: "aws-region-missing",
      message: `${operation}: no AWS region is set: set AWS_REGION (or AWS_DEFAULT_REGION), or a region in your AWS profile (AWS_PROFILE), or pass clients: { config: { region } }`,
    };
  }
  if (error.name === "CredentialsProviderError" || error.name === "TokenProviderError") {
    return {
      code: "aws-credentials-missing",
      message:
        `${operation}: no usable AWS credentials (${error.message.split("\n")[0]}): set AWS_PROFILE to a configured profile ` +
        `(run aws sso login for an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an IAM role is available`,
    };
  }
  // the SDK also names a reset connection (ECONNRESET, EPIPE) TimeoutError: only a timeout is one
  if (error.name === "TimeoutError" && /timed out|timeout/i.test(error.message)) {
    const ms = /(\d+) ?ms/.exec(error.message)?.[1];
    const what = /establish a connection|connect/i.test(error.message) ? "could not connect to AWS" : "no answer from AWS";
    return {
      code: "aws-timeout",
      message: `${operation}: ${what}${ms === undefined ? " in time" : ` within ${ms} ms`}: check the network and AWS_ENDPOINT_URL, or raise the timeout (clients: { config: { requestTimeoutMs, connectionTimeoutMs } })`,
    };
  }
  return undefined;
}

const TRANSIENT_NAMES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ProvisionedThroughputExceededException",
  "ServiceUnavailable",
  "ServiceUnavailableException",
  "InternalFailure",
  "InternalServerError",
  "InternalServerException",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
]);

const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ECONNABORTED"]);

/**
 * True for errors worth retrying in a polling loop: throttling, HTTP 5xx and network failures
 * (connection reset, refused, timed out, DNS).
 *
 * @example
 * ```ts
 * isTransientAwsError(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" })) // true
 * ```
 */
export function isTransientAwsError(error: unknown): boolean {
  const original = error instanceof AwsOperationError && error.cause !== undefined ? error.cause : error;
  const details = awsErrorDetails(original);
  if (details.awsErrorName !== undefined && TRANSIENT_NAMES.has(details.awsErrorName)) return true;
  if (details.httpStatus !== undefined && (details.httpStatus >= 500 || details.httpStatus === 429)) return true;
  if (typeof original === "object" && original !== null) {
    const record = original as Record<string, unknown>;
    if (typeof record.code === "string" && NETWORK_CODES.has(record.code)) return true;
    if (typeof record.$retryable === "object" && record.$retryable !== null) return true;
  }
  return false;
}
