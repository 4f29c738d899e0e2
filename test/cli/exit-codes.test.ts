import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventBridgeClient, ListRulesCommand } from "@aws-sdk/client-eventbridge";
import { GetBucketNotificationConfigurationCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import {
  CreatePipelineCommand,
  DescribePipelineCommand,
  DescribePipelineExecutionCommand,
  ListModelPackagesCommand,
  ListPipelineExecutionsCommand,
  ListPipelineExecutionStepsCommand,
  ListPipelineVersionsCommand,
  RetryPipelineExecutionCommand,
  SageMakerClient,
  SageMakerServiceException,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  UpdateModelPackageCommand,
} from "@aws-sdk/client-sagemaker";
import { GetScheduleCommand, ListSchedulesCommand, ResourceNotFoundException, SchedulerClient } from "@aws-sdk/client-scheduler";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/context.js";
import { cli, root } from "./support.js";

// Every command × {ok, a definite "no" (changes, invalid, failed), input error, AWS error}: the exit
// code README's table promises. AWS is stubbed at the client (aws-sdk-client-mock); the AWS error is
// a refusal with an AWS error name and request id, as the SDK throws it.

const churn = "examples/churn/pipeline.ts";
const invalid = "test/fixtures/pipelines/invalid-arguments.ts";
const triggersFixture = "test/triggers/fixtures/churn-triggers.ts";
const golden = readFileSync(join(root, "test/golden/churn.json"), "utf8");
const ROLE = "arn:aws:iam::111111111111:role/SageMakerPipelineRole";
const PIPELINE_ARN = "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churnpipeline";
const EXECUTION_ARN = `${PIPELINE_ARN}/execution/abc123`;
const PACKAGE_ARN = "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn-models/1";

const sm = mockClient(SageMakerClient);
const s3 = mockClient(S3Client);
const events = mockClient(EventBridgeClient);
const scheduler = mockClient(SchedulerClient);
const metadata = { httpStatusCode: 400, requestId: "req-denied" };
const denied = () => new SageMakerServiceException({ name: "AccessDeniedException", message: "not authorized", $fault: "client", $metadata: metadata });

/** Every AWS call is refused. */
function awsRefuses(): void {
  sm.onAnyCommand().rejects(denied());
  s3.onAnyCommand().rejects(new S3ServiceException({ name: "AccessDenied", message: "Access Denied", $fault: "client", $metadata: metadata }));
  events.onAnyCommand().rejects(denied());
  scheduler.onAnyCommand().rejects(denied());
}

/** The churn pipeline is deployed, exactly as it compiles now. */
function deployedSame(): void {
  sm.on(DescribePipelineCommand).resolves({ PipelineName: "ChurnPipeline", PipelineArn: PIPELINE_ARN, PipelineDefinition: golden, RoleArn: ROLE });
}

/** Nothing is deployed; creating and uploading work. */
function upsertable(): void {
  sm.on(DescribePipelineCommand).rejects(new SageMakerServiceException({ name: "ResourceNotFound", message: "Pipeline 'ChurnPipeline' does not exist.", $fault: "client", $metadata: metadata }));
  sm.on(CreatePipelineCommand).resolves({ PipelineArn: PIPELINE_ARN });
  sm.on(ListPipelineVersionsCommand).resolves({ PipelineVersionSummaries: [{ PipelineVersionId: 1 }] });
  s3.on(HeadObjectCommand).resolves({});
  s3.on(PutObjectCommand).resolves({});
}

function execution(status: "Executing" | "Failed"): void {
  sm.on(DescribePipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN, PipelineExecutionStatus: status });
  sm.on(ListPipelineExecutionStepsCommand).resolves({ PipelineExecutionSteps: [] });
}

/** No triggers, schedules or notifications in AWS yet. */
function noTriggers(): void {
  deployedSame();
  events.on(ListRulesCommand).resolves({ Rules: [] });
  scheduler.on(ListSchedulesCommand).resolves({ Schedules: [] });
  scheduler.on(GetScheduleCommand).rejects(new ResourceNotFoundException({ message: "Schedule not found", Message: "Schedule not found", $metadata: metadata }));
  s3.on(GetBucketNotificationConfigurationCommand).resolves({});
}

interface Cell {
  readonly args: readonly string[];
  readonly setup?: () => void;
}

interface Row {
  readonly ok: Cell;
  /** A definite "no": changes (diff), invalid, failed; null when the command has none. */
  readonly no: Cell | null;
  readonly input: Cell;
  /** null for the commands that call no AWS. */
  readonly aws: Cell | null;
}

let workdir = "";
let runRecord = "";

