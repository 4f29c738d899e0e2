import { resolve } from "node:path";
import { listLocalModelVersions } from "../local/registry.js";
import { approveModel, rejectModel, type ModelVersionRef } from "../registry/approval.js";
import { resolveChampionMetric } from "../registry/champion.js";
import { RegistryError } from "../registry/errors.js";
import { resolveLocalChampionMetric } from "../registry/local-champion.js";
import { checkMetricPath, reportKey } from "../registry/metric-report.js";
import { APPROVAL_STATUSES, listModelVersions, type ApprovalStatus } from "../registry/model-versions.js";
import { guardedAws } from "./aws-commands.js";
import { UsageError, type CliIo } from "./run.js";

/** The `sagepipe registry` lines of the CLI's usage text. */
export const REGISTRY_USAGE = `  registry list <group>        the model package group's versions, newest first
      --status Approved|Rejected|PendingManualApproval
      --workdir DIR            read the local registry of sagepipe run --local instead of SageMaker
      --json
  registry approve|reject <model-package-arn|group/version>
                               set the approval status (an approval can trigger the deploy rule)
      --reason TEXT            stored as the package's ApprovalDescription
  registry champion <group> --metric PATH
                               the newest approved version's metric, read from its ModelQuality.Statistics
                               report: the baseline to pass as a parameter (prints the number alone)
      --fallback N             the value when no version is approved yet (otherwise exit 1)
      --report CATEGORY.KIND   another ModelMetrics report (default ModelQuality.Statistics)
      --workdir DIR, --json
`;

/** The options `sagepipe registry` takes, for `parseArgs`. */
export const REGISTRY_OPTIONS = {
  status: { type: "string" },
  reason: { type: "string" },
  metric: { type: "string" },
  fallback: { type: "string" },
  report: { type: "string" },
  workdir: { type: "string" },
  json: { type: "boolean", default: false },
} as const;

/** Parsed arguments of `sagepipe registry`: the subcommand is the first positional. */
export interface RegistryCommandArgs {
  readonly values: {
    status?: string;
    reason?: string;
    metric?: string;
    fallback?: string;
    report?: string;
    workdir?: string;
    json?: boolean;
  };
  readonly positionals: string[];
}

/**
 * `sagepipe registry list|approve|reject|champion ...`: the model registry from the command line.
 * Exit 0 ok, 1 an AWS error or a registry error (no champion and no `--fallback`, a missing report
 * or metric), 2 a usage error.
 *
 * @example
 * ```ts
 * await registryCommand({ values: { metric: "metrics.accuracy.value", fallback: "0" }, positionals: ["champion", "churn-models"] }, io)
 * // 0, and io.stdout: "0.92\n"
 * ```
 */
export async function registryCommand({ values, positionals }: RegistryCommandArgs, io: CliIo): Promise<number> {
  const [subcommand, ...rest] = positionals;
  switch (subcommand) {
    case "list":
      return listVersions(one(rest, "registry list takes one model package group: sagepipe registry list <group>"), values, io);
    case "approve":
    case "reject":
      return setStatus(subcommand, one(rest, `registry ${subcommand} takes one model version: sagepipe registry ${subcommand} <model-package-arn|group/version>`), values, io);
    case "champion":
      return champion(one(rest, "registry champion takes one model package group: sagepipe registry champion <group> --metric PATH"), values, io);
    case undefined:
      throw new UsageError("registry needs a subcommand: list, approve, reject or champion");
    default:
      throw new UsageError(`unknown registry subcommand "${subcommand}": use list, approve, reject or champion`);
  }
}

function one(positionals: readonly string[], usage: string): string {
  const [first, ...extra] = positionals;
  if (first === undefined || extra.length > 0) throw new UsageError(usage);
  return first;
}

