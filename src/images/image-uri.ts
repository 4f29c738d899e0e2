import { brotliDecompressSync } from "node:zlib";
import { checkOptions, optionShape } from "../options.js";
import { SagepipeError } from "../errors.js";
import { IMAGE_URI_DATA, type ImageScopes, type ImageVersions } from "./image-uri-data.js";

/** A framework, algorithm or tool with a prebuilt SageMaker image: `"sklearn"`, `"xgboost"`, `"pytorch"`, `"model-monitor"`, `"clarify"`, ... */
export type ImageFramework = keyof ImageVersions;

/** What identifies a prebuilt image: as the Python SDK's `image_uris.retrieve` takes it. */
export interface ImageUriOptions<F extends ImageFramework = ImageFramework> {
  /** The framework or algorithm, e.g. `"sklearn"`, `"xgboost"`, `"pytorch"`, `"huggingface"`, `"linear-learner"`, `"model-monitor"`, `"clarify"`. */
  readonly framework: F;
  /** The AWS region the image is pulled in, e.g. `"us-east-1"`. */
  readonly region: string;
  /**
   * The framework or algorithm version (or a version alias, e.g. PyTorch `"2.3"` for `"2.3.0"`).
   * @default the only version, where there is one (model-monitor, clarify, built-in algorithms)
   */
  readonly version?: ImageVersions[F];
  /**
   * What the image is for: `"training"`, `"inference"`, `"processing"`, ...
   * @default the only scope where there is one; `"training"` for sklearn and xgboost (same images)
   */
  readonly scope?: ImageScopes[F];
  /** The instance type the image runs on: picks the CPU or GPU image (or Graviton, Inferentia, Trainium). */
  readonly instanceType?: string;
  /** The Python version, e.g. `"py3"`, `"py310"`. @default the only one, where there is one */
  readonly pyVersion?: string;
  /** The image's container version, where the table does not fix it (e.g. `"cu118-ubuntu20.04"`). */
  readonly containerVersion?: string;
  /** Hugging Face: the PyTorch or TensorFlow version under transformers, e.g. `"pytorch2.1.0"` (or `"pytorch2.1"`). */
  readonly baseFrameworkVersion?: string;
  /** `"neuron"` or `"neuronx"` (Inferentia/Trainium images); set from `inf*`/`trn*` instance types for PyTorch and Hugging Face. */
  readonly inferenceTool?: "neuron" | "neuronx";
  /** The Neuron SDK version of a Neuron image. @default the latest the table lists */
  readonly sdkVersion?: string;
  /** The SageMaker Training Compiler image (PyTorch, Hugging Face). */
  readonly trainingCompiler?: boolean;
  /** The job uses smdistributed (data or model parallelism): old images get their CUDA 11 container, as the SDK picks. */
  readonly smdistributed?: boolean;
}

/** The option of {@link imageUri} an {@link ImageUriError} is about. */
export type ImageUriOption =
  | "framework"
  | "version"
  | "scope"
  | "region"
  | "pyVersion"
  | "instanceType"
  | "baseFrameworkVersion"
  | "sdkVersion";

/**
 * No prebuilt image matches: `option` names the option at fault and `valid` lists what it may be
 * (in this combination), as the message does.
 *
 * @example
 * ```ts
 * try { imageUri({ framework: "sklearn", version: "9.9-9" as never, region }) }
 * catch (e) { if (e instanceof ImageUriError) e.valid } // ["0.20.0", "0.23-1", "1.0-1", "1.2-1", ...]
 * ```
 */
export class ImageUriError extends SagepipeError {
  constructor(
    readonly option: ImageUriOption,
    readonly valid: readonly string[],
    message: string,
  ) {
    super("unsupported-image", message);
    this.name = "ImageUriError";
  }
}

