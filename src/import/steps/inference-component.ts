import { isObject, type JsonObject } from "../../validate/step-index.js";
import { parseReference } from "../../validate/references.js";
import { entries, member, name, object, type Code } from "../code.js";
import type { HandleInfo, ValueLifter } from "../values.js";
import { objectAt, option, stringMapOption, tagsOption, type Lifter } from "./shared.js";

/** A name given as `{"Get": "Steps.<step>.<property>"}` of a step written with `method`: that step's handle (`steps.X`). */
function handleName(json: unknown, property: string, method: string, values: ValueLifter, handleOf: (step: string) => HandleInfo | undefined): Code | undefined {
  if (json === undefined) return undefined;
  const reference = isObject(json) && typeof json.Get === "string" ? parseReference(json.Get) : undefined;
  if (reference?.root === "Steps" && reference.property === property && handleOf(reference.step)?.method === method) return member(name("steps"), reference.step);
  return values.value(json);
}

/** An InferenceComponent step: `.inferenceComponent`; what the options do not say goes to `raw`. */
export const liftInferenceComponent: Lifter = ({ args, values, handleOf }) => {
  if (args.InferenceComponentName === undefined || args.EndpointName === undefined) return undefined;
  const spec: JsonObject = objectAt(args, "Specification");
  const container = objectAt(spec, "Container");
  const startup = objectAt(spec, "StartupParameters");
  const compute = objectAt(spec, "ComputeResourceRequirements");
  const section = (list: readonly (readonly [string, Code | undefined])[]): Code | undefined => {
    const code = object(list);
    return code.kind === "object" && code.entries.length > 0 ? code : undefined;
  };
  return {
    method: "inferenceComponent",
    options: entries([
      ["inferenceComponentName", values.value(args.InferenceComponentName)],
      ["endpointName", handleName(args.EndpointName, "EndpointName", "endpoint", values, handleOf)],
      option("variantName", args.VariantName, values),
      ["modelName", handleName(spec.ModelName, "ModelName", "model", values, handleOf)],
      [
        "container",
        section([option("image", container.Image, values), option("artifactUrl", container.ArtifactUrl, values), ["environment", stringMapOption(container.Environment, values)]]),
      ],
      [
        "computeResources",
        compute.MinMemoryRequiredInMb === undefined
          ? undefined
          : section([
              option("minMemoryMb", compute.MinMemoryRequiredInMb, values),
              option("maxMemoryMb", compute.MaxMemoryRequiredInMb, values),
              option("cpuCores", compute.NumberOfCpuCoresRequired, values),
              option("acceleratorDevices", compute.NumberOfAcceleratorDevicesRequired, values),
            ]),
      ],
      [
        "startup",
        section([
          option("modelDataDownloadTimeoutSeconds", startup.ModelDataDownloadTimeoutInSeconds, values),
          option("healthCheckTimeoutSeconds", startup.ContainerStartupHealthCheckTimeoutInSeconds, values),
        ]),
      ],
      ["baseInferenceComponentName", handleName(spec.BaseInferenceComponentName, "InferenceComponentName", "inferenceComponent", values, handleOf)],
      option("copyCount", objectAt(args, "RuntimeConfig").CopyCount, values),
      ["tags", tagsOption(args.Tags, values)],
    ]),
    handle: {},
  };
};
