import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { StepInvocation, StepResult } from "../engine.js";
import { LocalStepError } from "../errors.js";
import { runContainer, sandboxPath, type ContainerProcess } from "../container.js";
import type { DataLocation } from "../../runtime/run-record.js";
import { defaultProperties } from "../step-properties.js";
import { codeOf, type LocalStepContext } from "./context.js";
import { runprocCommand, sagepipeRunproc, scriptInterpreters } from "./script-mode.js";
import { list, record, text } from "../../runtime/json-fields.js";
import { MAX_DATA_DEPTH, tooDeepAt } from "../../validate/json-data.js";

/**
 * Runs a Processing step as a local process: each `S3Input` is copied to its container path in the
 * step's sandbox, the entrypoint runs with `/opt/ml/...` paths remapped, and each output directory is
 * copied to its `S3Output` URI. Property files are read from the outputs. The `runproc.sh` of a
 * framework processor that sagepipe wrote is not run as it is: its script runs with the local Python
 * in the unpacked code directory, and its `requirements.txt` is reported, not installed.
 */
export async function runProcessing(invocation: StepInvocation, context: LocalStepContext): Promise<StepResult> {
  const { step, arguments: args } = invocation;
  const sandbox = join(context.runDir, "steps", step.name);
  await rm(sandbox, { recursive: true, force: true });
  const app = record(args.AppSpecification);
  const inputs: DataLocation[] = [];
  for (const input of list(args.ProcessingInputs)) {
    const name = text(input.InputName) ?? "input";
    if (input.DatasetDefinition !== undefined) throw new LocalStepError(`input "${name}" reads a DatasetDefinition (Athena/Redshift), which needs AWS`);
    const s3 = record(input.S3Input);
    const uri = text(s3.S3Uri);
    const localPath = text(s3.LocalPath);
    if (uri === undefined || localPath === undefined) continue;
    if (s3.S3DataType === "ManifestFile") throw new LocalStepError(`input "${name}" is a ManifestFile, which local runs do not read: use S3Prefix`);
    await context.store.download(uri, sandboxPath(sandbox, localPath));
    inputs.push({ name, uri });
  }
  const outputs = list(record(args.ProcessingOutputConfig).Outputs).flatMap((output) => {
    const s3 = record(output.S3Output);
    const uri = text(s3.S3Uri);
    const localPath = text(s3.LocalPath);
    return uri !== undefined && localPath !== undefined ? [{ name: text(output.OutputName) ?? "output", uri, localPath }] : [];
  });
  for (const output of outputs) await mkdir(sandboxPath(sandbox, output.localPath), { recursive: true });

  let command = context.commands[step.name] ?? [...stringList(app.ContainerEntrypoint), ...stringList(app.ContainerArguments)];
  let cwd: string | undefined;
  let environment = stringMap(args.Environment);
  // a framework processor's runproc.sh that sagepipe wrote: run what it runs, with the local Python, without pip
  const runproc = context.commands[step.name] === undefined ? await sagepipeRunproc(stringList(app.ContainerEntrypoint), sandbox) : undefined;
  if (runproc !== undefined) {
    const local = await runprocCommand(step.name, runproc, stringList(app.ContainerArguments), sandbox, context);
    ({ command, cwd } = local);
    environment = { ...environment, ...local.environment };
  }
  const logFile = join(context.runDir, "logs", `${step.name}.log`);
  await runContainer({
    ...containerOptions(context),
    ...(runproc !== undefined ? { interpreters: scriptInterpreters(context) } : {}),
    sandbox,
    command,
    environment,
    ...(cwd !== undefined ? { cwd } : {}),
    logFile,
    ...timeoutOf(args),
    onLine: (line) => context.onLog?.(step.name, line),
  });

  for (const output of outputs) {
    const count = await context.store.upload(sandboxPath(sandbox, output.localPath), output.uri);
    if (count === 0) context.warn(step.name, `output "${output.name}" is empty (${output.localPath}): nothing was uploaded to ${output.uri}`);
  }
  const propertyFiles: Record<string, unknown> = {};
  for (const file of list(step.value.PropertyFiles)) {
    const name = text(file.PropertyFileName) ?? "";
    const output = outputs.find((candidate) => candidate.name === file.OutputName);
    const filePath = text(file.FilePath) ?? "";
    if (output === undefined) throw new LocalStepError(`property file "${name}": the step has no output "${String(file.OutputName)}"`);
    const path = join(sandboxPath(sandbox, output.localPath), filePath);
    const content = await readFile(path, "utf8").catch(() => undefined);
    if (content === undefined) {
      throw new LocalStepError(`property file "${name}": the script did not write ${filePath} to output "${output.name}" (${join(output.localPath, filePath)})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(content) as unknown;
    } catch (error) {
      throw new LocalStepError(`property file "${name}": ${filePath} is not valid JSON: ${(error as Error).message}`);
    }
    // the run record and the cache write what a step read: JSON.stringify recurses
    const deep = tooDeepAt(parsed, content.length, MAX_DATA_DEPTH);
    if (deep !== undefined) throw new LocalStepError(`property file "${name}": ${filePath} is ${deep}: sagepipe reads property files up to ${MAX_DATA_DEPTH} levels`);
    propertyFiles[name] = parsed;
  }
  return {
    properties: defaultProperties(invocation),
    propertyFiles,
    details: {
      image: text(app.ImageUri) ?? "",
      ...instanceTypeOf(record(record(args.ProcessingResources).ClusterConfig).InstanceType),
      inputs,
      outputs: outputs.map(({ name, uri }) => ({ name, uri })),
      code: codeOf(context.assets, inputs),
      ...(Object.keys(propertyFiles).length > 0 ? { propertyFiles } : {}),
      logFile,
    },
  };
}

/** What every local process of a run shares: interpreters, isolation, the stop signal and grace. */
export function containerOptions(context: LocalStepContext): Pick<ContainerProcess, "interpreters" | "isolation" | "signal" | "stopGraceMs"> {
  return {
    interpreters: context.interpreters,
    isolation: context.isolation,
    ...(context.signal !== undefined ? { signal: context.signal } : {}),
    ...(context.stopGraceMs !== undefined ? { stopGraceMs: context.stopGraceMs } : {}),
  };
}

/** A list of strings from resolved Arguments. */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => text(item) ?? "") : [];
}

/** A string map (Environment, HyperParameters) from resolved Arguments. */
export function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).map(([key, item]) => [key, text(item) ?? ""]));
}

/** `{ timeoutMs }` from StoppingCondition.MaxRuntimeInSeconds, if set. */
export function timeoutOf(args: Readonly<Record<string, unknown>>): { timeoutMs?: number } {
  const seconds = record(args.StoppingCondition).MaxRuntimeInSeconds;
  return typeof seconds === "number" ? { timeoutMs: seconds * 1000 } : {};
}

/** `{ instanceType }` when it is a string. */
export function instanceTypeOf(value: unknown): { instanceType?: string } {
  return typeof value === "string" ? { instanceType: value } : {};
}
