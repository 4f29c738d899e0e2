import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { listLocalModelVersions } from "../../local/registry.js";
import { approveModel, rejectModel, type ModelVersionRef } from "../../registry/approval.js";
import { resolveChampionMetric } from "../../registry/champion.js";
import { RegistryError } from "../../registry/errors.js";
import { resolveLocalChampionMetric } from "../../registry/local-champion.js";
import { checkMetricPath, reportKey } from "../../registry/metric-report.js";
import { APPROVAL_STATUSES, listModelVersions, type ApprovalStatus } from "../../registry/model-versions.js";
import { awsClients, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { EXIT, UsageError, type CliContext, type CliIo } from "../context.js";
import { finiteNumber } from "../options.js";
import type { AwsClients } from "../../aws/clients.js";

/** The options of `sagepipe registry list|approve|reject|champion`, as commander parses them (each takes its own). */
export interface RegistryCommandOptions extends AwsCommandOptions {
  readonly status?: ApprovalStatus;
  readonly reason?: string;
  readonly metric?: string;
  readonly fallback?: number;
  readonly report?: string;
  readonly workdir?: string;
  readonly json?: boolean;
}

/**
 * Declares `sagepipe registry list|approve|reject|champion`.
 *
 * @example
 * ```ts
 * registerRegistry(program, context) // sagepipe registry champion churn-models --metric metrics.accuracy.value --fallback 0
 * ```
 */
export function registerRegistry(program: Command, context: CliContext): void {
  const registry = program
    .command("registry")
    .summary("the model registry: list versions, approve or reject one, read the champion's metric")
    .description("The model registry from the command line: list a model package group's versions, approve or reject one, read the champion's metric.");
  const json = () => new Option("--json", "print the result as JSON");
  const workdir = () => new Option("--workdir <dir>", "read the local registry of sagepipe run --local instead of SageMaker");
  withAwsOptions(registry.command("list"))
    .description("the model package group's versions, newest first")
    .argument("<group>", "the model package group")
    .addOption(new Option("--status <status>", "only the versions with this approval status").choices(APPROVAL_STATUSES))
    .addOption(workdir())
    .addOption(json())
    .action(context.action((group: string, options: RegistryCommandOptions) => listVersions(group, options, context.io)));
  for (const action of ["approve", "reject"] as const) {
    withAwsOptions(registry.command(action))
      .description(`set the approval status to ${action === "approve" ? "Approved (an approval can trigger the deploy rule)" : "Rejected"}`)
      .argument("<model>", "a model package ARN, or <group>/<version> (e.g. churn-models/7)")
      .option("--reason <text>", "stored as the package's ApprovalDescription (at most 1024 characters)")
      .addOption(json())
      .action(context.action((model: string, options: RegistryCommandOptions) => setStatus(action, model, options, context.io)));
  }
  withAwsOptions(registry.command("champion"))
    .description(
      "the newest approved version's metric, read from its ModelQuality.Statistics report: the baseline to pass as a parameter (prints the number alone)",
    )
    .argument("<group>", "the model package group")
    .requiredOption("--metric <path>", "the metric's path in the report, e.g. metrics.accuracy.value")
    .option("--fallback <N>", "the value when no version is approved yet (otherwise exit 1)", finiteNumber)
    .option("--report <category.kind>", "another ModelMetrics report (default ModelQuality.Statistics)")
    .addOption(workdir())
    .addOption(json())
    .action(context.action((group: string, options: RegistryCommandOptions) => champion(group, options, context.io)));
}

/** A version as the list prints it (a local registry's status is whatever the run registered). */
interface VersionRow {
  readonly version: number;
  readonly approvalStatus: string;
  readonly createdAt?: Date;
  readonly arn: string;
  readonly description?: string;
}

async function listVersions(group: string, values: RegistryCommandOptions, io: CliIo): Promise<number> {
  const { status } = values;
  const versions: readonly VersionRow[] =
    values.workdir === undefined
      ? await listModelVersions(group, { clients: awsClients(values), ...(status === undefined ? {} : { status }) })
      : (await listLocalModelVersions(resolve(io.cwd, values.workdir), group))
          .filter((local) => status === undefined || local.approvalStatus === status)
          .reverse()
          .map((local) => ({
            arn: local.modelPackageArn,
            group,
            version: local.modelPackageVersion,
            approvalStatus: local.approvalStatus,
            createdAt: new Date(local.createdAt),
          }));
  if (values.json === true) {
    io.stdout(`${JSON.stringify(versions, null, 2)}\n`);
    return EXIT.ok;
  }
  const count = `${versions.length} version${versions.length === 1 ? "" : "s"}${status === undefined ? "" : ` ${status}`}`;
  io.stdout(`${group}: ${count}\n${versions.map((v) => `${versionLine(v)}\n`).join("")}`);
  return EXIT.ok;
}

function versionLine(version: VersionRow): string {
  const created = version.createdAt?.toISOString().replace(/\.\d{3}Z$/, "Z") ?? "";
  const description = version.description === undefined || version.description === "" ? "" : `  ${version.description}`;
  return `  ${String(version.version).padStart(4)}  ${version.approvalStatus.padEnd(21)}  ${created.padEnd(20)}  ${version.arn}${description}`;
}

/** An ARN, or `group/version` (e.g. `churn-models/7`). */
function modelVersionRef(text: string): ModelVersionRef {
  if (text.startsWith("arn:")) return text;
  const match = /^([a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62})\/(\d+)$/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new UsageError(`expected a model package ARN or <group>/<version> (e.g. churn-models/7), got "${text}"`);
  }
  return { group: match[1], version: Number(match[2]) };
}

