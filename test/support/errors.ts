import { SagepipeError } from "sagepipe";

/**
 * The code and message (`"code: message"`) of the SagepipeError `fn` throws; anything else thrown is
 * rethrown, and nothing thrown is an error.
 */
export function sagepipeErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SagepipeError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("nothing was thrown");
}
