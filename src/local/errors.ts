import { SagepipeError } from "../errors.js";

/**
 * Thrown by `runLocal` and `simulate` before a run starts or when the run cannot go on: a step type
 * that needs AWS, a Lambda or Callback step without a local handler, a stub for a step that does not
 * exist. Each has a stable `code` and says how to fix it.
 *
 * @example
 * ```ts
 * try { await runLocal(churn) } catch (e) { if (e instanceof LocalRunError) console.error(e.code, e.message) }
 * ```
 */
export class LocalRunError extends SagepipeError {
  constructor(code: LocalRunErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "LocalRunError";
  }
}

/** The codes of {@link LocalRunError}. */
export type LocalRunErrorCode =
  | "local-preflight-failed"
  | "local-unknown-step"
  | "local-stub-missing"
  | "local-stub-invalid"
  | "local-invalid-outcome"
  | "local-isolation-unavailable"
  | "local-workdir-unusable"
  | "local-execution-in-use"
  | "local-registry-damaged"
  | "local-invalid-name";

/**
 * Thrown by a local Lambda or Callback handler (or raised by the runner for a local process) to fail
 * the step with one of the exception types a retry policy can name, so retries can be tested locally.
 *
 * @example
 * ```ts
 * handlers: { Notify: () => { throw new LocalStepError("rate exceeded", "Step.THROTTLING") } }
 * ```
 */
export class LocalStepError extends Error {
  /** The retry exception type, e.g. `"Step.THROTTLING"` or `"SageMaker.JOB_INTERNAL_ERROR"`. */
  readonly exceptionType: string | undefined;

  constructor(message: string, exceptionType?: string) {
    super(message);
    this.name = "LocalStepError";
    this.exceptionType = exceptionType;
  }
}
