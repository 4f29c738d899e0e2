import type { CreateProcessingJobRequest } from "../../aws/sagemaker-shapes.js";
import { posix } from "node:path";
import { DefaultLocation, LocalAsset } from "../../compile/assets.js";
import { SagepipeError } from "../../errors.js";
import { GetValue, PipelineValue, type PipelineScalar } from "../../model/expressions.js";
import { createStepNode, type Raw, type StepOptions } from "../../model/step-node.js";
import { namedValues, propertiesHandle, type PropertiesHandle } from "../handles.js";
import { propertyFile, type PropertyFileRef, type PropertyFileOptions, type ShapeOf } from "../property-files.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, optionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { checkCode, deepMerge, isS3Uri, s3FileName, stepOptionShape, stringMap } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** A processing input: an S3 location (or local data) downloaded into the container. */
export interface ProcessingInputOptions {
  /** The S3 URI to download, or a local path (uploaded like code). */
  readonly source: Value<string> | LocalAsset;
  /** Where it lands in the container. @default `/opt/ml/processing/input/<name>` */
  readonly destination?: string;
  /** `S3Prefix` (everything under the URI) or `ManifestFile`. @default "S3Prefix" */
  readonly dataType?: "S3Prefix" | "ManifestFile";
  /** `File` (download first) or `Pipe` (stream). @default "File" */
  readonly mode?: "File" | "Pipe";
  /** `FullyReplicated` or `ShardedByS3Key` across instances. @default "FullyReplicated" */
  readonly distribution?: "FullyReplicated" | "ShardedByS3Key";
  /** @default "None" */
  readonly compression?: "None" | "Gzip";
}

/** A processing output: a container directory uploaded to S3 when the job ends. */
export interface ProcessingOutputOptions {
  /** The container directory to upload, e.g. `/opt/ml/processing/train`. */
  readonly source: string;
  /**
   * The S3 URI to upload to.
   * @default `s3://<asset bucket>/<prefix>/<pipeline>/<execution id>/<step>/<output>` (needs `.assets({ bucket })`)
   */
  readonly destination?: Value<string>;
  /** @default "EndOfJob" */
  readonly uploadMode?: "EndOfJob" | "Continuous";
}

/** What a Processing step runs and on what. */
export interface ProcessingOptions extends StepOptions {
  /** The container image URI. */
  readonly image: Value<string>;
  /** The IAM role the job runs as. */
  readonly role: Value<string>;
  /** e.g. `"ml.m5.xlarge"`. */
  readonly instanceType: Value<string>;
  /** @default 1 */
  readonly instanceCount?: Value<number>;
  /** @default 30 */
  readonly volumeSizeInGB?: Value<number>;
  /**
   * The script to run with `command`, downloaded to `/opt/ml/processing/input/code/` as the input
   * named `code`: a local file (or `{ dir, entryPoint }` for a directory), uploaded under the asset
   * location; or an `s3://` URI of a script already in S3, used as it is (the Python SDK's
   * `code="s3://..."`).
   */
  readonly code?: string | { readonly dir: string; readonly entryPoint: string };
  /** The interpreter that runs `code`. @default ["python3"] */
  readonly command?: readonly string[];
  /** The container entrypoint, when there is no `code`. */
  readonly entrypoint?: readonly Value<string>[];
  /** Arguments passed to the script or entrypoint. */
  readonly arguments?: readonly Value<string>[];
  /** Inputs by name: an S3 URI, or the full options. */
  readonly inputs?: { readonly [name: string]: Value<string> | LocalAsset | ProcessingInputOptions };
  /** Outputs by name: the container directory, or the full options. */
  readonly outputs?: { readonly [name: string]: string | ProcessingOutputOptions };
  /** Environment variables; non-string values are converted as the Python SDK does. */
  readonly environment?: { readonly [name: string]: Value<PipelineScalar> };
  /**
   * The job's `StoppingCondition.MaxRuntimeInSeconds`. Written only when given, as the Python SDK's
   * processors write it; without it SageMaker applies its own limit.
   */
  readonly maxRuntimeSeconds?: Value<number>;
  /** JSON files in the outputs that other steps read with `propertyFiles.<name>.get(path)`. */
  readonly propertyFiles?: { readonly [name: string]: PropertyFileOptions };
  /** Any other field of the `CreateProcessingJob` request, merged over what the options produce. */
  readonly raw?: Raw<Omit<CreateProcessingJobRequest, "ProcessingJobName">>;
}

