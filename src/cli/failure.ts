import { AwsOperationError, awsErrorDetails, toAwsOperationError } from "../aws/errors.js";
import { SagepipeError } from "../errors.js";
import { escapeControl } from "../text.js";
import { formatIssues, type ValidationIssue } from "../validate/issues.js";
import { EXIT, UsageError, type CliIo } from "./context.js";

/**
 * A failure a command reports and stops on: the exit code, a stable code, the message, and for
 * `--json` what else is known (the AWS error's name and request id, a compile error's issues).
 *
 * @example
 * ```ts
 * throw new CliFailure(EXIT.usage, "input-unreadable", "cannot read definition.json: no such file");
 * ```
 */
export class CliFailure extends Error {
  readonly exitCode: number;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(exitCode: number, code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = "CliFailure";
    this.exitCode = exitCode;
    this.code = code;
    this.details = details;
  }
}

/** Codes of SagepipeErrors that say an input is wrong: a file, an argument, a missing package (exit 2). */
const INPUT_CODES = new Set([
  "pipeline-not-found",
  "pipeline-load-failed",
  "pipeline-no-default-export",
  "pipeline-not-a-pipeline",
  "invalid-parameters",
  "invalid-execution-arn",
  "invalid-definition-json",
  "not-a-definition",
  "missing-peer-dependency",
]);

/** Codes of SagepipeErrors that say AWS answered something sagepipe cannot use (exit 3). */
const AWS_CODES = new Set(["invalid-deployed-definition", "invalid-response"]);

/** What the CLI adds to an AWS configuration error's next step. */
const CLI_HINTS: Readonly<Record<string, string>> = {
  "aws-region-missing": "; on the command line: --region REGION",
  "aws-credentials-missing": "; on the command line: --profile NAME",
  "aws-timeout": "; on the command line: --request-timeout SECONDS",
};

/** True for what an AWS SDK v3 client throws (a service error, or a credential, region or network failure). */
function isAwsSdkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const record = error as unknown as Record<string, unknown>;
  return (
    typeof record.$metadata === "object" ||
    typeof record.$fault === "string" ||
    ["CredentialsProviderError", "TokenProviderError", "TimeoutError"].includes(error.name) ||
    /^Region is missing/.test(error.message)
  );
}

function isCompileError(error: unknown): error is Error & { issues: readonly ValidationIssue[] } {
  return error instanceof Error && error.name === "CompileError" && Array.isArray((error as { issues?: unknown }).issues);
}

/** A SagepipeError, also from another copy of sagepipe (a pipeline file that imports its own): matched by shape. */
function sagepipeCode(error: unknown): string | undefined {
  if (error instanceof SagepipeError) return error.code;
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^[a-z]+(-[a-z]+)*$/.test(code) ? code : undefined;
}

/**
 * The failure an error means for the CLI, or `undefined` when it is not one sagepipe expects (a
 * bug). Exit codes: 2 input (a usage error, a parameter value, a file that cannot be read or
 * loaded, an execution ARN that is not one), 3 AWS (a call failed, could not be sent, or got no
 * answer), 1 anything else sagepipe reports on purpose (an invalid pipeline or declaration, no
 * champion, an execution that did not succeed).
 *
 * @example
 * ```ts
 * describeFailure(new UsageError("--compact and --pretty cannot be combined")) // { exitCode: 2, code: "usage", ... }
 * ```
 */
export function describeFailure(error: unknown): CliFailure | undefined {
  if (error instanceof CliFailure) return error;
  if (error instanceof UsageError) return new CliFailure(EXIT.usage, "usage", error.message);
  if (isCompileError(error)) {
    const count = error.issues.length;
    return new CliFailure(EXIT.no, "invalid-pipeline", `pipeline does not compile, ${count} issue${count === 1 ? "" : "s"}\n\n${formatIssues(error.issues)}`, {
      issues: error.issues,
    });
  }
  if (error instanceof AwsOperationError || (sagepipeCode(error) === undefined && isAwsSdkError(error))) {
    const aws = error instanceof AwsOperationError ? error : toAwsOperationError(error, "AWS request");
    if (aws.code === "execution-failed" || aws.code === "wait-timeout" || aws.code === "wait-aborted") {
      return new CliFailure(EXIT.no, aws.code, aws.message);
    }
    // AWS's error name and request id, when AWS answered (not for a request that could not be sent)
    const answered = aws.requestId !== undefined || aws.httpStatus !== undefined;
    const facts = answered ? [aws.awsErrorName, aws.requestId !== undefined ? `request id ${aws.requestId}` : undefined].filter((fact) => fact !== undefined) : [];
    const shown = facts.filter((fact) => !aws.message.includes(fact));
    const details = answered ? awsErrorDetails(aws.cause ?? aws, aws.operation) : {};
    return new CliFailure(EXIT.aws, aws.code, `${aws.message}${CLI_HINTS[aws.code] ?? ""}${shown.length === 0 ? "" : ` (${shown.join(", ")})`}`, {
      ...(aws.operation === undefined ? {} : { operation: aws.operation }),
      ...(details.awsErrorName === undefined ? {} : { awsErrorName: details.awsErrorName }),
      ...(aws.requestId === undefined ? {} : { requestId: aws.requestId }),
      ...(aws.httpStatus === undefined ? {} : { httpStatus: aws.httpStatus }),
    });
  }
  const code = sagepipeCode(error);
  if (code === undefined || !(error instanceof Error)) return undefined;
  const exitCode = INPUT_CODES.has(code) ? EXIT.usage : AWS_CODES.has(code) ? EXIT.aws : EXIT.no;
  return new CliFailure(exitCode, code, error.message);
}

/**
 * Prints a failure: one message on stderr (with `hint`, the usage to read, for usage errors) and,
 * when `json`, `{ "error": { code, message, exitCode, ... } }` on stdout. Returns the exit code.
 *
 * @example
 * ```ts
 * return printFailure(io, options.json === true, failure);
 * ```
 */
export function printFailure(io: CliIo, json: boolean, failure: CliFailure, hint?: string): number {
  // a message may quote what a file or AWS said: a character a terminal would act on is printed as an escape (lines stay lines)
  const message = failure.message.split("\n").map(escapeControl).join("\n");
  io.stderr(`sagepipe: ${message}\n${hint === undefined ? "" : `${hint}\n`}`);
  if (json) io.stdout(`${JSON.stringify({ error: { code: failure.code, message: failure.message, exitCode: failure.exitCode, ...failure.details } }, null, 2)}\n`);
  return failure.exitCode;
}
