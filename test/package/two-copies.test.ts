import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root, staleBuild } from "./built.js";

// One process that imports dist/index.js and requires dist/index.cjs has two copies of sagepipe:
// a pipeline value of one is not an instance of the other's classes. Each place that refuses such a
// value used to call it "an object" (or, in compile, report its private fields as 3 unknown keys per
// value, "check its spelling"); each now says that it comes from another copy, and what to do.
const SCRIPT = `
import { createRequire } from "node:module";
const esm = await import(${JSON.stringify(join(root, "dist/index.js"))});
const cjs = createRequire(import.meta.url)(${JSON.stringify(join(root, "dist/index.cjs"))});
const arn = "arn:aws:lambda:us-east-1:111111111111:function:f";
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1";
const role = "arn:aws:iam::123456789012:role/R";
const cases = {
  compile: () => esm.compile(esm.pipeline("P").add(esm.processingStep("Prep", {
    image, role, instanceType: "ml.m5.xlarge", entrypoint: ["python3"],
    inputs: { raw: { source: cjs.execution.PipelineExecutionId, destination: "/opt/ml/processing/input" } },
  }))),
  lambdaInputs: () => cjs.lambdaStep("L", { functionArn: arn, inputs: { run: esm.execution.PipelineExecutionId } }),
  lambdaList: () => cjs.lambdaStep("L", { functionArn: arn, inputs: { runs: ["a", esm.execution.PipelineExecutionId] } }),
  join: () => cjs.join\`run-\${esm.execution.PipelineExecutionId}\`,
  fail: () => cjs.failStep("F", esm.execution.PipelineExecutionId),
  condition: () => cjs.execution.PipelineExecutionId.eq(esm.execution.PipelineExecutionId),
  sameCopy: () => cjs.compile(cjs.pipeline("P").add(cjs.failStep("F", cjs.join\`run-\${cjs.execution.PipelineExecutionId}\`))).json.length > 0,
};
const out = {};
for (const [name, run] of Object.entries(cases)) {
  try {
    out[name] = { ok: run() !== undefined };
  } catch (error) {
    out[name] = { code: error.code, message: error.message };
  }
}
console.log(JSON.stringify(out));
`;

describe("two copies of sagepipe in one process (ESM and CommonJS)", () => {
  const stale = staleBuild();
  it.skipIf(stale !== "")(`a value made by the other copy is refused with a message that says so ${stale}`, () => {
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", SCRIPT], { encoding: "utf8", timeout: 60_000 });
    expect(result.stderr).toBe("");
    const out = JSON.parse(result.stdout) as Record<string, { ok?: boolean; code?: string; message?: string }>;
    expect(out.sameCopy).toEqual({ ok: true });
    const refused = ["compile", "lambdaInputs", "lambdaList", "join", "fail", "condition"];
    for (const name of refused) {
      expect(out[name]?.message, name).toMatch(/made by another copy of sagepipe loaded in this process .*load sagepipe one way/);
      // and it shows the value, as JSON
      expect(out[name]?.message, name).toContain('{"Get":"Execution.PipelineExecutionId"}');
    }
    expect(out.compile?.code).toBe("value-from-another-copy");
    expect(out.compile?.message).toMatch(/^pipeline "P" cannot be compiled/);
    expect(out.lambdaInputs?.code).toBe("invalid-step-input");
    expect(out.join?.code).toBe("invalid-join");
    expect(out.fail?.code).toBe("invalid-fail-message");
    expect(out.condition?.code).toBe("invalid-value");
  });
});
