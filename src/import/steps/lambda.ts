import { LAMBDA_FUNCTION_ARN } from "../../definition/steps/lambda-step.js";
import { isObject, type JsonObject } from "../../validate/step-index.js";
import { entries, lit, object, type Code, type Entry } from "../code.js";
import { jsonEqual } from "../json.js";
import { isLiftable, type ValueLifter } from "../values.js";
import { hasExactly, keepsOrder } from "./processing.js";
import type { Lifter } from "./shared.js";

const OUTPUT_TYPES = ["String", "Integer", "Float", "Boolean"];

/** `outputs` of a Lambda or Callback step (name → type), when every declaration has a literal name and type. */
export function outputDeclarations(json: unknown): { code: Code | undefined; names: Set<string> } | undefined {
  if (!Array.isArray(json)) return undefined;
  const names = new Set<string>();
  const list: Entry[] = [];
  for (const declaration of json) {
    if (!isObject(declaration) || !hasExactly(declaration, ["OutputName", "OutputType"])) return undefined;
    const { OutputName: outputName, OutputType: outputType } = declaration;
    if (typeof outputName !== "string" || names.has(outputName) || !keepsOrder(outputName)) return undefined;
    if (typeof outputType !== "string" || !OUTPUT_TYPES.includes(outputType)) return undefined;
    names.add(outputName);
    list.push({ key: outputName, value: lit(outputType) });
  }
  return { code: list.length === 0 ? undefined : object(list), names };
}

const isInput = (value: unknown): boolean => (typeof value !== "object" || value === null ? value !== null : isLiftable(value));

/** `inputs` of a Lambda or Callback step: a flat record of values or lists of values. */
export function stepInputs(json: JsonObject, values: ValueLifter): Code | undefined | false {
  const keys = Object.keys(json);
  if (keys.length === 0) return undefined;
  for (const key of keys) {
    const value = json[key];
    if (!keepsOrder(key)) return false;
    if (!(isInput(value) || (Array.isArray(value) && value.every(isInput)))) return false;
  }
  return values.members(json);
}

const DEPLOY_EVENT = ["ModelPackageArn", "EndpointName", "InstanceType", "InitialInstanceCount", "ModelName", "EndpointConfigName"];

/** A deploy Lambda (`.deploy`): the event `deployStep` sends, with its defaults. */
function liftDeploy(args: JsonObject, functionArn: string, outputs: Code | undefined, values: ValueLifter): ReturnType<Lifter> {
  if (!DEPLOY_EVENT.every((key) => Object.hasOwn(args, key))) return undefined;
  const perRun = { "Std:Join": { On: "-", Values: [args.EndpointName, { Get: "Execution.PipelineExecutionId" }] } };
  const extra = Object.fromEntries(Object.entries(args).filter(([key]) => !DEPLOY_EVENT.includes(key) && key !== "ExecutionRoleArn"));
  const inputs = stepInputs(extra, values);
  if (inputs === false) return undefined;
  return {
    method: "deploy",
    options: entries([
      ["functionArn", values.text(functionArn)],
      ["modelPackageArn", values.value(args.ModelPackageArn)],
      ["endpointName", values.value(args.EndpointName)],
      ["instanceType", values.value(args.InstanceType)],
      ["instanceCount", args.InitialInstanceCount === 1 ? undefined : values.value(args.InitialInstanceCount)],
      ["role", args.ExecutionRoleArn === undefined ? undefined : values.value(args.ExecutionRoleArn)],
      ["modelName", jsonEqual(args.ModelName, perRun) ? undefined : values.value(args.ModelName)],
      ["endpointConfigName", jsonEqual(args.EndpointConfigName, perRun) ? undefined : values.value(args.EndpointConfigName)],
      ["inputs", inputs],
      ["outputs", outputs],
    ]),
    handle: {},
  };
}

/** A Lambda step: `.lambda`, or `.deploy` when it sends the event of `deployStep`. */
export const liftLambda: Lifter = ({ args, keys, values }) => {
  const functionArn = keys.FunctionArn;
  if (typeof functionArn !== "string" || !LAMBDA_FUNCTION_ARN.test(functionArn)) return undefined;
  const outputs = outputDeclarations(keys.OutputParameters);
  if (outputs === undefined) return undefined;
  const deploy = liftDeploy(args, functionArn, outputs.code, values);
  if (deploy !== undefined) return { ...deploy, handle: { outputParameters: outputs.names } };
  const inputs = stepInputs(args, values);
  if (inputs === false) return undefined;
  return {
    method: "lambda",
    options: entries([
      ["functionArn", values.text(functionArn)],
      ["inputs", inputs],
      ["outputs", outputs.code],
    ]),
    handle: { outputParameters: outputs.names },
  };
};