const table: Record<string, () => Row> = {
  compile: () => ({ ok: { args: ["compile", churn] }, no: { args: ["compile", invalid] }, input: { args: ["compile", "missing.ts"] }, aws: null }),
  validate: () => ({ ok: { args: ["validate", "test/golden/churn.json"] }, no: { args: ["validate", invalid] }, input: { args: ["validate", "missing.json"] }, aws: null }),
  graph: () => ({ ok: { args: ["graph", "test/golden/churn.json"] }, no: { args: ["graph", "package.json"] }, input: { args: ["graph", "missing.json"] }, aws: null }),
  import: () => ({
    ok: { args: ["import", "test/golden/churn.json"] },
    no: { args: ["import", "package.json"] },
    input: { args: ["import", "missing.json"] },
    aws: { args: ["import", "--pipeline", "ChurnPipeline"], setup: awsRefuses },
  }),
  run: () => ({
    ok: { args: ["run", churn, "--local", "--workdir", workdir] },
    no: { args: ["run", churn, "--local", "--workdir", workdir, "--param", "AccuracyThreshold=0.99"] },
    input: { args: ["run", churn, "--local", "--workdir", workdir, "--param", "AccuracyThreshold=high"] },
    aws: null,
  }),
  diff: () => ({
    ok: { args: ["diff", churn], setup: deployedSame },
    no: { args: ["diff", churn], setup: upsertable },
    input: { args: ["diff", "missing.ts"] },
    aws: { args: ["diff", churn], setup: awsRefuses },
  }),
  upsert: () => ({
    ok: { args: ["upsert", churn, "--role-arn", ROLE], setup: upsertable },
    no: { args: ["upsert", invalid, "--role-arn", ROLE], setup: upsertable },
    input: { args: ["upsert", "missing.ts", "--role-arn", ROLE] },
    aws: { args: ["upsert", churn, "--role-arn", ROLE], setup: awsRefuses },
  }),
  deploy: () => ({
    ok: { args: ["deploy", churn, "--role-arn", ROLE, "--commit", "abc"], setup: upsertable },
    no: { args: ["deploy", invalid, "--role-arn", ROLE, "--commit", "abc"], setup: upsertable },
    input: { args: ["deploy", "missing.ts", "--role-arn", ROLE, "--commit", "abc"] },
    aws: { args: ["deploy", churn, "--role-arn", ROLE, "--commit", "abc"], setup: awsRefuses },
  }),
  start: () => ({
    ok: { args: ["start", "ChurnPipeline"], setup: () => (deployedSame(), sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN })) },
    no: {
      args: ["start", "ChurnPipeline", "--wait", "--poll-seconds", "0.01"],
      setup: () => (deployedSame(), sm.on(StartPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN }), execution("Failed")),
    },
    input: { args: ["start", "ChurnPipeline", "--param", "AccuracyThreshold=high"], setup: deployedSame },
    aws: { args: ["start", "ChurnPipeline"], setup: awsRefuses },
  }),
  status: () => ({
    ok: { args: ["status", EXECUTION_ARN], setup: () => execution("Executing") },
    no: { args: ["status", EXECUTION_ARN], setup: () => execution("Failed") },
    input: { args: ["status", "not-an-arn"] },
    aws: { args: ["status", EXECUTION_ARN], setup: awsRefuses },
  }),
  stop: () => ({
    ok: { args: ["stop", EXECUTION_ARN], setup: () => sm.on(StopPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN }) },
    no: null,
    input: { args: ["stop", "not-an-arn"] },
    aws: { args: ["stop", EXECUTION_ARN], setup: awsRefuses },
  }),
  retry: () => ({
    ok: { args: ["retry", EXECUTION_ARN], setup: () => sm.on(RetryPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN }) },
    no: {
      args: ["retry", EXECUTION_ARN, "--wait", "--poll-seconds", "0.01"],
      setup: () => (sm.on(RetryPipelineExecutionCommand).resolves({ PipelineExecutionArn: EXECUTION_ARN }), execution("Failed")),
    },
    input: { args: ["retry", "not-an-arn"] },
    aws: { args: ["retry", EXECUTION_ARN], setup: awsRefuses },
  }),
  executions: () => ({
    ok: { args: ["executions", "ChurnPipeline"], setup: () => sm.on(ListPipelineExecutionsCommand).resolves({ PipelineExecutionSummaries: [] }) },
    no: null,
    input: { args: ["executions", "ChurnPipeline", "--max-results", "0"] },
    aws: { args: ["executions", "ChurnPipeline"], setup: awsRefuses },
  }),
  lineage: () => ({
    ok: { args: ["lineage", runRecord] },
    no: null,
    input: { args: ["lineage", "missing.json"] },
    aws: { args: ["lineage", EXECUTION_ARN], setup: awsRefuses },
  }),
  "triggers list": () => ({
    ok: { args: ["triggers", "list", "Churn"], setup: noTriggers },
    no: null,
    input: { args: ["triggers", "list", "missing.ts"] },
    aws: { args: ["triggers", "list", "Churn"], setup: awsRefuses },
  }),
  "triggers apply": () => ({
    ok: { args: ["triggers", "apply", triggersFixture, "--role-arn", ROLE, "--pipeline-arn", "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churn", "--dry-run"], setup: noTriggers },
    no: { args: ["triggers", "apply", triggersFixture], setup: noTriggers },
    input: { args: ["triggers", "apply", "Churn", "--role-arn", ROLE] },
    aws: { args: ["triggers", "apply", triggersFixture, "--role-arn", ROLE], setup: awsRefuses },
  }),
  "triggers remove": () => ({
    ok: { args: ["triggers", "remove", "Churn", "--dry-run"], setup: noTriggers },
    no: null,
    input: { args: ["triggers", "remove", "missing.ts"] },
    aws: { args: ["triggers", "remove", "Churn"], setup: awsRefuses },
  }),
  "registry list": () => ({
    ok: { args: ["registry", "list", "churn-models"], setup: () => sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] }) },
    no: null,
    input: { args: ["registry", "list", "churn-models", "--status", "approved"] },
    aws: { args: ["registry", "list", "churn-models"], setup: awsRefuses },
  }),
  "registry approve": () => ({
    ok: { args: ["registry", "approve", PACKAGE_ARN], setup: () => sm.on(UpdateModelPackageCommand).resolves({ ModelPackageArn: PACKAGE_ARN }) },
    no: { args: ["registry", "approve", "churn-models/9"], setup: () => sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] }) },
    input: { args: ["registry", "approve", "churn-models"] },
    aws: { args: ["registry", "approve", PACKAGE_ARN], setup: awsRefuses },
  }),
  "registry champion": () => ({
    ok: { args: ["registry", "champion", "churn-models", "--metric", "metrics.accuracy.value", "--fallback", "0"], setup: () => sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] }) },
    no: { args: ["registry", "champion", "churn-models", "--metric", "metrics.accuracy.value"], setup: () => sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] }) },
    input: { args: ["registry", "champion", "churn-models", "--metric", "metrics.accuracy.value", "--fallback", "none"] },
    aws: { args: ["registry", "champion", "churn-models", "--metric", "metrics.accuracy.value"], setup: awsRefuses },
  }),
};

