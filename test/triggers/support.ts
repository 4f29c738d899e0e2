import {
  DeleteRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  ResourceNotFoundException as RuleNotFound,
  type Rule,
  type Tag,
  type Target,
} from "@aws-sdk/client-eventbridge";
import { GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, S3Client, type NotificationConfiguration } from "@aws-sdk/client-s3";
import { DescribePipelineCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException as ScheduleNotFound,
  SchedulerClient,
  UpdateScheduleCommand,
  type GetScheduleOutput,
} from "@aws-sdk/client-scheduler";
import { mockClient } from "aws-sdk-client-mock";

export const ACCOUNT = "111111111111";
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/EventsStartPipeline`;
export const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:ml-alerts`;
export const pipelineArn = (name: string) => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:pipeline/${name.toLowerCase()}`;

const metadata = { httpStatusCode: 400, requestId: "req-test" };
const clone = <T>(value: T): T => structuredClone(value);

/**
 * Real SDK clients whose `send` is answered by an in-memory AWS: EventBridge rules, tags and
 * targets, Scheduler schedules, bucket notification configurations, and deployed pipelines. It
 * keeps state like AWS does, so that applying twice can be observed (the second apply writes nothing).
 */
export function fakeAws(options: { readonly pipelines?: readonly string[]; readonly everyClient?: boolean } = {}) {
  const config = { region: "us-east-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } };
  const clients = {
    eventBridge: new EventBridgeClient(config),
    scheduler: new SchedulerClient(config),
    s3: new S3Client(config),
    sagemaker: new SageMakerClient(config),
  };
  // everyClient: every client of these classes is answered (the CLI creates its own)
  const every = options.everyClient === true;
  const events = mockClient(every ? EventBridgeClient : clients.eventBridge);
  const scheduler = mockClient(every ? SchedulerClient : clients.scheduler);
  const s3 = mockClient(every ? S3Client : clients.s3);
  const sagemaker = mockClient(every ? SageMakerClient : clients.sagemaker);

  const state = {
    rules: new Map<string, Rule>(),
    tags: new Map<string, Tag[]>(),
    targets: new Map<string, Target[]>(),
    schedules: new Map<string, GetScheduleOutput>(),
    notifications: new Map<string, NotificationConfiguration>(),
  };

  const ruleNotFound = (name: string) => new RuleNotFound({ message: `Rule ${name} does not exist on EventBus default.`, $metadata: metadata });
  events.on(ListRulesCommand).callsFake((input: { NamePrefix?: string }) => ({
    Rules: [...state.rules.values()].filter((r) => r.Name?.startsWith(input.NamePrefix ?? "")).map(clone),
  }));
  events.on(ListTagsForResourceCommand).callsFake((input: { ResourceARN: string }) => ({ Tags: clone(state.tags.get(input.ResourceARN) ?? []) }));
  events.on(ListTargetsByRuleCommand).callsFake((input: { Rule: string }) => {
    if (!state.rules.has(input.Rule)) throw ruleNotFound(input.Rule);
    return { Targets: clone(state.targets.get(input.Rule) ?? []) };
  });
  events.on(PutRuleCommand).callsFake((input: { Name: string; EventPattern?: string; State?: Rule["State"]; Description?: string; Tags?: Tag[] }) => {
    const Arn = `arn:aws:events:us-east-1:${ACCOUNT}:rule/${input.Name}`;
    if (!state.rules.has(input.Name)) state.tags.set(Arn, clone(input.Tags ?? [])); // tags apply on create only
    state.rules.set(input.Name, { Name: input.Name, Arn, EventPattern: input.EventPattern, State: input.State, Description: input.Description, EventBusName: "default" });
    return { RuleArn: Arn };
  });
  events.on(PutTargetsCommand).callsFake((input: { Rule: string; Targets: Target[] }) => {
    if (!state.rules.has(input.Rule)) throw ruleNotFound(input.Rule);
    const kept = (state.targets.get(input.Rule) ?? []).filter((t) => !input.Targets.some((n) => n.Id === t.Id));
    state.targets.set(input.Rule, [...kept, ...clone(input.Targets)]);
    return { FailedEntryCount: 0, FailedEntries: [] };
  });
  events.on(RemoveTargetsCommand).callsFake((input: { Rule: string; Ids: string[] }) => {
    state.targets.set(input.Rule, (state.targets.get(input.Rule) ?? []).filter((t) => !input.Ids.includes(t.Id ?? "")));
    return { FailedEntryCount: 0, FailedEntries: [] };
  });
  events.on(DeleteRuleCommand).callsFake((input: { Name: string }) => {
    if ((state.targets.get(input.Name) ?? []).length > 0) throw new Error(`ValidationException: Rule can't be deleted since it has targets.`);
    const rule = state.rules.get(input.Name);
    state.rules.delete(input.Name);
    state.targets.delete(input.Name);
    if (rule?.Arn !== undefined) state.tags.delete(rule.Arn);
    return {};
  });

  const key = (group: string | undefined, name: string) => `${group ?? "default"}/${name}`;
  const scheduleNotFound = (name: string) => new ScheduleNotFound({ message: `Schedule ${name} does not exist.`, Message: `Schedule ${name} does not exist.`, $metadata: metadata });
  const store = (input: Record<string, unknown>) => {
    const { ClientToken: _, ...rest } = input;
    const group = (input.GroupName as string | undefined) ?? "default";
    // what GetSchedule returns: the fields sent (an update resets the others), and AWS's own
    state.schedules.set(key(group, input.Name as string), { ...clone(rest), GroupName: group, Arn: `arn:aws:scheduler:us-east-1:${ACCOUNT}:schedule/${group}/${String(input.Name)}` });
  };
  scheduler.on(GetScheduleCommand).callsFake((input: { Name: string; GroupName?: string }) => {
    const found = state.schedules.get(key(input.GroupName, input.Name));
    if (found === undefined) throw scheduleNotFound(input.Name);
    return clone(found);
  });
  scheduler.on(CreateScheduleCommand).callsFake((input: Record<string, unknown>) => {
    if (state.schedules.has(key(input.GroupName as string | undefined, input.Name as string))) throw new ConflictException({ message: "exists", Message: "exists", $metadata: metadata });
    store(input);
    return { ScheduleArn: "arn" };
  });
  scheduler.on(UpdateScheduleCommand).callsFake((input: Record<string, unknown>) => {
    if (!state.schedules.has(key(input.GroupName as string | undefined, input.Name as string))) throw scheduleNotFound(input.Name as string);
    store(input);
    return { ScheduleArn: "arn" };
  });
  scheduler.on(DeleteScheduleCommand).callsFake((input: { Name: string; GroupName?: string }) => {
    if (!state.schedules.delete(key(input.GroupName, input.Name))) throw scheduleNotFound(input.Name);
    return {};
  });
  scheduler.on(ListSchedulesCommand).callsFake((input: { NamePrefix?: string; GroupName?: string }) => ({
    Schedules: [...state.schedules.values()]
      .filter((s) => s.Name?.startsWith(input.NamePrefix ?? "") && (input.GroupName === undefined || s.GroupName === input.GroupName))
      .map((s) => ({ Name: s.Name, GroupName: s.GroupName, Arn: s.Arn, State: s.State, Target: { Arn: s.Target?.Arn } })),
  }));

  s3.on(GetBucketNotificationConfigurationCommand).callsFake((input: { Bucket: string }) => ({ ...clone(state.notifications.get(input.Bucket) ?? {}), $metadata: { httpStatusCode: 200 } }));
  s3.on(PutBucketNotificationConfigurationCommand).callsFake((input: { Bucket: string; NotificationConfiguration: NotificationConfiguration }) => {
    state.notifications.set(input.Bucket, clone(input.NotificationConfiguration));
    return {};
  });

  const deployed = new Set(options.pipelines ?? ["Churn"]);
  sagemaker.on(DescribePipelineCommand).callsFake((input: { PipelineName: string }) => {
    if (!deployed.has(input.PipelineName)) {
      throw Object.assign(new Error(`Pipeline '${input.PipelineName}' does not exist.`), { name: "ResourceNotFound", $metadata: metadata });
    }
    return { PipelineName: input.PipelineName, PipelineArn: pipelineArn(input.PipelineName) };
  });

  /** The commands that write, by name, in the order they were sent. */
  const writes = () =>
    [...events.calls(), ...scheduler.calls(), ...s3.calls()]
      .map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, ""))
      .filter((name) => /^(Put|Create|Update|Delete|Remove|Tag)/.test(name));

  const resetHistory = () => {
    for (const mock of [events, scheduler, s3, sagemaker]) mock.resetHistory();
  };

  const restore = () => {
    for (const mock of [events, scheduler, s3, sagemaker]) mock.restore();
  };

  return { clients, events, scheduler, s3, sagemaker, state, deployed, writes, resetHistory, restore };
}
