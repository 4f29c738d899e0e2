import { LAMBDA_FUNCTION_ARN } from "../../definition/steps/lambda-step.js";
import { SagepipeError } from "../../errors.js";
import { anotherCopyNote, GetValue, PipelineValue, type PipelineScalar, type ValueKind } from "../../model/expressions.js";
import { createStepNode, type StepOptions } from "../../model/step-node.js";
import type { StepDefinition, StepHandle } from "../step-definition.js";
import { setOwn } from "../../validate/json-data.js";
import { checkOptions, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { stepOptionShape } from "./shared.js";
import { namedValues } from "../handles.js";

/** The type of a Lambda or Callback output: what `{"Get": "Steps.<step>.OutputParameters['<name>']"}` resolves to. */
export type OutputParameterType = "String" | "Integer" | "Float" | "Boolean";

/** The TypeScript type of an output of type `T`. */
export type OutputValueType<T extends OutputParameterType> = T extends "String" ? string : T extends "Boolean" ? boolean : number;

/** One input of a Lambda or Callback step: a literal or a pipeline value. */
export type StepInputValue = PipelineScalar | PipelineValue<unknown>;

/**
 * The inputs of a Lambda or Callback step (its `Arguments`): a flat record whose values are
 * literals, pipeline values, or lists of those. Nested objects are not allowed: SageMaker would
 * pass them on as strings.
 */
export type StepInputs = { readonly [name: string]: StepInputValue | readonly StepInputValue[] };

/** Output declarations: output name → its type. */
export type OutputDeclarations = { readonly [name: string]: OutputParameterType };

/** The declared outputs of options `O`, or none. */
type OutputsOf<O> = O extends { readonly outputs: infer X extends OutputDeclarations } ? X : {};

/** `{"Get": "Steps.<name>.OutputParameters['<output>']"}` per declared output, typed by its OutputType. */
export type OutputValues<O> = { readonly [K in keyof OutputsOf<O>]: PipelineValue<OutputValueType<OutputsOf<O>[K] & OutputParameterType>> };

/** What a Lambda step invokes, with what, and what it returns. */
export interface LambdaOptions extends StepOptions {
  /** The ARN of the function to invoke: `arn:aws:lambda:<region>:<account>:function:<name>[:<alias or version>]`. */
  readonly functionArn: string;
  /**
   * The event the function receives (`Arguments`): literals and pipeline values, flat.
   * @default {}
   */
  readonly inputs?: StepInputs;
  /**
   * The keys of the object the function returns that later steps use, with their types: each
   * becomes `steps.<name>.outputs.<key>`. Values must be flat (strings, numbers, booleans).
   * @default {} (`"OutputParameters": []`)
   */
  readonly outputs?: OutputDeclarations;
  /** Lambda steps cannot be retried by SageMaker Pipelines; retry inside the function. */
  readonly retry?: never;
}

/** The handle of a Lambda step: its declared outputs, typed. */
export interface LambdaHandle<N extends string, O> extends StepHandle<N, "Lambda"> {
  /** `{"Get": "Steps.<name>.OutputParameters['<output>']"}` per declared output. */
  readonly outputs: OutputValues<O>;
}

/** @internal The option keys of a Lambda step, for the run-time check (the compiler keeps them those of `LambdaOptions`). */
export const LAMBDA_OPTIONS: OptionShape = stepOptionShape<LambdaOptions>({ functionArn: true, inputs: "map", outputs: "map" });

/**
 * A Lambda step: invokes an AWS Lambda function with `inputs` and exposes the declared `outputs`
 * of the object it returns. `OutputParameters` is always emitted (`[]` without outputs), as the
 * Python SDK does. Lambda steps may be cached, not retried.
 *
 * @example
 * ```ts
 * lambdaStep("Notify", { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:notify", inputs: { run: execution.PipelineExecutionId }, outputs: { count: "Integer" } })
 * // {"Name": "Notify", "Type": "Lambda", "Arguments": {"run": {"Get": "Execution.PipelineExecutionId"}},
 * //  "FunctionArn": "arn:aws:lambda:…:function:notify", "OutputParameters": [{"OutputName": "count", "OutputType": "Integer"}]}
 * ```
 */
export function lambdaStep<const N extends string, const O extends LambdaOptions>(name: N, options: ExactOptions<O, LambdaOptions>): StepDefinition<N, LambdaHandle<N, O>>;
export function lambdaStep(name: string, options: LambdaOptions): StepDefinition<string, LambdaHandle<string, LambdaOptions>> {
  checkOptions(`Lambda step "${name}"`, options, LAMBDA_OPTIONS);
  rejectRetry("Lambda", name, options);
  if (typeof options.functionArn !== "string" || !LAMBDA_FUNCTION_ARN.test(options.functionArn)) {
    throw new SagepipeError(
      "invalid-function-arn",
      `Lambda step "${name}": functionArn ${JSON.stringify(options.functionArn)} is not a Lambda function ARN: write arn:aws:lambda:<region>:<account>:function:<name>[:<alias or version>]`,
    );
  }
  const inputs = checkInputs("Lambda", name, options.inputs);
  const outputs = outputParameters("Lambda", name, options.outputs);
  const node = createStepNode(name, "Lambda", inputs, options, { FunctionArn: options.functionArn, OutputParameters: outputs });
  const handle = Object.freeze({ name, type: "Lambda" as const, outputs: outputValues(name, outputs) }) as unknown as LambdaHandle<string, LambdaOptions>;
  return Object.freeze({ name, node, handle });
}

/**
 * @internal Throws when a step type that cannot be retried is given `retry` (the types forbid it;
 * this is for plain JavaScript).
 *
 * @example
 * ```ts
 * rejectRetry("Lambda", "Notify", { retry: [...] }) // throws SagepipeError "retry-not-supported"
 * ```
 */
export function rejectRetry(type: string, name: string, options: StepOptions): void {
  if (options.retry !== undefined) {
    throw new SagepipeError(
      "retry-not-supported",
      `${type} step "${name}" cannot take retry: SageMaker Pipelines does not retry ${type} steps; remove retry${type === "Lambda" ? " (and retry inside the function)" : ""}`,
    );
  }
}

const isInputValue = (value: unknown): value is StepInputValue =>
  value instanceof PipelineValue || typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));

