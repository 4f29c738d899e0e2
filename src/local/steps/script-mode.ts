import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { PythonFloat, codePointOrder, pythonFloat, pythonJsonDumps } from "../../builder/script-mode/python-json.js";
import { readTarGz } from "../../compile/archive.js";
import { LocalStepError } from "../errors.js";
import { findExecutable, sandboxPath } from "../container.js";
import type { LocalStepContext } from "./context.js";

/**
 * The hyperparameters the SageMaker training toolkit keeps for itself (its `params.SAGEMAKER_HYPERPARAMETERS`);
 * every other `sagemaker_*` one is a framework parameter (distribution, ...). Source: sagemaker-training-toolkit
 * v5.1.0, src/sagemaker_training/params.py.
 */
const TOOLKIT_HYPERPARAMETERS = [
  "sagemaker_program",
  "sagemaker_submit_directory",
  "sagemaker_enable_cloudwatch_metrics",
  "sagemaker_region",
  "sagemaker_container_log_level",
  "sagemaker_job_name",
  "sagemaker_default_module_name",
  "sagemaker_tuning_objective_metric",
  "sagemaker_s3_output",
];

/** A script-mode training job, as the training toolkit reads its hyperparameters. */
export interface ScriptModeTraining {
  /** `sagemaker_program`: the entry point's file name. */
  readonly program: string;
  /** `sagemaker_submit_directory`: the code archive (an S3 URI, or a container path with network isolation). */
  readonly submitDirectory: string;
  /** The user's hyperparameters, each decoded from JSON where it is JSON (the toolkit's `read_hyperparameters`). */
  readonly hyperparameters: Readonly<Record<string, unknown>>;
  /** The other `sagemaker_*` hyperparameters (distribution settings), decoded. */
  readonly frameworkParameters: Readonly<Record<string, unknown>>;
  /** `sagemaker_container_log_level`. @default 20 */
  readonly logLevel: unknown;
  /** `sagemaker_region`, when the job has it. */
  readonly region?: string;
}

/**
 * The script-mode settings of a training job's hyperparameters, or `undefined` when it has no
 * `sagemaker_program` (not script mode). Each value is JSON-decoded, falling back to the text, as the
 * toolkit's `read_hyperparameters`; `sagemaker_*` ones are split off as `split_by_criteria` does.
 */
export function scriptModeOf(raw: Readonly<Record<string, string>>): ScriptModeTraining | undefined {
  const decoded = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, decodeJson(value)]));
  const program = decoded.sagemaker_program;
  if (program === undefined) return undefined;
  if (typeof program !== "string" || program === "") throw new LocalStepError(`the hyperparameter sagemaker_program must name the entry point's file (it is ${JSON.stringify(raw.sagemaker_program)})`);
  const submitDirectory = decoded.sagemaker_submit_directory;
  if (typeof submitDirectory !== "string" || submitDirectory === "") {
    throw new LocalStepError(`script mode needs the hyperparameter sagemaker_submit_directory (the code archive), next to sagemaker_program "${program}"`);
  }
  const hyperparameters: Record<string, unknown> = {};
  const frameworkParameters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(decoded)) {
    if (TOOLKIT_HYPERPARAMETERS.includes(key)) continue;
    if (key.startsWith("sagemaker_")) frameworkParameters[key] = value;
    else hyperparameters[key] = value;
  }
  const region = decoded.sagemaker_region;
  return { program, submitDirectory, hyperparameters, frameworkParameters, logLevel: decoded.sagemaker_container_log_level ?? 20, ...(typeof region === "string" ? { region } : {}) };
}

function decodeJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return text;
  }
  // Python reads 1.0 and 1e-5 as floats: keep that for str() and json.dumps (nested numbers are read as JavaScript numbers)
  return typeof value === "number" && /[.eE]/.test(text) ? new PythonFloat(value) : value;
}

/**
 * Unpacks a script-mode code archive (`sourcedir.tar.gz`) into a container directory of the step's
 * sandbox, as the toolkit's `download_and_extract` does; an `s3://` archive is read from the local
 * object store, a container path (network isolation's `code` channel) from the sandbox.
 */
