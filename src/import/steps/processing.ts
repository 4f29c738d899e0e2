import { isObject, type JsonObject } from "../../validate/step-index.js";
import { entries, lit, object, type Code, type Entry } from "../code.js";
import { jsonEqual } from "../json.js";
import type { ValueLifter } from "../values.js";
import { isS3Uri, s3FileName } from "../../builder/steps/shared.js";
import { listOption, literalOption, objectAt, option, stringMapOption, type Lifter, type LiftInput } from "./shared.js";

const INPUT_KEYS = ["InputName", "AppManaged", "S3Input"];
const S3_INPUT_KEYS = ["S3Uri", "LocalPath", "S3DataType", "S3InputMode", "S3DataDistributionType", "S3CompressionType"];
const OUTPUT_KEYS = ["OutputName", "AppManaged", "S3Output"];
const S3_OUTPUT_KEYS = ["S3Uri", "LocalPath", "S3UploadMode"];

export const hasExactly = (json: JsonObject, keys: readonly string[]): boolean => {
  const own = Object.keys(json);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(json, key));
};

/** A name that keeps its place among an object's keys (an array index would move first). */
export const keepsOrder = (key: string): boolean => !/^(0|[1-9]\d*)$/.test(key);

/**
 * `inputs` of a Processing step: each S3 input by name, as its URI when it has the defaults, or
 * its options. Undefined when one of them is something else (a dataset definition, an expression
 * where the options take a literal): the whole list then goes to `raw`.
 */
export function processingInputs(json: unknown, values: ValueLifter): Code | undefined {
  if (!Array.isArray(json) || json.length === 0) return undefined;
  const list: Entry[] = [];
  for (const input of json) {
    if (!isObject(input) || !hasExactly(input, INPUT_KEYS) || input.AppManaged !== false || !isObject(input.S3Input)) return undefined;
    const s3 = input.S3Input;
    const name = input.InputName;
    if (typeof name !== "string" || !keepsOrder(name) || !hasExactly(s3, S3_INPUT_KEYS) || typeof s3.LocalPath !== "string") return undefined;
    const literals: [string, unknown, readonly string[], string][] = [
      ["dataType", s3.S3DataType, ["S3Prefix", "ManifestFile"], "S3Prefix"],
      ["mode", s3.S3InputMode, ["File", "Pipe"], "File"],
      ["distribution", s3.S3DataDistributionType, ["FullyReplicated", "ShardedByS3Key"], "FullyReplicated"],
      ["compression", s3.S3CompressionType, ["None", "Gzip"], "None"],
    ];
    if (literals.some(([, value, allowed]) => typeof value !== "string" || !allowed.includes(value))) return undefined;
    const source = values.value(s3.S3Uri);
    const settings = [
      s3.LocalPath === `/opt/ml/processing/input/${name}` ? undefined : (["destination", lit(s3.LocalPath)] as const),
      ...literals.map(([key, value, allowed, fallback]) => literalOption(key, value, allowed, fallback)),
    ].filter((entry) => entry !== undefined && entry[1] !== undefined);
    list.push({ key: name, value: settings.length === 0 ? source : object([["source", source], ...settings]) });
  }
  return object(list);
}

/** `outputs` of a Processing step; undefined when one of them cannot be said with the options. */
function processingOutputs(json: unknown, input: LiftInput): Code | undefined {
  if (!Array.isArray(json) || json.length === 0) return undefined;
  const list: Entry[] = [];
  for (const output of json) {
    if (!isObject(output) || !hasExactly(output, OUTPUT_KEYS) || output.AppManaged !== false || !isObject(output.S3Output)) return undefined;
    const s3 = output.S3Output;
    const name = output.OutputName;
    if (typeof name !== "string" || !keepsOrder(name) || !hasExactly(s3, S3_OUTPUT_KEYS) || typeof s3.LocalPath !== "string") return undefined;
    if (s3.S3UploadMode !== "EndOfJob" && s3.S3UploadMode !== "Continuous") return undefined;
    const defaultDestination = jsonEqual(s3.S3Uri, input.defaultLocation([input.step.name, "output", name]));
    const upload = literalOption("uploadMode", s3.S3UploadMode, ["EndOfJob", "Continuous"], "EndOfJob");
    list.push({
      key: name,
      value:
        defaultDestination && upload[1] === undefined
          ? lit(s3.LocalPath)
          : object([["source", lit(s3.LocalPath)], defaultDestination ? undefined : ["destination", input.values.value(s3.S3Uri)], upload]),
    });
  }
  return object(list);
}

const CODE_DIR = "/opt/ml/processing/input/code";

