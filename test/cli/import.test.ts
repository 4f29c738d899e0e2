import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { importDefinition } from "sagepipe";
import { run } from "../../src/cli/run.js";
import { environmentFor, useFakeAws } from "../aws/wire/harness.js";
import { pipelineArnOf } from "../aws/wire/fake-aws.js";
import { cli, root } from "./support.js";

const churnJson = readFileSync(join(root, "test/golden/churn.json"), "utf8");
const churn = JSON.parse(churnJson) as Record<string, unknown>;
const ROLE = "arn:aws:iam::111111111111:role/SageMakerPipelineRole";

/** The CLI with `stdin` as what `-` reads. */
async function cliWithStdin(args: readonly string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: root, stdin: async () => stdin });
  return { code, stdout, stderr };
}

const scratch = () => mkdtempSync(join(tmpdir(), "sagepipe-import-"));

/** A definition with a Condition step inside a branch (SageMaker does not support nested conditions). */
const nested = {
  Version: "2020-12-01",
  Steps: [
    {
      Name: "Outer",
      Type: "Condition",
      Arguments: {
        Conditions: [{ Type: "Equals", LeftValue: { Get: "Execution.PipelineName" }, RightValue: "x" }],
        IfSteps: [{ Name: "Inner", Type: "Condition", Arguments: { Conditions: [{ Type: "Equals", LeftValue: { Get: "Execution.PipelineName" }, RightValue: "y" }], IfSteps: [], ElseSteps: [] } }],
        ElseSteps: [],
      },
    },
  ],
};

