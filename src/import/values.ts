import { onlyKey } from "../definition/expressions.js";
import { parseReference } from "../validate/references.js";
import { isObject, type JsonObject } from "../validate/step-index.js";
import { valueKind, type KindLookup } from "../validate/kinds.js";
import { array, call, index, keyed, lit, member, name, object, type Code } from "./code.js";
import { bucketOf } from "./constants.js";
import { resolvePropertyPath } from "../definition/properties/resolve-property-path.js";

/** True when the property at `path` of a `type` step is a list or a map (which has `get`). */
const isContainer = (type: string, path: string): boolean => {
  const resolved = resolvePropertyPath(type, path);
  return resolved.ok && (resolved.kind === "list" || resolved.kind === "map");
};
import { jsonEqual } from "./json.js";

/** How a step was written, which decides what its handle offers (`outputs`, `modelArtifacts`, ...). */
export type Method =
  | "process"
  | "evaluate"
  | "train"
  | "tune"
  | "model"
  | "register"
  | "transform"
  | "qualityCheck"
  | "clarifyCheck"
  | "emr"
  | "emrServerless"
  | "autoML"
  | "lambda"
  | "deploy"
  | "callback"
  | "endpointConfig"
  | "endpoint"
  | "inferenceComponent"
  | "lineage"
  | "when"
  | "fail"
  | "rawStep";

/** What the handle of an imported step offers to the steps after it. */
export interface HandleInfo {
  readonly type: string;
  readonly method: Method;
  /** Processing outputs declared in `outputs` (`steps.P.outputs.<name>`). */
  readonly outputs?: ReadonlySet<string>;
  /** Training metrics declared in `metrics` (`steps.T.metrics.<name>`). */
  readonly metrics?: ReadonlySet<string>;
  /** Lambda or Callback outputs (`steps.L.outputs.<name>`). */
  readonly outputParameters?: ReadonlySet<string>;
  /** Processing property files (`steps.P.propertyFiles.<name>.get(path)`). */
  readonly propertyFiles?: ReadonlySet<string>;
  /** Tuning: the JSON `steps.T.topModel(k)` starts its URI with (the training's output path). */
  readonly topModelPrefix?: unknown;
}

/** A segment of a step property path. */
export type PathSegment = { readonly member: string } | { readonly index: number } | { readonly key: string };

