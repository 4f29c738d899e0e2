import { SQS_QUEUE_URL } from "../../definition/steps/callback-step.js";
import { SagepipeError } from "../../errors.js";
import { createStepNode, type StepOptions } from "../../model/step-node.js";
import type { StepDefinition, StepHandle } from "../step-definition.js";
import { checkOptions, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { stepOptionShape } from "./shared.js";
import { checkInputs, outputParameters, outputValues, rejectRetry, type OutputDeclarations, type OutputValues, type StepInputs } from "./lambda.js";

/** Where a Callback step sends its message, with what, and what it waits for. */
export interface CallbackOptions extends StepOptions {
  /** The SQS queue that receives the message: `https://sqs.<region>.amazonaws.com/<account>/<queue>`. */
  readonly queueUrl: string;
  /**
   * The inputs sent in the message (`Arguments`), next to the callback token: literals and
   * pipeline values, flat.
   * @default {}
   */
  readonly inputs?: StepInputs;
  /**
   * The outputs the consumer returns with `SendPipelineExecutionStepSuccess`, with their types
   * (at most 50): each becomes `steps.<name>.outputs.<key>`.
   * @default {} (`"OutputParameters": []`)
   */
  readonly outputs?: OutputDeclarations;
  /** Callback steps cannot be retried by SageMaker Pipelines. */
  readonly retry?: never;
}

/** The handle of a Callback step: its declared outputs, typed. */
export interface CallbackHandle<N extends string, O> extends StepHandle<N, "Callback"> {
  /** `{"Get": "Steps.<name>.OutputParameters['<output>']"}` per declared output. */
  readonly outputs: OutputValues<O>;
}

/** @internal The option keys of a Callback step, for the run-time check (the compiler keeps them those of `CallbackOptions`). */
export const CALLBACK_OPTIONS: OptionShape = stepOptionShape<CallbackOptions>({ queueUrl: true, inputs: "map", outputs: "map" });

/**
 * A Callback step: sends `inputs` and a token to an SQS queue, then waits until something calls
 * `SendPipelineExecutionStepSuccess` (with the declared `outputs`) or `…Failure` with that token.
 * `OutputParameters` is always emitted (`[]` without outputs), as the Python SDK does.
 *
 * @example
 * ```ts
 * callbackStep("Approve", { queueUrl: "https://sqs.us-east-1.amazonaws.com/111111111111/approvals", inputs: { model: steps.Train.modelArtifacts }, outputs: { approved: "Boolean" } })
 * // {"Name": "Approve", "Type": "Callback", "Arguments": {"model": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}},
 * //  "SqsQueueUrl": "https://sqs.us-east-1.amazonaws.com/111111111111/approvals", "OutputParameters": [{"OutputName": "approved", "OutputType": "Boolean"}]}
 * ```
 */
export function callbackStep<const N extends string, const O extends CallbackOptions>(
  name: N,
  options: ExactOptions<O, CallbackOptions>,
): StepDefinition<N, CallbackHandle<N, O>>;
export function callbackStep(name: string, options: CallbackOptions): StepDefinition<string, CallbackHandle<string, CallbackOptions>> {
  checkOptions(`Callback step "${name}"`, options, CALLBACK_OPTIONS);
  rejectRetry("Callback", name, options);
  if (typeof options.queueUrl !== "string" || !SQS_QUEUE_URL.test(options.queueUrl)) {
    throw new SagepipeError(
      "invalid-queue-url",
      `Callback step "${name}": queueUrl ${JSON.stringify(options.queueUrl)} is not an SQS queue URL: write https://sqs.<region>.amazonaws.com/<account>/<queue>`,
    );
  }
  const inputs = checkInputs("Callback", name, options.inputs);
  const outputs = outputParameters("Callback", name, options.outputs);
  if (outputs.length > 50) {
    throw new SagepipeError("too-many-outputs", `Callback step "${name}" declares ${outputs.length} outputs; a Callback step takes at most 50`);
  }
  const node = createStepNode(name, "Callback", inputs, options, { SqsQueueUrl: options.queueUrl, OutputParameters: outputs });
  const handle = Object.freeze({ name, type: "Callback" as const, outputs: outputValues(name, outputs) }) as unknown as CallbackHandle<string, CallbackOptions>;
  return Object.freeze({ name, node, handle });
}
