import type { GraphStep } from "./graph.js";
import { list, record } from "../runtime/json-fields.js";

/**
 * What a local run writes where, checked before anything is written: container paths stay under
 * their `/opt/ml` directory, outputs go to `s3://` URIs (the local object store), and names that
 * become file names (model package groups, endpoints) are valid SageMaker names. Values that are not
 * known yet (an expression that reads another step's properties) are skipped: the same check runs
 * again on the resolved Arguments when the step starts.
 */

/** SageMaker's rule for resource names: 1–63 of `[a-zA-Z0-9-]`, starting and ending alphanumeric. */
const RESOURCE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** SageMaker's rule for pipeline names (1–256). */
const PIPELINE_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/;

/** What a local execution id may be: it names the run's directory. */
const EXECUTION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** A problem with a name that becomes a file or directory name, or undefined. */
export function resourceNameProblem(value: unknown, what: string): string | undefined {
  if (typeof value !== "string" || RESOURCE_NAME.test(value)) return undefined;
  return `${what} ${JSON.stringify(value)} is not a valid SageMaker name (1–63 letters, digits and hyphens)`;
}

/** A problem with a run's execution id, or undefined. */
export function executionIdProblem(executionId: string): string | undefined {
  if (EXECUTION_ID.test(executionId)) return undefined;
  return `execution id ${JSON.stringify(executionId)} is not usable: it must be 1–128 letters, digits, "-" and "_", starting with a letter or digit (it names the run's directory)`;
}

/** A problem with the pipeline's name (it names the cache directory), or undefined. */
export function pipelineNameProblem(name: string): string | undefined {
  if (PIPELINE_NAME.test(name)) return undefined;
  return `pipeline name ${JSON.stringify(name)} is not a valid SageMaker pipeline name (1–256 letters, digits and hyphens)`;
}

/** A problem with a container path that must lie under `root` (e.g. `/opt/ml/processing/`), or undefined. */
export function containerPathProblem(value: unknown, root: string, what: string): string | undefined {
  if (typeof value !== "string") return undefined;
  const segments = value.split("/");
  if (value.startsWith(root) && !segments.includes("..") && !segments.includes(".")) return undefined;
  return `${what} ${JSON.stringify(value)} is not a path under ${root} (no ".." segments)`;
}

/** A problem with a URI the runner writes to, or undefined: it must be `s3://bucket/key`, without `..`. */
export function writeUriProblem(value: unknown, what: string): string | undefined {
  if (typeof value !== "string") return undefined;
  if (!value.startsWith("s3://")) return `${what} ${JSON.stringify(value)}, which is not an s3:// URI (outputs go to S3; locally, to the object store in the workdir)`;
  const [bucket, ...key] = value.slice("s3://".length).split("/");
  if (bucket === undefined || bucket === "" || bucket === "." || bucket === ".." || key.includes("..")) {
    return `${what} ${JSON.stringify(value)}, which is not an S3 URI the local object store can hold (s3://bucket/key, no ".." segments)`;
  }
  return undefined;
}

/**
 * Everything a step would write outside its place (or read from outside its outputs: a property
 * file's path): checked on the step's Arguments, resolved as far as they can be (strings are
 * checked, anything else is not known yet).
 */
export function writeProblems(step: GraphStep, args: unknown): string[] {
  const problems: (string | undefined)[] = [];
  const where = `${step.type} step "${step.name}":`;
  const argsRecord = record(args);
  switch (step.type) {
    case "Processing": {
      for (const input of list(argsRecord.ProcessingInputs)) {
        const name = typeof input.InputName === "string" ? input.InputName : "input";
        problems.push(containerPathProblem(record(input.S3Input).LocalPath, "/opt/ml/processing/", `${where} input "${name}" LocalPath`));
        problems.push(containerPathProblem(record(input.DatasetDefinition).LocalPath, "/opt/ml/processing/", `${where} input "${name}" LocalPath`));
      }
      for (const output of list(record(argsRecord.ProcessingOutputConfig).Outputs)) {
        const name = typeof output.OutputName === "string" ? output.OutputName : "output";
        const s3 = record(output.S3Output);
        problems.push(containerPathProblem(s3.LocalPath, "/opt/ml/processing/", `${where} output "${name}" LocalPath`));
        problems.push(writeUriProblem(s3.S3Uri, `${where} output "${name}" goes to`));
      }
      // a property file is read from its output's directory: a path that leaves it would read a file of this machine
      for (const file of list(step.value.PropertyFiles)) {
        const path = file.FilePath;
        if (typeof path !== "string" || !path.split("/").includes("..")) continue;
        const name = typeof file.PropertyFileName === "string" ? file.PropertyFileName : "file";
        problems.push(`${where} property file "${name}" FilePath ${JSON.stringify(path)} leaves its output (no ".." segments): name a file the step writes under it, e.g. "evaluation.json"`);
      }
      break;
    }
    case "Training": {
      const output = record(argsRecord.OutputDataConfig).S3OutputPath;
      problems.push(writeUriProblem(output, `${where} OutputDataConfig.S3OutputPath`)?.replace(/, which is not/, " is not"));
      for (const channel of list(argsRecord.InputDataConfig)) {
        const name = channel.ChannelName;
        if (typeof name === "string" && (!/^[A-Za-z0-9._-]{1,64}$/.test(name) || name === "." || name === "..")) {
          problems.push(`${where} channel name ${JSON.stringify(name)} is not a valid channel name (1–64 letters, digits, ".", "-" and "_"; not "." or "..")`);
        }
      }
      break;
    }
    case "RegisterModel":
      if (argsRecord.ModelPackageGroupName !== undefined) problems.push(resourceNameProblem(argsRecord.ModelPackageGroupName, `${where} ModelPackageGroupName`));
      else problems.push(resourceNameProblem(argsRecord.ModelPackageName, `${where} ModelPackageName`));
      break;
    case "EndpointConfig":
      problems.push(resourceNameProblem(argsRecord.EndpointConfigName, `${where} EndpointConfigName`));
      break;
    case "Endpoint":
      problems.push(resourceNameProblem(argsRecord.EndpointName, `${where} EndpointName`));
      break;
  }
  return problems.filter((problem): problem is string => problem !== undefined);
}
