import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pipeline, runLocal } from "sagepipe";
import { jobNameOf } from "../../src/local/names.js";
import { machine, project } from "./support.js";

// Local job names (and with them the model artifact's S3 key, <S3OutputPath>/<job>/output/model.tar.gz)
// must differ for different steps: SageMaker's job names allow only [A-Za-z0-9-] and 63 characters.

/** Trains a "model" that says which step made it. */
const TRAIN = `import { mkdirSync, writeFileSync } from "node:fs";
mkdirSync(process.env.SM_MODEL_DIR, { recursive: true });
writeFileSync(process.env.SM_MODEL_DIR + "/who.txt", process.env.WHO);`;

/** Copies the model archive it gets to its output. */
const COPY = `import { cpSync, mkdirSync } from "node:fs";
mkdirSync("/opt/ml/processing/out", { recursive: true });
cpSync("/opt/ml/processing/input/model/model.tar.gz", "/opt/ml/processing/out/model.tar.gz");`;

/** The name of the single file in a model.tar.gz's first entry, and its content. */
function firstEntry(archive: Buffer): string {
  const tar = gunzipSync(archive);
  const size = parseInt(tar.subarray(124, 135).toString(), 8);
  return tar.subarray(512, 512 + size).toString();
}

function twoTrainers(first: string, second: string) {
  const trainer = (who: string) => ({ ...machine, code: "./train.mjs", command: ["node"], outputPath: "s3://my-bucket/models", environment: { WHO: who } });
  return pipeline("Twins")
    .assets({ bucket: "my-bucket" })
    .train(first, trainer(first))
    .train(second, { ...trainer(second), after: [first] })
    .process("UseFirst", ({ steps }) => ({
      ...machine,
      code: "./copy.mjs",
      command: ["node"],
      inputs: { model: { source: steps[first]!.modelArtifacts, destination: "/opt/ml/processing/input/model" } },
      outputs: { out: "/opt/ml/processing/out" },
      after: [second],
    }));
}

describe("runLocal: every step has a job name (and model key) of its own", () => {
  it.each([
    ["Train_A", "Train-A"],
    ["TrainTheChurnModelOnTheCleanedDatasetWithXGBoostA", "TrainTheChurnModelOnTheCleanedDatasetWithXGBoostB"],
  ])("%s and %s: the step reading the first one's model gets the first one's model", async (first, second) => {
    const dir = project({ "train.mjs": TRAIN, "copy.mjs": COPY });
    const run = await runLocal(twoTrainers(first, second), { baseDir: dir, executionId: "abcdefghijkl" });
    expect(run.failureReason).toBeUndefined();
    const [a, b] = run.steps;
    expect(a?.jobName).not.toBe(b?.jobName);
    for (const jobName of [a?.jobName, b?.jobName]) expect(jobName).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
    expect(a?.outputs?.[0]?.uri).not.toBe(b?.outputs?.[0]?.uri);
    const copied = run.steps[2]?.outputs?.[0]?.uri ?? "";
    expect(firstEntry(readFileSync(join(dir, ".sagepipe/s3", copied.slice("s3://".length), "model.tar.gz")))).toBe(first);
  });

  it("a name that fits SageMaker's rules is kept as it is", async () => {
    const dir = project({ "train.mjs": TRAIN });
    const run = await runLocal(pipeline("Plain").assets({ bucket: "my-bucket" }).train("Fit-2", { ...machine, code: "./train.mjs", command: ["node"], environment: { WHO: "x" } }), {
      baseDir: dir,
      executionId: "exec1",
    });
    expect(run.steps[0]?.jobName).toBe("pipelines-exec1-Fit-2");
  });
});

describe("jobNameOf", () => {
  const stepName = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
  const executionId = fc.stringMatching(/^[a-z0-9]{12}$/);

  it("is always a valid SageMaker job name, and different step names give different job names", () => {
    fc.assert(
      fc.property(executionId, fc.uniqueArray(stepName, { minLength: 2, maxLength: 30 }), (id, names) => {
        const jobNames = names.map((name) => jobNameOf(id, name));
        for (const jobName of jobNames) expect(jobName).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
        expect(new Set(jobNames).size).toBe(names.length);
      }),
    );
  });

  it("names that differ only in _ and -, or after the first 40 characters, differ", () => {
    const id = "abcdefghijkl";
    const long = "A".repeat(40);
    const names = ["Train_A", "Train-A", "Train__A", "Train--A", `${long}_1`, `${long}_2`, `${long}-1`, `${long}x`];
    expect(new Set(names.map((name) => jobNameOf(id, name))).size).toBe(names.length);
  });
});
