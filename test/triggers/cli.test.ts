import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "../cli/support.js";
import { fakeAws, pipelineArn, ROLE } from "./support.js";

const root = join(__dirname, "../..");
const fixture = "test/triggers/fixtures/churn-triggers.ts";

/** `sagepipe triggers ...`, run in-process. */
function triggers(argv: readonly string[]) {
  return cli(["triggers", ...argv], root);
}

const aws = fakeAws({ everyClient: true });
let region: string | undefined;
beforeEach(() => {
  for (const store of Object.values(aws.state)) store.clear();
  aws.deployed.add("Churn");
  aws.resetHistory();
  region = process.env.AWS_REGION;
  process.env.AWS_REGION = "us-east-1";
});
afterEach(() => {
  if (region === undefined) delete process.env.AWS_REGION;
  else process.env.AWS_REGION = region;
});
afterAll(() => aws.restore());

describe("sagepipe triggers apply", () => {
  it("applies the triggers, schedules and alert of the pipeline file; exit 0", async () => {
    const result = await triggers(["apply", fixture, "--role-arn", ROLE]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "Churn: 4 created, 1 updated, 0 unchanged, 0 removed",
        "  ~ bucket-notification churn-data: EventBridge notifications on",
        "  + rule sagepipe-Churn-s3-churn-data (S3 trigger s3-churn-data)",
        "  + schedule sagepipe-Churn-weekly (schedule weekly)",
        "  + rule sagepipe-Churn-alert-execution (alert alert-execution)",
        "  + rule sagepipe-Churn-alert-step (alert alert-step)",
        "",
      ].join("\n"),
    );
    expect(aws.state.targets.get("sagepipe-Churn-s3-churn-data")?.[0]?.SageMakerPipelineParameters).toEqual({
      PipelineParameterList: [{ Name: "InputKey", Value: "$.detail.object.key" }],
    });
  });

  it("a second apply: everything unchanged, nothing written", async () => {
    await triggers(["apply", fixture, "--role-arn", ROLE]);
    aws.resetHistory();
    const result = await triggers(["apply", fixture, "--role-arn", ROLE, "--json"]);
    expect(result.code).toBe(0);
    expect(aws.writes()).toEqual([]);
    const json = JSON.parse(result.stdout) as { pipelineArn: string; changes: { action: string }[] };
    expect(json.pipelineArn).toBe(pipelineArn("Churn"));
    expect(json.changes.every((c) => c.action === "unchanged")).toBe(true);
  });

  it("--dry-run writes nothing", async () => {
    const result = await triggers(["apply", fixture, "--role-arn", ROLE, "--dry-run"]);
    expect(result.stdout.split("\n")[0]).toBe("Churn: 4 created, 1 updated, 0 unchanged, 0 removed (dry run: nothing written)");
    expect(aws.writes()).toEqual([]);
  });

  it("exit 1 for a pipeline error: a trigger without a role, a parameter without a default", async () => {
    const noRole = await triggers(["apply", fixture]);
    expect(noRole.code).toBe(1);
    expect(noRole.stderr).toMatch(/^sagepipe: S3 trigger "s3-churn-data" of pipeline "Churn" needs a role/);
    const incomplete = await triggers(["apply", "test/triggers/fixtures/needs-input.ts", "--role-arn", ROLE]);
    expect(incomplete.code).toBe(1);
    expect(incomplete.stderr).toMatch(/pipeline parameter "InputKey" has no default/);
  });

  it("exit 3 for an AWS error (the pipeline is not deployed)", async () => {
    aws.deployed.delete("Churn");
    const result = await triggers(["apply", fixture, "--role-arn", ROLE]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/pipeline "Churn" does not exist/);
  });

  it("exit 2 when the file cannot be loaded", async () => {
    const result = await triggers(["apply", "test/triggers/fixtures/missing.ts", "--role-arn", ROLE]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read test\/triggers\/fixtures\/missing\.ts: no such file/);
  });
});

describe("sagepipe triggers list and remove", () => {
  it("list by name: the rules and schedules sagepipe manages", async () => {
    await triggers(["apply", fixture, "--role-arn", ROLE]);
    const result = await triggers(["list", "Churn"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "Churn",
        `  rule sagepipe-Churn-s3-churn-data  s3-trigger s3-churn-data  ENABLED  → ${pipelineArn("Churn")}`,
        "  rule sagepipe-Churn-alert-execution  alert alert-execution  ENABLED  → arn:aws:sns:us-east-1:111111111111:ml-alerts",
        "  rule sagepipe-Churn-alert-step  alert alert-step  ENABLED  → arn:aws:sns:us-east-1:111111111111:ml-alerts",
        `  schedule sagepipe-Churn-weekly (group default)  rate(7 days)  ENABLED  → ${pipelineArn("Churn")}`,
        "",
      ].join("\n"),
    );
  });

  it("list with nothing managed", async () => {
    expect((await triggers(["list", fixture])).stdout).toBe("Churn: no triggers, schedules or alerts managed by sagepipe\n");
  });

  it("remove by name, then list is empty", async () => {
    await triggers(["apply", fixture, "--role-arn", ROLE]);
    const removed = await triggers(["remove", "Churn"]);
    expect(removed.code).toBe(0);
    expect(removed.stdout.split("\n")[0]).toBe("Churn: 0 created, 0 updated, 0 unchanged, 4 removed");
    expect((await triggers(["list", "Churn", "--json"])).stdout).toBe(`${JSON.stringify({ pipelineName: "Churn", rules: [], schedules: [] }, null, 2)}\n`);
  });
});

describe("sagepipe triggers: usage errors exit 2 with the error and where to find the usage", () => {
  it.each([
    [[], /^Usage: sagepipe triggers \[options\] \[command\]\n/],
    [["show", "Churn"], /^sagepipe: unknown command 'show'\nRun "sagepipe triggers --help" for its usage\.\n$/],
    [["aply", "Churn"], /^sagepipe: unknown command 'aply'\n\(Did you mean apply\?\)\nRun "sagepipe triggers --help" for its usage\.\n$/],
    [["apply"], /^sagepipe: missing required argument 'pipeline'\nRun "sagepipe triggers apply --help" for its usage\.\n$/],
    [["apply", "Churn"], /^sagepipe: triggers apply needs the pipeline file, where the triggers are declared \(got "Churn"\)\nRun "sagepipe triggers apply --help"/],
    [["list", "Churn", "Other"], /^sagepipe: too many arguments for 'list'\. Expected 1 argument but got 2\./],
    [["remove", "Churn", "--role-arn", ROLE], /^sagepipe: unknown option '--role-arn' \(it is an option of [^)]*triggers apply[^)]*\)\nRun "sagepipe triggers remove --help"/],
    [["list", "Churn", "--dry-run"], /^sagepipe: unknown option '--dry-run' \(it is an option of triggers apply, triggers remove\)\n/],
  ])("%j", async (argv, message) => {
    const result = await triggers(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });
});
