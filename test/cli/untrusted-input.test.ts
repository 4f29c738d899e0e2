import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";

// The CLI's readers of untrusted files (issue 13): a byte order mark, stdin, characters a terminal
// acts on, nesting and shapes no reader expects. Each gives an exit code that means what happened
// (0 valid, 1 invalid, 2 unreadable) and a message safe to print, never an internal error.

const churnText = readFileSync(join(__dirname, "../fixtures/definitions/churn.json"), "utf8");
// ESC, CR and the C1 control CSI: what a terminal acts on
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

async function cli(args: readonly string[], options: { cwd?: string; stdin?: string } = {}) {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: options.cwd ?? process.cwd(),
    ...(options.stdin === undefined ? {} : { stdin: async () => options.stdin as string }),
  });
  return { code, stdout, stderr };
}

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-untrusted-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A value nested `depth` levels: {"a": {"a": ... "x"}}. */
function nested(depth: number): unknown {
  let value: unknown = "x";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe("sagepipe validate on untrusted files", () => {
  it("accepts a file that starts with a UTF-8 byte order mark", async () => {
    const dir = dirWith({ "bom.json": `\ufeff${churnText}` });
    const result = await cli(["validate", "bom.json"], { cwd: dir });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("bom.json: valid (4 top-level steps)\n");
    expect(result.code).toBe(0);
  });

  it("reads the definition from stdin for -", async () => {
    const valid = await cli(["validate", "-"], { stdin: churnText });
    expect(valid).toEqual({ code: 0, stdout: "stdin: valid (4 top-level steps)\n", stderr: "" });

    const invalid = await cli(["validate", "-", "--json"], { stdin: `\ufeff${JSON.stringify({ Version: "2020-12-01", Steps: [{ Name: "F", Type: "Nope" }] })}` });
    expect(invalid.code).toBe(1);
    expect((JSON.parse(invalid.stdout) as { file: string; valid: boolean }).valid).toBe(false);

    const notJson = await cli(["validate", "-"], { stdin: "{ not json" });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^sagepipe: stdin is not valid JSON: /);
  });

  it("the issue's reproduction: a Get that is null is an issue, exit 1", async () => {
    const dir = dirWith({ "g.json": '{"Version":"2020-12-01","Steps":[{"Name":"F","Type":"Fail","Arguments":{"ErrorMessage":{"Get":null}}}]}' });
    const result = await cli(["validate", "g.json"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("$.Steps[0].Arguments.ErrorMessage");
  });

  it("the issue's reproduction: 4,100 levels of nesting (a 10 KB file) is a too-deep issue, exit 1, not a stack overflow", async () => {
    const definition = JSON.parse(churnText) as { Steps: Array<{ Arguments: Record<string, unknown> }> };
    (definition.Steps[1] as { Arguments: Record<string, unknown> }).Arguments.Environment = { DEEP: nested(4_100) };
    const text = JSON.stringify(definition);
    const dir = dirWith({ "deep.json": text });
    const result = await cli(["validate", "deep.json"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("[too-deep]");
  });

  it("prints characters a terminal acts on as escapes: in issues, in JSON errors, in the file's name", async () => {
    const definition = JSON.parse(churnText) as { Steps: Array<{ Name: string; DependsOn?: string[] }> };
    (definition.Steps[0] as { DependsOn?: string[] }).DependsOn = ["\u001b[2J\u001b[31mgone\r\u009b"];
    const name = "def\u001b[31m.json";
    const dir = dirWith({ [name]: JSON.stringify(definition), "bad.json": '{"a": "\u001b[31m' });

    const issues = await cli(["validate", name], { cwd: dir });
    expect(issues.code).toBe(1);
    expect(issues.stdout).toContain("\\u001b[2J\\u001b[31mgone\\r\\u009b");
    expect(issues.stdout).toMatch(/^def\\u001b\[31m\.json: \d+ issues?\n/);
    expect(issues.stdout).not.toMatch(RAW_CONTROL);

    const notJson = await cli(["validate", "bad.json"], { cwd: dir });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^sagepipe: bad\.json is not valid JSON: /);
    expect(notJson.stderr.trimEnd()).not.toMatch(RAW_CONTROL);

    const missing = await cli(["validate", "no\u001b[31m.json"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("sagepipe: cannot read no\\u001b[31m.json: no such file\n");
  });
});

describe("sagepipe lineage <run.json> on untrusted files", () => {
  const record = {
    pipelineName: "Churn",
    executionId: "01abc",
    executionArn: "local:Churn/01abc",
    status: "Failed",
    failureReason: "exit 1: \u001b[31mboom\u001b[0m",
    startedAt: "2026-01-01T00:00:00.000Z",
    endedAt: "2026-01-01T00:00:01.000Z",
    parameters: { Threshold: 0.8 },
    steps: [{ name: "Train", type: "Training", status: "Failed", cached: false, attempts: 1 }],
    conditions: [],
    registeredModels: [],
    deployments: [],
  };

  it("prints a record, with a byte order mark, from stdin too, escaping what a terminal acts on", async () => {
    const dir = dirWith({ "run.json": `\ufeff${JSON.stringify(record)}` });
    for (const result of [await cli(["lineage", "run.json"], { cwd: dir }), await cli(["lineage", "-"], { stdin: JSON.stringify(record) })]) {
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Churn 01abc: Failed — exit 1: \\u001b[31mboom\\u001b[0m");
      expect(result.stdout).not.toMatch(RAW_CONTROL);
    }
  });

  it("reads a record whose property file nests as deep as a local run accepts (1,000 levels)", async () => {
    let report: unknown = 0.93;
    for (let level = 0; level < 1_000; level++) report = { a: report };
    const deep = { ...record, status: "Succeeded", steps: [{ name: "Evaluate", type: "Processing", status: "Succeeded", cached: false, attempts: 1, propertyFiles: { report } }] };
    const dir = dirWith({ "run.json": JSON.stringify(deep) });
    for (const args of [["lineage", "run.json"], ["lineage", "run.json", "--json"]]) {
      const result = await cli(args, { cwd: dir });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Evaluate");
    }
  });

  it.each([
    ["JSON that is not a record", {}, "run.json is not a run record: $ has no pipelineName"],
    ["a list", [], "run.json is not a run record: $ is not an object"],
    ["steps that are not a list", { ...record, steps: "Train" }, "run.json is not a run record: $.steps is not what a run record holds there"],
    ["a step without its status", { ...record, steps: [{ name: "Train", type: "Training", cached: false, attempts: 1 }] }, "run.json is not a run record: $.steps[0] has no status"],
    ["a condition that is not one", { ...record, conditions: [{ step: "C", outcome: true, branch: "IfSteps", conditions: [{ type: "Not", condition: null }] }] }, "run.json is not a run record: $.conditions[0].conditions[0].condition is not an evaluated condition"],
    // (the text written as it is: JSON.stringify itself overflows the stack on it)
    ["parameters nested 5,000 levels", JSON.stringify({ ...record, parameters: { Deep: "DEEP" } }).replace('"DEEP"', `${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}`), "run.json is not a run record: $.parameters.Deep"],
  ])("%s: exit 2 with one line saying what and where", async (_, value, message) => {
    const dir = dirWith({ "run.json": typeof value === "string" ? value : JSON.stringify(value) });
    const result = await cli(["lineage", "run.json"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.startsWith(`sagepipe: ${message}`)).toBe(true);
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });
});
