import type { PipelineNode } from "../model/pipeline-node.js";
import { applyAlerts, applyTriggers, listTriggers, removeTriggers, type TriggerListing } from "../triggers/apply.js";
import type { TriggerChange, TriggerChanges } from "../triggers/changes.js";
import { guardedAws } from "./aws-commands.js";
import { isPipelineModule, loadPipelineModule } from "./load-pipeline.js";
import { UsageError, type CliIo } from "./run.js";

/** The usage text of `sagepipe triggers`. */
export const TRIGGERS_USAGE = `Usage: sagepipe triggers list|apply|remove <pipeline.ts|name> [options]

  list <pipeline.ts|name>      what sagepipe manages in AWS for the pipeline: S3 trigger rules, schedules,
                               alert rules (read from AWS)
  apply <pipeline.ts>          apply the triggers, schedules and failure alert declared in the pipeline
                               (.trigger(onS3(...)), .schedule(...), .onFailure(...)); idempotent: what is
                               already there is not written again, what is no longer declared is removed
      --role-arn ARN           the role EventBridge and Scheduler assume to start the pipeline (for
                               declarations without their own roleArn)
      --pipeline-arn ARN       the pipeline's ARN (default: DescribePipeline; the pipeline must be deployed)
      --dry-run                say what would change, write nothing
  remove <pipeline.ts|name>    remove the pipeline's trigger rules, schedules and alert rules (the buckets
                               keep sending events to EventBridge) (--dry-run)
      --json                   print the result as JSON

Exit codes: 0 done, 1 AWS error or invalid declaration, 2 usage error or the file cannot be loaded.
`;

/** The options of `sagepipe triggers`, in the shape of node:util parseArgs. */
export const TRIGGERS_OPTIONS = {
  json: { type: "boolean", default: false },
  "dry-run": { type: "boolean", default: false },
  "role-arn": { type: "string" },
  "pipeline-arn": { type: "string" },
} as const;

/** Parsed arguments of `sagepipe triggers`: the subcommand and the pipeline are positionals. */
export interface TriggersCommandArgs {
  readonly values: { json?: boolean; "dry-run"?: boolean; "role-arn"?: string; "pipeline-arn"?: string };
  readonly positionals: string[];
}

/**
 * `sagepipe triggers list|apply|remove <pipeline.ts|name> [--role-arn ARN] [--pipeline-arn ARN]
 * [--dry-run] [--json]`. `apply` needs the pipeline file (the declarations are in code) and
 * applies the triggers, schedules and alert; `list` and `remove` also take a deployed pipeline's
 * name. Exit 0 done, 1 an AWS error or an invalid declaration, 2 a usage error or a file that
 * cannot be loaded (the usage is printed).
 *
 * @example
 * ```ts
 * await triggersCommand({ values: { "role-arn": role }, positionals: ["apply", "pipeline.ts"] }, io)
 * // 0, and io.stdout: "ChurnPipeline: 2 created, 0 updated, 1 unchanged, 0 removed\n  + rule sagepipe-ChurnPipeline-s3-data ..."
 * ```
 */
export async function triggersCommand(args: TriggersCommandArgs, io: CliIo): Promise<number> {
  try {
    return await run(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`sagepipe triggers: ${error.message}\n\n${TRIGGERS_USAGE}`);
    return 2;
  }
}