interface Leaf {
  readonly registries: number;
  readonly repository: string;
  readonly processors?: readonly string[];
  readonly py_versions?: readonly string[];
  readonly container_version?: Readonly<Record<string, string>>;
  readonly tag_prefix?: string;
  readonly sdk_versions?: readonly string[];
}
type VersionNode = Leaf | { readonly [key: string]: unknown };
interface ScopeConfig {
  readonly scope?: readonly string[];
  readonly processors?: readonly string[];
  readonly version_aliases?: Readonly<Record<string, string>>;
  readonly versions: Readonly<Record<string, VersionNode>>;
}
interface Table {
  readonly regions: readonly string[];
  readonly accounts: readonly string[];
  readonly registries: readonly (readonly number[])[];
  readonly frameworks: Readonly<Record<string, ScopeConfig | Readonly<Record<string, ScopeConfig>>>>;
}

let table: Table | undefined;
let regionIndex: Map<string, number> | undefined;
const load = (): Table => (table ??= JSON.parse(brotliDecompressSync(Buffer.from(IMAGE_URI_DATA, "base64")).toString("utf8")) as Table);

// Facts from the Python SDK v2.257.6 (`sagemaker/fw_utils.py`, `sagemaker/image_uris.py`, `sagemaker/utils.py`).
const GRAVITON_FAMILIES = ["m6g", "m6gd", "c6g", "c6gd", "c6gn", "c7g", "r6g", "r6gd"];
const GRAVITON_FRAMEWORKS = new Set(["tensorflow", "pytorch", "xgboost", "sklearn"]);
const GRAVITON_TAGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  xgboost: { "1.5-1": "1.5-1-arm64", "1.3-1": "1.3-1-arm64" },
  sklearn: { "1.0-1": "1.0-1-arm64-cpu-py3" },
};
const NEURON_SDK_REPOSITORIES = new Set(["pytorch-training-neuron", "pytorch-training-neuronx", "huggingface-vllm-inference-neuronx"]);
const HUGGING_FACE_NEURON_REPOSITORIES = new Set(["huggingface-pytorch-inference-neuron", "huggingface-pytorch-inference-neuronx"]);
const HUGGING_FACE_TRCOMP_REPOSITORIES = new Set(["huggingface-pytorch-trcomp-training", "huggingface-tensorflow-trcomp-training"]);
/** Images whose GPU tag needs its CUDA 11 container on p4d or with smdistributed. */
const AUTO_CONTAINER_VERSIONS: Readonly<Record<string, string>> = {
  "tensorflow-2.3-gpu-py37": "cu110-ubuntu18.04-v3",
  "tensorflow-2.3.1-gpu-py37": "cu110-ubuntu18.04",
  "tensorflow-2.3.2-gpu-py37": "cu110-ubuntu18.04",
  "tensorflow-1.15-gpu-py37": "cu110-ubuntu18.04-v8",
  "tensorflow-1.15.4-gpu-py37": "cu110-ubuntu18.04",
  "tensorflow-1.15.5-gpu-py37": "cu110-ubuntu18.04",
  "mxnet-1.8-gpu-py37": "cu110-ubuntu16.04-v1",
  "mxnet-1.8.0-gpu-py37": "cu110-ubuntu16.04",
  "pytorch-1.6-gpu-py36": "cu110-ubuntu18.04-v3",
  "pytorch-1.6.0-gpu-py36": "cu110-ubuntu18.04",
  "pytorch-1.6-gpu-py3": "cu110-ubuntu18.04-v3",
  "pytorch-1.6.0-gpu-py3": "cu110-ubuntu18.04",
};
/** ECR's DNS suffix outside the `aws` partition (botocore's endpoint data). */
const PARTITION_DOMAINS: readonly (readonly [prefix: string, domain: string])[] = [
  ["cn-", "amazonaws.com.cn"],
  ["us-isob-", "sc2s.sgov.gov"],
  ["us-isof-", "csp.hci.ic.gov"],
  ["us-iso-", "c2s.ic.gov"],
  ["eu-isoe-", "cloud.adc-e.uk"],
  ["eusc-", "amazonaws.eu"],
];