async function setStatus(action: "approve" | "reject", target: string, values: RegistryCommandOptions, io: CliIo): Promise<number> {
  const model = modelVersionRef(target);
  if (values.reason !== undefined && values.reason.length > 1024) throw new UsageError(`--reason is ${values.reason.length} characters long; at most 1024 are stored`);
  const options = { clients: awsClients(values), ...(values.reason === undefined ? {} : { reason: values.reason }) };
  const result = action === "approve" ? await approveModel(model, options) : await rejectModel(model, options);
  io.stdout(values.json === true ? `${JSON.stringify(result, null, 2)}\n` : `${result.arn}: ${result.approvalStatus}\n`);
  return EXIT.ok;
}

async function champion(group: string, values: RegistryCommandOptions, io: CliIo): Promise<number> {
  const { metric, fallback } = values;
  if (metric === undefined) throw new UsageError("registry champion needs --metric PATH, e.g. --metric metrics.accuracy.value");
  try {
    checkMetricPath(metric);
    if (values.report !== undefined) reportKey(values.report);
  } catch (error) {
    if (error instanceof RegistryError) throw new UsageError(error.message);
    throw error;
  }
  const options = {
    group,
    metric,
    ...(fallback === undefined ? {} : { fallback }),
    ...(values.report === undefined ? {} : { report: values.report }),
  };
  const resolved = values.workdir === undefined ? await championOnAws({ ...options, clients: awsClients(values) }) : await championLocally(resolve(io.cwd, values.workdir), options);
  const { value, source, version } = resolved;
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ group, metric, ...resolved }, null, 2)}\n`);
  } else {
    io.stderr(source === "fallback" ? `${group}: no approved version yet, using the fallback\n` : `${group}: champion is version ${version} (${metric})\n`);
    io.stdout(`${value}\n`);
  }
  return EXIT.ok;
}

/** What `registry champion` reports. */
interface ChampionLine {
  readonly value: number;
  readonly source: "champion" | "fallback";
  readonly version?: number;
  readonly reportUri?: string;
}

type ChampionOptions = { readonly group: string; readonly metric: string; readonly fallback?: number; readonly report?: string };

async function championOnAws(options: ChampionOptions & { readonly clients: AwsClients }): Promise<ChampionLine> {
  const { value, source, model, reportUri } = await resolveChampionMetric(options);
  return { value, source, ...(model === undefined ? {} : { version: model.version }), ...(reportUri === undefined ? {} : { reportUri }) };
}

async function championLocally(workdir: string, options: ChampionOptions): Promise<ChampionLine> {
  const { value, source, model } = await resolveLocalChampionMetric(workdir, options);
  return { value, source, ...(model === undefined ? {} : { version: model.modelPackageVersion }) };
}
