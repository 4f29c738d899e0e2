import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalRunError, localDeployHandler, pipeline, runLocal } from "sagepipe";
import { machine, project } from "./support.js";

// Everything the runner writes stays inside the workdir (and its local S3 root). A parameter, an
// execution id or a path that would leave it is an error before the first step: nothing runs, no
// run directory is made, nothing is written outside.

/** The LocalRunError a run throws, or fails the test. */
async function refused(run: Promise<unknown>): Promise<LocalRunError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LocalRunError);
  return error as LocalRunError;
}

const outside = (dir: string) => join(dir, "..", `${dir.split("/").at(-1)}-outside`);

describe("runLocal: nothing is written outside the workdir", () => {
  it("a processing input LocalPath with .. segments: refused before the first step", async () => {
    const dir = project({ "data/rows.csv": "1\n" });
    const flow = pipeline("Traverse")
      .assets({ bucket: "my-bucket" })
      .process("First", { ...machine, entrypoint: ["node", "-e", "0"] })
      .process("Copy", {
        ...machine,
        entrypoint: ["node", "-e", "0"],
        inputs: { raw: { source: "s3://data/raw/", destination: "/opt/ml/processing/../../../../../../../../../../tmp/sagepipe-escaped" } },
        after: ["First"],
      });
    const error = await refused(runLocal(flow, { baseDir: dir, mounts: { "s3://data/raw/": "./data" } }));
    expect(error.code).toBe("local-preflight-failed");
    expect(error.message).toContain(
      'Processing step "Copy": input "raw" LocalPath "/opt/ml/processing/../../../../../../../../../../tmp/sagepipe-escaped" is not a path under /opt/ml/processing/ (no ".." segments)',
    );
    expect(existsSync(join(dir, ".sagepipe/runs"))).toBe(false);
    expect(existsSync("/tmp/sagepipe-escaped")).toBe(false);
  });

  it("an asset prefix with .. segments: the code upload is refused before the first step (local-preflight-failed, not an internal error)", async () => {
    const dir = project({ "job.mjs": "0;\n" });
    const escape = `../../${outside(dir).split("/").at(-1)}`;
    const flow = pipeline("Prefix")
      .assets({ bucket: "my-bucket", prefix: escape })
      .process("Job", { ...machine, code: "./job.mjs", command: ["node"] });
    const error = await refused(runLocal(flow, { baseDir: dir }));
    expect(error.code).toBe("local-preflight-failed");
    expect(error.message).toMatch(
      new RegExp(`the code "\\./job\\.mjs" goes to "s3://my-bucket/${escape.replace(/[.]/g, "\\.")}/[0-9a-f]{64}/job\\.mjs", which is not an S3 URI the local object store can hold .*: check the pipeline's \\.assets\\(\\{ bucket, prefix \\}\\)`),
    );
    expect(existsSync(outside(dir))).toBe(false);
    expect(existsSync(join(dir, ".sagepipe/runs"))).toBe(false);
  });

  it("a property file path with .. segments: refused before the first step, never read from this machine", async () => {
    const filePath = (secret: string) => `../../../../../../../../../../../..${secret}`;
    const dir = project();
    const secret = join(dir, "secret.json");
    writeFileSync(secret, JSON.stringify({ accuracy: 0.99 }));
    const flow = pipeline("ReadOutside")
      .assets({ bucket: "my-bucket" })
      .process("Evaluate", {
        ...machine,
        entrypoint: ["node", "-e", "require('fs').writeFileSync('/opt/ml/processing/eval/report.json', '{\"accuracy\": 0.1}')"],
        outputs: { eval: "/opt/ml/processing/eval" },
        propertyFiles: { report: { output: "eval", path: filePath(secret) } },
      })
      .when("Check", ({ steps }) => steps.Evaluate.propertyFiles.report.get("accuracy").gte(0.9))
      .end();
    const error = await refused(runLocal(flow, { baseDir: dir }));
    expect(error.code).toBe("local-preflight-failed");
    expect(error.message).toContain(
      `Processing step "Evaluate": property file "report" FilePath ${JSON.stringify(filePath(secret))} leaves its output (no ".." segments): name a file the step writes under it`,
    );
    expect(existsSync(join(dir, ".sagepipe/runs"))).toBe(false);
  });

  it("a parameter used as the model package group name: refused, the registry file is not written", async () => {
    const dir = project();
    const flow = pipeline("Reg")
      .param("Group", "String", { default: "churn" })
      .process("First", { ...machine, entrypoint: ["node", "-e", "0"] })
      .register("Register", ({ params }) => ({ modelPackageGroup: params.Group, image: machine.image, modelData: "s3://my-bucket/model.tar.gz", contentTypes: ["text/csv"], responseTypes: ["text/csv"], after: ["First"] }));
    const error = await refused(runLocal(flow, { baseDir: dir, params: { Group: `../../../${outside(dir).split("/").at(-1)}` } }));
    expect(error.message).toMatch(/RegisterModel step "Register": ModelPackageGroupName "\.\.\/\.\.\/\.\.\/[^"]+" is not a valid SageMaker name \(1–63 letters, digits and hyphens\)/);
    expect(existsSync(outside(dir))).toBe(false);
    expect(existsSync(join(dir, ".sagepipe/runs"))).toBe(false);
  });

  it.each([
    ["a file:// URL", (dir: string) => `file://${outside(dir)}`],
    ["an absolute path", (dir: string) => outside(dir)],
    ["a relative path", () => "../escaped"],
  ])("an output destination that is %s: refused (outputs go to S3, locally the object store)", async (_kind, destination) => {
    const dir = project();
    const flow = pipeline("Out")
      .param("Dest", "String", { default: "s3://my-bucket/out" })
      .process("First", { ...machine, entrypoint: ["node", "-e", "0"] })
      .process("Write", ({ params }) => ({
        ...machine,
        entrypoint: ["node", "-e", "require('fs').writeFileSync('/opt/ml/processing/out/x', 'x')"],
        outputs: { out: { source: "/opt/ml/processing/out", destination: params.Dest } },
        after: ["First"],
      }));
    const error = await refused(runLocal(flow, { baseDir: dir, params: { Dest: destination(dir) } }));
    expect(error.message).toContain(`Processing step "Write": output "out" goes to "${destination(dir)}", which is not an s3:// URI`);
    expect(existsSync(outside(dir))).toBe(false);
    expect(existsSync(join(dir, "..", "escaped"))).toBe(false);
  });

  it("a training output path that is not s3://: refused", async () => {
    const dir = project();
    const flow = pipeline("TrainOut")
      .param("Models", "String", { default: "s3://my-bucket/models" })
      .train("Fit", ({ params }) => ({ ...machine, outputPath: params.Models }));
    const error = await refused(runLocal(flow, { baseDir: dir, params: { Models: `file://${outside(dir)}` }, commands: { Fit: ["node", "-e", "0"] } }));
    expect(error.message).toContain(`Training step "Fit": OutputDataConfig.S3OutputPath "file://${outside(dir)}" is not an s3:// URI`);
  });

  it.each(["../../escaped", "a/b", "..", "", "x".repeat(200)])("an execution id %j: refused", async (executionId) => {
    const dir = project();
    const flow = pipeline("Id").process("Only", { ...machine, entrypoint: ["node", "-e", "0"] });
    const error = await refused(runLocal(flow, { baseDir: dir, executionId }));
    expect(error.message).toContain(`execution id ${JSON.stringify(executionId)} is not usable: it must be 1–128 letters, digits, "-" and "_", starting with a letter or digit`);
    expect(existsSync(join(dir, ".sagepipe"))).toBe(false);
  });

  it("a pipeline name that is not a valid SageMaker name (a bare definition's name): refused", async () => {
    const dir = project();
    const compiled = pipeline("Named").process("Only", { ...machine, entrypoint: ["node", "-e", "0"] }).compile();
    const error = await refused(runLocal(compiled.definition, { baseDir: dir, name: "../../escaped" }));
    expect(error.message).toContain('pipeline name "../../escaped" is not a valid SageMaker pipeline name');
  });

  it("names the local deploy handler and Endpoint steps write files by: checked when the step runs", async () => {
    const dir = project();
    const flow = pipeline("Deploy")
      .param("Endpoint", "String", { default: "churn" })
      .lambda("Deploy", ({ params }) => ({ functionArn: "arn:aws:lambda:us-east-1:111111111111:function:sagepipe-deploy", inputs: { EndpointName: params.Endpoint } }));
    const run = await runLocal(flow, { baseDir: dir, params: { Endpoint: "../../../escaped" }, handlers: { "sagepipe-deploy": localDeployHandler } });
    expect(run.status).toBe("Failed");
    expect(run.failureReason).toBe('the deploy handler: EndpointName "../../../escaped" is not a valid SageMaker name (1–63 letters, digits and hyphens)');
    expect(existsSync(join(dir, "..", "escaped.json"))).toBe(false);
  });

  it("an Endpoint step's name from a parameter: refused before the first step", async () => {
    const dir = project();
    const flow = pipeline("Ep")
      .param("Endpoint", "String", { default: "churn" })
      .endpoint("Serve", ({ params }) => ({ endpointName: params.Endpoint, endpointConfigName: "churn-config" }));
    const error = await refused(runLocal(flow, { baseDir: dir, params: { Endpoint: "../../escaped" } }));
    expect(error.message).toContain('Endpoint step "Serve": EndpointName "../../escaped" is not a valid SageMaker name');
  });

  it("a workdir under a path that is a file: a clear error, not ENOTDIR", async () => {
    const dir = project();
    writeFileSync(join(dir, "file"), "");
    const flow = pipeline("W").process("Only", { ...machine, entrypoint: ["node", "-e", "0"] });
    const error = await refused(runLocal(flow, { baseDir: dir, workdir: "file/sub" }));
    expect(error.code).toBe("local-workdir-unusable");
    expect(error.message).toBe(`the workdir ${join(dir, "file/sub")} cannot be used: ${join(dir, "file")} is a file, not a directory`);
    expect(readdirSync(dir)).toEqual(["file"]);
  });
});