export async function unpackCode(archiveUri: string, codeDir: string, sandbox: string, context: LocalStepContext): Promise<void> {
  let archivePath: string;
  if (archiveUri.startsWith("s3://")) {
    archivePath = context.store.pathOf(archiveUri);
  } else if (archiveUri.startsWith("/opt/ml/")) {
    archivePath = sandboxPath(sandbox, archiveUri);
  } else {
    throw new LocalStepError(`the code archive ${JSON.stringify(archiveUri)} is neither an s3:// URI nor a path under /opt/ml`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(archivePath);
  } catch {
    throw new LocalStepError(`ClientError: the code archive ${archiveUri} does not exist (looked in ${archivePath})`);
  }
  let entries;
  try {
    entries = readTarGz(bytes);
  } catch (error) {
    throw new LocalStepError(`the code archive ${archiveUri} is not a readable .tar.gz: ${(error as Error).message}`);
  }
  const target = sandboxPath(sandbox, codeDir);
  await mkdir(target, { recursive: true });
  for (const entry of entries) {
    const file = join(target, entry.name);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, entry.content, { mode: 0o755 });
  }
}

/**
 * Reports a `requirements.txt` in the unpacked code: SageMaker installs it with pip before the
 * script runs; a local run does not install anything into your Python, so it says so (once per
 * step) and names the interpreter that must have the packages.
 */
export function reportRequirements(step: string, codeDir: string, sandbox: string, python: string, context: LocalStepContext): void {
  if (!existsSync(join(sandboxPath(sandbox, codeDir), "requirements.txt"))) return;
  context.warn(
    step,
    `requirements.txt was not installed: SageMaker installs it with pip before the script runs, a local run uses the packages of ${python} as they are (install them there, or choose the interpreter with --python / interpreters: { python: "/path/to/python" })`,
  );
}

/** The local Python a script-mode step runs with: `interpreters.python`, else `interpreters.python3`, else `python3`. */
export function pythonOf(context: LocalStepContext): string {
  return context.interpreters.python ?? context.interpreters.python3 ?? "python3";
}

/** The interpreters of a script-mode step: `python` (what the containers call) is the local Python. */
export function scriptInterpreters(context: LocalStepContext): Readonly<Record<string, string>> {
  return { ...context.interpreters, python: pythonOf(context) };
}

/**
 * `PATH` with a directory first whose `python` and `python3` run the chosen local Python, so that
 * what the entry point starts by name (a `.sh` entry point's `python train.py`) uses it too.
 * Nothing when the interpreter cannot be found (starting it fails, saying so).
 */
export async function pythonOnPath(sandbox: string, python: string): Promise<Record<string, string>> {
  const executable = findExecutable(python, process.env.PATH, sandbox);
  if (executable === undefined || process.platform === "win32") return {};
  const bin = join(sandbox, ".sagepipe-python");
  await mkdir(bin, { recursive: true });
  const wrapper = `#!/bin/sh\nexec '${executable.replace(/'/g, `'"'"'`)}' "$@"\n`;
  for (const name of ["python", "python3"]) await writeFile(join(bin, name), wrapper, { mode: 0o755 });
  return { PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` };
}

/**
 * The command the training toolkit runs for an entry point (its `ProcessRunner._create_command`):
 * a `.sh` file through `/bin/sh -c`, a package (the code has a `setup.py`) with `python -m`, a
 * Python file with `python <file>`; the hyperparameters as arguments.
 */
export async function entryPointCommand(program: string, codeDir: string, sandbox: string, args: readonly string[]): Promise<string[]> {
  const files = await readdir(sandboxPath(sandbox, codeDir)).catch(() => [] as string[]);
  if (!files.includes(program.split("/")[0] ?? program)) {
    throw new LocalStepError(`the entry point ${program} is not in the code archive (it holds ${files.slice(0, 10).join(", ") || "nothing"})`);
  }
  if (program.endsWith(".sh") || (!program.endsWith(".py") && !files.includes("setup.py"))) {
    return ["/bin/sh", "-c", `./${program} ${args.map(shellQuote).join(" ")}`.trimEnd()];
  }
  if (files.includes("setup.py")) return ["python", "-m", program.replace(/\.py$/, ""), ...args];
  return ["python", program, ...args];
}

/** Python's `shlex.quote`. */
function shellQuote(word: string): string {
  if (word === "") return "''";
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'"'"'`)}'`;
}

/**
 * The hyperparameters as the toolkit passes them to the entry point (`mapping.to_cmd_args`): sorted
 * by name, `--name value` (`-n` for a one-letter name), each value as Python's `str()` of the decoded
 * value (`True`, `[64, 32]`, `{'a': 1}`), a mapping as `k=v,k2=v2`.
 */
