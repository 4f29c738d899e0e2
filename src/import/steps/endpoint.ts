import { isObject } from "../../validate/step-index.js";
import { parseReference } from "../../validate/references.js";
import { entries, member, name } from "../code.js";
import { tagsOption, type Lifter } from "./shared.js";

/** An Endpoint step: `.endpoint`; an EndpointConfig step's name is given as its handle (`steps.Config`). */
export const liftEndpoint: Lifter = ({ args, values, handleOf }) => {
  if (args.EndpointName === undefined || args.EndpointConfigName === undefined) return undefined;
  const config = args.EndpointConfigName;
  const reference = isObject(config) && typeof config.Get === "string" ? parseReference(config.Get) : undefined;
  const handle =
    reference?.root === "Steps" && reference.property === "EndpointConfigName" && handleOf(reference.step)?.method === "endpointConfig"
      ? member(name("steps"), reference.step)
      : undefined;
  return {
    method: "endpoint",
    options: entries([
      ["endpointName", values.value(args.EndpointName)],
      ["endpointConfigName", handle ?? values.value(config)],
      ["tags", tagsOption(args.Tags, values)],
    ]),
    handle: {},
  };
};