/** The handle of a Processing step: its outputs' S3 URIs, its property files, its properties. */
export interface ProcessingHandle<N extends string, O extends ProcessingOptions> extends PropertiesHandle<N, "Processing"> {
  /** `{"Get": "Steps.<name>.ProcessingOutputConfig.Outputs['<output>'].S3Output.S3Uri"}` per output. */
  readonly outputs: { readonly [K in keyof NonNullable<O["outputs"]>]: PipelineValue<string> };
  /** The step's property files, read with `get(path)`. */
  readonly propertyFiles: {
    readonly [K in keyof NonNullable<O["propertyFiles"]>]: PropertyFileRef<ShapeOf<NonNullable<O["propertyFiles"]>[K]>>;
  };
}

const CODE_DIR = "/opt/ml/processing/input/code";

const INPUT = optionShape<ProcessingInputOptions>({ source: true, destination: true, dataType: true, mode: true, distribution: true, compression: true });
const OUTPUT = optionShape<ProcessingOutputOptions>({ source: true, destination: true, uploadMode: true });
const PROPERTY_FILE = optionShape<PropertyFileOptions>({ output: true, path: true, schema: true });
const CODE = optionShape<Exclude<ProcessingOptions["code"], string | undefined>>({ dir: true, entryPoint: true });

/** @internal The keys of the processing options besides every step's, shared with the framework processing step's list. */
export const PROCESSING_KEYS = {
  image: true,
  role: true,
  instanceType: true,
  instanceCount: true,
  volumeSizeInGB: true,
  code: true,
  command: "list",
  entrypoint: "list",
  arguments: "list",
  inputs: "map",
  outputs: "map",
  environment: "map",
  maxRuntimeSeconds: true,
  propertyFiles: "map",
  raw: true,
} as const satisfies { readonly [K in Exclude<keyof ProcessingOptions, keyof StepOptions>]-?: true | "list" | "map" };

/** @internal The option objects inside the processing options. */
export const PROCESSING_NESTED = { inputs: { record: INPUT }, outputs: { record: OUTPUT }, propertyFiles: { record: PROPERTY_FILE }, code: { object: CODE } } as const;

/** @internal The option keys of a Processing step, for the run-time check (the compiler keeps them those of `ProcessingOptions`). */
export const PROCESSING_OPTIONS = stepOptionShape<ProcessingOptions>(PROCESSING_KEYS, PROCESSING_NESTED);

/**
 * A Processing step from high-level options (image, code, inputs, outputs, instance), with the
 * defaults of the Python SDK's processors; `raw` reaches every other field of the API.
 *
 * @example
 * ```ts
 * processingStep("Preprocess", {
 *   image: "…/sagemaker-scikit-learn:1.2-1-cpu-py3", role, instanceType: "ml.m5.xlarge",
 *   code: "./scripts/preprocess.py", inputs: { raw: "s3://bucket/raw/" }, outputs: { train: "/opt/ml/processing/train" },
 * })
 * // Arguments.AppSpecification: {"ImageUri": "…", "ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/preprocess.py"]}
 * ```
 */
