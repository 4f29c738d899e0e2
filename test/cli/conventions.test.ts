import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, root } from "./support.js";

const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
const EXECUTION_ARN = "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churnpipeline/execution/abc123";

/** Every command and subcommand, as typed. */
const COMMANDS = [
  "compile", "validate", "graph", "import", "run", "diff", "upsert", "deploy", "start", "status", "stop", "retry", "executions", "lineage",
  "triggers", "triggers list", "triggers apply", "triggers remove",
  "registry", "registry list", "registry approve", "registry reject", "registry champion",
];

describe("the CLI's conventions", () => {
  it.each([["--version"], ["-v"]])("%s prints the version, exit 0", async (flag) => {
    expect(await cli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("--help, -h and help list every command with a one-line summary, exit 0; no command at all prints it to stderr, exit 2", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe("");
    for (const command of COMMANDS.filter((c) => !c.includes(" "))) expect(help.stdout).toMatch(new RegExp(`\\n  ${command} .*\\w`));
    expect(help.stdout).toContain("Exit codes");
    expect(await cli(["-h"])).toEqual(help);
    expect(await cli(["help"])).toEqual(help);
    expect(await cli([])).toEqual({ code: 2, stdout: "", stderr: help.stdout });
  });

  it.each(COMMANDS)("%s --help, -h and help %s: the command's usage on stdout, exit 0", async (command) => {
    const words = command.split(" ");
    const help = await cli([...words, "--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(new RegExp(`^Usage: sagepipe ${command} `));
    expect(await cli([...words, "-h"])).toEqual(help);
    const viaHelp = await cli([...words.slice(0, -1), "help", words.at(-1) ?? ""]);
    expect(viaHelp).toEqual(help);
  });

  it("did you mean: a misspelt command or option gets a suggestion, exit 2, and no usage dump", async () => {
    const command = await cli(["compiel", "examples/churn/pipeline.ts"]);
    expect(command).toEqual({ code: 2, stdout: "", stderr: `sagepipe: unknown command 'compiel'\n(Did you mean compile?)\nRun "sagepipe --help" for the commands.\n` });
    const option = await cli(["run", "examples/churn/pipeline.ts", "--locl"]);
    expect(option).toEqual({ code: 2, stdout: "", stderr: `sagepipe: unknown option '--locl'\n(Did you mean --local?)\nRun "sagepipe run --help" for its usage.\n` });
    const sub = await cli(["registry", "chamption", "churn-models"]);
    expect(sub.stderr).toContain("(Did you mean champion?)");
  });

  it("each command accepts only its own options: status <arn> --role-arn X --tag a=b is exit 2 before any AWS call", async () => {
    const result = await cli(["status", EXECUTION_ARN, "--role-arn", "x", "--tag", "a=b"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`sagepipe: unknown option '--role-arn' (it is an option of upsert, deploy, triggers apply)\nRun "sagepipe status --help" for its usage.\n`);
    expect((await cli(["validate", "definition.json", "--param", "a=b"])).code).toBe(2);
    expect((await cli(["compile", "pipeline.ts", "--wait"])).code).toBe(2);
  });

  it("option values are checked when parsed: a number that is not one, a NAME=VALUE without =, a missing value", async () => {
    expect(await cli(["run", "examples/churn/pipeline.ts", "--local", "--parallelism", "0"])).toMatchObject({
      code: 2,
      stderr: `sagepipe: option '--parallelism <N>' argument '0' is invalid. It must be a positive integer.\nRun "sagepipe run --help" for its usage.\n`,
    });
    expect((await cli(["run", "examples/churn/pipeline.ts", "--local", "--param", "AccuracyThreshold"])).stderr).toContain(
      "option '--param <NAME=VALUE>' argument 'AccuracyThreshold' is invalid. It must be NAME=VALUE.",
    );
    expect((await cli(["compile", "pipeline.ts", "--output"])).stderr).toContain("option '-o, --output <file>' argument missing");
    expect((await cli(["upsert", "pipeline.ts"])).stderr).toContain("required option '--role-arn <arn>' not specified");
  });
});