/** @internal The instance family: `ml.p3.2xlarge` → `p3`, `ml_c5` → `c5` (the SDK's `get_instance_type_family`). */
export function instanceFamily(instanceType: string | undefined): string {
  if (instanceType === undefined) return "";
  return /^ml[._]([a-z\d-]+)\.?\w*$/.exec(instanceType)?.[1] ?? "";
}

const listOf = (values: readonly string[]) => (values.length === 0 ? "none" : values.join(", "));

const OPTION_NAMES: Readonly<Record<ImageUriOption, string>> = {
  framework: "framework",
  version: "version",
  scope: "image scope",
  region: "region",
  pyVersion: "Python version",
  instanceType: "instance type",
  baseFrameworkVersion: "base framework version",
  sdkVersion: "Neuron SDK version",
};

/** Throws for an option the table does not have: `subject` says which image was looked up. */
function reject(option: ImageUriOption, given: string | undefined, valid: readonly string[], subject: string): never {
  throw new ImageUriError(
    option,
    valid,
    given === undefined
      ? `imageUri: ${subject} needs \`${option}\` (${OPTION_NAMES[option]}): one of ${listOf(valid)}`
      : `imageUri: ${subject} has no ${OPTION_NAMES[option]} "${given}" (\`${option}\`); valid: ${listOf(valid)}`,
  );
}

