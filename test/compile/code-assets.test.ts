import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { SagepipeError, frameworkTrainingStep, pipeline, processingStep, trainingStep, type CodeAsset, type StepDefinition } from "sagepipe";
import { readTarGz } from "../../src/compile/archive.js";

// How local code becomes content-addressed S3 objects: what a directory holds (symbolic links),
// what an archive keeps (modes, timestamps), and what names its key (the content hash).

/** A fresh directory with `files` (name → text; a name ending in "*" is made executable). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "sagepipe-code-"));
  for (const [spec, text] of Object.entries(files)) {
    const name = spec.replace(/\*$/, "");
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
    if (spec.endsWith("*")) chmodSync(join(root, name), 0o755);
  }
  return root;
}

function compileIn(baseDir: string, step: () => StepDefinition): readonly CodeAsset[] {
  return pipeline("P")
    .region("us-east-1")
    .assets({ bucket: "my-bucket", prefix: "code" })
    .add(step)
    .compile({ baseDir }).assets;
}

const training = (sourceDir = "src", entryPoint = "train.py") => () =>
  frameworkTrainingStep("Train", { framework: { name: "sklearn", version: "1.2-1" }, role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", entryPoint, sourceDir });
const processing = (dir = "src", entryPoint = "train.py") => () => processingStep("Prep", { image: "img", role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", code: { dir, entryPoint } });

const archiveOf = (assets: readonly CodeAsset[]) => assets.find((asset) => asset.s3Uri.endsWith("sourcedir.tar.gz"))?.files[0]?.content ?? new Uint8Array();
const failure = (f: () => unknown): SagepipeError => {
  try {
    f();
  } catch (error) {
    if (error instanceof SagepipeError) return error;
    throw error;
  }
  throw new Error("expected a SagepipeError");
};

describe("symbolic links in local code (the SDK packs with tarfile dereference=True: utils.create_tar_file)", () => {
  it("a link to a file or directory inside the source directory is packed with its content, under the link's name — the entry point too", () => {
    const root = tree({ "src/real/train_impl.py": "print('train')\n", "src/real/util.py": "X = 1\n" });
    symlinkSync("real/train_impl.py", join(root, "src", "train.py"));
    symlinkSync("real", join(root, "src", "linked"));
    const entries = readTarGz(archiveOf(compileIn(root, training())));
    expect(entries.map((entry) => entry.name)).toEqual(["linked/train_impl.py", "linked/util.py", "real/train_impl.py", "real/util.py", "train.py"]);
    expect(entries.find((entry) => entry.name === "train.py")?.content.toString()).toBe("print('train')\n");

    // ordinary local code (a directory uploaded file by file) follows the same rule
    const local = compileIn(root, processing()).find((asset) => asset.kind === "directory");
    expect(local?.files.map((file) => file.key.split("/").slice(2).join("/"))).toEqual(["linked/train_impl.py", "linked/util.py", "real/train_impl.py", "real/util.py", "train.py"]);
    expect(readFileSync(local?.files.find((file) => file.key.endsWith("/train.py"))?.path ?? "", "utf8")).toBe("print('train')\n");
  });

  it("a link that leads outside the directory, one in a cycle, and one to nothing are errors naming the link", () => {
    const outside = tree({ "src/train.py": "x\n", "secret.py": "KEY = 1\n" });
    symlinkSync("../secret.py", join(outside, "src", "helper.py"));
    for (const step of [training(), processing()]) {
      const error = failure(() => compileIn(outside, step));
      expect(error.code).toBe("invalid-asset");
      expect(error.message).toContain(join(outside, "src", "helper.py"));
      expect(error.message).toContain("outside");
    }

    const cycle = tree({ "src/train.py": "x\n", "src/pkg/a.py": "a\n" });
    symlinkSync("..", join(cycle, "src", "pkg", "up"));
    for (const step of [training(), processing()]) {
      const error = failure(() => compileIn(cycle, step));
      expect(error.code).toBe("invalid-asset");
      expect(error.message).toContain(join(cycle, "src", "pkg", "up"));
      expect(error.message).toContain("cycle");
    }

    const dangling = tree({ "src/train.py": "x\n" });
    symlinkSync("gone.py", join(dangling, "src", "helper.py"));
    expect(failure(() => compileIn(dangling, training())).message).toContain(`${join(dangling, "src", "helper.py")} points to nothing`);
  });
});

describe("sourcedir.tar.gz keeps what the code needs to run", () => {
  it("an executable file stays executable (0755, others 0644); every entry is dated 1980-01-02, not 1970", () => {
    const root = tree({ "src/train.py": "print(1)\n", "src/run.sh*": "#!/bin/sh\necho ran\n" });
    const archive = archiveOf(compileIn(root, training()));
    const raw = gunzipSync(archive);
    const headers: Record<string, { mode: string; mtime: number }> = {};
    for (let offset = 0; offset + 512 <= raw.length; ) {
      const block = raw.subarray(offset, offset + 512);
      if (block.every((byte) => byte === 0)) break;
      const field = (start: number, length: number) => block.subarray(start, start + length).toString("latin1").replace(/\0.*$/s, "");
      const size = Number.parseInt(field(124, 12), 8);
      headers[field(0, 100)] = { mode: field(100, 8), mtime: Number.parseInt(field(136, 12), 8) };
      offset += 512 + Math.ceil(size / 512) * 512;
    }
    expect(headers).toEqual({ "run.sh": { mode: "0000755", mtime: 315619200 }, "train.py": { mode: "0000644", mtime: 315619200 } });
    // the executable bit is part of what names the archive
    const plain = tree({ "src/train.py": "print(1)\n", "src/run.sh": "#!/bin/sh\necho ran\n" });
    expect(compileIn(plain, training())[0]?.s3Uri).not.toBe(compileIn(root, training())[0]?.s3Uri);
  });

  const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
  it.skipIf(python.status !== 0)("unpacked by Python's tarfile, ./run.sh runs and zipfile can zip the files (python3; skipped without it)", () => {
    const root = tree({ "src/train.py": "print(1)\n", "src/run.sh*": "#!/bin/sh\necho ran\n" });
    const work = mkdtempSync(join(tmpdir(), "sagepipe-unpack-"));
    writeFileSync(join(work, "sourcedir.tar.gz"), archiveOf(compileIn(root, training())));
    const script = [
      "import os, subprocess, tarfile, zipfile",
      "t = tarfile.open('sourcedir.tar.gz'); t.extractall('code'); t.close()",
      "print(subprocess.run(['./run.sh'], cwd='code', capture_output=True, text=True).stdout.strip())",
      "z = zipfile.ZipFile('code.zip', 'w'); z.write('code/train.py'); z.close(); print('zipped')",
    ].join("\n");
    // a time zone west of UTC, where 1980-01-01T00:00Z is still 1979
    const run = spawnSync("python3", ["-c", script], { cwd: work, encoding: "utf8", env: { ...process.env, TZ: "America/Los_Angeles" } });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("ran\nzipped\n");
  });
});

describe("the content hash that names code", () => {
  it("tells apart file lists whose names and bytes run together alike (each field has its length)", () => {
    // [a.py: "x\0b.py\0y"] and [a.py: "x", b.py: "y"] once hashed the same: name\0content\0...
    const one = tree({ "src/a.py": "x\0b.py\0y" });
    const two = tree({ "src/a.py": "x", "src/b.py": "y" });
    expect(compileIn(one, training("src", "a.py"))[0]?.s3Uri).not.toBe(compileIn(two, training("src", "a.py"))[0]?.s3Uri);
    expect(compileIn(one, processing("src", "a.py"))[0]?.s3Uri).not.toBe(compileIn(two, processing("src", "a.py"))[0]?.s3Uri);
  });
});

describe("code that names a directory where a script is run", () => {
  it("a plain-string code that is a directory is refused (the step would run the directory's name, where its files are not); { dir, entryPoint } takes it", () => {
    const root = tree({ "scripts/prep.py": "print('prep')\n" });
    const role = "arn:aws:iam::111111111111:role/R";
    const processing = (code: string | { dir: string; entryPoint: string }) => () => processingStep("Prep", { image: "img", role, instanceType: "ml.m5.xlarge", code });
    const training = (code: string) => () => trainingStep("Train", { image: "img", role, instanceType: "ml.m5.xlarge", code, outputPath: "s3://my-bucket/out" });
    for (const step of [processing("./scripts"), processing("scripts"), training("./scripts")]) {
      const error = failure(() => compileIn(root, step));
      expect(error.code).toBe("invalid-source");
      expect(error.message).toMatch(/^local code "\.?\/?scripts" is a directory, and code names the script to run: give code: \{ dir: "\.?\/?scripts", entryPoint: "<script in it>" \}$/);
    }
    expect(compileIn(root, processing({ dir: "./scripts", entryPoint: "prep.py" }))[0]?.kind).toBe("directory");
    expect(compileIn(root, processing("./scripts/prep.py"))[0]?.kind).toBe("file");
  });
});
