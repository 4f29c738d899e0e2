import type { CreateTransformJobRequest } from "../../aws/sagemaker-shapes.js";
import { DefaultLocation } from "../../compile/assets.js";
import { SagepipeError } from "../../errors.js";
import { GetValue, PipelineValue, type PipelineScalar } from "../../model/expressions.js";
import { createStepNode, type Raw, type StepOptions } from "../../model/step-node.js";
import { propertiesHandle, type PropertiesHandle } from "../handles.js";
import type { StepDefinition } from "../step-definition.js";
import { checkOptions, optionShape, type OptionShape } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import { deepMerge, stepOptionShape, stringMap } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/** The data a batch transform reads. */
export interface TransformInputOptions {
  /** The S3 URI of the data (a prefix by default). */
  readonly source: Value<string>;
  /** The MIME type of the data, e.g. `"text/csv"`. */
  readonly contentType?: Value<string>;
  /** How to split the files into records: `Line` for CSV or JSON lines. @default not set (whole files) */
  readonly splitType?: "None" | "Line" | "RecordIO" | "TFRecord";
  /** @default not set ("None") */
  readonly compression?: "None" | "Gzip";
  /** `S3Prefix` (everything under the URI) or `ManifestFile`. @default "S3Prefix" */
  readonly dataType?: "S3Prefix" | "ManifestFile" | "AugmentedManifestFile";
}

/** Where a batch transform writes its results. */
export interface TransformOutputOptions {
  /**
   * The S3 URI to write to.
   * @default `s3://<asset bucket>/<prefix>/<pipeline>/<execution id>/<step>/output` (needs `.assets({ bucket })`)
   */
  readonly destination?: Value<string>;
  /** The MIME type of the results, e.g. `"text/csv"`. */
  readonly accept?: Value<string>;
  /** `Line` joins the records of a file into one output file, one per line. @default not set ("None") */
  readonly assembleWith?: "None" | "Line";
  /** The KMS key that encrypts the results. */
  readonly kmsKey?: Value<string>;
}

/** What a Transform step runs, on what data. */
export interface TransformOptions extends StepOptions {
  /** The SageMaker model to run, e.g. `steps.CreateModel.modelName`. */
  readonly modelName: Value<string>;
  /** The input data: an S3 URI, or the full options. */
  readonly input: Value<string> | TransformInputOptions;
  /** Where the results go: an S3 URI, or the full options. @default a location under the asset bucket */
  readonly output?: Value<string> | TransformOutputOptions;
  /** e.g. `"ml.m5.xlarge"`. */
  readonly instanceType: Value<string>;
  /** @default 1 */
  readonly instanceCount?: Value<number>;
  /** `MultiRecord` (as many records as fit in `maxPayloadInMB`) or `SingleRecord` per request. @default not set (the service's default) */
  readonly batchStrategy?: "MultiRecord" | "SingleRecord";
  /** Parallel requests per instance. @default not set (the container's recommendation, else 1) */
  readonly maxConcurrentTransforms?: Value<number>;
  /** The largest request payload, 0–100 MB. @default not set (6 MB, or the container's recommendation) */
  readonly maxPayloadInMB?: Value<number>;
  /** Environment variables of the container; non-string values are converted as the Python SDK does. */
  readonly environment?: { readonly [name: string]: Value<PipelineScalar> };
  /** Select input fields, select output fields, and join the input to the output (`DataProcessing`). */
  readonly dataProcessing?: {
    /** A JSONPath applied to each input record, e.g. `"$[1:]"` to drop the label column. */
    readonly inputFilter?: Value<string>;
    /** A JSONPath applied to the joined output, e.g. `"$[0,-1]"`. */
    readonly outputFilter?: Value<string>;
    /** `Input` joins each input record to its prediction. */
    readonly joinSource?: "Input" | "None";
  };
  /** Resource tags: key → value. */
  readonly tags?: { readonly [key: string]: Value<string> };
  /** Any other field of the `CreateTransformJob` request, merged over what the options produce. */
  readonly raw?: Raw<Omit<CreateTransformJobRequest, "TransformJobName">>;
}

/** The handle of a Transform step: where its results are, its properties. */
export interface TransformHandle<N extends string> extends PropertiesHandle<N, "Transform"> {
  /** `{"Get": "Steps.<name>.TransformOutput.S3OutputPath"}`: the S3 prefix of the results. */
  readonly outputPath: PipelineValue<string>;
}