export function processingStep<const N extends string, const O extends ProcessingOptions>(
  name: N,
  options: ExactOptions<O, ProcessingOptions>,
): StepDefinition<N, ProcessingHandle<N, O>>;
export function processingStep(name: string, options: ProcessingOptions): StepDefinition<string, ProcessingHandle<string, ProcessingOptions>> {
  checkOptions(`Processing step "${name}"`, options, PROCESSING_OPTIONS);
  const inputs = Object.entries(options.inputs ?? {}).map(([inputName, input]) => processingInput(inputName, input));
  let entrypoint = options.entrypoint;
  if (options.command !== undefined && options.code === undefined) {
    throw new SagepipeError(
      "invalid-option",
      `Processing step "${name}": command runs code, and the step has no code (the command would be left out): give code: "./script.py" with it, or entrypoint: [...command, "script.py"] for a script in the image`,
    );
  }
  if (options.code !== undefined) {
    if (options.entrypoint !== undefined) {
      throw new SagepipeError("conflicting-options", `Processing step "${name}": give code (run with command) or entrypoint, not both`);
    }
    if (options.inputs !== undefined && Object.hasOwn(options.inputs, "code")) {
      throw new SagepipeError("invalid-inputs", `Processing step "${name}": the input name "code" is the one code is downloaded as; name your input otherwise`);
    }
    const code = codeInput(name, options.code);
    inputs.push(processingInput("code", { source: code.source, destination: CODE_DIR }));
    entrypoint = [...(options.command ?? ["python3"]), `${CODE_DIR}/${code.entryPoint}`];
  }
  const outputs = Object.entries(options.outputs ?? {}).map(([outputName, output]) => {
    const spec = typeof output === "string" ? { source: output } : output;
    return {
      OutputName: outputName,
      AppManaged: false,
      S3Output: {
        S3Uri: spec.destination ?? new DefaultLocation([name, "output", outputName]),
        LocalPath: spec.source,
        S3UploadMode: spec.uploadMode ?? "EndOfJob",
      },
    };
  });
  const outputNames = new Set(Object.keys(options.outputs ?? {}));
  const propertyFiles = Object.entries(options.propertyFiles ?? {}).map(([fileName, file]) => {
    if (!outputNames.has(file.output)) {
      throw new SagepipeError(
        "property-file-output-mismatch",
        `property file "${fileName}" of "${name}" is in output "${file.output}", which the step does not declare (outputs: ${[...outputNames].join(", ") || "none"})`,
      );
    }
    return { PropertyFileName: fileName, OutputName: file.output, FilePath: file.path };
  });

  const generated = {
    ProcessingResources: {
      ClusterConfig: {
        InstanceCount: options.instanceCount ?? 1,
        InstanceType: options.instanceType,
        VolumeSizeInGB: options.volumeSizeInGB ?? 30,
      },
    },
    AppSpecification: {
      ImageUri: options.image,
      ...(entrypoint === undefined ? {} : { ContainerEntrypoint: [...entrypoint] }),
      ...(options.arguments === undefined ? {} : { ContainerArguments: [...options.arguments] }),
    },
    RoleArn: options.role,
    ...(inputs.length === 0 ? {} : { ProcessingInputs: inputs }),
    ...(outputs.length === 0 ? {} : { ProcessingOutputConfig: { Outputs: outputs } }),
    ...(options.environment === undefined ? {} : { Environment: stringMap(options.environment, `Processing step "${name}": environment`) }),
    ...(options.maxRuntimeSeconds === undefined ? {} : { StoppingCondition: { MaxRuntimeInSeconds: options.maxRuntimeSeconds } }),
  };
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const created = createStepNode(name, "Processing", args, options, propertyFiles.length === 0 ? {} : { PropertyFiles: propertyFiles });
  const schemas = Object.entries(options.propertyFiles ?? {}).flatMap(([fileName, file]) => (file.schema === undefined ? [] : [[fileName, file.schema] as const]));
  const node = schemas.length === 0 ? created : Object.freeze({ ...created, propertyFileSchemas: Object.freeze(Object.fromEntries(schemas)) });

  const base = propertiesHandle(name, "Processing");
  const handle = Object.freeze({
    ...base,
    outputs: namedValues(
      `Processing step "${name}"`,
      "output",
      Object.fromEntries(
        [...outputNames].map((output) => [output, new GetValue<string>(`Steps.${name}.ProcessingOutputConfig.Outputs['${output}'].S3Output.S3Uri`, "string")]),
      ),
    ),
    propertyFiles: namedValues(
      `Processing step "${name}"`,
      "property file",
      Object.fromEntries(Object.entries(options.propertyFiles ?? {}).map(([fileName, file]) => [fileName, propertyFile(name, fileName, file.schema)])),
    ),
  }) as unknown as ProcessingHandle<string, ProcessingOptions>;
  return Object.freeze({ name, node, handle });
}

/**
 * The `code` input's source and the script's file name: a local file or directory (uploaded), or a
 * script already in S3, used as it is — the SDK's `ScriptProcessor._handle_user_code_url`, which
 * runs `os.path.basename` of the URI's path.
 */
function codeInput(step: string, code: NonNullable<ProcessingOptions["code"]>): { source: Value<string> | LocalAsset; entryPoint: string } {
  checkCode(`Processing step "${step}"`, code);
  if (typeof code !== "string") {
    if (isS3Uri(code.dir)) {
      throw new SagepipeError("invalid-source", `Processing step "${step}": code.dir "${code.dir}" is in S3; a directory is uploaded from a local path, code in S3 is one script (code: "s3://.../script.py")`);
    }
    return { source: new LocalAsset(code.dir), entryPoint: code.entryPoint };
  }
  if (!isS3Uri(code)) return { source: new LocalAsset(code, "file"), entryPoint: posix.basename(code) };
  const file = s3FileName(code);
  if (file === undefined) {
    throw new SagepipeError("invalid-source", `Processing step "${step}": code "${code}" names no script: give the S3 URI of the file to run (s3://bucket/code/preprocess.py)`);
  }
  return { source: code, entryPoint: file };
}

function processingInput(name: string, input: Value<string> | LocalAsset | ProcessingInputOptions) {
  const spec: ProcessingInputOptions =
    typeof input === "string" || input instanceof LocalAsset || input instanceof PipelineValue ? { source: input } : input;
  return {
    InputName: name,
    AppManaged: false,
    S3Input: {
      S3Uri: spec.source,
      LocalPath: spec.destination ?? `/opt/ml/processing/input/${name}`,
      S3DataType: spec.dataType ?? "S3Prefix",
      S3InputMode: spec.mode ?? "File",
      S3DataDistributionType: spec.distribution ?? "FullyReplicated",
      S3CompressionType: spec.compression ?? "None",
    },
  };
}
