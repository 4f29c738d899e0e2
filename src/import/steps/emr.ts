import { isObject } from "../../validate/step-index.js";
import { entries } from "../code.js";
import { listOption, objectAt, tagsOption, type Lifter } from "./shared.js";

/** An EMR step: `.emr`, on a running cluster (`clusterId`) or one it creates (`clusterConfig`). */
export const liftEMR: Lifter = ({ args, values }) => {
  const jar = objectAt(objectAt(args, "StepConfig"), "HadoopJarStep");
  if (jar.Jar === undefined) return undefined;
  // [{Key, Value}] as a record, as tags are
  const properties = jar.Properties === undefined ? undefined : tagsOption(jar.Properties, values);
  if (jar.Properties !== undefined && properties === undefined) return undefined;
  const args_ = jar.Args === undefined ? undefined : listOption(jar.Args, values);
  if (jar.Args !== undefined && args_ === undefined) return undefined;
  return {
    method: "emr",
    options: entries([
      ["clusterId", args.ClusterId === undefined ? undefined : values.value(args.ClusterId)],
      ["clusterConfig", isObject(args.ClusterConfig) ? values.value(args.ClusterConfig) : undefined],
      ["executionRoleArn", args.ExecutionRoleArn === undefined ? undefined : values.value(args.ExecutionRoleArn)],
      ["jar", values.value(jar.Jar)],
      ["args", args_],
      ["mainClass", jar.MainClass === undefined ? undefined : values.value(jar.MainClass)],
      ["properties", properties],
    ]),
    handle: {},
  };
};
