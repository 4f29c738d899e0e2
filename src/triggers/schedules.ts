import type { CreateScheduleInput, GetScheduleOutput, ScheduleSummary, SchedulerClient } from "@aws-sdk/client-scheduler";
import { callAws, collectPages } from "../aws/call.js";
import { isNotFound } from "../aws/errors.js";
import { jsonEqual } from "../aws/json-equal.js";
import { SagepipeError } from "../errors.js";
import type { TriggerChange } from "./changes.js";
import { schedulerModule } from "../aws/clients.js";
import { arnNamesPipeline, namePrefix } from "./names.js";

/** The full schedule sagepipe wants: every field it manages, sent whole on create and update. */
export type DesiredSchedule = Omit<CreateScheduleInput, "ClientToken"> & { readonly Name: string; readonly GroupName: string; readonly id: string };

/** A schedule sagepipe manages for a pipeline, as listed. */
export interface ManagedSchedule {
  readonly name: string;
  readonly group: string;
  readonly arn?: string;
  readonly state?: string;
  readonly targetArn: string;
}

/**
 * Lists the schedules sagepipe manages for a pipeline, in every schedule group: ListSchedules by
 * name prefix, keeping those whose target is this pipeline (schedules carry no tags).
 *
 * @example
 * ```ts
 * await listManagedSchedules(scheduler, "Churn") // [{ name: "sagepipe-Churn-schedule", group: "default", targetArn: "arn:aws:sagemaker:...:pipeline/churn" }]
 * ```
 */
export async function listManagedSchedules(scheduler: SchedulerClient, pipelineName: string): Promise<ManagedSchedule[]> {
  const { ListSchedulesCommand } = await schedulerModule();
  const NamePrefix = namePrefix(pipelineName);
  const summaries = await collectPages<ScheduleSummary>(async (NextToken) => {
    const page = await callAws("ListSchedules", () => scheduler.send(new ListSchedulesCommand({ NamePrefix, ...(NextToken === undefined ? {} : { NextToken }) })));
    return { items: page.Schedules, nextToken: page.NextToken };
  });
  return summaries.flatMap((s) =>
    s.Name === undefined || !arnNamesPipeline(s.Target?.Arn, pipelineName)
      ? []
      : [{ name: s.Name, group: s.GroupName ?? "default", targetArn: s.Target?.Arn ?? "", ...(s.Arn === undefined ? {} : { arn: s.Arn }), ...(s.State === undefined ? {} : { state: s.State }) }],
  );
}

/**
 * GetSchedule, or `undefined` when it does not exist.
 *
 * @example
 * ```ts
 * const current = await getSchedule(scheduler, "sagepipe-Churn-schedule", "default");
 * ```
 */
export async function getSchedule(scheduler: SchedulerClient, name: string, group: string): Promise<GetScheduleOutput | undefined> {
  const { GetScheduleCommand } = await schedulerModule();
  try {
    const { $metadata: _, ...schedule } = await scheduler.send(new GetScheduleCommand({ Name: name, GroupName: group }));
    return schedule;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    return callAws("GetSchedule", () => Promise.reject(error), { subject: `schedule "${name}"` });
  }
}

const seconds = (date: Date | string | undefined) => (date === undefined ? undefined : Math.floor(new Date(date).getTime() / 1000));

