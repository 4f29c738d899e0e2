import { SagepipeError } from "../errors.js";
import { AwsOperationError } from "./errors.js";

/** The longest delay setTimeout takes. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * A delay of `interval` milliseconds with "equal jitter": between half of it and all of it, so
 * many waiters started together do not poll in lockstep.
 *
 * @example
 * ```ts
 * jittered(1000); // somewhere in [500, 1000]
 * ```
 */
export function jittered(interval: number, random: () => number = Math.random): number {
  return interval / 2 + (random() * interval) / 2;
}

/**
 * The abort and deadline of one wait: combines the caller's `AbortSignal` and `timeoutMs` into one
 * signal (also given to the AWS SDK so an in-flight request is cancelled) and says which ended it.
 *
 * @example
 * ```ts
 * const control = new WaitControl("execution arn:…", { signal, timeoutMs: 60_000 });
 * try { await control.sleep(1000) } finally { control.dispose() }
 * ```
 */
export class WaitControl {
  readonly #controller = new AbortController();
  readonly #subject: string;
  readonly #timeoutMs: number | undefined;
  readonly #signal: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reason: "aborted" | "timeout" | undefined;
  readonly #onAbort = (): void => this.#end("aborted");

  constructor(subject: string, options: { readonly signal?: AbortSignal; readonly timeoutMs?: number }) {
    this.#subject = subject;
    this.#timeoutMs = options.timeoutMs;
    this.#signal = options.signal;
    if (options.signal?.aborted === true) this.#end("aborted");
    else options.signal?.addEventListener("abort", this.#onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      if (!(options.timeoutMs >= 0)) throw new SagepipeError("invalid-option", `timeoutMs must be a number of milliseconds (0 or more), got ${options.timeoutMs}`);
      if (this.#reason === undefined) this.#armTimeout(Date.now() + options.timeoutMs);
    }
  }

  /** Aborted by the caller or by the timeout. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get ended(): boolean {
    return this.#reason !== undefined;
  }

  /** Throws the `wait-aborted` / `wait-timeout` error once the wait has ended. */
  check(): void {
    if (this.#reason !== undefined) throw this.error();
  }

  /** The error for the end of the wait. */
  error(): AwsOperationError {
    if (this.#reason === "timeout") {
      return new AwsOperationError("wait-timeout", `gave up waiting for ${this.#subject} after ${this.#timeoutMs} ms (timeoutMs); it may still be running`);
    }
    return new AwsOperationError("wait-aborted", `stopped waiting for ${this.#subject}: the AbortSignal was aborted; the execution itself was not stopped`, {}, { cause: this.#signal?.reason });
  }

  /** Sleeps `ms`, or less when the wait ends first (then throws its error). */
  sleep(ms: number): Promise<void> {
    this.check();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.signal.removeEventListener("abort", onEnd);
      };
      const onEnd = (): void => {
        done();
        reject(this.error());
      };
      const timer = setTimeout(() => {
        done();
        resolve();
      }, Math.min(ms, MAX_TIMER_MS));
      this.signal.addEventListener("abort", onEnd, { once: true });
    });
  }

  /** Releases the timer and the listener on the caller's signal. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener("abort", this.#onAbort);
  }

  /** setTimeout fires at once beyond 2^31-1 ms (about 24.8 days): re-arm until the deadline. */
  #armTimeout(deadline: number): void {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      this.#end("timeout");
      return;
    }
    this.#timer = setTimeout(() => this.#armTimeout(deadline), Math.min(remaining, MAX_TIMER_MS));
  }

  #end(reason: "aborted" | "timeout"): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    clearTimeout(this.#timer);
    this.#controller.abort();
  }
}
