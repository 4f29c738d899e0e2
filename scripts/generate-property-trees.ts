/**
 * Generates src/definition/properties/property-trees.json: what `{"Get": "Steps.<step>.<path>"}`
 * can reach for each step `Type`, read offline from the runtime schemas of the installed AWS SDK
 * JS v3 clients (the Python SDK builds the same trees from botocore shapes).
 *
 * Run: `npx jiti scripts/generate-property-trees.ts`
 *
 * Schema encoding read here (see @smithy/core/schema `NormalizedSchema`):
 * - a number is a simple type: 0 string, 1 number, 2 boolean, 4–7 timestamp, 15 document,
 *   17/19 big number, 21/42 blob; `64 | x` is a list of x, `128 | x` a map of x;
 * - `[3 | -3 | 4, namespace, name, traits, memberNames, memberSchemas]` is a structure
 *   (-3 an error, 4 a union), `[1, ns, name, traits, member]` a list,
 *   `[2, ns, name, traits, key, value]` a map, `[0, ns, name, traits, schema]` a named simple type;
 * - `[schema, traits]` is a member schema; a function is a lazy reference to a schema.
 *
 * Output format (read by resolve-property-path.ts):
 * - `roots[stepType]`: the shapes whose members the step's properties merge (later ones win);
 * - `shapes[name]`: `{ member: Ref }`; a Ref is a leaf code (`s` string, `n` number, `b` boolean,
 *   `t` timestamp, `d` document), a shape name, or `["list" | "map" | "named", Ref]`
 *   (`named`: members named by the user, reached with `.Name`, such as `PropertyFiles`).
 * Shapes of other services than SageMaker are prefixed with the service (`emr:Step`); shapes
 * made up here (not from an AWS model) start with `@`.
 */
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

type Ref = string | [kind: "list" | "map" | "named", of: Ref];
type Members = Record<string, Ref>;

const require = createRequire(import.meta.url);
const OUTPUT = fileURLToPath(new URL("../src/definition/properties/property-trees.json", import.meta.url));

interface Service {
  /** npm package of the client. */
  readonly pkg: string;
  /** Prefix of its shape names in the output (`""` for SageMaker). */
  readonly prefix: string;
  /** Renames members (Bedrock properties are PascalCase, the API is camelCase). */
  readonly rename: (member: string) => string;
}

const SERVICES = {
  sagemaker: { pkg: "@aws-sdk/client-sagemaker", prefix: "", rename: (m: string) => m },
  emr: { pkg: "@aws-sdk/client-emr", prefix: "emr:", rename: (m: string) => m },
  // PY3 `emr_serverless_step.py` uses the botocore shape as is, so its members stay camelCase.
  emrServerless: { pkg: "@aws-sdk/client-emr-serverless", prefix: "emr-serverless:", rename: (m: string) => m },
  bedrock: {
    pkg: "@aws-sdk/client-bedrock",
    prefix: "bedrock:",
    rename: (m: string) => m.charAt(0).toUpperCase() + m.slice(1),
  },
} as const satisfies Record<string, Service>;
type ServiceId = keyof typeof SERVICES;

/** The schema exports of each client's CommonJS entry (`<Shape>$`; the package has no exports map). */
const modules = new Map<ServiceId, Record<string, unknown>>();
function schemaOf(service: ServiceId, shape: string): unknown {
  let mod = modules.get(service);
  if (!mod) {
    mod = require(SERVICES[service].pkg) as Record<string, unknown>;
    modules.set(service, mod);
  }
  const schema = mod[`${shape}$`];
  if (!Array.isArray(schema)) throw new Error(`${SERVICES[service].pkg} exports no schema ${shape}$`);
  return schema;
}

const shapes: Record<string, Members> = {};
const origin = new Map<string, unknown>();

function leaf(code: number, where: string): Ref {
  if (code === 0 || code === 21 || code === 42) return "s";
  if (code === 1 || code === 17 || code === 19) return "n";
  if (code === 2) return "b";
  if (code >= 4 && code <= 7) return "t";
  if (code === 15) return "d";
  throw new Error(`unknown simple schema ${code} at ${where}`);
}