describe("sagepipe import <definition.json>", () => {
  it("prints the module (named after the file) on stdout and what it did on stderr, exit 0", async () => {
    const result = await cli(["import", "test/golden/churn.json"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(importDefinition(churn, { name: "churn", source: "churn.json" }).code);
    expect(result.stderr).toBe("churn: imported (7 steps)\n");
  });

  it("-o writes a module that sagepipe compile turns back into the same definition", { timeout: 60_000 }, async () => {
    const dir = scratch();
    const result = await cli(["import", "test/golden/churn.json", "-o", join(dir, "pipeline.ts"), "--name", "ChurnPipeline"]);
    expect(result).toEqual({ code: 0, stdout: `ChurnPipeline: wrote ${join(dir, "pipeline.ts")} (7 steps)\n`, stderr: "" });
    expect(readdirSync(dir)).toEqual(["pipeline.ts"]);
    const compiled = await cli(["compile", join(dir, "pipeline.ts")]);
    expect(compiled.code).toBe(0);
    expect(JSON.parse(compiled.stdout)).toEqual(churn);
  });

  it("- reads the definition from stdin", async () => {
    const result = await cliWithStdin(["import", "-", "--name", "Churn"], churnJson);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(importDefinition(churn, { name: "Churn", source: "stdin" }).code);
  });

  it("says which steps are written with rawStep and that the module compiles with --loose", async () => {
    const dir = scratch();
    const file = join(dir, "two_step.json");
    writeFileSync(file, readFileSync(join(root, "test/fixtures/python-sdk-expected/test_pipeline/test_pipeline__test_pipeline_two_step__L710.json")));
    const result = await cli(["import", file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("two-step: imported (2 steps, 2 written with rawStep (MyStep1, MyStep2))\n  some step's Arguments are not a request SageMaker takes: compile it with --loose\n");
  });

  it("an invalid definition: exit 1, every issue with its JSON path, and nothing written", async () => {
    const dir = scratch();
    const file = join(dir, "nested.json");
    writeFileSync(file, JSON.stringify(nested));
    const result = await cli(["import", file, "-o", join(dir, "pipeline.ts")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^sagepipe: the definition is not valid, so it cannot be imported \(\d+ issues?\)\n/);
    expect(result.stderr).toContain("$.Steps[0].Arguments.IfSteps[0] [nested-condition-step]");
    expect(readdirSync(dir)).toEqual(["nested.json"]);
  });

  it("what the builder cannot express (Metadata entries): exit 1 with the path, nothing written", async () => {
    const dir = scratch();
    const file = join(dir, "metadata.json");
    writeFileSync(file, JSON.stringify({ ...churn, Metadata: { team: "ml" } }));
    const result = await cli(["import", file, "-o", join(dir, "pipeline.ts")]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toContain("$.Metadata: the builder writes an empty Metadata");
    expect(existsSync(join(dir, "pipeline.ts"))).toBe(false);
  });

  it("an unreadable file or text that is not JSON: exit 2", async () => {
    expect(await cli(["import", "no/such/definition.json"])).toEqual({ code: 2, stdout: "", stderr: "sagepipe: cannot read no/such/definition.json: no such file\n" });
    const bad = await cliWithStdin(["import", "-"], "{ not json");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^sagepipe: stdin is not valid JSON: /);
  });

  it.each([
    [[], "give a definition file (or - for stdin), or --pipeline <name|ARN>"],
    [["test/golden/churn.json", "--pipeline", "Churn"], "give a definition file or --pipeline, not both"],
    [["test/golden/churn.json", "--pipeline-version", "2"], "--pipeline-version goes with --pipeline (a version of the deployed pipeline)"],
    [["test/golden/churn.json", "--name", "not_a_name"], '--name "not_a_name" is not a pipeline name: 1–256 letters, digits and hyphens'],
  ])("usage: import %j is exit 2 before anything is read", async (args, message) => {
    expect(await cli(["import", ...args])).toEqual({ code: 2, stdout: "", stderr: `sagepipe: ${message}\nRun "sagepipe import --help" for its usage.\n` });
  });
});

describe("sagepipe import --pipeline (DescribePipeline on the wire)", () => {
  const wire = useFakeAws();

  afterEach(() => {
    vi.unstubAllEnvs();
  });


  it("reads the deployed definition and names the pipeline as deployed", async () => {
    environmentFor(wire.fake.url);
    wire.fake.seedPipeline({ name: "ChurnPipeline", definition: churnJson, roleArn: ROLE });
    const result = await cli(["import", "--pipeline", "ChurnPipeline"]);
    expect(result.code).toBe(0);
    expect(wire.fake.bodies("DescribePipeline")).toEqual([{ PipelineName: "ChurnPipeline" }]);
    expect(result.stdout).toBe(
      importDefinition(churn, { name: "ChurnPipeline", source: `the deployed pipeline "ChurnPipeline" (${pipelineArnOf("ChurnPipeline")})` }).code,
    );
    expect(result.stdout).toContain('export default pipeline("ChurnPipeline")');
  });

  it("--pipeline-version asks for that version (PipelineVersionId), and an ARN names the pipeline", async () => {
    environmentFor(wire.fake.url);
    const parameters = churn.Parameters as Record<string, unknown>[];
    const older = JSON.stringify({ ...churn, Parameters: [{ ...parameters[0], DefaultValue: "s3://older/raw/" }, ...parameters.slice(1)] });
    const record = wire.fake.seedPipeline({ name: "ChurnPipeline", definition: churnJson, roleArn: ROLE, version: 3 });
    wire.fake.on("DescribePipeline", (request, fake) => {
      if (request.body?.PipelineVersionId !== 2) return fake.modelAnswer(request);
      record.definition = older;
      const answer = fake.modelAnswer(request);
      record.definition = churnJson;
      return answer;
    });
    const file = join(scratch(), "pipeline.ts");
    const result = await cli(["import", "--pipeline", record.arn, "--pipeline-version", "2", "-o", file]);
    expect(wire.fake.bodies("DescribePipeline")).toEqual([{ PipelineName: record.arn, PipelineVersionId: 2 }]);
    expect(result).toEqual({ code: 0, stdout: `ChurnPipeline: wrote ${file} (7 steps)\n`, stderr: "" });
    expect(readFileSync(file, "utf8")).toContain('.param("InputData", "String", { default: "s3://older/raw/" })');
  });

  it("a pipeline that does not exist: exit 3 (AWS refused), AWS's answer in one line", async () => {
    environmentFor(wire.fake.url);
    const result = await cli(["import", "--pipeline", "Nope"]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^sagepipe: .*pipeline "Nope".*\n$/);
  });
});
