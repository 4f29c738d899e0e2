/**
 * The base of every error sagepipe throws on purpose: each carries a stable `code` that programs can
 * branch on, and a message that says what is wrong and how to fix it.
 *
 * @example
 * ```ts
 * try { validateDefinition(doc) } catch (e) { if (e instanceof SagepipeError) console.error(e.code) }
 * ```
 */
export class SagepipeError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SagepipeError";
    this.code = code;
  }
}