/** The differences between the schedule AWS has and the one wanted, by field. */
function differences(current: GetScheduleOutput, desired: DesiredSchedule): string[] {
  const target = (t: GetScheduleOutput["Target"]) =>
    JSON.parse(
      JSON.stringify({
        Arn: t?.Arn,
        RoleArn: t?.RoleArn,
        Input: t?.Input,
        SageMakerPipelineParameters: t?.SageMakerPipelineParameters?.PipelineParameterList?.length ? t.SageMakerPipelineParameters : undefined,
        RetryPolicy: t?.RetryPolicy,
        DeadLetterConfig: t?.DeadLetterConfig?.Arn === undefined ? undefined : t.DeadLetterConfig,
      }),
    ) as unknown;
  const window = (w: GetScheduleOutput["FlexibleTimeWindow"]) => (w?.Mode === "FLEXIBLE" ? { Mode: "FLEXIBLE", MaximumWindowInMinutes: w.MaximumWindowInMinutes } : { Mode: "OFF" });
  const checks: [string, boolean][] = [
    ["schedule expression", current.ScheduleExpression === desired.ScheduleExpression],
    ["time zone", (current.ScheduleExpressionTimezone ?? "UTC") === (desired.ScheduleExpressionTimezone ?? "UTC")],
    ["start date", seconds(current.StartDate) === seconds(desired.StartDate)],
    ["end date", seconds(current.EndDate) === seconds(desired.EndDate)],
    ["description", (current.Description ?? "") === (desired.Description ?? "")],
    ["state", (current.State ?? "ENABLED") === (desired.State ?? "ENABLED")],
    ["flexible time window", jsonEqual(window(current.FlexibleTimeWindow), window(desired.FlexibleTimeWindow))],
    ["action after completion", (current.ActionAfterCompletion ?? "NONE") === (desired.ActionAfterCompletion ?? "NONE")],
    ["target", jsonEqual(target(current.Target), target(desired.Target))],
  ];
  return checks.filter(([, same]) => !same).map(([field]) => field);
}

/**
 * Creates or updates a schedule. GetSchedule first: absent → CreateSchedule; different →
 * UpdateSchedule with the whole desired schedule (an update resets every field it leaves out;
 * the customer managed KMS key, which sagepipe does not manage, is carried over); equal → nothing
 * is written. A schedule of that name whose target is another resource is refused.
 *
 * @example
 * ```ts
 * await upsertSchedule(scheduler, desired, { dryRun: false }) // { resource: "schedule", action: "updated", changed: ["schedule expression"] }
 * ```
 */
export async function upsertSchedule(scheduler: SchedulerClient, desired: DesiredSchedule, options: { readonly dryRun: boolean }): Promise<TriggerChange> {
  const { id, ...input } = desired;
  const base = { resource: "schedule", name: desired.Name, kind: "schedule", id } as const;
  const current = await getSchedule(scheduler, desired.Name, desired.GroupName);
  if (current !== undefined && !sameArn(current.Target?.Arn, desired.Target?.Arn)) {
    throw new SagepipeError(
      "trigger-name-conflict",
      `schedule "${desired.Name}" (group ${desired.GroupName}) exists with another target (${current.Target?.Arn ?? "none"}): rename or delete it, or give the schedule another id`,
    );
  }
  if (current === undefined) {
    if (!options.dryRun) {
      const { CreateScheduleCommand } = await schedulerModule();
      await callAws("CreateSchedule", () => scheduler.send(new CreateScheduleCommand(input)), { subject: `schedule "${desired.Name}"` });
    }
    return { ...base, action: "created" };
  }
  const changed = differences(current, desired);
  if (changed.length === 0) return { ...base, action: "unchanged" };
  if (!options.dryRun) {
    const { UpdateScheduleCommand } = await schedulerModule();
    const update = { ...input, ...(current.KmsKeyArn === undefined ? {} : { KmsKeyArn: current.KmsKeyArn }) };
    await callAws("UpdateSchedule", () => scheduler.send(new UpdateScheduleCommand(update)), { subject: `schedule "${desired.Name}"` });
  }
  return { ...base, action: "updated", changed };
}

/** Same pipeline, whatever the case SageMaker wrote its name in. */
function sameArn(current: string | undefined, desired: string | undefined): boolean {
  return current !== undefined && desired !== undefined && current.toLowerCase() === desired.toLowerCase();
}

/**
 * Deletes a schedule (already gone counts as deleted).
 *
 * @example
 * ```ts
 * await deleteSchedule(scheduler, { name: "sagepipe-Churn-schedule", group: "default", targetArn }, { dryRun: false })
 * ```
 */
export async function deleteSchedule(scheduler: SchedulerClient, schedule: ManagedSchedule, options: { readonly dryRun: boolean }): Promise<TriggerChange> {
  if (!options.dryRun) {
    const { DeleteScheduleCommand } = await schedulerModule();
    try {
      await scheduler.send(new DeleteScheduleCommand({ Name: schedule.name, GroupName: schedule.group }));
    } catch (error) {
      if (!isNotFound(error)) await callAws("DeleteSchedule", () => Promise.reject(error), { subject: `schedule "${schedule.name}"` });
    }
  }
  return { resource: "schedule", name: schedule.name, action: "removed", kind: "schedule" };
}
