import { isObject } from "../../validate/step-index.js";
import { array, entries, object, type Code } from "../code.js";
import { jsonEqual } from "../json.js";
import { option, tagsOption, type Lifter } from "./shared.js";

/** An EndpointConfig step: `.endpointConfig`. */
export const liftEndpointConfig: Lifter = ({ step, args, values }) => {
  if (!Array.isArray(args.ProductionVariants) || args.ProductionVariants.length === 0) return undefined;
  const variants: Code[] = [];
  for (const variant of args.ProductionVariants) {
    if (!isObject(variant) || variant.ModelName === undefined) return undefined;
    const serverless = isObject(variant.ServerlessConfig) ? variant.ServerlessConfig : undefined;
    variants.push(
      object([
        ["modelName", values.value(variant.ModelName)],
        option("instanceType", variant.InstanceType, values),
        serverless === undefined ? option("initialInstanceCount", variant.InitialInstanceCount, values, 1) : undefined,
        option("variantName", variant.VariantName, values, "AllTraffic"),
        option("initialVariantWeight", variant.InitialVariantWeight, values, 1),
        [
          "serverless",
          serverless === undefined ? undefined : object([["memorySizeInMB", values.value(serverless.MemorySizeInMB)], ["maxConcurrency", values.value(serverless.MaxConcurrency)]]),
        ],
      ]),
    );
  }
  const perRun = { "Std:Join": { On: "-", Values: [step.name, { Get: "Execution.PipelineExecutionId" }] } };
  return {
    method: "endpointConfig",
    options: entries([
      ["endpointConfigName", args.EndpointConfigName === undefined || jsonEqual(args.EndpointConfigName, perRun) ? undefined : values.value(args.EndpointConfigName)],
      ["variants", array(variants)],
      option("kmsKey", args.KmsKeyId, values),
      ["tags", tagsOption(args.Tags, values)],
    ]),
    handle: {},
  };
};
