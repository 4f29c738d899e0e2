import { mkdir, rm, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import type { StepInvocation, StepResult } from "../engine.js";
import { LocalStepError } from "../errors.js";
import { runContainer, sandboxPath } from "../container.js";
import { MetricParser } from "../output-lines.js";
import { listFiles } from "../files.js";
import type { DataLocation } from "../../runtime/run-record.js";
import { defaultProperties } from "../step-properties.js";
import { packDirectory } from "../tar.js";
import { codeOf, type LocalStepContext } from "./context.js";
import { list, record, text } from "../../runtime/json-fields.js";
import { containerOptions, instanceTypeOf, stringList, stringMap, timeoutOf } from "./processing.js";
import { entryPointCommand, pythonOf, pythonOnPath, scriptInterpreters, reportRequirements, scriptModeOf, toCmdArgs, toolkitEnvironment, unpackCode } from "./script-mode.js";

const INPUT = "/opt/ml/input";
const MODEL = "/opt/ml/model";
const OUTPUT_DATA = "/opt/ml/output/data";
const CODE = "/opt/ml/code";

/**
 * Runs a Training step as a local process under the SageMaker training contract: channels in
 * `/opt/ml/input/data/<channel>` (`SM_CHANNEL_<CHANNEL>`), hyperparameters in
 * `/opt/ml/input/config/hyperparameters.json` (and `SM_HPS`), the model written to `SM_MODEL_DIR`
 * and packed as `<S3OutputPath>/<job>/output/model.tar.gz`; metrics parsed from the logs with the
 * step's metric definitions into `FinalMetricDataList`.
 *
 * A script-mode job (the `sagemaker_program` and `sagemaker_submit_directory` hyperparameters of a
 * framework estimator, and no entrypoint of its own) runs as the SageMaker training toolkit runs it:
 * the code archive unpacked in `/opt/ml/code`, the entry point run there with the local Python and the
 * hyperparameters as arguments (`--name value`), and the toolkit's environment (`SM_HPS`,
 * `SM_HP_<NAME>`, `SM_USER_ARGS`, `SM_TRAINING_ENV`, ...); a `requirements.txt` is reported, not installed.
 */
export async function runTraining(invocation: StepInvocation, context: LocalStepContext): Promise<StepResult> {
  const { step, arguments: args, jobName } = invocation;
  const algorithm = record(args.AlgorithmSpecification);
  if (algorithm.AlgorithmName !== undefined) {
    throw new LocalStepError(`the step trains with the algorithm resource "${String(algorithm.AlgorithmName)}", which needs AWS`);
  }
  const sandbox = join(context.runDir, "steps", step.name);
  await rm(sandbox, { recursive: true, force: true });
  const channels: DataLocation[] = [];
  for (const channel of list(args.InputDataConfig)) {
    const name = text(channel.ChannelName) ?? "training";
    const source = record(record(channel.DataSource).S3DataSource);
    const uri = text(source.S3Uri);
    if (uri === undefined) throw new LocalStepError(`channel "${name}" does not read from S3 (FileSystemDataSource needs AWS)`);
    if (source.S3DataType === "ManifestFile" || source.S3DataType === "AugmentedManifestFile") {
      throw new LocalStepError(`channel "${name}" is a ${String(source.S3DataType)}, which local runs do not read: use S3Prefix`);
    }
    await context.store.download(uri, sandboxPath(sandbox, `${INPUT}/data/${name}`));
    channels.push({ name, uri });
  }
  const hyperparameters = stringMap(args.HyperParameters);
  const config = sandboxPath(sandbox, `${INPUT}/config`);
  await mkdir(config, { recursive: true });
  await mkdir(sandboxPath(sandbox, MODEL), { recursive: true });
  await mkdir(sandboxPath(sandbox, OUTPUT_DATA), { recursive: true });
  await writeFile(join(config, "hyperparameters.json"), JSON.stringify(hyperparameters, null, 2));
  await writeFile(
    join(config, "inputdataconfig.json"),
    JSON.stringify(Object.fromEntries(list(args.InputDataConfig).map((c) => [text(c.ChannelName) ?? "training", { ContentType: text(c.ContentType) ?? "", TrainingInputMode: "File" }])), null, 2),
  );
  await writeFile(join(config, "resourceconfig.json"), JSON.stringify({ current_host: "algo-1", hosts: ["algo-1"], network_interface_name: "eth0" }, null, 2));

  const environment: Record<string, string> = {
    ...stringMap(args.Environment),
    TRAINING_JOB_NAME: jobName,
    SM_MODEL_DIR: MODEL,
    SM_INPUT_DIR: INPUT,
    SM_INPUT_DATA_DIR: `${INPUT}/data`,
    SM_INPUT_CONFIG_DIR: `${INPUT}/config`,
    SM_OUTPUT_DIR: "/opt/ml/output",
    SM_OUTPUT_DATA_DIR: OUTPUT_DATA,
    SM_CHANNELS: JSON.stringify(channels.map((c) => c.name)),
    SM_HPS: JSON.stringify(hyperparameters),
    SM_CURRENT_HOST: "algo-1",
    SM_HOSTS: JSON.stringify(["algo-1"]),
    SM_NUM_CPUS: String(cpus().length),
    SM_NUM_GPUS: "0",
  };
  for (const channel of channels) environment[`SM_CHANNEL_${channel.name.toUpperCase()}`] = `${INPUT}/data/${channel.name}`;
  for (const [name, value] of Object.entries(hyperparameters)) environment[`SM_HP_${name.toUpperCase()}`] = value;

  const own = context.commands[step.name] ?? [...stringList(algorithm.ContainerEntrypoint), ...stringList(algorithm.ContainerArguments)];
  const script = own.length === 0 ? scriptModeOf(hyperparameters) : undefined;
  let command = own;
  let cwd: string | undefined;
  if (script !== undefined) {
    // the training toolkit: unpack the code, report its requirements, run the entry point with the hyperparameters
    await unpackCode(script.submitDirectory, CODE, sandbox, context);
    const python = pythonOf(context);
    reportRequirements(step.name, CODE, sandbox, python, context);
    command = await entryPointCommand(script.program, CODE, sandbox, toCmdArgs(script.hyperparameters));
    cwd = CODE;
    Object.assign(environment, await pythonOnPath(sandbox, python));
    const instanceType = text(record(args.ResourceConfig).InstanceType) ?? "local";
    const inputDataConfig = Object.fromEntries(
      list(args.InputDataConfig).map((c) => [text(c.ChannelName) ?? "training", { ContentType: text(c.ContentType) ?? "", TrainingInputMode: "File", S3DistributionType: "FullyReplicated", RecordWrapperType: "None" }]),
    );
    // the toolkit's SM_HP_* are the user's hyperparameters only, decoded
    for (const key of Object.keys(environment)) if (key.startsWith("SM_HP_")) delete environment[key];
    Object.assign(
      environment,
      toolkitEnvironment({ script, jobName, channels: channels.map((c) => c.name), instanceType, numCpus: cpus().length, inputDataConfig }),
    );
  }
  if (command.length === 0) {
    throw new LocalStepError(`the step has no ContainerEntrypoint (the image's own "train" program runs in SageMaker): give it a local command, e.g. commands: { ${step.name}: ["python3", "train.py"] }`);
  }
  const logFile = join(context.runDir, "logs", `${step.name}.log`);
  const definitions = list(algorithm.MetricDefinitions).map((d) => ({ Name: text(d.Name) ?? "", Regex: text(d.Regex) ?? "" }));
  const metricParser = new MetricParser(definitions);
  await runContainer({
    ...containerOptions(context),
    ...(script !== undefined ? { interpreters: scriptInterpreters(context) } : {}),
    sandbox,
    command,
    environment,
    ...(cwd !== undefined ? { cwd } : {}),
    logFile,
    ...timeoutOf(args),
    onLine: (line) => {
      metricParser.line(line);
      context.onLog?.(step.name, line);
    },
  });

  const properties = defaultProperties(invocation);
  const modelUri = String((properties.ModelArtifacts as { S3ModelArtifacts: string }).S3ModelArtifacts);
  const archive = join(sandbox, "model.tar.gz");
  await writeFile(archive, await packDirectory(sandboxPath(sandbox, MODEL)));
  await context.store.putFile(archive, modelUri);
  const outputData = sandboxPath(sandbox, OUTPUT_DATA);
  if ((await listFiles(outputData)).length > 0) {
    const outputArchive = join(sandbox, "output.tar.gz");
    await writeFile(outputArchive, await packDirectory(outputData));
    await context.store.putFile(outputArchive, modelUri.replace(/model\.tar\.gz$/, "output.tar.gz"));
  }
  const metrics = metricParser.values;
  const timestamp = new Date().toISOString();
  return {
    properties: {
      ...properties,
      FinalMetricDataList: Object.entries(metrics).map(([MetricName, Value]) => ({ MetricName, Value, Timestamp: timestamp })),
    },
    details: {
      image: text(algorithm.TrainingImage) ?? "",
      ...instanceTypeOf(record(args.ResourceConfig).InstanceType),
      inputs: channels,
      outputs: [{ name: "model", uri: modelUri }],
      code: codeOf(context.assets, channels),
      hyperparameters,
      metrics,
      logFile,
    },
  };
}