/** @internal The option keys of a Transform step, for the run-time check (the compiler keeps them those of `TransformOptions`). */
export const TRANSFORM_OPTIONS: OptionShape = stepOptionShape<TransformOptions>(
  {
    modelName: true,
    input: true,
    output: true,
    instanceType: true,
    instanceCount: true,
    batchStrategy: true,
    maxConcurrentTransforms: true,
    maxPayloadInMB: true,
    environment: "map",
    dataProcessing: true,
    tags: "map",
    raw: true,
  },
  {
    input: { object: optionShape<TransformInputOptions>({ source: true, contentType: true, splitType: true, compression: true, dataType: true }) },
    output: { object: optionShape<TransformOutputOptions>({ destination: true, accept: true, assembleWith: true, kmsKey: true }) },
    dataProcessing: { object: optionShape<NonNullable<TransformOptions["dataProcessing"]>>({ inputFilter: true, outputFilter: true, joinSource: true }) },
  },
);

/**
 * A Transform step (`CreateTransformJob`): a batch transform of S3 data with a SageMaker model,
 * with the defaults of the Python SDK's `Transformer` (one instance, only the fields you set);
 * `raw` reaches every other field of the API.
 *
 * @example
 * ```ts
 * transformStep("Score", { modelName: steps.CreateModel.modelName, input: { source: "s3://b/batch/", contentType: "text/csv", splitType: "Line" },
 *   output: "s3://b/scores/", instanceType: "ml.m5.xlarge" })
 * // {"Name": "Score", "Type": "Transform", "Arguments": {"ModelName": {"Get": "Steps.CreateModel.ModelName"},
 * //  "TransformInput": {"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/batch/"}}, "ContentType": "text/csv", "SplitType": "Line"},
 * //  "TransformOutput": {"S3OutputPath": "s3://b/scores/"}, "TransformResources": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge"}}}
 * ```
 */
export function transformStep<const N extends string, const O extends TransformOptions>(
  name: N,
  options: ExactOptions<O, TransformOptions>,
): StepDefinition<N, TransformHandle<N>>;
export function transformStep(name: string, options: TransformOptions): StepDefinition<string, TransformHandle<string>> {
  checkOptions(`Transform step "${name}"`, options, TRANSFORM_OPTIONS);
  if (options.input === undefined || options.input === null) {
    throw new SagepipeError("missing-input", `Transform step "${name}" needs an input: the S3 URI of the data to transform`);
  }
  if (options.modelName === undefined || options.modelName === null) {
    throw new SagepipeError("missing-model", `Transform step "${name}" needs a modelName, e.g. steps.CreateModel.modelName`);
  }
  const input: TransformInputOptions = typeof options.input === "string" || options.input instanceof PipelineValue ? { source: options.input } : options.input;
  const output: TransformOutputOptions =
    options.output === undefined ? {} : typeof options.output === "string" || options.output instanceof PipelineValue ? { destination: options.output } : options.output;
  const processing = options.dataProcessing;
  const generated = {
    ModelName: options.modelName,
    TransformInput: {
      DataSource: { S3DataSource: { S3DataType: input.dataType ?? "S3Prefix", S3Uri: input.source } },
      ...(input.contentType === undefined ? {} : { ContentType: input.contentType }),
      ...(input.compression === undefined ? {} : { CompressionType: input.compression }),
      ...(input.splitType === undefined ? {} : { SplitType: input.splitType }),
    },
    TransformOutput: {
      S3OutputPath: output.destination ?? new DefaultLocation([name, "output"]),
      ...(output.kmsKey === undefined ? {} : { KmsKeyId: output.kmsKey }),
      ...(output.assembleWith === undefined ? {} : { AssembleWith: output.assembleWith }),
      ...(output.accept === undefined ? {} : { Accept: output.accept }),
    },
    TransformResources: { InstanceCount: options.instanceCount ?? 1, InstanceType: options.instanceType },
    ...(options.batchStrategy === undefined ? {} : { BatchStrategy: options.batchStrategy }),
    ...(options.maxConcurrentTransforms === undefined ? {} : { MaxConcurrentTransforms: options.maxConcurrentTransforms }),
    ...(options.maxPayloadInMB === undefined ? {} : { MaxPayloadInMB: options.maxPayloadInMB }),
    ...(options.environment === undefined ? {} : { Environment: stringMap(options.environment, `Transform step "${name}": environment`) }),
    ...(options.tags === undefined ? {} : { Tags: Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value })) }),
    ...(processing === undefined || Object.values(processing).every((v) => v === undefined)
      ? {}
      : {
          DataProcessing: {
            ...(processing.inputFilter === undefined ? {} : { InputFilter: processing.inputFilter }),
            ...(processing.outputFilter === undefined ? {} : { OutputFilter: processing.outputFilter }),
            ...(processing.joinSource === undefined ? {} : { JoinSource: processing.joinSource }),
          },
        }),
  };
  const args = options.raw === undefined ? generated : deepMerge(generated, options.raw);
  const node = createStepNode(name, "Transform", args, options);
  const handle = Object.freeze({
    ...propertiesHandle(name, "Transform"),
    outputPath: new GetValue<string>(`Steps.${name}.TransformOutput.S3OutputPath`, "string"),
  });
  return Object.freeze({ name, node, handle });
}
