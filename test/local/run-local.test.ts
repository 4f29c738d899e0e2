import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { failStep, join as joinValues, listLocalModelVersions, LocalRunError, pipeline, runLocal, type RunEvent } from "sagepipe";

const role = "arn:aws:iam::111111111111:role/R";
const image = "111111111111.dkr.ecr.us-east-1.amazonaws.com/node:20";
const machine = { image, role, instanceType: "ml.m5.large" } as const;

/** A temp directory with scripts; the pipeline's code paths and the workdir are relative to it. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-local-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const runs = (dir: string) => (existsSync(join(dir, ".sagepipe/runs")) ? readdirSync(join(dir, ".sagepipe/runs")) : []);

// scripts: plain Node.js, following the container contract
const WRITE = `import { mkdirSync, writeFileSync } from "node:fs";
const [dir, name, text] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });
writeFileSync(dir + "/" + name, text);`;
const COUNT = `import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
const file = process.env.COUNTER;
const count = existsSync(file) ? Number(readFileSync(file, "utf8")) + 1 : 1;
writeFileSync(file, String(count));
if (count < Number(process.env.FAIL_UNTIL ?? 0)) { console.error("transient " + count); process.exit(Number(process.env.EXIT_CODE ?? 75)); }
mkdirSync(process.argv[2], { recursive: true });
writeFileSync(process.argv[2] + "/out.txt", "run " + count);`;
const TRAIN = `import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
const hp = JSON.parse(readFileSync("/opt/ml/input/config/hyperparameters.json".replace("/opt/ml", process.env.SM_MODEL_DIR.replace(/\\/model$/, "")), "utf8"));
const rows = readFileSync(process.env.SM_CHANNEL_TRAIN + "/" + readdirSync(process.env.SM_CHANNEL_TRAIN)[0], "utf8").trim().split("\\n");
console.log("loss=0.9");
console.log("loss=" + (1 / rows.length).toFixed(2));
mkdirSync(process.env.SM_MODEL_DIR, { recursive: true });
writeFileSync(process.env.SM_MODEL_DIR + "/model.json", JSON.stringify({ rows: rows.length, hp, channels: JSON.parse(process.env.SM_CHANNELS), hps: JSON.parse(process.env.SM_HPS) }));`;

describe("runLocal: processing and training follow the SageMaker container contract", () => {
  it("runs process → train, passes data through the local store, packs the model and parses metrics", async () => {
    const dir = project({ "write.mjs": WRITE, "train.mjs": TRAIN });
    const flow = pipeline("Contract")
      .assets({ bucket: "my-bucket" })
      .param("Epochs", "Integer", { default: 3 })
      .process("Prepare", {
        ...machine,
        code: "./write.mjs",
        command: ["node"],
        arguments: ["/opt/ml/processing/train", "data.csv", "1,2\n3,4\n5,6\n7,8\n"],
        outputs: { train: "/opt/ml/processing/train" },
      })
      .train("Fit", ({ steps, params }) => ({
        ...machine,
        code: "./train.mjs",
        command: ["node"],
        inputs: { train: steps.Prepare.outputs.train },
        hyperparameters: { epochs: params.Epochs, rate: 0.1 },
        metrics: { loss: "loss=([0-9.]+)" },
      }));
    const run = await runLocal(flow, { baseDir: dir, params: { Epochs: 5 }, executionId: "exec1" });

    expect(run.status).toBe("Succeeded");
    const fit = run.steps.find((s) => s.name === "Fit");
    expect(fit).toMatchObject({ status: "Succeeded", metrics: { loss: 0.25 }, hyperparameters: { epochs: "5", rate: "0.1" }, jobName: "pipelines-exec1-Fit" });
    const modelUri = fit?.outputs?.[0]?.uri ?? "";
    expect(modelUri).toBe("s3://my-bucket/sagepipe/Contract/exec1/Fit/output/pipelines-exec1-Fit/output/model.tar.gz");
    const archive = gunzipSync(readFileSync(join(dir, ".sagepipe/s3", modelUri.slice("s3://".length))));
    expect(archive.subarray(0, 10).toString()).toBe("model.json");
    const model = JSON.parse(archive.subarray(512, 512 + parseInt(archive.subarray(124, 135).toString(), 8)).toString());
    expect(model).toEqual({ rows: 4, hp: { epochs: "5", rate: "0.1" }, channels: ["train", "code"], hps: { epochs: "5", rate: "0.1" } });
    // the code came from the content-addressed asset, and the run record says which
    expect(fit?.code?.[0]).toMatchObject({ localPath: "./train.mjs", uri: expect.stringMatching(/^s3:\/\/my-bucket\/sagepipe\/[0-9a-f]{64}\/train.mjs$/) });
    expect(JSON.parse(readFileSync(join(dir, ".sagepipe/runs/exec1/run.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(run)));
  });

  it("reads inputs from a mount or a local path instead of S3", async () => {
    const dir = project({ "data/rows.csv": "1\n2\n", "copy.mjs": `import { cpSync } from "node:fs"; cpSync(process.argv[2], process.argv[3], { recursive: true });` });
    const flow = pipeline("Mounted")
      .assets({ bucket: "my-bucket" })
      .param("Input", "String", { default: "s3://data-bucket/raw/" })
      .process("Copy", ({ params }) => ({
        ...machine,
        code: "./copy.mjs",
        command: ["node"],
        arguments: ["/opt/ml/processing/input/raw", "/opt/ml/processing/out"],
        inputs: { raw: params.Input },
        outputs: { out: "/opt/ml/processing/out" },
      }));
    const mounted = await runLocal(flow, { baseDir: dir, mounts: { "s3://data-bucket/raw/": "./data" } });
    expect(mounted.status).toBe("Succeeded");
    const local = await runLocal(flow, { baseDir: dir, params: { Input: "./data" }, cache: false });
    expect(local.status).toBe("Succeeded");
    const out = local.steps[0]?.outputs?.[0]?.uri ?? "";
    expect(readFileSync(join(dir, ".sagepipe/s3", out.slice(5), "rows.csv"), "utf8")).toBe("1\n2\n");
  });
});

describe("runLocal: failures", () => {
  const counter = (dir: string) => join(dir, "count.txt");
  const flaky = (dir: string, retry: boolean, exitCode = 75) =>
    pipeline("Flaky")
      .assets({ bucket: "my-bucket" })
      .process("Work", ({}) => ({
        ...machine,
        code: "./count.mjs",
        command: ["node"],
        arguments: ["/opt/ml/processing/out"],
        outputs: { out: "/opt/ml/processing/out" },
        environment: { FAIL_UNTIL: "3", EXIT_CODE: String(exitCode), COUNTER: counter(dir) },
        ...(retry ? { retry: [{ exceptions: ["SageMaker.JOB_INTERNAL_ERROR"], maxAttempts: 5, intervalSeconds: 2, backoffRate: 3 }] } : {}),
      }))
      .process("After", ({ steps }) => ({ ...machine, entrypoint: ["node", "-e", "0"], inputs: { data: steps.Work.outputs.out } }));

  it("retries a transient failure (exit code 75) under the step's retry policy, with backoff", async () => {
    const dir = project({ "count.mjs": COUNT });
    const delays: number[] = [];
    const events: RunEvent[] = [];
    const run = await runLocal(flaky(dir, true), { baseDir: dir, sleep: async (ms) => void delays.push(ms), onEvent: (e) => events.push(e) });
    expect(run.status).toBe("Succeeded");
    expect(run.steps[0]).toMatchObject({ name: "Work", attempts: 3 });
    expect(delays).toEqual([2000, 6000]);
    expect(events.filter((e) => e.type === "step-retrying")).toHaveLength(2);
  });

  it("without a retry policy the first failure fails the run; later steps do not start", async () => {
    const dir = project({ "count.mjs": COUNT });
    const run = await runLocal(flaky(dir, false), { baseDir: dir });
    expect(run.status).toBe("Failed");
    expect(run.failedStep).toBe("Work");
    expect(run.failureReason).toMatch(/^InternalServerError: the process exited with code 75 \(transient\)\.\nLast output:\n\s+transient 1/);
    expect(run.steps[1]).toMatchObject({ name: "After", status: "NotStarted" });
  });

  it("a process that exits non-zero is an AlgorithmError, not retried", async () => {
    const dir = project({ "count.mjs": COUNT });
    const run = await runLocal(flaky(dir, true, 2), { baseDir: dir, sleep: async () => undefined });
    expect(run.status).toBe("Failed");
    expect(run.failureReason).toMatch(/^AlgorithmError: the process exited with code 2/);
    expect(run.steps[0]?.attempts).toBe(1);
  });

  it("a script that writes no output: the step succeeds, the step reading it fails like SageMaker", async () => {
    const dir = project({});
    const flow = pipeline("Empty")
      .process("Nothing", { ...machine, entrypoint: ["node", "-e", "0"], outputs: { out: "/opt/ml/processing/out" } })
      .process("Reader", ({ steps }) => ({ ...machine, entrypoint: ["node", "-e", "0"], inputs: { data: steps.Nothing.outputs.out } }))
      .assets({ bucket: "my-bucket" });
    const run = await runLocal(flow, { baseDir: dir });
    expect(run.steps.map((s) => s.status)).toEqual(["Succeeded", "Failed"]);
    expect(run.failureReason).toMatch(/^ClientError: no objects found under s3:\/\/my-bucket\/sagepipe\/Empty\/.+\/Nothing\/output\/out/);
  });

  it("a property file the script did not write fails its step with the path it expected", async () => {
    const dir = project({});
    const flow = pipeline("NoReport")
      .assets({ bucket: "my-bucket" })
      .process("Evaluate", {
        ...machine,
        entrypoint: ["node", "-e", "0"],
        outputs: { evaluation: "/opt/ml/processing/evaluation" },
        propertyFiles: { report: { output: "evaluation", path: "evaluation.json" } },
      });
    const run = await runLocal(flow, { baseDir: dir });
    expect(run.failureReason).toBe('property file "report": the script did not write evaluation.json to output "evaluation" (/opt/ml/processing/evaluation/evaluation.json)');
  });

  it("a Fail step ends the run with its evaluated message", async () => {
    const dir = project({});
    const flow = pipeline("Stop").param("Reason", "String", { default: "data drift" }).fail("Halt", ({ params }) => joinValues`stopped: ${params.Reason}`);
    const run = await runLocal(flow, { baseDir: dir, params: { Reason: "bad data" } });
    expect(run).toMatchObject({ status: "Failed", failedStep: "Halt", failureReason: "stopped: bad data" });
  });
});

describe("runLocal: checks before anything runs", () => {
  const gated = pipeline("Gated")
    .lambda("Score", { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:score", outputs: { accuracy: "Float" } })
    .when("Check", ({ steps }) => steps.Score.outputs.accuracy.gte(0.8))
    .callback("Approve", { queueUrl: "https://sqs.us-east-1.amazonaws.com/111111111111/approvals", outputs: { approved: "Boolean" } })
    .otherwise(() => failStep("Low", "too low"));

  it("a missing Lambda or Callback handler: one error listing both, nothing run", async () => {
    const dir = project({});
    const error = await runLocal(gated, { baseDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LocalRunError);
    expect((error as LocalRunError).code).toBe("local-preflight-failed");
    expect((error as Error).message).toContain('Lambda step "Score" (arn:aws:lambda:us-east-1:111111111111:function:score) has no local handler');
    expect((error as Error).message).toContain('Callback step "Approve" has no local handler');
    expect(runs(dir)).toEqual([]);
  });

  it("handlers by function name and step name give the outputs later steps read", async () => {
    const dir = project({});
    const seen: unknown[] = [];
    const run = await runLocal(gated, {
      baseDir: dir,
      handlers: { score: () => ({ accuracy: "0.9" }) },
      callbacks: { Approve: (message) => (seen.push(message), { approved: true }) },
    });
    expect(run.status).toBe("Succeeded");
    expect(run.conditions[0]?.conditions[0]).toMatchObject({ left: 0.9, right: 0.8, result: true });
    expect(run.steps.find((s) => s.name === "Approve")?.outputParameters).toEqual({ approved: true });
    expect(seen).toEqual([{ token: expect.any(String), arguments: {} }]);
  });

  it("a handler that returns the wrong output type fails the step", async () => {
    const dir = project({});
    const run = await runLocal(gated, { baseDir: dir, handlers: { Score: () => ({ accuracy: "high" }) }, callbacks: { Approve: () => ({ approved: true }) } });
    expect(run.failureReason).toBe('the local handler of "Score" returned outputs that do not match the step\'s OutputParameters: output "accuracy" should be Float, got "high"');
  });

  it("step types that need AWS are reported unless stubbed", async () => {
    const dir = project({});
    const transform = pipeline("Scoring").transform("Score", {
      modelName: "m",
      input: "s3://my-bucket/in/",
      output: "s3://my-bucket/out/",
      instanceType: "ml.m5.large",
    });
    await expect(runLocal(transform, { baseDir: dir })).rejects.toThrow(/step "Score" \(Transform\) needs AWS and does not run locally: stub its outcome/);
    const stubbed = await runLocal(transform, { baseDir: dir, stubs: { Score: { properties: { TransformOutput: { S3OutputPath: "s3://my-bucket/out/" } } } } });
    expect(stubbed.status).toBe("Succeeded");
  });

  it("rejects parameters that do not fit before running", async () => {
    const dir = project({});
    await expect(runLocal(pipeline("P").param("N", "Integer", { default: 1 }).fail("F", "f"), { baseDir: dir, params: { N: 1.5 } })).rejects.toThrow(/"N": expected an integer, got 1.5/);
    expect(runs(dir)).toEqual([]);
  });
});

describe("runLocal: caching, parallelism, registry", () => {
  it("reuses a cached step when its inputs are the same, and reruns it when a parameter changes", async () => {
    const dir = project({ "count.mjs": COUNT });
    const flow = pipeline("Cached")
      .assets({ bucket: "my-bucket" })
      .param("Mode", "String", { default: "a" })
      .process("Work", ({ params }) => ({
        ...machine,
        code: "./count.mjs",
        command: ["node"],
        arguments: ["/opt/ml/processing/out"],
        outputs: { out: "/opt/ml/processing/out" },
        environment: { MODE: params.Mode, COUNTER: join(dir, "count.txt") },
        cache: { expireAfter: { days: 1 } },
      }));
    const options = { baseDir: dir };
    const first = await runLocal(flow, { ...options, executionId: "first" });
    const second = await runLocal(flow, { ...options, executionId: "second" });
    expect(first.steps[0]?.cached).toBe(false);
    expect(second.steps[0]).toMatchObject({ cached: true, cachedFrom: "first", status: "Succeeded" });
    // the cached step's outputs are the first run's
    expect(second.steps[0]?.outputs?.[0]?.uri).toContain("/first/");
    const third = await runLocal(flow, { ...options, executionId: "third", params: { Mode: "b" } });
    expect(third.steps[0]?.cached).toBe(false);
    expect(readFileSync(join(dir, "count.txt"), "utf8")).toBe("2");
  });

  it("runs independent steps in parallel, up to the parallelism", async () => {
    const dir = project({});
    const sleep = ["node", "-e", "setTimeout(() => {}, 300)"];
    const flow = pipeline("FanOut")
      .process("Root", { ...machine, entrypoint: ["node", "-e", "0"] })
      .process("Left", { ...machine, entrypoint: sleep })
      .process("Right", { ...machine, entrypoint: sleep, after: ["Root"] })
      .process("Join", { ...machine, entrypoint: ["node", "-e", "0"], after: ["Left", "Right"] });
    const events: string[] = [];
    const run = await runLocal(flow, { baseDir: dir, parallelism: 2, onEvent: (e) => "step" in e && events.push(`${e.type} ${e.step}`) });
    expect(run.failureReason).toBeUndefined();
    const index = (event: string) => events.indexOf(event);
    expect(index("step-started Left")).toBeLessThan(index("step-succeeded Right"));
    expect(index("step-started Right")).toBeLessThan(index("step-succeeded Left"));
    expect(index("step-started Join")).toBeGreaterThan(Math.max(index("step-succeeded Left"), index("step-succeeded Right")));
  });

  it("RegisterModel writes numbered versions to the local registry", async () => {
    const dir = project({});
    const flow = pipeline("Reg")
      .param("Approval", "String", { default: "Approved" })
      .register("Register", ({ params }) => ({ modelPackageGroup: "churn", image, modelData: "s3://my-bucket/model.tar.gz", contentTypes: ["text/csv"], responseTypes: ["text/csv"], approvalStatus: params.Approval }));
    await runLocal(flow, { baseDir: dir });
    const second = await runLocal(flow, { baseDir: dir, params: { Approval: "PendingManualApproval" } });
    expect(second.registeredModels).toEqual([expect.objectContaining({ modelPackageGroupName: "churn", modelPackageVersion: 2, approvalStatus: "PendingManualApproval" })]);
    const versions = await listLocalModelVersions(join(dir, ".sagepipe"), "churn");
    expect(versions.map((v) => [v.modelPackageVersion, v.approvalStatus, v.modelDataUrl])).toEqual([
      [1, "Approved", "s3://my-bucket/model.tar.gz"],
      [2, "PendingManualApproval", "s3://my-bucket/model.tar.gz"],
    ]);
  });
});