const SEGMENT = /^(?:\.?([^.[\]']+)|\[(\d+)\]|\['([^']*)'\])/;

/** `A.B[0]['x']` as segments; undefined when the path does not follow the grammar. */
export function pathSegments(path: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let rest = path;
  while (rest !== "") {
    const match = SEGMENT.exec(rest);
    if (match === null) return undefined;
    if (match[1] !== undefined) out.push({ member: match[1] });
    else if (match[2] !== undefined) out.push({ index: Number(match[2]) });
    else out.push({ key: match[3] ?? "" });
    rest = rest.slice(match[0].length);
  }
  return out;
}

const AUTOML_ENVIRONMENT = new Set([
  "MODEL_NAME",
  "SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT",
  "SAGEMAKER_SUBMIT_DIRECTORY",
  "SAGEMAKER_INFERENCE_SUPPORTED",
  "SAGEMAKER_INFERENCE_OUTPUT",
  "SAGEMAKER_PROGRAM",
]);

const isPrimitive = (value: unknown): boolean => typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));

/**
 * True for an expression the importer writes as code (a parameter, a handle, `join`, `jsonGet`):
 * well formed all the way down. Anything else that looks like one — `{"Get": 5}` in the free-form
 * Arguments of a Lambda step, say — is plain data, and is written as the object it is.
 */
export function isLiftable(value: unknown): value is JsonObject {
  if (!isObject(value)) return false;
  const key = onlyKey(value);
  if (key === "Get") return typeof value.Get === "string" && parseReference(value.Get) !== undefined;
  if (key === "Std:Join") {
    const join = value["Std:Join"];
    return isObject(join) && Object.keys(join).length === 2 && typeof join.On === "string" && Array.isArray(join.Values) && join.Values.every((v) => isPrimitive(v) || isLiftable(v));
  }
  if (key === "Std:JsonGet") {
    const read = value["Std:JsonGet"];
    if (!isObject(read) || Object.keys(read).length !== 2 || typeof read.Path !== "string") return false;
    const file = read.PropertyFile;
    if (isObject(file)) return onlyKey(file) === "Get" && typeof file.Get === "string" && parseReference(file.Get)?.root === "Steps";
    return isLiftable(read.S3Uri) && ("Get" in read.S3Uri || "Std:Join" in read.S3Uri);
  }
  return false;
}

/** Turns definition JSON into code: literals, and handles, parameters and functions for expressions. */
export class ValueLifter {
  constructor(
    private readonly handles: ReadonlyMap<string, HandleInfo>,
    private readonly constants: ReadonlyMap<string, string>,
    private readonly kinds: KindLookup,
  ) {}

  /** Any value of a step's Arguments or step keys. */
  value(json: unknown): Code {
    if (typeof json === "string") return this.text(json);
    if (json === null || typeof json === "number" || typeof json === "boolean") return lit(json);
    if (Array.isArray(json)) return array(json.map((item) => this.value(item)));
    if (isLiftable(json)) return this.expression(json);
    if (isObject(json)) return object(Object.entries(json).map(([key, item]) => [key, this.value(item)] as const));
    return lit(null);
  }

  /** An object as the object it is, each member as code (a step's Arguments: never one expression). */
  members(json: JsonObject): Code {
    return object(Object.entries(json).map(([key, item]) => [key, this.value(item)] as const));
  }

  /** A string literal, the constant it was hoisted into, or an S3 URI in the hoisted bucket (`` `s3://${bucket}/key` ``). */
  text(value: string): Code {
    const constant = this.constants.get(value);
    if (constant !== undefined) return name(constant);
    const bucket = bucketOf(value);
    const bucketName = bucket === undefined ? undefined : this.constants.get(bucket);
    if (bucket !== undefined && bucketName !== undefined) {
      return { kind: "template", strings: ["s3://", value.slice(`s3://${bucket}`.length)], values: [name(bucketName)] };
    }
    return lit(value);
  }

  /**
   * A value of a string-only map (hyperparameters, environment): a non-string expression wrapped in
   * `{"Std:Join": {"On": "", "Values": [x]}}` is written as `x`, which the compiler wraps again.
   */
  stringMapValue(json: unknown): Code {
    const inner = this.unwrapped(json);
    return inner === undefined ? this.value(json) : this.expression(inner);
  }

  /** The `x` of a `{"Std:Join": {"On": "", "Values": [x]}}` that string coercion makes of a non-string value. */
  unwrapped(json: unknown): JsonObject | undefined {
    if (!isObject(json) || !isObject(json["Std:Join"])) return undefined;
    const join = json["Std:Join"];
    const values = join.Values;
    if (join.On !== "" || !Array.isArray(values) || values.length !== 1 || !isLiftable(values[0]) || !isLiftable(json)) return undefined;
    const kind = valueKind(values[0], this.kinds);
    return kind === "string" || kind === "unknown" ? undefined : (values[0] as JsonObject);
  }

  /** The kind of value a JSON value resolves to. */
  kindOf(json: unknown): ReturnType<typeof valueKind> {
    return valueKind(json, this.kinds);
  }

  expression(json: JsonObject): Code {
    if (typeof json.Get === "string") return this.reference(json.Get);
    if (isObject(json["Std:Join"])) return this.join(json["Std:Join"]);
    if (isObject(json["Std:JsonGet"])) return this.jsonGet(json["Std:JsonGet"]);
    return lit(null);
  }

  /** `{"Get": ...}` as a parameter, an execution variable, or a step's handle. */
  reference(text: string): Code {
    const reference = parseReference(text);
    if (reference === undefined) return lit(null);
    switch (reference.root) {
      case "Parameters":
        return member(name("params"), reference.name);
      case "Execution":
        return member(name("execution"), reference.name);
      case "PipelineExperimentConfig":
        return member(name("experimentConfig"), reference.name);
      case "Steps":
        return this.stepProperty(reference.step, reference.property);
    }
  }

  private stepProperty(step: string, property: string): Code {
    const handle = member(name("steps"), step);
    const info = this.handles.get(step);
    const segments = pathSegments(property) ?? [];
    const shortcut = info === undefined ? undefined : this.shortcut(handle, info, segments);
    if (shortcut !== undefined) return shortcut;
    let code = member(handle, "properties");
    let path = "";
    for (const segment of segments) {
      // a list or map element by get(), typed as present; elsewhere (a JSON document) the index form
      const container = info !== undefined && !("member" in segment) && isContainer(info.type, path);
      code = "member" in segment ? member(code, segment.member) : container ? call(member(code, "get"), "index" in segment ? lit(segment.index) : lit(segment.key)) : "index" in segment ? index(code, segment.index, true) : keyed(code, segment.key);
      path += "member" in segment ? `${path === "" ? "" : "."}${segment.member}` : "index" in segment ? `[${segment.index}]` : `['${segment.key}']`;
    }
    return code;
  }

  /** The handle's shortcut for a property path, when it has one. */
  private shortcut(handle: Code, info: HandleInfo, path: readonly PathSegment[]): Code | undefined {
    const text = path.map((s) => ("member" in s ? `.${s.member}` : "index" in s ? `[${s.index}]` : `['${s.key}']`)).join("");
    const keyAt = (i: number): string | undefined => {
      const segment = path[i];
      return segment !== undefined && "key" in segment ? segment.key : undefined;
    };
    switch (info.method) {
      case "process":
      case "evaluate": {
        const output = keyAt(2);
        if (output !== undefined && info.outputs?.has(output) && text === `.ProcessingOutputConfig.Outputs['${output}'].S3Output.S3Uri`) {
          return member(member(handle, "outputs"), output);
        }
        return undefined;
      }
      case "train": {
        if (text === ".ModelArtifacts.S3ModelArtifacts") return member(handle, "modelArtifacts");
        const metric = keyAt(1);
        if (metric !== undefined && info.metrics?.has(metric) && text === `.FinalMetricDataList['${metric}'].Value`) {
          return member(member(handle, "metrics"), metric);
        }
        return undefined;
      }
      case "register":
        return text === ".ModelPackageArn" ? member(handle, "modelPackageArn") : undefined;
      case "model":
        return text === ".ModelName" ? member(handle, "modelName") : undefined;
      case "transform":
        return text === ".TransformOutput.S3OutputPath" ? member(handle, "outputPath") : undefined;
      case "endpointConfig":
        return text === ".EndpointConfigName" ? member(handle, "endpointConfigName") : undefined;
      case "inferenceComponent":
        return text === ".InferenceComponentName" ? member(handle, "inferenceComponentName") : undefined;
      case "autoML":
        return this.bestCandidate(handle, text);
      default:
        break;
    }
    const output = keyAt(1);
    if ((info.type === "Lambda" || info.type === "Callback") && output !== undefined && text === `.OutputParameters['${output}']`) {
      return info.outputParameters?.has(output) ? member(member(handle, "outputs"), output) : undefined;
    }
    return undefined;
  }

  private bestCandidate(handle: Code, text: string): Code | undefined {
    const candidate = member(handle, "bestCandidate");
    const container = ".BestCandidate.InferenceContainers[0]";
    const fixed: Readonly<Record<string, string>> = {
      ".BestCandidate.CandidateName": "name",
      [`${container}.Image`]: "image",
      [`${container}.ModelDataUrl`]: "modelDataUrl",
      ".BestCandidate.FinalAutoMLJobObjectiveMetric.Value": "objectiveMetric",
      ".BestCandidateProperties.ModelInsightsJsonReportPath": "modelInsightsReport",
      ".BestCandidateProperties.ExplainabilityJsonReportPath": "explainabilityReport",
    };
    const shortcut = fixed[text];
    if (shortcut !== undefined) return member(candidate, shortcut);
    const environment = /^\.BestCandidate\.InferenceContainers\[0\]\.Environment\['([^']*)'\]$/.exec(text)?.[1];
    return environment !== undefined && AUTOML_ENVIRONMENT.has(environment) ? member(member(candidate, "environment"), environment) : undefined;
  }

  /**
   * `{"Std:Join": ...}`: the `join` tag when the values alternate text and other values (On ""),
   * `x.asString()` for the wrapping of one non-string value, `join([...], on)` otherwise.
   */
  join(json: JsonObject): Code {
    const on = typeof json.On === "string" ? json.On : "";
    const values = Array.isArray(json.Values) ? (json.Values as unknown[]) : [];
    const top = on === "/" ? this.topModel(values) : undefined;
    if (top !== undefined) return top;
    if (on === "") {
      const inner = this.unwrapped({ "Std:Join": json });
      if (inner !== undefined) return call(member(this.expression(inner), "asString"));
      const template = this.template(values);
      if (template !== undefined) return template;
    }
    const items = array(values.map((value) => this.value(value)));
    return on === "" ? call(name("join"), items) : call(name("join"), items, lit(on));
  }

  /**
   * `steps.T.topModel(k)` (or with its location) for the URI a tuning step's k-th best model has:
   * `[...prefix, {"Get": "Steps.T.TrainingJobSummaries[k].TrainingJobName"}, "output/model.tar.gz"]` joined with "/".
   */
  private topModel(values: readonly unknown[]): Code | undefined {
    if (values.length < 3 || values.at(-1) !== "output/model.tar.gz") return undefined;
    const job = values.at(-2);
    const reference = isObject(job) && typeof job.Get === "string" ? parseReference(job.Get) : undefined;
    if (reference?.root !== "Steps") return undefined;
    const k = /^TrainingJobSummaries\[(\d+)\]\.TrainingJobName$/.exec(reference.property)?.[1];
    const info = this.handles.get(reference.step);
    if (k === undefined || info?.method !== "tune" || Number(k) > 49) return undefined;
    const prefix = values.slice(0, -2);
    const handle = member(name("steps"), reference.step);
    const topModel = (...location: Code[]) => call(member(handle, "topModel"), lit(Number(k)), ...location);
    if (prefix.length === 1 && info.topModelPrefix !== undefined && jsonEqual(prefix[0], info.topModelPrefix)) return topModel();
    if (prefix[0] === "s3:/" && (prefix.length === 2 || (prefix.length === 3 && prefix[2] !== ""))) {
      return topModel(object([["bucket", this.value(prefix[1])], ["prefix", prefix.length === 3 ? this.value(prefix[2]) : undefined]]));
    }
    if (prefix.length === 1 && !(typeof prefix[0] === "string" && prefix[0].endsWith("/"))) return topModel(object([["outputPath", this.value(prefix[0])]]));
    return undefined;
  }

  private template(values: readonly unknown[]): Code | undefined {
    const strings: string[] = [""];
    const parts: Code[] = [];
    let textLast = false;
    for (const value of values) {
      if (typeof value === "string") {
        // two texts in a row, or an empty one, would not come back as they are
        if (textLast || value === "" || this.constants.has(value)) return undefined;
        strings[strings.length - 1] += value;
        textLast = true;
      } else {
        parts.push(this.value(value));
        strings.push("");
        textLast = false;
      }
    }
    if (parts.length === 0) return undefined;
    return { kind: "tagged", tag: name("join"), strings, values: parts };
  }

  /** `{"Std:JsonGet": ...}`: a property file's `get(path)`, or `jsonGet({ s3Uri, path })`. */
  jsonGet(json: JsonObject): Code {
    const path = typeof json.Path === "string" ? json.Path : "";
    const file = isObject(json.PropertyFile) && typeof json.PropertyFile.Get === "string" ? parseReference(json.PropertyFile.Get) : undefined;
    if (file?.root === "Steps") {
      const fileName = /^PropertyFiles\.(.+)$/.exec(file.property)?.[1];
      if (fileName !== undefined && this.handles.get(file.step)?.propertyFiles?.has(fileName)) {
        return call(member(member(member(member(name("steps"), file.step), "propertyFiles"), fileName), "get"), lit(path));
      }
    }
    return call(name("jsonGet"), object([["s3Uri", this.value(json.S3Uri)], ["path", lit(path)]]));
  }
}
