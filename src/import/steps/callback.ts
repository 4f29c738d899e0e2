import { SQS_QUEUE_URL } from "../../definition/steps/callback-step.js";
import { entries } from "../code.js";
import { outputDeclarations, stepInputs } from "./lambda.js";
import type { Lifter } from "./shared.js";

/** A Callback step: `.callback`. */
export const liftCallback: Lifter = ({ args, keys, values }) => {
  const queueUrl = keys.SqsQueueUrl;
  if (typeof queueUrl !== "string" || !SQS_QUEUE_URL.test(queueUrl)) return undefined;
  const outputs = outputDeclarations(keys.OutputParameters);
  const inputs = stepInputs(args, values);
  if (outputs === undefined || inputs === false) return undefined;
  return {
    method: "callback",
    options: entries([
      ["queueUrl", values.text(queueUrl)],
      ["inputs", inputs],
      ["outputs", outputs.code],
    ]),
    handle: { outputParameters: outputs.names },
  };
};
