import { Option, type Command } from "commander";
import type { PipelineNode } from "../../model/pipeline-node.js";
import { applyAlerts, applyTriggers, listTriggers, removeTriggers, type TriggerListing } from "../../triggers/apply.js";
import type { TriggerChange, TriggerChanges } from "../../triggers/changes.js";
import { EXIT, UsageError, type CliContext, type CliIo } from "../context.js";
import { awsClients, withAwsOptions, type AwsCommandOptions } from "../aws-support.js";
import { isPipelineModule, loadPipelineModule } from "../load-pipeline.js";

/** The options of `sagepipe triggers list|apply|remove`, as commander parses them (each takes its own). */
export interface TriggersCommandOptions extends AwsCommandOptions {
  readonly json?: boolean;
  readonly dryRun?: boolean;
  readonly roleArn?: string;
  readonly pipelineArn?: string;
}

type Subcommand = "list" | "apply" | "remove";

/**
 * Declares `sagepipe triggers list|apply|remove`.
 *
 * @example
 * ```ts
 * registerTriggers(program, context) // sagepipe triggers apply pipeline.ts --role-arn "$ROLE" --dry-run
 * ```
 */
export function registerTriggers(program: Command, context: CliContext): void {
  const triggers = program
    .command("triggers")
    .summary("S3 triggers, schedules and the failure alert declared in the pipeline")
    .description(
      "The S3 triggers, schedules and failure alert declared in the pipeline (.trigger(onS3(...)), .schedule(...), .onFailure(...)): list what sagepipe manages in AWS, apply the declarations, or remove them.",
    );
  const json = () => new Option("--json", "print the result as JSON");
  const dryRun = () => new Option("--dry-run", "say what would change, write nothing");
  const action = (subcommand: Subcommand) => context.action((target: string, options: TriggersCommandOptions) => triggersCommand(subcommand, target, options, context.io));
  withAwsOptions(triggers.command("list"))
    .description("what sagepipe manages in AWS for the pipeline: S3 trigger rules, schedules, alert rules (read from AWS)")
    .argument("<pipeline>", "a pipeline module (.ts, .js, ...) or a deployed pipeline's name")
    .addOption(json())
    .action(action("list"));
  withAwsOptions(triggers.command("apply"))
    .description(
      "apply the triggers, schedules and failure alert declared in the pipeline; idempotent: what is already there is not written again, what is no longer declared is removed",
    )
    .argument("<pipeline>", "the pipeline module, where the triggers are declared")
    .option("--role-arn <arn>", "the role EventBridge and Scheduler assume to start the pipeline (for declarations without their own roleArn)")
    .option("--pipeline-arn <arn>", "the pipeline's ARN (default: DescribePipeline; the pipeline must be deployed)")
    .addOption(dryRun())
    .addOption(json())
    .action(action("apply"));
  withAwsOptions(triggers.command("remove"))
    .description("remove the pipeline's trigger rules, schedules and alert rules (the buckets keep sending events to EventBridge)")
    .argument("<pipeline>", "a pipeline module (.ts, .js, ...) or a deployed pipeline's name")
    .addOption(dryRun())
    .addOption(json())
    .action(action("remove"));
}

/**
 * `sagepipe triggers list|apply|remove <pipeline.ts|name>`. `apply` needs the pipeline file (the
 * declarations are in code) and applies the triggers, schedules and alert; `list` and `remove`
 * also take a deployed pipeline's name. Exit 0 done, 1 an AWS error or an invalid declaration,
 * 2 a usage error or a file that cannot be loaded.
 *
 * @example
 * ```ts
 * await triggersCommand("apply", "pipeline.ts", { roleArn: role }, io)
 * // 0, and io.stdout: "ChurnPipeline: 2 created, 0 updated, 1 unchanged, 0 removed\n  + rule sagepipe-ChurnPipeline-s3-data ..."
 * ```
 */
export async function triggersCommand(subcommand: Subcommand, target: string, values: TriggersCommandOptions, io: CliIo): Promise<number> {
  if (subcommand === "apply" && !isPipelineModule(target)) {
    throw new UsageError(`triggers apply needs the pipeline file, where the triggers are declared (got "${target}")`);
  }
  const json = values.json === true;
  const dryRun = values.dryRun === true;
  const clients = awsClients(values);

  const subject: PipelineNode | string = isPipelineModule(target) ? (await loadPipelineModule(target, io.cwd)).pipeline.toNode() : target;
  if (subcommand === "list") {
    const listing = await listTriggers(subject, { clients });
    io.stdout(json ? `${JSON.stringify(listing, null, 2)}\n` : formatListing(listing));
    return EXIT.ok;
  }
  if (subcommand === "remove") {
    const result = await removeTriggers(subject, { dryRun, clients });
    io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : formatChanges(result));
    return EXIT.ok;
  }
  const node = subject as PipelineNode;
  const roleArn = values.roleArn;
  const triggers = await applyTriggers(node, { dryRun, clients, ...(roleArn === undefined ? {} : { roleArn }), ...(values.pipelineArn === undefined ? {} : { pipelineArn: values.pipelineArn }) });
  const pipelineArn = values.pipelineArn ?? triggers.pipelineArn;
  const alerts = await applyAlerts(node, { dryRun, clients, ...(pipelineArn === undefined ? {} : { pipelineArn }) });
  const arn = pipelineArn ?? alerts.pipelineArn;
  const result: TriggerChanges = {
    pipelineName: node.name,
    ...(arn === undefined ? {} : { pipelineArn: arn }),
    dryRun,
    changes: [...triggers.changes, ...alerts.changes],
  };
  io.stdout(json ? `${JSON.stringify(result, null, 2)}\n` : formatChanges(result));
  return EXIT.ok;
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