function approvalStatus(value: string | undefined): ApprovalStatus | undefined {
  if (value === undefined) return undefined;
  const status = APPROVAL_STATUSES.find((s) => s === value);
  if (status === undefined) throw new UsageError(`--status must be ${APPROVAL_STATUSES.join(", ")}, got "${value}"`);
  return status;
}

/** A version as the list prints it (a local registry's status is whatever the run registered). */
interface VersionRow {
  readonly version: number;
  readonly approvalStatus: string;
  readonly createdAt?: Date;
  readonly arn: string;
  readonly description?: string;
}

async function listVersions(group: string, values: RegistryCommandArgs["values"], io: CliIo): Promise<number> {
  const status = approvalStatus(values.status);
  return guardedAws(io, async () => {
    const versions: readonly VersionRow[] =
      values.workdir === undefined
        ? await listModelVersions(group, status === undefined ? {} : { status })
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
      return 0;
    }
    const count = `${versions.length} version${versions.length === 1 ? "" : "s"}${status === undefined ? "" : ` ${status}`}`;
    io.stdout(`${group}: ${count}\n${versions.map((v) => `${versionLine(v)}\n`).join("")}`);
    return 0;
  });
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

async function setStatus(action: "approve" | "reject", target: string, values: RegistryCommandArgs["values"], io: CliIo): Promise<number> {
  const model = modelVersionRef(target);
  if (values.workdir !== undefined) throw new UsageError(`registry ${action} changes a model version in SageMaker; --workdir (a local registry) is not supported`);
  if (values.reason !== undefined && values.reason.length > 1024) throw new UsageError(`--reason is ${values.reason.length} characters long; at most 1024 are stored`);
  const options = values.reason === undefined ? {} : { reason: values.reason };
  return guardedAws(io, async () => {
    const result = action === "approve" ? await approveModel(model, options) : await rejectModel(model, options);
    io.stdout(values.json === true ? `${JSON.stringify(result, null, 2)}\n` : `${result.arn}: ${result.approvalStatus}\n`);
    return 0;
  });
}

async function champion(group: string, values: RegistryCommandArgs["values"], io: CliIo): Promise<number> {
  const metric = values.metric;
  if (metric === undefined) throw new UsageError("registry champion needs --metric PATH, e.g. --metric metrics.accuracy.value");
  const fallback = values.fallback === undefined ? undefined : Number(values.fallback);
  if (fallback !== undefined && (values.fallback?.trim() === "" || !Number.isFinite(fallback))) {
    throw new UsageError(`--fallback must be a number, got "${values.fallback}"`);
  }
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
  return guardedAws(io, async () => {
    const resolved = values.workdir === undefined ? await championOnAws(options) : await championLocally(resolve(io.cwd, values.workdir), options);
    const { value, source, version } = resolved;
    if (values.json === true) {
      io.stdout(`${JSON.stringify({ group, metric, ...resolved }, null, 2)}\n`);
    } else {
      io.stderr(source === "fallback" ? `${group}: no approved version yet, using the fallback\n` : `${group}: champion is version ${version} (${metric})\n`);
      io.stdout(`${value}\n`);
    }
    return 0;
  });
}

/** What `registry champion` reports. */
interface ChampionLine {
  readonly value: number;
  readonly source: "champion" | "fallback";
  readonly version?: number;
  readonly reportUri?: string;
}

type ChampionOptions = { readonly group: string; readonly metric: string; readonly fallback?: number; readonly report?: string };

async function championOnAws(options: ChampionOptions): Promise<ChampionLine> {
  const { value, source, model, reportUri } = await resolveChampionMetric(options);
  return { value, source, ...(model === undefined ? {} : { version: model.version }), ...(reportUri === undefined ? {} : { reportUri }) };
}

async function championLocally(workdir: string, options: ChampionOptions): Promise<ChampionLine> {
  const { value, source, model } = await resolveLocalChampionMetric(workdir, options);
  return { value, source, ...(model === undefined ? {} : { version: model.modelPackageVersion }) };
}
