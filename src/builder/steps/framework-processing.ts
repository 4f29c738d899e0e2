import { posix } from "node:path";
import { GeneratedFile, SourceBundle, checkSourceBundle, programName } from "../../compile/source-bundle.js";
import { SagepipeError } from "../../errors.js";
import { PipelineValue } from "../../model/expressions.js";
import { checkOptions } from "../../options.js";
import type { ExactOptions } from "../exact-options.js";
import type { StepDefinition } from "../step-definition.js";
import { FRAMEWORK_OPTIONS, FrameworkImage, checkFramework, type FrameworkSpec } from "../script-mode/frameworks.js";
import { PROCESSING_KEYS, PROCESSING_NESTED, processingStep, type ProcessingHandle, type ProcessingOptions } from "./processing.js";
import { isS3Uri, stepOptionShape } from "./shared.js";

import type { ValueOf as Value } from "../../model/expressions.js";

/**
 * A processing job that runs your script in a framework's prebuilt image, as the Python SDK's
 * `SKLearnProcessor` and `FrameworkProcessor` family (`PyTorchProcessor`, `XGBoostProcessor`, ...)
 * run it. The other options are the processing step's.
 */
export interface FrameworkProcessingOptions<F extends FrameworkSpec = FrameworkSpec> extends Omit<ProcessingOptions, "image" | "code" | "command" | "entrypoint"> {
  /** The framework and its version: the image is looked up for the pipeline's region. */
  readonly framework: F;
  /** An image to use instead of the framework's (the SDK's `image_uri`). */
  readonly image?: Value<string>;
  /**
   * The script. A local file (or, with `sourceDir`, its path inside that directory); an `s3://` URI
   * is used as it is, as the SDK does (with `sourceDir`-style processors it runs with `/bin/bash`).
   */
  readonly code: string | PipelineValue<string>;
  /**
   * A local directory packed with the script into `sourcedir.tar.gz` (content-addressed) and
   * unpacked in the container by a generated `runproc.sh`, which installs its `requirements.txt`
   * first — the SDK's `FrameworkProcessor`.
   */
  readonly sourceDir?: string;
  /** Local files or directories packed next to the code. */
  readonly dependencies?: readonly string[];
  /**
   * The interpreter. With `sourceDir` its words are joined by spaces into `runproc.sh`'s command
   * line, as the SDK writes them. @default ["python3"] for scikit-learn without sourceDir
   * (`SKLearnProcessor`), else ["python"] (`FrameworkProcessor`)
   */
  readonly command?: readonly string[];
  /** A CodeArtifact repository ARN that `runproc.sh` logs pip into before installing `requirements.txt`. */
  readonly codeArtifactRepoArn?: string;
  /** The framework's bootstrap is the entrypoint: set the interpreter with `command`. */
  readonly entrypoint?: never;
}

/** @internal The option keys of a framework Processing step, for the run-time check (the compiler keeps them those of `FrameworkProcessingOptions`). */
export const FRAMEWORK_PROCESSING_OPTIONS = stepOptionShape<FrameworkProcessingOptions>(
  { ...PROCESSING_KEYS, framework: true, sourceDir: true, dependencies: "list", codeArtifactRepoArn: true },
  { ...PROCESSING_NESTED, framework: { object: FRAMEWORK_OPTIONS } },
);

const CODE = "/opt/ml/processing/input/code";
const ENTRYPOINT = "/opt/ml/processing/input/entrypoint";

/** A word for bash: as it is when it has no special characters, else single-quoted. */
const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);

/** `aws codeartifact login` for a repository ARN (`arn:<partition>:codeartifact:<region>:<account>:repository/<domain>/<repository>`). */
function codeArtifactLogin(step: string, arn: string): string {
  const match = /^arn:([^:]+):codeartifact:([^:]+):([^:]+):repository\/([^/]+)\/(.+)$/.exec(arn);
  if (match === null) {
    throw new SagepipeError("invalid-codeartifact-arn", `step "${step}": "${arn}" is not a CodeArtifact repository ARN (arn:aws:codeartifact:<region>:<account>:repository/<domain>/<repository>)`);
  }
  const [, , region = "", account = "", domain = "", repository = ""] = match;
  return ["aws", "codeartifact", "login", "--tool", "pip", "--domain", domain, "--domain-owner", account, "--repository", repository, "--region", region].map(shellWord).join(" ");
}

/**
 * The `runproc.sh` of a framework processing job: unpacks `sourcedir.tar.gz` in the code
 * directory, installs its `requirements.txt` when there is one (after a CodeArtifact login when
 * asked), then runs the script with the job's arguments — what the SDK's `FrameworkProcessor`
 * bootstrap does.
 */
export function runprocScript(step: string, command: readonly string[], program: string, codeArtifactRepoArn?: string): string {
  const login = codeArtifactRepoArn === undefined ? "echo 'No CodeArtifact repository given: pip uses its default index.'" : codeArtifactLogin(step, codeArtifactRepoArn);
  return [
    "#!/bin/bash",
    "# Written by sagepipe: unpack the code, install its requirements, run the entry point.",
    "",
    `cd ${CODE}/`,
    "tar -xzf sourcedir.tar.gz",
    "",
    "# A failing command fails the job.",
    "set -e",
    "",
    "if [[ -f 'requirements.txt' ]]; then",
    "    if hash aws 2>/dev/null; then",
    `        ${login}`,
    "    else",
    '        echo "No AWS CLI in the image: no CodeArtifact login."',
    "    fi",
    "    # the package typing, present in some Python 3 images, breaks pip",
    "    pip uninstall --yes typing",
    "    python -m pip install -r requirements.txt",
    "fi",
    "",
    // the command as the SDK writes it (" ".join(self.command), processing.py
    // FrameworkProcessor._generate_framework_script): a shell line, so ["python3 -u"] works
    `${command.join(" ")} ${shellWord(program)} "$@"`,
    "",
  ].join("\n");
}