export function toCmdArgs(hyperparameters: Readonly<Record<string, unknown>>): string[] {
  const keys = Object.keys(hyperparameters).sort(codePointOrder);
  return keys.flatMap((key) => {
    const value = hyperparameters[key];
    const name = key === "" ? "" : key.length > 1 ? `--${key}` : `-${key}`;
    if (typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof PythonFloat)) {
      const map = value as Record<string, unknown>;
      return [
        name,
        Object.keys(map)
          .sort(codePointOrder)
          .map((k) => `${k}=${pythonStr(map[k])}`)
          .join(","),
      ];
    }
    return [name, value === null ? "" : pythonStr(value)];
  });
}

/** Python's `str()` of a JSON-decoded value. */
export function pythonStr(value: unknown): string {
  return typeof value === "string" ? value : pythonRepr(value);
}

/** Python's `repr()` of a JSON-decoded value. */
function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (value instanceof PythonFloat) return pythonFloatStr(value.value);
  if (typeof value === "number") return Number.isSafeInteger(value) ? String(value) : pythonFloatStr(value);
  if (typeof value === "string") {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = [...value]
      .map((c) => {
        if (c === "\\") return "\\\\";
        if (c === quote) return `\\${c}`;
        if (c === "\n") return "\\n";
        if (c === "\r") return "\\r";
        if (c === "\t") return "\\t";
        const code = c.codePointAt(0) ?? 0;
        if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
        return c;
      })
      .join("");
    return `${quote}${body}${quote}`;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
    .join(", ")}}`;
}

/** Python's `str()` of a float: its `repr`, with `nan` and `inf` as Python prints them. */
function pythonFloatStr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return pythonFloat(value);
}

/**
 * The environment the training toolkit gives the entry point (`Environment.to_env_vars`): `SM_HPS`,
 * `SM_HP_<NAME>`, `SM_CHANNELS`, `SM_CHANNEL_<NAME>`, `SM_MODEL_DIR`, `SM_OUTPUT_DATA_DIR`, `SM_HOSTS`,
 * `SM_CURRENT_HOST`, `SM_NUM_GPUS`, `SM_USER_ARGS`, `SM_MODULE_NAME`, `SM_TRAINING_ENV`, ... — each value a
 * string as given, anything else JSON with sorted keys and no spaces.
 */
export function toolkitEnvironment(job: {
  readonly script: ScriptModeTraining;
  readonly jobName: string;
  readonly channels: readonly string[];
  readonly instanceType: string;
  readonly numCpus: number;
  readonly inputDataConfig: Readonly<Record<string, unknown>>;
}): Record<string, string> {
  const { script } = job;
  const hosts = ["algo-1"];
  const resourceConfig = { current_host: "algo-1", current_instance_type: job.instanceType, current_group_name: "homogeneousCluster", hosts, network_interface_name: "eth0" };
  const moduleName = script.program.replace(/\.py$/, "");
  const channelDirs = Object.fromEntries(job.channels.map((channel) => [channel, `/opt/ml/input/data/${channel}`]));
  const userArgs = toCmdArgs(script.hyperparameters);
  const env: Record<string, unknown> = {
    hosts,
    network_interface_name: "eth0",
    hps: script.hyperparameters,
    user_entry_point: script.program,
    framework_params: script.frameworkParameters,
    resource_config: resourceConfig,
    input_data_config: job.inputDataConfig,
    output_data_dir: "/opt/ml/output/data",
    channels: [...job.channels].sort(codePointOrder),
    current_host: "algo-1",
    current_instance_type: job.instanceType,
    current_instance_group: "homogeneousCluster",
    current_instance_group_hosts: hosts,
    instance_groups: ["homogeneousCluster"],
    instance_groups_dict: { homogeneousCluster: { hosts, instance_group_name: "homogeneousCluster", instance_type: job.instanceType } },
    distribution_instance_groups: [],
    is_hetero: false,
    module_name: moduleName,
    log_level: script.logLevel,
    framework_module: null,
    input_dir: "/opt/ml/input",
    input_config_dir: "/opt/ml/input/config",
    output_dir: "/opt/ml/output",
    num_cpus: job.numCpus,
    num_gpus: 0,
    num_neurons: 0,
    model_dir: "/opt/ml/model",
    module_dir: script.submitDirectory,
    user_args: userArgs,
    output_intermediate_dir: "/opt/ml/output/intermediate",
  };
  const trainingEnv = {
    additional_framework_parameters: script.frameworkParameters,
    channel_input_dirs: channelDirs,
    current_host: "algo-1",
    current_instance_type: job.instanceType,
    framework_module: null,
    hosts,
    hyperparameters: script.hyperparameters,
    input_config_dir: "/opt/ml/input/config",
    input_data_config: job.inputDataConfig,
    input_dir: "/opt/ml/input",
    is_master: true,
    job_name: job.jobName,
    log_level: script.logLevel,
    master_hostname: "algo-1",
    model_dir: "/opt/ml/model",
    module_dir: script.submitDirectory,
    module_name: moduleName,
    network_interface_name: "eth0",
    num_cpus: job.numCpus,
    num_gpus: 0,
    num_neurons: 0,
    output_data_dir: "/opt/ml/output/data",
    output_dir: "/opt/ml/output",
    output_intermediate_dir: "/opt/ml/output/intermediate",
    resource_config: resourceConfig,
    user_entry_point: script.program,
  };
  env.training_env = trainingEnv;
  for (const [name, path] of Object.entries(channelDirs)) env[`channel_${name}`] = path;
  for (const [key, value] of Object.entries(script.hyperparameters)) env[`hp_${key}`] = value;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) out[`SM_${key.toUpperCase()}`] = value === null || value === undefined ? "" : typeof value === "string" ? value : sortedJson(value);
  // what the toolkit sets in its own process, which the entry point inherits
  out.TRAINING_JOB_NAME = job.jobName;
  out.CURRENT_HOST = "algo-1";
  if (script.region !== undefined) out.AWS_REGION = script.region;
  out.PYTHONUNBUFFERED = "1";
  return out;
}

/** `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)`, as the toolkit writes SM_* values. */
export function sortedJson(value: unknown): string {
  return pythonJsonDumps(value, { sortKeys: true, compact: true });
}

const PROCESSING_CODE = "/opt/ml/processing/input/code";
const RUNPROC = "/opt/ml/processing/input/entrypoint/runproc.sh";

/**
 * What a framework processing job's `runproc.sh` runs, when sagepipe wrote it (`frameworkProcessingStep`
 * with a local `code` and `sourceDir`): the interpreter words and the script. A local run does what it
 * does — unpack `sourcedir.tar.gz`, run the script in the code directory — without its `pip install`
 * of `requirements.txt` (reported instead). `undefined` for any other entrypoint (run as it is).
 */
export async function sagepipeRunproc(entrypoint: readonly string[], sandbox: string): Promise<{ readonly command: readonly string[]; readonly program: string } | undefined> {
  if (entrypoint.length !== 2 || entrypoint[0] !== "/bin/bash" || entrypoint[1] !== RUNPROC) return undefined;
  const script = await readFile(sandboxPath(sandbox, RUNPROC), "utf8").catch(() => undefined);
  if (script === undefined || !script.startsWith("#!/bin/bash\n# Written by sagepipe")) return undefined;
  const line = script
    .split("\n")
    .reverse()
    .find((candidate) => candidate.endsWith(' "$@"'));
  if (line === undefined) return undefined;
  const words = shellWords(line.slice(0, -' "$@"'.length));
  const program = words.pop();
  if (program === undefined || words.length === 0) return undefined;
  return { command: words, program };
}

/** The words of a line of unquoted words and single-quoted parts (as sagepipe's runproc.sh writes them). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? "";
    if (c === " ") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new LocalStepError(`runproc.sh: an unclosed quote in ${line}`);
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (c === "\\") {
      word = (word ?? "") + (line[i + 1] ?? "");
      i++;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * The local command of a sagepipe `runproc.sh`: its code unpacked in the code directory, its
 * requirements reported, `python` (or `python3`) replaced by the local Python, the job's arguments after the script.
 */
export async function runprocCommand(
  step: string,
  runproc: { readonly command: readonly string[]; readonly program: string },
  args: readonly string[],
  sandbox: string,
  context: LocalStepContext,
): Promise<{ readonly command: string[]; readonly cwd: string; readonly environment: Record<string, string> }> {
  await unpackCode(`${PROCESSING_CODE}/sourcedir.tar.gz`, PROCESSING_CODE, sandbox, context);
  const python = pythonOf(context);
  reportRequirements(step, PROCESSING_CODE, sandbox, python, context);
  const [first = "python", ...rest] = runproc.command;
  const interpreter = first === "python3" ? "python" : first;
  return { command: [interpreter, ...rest, runproc.program, ...args], cwd: PROCESSING_CODE, environment: await pythonOnPath(sandbox, python) };
}