/** The Ref of a schema, adding the structures it reaches to `shapes`. */
function refOf(service: ServiceId, input: unknown, where: string): Ref {
  const schema = typeof input === "function" ? (input as () => unknown)() : input;
  if (typeof schema === "number") {
    if (schema >= 128) return ["map", leaf(schema & 0b0011_1111, where)];
    if (schema >= 64) return ["list", leaf(schema & 0b0011_1111, where)];
    return leaf(schema, where);
  }
  if (!Array.isArray(schema)) throw new Error(`unknown schema ${String(schema)} at ${where}`);
  if (schema.length === 2) return refOf(service, schema[0], where);
  const [type, , name] = schema as [number, string, string];
  switch (type) {
    case 0:
      return refOf(service, schema[4], `${where}<${name}>`);
    case 1:
      return ["list", refOf(service, schema[4], `${where}[]`)];
    case 2:
      return ["map", refOf(service, schema[5], `${where}{}`)];
    case 3:
    case -3:
    case 4:
      return structure(service, schema, name);
    default:
      throw new Error(`unknown schema type ${type} at ${where}`);
  }
}

function structure(service: ServiceId, schema: unknown[], name: string): string {
  const key = SERVICES[service].prefix + name;
  const seen = origin.get(key);
  if (seen === schema) return key;
  if (seen !== undefined || key.length < 2) throw new Error(`shape name ${key} is ambiguous`);
  origin.set(key, schema);
  const members: Members = {};
  shapes[key] = members; // registered before recursing: shapes may be recursive
  const names = schema[4] as string[];
  const types = schema[5] as unknown[];
  names.forEach((member, i) => {
    members[SERVICES[service].rename(member)] = refOf(service, types[i], `${key}.${member}`);
  });
  return key;
}

function aws(service: ServiceId, shape: string): string {
  return refOf(service, schemaOf(service, shape), shape) as string;
}

/** A shape made up here; its name starts with `@`. */
function synthetic(name: string, members: Members): string {
  const key = `@${name}`;
  shapes[key] = members;
  return key;
}

/** Only the listed members of an AWS shape (PY2 `bedrock_steps.py` fixed field lists). */
function pick(name: string, service: ServiceId, shape: string, fields: readonly string[]): string {
  const all = shapes[aws(service, shape)] ?? {};
  return synthetic(name, Object.fromEntries(fields.map((f) => [f, all[f] ?? "s"])));
}

const strings = (...names: string[]): Members => Object.fromEntries(names.map((n) => [n, "s"]));

const outputParameters = synthetic("OutputParameters", { OutputParameters: ["map", "s"] });

