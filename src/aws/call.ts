import { toAwsOperationError } from "./errors.js";

/** How {@link callAws} reports a failure. */
export interface CallOptions {
  /** The code when AWS says the resource does not exist. */
  readonly notFoundCode?: "pipeline-not-found" | "execution-not-found";
  /** What the call is about, for the message: `pipeline "Churn"`. */
  readonly subject?: string;
  /** The resource `notFoundCode` is about, when the call names others too (a ValidationException must name it). */
  readonly resourceName?: string;
}

/**
 * Runs one AWS call and turns whatever it throws into an `AwsOperationError` that keeps the AWS
 * error name, message, request id and HTTP status.
 *
 * @example
 * ```ts
 * const described = await callAws("DescribePipeline", () => client.send(new DescribePipelineCommand({ PipelineName })));
 * ```
 */
export async function callAws<T>(operation: string, call: () => Promise<T>, options: CallOptions = {}): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toAwsOperationError(error, operation, options);
  }
}

/** One page of a paginated AWS list call. */
export interface Page<T> {
  readonly items: readonly T[] | undefined;
  readonly nextToken: string | undefined;
}

/**
 * Reads every page of a paginated AWS call (following `NextToken`), stopping early once `limit`
 * items are collected, and never looping on a token the service repeats.
 *
 * @example
 * ```ts
 * const steps = await collectPages(async (NextToken) => {
 *   const page = await client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn, NextToken }));
 *   return { items: page.PipelineExecutionSteps, nextToken: page.NextToken };
 * });
 * ```
 */
export async function collectPages<T>(fetchPage: (nextToken: string | undefined) => Promise<Page<T>>, limit?: number): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...(page.items ?? []));
    if (limit !== undefined && items.length >= limit) return items.slice(0, limit);
    token = page.nextToken === "" ? undefined : page.nextToken;
    if (token !== undefined) {
      if (seen.has(token)) break;
      seen.add(token);
    }
  } while (token !== undefined);
  return items;
}
