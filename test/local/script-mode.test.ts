import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { frameworkModelStep, frameworkProcessingStep, frameworkTrainingStep, pipeline, runLocal, type RunLocalOptions } from "sagepipe";
import { readTarGz, tarGz } from "../../src/compile/archive.js";
import { project, role } from "./support.js";

// Script mode run locally under the SageMaker training toolkit's contract. Expected values are the
// toolkit's (sagemaker-training-toolkit v5.1.0): mapping.to_cmd_args (sorted names, "--name value",
// "-n" for a one-letter name, each value Python's str() of the JSON-decoded hyperparameter),
// Environment.to_env_vars (SM_HPS etc. as json.dumps(sort_keys=True, separators=(",", ":"))),
// entry_point.run (the code unpacked in /opt/ml/code, the script run there). The scripts use only
// Python's standard library; skipped, saying so, where there is no python3.
const hasPython = spawnSync("python3", ["--version"], { encoding: "utf8" }).status === 0;

/** A training script that writes what it was given (argv, cwd, SM_* variables) to the model directory. */
const REPORTER = `import json, os, sys
os.makedirs(os.environ["SM_MODEL_DIR"], exist_ok=True)
with open(os.path.join(os.environ["SM_MODEL_DIR"], "seen.json"), "w") as f:
    json.dump({"argv": sys.argv, "cwd": os.getcwd(), "env": {k: v for k, v in os.environ.items() if k.startswith("SM_")},
               "data": sorted(os.listdir(os.environ["SM_CHANNEL_TRAIN"])), "helper": __import__("helper").VALUE}, f)
print("trained")
`;

function trainingProject() {
  return project({
    "src/train.py": REPORTER,
    "src/helper.py": "VALUE = 'from the source directory'\n",
    "src/requirements.txt": "numpy==1.26.4\n",
    "data/part-0.csv": "1,2\n",
  });
}

const hyperparameters = { epochs: 3, lr: 1e-5, layers: [64, 32], criterion: "gini", flag: true, C: 0.5, opts: { depth: 2, name: "x" } };

function trainingPipeline(extra: Record<string, unknown> = {}) {
  return pipeline("ScriptMode")
    .region("us-west-2")
    .assets({ bucket: "my-bucket", prefix: "code" })
    .add(
      frameworkTrainingStep("Train", {
        framework: { name: "sklearn", version: "1.2-1" },
        role,
        instanceType: "ml.m5.large",
        entryPoint: "train.py",
        sourceDir: "./src",
        inputs: { train: "s3://my-bucket/data/" },
        hyperparameters,
        ...extra,
      }),
    );
}

async function seen(dir: string, options: RunLocalOptions = {}) {
  const run = await runLocal(trainingPipeline(), { baseDir: dir, mounts: { "s3://my-bucket/data/": "./data" }, workdir: join(dir, ".sagepipe"), ...options });
  expect(run.failureReason).toBeUndefined();
  const sandbox = join(dir, ".sagepipe", "runs", run.executionId, "steps", "Train", "opt", "ml", "model", "seen.json");
  return { run, seen: JSON.parse(readFileSync(sandbox, "utf8")) as { argv: string[]; cwd: string; env: Record<string, string>; data: string[]; helper: string } };
}

