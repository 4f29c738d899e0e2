import { isObject, type JsonObject } from "../../validate/step-index.js";
import { array, entries, object, type Code, type Entry } from "../code.js";
import type { ValueLifter } from "../values.js";
import { listOption, objectAt, option, stringMapOption, tagsOption, type Lifter } from "./shared.js";

/** A `ContainerDefinition` as the options of one container; undefined when it has no image. */
function container(json: unknown, values: ValueLifter): Code | undefined {
  if (!isObject(json) || json.Image === undefined) return undefined;
  const environment = isObject(json.Environment) && Object.keys(json.Environment).length === 0 ? undefined : stringMapOption(json.Environment, values);
  return object([
    ["image", values.value(json.Image)],
    option("modelData", json.ModelDataUrl, values),
    ["environment", environment],
    option("hostname", json.ContainerHostname, values),
  ]);
}

/** The entries of one container, to spread into the options. */
const spread = (code: Code | undefined): readonly Entry[] => (code?.kind === "object" ? code.entries : []);

/** A Model step: `.model`, with one container, an inference pipeline, or a registered model package. */
export const liftModel: Lifter = ({ args, values }) => {
  if (args.ExecutionRoleArn === undefined) return undefined;
  const containers = Array.isArray(args.Containers) ? args.Containers : undefined;
  let what: readonly Entry[];
  if (isObject(args.PrimaryContainer)) {
    const primary = container(args.PrimaryContainer, values);
    if (primary === undefined) return undefined;
    what = spread(primary);
  } else if (containers?.length === 1 && isObject(containers[0]) && Object.keys(containers[0]).length === 1 && containers[0].ModelPackageName !== undefined) {
    what = entries([["modelPackage", values.value(containers[0].ModelPackageName)]]);
  } else if (containers !== undefined && containers.length > 0) {
    const list = containers.map((c) => container(c, values));
    if (list.some((c) => c === undefined)) return undefined;
    what = entries([["containers", array(list as Code[])]]);
  } else {
    return undefined;
  }
  const vpc: JsonObject = objectAt(args, "VpcConfig");
  const subnets = listOption(vpc.Subnets, values);
  const groups = listOption(vpc.SecurityGroupIds, values);
  return {
    method: "model",
    options: entries([
      ...what,
      ["role", values.value(args.ExecutionRoleArn)],
      ["vpc", subnets === undefined || groups === undefined ? undefined : object([["subnets", subnets], ["securityGroupIds", groups]])],
      args.EnableNetworkIsolation === true || isObject(args.EnableNetworkIsolation) ? ["networkIsolation", values.value(args.EnableNetworkIsolation)] : undefined,
      ["tags", tagsOption(args.Tags, values)],
    ]),
    handle: {},
  };
};