/**
 * `code` and `command` when the step runs a script already in S3 the way the `code` option writes
 * it (the Python SDK's `ScriptProcessor.run(code=...)`): the last input is "code", the script's S3
 * URI at /opt/ml/processing/input/code with the defaults, and the entrypoint is the command then
 * that script. Undefined otherwise (the inputs and the entrypoint are then written as they are).
 */
function processingCode(args: JsonObject, values: ValueLifter): { code: Code; command: Code | undefined; inputs: unknown[] } | undefined {
  const inputs = args.ProcessingInputs;
  const last: unknown = Array.isArray(inputs) ? inputs.at(-1) : undefined;
  if (!Array.isArray(inputs) || !isObject(last) || !hasExactly(last, INPUT_KEYS) || last.InputName !== "code" || last.AppManaged !== false) return undefined;
  const s3 = last.S3Input;
  if (!isObject(s3) || !hasExactly(s3, S3_INPUT_KEYS) || s3.LocalPath !== CODE_DIR || typeof s3.S3Uri !== "string" || !isS3Uri(s3.S3Uri)) return undefined;
  if (s3.S3DataType !== "S3Prefix" || s3.S3InputMode !== "File" || s3.S3DataDistributionType !== "FullyReplicated" || s3.S3CompressionType !== "None") return undefined;
  const file = s3FileName(s3.S3Uri);
  const entrypoint = objectAt(args, "AppSpecification").ContainerEntrypoint;
  if (file === undefined || !Array.isArray(entrypoint) || entrypoint.length < 2 || entrypoint.some((word) => typeof word !== "string")) return undefined;
  if (entrypoint.at(-1) !== `${CODE_DIR}/${file}`) return undefined;
  const command = entrypoint.slice(0, -1);
  return { code: values.value(s3.S3Uri), command: jsonEqual(command, ["python3"]) ? undefined : values.value(command), inputs: inputs.slice(0, -1) };
}

/** A Processing step: `.process`, or `.evaluate` when it declares property files. */
export const liftProcessing: Lifter = (input) => {
  const { args, values, keys } = input;
  const cluster = objectAt(objectAt(args, "ProcessingResources"), "ClusterConfig");
  const app = objectAt(args, "AppSpecification");
  if (app.ImageUri === undefined || cluster.InstanceType === undefined || args.RoleArn === undefined) return undefined;
  const outputs = processingOutputs(objectAt(args, "ProcessingOutputConfig").Outputs, input);
  const outputNames = new Set(outputs?.kind === "object" ? outputs.entries.map((e) => e.key) : []);

  let propertyFiles: Code | undefined;
  const declared = Array.isArray(keys.PropertyFiles) ? keys.PropertyFiles : [];
  if (declared.length > 0) {
    const files: Entry[] = [];
    for (const file of declared) {
      if (!isObject(file) || typeof file.PropertyFileName !== "string" || typeof file.OutputName !== "string" || typeof file.FilePath !== "string") return undefined;
      if (!outputNames.has(file.OutputName) || !keepsOrder(file.PropertyFileName)) return undefined;
      const schema = input.propertyFileSchema(file.PropertyFileName);
      files.push({ key: file.PropertyFileName, value: object([["output", lit(file.OutputName)], ["path", lit(file.FilePath)], ["schema", schema]]) });
    }
    propertyFiles = object(files);
  }

  const stopping = objectAt(args, "StoppingCondition");
  const code = processingCode(args, values);
  return {
    method: propertyFiles === undefined ? "process" : "evaluate",
    options: entries([
      ["image", values.value(app.ImageUri)],
      ["role", values.value(args.RoleArn)],
      ["instanceType", values.value(cluster.InstanceType)],
      option("instanceCount", cluster.InstanceCount, values, 1),
      option("volumeSizeInGB", cluster.VolumeSizeInGB, values, 30),
      ["code", code?.code],
      ["command", code?.command],
      ["entrypoint", code === undefined ? listOption(app.ContainerEntrypoint, values) : undefined],
      ["arguments", listOption(app.ContainerArguments, values)],
      ["inputs", processingInputs(code === undefined ? args.ProcessingInputs : code.inputs, values)],
      ["outputs", outputs],
      ["environment", stringMapOption(args.Environment, values)],
      // (written only when the step has one: a processing step has no default runtime)
      option("maxRuntimeSeconds", stopping.MaxRuntimeInSeconds, values),
      ["propertyFiles", propertyFiles],
    ]),
    handle: { outputs: outputNames, propertyFiles: new Set(declared.filter(isObject).map((f) => String(f.PropertyFileName))) },
  };
};