describe.skipIf(!hasPython)(`script-mode training, run locally${hasPython ? "" : " (skipped: no python3 on PATH)"}`, () => {
  it.each(["auto", "detect"] as const)("runs the entry point as the training toolkit does (isolation %s)", async (isolation) => {
    // given
    const dir = trainingProject();
    // when
    const { run, seen: given } = await seen(dir, { isolation });
    // then: in /opt/ml/code, with the source directory importable
    expect(run.status).toBe("Succeeded");
    expect(given.cwd).toMatch(/\/opt\/ml\/code$/);
    expect(given.helper).toBe("from the source directory");
    expect(given.data).toEqual(["part-0.csv"]);
    // mapping.to_cmd_args: sorted by name (uppercase first), -C for a one-letter name, str() of each value
    expect(given.argv).toEqual([
      "train.py",
      "-C",
      "0.5",
      "--criterion",
      "gini",
      "--epochs",
      "3",
      "--flag",
      "True",
      "--layers",
      "[64, 32]",
      "--lr",
      "1e-05",
      "--opts",
      "depth=2,name=x",
    ]);
    // Environment.to_env_vars: the user's hyperparameters only, decoded; strings as they are, the rest compact sorted JSON
    expect(given.env).toMatchObject({
      SM_HPS: '{"C":0.5,"criterion":"gini","epochs":3,"flag":true,"layers":[64,32],"lr":1e-05,"opts":{"depth":2,"name":"x"}}',
      SM_HP_EPOCHS: "3",
      SM_HP_LR: "1e-05",
      SM_HP_CRITERION: "gini",
      SM_HP_LAYERS: "[64,32]",
      SM_HP_FLAG: "true",
      SM_HP_C: "0.5",
      SM_CHANNELS: '["train"]',
      SM_CHANNEL_TRAIN: expect.stringMatching(/\/opt\/ml\/input\/data\/train$/),
      SM_MODEL_DIR: expect.stringMatching(/\/opt\/ml\/model$/),
      SM_OUTPUT_DATA_DIR: expect.stringMatching(/\/opt\/ml\/output\/data$/),
      SM_HOSTS: '["algo-1"]',
      SM_CURRENT_HOST: "algo-1",
      SM_CURRENT_INSTANCE_TYPE: "ml.m5.large",
      SM_NUM_GPUS: "0",
      SM_MODULE_NAME: "train",
      SM_USER_ENTRY_POINT: "train.py",
      SM_FRAMEWORK_PARAMS: "{}",
      SM_LOG_LEVEL: "20",
      SM_USER_ARGS: '["-C","0.5","--criterion","gini","--epochs","3","--flag","True","--layers","[64, 32]","--lr","1e-05","--opts","depth=2,name=x"]',
      SM_MODULE_DIR: expect.stringMatching(/^s3:\/\/my-bucket\/code\/[0-9a-f]{64}\/sourcedir\.tar\.gz$/),
    });
    expect(JSON.parse(given.env.SM_TRAINING_ENV ?? "{}")).toMatchObject({ hyperparameters: { epochs: 3, lr: 1e-5 }, module_name: "train", hosts: ["algo-1"] });
    // the sagemaker_* hyperparameters are the toolkit's, not the script's
    expect(Object.keys(given.env).filter((key) => key.startsWith("SM_HP_SAGEMAKER"))).toEqual([]);
    // requirements.txt: reported, not installed
    expect(run.warnings).toEqual([expect.stringMatching(/^step "Train": requirements\.txt was not installed: SageMaker installs it with pip before the script runs, a local run uses the packages of python3/)]);
    // the model directory is packed as the job's model.tar.gz; the run record names the code archive
    const train = run.steps.find((s) => s.name === "Train");
    expect(train?.outputs).toEqual([{ name: "model", uri: expect.stringMatching(/\/Train\/output\/model\.tar\.gz$|model\.tar\.gz$/) }]);
    expect(train?.hyperparameters?.sagemaker_program).toBe('"train.py"');
  }, 60_000);

  it("runs with the chosen Python (interpreters.python), and says how to choose it when it is missing", async () => {
    const dir = trainingProject();
    const missing = await runLocal(trainingPipeline(), { baseDir: dir, mounts: { "s3://my-bucket/data/": "./data" }, workdir: join(dir, ".sagepipe"), interpreters: { python: "/nonexistent/python3.99" } });
    expect(missing.status).toBe("Failed");
    expect(missing.failureReason).toContain('cannot start "python": it is mapped to "/nonexistent/python3.99", which is not an executable on this machine. Fix the mapping in interpreters (for Python: sagepipe run --python /path/to/python)');
    const which = spawnSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).stdout.trim();
    const { run } = await seen(dir, { interpreters: { python: which } });
    expect(run.warnings?.[0]).toContain(`the packages of ${which} as they are`);
  }, 60_000);

  it("a .sh entry point runs through /bin/sh with the arguments quoted, and its python is the chosen one", async () => {
    const dir = project({
      "src/run.sh": '#!/bin/sh\npython -c "import json,os,sys; open(os.environ[\\"SM_MODEL_DIR\\"]+\\"/seen.json\\",\\"w\\").write(json.dumps(sys.argv[1:]))" "$@"\n',
      "data/part-0.csv": "1\n",
    });
    const p = pipeline("ShellEntry")
      .region("us-west-2")
      .assets({ bucket: "my-bucket" })
      .add(
        frameworkTrainingStep("Train", {
          framework: { name: "sklearn", version: "1.2-1" },
          role,
          instanceType: "ml.m5.large",
          entryPoint: "run.sh",
          sourceDir: "./src",
          inputs: { train: "s3://my-bucket/data/" },
          hyperparameters: { note: "two words", n: 1 },
        }),
      );
    const run = await runLocal(p, { baseDir: dir, mounts: { "s3://my-bucket/data/": "./data" }, workdir: join(dir, ".sagepipe") });
    expect(run.failureReason).toBeUndefined();
    const file = join(dir, ".sagepipe", "runs", run.executionId, "steps", "Train", "opt", "ml", "model", "seen.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(["-n", "1", "--note", "two words"]);
  }, 60_000);

  it("with network isolation, reads the code from the code channel as the toolkit does", async () => {
    const dir = trainingProject();
    const run = await runLocal(trainingPipeline({ networkIsolation: true }), { baseDir: dir, mounts: { "s3://my-bucket/data/": "./data" }, workdir: join(dir, ".sagepipe") });
    expect(run.failureReason).toBeUndefined();
    const file = join(dir, ".sagepipe", "runs", run.executionId, "steps", "Train", "opt", "ml", "model", "seen.json");
    const given = JSON.parse(readFileSync(file, "utf8")) as { env: Record<string, string> };
    expect(given.env.SM_MODULE_DIR).toBe("/opt/ml/input/data/code/sourcedir.tar.gz");
    expect(JSON.parse(given.env.SM_CHANNELS ?? "[]")).toEqual(["code", "train"]);
  }, 60_000);

  it("a framework processor's runproc.sh: the script runs in the unpacked code with the job's arguments, requirements reported", async () => {
    const dir = project({
      "proc/process.py":
        "import json, os, sys\nfrom util import NAME\nos.makedirs('/opt/ml/processing/out', exist_ok=True)\njson.dump({'argv': sys.argv, 'cwd': os.getcwd(), 'name': NAME}, open('/opt/ml/processing/out/seen.json', 'w'))\n",
      "proc/util.py": "NAME = 'util'\n",
      "proc/requirements.txt": "pandas\n",
    });
    const p = pipeline("Proc")
      .region("us-west-2")
      .assets({ bucket: "my-bucket" })
      .add(
        frameworkProcessingStep("Process", {
          framework: { name: "pytorch", version: "2.3", pyVersion: "py311" },
          role,
          instanceType: "ml.m5.large",
          code: "process.py",
          sourceDir: "./proc",
          arguments: ["--mode", "two words"],
          outputs: { out: { source: "/opt/ml/processing/out", destination: "s3://my-bucket/out/" } },
        }),
      );
    const run = await runLocal(p, { baseDir: dir, workdir: join(dir, ".sagepipe") });
    expect(run.failureReason).toBeUndefined();
    const given = JSON.parse(readFileSync(join(dir, ".sagepipe", "s3", "my-bucket", "out", "seen.json"), "utf8")) as { argv: string[]; cwd: string; name: string };
    expect(given).toEqual({ argv: ["process.py", "--mode", "two words"], cwd: expect.stringMatching(/\/opt\/ml\/processing\/input\/code$/), name: "util" });
    expect(run.warnings).toEqual([expect.stringMatching(/^step "Process": requirements\.txt was not installed/)]);
  }, 60_000);

  it("the repack job of a framework model runs locally: the model archive gets the inference code", async () => {
    // given: a PyTorch model (the SDK repacks it) whose model.tar.gz is in a mounted prefix
    const dir = project({ "serve/inference.py": "def model_fn(d):\n    return d\n" });
    const model = project();
    writeFileSync(join(model, "model.tar.gz"), tarGz([{ name: "weights.bin", content: Buffer.from("w") }]));
    const p = pipeline("Repack")
      .region("us-west-2")
      .assets({ bucket: "my-bucket" })
      .add(
        frameworkModelStep("M", {
          framework: { name: "pytorch", version: "2.3", pyVersion: "py311" },
          instanceType: "ml.m5.large",
          modelData: "s3://my-bucket/model/model.tar.gz",
          entryPoint: "inference.py",
          sourceDir: "./serve",
          role,
        }) as never,
      );
    // when
    const run = await runLocal(p, { baseDir: dir, workdir: join(dir, ".sagepipe"), mounts: { "s3://my-bucket/model/": model } });
    // then
    expect(run.failureReason).toBeUndefined();
    expect(run.steps.map((s) => [s.name, s.status])).toEqual([
      ["M-RepackModel-0", "Succeeded"],
      ["M-CreateModel", "Succeeded"],
    ]);
    const repacked = run.steps[0]?.outputs?.[0]?.uri ?? "";
    const archive = readFileSync(join(dir, ".sagepipe", "s3", repacked.replace(/^s3:\/\//, "")));
    expect(readTarGz(archive).map((entry) => entry.name).sort()).toEqual(["code/inference.py", "weights.bin"]);
  }, 60_000);
});