const roots: Record<string, string[]> = {
  Training: [aws("sagemaker", "DescribeTrainingJobResponse")],
  Processing: [
    aws("sagemaker", "DescribeProcessingJobResponse"),
    synthetic("Processing", { PropertyFiles: ["named", synthetic("PropertyFile", {})] }),
  ],
  Transform: [aws("sagemaker", "DescribeTransformJobResponse")],
  Tuning: [
    aws("sagemaker", "DescribeHyperParameterTuningJobResponse"),
    aws("sagemaker", "ListTrainingJobsForHyperParameterTuningJobResponse"),
  ],
  Model: [aws("sagemaker", "DescribeModelOutput")],
  RegisterModel: [aws("sagemaker", "DescribeModelPackageOutput")],
  Condition: [synthetic("Condition", strings("Outcome"))],
  Fail: [],
  Lambda: [outputParameters],
  Callback: [outputParameters],
  QualityCheck: [
    synthetic(
      "QualityCheck",
      strings(
        "CalculatedBaselineConstraints",
        "CalculatedBaselineStatistics",
        "BaselineUsedForDriftCheckStatistics",
        "BaselineUsedForDriftCheckConstraints",
      ),
    ),
  ],
  ClarifyCheck: [
    synthetic("ClarifyCheck", strings("CalculatedBaselineConstraints", "BaselineUsedForDriftCheckConstraints")),
  ],
  EMR: [aws("emr", "Step"), synthetic("EMR", strings("ClusterId"))],
  EMRServerless: [aws("emrServerless", "GetJobRunResponse")],
  AutoML: [
    aws("sagemaker", "DescribeAutoMLJobResponse"),
    synthetic("AutoML", {
      BestCandidateProperties: synthetic(
        "AutoMLBestCandidateProperties",
        strings("ModelInsightsJsonReportPath", "ExplainabilityJsonReportPath"),
      ),
    }),
  ],
  EndpointConfig: [aws("sagemaker", "DescribeEndpointConfigOutput")],
  Endpoint: [aws("sagemaker", "DescribeEndpointOutput")],
  InferenceComponent: [aws("sagemaker", "DescribeInferenceComponentOutput")],
  Lineage: [
    synthetic("Lineage", {
      ActionArns: ["map", "s"],
      ArtifactArns: ["map", "s"],
      ContextArns: ["map", "s"],
      // PY2 `lineage_step.py` exposes it without a shape: nothing below it is known.
      Associations: synthetic("LineageAssociations", {}),
    }),
  ],
  // Field lists of PY2 `bedrock_steps.py`; types from the matching Bedrock Get* response.
  BedrockCustomModel: [
    pick("BedrockCustomModel", "bedrock", "GetCustomModelResponse", [
      "ModelArn", "ModelName", "JobArn", "JobName", "BaseModelArn", "CustomizationType", "ModelKmsKeyArn",
      "HyperParameters", "TrainingDataConfig", "ValidationDataConfig", "OutputDataConfig", "TrainingMetrics",
      "ValidationMetrics", "CreationTime", "CustomizationConfig", "ModelStatus", "FailureMessage",
    ]),
  ],
  BedrockCustomModelDeployment: [
    pick("BedrockCustomModelDeployment", "bedrock", "GetCustomModelDeploymentResponse", [
      "ModelDeploymentArn", "ModelDeploymentName", "ModelArn", "CreatedAt", "Status", "FailureMessage",
      "Description", "Tags",
    ]),
  ],
  BedrockModelImport: [
    pick("BedrockModelImport", "bedrock", "GetModelImportJobResponse", [
      "JobArn", "JobName", "ImportedModelName", "ImportedModelArn", "RoleArn", "ModelDataSource", "Status",
      "FailureMessage", "CreationTime", "LastModifiedTime", "EndTime", "VpcConfig", "ImportedModelKmsKeyArn",
    ]),
  ],
  BedrockProvisionedModelThroughput: [
    pick("BedrockProvisionedModelThroughput", "bedrock", "GetProvisionedModelThroughputResponse", [
      "ModelUnits", "DesiredModelUnits", "ProvisionedModelName", "ProvisionedModelArn", "ModelArn",
      "DesiredModelArn", "FoundationModelArn", "Status", "CreationTime", "LastModifiedTime", "FailureMessage",
      "CommitmentDuration", "CommitmentExpirationTime",
    ]),
  ],
};

/** Keeps only the shapes reachable from the roots (the Bedrock responses were read whole). */
function reachable(): Record<string, Members> {
  const keep = new Set<string>();
  const visit = (ref: Ref): void => {
    if (Array.isArray(ref)) return visit(ref[1]);
    const members = shapes[ref];
    if (!members || keep.has(ref)) return;
    keep.add(ref);
    Object.values(members).forEach(visit);
  };
  Object.values(roots).flat().forEach(visit);
  return Object.fromEntries([...keep].sort().map((name) => [name, shapes[name] ?? {}]));
}

function version(service: ServiceId): string {
  const pkg = require(`${SERVICES[service].pkg}/package.json`) as { version: string };
  return `${SERVICES[service].pkg}@${pkg.version}`;
}

const kept = reachable();
const json = (value: unknown): string => JSON.stringify(value);
const lines = [
  "{",
  `"generatedBy": ${json("scripts/generate-property-trees.ts (do not edit by hand)")},`,
  `"sources": ${json((Object.keys(SERVICES) as ServiceId[]).map(version))},`,
  `"roots": {\n${Object.entries(roots).map(([type, parts]) => `${json(type)}: ${json(parts)}`).join(",\n")}\n},`,
  `"shapes": {\n${Object.entries(kept).map(([name, members]) => `${json(name)}: ${json(members)}`).join(",\n")}\n}`,
  "}",
];
writeFileSync(OUTPUT, `${lines.join("\n")}\n`);
process.stdout.write(`wrote ${OUTPUT}: ${Object.keys(kept).length} shapes\n`);
