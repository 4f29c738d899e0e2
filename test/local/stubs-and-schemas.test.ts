import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compile, failStep, pipeline, runLocal, simulate, type SimulateOptions } from "sagepipe";
import { machine, project } from "./support.js";

// A stub or a script that does not give what the pipeline declares must not let a test pass: the
// typed condition reads a number from "report", so a stubbed string, a misspelt key or a file the
// run never reads is a mistake in the test, said at once.

const report = z.object({ metrics: z.object({ accuracy: z.object({ value: z.number() }) }) });
const WRITE = `import { mkdirSync, writeFileSync } from "node:fs";
const [dir, text] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });
writeFileSync(dir + "/evaluation.json", text);`;

/** The gate pipeline; with `writes`, its Evaluate step runs write.mjs (runLocal), else nothing (simulate). */
const gate = (writes?: string) =>
  pipeline("Gate")
    .assets({ bucket: "my-bucket" })
    .param("Threshold", "Float", { default: 0.8 })
    .process("Evaluate", {
      ...machine,
      ...(writes === undefined
        ? { entrypoint: ["node", "-e", "0"] }
        : { code: "./write.mjs", command: ["node"], arguments: ["/opt/ml/processing/evaluation", writes] }),
      outputs: { evaluation: "/opt/ml/processing/evaluation" },
      propertyFiles: { report: { output: "evaluation", path: "evaluation.json", schema: report } },
    })
    .lambda("Score", { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:score", outputs: { drift: "Float" } })
    .when("Check", ({ steps, params }) => steps.Evaluate.propertyFiles.report.get("metrics.accuracy.value").gte(params.Threshold))
    .otherwise(() => failStep("Low", "too low"));

const good = { metrics: { accuracy: { value: 0.95 } } };

/** What `simulate` throws (or "resolved" when it does not). */
async function refusal(options: unknown, target: unknown = gate()): Promise<{ code: string | undefined; message: string } | "resolved"> {
  try {
    await simulate(target as never, options as SimulateOptions);
    return "resolved";
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}

describe("simulate: the options and the stubs are checked, not dropped", () => {
  it("a misspelt option (param for params) is unknown-option, not a run with the defaults", async () => {
    const result = await refusal({ param: { Threshold: 0.99 }, outputs: { Evaluate: { propertyFiles: { report: good } } } });
    expect(result).toMatchObject({ code: "unknown-option" });
    expect(result !== "resolved" && result.message).toContain('simulate: unknown option "param". Did you mean "params"?');
  });

  it("a misspelt stub key is unknown-option with its path", async () => {
    const result = await refusal({ outputs: { Evaluate: { propertyFile: { report: good } } } });
    expect(result).toMatchObject({ code: "unknown-option" });
    expect(result !== "resolved" && result.message).toContain('unknown option "outputs.Evaluate.propertyFile". Did you mean "propertyFiles"?');
  });

  it("a stubbed property file the step does not declare is local-stub-invalid, with the declared ones", async () => {
    const result = await refusal({ outputs: { Evaluate: { propertyFiles: { reprot: good, report: good } } } });
    expect(result).toMatchObject({ code: "local-stub-invalid" });
    expect(result !== "resolved" && result.message).toContain('outputs.Evaluate.propertyFiles.reprot: step "Evaluate" has no property file "reprot". Did you mean "report"?');
  });

  it("a stubbed property file that does not match its declared schema is local-stub-invalid, naming the JSON path", async () => {
    const result = await refusal({ outputs: { Evaluate: { propertyFiles: { report: { metrics: { accuracy: { value: "0.95" } } } } } } });
    expect(result).toMatchObject({ code: "local-stub-invalid" });
    const message = result !== "resolved" ? result.message : "";
    expect(message).toContain('outputs.Evaluate.propertyFiles.report does not match the schema of property file "report"');
    expect(message).toContain("metrics.accuracy.value");
    expect(message).toMatch(/expected number/);
  });

  it("a stubbed value JSON cannot carry (NaN, undefined, a function) is local-stub-invalid, schema or not", async () => {
    const definition = compile(gate()).definition;
    for (const target of [gate(), definition] as readonly unknown[]) {
      const result = await refusal({ name: target === definition ? "Gate" : undefined, outputs: { Evaluate: { propertyFiles: { report: { metrics: { accuracy: { value: Number.NaN } } } } } } }, target);
      expect(result).toMatchObject({ code: "local-stub-invalid" });
      expect(result !== "resolved" && result.message).toContain("outputs.Evaluate.propertyFiles.report.metrics.accuracy.value is NaN, which JSON cannot carry");
    }
  });

  it("Lambda/Callback outputs: an undeclared name, or outputs on another kind of step, is local-stub-invalid", async () => {
    const undeclared = await refusal({ outputs: { Evaluate: { propertyFiles: { report: good } }, Score: { outputs: { drfit: 0.1 } } } });
    expect(undeclared).toMatchObject({ code: "local-stub-invalid" });
    expect(undeclared !== "resolved" && undeclared.message).toContain('outputs.Score.outputs.drfit: step "Score" has no output "drfit". Did you mean "drift"?');
    const wrongKind = await refusal({ outputs: { Evaluate: { propertyFiles: { report: good }, outputs: { x: 1 } } } });
    expect(wrongKind).toMatchObject({ code: "local-stub-invalid" });
    expect(wrongKind !== "resolved" && wrongKind.message).toContain('outputs.Evaluate.outputs: step "Evaluate" is a Processing step; only Lambda and Callback steps have outputs');
  });

  it("a correct stub still runs, and a schema-less definition accepts any JSON", async () => {
    const run = await simulate(gate(), { params: { Threshold: 0.9 }, outputs: { Evaluate: { propertyFiles: { report: good } }, Score: { outputs: { drift: 0.1 } } } });
    expect(run.status).toBe("Succeeded");
    const loose = await simulate(compile(gate()).definition, { name: "Gate", outputs: { Evaluate: { propertyFiles: { report: { metrics: { accuracy: { value: "0.95" } } } } } } });
    expect(loose.conditions[0]?.outcome).toBe(true);
  });
});

describe("runLocal: a property file the script wrote is checked against its declared schema", () => {
  it("a file that does not match fails the step, naming the file, the path and what was expected", async () => {
    const dir = project({ "write.mjs": WRITE });
    const run = await runLocal(gate('{"metrics":{"accuracy":{"value":"0.95"}}}'), { baseDir: dir, stubs: { Score: { outputs: { drift: 0.1 } } } }).catch((error: Error) => error);
    if (run instanceof Error) throw run;
    expect(run).toMatchObject({ status: "Failed", failedStep: "Evaluate" });
    expect(run.failureReason).toContain('property file "report": evaluation.json does not match its declared schema');
    expect(run.failureReason).toContain("metrics.accuracy.value");
  });

  it("a file that matches is read as before", async () => {
    const dir = project({ "write.mjs": WRITE });
    const run = await runLocal(gate(JSON.stringify(good)), { baseDir: dir, stubs: { Score: { outputs: { drift: 0.1 } } } });
    expect(run.steps.find((step) => step.name === "Evaluate")).toMatchObject({ status: "Succeeded", propertyFiles: { report: good } });
  });
});

describe("the other public functions check their options too", () => {
  it("runLocal's stubs are checked as simulate's are", async () => {
    const dir = project({ "write.mjs": WRITE });
    await expect(runLocal(gate(JSON.stringify(good)), { baseDir: dir, stubs: { Score: { outputs: { drfit: 0.1 } } } })).rejects.toMatchObject({
      code: "local-stub-invalid",
      message: expect.stringContaining('stubs.Score.outputs.drfit: step "Score" has no output "drfit". Did you mean "drift"?'),
    });
  });

  it("runLocal and compile: a misspelt option is unknown-option", async () => {
    const dir = project({ "write.mjs": WRITE });
    await expect(runLocal(gate(JSON.stringify(good)), { baseDir: dir, param: { Threshold: 0.99 } } as never)).rejects.toMatchObject({
      code: "unknown-option",
      message: expect.stringContaining('runLocal: unknown option "param". Did you mean "params"?'),
    });
    expect(() => compile(gate(), { baseDIr: dir } as never)).toThrow(expect.objectContaining({ code: "unknown-option", message: expect.stringContaining('compile: unknown option "baseDIr". Did you mean "baseDir"?') }));
  });
});
