import type { PipelineExecutionStatus } from "./sagemaker-shapes.js";
import { SagepipeError } from "../errors.js";
import { callAws, collectPages } from "./call.js";
import { ClientProvider, sagemakerModule, type AwsClients } from "./clients.js";
import { Execution } from "./execution.js";
import { checkOptions, optionShape } from "../options.js";
import { CLIENTS_ONLY, withClients } from "./option-shapes.js";

/**
 * A handle on an existing execution, from its ARN.
 *
 * @example
 * ```ts
 * const execution = executionOf("arn:aws:sagemaker:us-east-1:111111111111:pipeline/churn/execution/abc123");
 * console.log((await execution.describe()).PipelineExecutionStatus);
 * ```
 */
export function executionOf(arn: string, options: { readonly clients?: AwsClients } = {}): Execution {
  checkOptions("executionOf", options, CLIENTS_ONLY);
  return new Execution(arn, options);
}

/** One execution in {@link listExecutions}. */
export interface ExecutionSummary {
  readonly arn: string;
  readonly status?: PipelineExecutionStatus;
  readonly displayName?: string;
  readonly description?: string;
  readonly startTime?: Date;
  readonly failureReason?: string;
  /** A handle on the execution, sharing the clients of the listing. */
  readonly execution: Execution;
}

/** Options of {@link listExecutions}. */
export interface ListExecutionsOptions {
  readonly clients?: AwsClients;
  /** Stop after this many executions (newest first). Default: all of them. */
  readonly maxResults?: number;
}

const LIST_EXECUTIONS_OPTIONS = withClients(optionShape<ListExecutionsOptions>({ clients: true, maxResults: true }));

/**
 * The executions of a pipeline, newest first (all pages of ListPipelineExecutions, up to
 * `maxResults`).
 *
 * @example
 * ```ts
 * const [latest] = await listExecutions("ChurnPipeline", { maxResults: 1 });
 * ```
 */
export async function listExecutions(pipelineName: string, options: ListExecutionsOptions = {}): Promise<ExecutionSummary[]> {
  checkOptions("listExecutions", options, LIST_EXECUTIONS_OPTIONS);
  const { maxResults } = options;
  if (maxResults !== undefined && !(Number.isInteger(maxResults) && maxResults >= 1)) {
    throw new SagepipeError("invalid-option", `maxResults must be an integer of at least 1, got ${maxResults}`);
  }
  const provider = new ClientProvider(options.clients);
  const sagemaker = await provider.sagemaker();
  const { ListPipelineExecutionsCommand } = await sagemakerModule();
  const summaries = await collectPages(async (NextToken) => {
    const page = await callAws(
      "ListPipelineExecutions",
      () =>
        sagemaker.send(
          new ListPipelineExecutionsCommand({
            PipelineName: pipelineName,
            SortBy: "CreationTime",
            SortOrder: "Descending",
            ...(maxResults === undefined ? {} : { MaxResults: Math.min(maxResults, 100) }),
            ...(NextToken === undefined ? {} : { NextToken }),
          }),
        ),
      { notFoundCode: "pipeline-not-found", subject: `pipeline "${pipelineName}"` },
    );
    return { items: page.PipelineExecutionSummaries, nextToken: page.NextToken };
  }, maxResults);
  const clients = provider.snapshot();
  return summaries.flatMap((summary) => {
    const arn = summary.PipelineExecutionArn;
    if (arn === undefined) return [];
    const fields = {
      status: summary.PipelineExecutionStatus,
      displayName: summary.PipelineExecutionDisplayName,
      description: summary.PipelineExecutionDescription,
      startTime: summary.StartTime,
      failureReason: summary.PipelineExecutionFailureReason?.trim() === "" ? undefined : summary.PipelineExecutionFailureReason,
    };
    const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<Omit<ExecutionSummary, "arn" | "execution">>;
    return [{ arn, ...defined, execution: new Execution(arn, { clients, pipelineName }) }];
  });
}

/** Options of the callback answers. */
export interface CallbackAnswerOptions {
  readonly clients?: AwsClients;
  /** Makes a retried answer idempotent. */
  readonly clientRequestToken?: string;
}

const CALLBACK_ANSWER_OPTIONS = withClients(optionShape<CallbackAnswerOptions>({ clients: true, clientRequestToken: true }));

/**
 * Answers a Callback step with success (SendPipelineExecutionStepSuccess): the execution goes on
 * with these output parameters (sent as text).
 *
 * @example
 * ```ts
 * await sendCallbackSuccess(message.token, { modelApproved: true, reviewer: "ana" });
 * ```
 */
export async function sendCallbackSuccess(
  callbackToken: string,
  outputs: Readonly<Record<string, string | number | boolean>> = {},
  options: CallbackAnswerOptions = {},
): Promise<void> {
  checkOptions("sendCallbackSuccess", options, CALLBACK_ANSWER_OPTIONS);
  const sagemaker = await new ClientProvider(options.clients).sagemaker();
  const { SendPipelineExecutionStepSuccessCommand } = await sagemakerModule();
  const parameters = Object.entries(outputs).map(([Name, value]) => ({ Name, Value: String(value) }));
  await callAws("SendPipelineExecutionStepSuccess", () =>
    sagemaker.send(
      new SendPipelineExecutionStepSuccessCommand({
        CallbackToken: callbackToken,
        ...(parameters.length === 0 ? {} : { OutputParameters: parameters }),
        ...(options.clientRequestToken === undefined ? {} : { ClientRequestToken: options.clientRequestToken }),
      }),
    ),
  );
}

/**
 * Answers a Callback step with failure (SendPipelineExecutionStepFailure): the step fails with
 * this reason.
 *
 * @example
 * ```ts
 * await sendCallbackFailure(message.token, "the reviewer rejected the model");
 * ```
 */
export async function sendCallbackFailure(callbackToken: string, reason: string, options: CallbackAnswerOptions = {}): Promise<void> {
  checkOptions("sendCallbackFailure", options, CALLBACK_ANSWER_OPTIONS);
  const sagemaker = await new ClientProvider(options.clients).sagemaker();
  const { SendPipelineExecutionStepFailureCommand } = await sagemakerModule();
  await callAws("SendPipelineExecutionStepFailure", () =>
    sagemaker.send(
      new SendPipelineExecutionStepFailureCommand({
        CallbackToken: callbackToken,
        FailureReason: reason,
        ...(options.clientRequestToken === undefined ? {} : { ClientRequestToken: options.clientRequestToken }),
      }),
    ),
  );
}
