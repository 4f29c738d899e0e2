import { z } from "zod";
import { strictObject } from "../strict-object.js";
import { lazySchema } from "../lazy-schema.js";
import { OutputParameter, stepEnvelope } from "../common.js";
import { Expression } from "../expressions.js";
import { uniqueBy } from "../rules.js";

const inputValue = lazySchema(() =>
  z.union([z.string(), z.number(), z.boolean(), Expression])
);

/**
 * The inputs of a Lambda or Callback step: a flat object whose values are strings, numbers,
 * booleans or expressions, or lists of those. The function (or the SQS consumer) receives it as is.
 */
export const FreeFormInputs = lazySchema(() =>
  z.record(z.string().min(1), z.union([inputValue, z.array(inputValue)]))
);
export type FreeFormInputs = z.infer<typeof FreeFormInputs>;

/** Output declarations whose names are unique, at most `max` of them. */
export function outputParameters(max?: number) {
  const list = max === undefined ? z.array(OutputParameter) : z.array(OutputParameter).max(max);
  return uniqueBy(list, "OutputName", "other steps reference outputs by name (Steps.<step>.OutputParameters['<OutputName>'])");
}

/** An AWS Lambda function ARN (any partition), optionally with a version or alias. */
export const LAMBDA_FUNCTION_ARN =
  /^arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;

/** `Lambda` arguments: the event passed to the function. */
export const LambdaArguments = FreeFormInputs;
export type LambdaArguments = z.infer<typeof LambdaArguments>;

/** A `Lambda` step: invokes `FunctionArn` with `Arguments` and exposes the declared outputs. */
export const LambdaStep = lazySchema(() =>
  strictObject({
    ...stepEnvelope,
    Type: z.literal("Lambda"),
    Arguments: LambdaArguments.optional(),
    FunctionArn: z.string().regex(LAMBDA_FUNCTION_ARN, {
      message: "FunctionArn must be a Lambda function ARN: arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]",
    }),
    OutputParameters: outputParameters().optional(),
  }),
  { Type: ["Lambda"] },
);
export type LambdaStep = z.infer<typeof LambdaStep>;