const expected = { ok: EXIT.ok, no: EXIT.no, input: EXIT.usage, aws: EXIT.aws } as const;
const cells = Object.entries(table).flatMap(([command, row]) => (["ok", "no", "input", "aws"] as const).filter((column) => row()[column] !== null).map((column) => [command, column] as const));

let region: string | undefined;
beforeAll(async () => {
  region = process.env.AWS_REGION;
  process.env.AWS_REGION = "us-east-1";
  workdir = mkdtempSync(join(tmpdir(), "sagepipe-exit-codes-"));
  const ran = await cli(["run", churn, "--local", "--workdir", workdir, "--json"]);
  runRecord = join(workdir, "runs", (JSON.parse(ran.stdout) as { executionId: string }).executionId, "run.json");
}, 60_000);
afterAll(() => {
  if (region === undefined) delete process.env.AWS_REGION;
  else process.env.AWS_REGION = region;
});
beforeEach(() => {
  for (const mock of [sm, s3, events, scheduler]) mock.reset();
});

describe("exit codes: every command × ok, no, input error, AWS error", () => {
  it.each(cells)("%s: %s", async (command, column) => {
    const cell = table[command]?.()[column];
    if (cell === null || cell === undefined) throw new Error(`no ${column} case for ${command}`);
    cell.setup?.();
    const result = await cli(cell.args);
    expect({ args: cell.args, code: result.code, stderr: result.stderr }).toEqual({ args: cell.args, code: expected[column], stderr: expect.anything() });
    if (column === "aws") expect(result.stderr).toMatch(/AccessDenied/);
  }, 30_000);

  it("covers every command the CLI has", async () => {
    const help = await cli(["--help"]);
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((match) => match[1]).filter((name) => name !== "help");
    const covered = new Set(Object.keys(table).map((key) => key.split(" ")[0]));
    expect(commands.filter((name) => !covered.has(name ?? ""))).toEqual([]);
  });

  it("README's exit code table says the same", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Exit codes"));
    const rows = [...section.slice(0, section.indexOf("\n\n", section.indexOf("| code |"))).matchAll(/^\| `(\d+)` \|/gm)].map((match) => Number(match[1]));
    expect(rows).toEqual([EXIT.ok, EXIT.no, EXIT.usage, EXIT.aws, EXIT.internal]);
  });
});
