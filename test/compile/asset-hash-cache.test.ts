import * as fs from "node:fs";
import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pipeline, processingStep } from "sagepipe";

// compile reuses the hash of a single-file code asset whose file is unchanged (device, inode, size,
// modification and change times) and settled (last changed over 2 s before it was read); reads are
// counted through node:fs.
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync) };
});

const reads = (path: string) => vi.mocked(fs.readFileSync).mock.calls.filter(([file]) => file === path).length;

function project(text: string): { dir: string; file: string; hashOf: () => string } {
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-hash-"));
  const file = join(dir, "run.py");
  writeFileSync(file, text);
  const flow = pipeline("P")
    .assets({ bucket: "my-bucket" })
    .add(processingStep("Run", { image: "img", role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.xlarge", code: "./run.py" }));
  return { dir, file, hashOf: () => flow.compile({ baseDir: dir }).assets[0]?.sha256 ?? "" };
}

/** The hash a fresh file with this text gets (another path: nothing known of it). */
const freshHash = (text: string) => project(text).hashOf();

afterEach(() => {
  vi.useRealTimers();
});

describe("compile: the hash of an unchanged code file is reused", () => {
  it("a settled file is read once over several compiles; an edit of the same size is seen at once", () => {
    const { file, hashOf } = project("print('a')\n");
    vi.useFakeTimers({ now: Date.now() + 10_000, toFake: ["Date"] }); // the file last changed 10 s ago
    const first = hashOf();
    expect(hashOf()).toBe(first);
    expect(hashOf()).toBe(first);
    expect(reads(file)).toBe(1);

    writeFileSync(file, "print('b')\n"); // same size: its change time tells
    const edited = hashOf();
    expect(edited).not.toBe(first);
    expect(edited).toBe(freshHash("print('b')\n"));
    expect(reads(file)).toBe(2);
  });

  it("a file that changed within the last 2 s is read on every compile (a write in the same clock tick would not show)", () => {
    const { file, hashOf } = project("print('a')\n");
    hashOf();
    hashOf();
    expect(reads(file)).toBe(2);
  });

  it("another file moved over it (a new inode, as editors save) is read, even with the same size and times", () => {
    const { dir, file, hashOf } = project("print('a')\n");
    vi.useFakeTimers({ now: Date.now() + 10_000, toFake: ["Date"] });
    const first = hashOf();
    const other = join(dir, "other.py");
    writeFileSync(other, "print('c')\n");
    fs.utimesSync(other, fs.statSync(file).atime, fs.statSync(file).mtime);
    renameSync(other, file);
    const moved = hashOf();
    expect(moved).not.toBe(first);
    expect(moved).toBe(freshHash("print('c')\n"));
  });
});