/** Orders dotted versions by their numbers (`"1.10" > "1.9"`), for the checks that compare versions. */
function versionAtLeast(version: string, floor: string): boolean {
  const parts = (v: string) => v.split(/[^\d]+/).filter((p) => p !== "").map(Number);
  const a = parts(version);
  const b = parts(floor);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

function processorOf(instanceType: string | undefined, available: readonly string[] | undefined, subject: string): string | undefined {
  if (available === undefined || available.length === 0) return undefined;
  if (instanceType === undefined) {
    if (available.length === 1) return available[0];
    throw new ImageUriError("instanceType", [], `imageUri: ${subject} needs \`instanceType\` to choose between its processor types ${listOf(available)}`);
  }
  let processor: string;
  if (instanceType.startsWith("local")) processor = instanceType === "local" ? "cpu" : "gpu";
  else if (instanceType.startsWith("neuron")) processor = "neuron";
  else {
    const family = instanceFamily(instanceType);
    if (family === "") {
      throw new ImageUriError("instanceType", [], `imageUri: "${instanceType}" is not a SageMaker instance type (ml.<family>.<size>, e.g. ml.m5.xlarge)`);
    }
    if (available.includes(family)) processor = family;
    else if (family.startsWith("inf")) processor = "inf";
    else if (family.startsWith("trn")) processor = "trn";
    else if (family.startsWith("g") || family.startsWith("p")) processor = "gpu";
    else processor = "cpu";
  }
  if (!available.includes(processor)) {
    throw new ImageUriError("instanceType", available, `imageUri: instance type "${instanceType}" needs a ${processor} image, and ${subject} has only ${listOf(available)}`);
  }
  return processor;
}

function ecrHost(region: string): string {
  const domain = PARTITION_DOMAINS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "amazonaws.com";
  return `ecr.${region}.${domain}`;
}

function registryAccount(data: Table, registry: number, region: string, subject: string): string {
  regionIndex ??= new Map(data.regions.map((r, i) => [r, i]));
  const accounts = data.registries[registry] ?? [];
  const index = regionIndex.get(region);
  const account = index === undefined ? undefined : data.accounts[accounts[index] ?? -1];
  if (account === undefined) {
    const available = data.regions.filter((_, i) => (accounts[i] ?? -1) >= 0);
    return reject("region", region, available, subject);
  }
  return account;
}

const isLeaf = (node: unknown): node is Leaf => typeof node === "object" && node !== null && "repository" in node;


const IMAGE_URI_OPTIONS = optionShape<ImageUriOptions<ImageFramework>>({
  framework: true, region: true, version: true, scope: true, instanceType: true, pyVersion: true, containerVersion: true, baseFrameworkVersion: true,
  inferenceTool: true, sdkVersion: true, trainingCompiler: true, smdistributed: true,
});
/**
 * The ECR URI of a prebuilt SageMaker image — a framework container (scikit-learn, XGBoost,
 * PyTorch, TensorFlow, Hugging Face, MXNet, ...), a built-in algorithm (linear-learner, kmeans,
 * ...), or a tool (model-monitor, clarify, debugger, ...) — as the Python SDK v2's
 * `image_uris.retrieve` builds it, from the SDK's own table of registries, versions, Python versions
 * and processor types (`IMAGE_URI_SOURCE` names the SDK version). A combination the table does not
 * have is an {@link ImageUriError} listing the valid values.
 *
 * Differences from the SDK, on purpose: a version or scope that does not exist is an error even
 * when the SDK would quietly use the only one there is, and a framework with several versions
 * needs `version` (the SDK picks the latest, which changes the image when the table changes).
 *
 * @example
 * ```ts
 * imageUri({ framework: "sklearn", version: "1.2-1", region: "us-east-1" })
 * // "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
 * imageUri({ framework: "pytorch", version: "2.3", scope: "training", pyVersion: "py311", instanceType: "ml.g5.xlarge", region: "eu-west-1" })
 * // "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3-gpu-py311"
 * ```
 */
export function imageUri<const F extends ImageFramework>(options: ImageUriOptions<F>): string {
  // a misspelt instanceType would pick the CPU image without a word
  checkOptions("imageUri", options, IMAGE_URI_OPTIONS);
  const data = load();
  const framework: string = options.framework;
  const { region, instanceType } = options;
  if (typeof framework !== "string" || !Object.hasOwn(data.frameworks, framework)) {
    return reject("framework", String(framework), Object.keys(data.frameworks), "the image table");
  }
  if (typeof region !== "string" || region === "") return reject("region", undefined, data.regions, framework);
  if (framework === "sagemaker-base-python") return baseImage(data, region, options.pyVersion);
  const family = instanceFamily(instanceType);

  let configName = framework;
  let scope: string | undefined = options.scope;
  let inferenceTool: string | undefined = options.inferenceTool;
  if (options.trainingCompiler === true && (framework === "huggingface" || framework === "pytorch")) {
    configName = `${framework}-training-compiler`;
  } else {
    if (framework === "huggingface" || framework === "pytorch") {
      if (inferenceTool === undefined && (family.startsWith("inf") || family.startsWith("trn"))) inferenceTool = "neuron";
      if (inferenceTool === "neuron" || inferenceTool === "neuronx") configName = `${framework}-${inferenceTool}`;
    }
    if (GRAVITON_FRAMEWORKS.has(framework) && GRAVITON_FAMILIES.includes(family)) scope = "inference_graviton";
    else if (scope === undefined && (framework === "xgboost" || framework === "sklearn")) scope = "training";
    if (instanceType?.includes("trn") === true && framework !== "pytorch") {
      throw new ImageUriError("framework", ["pytorch"], `imageUri: Trainium instances (${instanceType}) run only pytorch images, not ${framework}`);
    }
    if (GRAVITON_FAMILIES.includes(family) && !GRAVITON_FRAMEWORKS.has(framework)) {
      throw new ImageUriError("framework", [...GRAVITON_FRAMEWORKS], `imageUri: Graviton instances (${instanceType}) run only ${[...GRAVITON_FRAMEWORKS].join(", ")} images, not ${framework}`);
    }
  }
  const fileConfig = data.frameworks[configName];
  if (fileConfig === undefined) return reject("framework", configName, Object.keys(data.frameworks), `the image table (${framework} with its inference tool or compiler)`);

  // The scope's configuration.
  const scoped = "versions" in fileConfig && "scope" in fileConfig ? (fileConfig as ScopeConfig) : undefined;
  const scopes = scoped?.scope ?? Object.keys(fileConfig);
  if (scopes.length === 1 && scope === undefined) scope = scopes[0];
  if (scope === undefined && scoped !== undefined && scopes.length === 2 && scopes.includes("training") && scopes.includes("inference")) scope = scopes[0];
  if (scope === undefined || !scopes.includes(scope)) return reject("scope", scope, scopes, configName);
  const config = scoped ?? (fileConfig as Readonly<Record<string, ScopeConfig>>)[scope];
  if (config === undefined) return reject("scope", scope, scopes, configName);

  // The version.
  const versions = Object.keys(config.versions);
  const aliases = config.version_aliases ?? {};
  let version: string | undefined = options.version;
  if (version === undefined) {
    if (versions.length !== 1) return reject("version", undefined, [...versions, ...Object.keys(aliases)], `${configName} (${scope})`);
    version = versions[0]!;
  }
  const versionKey = Object.hasOwn(aliases, version) ? aliases[version]! : version;
  let node: unknown = Object.hasOwn(config.versions, versionKey) ? config.versions[versionKey] : undefined;
  if (node === undefined) return reject("version", version, [...versions, ...Object.keys(aliases)], `${configName} (${scope})`);

  // Hugging Face: the PyTorch or TensorFlow version underneath.
  let base: string | undefined;
  if (framework === "huggingface") {
    const nested = node as Readonly<Record<string, unknown>>;
    const baseAliases = (nested.version_aliases ?? {}) as Readonly<Record<string, string>>;
    const bases = Object.keys(nested).filter((key) => key !== "version_aliases");
    const given = options.baseFrameworkVersion;
    base = given === undefined ? undefined : Object.hasOwn(baseAliases, given) ? baseAliases[given] : given;
    if (base === undefined || !bases.includes(base)) {
      return reject("baseFrameworkVersion", given, [...bases, ...Object.keys(baseAliases)], `huggingface ${version} (${scope}; the PyTorch or TensorFlow version under transformers)`);
    }
    node = nested[base];
  }

  // The Python version.
  const pyVersions = isLeaf(node) ? (node.py_versions ?? []) : Object.keys(node as object);
  let pyVersion: string | undefined = options.pyVersion;
  if (pyVersions.length === 0) pyVersion = undefined;
  else if (pyVersion === undefined && framework === "spark") pyVersion = undefined;
  else if (pyVersion === undefined && pyVersions.length === 1) pyVersion = pyVersions[0];
  else if (pyVersion === undefined || !pyVersions.includes(pyVersion)) return reject("pyVersion", pyVersion, pyVersions, `${configName} ${version} (${scope})`);
  if (!isLeaf(node)) node = pyVersion === undefined ? undefined : (node as Readonly<Record<string, unknown>>)[pyVersion];
  if (!isLeaf(node)) throw new ImageUriError("version", [], `imageUri: the table has no image for ${configName} ${version} ${pyVersion ?? ""}`.trimEnd());
  const leaf = node;

  const subject = `${configName} ${version}${pyVersion === undefined ? "" : ` ${pyVersion}`} (${scope})`;
  const account = registryAccount(data, leaf.registries, region, subject);
  let repository = leaf.repository;
  const processor = processorOf(instanceType, config.processors ?? leaf.processors, subject);
  let containerVersion = options.containerVersion;
  if (leaf.container_version !== undefined) containerVersion = processor === undefined ? undefined : leaf.container_version[processor];

  if (NEURON_SDK_REPOSITORIES.has(repository)) containerVersion = `${neuronSdk(leaf, options.sdkVersion)}-${containerVersion ?? ""}`;

  let tagPrefix: string;
  if (framework === "huggingface" && base !== undefined) {
    // The tag takes the base version as given (`pytorch1.7` → `1.7`), not as aliased.
    let frameworkPart = /^(pytorch|tensorflow)(.*)$/.exec(options.baseFrameworkVersion ?? base)?.[2] ?? "";
    let transformers = options.version ?? version;
    if (HUGGING_FACE_TRCOMP_REPOSITORIES.has(repository)) transformers = version;
    if (HUGGING_FACE_NEURON_REPOSITORIES.has(repository)) {
      containerVersion = `${neuronSdk(leaf, options.sdkVersion)}-${containerVersion ?? ""}`;
      if (Object.hasOwn(aliases, transformers)) transformers = aliases[transformers]!;
      const nested = config.versions[transformers] as Readonly<Record<string, unknown>> | undefined;
      const aliased = ((nested?.version_aliases ?? {}) as Readonly<Record<string, string>>)[options.baseFrameworkVersion ?? ""];
      if (aliased !== undefined) frameworkPart = /^(pytorch|tensorflow)(.*)$/.exec(aliased)?.[2] ?? frameworkPart;
    }
    tagPrefix = `${frameworkPart}-transformers${transformers}`;
  } else {
    tagPrefix = leaf.tag_prefix ?? version;
  }

  if (repository === `${framework}-inference-graviton`) containerVersion = `${containerVersion ?? ""}-sagemaker`;
  if (family === "p2" && ((framework === "pytorch" && versionAtLeast(version, "1.13")) || (framework === "tensorflow" && versionAtLeast(version, "2.12")))) {
    throw new ImageUriError("instanceType", [], `imageUri: P2 instances are not supported from PyTorch 1.13 and TensorFlow 2.12 on (${framework} ${version} on ${instanceType})`);
  }

  let tag: string;
  const format = () => [tagPrefix, inferenceTool ?? processor, pyVersion, containerVersion].filter((part) => part !== undefined && part !== "").join("-");
  if (framework === "xgboost" || framework === "sklearn") {
    if (family !== "" && scope === "inference_graviton" && !GRAVITON_FAMILIES.includes(family)) {
      throw new ImageUriError("instanceType", GRAVITON_FAMILIES, `imageUri: the Graviton image of ${framework} needs a Graviton instance (${GRAVITON_FAMILIES.join(", ")}), not ${instanceType}`);
    }
    if (GRAVITON_FAMILIES.includes(family) || scope === "inference_graviton") {
      const arm = GRAVITON_TAGS[framework]?.[version];
      if (arm === undefined) return reject("version", version, Object.keys(GRAVITON_TAGS[framework] ?? {}), `${framework} on Graviton (${instanceType ?? scope})`);
      tag = arm;
    } else {
      tag = format();
    }
  } else {
    tag = format();
    if (instanceType !== undefined && (family === "p4d" || options.smdistributed === true)) {
      const auto = AUTO_CONTAINER_VERSIONS[`${framework}-${tag}`];
      if (auto !== undefined) tag = `${tag}-${auto}`;
    }
  }
  if (framework === "sagemaker-tritonserver" && processor === "gpu") tag = tag.replace(/[-gpu]+$/, "");
  if (tag !== "") repository += `:${tag}`;
  return `${account}.dkr.${ecrHost(region)}/${repository}`;
}

function neuronSdk(leaf: Leaf, given: string | undefined): string {
  const available = leaf.sdk_versions ?? [];
  if (given !== undefined) {
    if (available.length > 0 && !available.includes(given)) return reject("sdkVersion", given, available, leaf.repository);
    return given;
  }
  // The SDK takes the greatest by plain string order.
  const latest = [...available].sort().at(-1);
  if (latest === undefined) throw new ImageUriError("sdkVersion", [], "imageUri: give sdkVersion: the table lists no Neuron SDK version for this image");
  return latest;
}

/** `sagemaker-base-python-<py>:1.0` (the SDK's `get_base_python_image_uri`). */
function baseImage(data: Table, region: string, pyVersion: string | undefined): string {
  const config = data.frameworks["sagemaker-base-python"] as unknown as { readonly versions: Readonly<Record<string, Leaf>> };
  const leaf = config.versions["1.0"];
  if (leaf === undefined) throw new ImageUriError("version", [], "imageUri: the table has no sagemaker-base-python 1.0");
  const py = pyVersion ?? "310";
  if (py !== "310" && py !== "38") return reject("pyVersion", py, ["310", "38"], "sagemaker-base-python");
  return `${registryAccount(data, leaf.registries, region, "sagemaker-base-python")}.dkr.${ecrHost(region)}/${leaf.repository}-${py}:1.0`;
}