/**
 * A Processing step that runs a script in a framework's prebuilt image — the Python SDK's
 * `SKLearnProcessor` (scikit-learn without `sourceDir`: the script is the `code` input, run with
 * `python3`) and `FrameworkProcessor` family (`sourceDir`, or any other framework: the code is packed
 * into a content-addressed `sourcedir.tar.gz`, the `code` input, and a generated `runproc.sh`, the
 * `entrypoint` input, unpacks it, installs `requirements.txt` and runs the script with `python`).
 *
 * @example
 * ```ts
 * frameworkProcessingStep("Preprocess", {
 *   framework: { name: "sklearn", version: "1.2-1" }, code: "preprocess.py", sourceDir: "./src",
 *   role, instanceType: "ml.m5.xlarge", outputs: { train: "/opt/ml/processing/train" },
 * })
 * // AppSpecification: {"ImageUri": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
 * //   "ContainerEntrypoint": ["/bin/bash", "/opt/ml/processing/input/entrypoint/runproc.sh"]}
 * ```
 */
export function frameworkProcessingStep<const N extends string, const O extends FrameworkProcessingOptions>(
  name: N,
  options: ExactOptions<O, FrameworkProcessingOptions>,
): StepDefinition<N, ProcessingHandle<N, O & ProcessingOptions>>;
export function frameworkProcessingStep<const N extends string, const O extends FrameworkProcessingOptions>(
  name: N,
  options: FrameworkProcessingOptions,
): StepDefinition<N, ProcessingHandle<N, O & ProcessingOptions>> {
  checkOptions(`Framework processing step "${name}"`, options, FRAMEWORK_PROCESSING_OPTIONS);
  if (options.entrypoint !== undefined) {
    throw new SagepipeError("conflicting-options", `Framework processing step "${name}": the framework's bootstrap is the entrypoint; set the interpreter with command`);
  }
  const { framework, image, code, sourceDir, dependencies, command, codeArtifactRepoArn, inputs, ...processing } = options;
  checkFramework(name, framework);
  for (const reserved of ["code", "entrypoint"]) {
    if (inputs !== undefined && reserved in inputs) {
      throw new SagepipeError("invalid-inputs", `step "${name}": the input name "${reserved}" is the framework's own (its code); name your input otherwise`);
    }
  }
  const s3Code = code instanceof PipelineValue || isS3Uri(code);
  if (!s3Code && (typeof code !== "string" || code === "")) throw new SagepipeError("invalid-source", `step "${name}": code must be the path of the script to run`);
  if (s3Code && (sourceDir !== undefined || (dependencies !== undefined && dependencies.length > 0))) {
    throw new SagepipeError("invalid-source", `step "${name}": sourceDir and dependencies are packed with local code; code in S3 is used as it is`);
  }
  const scriptProcessor = framework.name === "sklearn" && sourceDir === undefined && (dependencies === undefined || dependencies.length === 0);
  const processorImage =
    image ??
    (new FrameworkImage(framework, { step: name, scope: "training", instanceType: options.instanceType }) as unknown as Value<string>);
  const common = { ...processing, image: processorImage };

  if (scriptProcessor) {
    // SKLearnProcessor: the script itself is the code input, run with python3
    if (typeof code !== "string") {
      throw new SagepipeError("invalid-source", `step "${name}": code may be a pipeline value only when it is the bootstrap of a framework processor; give the script's path or s3:// URI`);
    }
    // (a local file or an s3:// URI: the plain processing step's code, which is this processor's)
    return processingStep(name, {
      ...common,
      ...(inputs === undefined ? {} : { inputs }),
      code,
      command: command ?? ["python3"],
    } as ProcessingOptions) as unknown as StepDefinition<N, ProcessingHandle<N, O & ProcessingOptions>>;
  }

  if (s3Code) {
    // as the SDK: code already in S3 is the bootstrap itself, run with /bin/bash
    const file = typeof code === "string" ? posix.basename(code) : undefined;
    if (file === undefined) throw new SagepipeError("invalid-source", `step "${name}": code must be a literal s3:// URI or a local path`);
    return processingStep(name, {
      ...common,
      inputs: { ...(inputs ?? {}), entrypoint: { source: code, destination: ENTRYPOINT } },
      entrypoint: ["/bin/bash", `${ENTRYPOINT}/${file}`],
    } as ProcessingOptions) as unknown as StepDefinition<N, ProcessingHandle<N, O & ProcessingOptions>>;
  }

  const bundle = {
    entryPoint: code as string,
    ...(sourceDir === undefined ? {} : { sourceDir }),
    ...(dependencies === undefined ? {} : { dependencies }),
  };
  checkSourceBundle(name, bundle);
  const program = programName(bundle);
  const runproc = new GeneratedFile("runproc.sh", runprocScript(name, command ?? ["python"], program, codeArtifactRepoArn), `runproc.sh of step "${name}"`);
  return processingStep(name, {
    ...common,
    inputs: {
      ...(inputs ?? {}),
      code: { source: new SourceBundle(name, bundle) as unknown as Value<string>, destination: `${CODE}/` },
      entrypoint: { source: runproc as unknown as Value<string>, destination: ENTRYPOINT },
    },
    entrypoint: ["/bin/bash", `${ENTRYPOINT}/runproc.sh`],
  } as ProcessingOptions) as unknown as StepDefinition<N, ProcessingHandle<N, O & ProcessingOptions>>;
}