/**
 * @internal Checks that inputs are flat: literals, pipeline values and lists of those.
 *
 * @example
 * ```ts
 * checkInputs("Lambda", "Notify", { run: execution.PipelineExecutionId, tries: 3 }) // the same record, copied
 * ```
 */
export function checkInputs(type: string, name: string, inputs: StepInputs | undefined): Record<string, StepInputValue | StepInputValue[]> {
  const out: Record<string, StepInputValue | StepInputValue[]> = {};
  for (const [key, value] of Object.entries(inputs ?? {})) {
    if (isInputValue(value)) setOwn(out, key, value);
    else if (Array.isArray(value) && value.every(isInputValue)) setOwn(out, key, [...value]);
    else {
      throw new SagepipeError(
        "invalid-step-input",
        `${type} step "${name}": input "${key}" is ${value === null ? "null" : Array.isArray(value) ? "a list with a nested value" : typeof value}${anotherCopyNote(Array.isArray(value) ? value.find((item) => !isInputValue(item)) : value)}; inputs are strings, numbers, booleans, pipeline values or lists of those (serialize objects with JSON.stringify)`,
      );
    }
  }
  return out;
}

const OUTPUT_TYPES: Readonly<Record<OutputParameterType, ValueKind>> = { String: "string", Integer: "integer", Float: "float", Boolean: "boolean" };

/**
 * @internal The `OutputParameters` of declared outputs.
 *
 * @example
 * ```ts
 * outputParameters("Lambda", "Check", { count: "Integer" }) // [{"OutputName": "count", "OutputType": "Integer"}]
 * ```
 */
export function outputParameters(
  type: string,
  name: string,
  outputs: OutputDeclarations | undefined,
): { OutputName: string; OutputType: OutputParameterType }[] {
  return Object.entries(outputs ?? {}).map(([outputName, outputType]) => {
    if (!Object.hasOwn(OUTPUT_TYPES, outputType)) {
      throw new SagepipeError(
        "invalid-output-type",
        `${type} step "${name}": output "${outputName}" has type ${JSON.stringify(outputType)}; use "String", "Integer", "Float" or "Boolean"`,
      );
    }
    return { OutputName: outputName, OutputType: outputType };
  });
}

/**
 * @internal The references to a step's outputs, with the value kind of their OutputType.
 *
 * @example
 * ```ts
 * outputValues("Check", [{ OutputName: "count", OutputType: "Integer" }]).count.toJSON()
 * // {"Get": "Steps.Check.OutputParameters['count']"}
 * ```
 */
export function outputValues(name: string, outputs: readonly { OutputName: string; OutputType: OutputParameterType }[]): Readonly<Record<string, PipelineValue<unknown>>> {
  return namedValues(
    `step "${name}"`,
    "output",
    Object.fromEntries(
      outputs.map((o) => [o.OutputName, new GetValue(`Steps.${name}.OutputParameters['${o.OutputName}']`, OUTPUT_TYPES[o.OutputType])]),
    ),
  );
}