async function run({ values, positionals }: TriggersCommandArgs, io: CliIo): Promise<number> {
  const [subcommand, target, ...extra] = positionals;
  if (subcommand !== "list" && subcommand !== "apply" && subcommand !== "remove") {
    throw new UsageError(subcommand === undefined ? "say list, apply or remove" : `unknown subcommand "${subcommand}": use list, apply or remove`);
  }
  if (target === undefined) throw new UsageError(`triggers ${subcommand} needs a pipeline file or a pipeline name`);
  if (extra.length > 0) throw new UsageError(`triggers ${subcommand} takes one pipeline, got ${extra.length + 1}`);
  if (subcommand === "apply" && !isPipelineModule(target)) {
    throw new UsageError(`triggers apply needs the pipeline file, where the triggers are declared (got "${target}")`);
  }
  if (subcommand !== "apply" && (values["role-arn"] !== undefined || values["pipeline-arn"] !== undefined)) {
    throw new UsageError(`--role-arn and --pipeline-arn are options of triggers apply`);
  }
  if (subcommand === "list" && values["dry-run"] === true) throw new UsageError("--dry-run is an option of triggers apply and remove");
  const json = values.json === true;
  const dryRun = values["dry-run"] === true;

  return guardedAws(io, async () => {
    const subject: PipelineNode | string = isPipelineModule(target) ? (await loadPipelineModule(target, io.cwd)).pipeline.toNode() : target;
    if (subcommand === "list") {
      const listing = await listTriggers(subject);
      io.stdout(json ? `${JSON.stringify(listing, null, 2)}\n` : formatListing(listing));
      return 0;
    }
    if (subcommand === "remove") {
      const result = await removeTriggers(subject, { dryRun });
      io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : formatChanges(result));
      return 0;
    }
    const node = subject as PipelineNode;
    const roleArn = values["role-arn"];
    const triggers = await applyTriggers(node, { dryRun, ...(roleArn === undefined ? {} : { roleArn }), ...(values["pipeline-arn"] === undefined ? {} : { pipelineArn: values["pipeline-arn"] }) });
    const pipelineArn = values["pipeline-arn"] ?? triggers.pipelineArn;
    const alerts = await applyAlerts(node, { dryRun, ...(pipelineArn === undefined ? {} : { pipelineArn }) });
    const arn = pipelineArn ?? alerts.pipelineArn;
    const result: TriggerChanges = {
      pipelineName: node.name,
      ...(arn === undefined ? {} : { pipelineArn: arn }),
      dryRun,
      changes: [...triggers.changes, ...alerts.changes],
    };
    io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : formatChanges(result));
    return 0;
  });
}

const SIGN: Record<TriggerChange["action"], string> = { created: "+", updated: "~", unchanged: "=", removed: "-" };

/**
 * The changes of an apply or remove, one line each, after a count by action.
 *
 * @example
 * ```ts
 * formatChanges(result) // "Churn: 1 created, 0 updated, 0 unchanged, 0 removed\n  + rule sagepipe-Churn-s3-data (S3 trigger s3-data)\n"
 * ```
 */
export function formatChanges(result: TriggerChanges): string {
  const count = (action: TriggerChange["action"]) => result.changes.filter((c) => c.action === action).length;
  const head = `${result.pipelineName}: ${count("created")} created, ${count("updated")} updated, ${count("unchanged")} unchanged, ${count("removed")} removed${result.dryRun ? " (dry run: nothing written)" : ""}\n`;
  if (result.changes.length === 0) return `${result.pipelineName}: nothing to do (no triggers, schedules or alerts declared or managed by sagepipe)\n`;
  const lines = result.changes.map((change) => {
    const what = change.kind === undefined ? "" : ` (${change.kind === "s3-trigger" ? "S3 trigger" : change.kind}${change.id === undefined ? "" : ` ${change.id}`})`;
    const changed = change.changed === undefined ? "" : `: ${change.changed.join(", ")}`;
    return `  ${SIGN[change.action]} ${change.resource} ${change.name}${what}${changed}\n`;
  });
  return head + lines.join("");
}

/**
 * What `listTriggers` found, one line per rule and schedule.
 *
 * @example
 * ```ts
 * formatListing(listing) // "Churn\n  rule sagepipe-Churn-s3-data  s3-trigger s3-data  ENABLED  → arn:aws:sagemaker:...\n"
 * ```
 */
export function formatListing(listing: TriggerListing): string {
  if (listing.rules.length === 0 && listing.schedules.length === 0) return `${listing.pipelineName}: no triggers, schedules or alerts managed by sagepipe\n`;
  const rules = listing.rules.map((r) => `  rule ${r.name}  ${r.kind} ${r.id}  ${r.state ?? "?"}  → ${r.targets.join(", ") || "no target"}\n`);
  const schedules = listing.schedules.map(
    (s) => `  schedule ${s.name} (group ${s.group})  ${s.expression ?? "?"}${s.timezone === undefined ? "" : ` ${s.timezone}`}  ${s.state ?? "?"}  → ${s.targetArn}\n`,
  );
  return `${listing.pipelineName}\n${rules.join("")}${schedules.join("")}`;
}
