import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tarGz } from "../../src/compile/archive.js";
import { REPACK_LAUNCHER, REPACK_LAUNCHER_TEXT, REPACK_SCRIPT, REPACK_SCRIPT_TEXT } from "../../src/builder/script-mode/repack-script.js";

// The repack job's script runs in the scikit-learn container; here it runs with this machine's
// python3 under the same contract (SM_HPS, SM_CHANNEL_TRAINING, SM_MODEL_DIR, the code unpacked
// beside it). Skipped, saying so, where there is no python3.
const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const hasPython = python.status === 0;

/** A job's directories: the code (with the scripts, an inference script and a dependency), the model archive, the model directory. */
function job(withSourceDir: boolean) {
  const root = mkdtempSync(join(tmpdir(), "sagepipe-repack-"));
  const code = join(root, "code");
  mkdirSync(join(code, "lib", "nested"), { recursive: true });
  writeFileSync(join(code, REPACK_SCRIPT), REPACK_SCRIPT_TEXT);
  writeFileSync(join(code, REPACK_LAUNCHER), REPACK_LAUNCHER_TEXT);
  writeFileSync(join(code, "inference.py"), "def model_fn(d):\n    return d\n");
  writeFileSync(join(code, "requirements.txt"), "numpy\n");
  writeFileSync(join(code, "lib", "nested", "util.py"), "X = 1\n");
  const channel = join(root, "training");
  mkdirSync(channel);
  writeFileSync(join(channel, "model.tar.gz"), tarGz([{ name: "model.txt", content: Buffer.from("weights") }, { name: "code/old.py", content: Buffer.from("old") }]));
  const model = join(root, "model");
  mkdirSync(model);
  const hps = { inference_script: "inference.py", model_archive: "s3://b/model.tar.gz", dependencies: "lib", source_dir: withSourceDir ? "serve" : null };
  const run = spawnSync("python3", [join(code, REPACK_SCRIPT)], {
    cwd: code,
    encoding: "utf8",
    env: { ...process.env, SM_HPS: JSON.stringify(hps), SM_CHANNEL_TRAINING: channel, SM_MODEL_DIR: model },
  });
  return { run, model };
}

const list = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1)).sort();

describe.skipIf(!hasPython)(`the repack script (${hasPython ? python.stdout.trim() || python.stderr.trim() : "python3 not found: skipped"})`, () => {
  it("with a source directory: the model, and the whole code directory (not sagepipe's scripts) in code/, each dependency in code/lib/<its name>", () => {
    const { run, model } = job(true);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    // the code directory as it is (its lib/ too), and the dependency "lib" copied to code/lib/lib/
    expect(list(model)).toEqual(["code/inference.py", "code/lib/lib/nested/util.py", "code/lib/nested/util.py", "code/requirements.txt", "model.txt"]);
    expect(readFileSync(join(model, "model.txt"), "utf8")).toBe("weights");
  });

  it("without one: the inference script added to the code/ the model has (_repack_model.py repack: rmtree only with source_dir)", () => {
    const { run, model } = job(false);
    expect(run.status).toBe(0);
    expect(list(model)).toEqual(["code/inference.py", "code/lib/lib/nested/util.py", "code/old.py", "model.txt"]);
    expect(readFileSync(join(model, "code", "old.py"), "utf8")).toBe("old");
  });
});
