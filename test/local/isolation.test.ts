import { spawnSync } from "node:child_process";
import { accessSync, chownSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { pipeline, runLocal } from "sagepipe";
import { chooseIsolation, namespaceCommand } from "../../src/local/isolation.js";
import { childRun, machine, project } from "./support.js";

// Scripts written the normal SageMaker way open hard-coded container paths. Locally each step gets a
// private /opt/ml (a mount namespace) where possible; elsewhere writes to the real /opt/ml are
// detected and fail the step. Never a ✓ for a step whose outputs went to the machine's /opt/ml.

/** Writes its output to the hard-coded container path, as the quickstart's scripts do. */
const PREP = `import { mkdirSync, writeFileSync } from "node:fs";
mkdirSync("/opt/ml/processing/train", { recursive: true });
writeFileSync("/opt/ml/processing/train/rows.csv", "1,2\\n3,4\\n");`;
/** Reads its input from the hard-coded path, writes a result to another. */
const COUNT = `import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
const rows = readFileSync("/opt/ml/processing/input/train/rows.csv", "utf8").trim().split("\\n");
mkdirSync("/opt/ml/processing/count", { recursive: true });
writeFileSync("/opt/ml/processing/count/count.txt", String(rows.length));`;

const hardCoded = () =>
  pipeline("HardCoded")
    .assets({ bucket: "my-bucket" })
    .process("Prep", { ...machine, code: "./prep.mjs", command: ["node"], outputs: { train: "/opt/ml/processing/train" } })
    .process("Count", ({ steps }) => ({
      ...machine,
      code: "./count.mjs",
      command: ["node"],
      inputs: { train: { source: steps.Prep.outputs.train, destination: "/opt/ml/processing/input/train" } },
      outputs: { count: "/opt/ml/processing/count" },
    }));

const namespaces = await chooseIsolation("auto");
const noNamespaces = namespaces.mode !== "mount-namespace" ? `no private mount namespace on this machine: ${namespaces.detail}` : "";

describe("runLocal: a private /opt/ml per step (mount namespace)", () => {
  it.skipIf(noNamespaces !== "")(`scripts with hard-coded /opt/ml/processing paths work unchanged and never touch the machine's /opt/ml ${noNamespaces}`, async () => {
    const hostHadOptMl = existsSync("/opt/ml");
    const dir = project({ "prep.mjs": PREP, "count.mjs": COUNT });
    const run = await runLocal(hardCoded(), { baseDir: dir, isolation: "mount-namespace" });
    expect(run.failureReason).toBeUndefined();
    expect(run.isolation).toEqual({ mode: "mount-namespace", detail: expect.stringMatching(/^each step runs in a private mount namespace where \/opt\/ml is its sandbox \(unshare /) });
    const out = run.steps[1]?.outputs?.[0]?.uri ?? "";
    expect(readFileSync(join(dir, ".sagepipe/s3", out.slice("s3://".length), "count.txt"), "utf8")).toBe("2");
    expect(existsSync("/opt/ml")).toBe(hostHadOptMl);
    if (hostHadOptMl) expect(existsSync("/opt/ml/processing/count/count.txt")).toBe(false);
  });

  it.skipIf(noNamespaces !== "")("where overlayfs is not allowed, /opt becomes a tmpfs with its entries bound back: the step still sees them", () => {
    const dir = project();
    const sandboxMl = join(dir, "ml");
    const scratch = join(dir, "scratch");
    mkdirSync(sandboxMl);
    mkdirSync(scratch);
    const launcher = (namespaces as { launcher?: Parameters<typeof namespaceCommand>[0] }).launcher;
    if (launcher === undefined) throw new Error("a namespace mode without a launcher");
    const { executable, args } = namespaceCommand(launcher, sandboxMl, scratch, ["sh", "-c", "ls -a /opt; echo private > /opt/ml/written"], "tmpfs");
    const result = spawnSync(executable, args, { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const seen = result.stdout.split("\n").filter((name) => name !== "" && name !== "." && name !== "..");
    const existing = existsSync("/opt") ? readdirSync("/opt") : [];
    expect(seen.sort()).toEqual([...new Set([...existing, "ml"])].sort());
    expect(readFileSync(join(sandboxMl, "written"), "utf8")).toBe("private\n");
  });

  // as a regular user (what most developers are): the run probes a user namespace; run here as nobody
  const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((file) => existsSync(file));
  const asNobody = process.getuid?.() !== 0 || setpriv === undefined ? "(skipped: needs root, to run the runner as nobody, and setpriv)" : "";
  it.skipIf(asNobody !== "")(`as a regular user, in a user namespace mapped back to the user's own uid ${asNobody}`, async () => {
    const dir = project({ "prep.mjs": PREP, "count.mjs": COUNT, "flow.ts": flowModule() });
    chownSync(dir, 65534, 65534);
    for (const name of readdirSync(dir)) chownSync(join(dir, name), 65534, 65534);
    const result = await childRun(
      join(dir, "flow.ts"),
      { baseDir: dir },
      { prefix: [setpriv ?? "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], env: { ...process.env, TMPDIR: "/nonexistent-tmp", HOME: dir } },
    );
    expect(result.stderr).toBe("");
    const run = result.record;
    if (run?.isolation?.mode === "detect") {
      // this machine does not allow user namespaces to regular users: the run says why, and the script's writes fail
      expect(run.isolation.detail).toMatch(/^no private mount namespace is possible here \(unshare --user/);
      return;
    }
    expect(run?.failureReason).toBeUndefined();
    expect(run?.isolation?.detail).toMatch(/\(unshare --user --mount: a user namespace; the step keeps your uid\)$/);
    const out = run?.steps[1]?.outputs?.[0]?.uri ?? "";
    const file = join(dir, ".sagepipe/s3", out.slice("s3://".length), "count.txt");
    expect(readFileSync(file, "utf8")).toBe("2");
    expect(statSync(join(dir, ".sagepipe/runs", run?.executionId ?? "", "steps/Count/opt/ml/processing/count/count.txt")).uid).toBe(65534);
  }, 30_000);

  it("isolation: \"mount-namespace\" where none is possible fails before the first step", async () => {
    // PATH without unshare: no namespace is possible for this child process
    const dir = project({ "prep.mjs": PREP, "count.mjs": COUNT, "flow.ts": flowModule() });
    const result = await childRun(join(dir, "flow.ts"), { baseDir: dir, isolation: "mount-namespace" }, { env: { ...process.env, PATH: "/nonexistent" } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/LocalRunError: isolation: "mount-namespace" was asked for, but no private mount namespace is possible here \(unshare --[^)]*: not installed \(util-linux\)/);
    expect(existsSync(join(dir, ".sagepipe/runs"))).toBe(false);
  }, 30_000);
});

describe("runLocal: no private /opt/ml possible (detect mode)", () => {
  it("falls back to detection when unshare is missing, and the run record says so", async () => {
    const dir = project({ "flow.ts": `import { pipeline } from "sagepipe";
export default pipeline("Plain").process("Hello", { image: "i", role: "arn:aws:iam::111111111111:role/R", instanceType: "ml.m5.large", entrypoint: [${JSON.stringify(process.execPath)}, "-e", "console.log(process.argv.length)"] });` });
    const result = await childRun(join(dir, "flow.ts"), { baseDir: dir }, { env: { ...process.env, PATH: "/nonexistent" } });
    expect(result.stderr).toBe("");
    expect(result.record?.status).toBe("Succeeded");
    expect(result.record?.isolation?.mode).toBe("detect");
    expect(result.record?.isolation?.detail).toMatch(/^no private mount namespace is possible here \(unshare .*: not installed \(util-linux\)\): writes to the real \/opt\/ml are detected$/);
  }, 30_000);

  const launcher = (namespaces as { launcher?: Parameters<typeof namespaceCommand>[0] }).launcher;
  const wouldWriteHost = launcher === undefined && couldCreate("/opt/ml/processing/train") ? "(skipped: without a mount namespace this test would write to this machine's /opt/ml)" : "";
  it.skipIf(wouldWriteHost !== "")(`a script that writes to the real /opt/ml fails its step, naming what it wrote and why (never ✓) ${wouldWriteHost}`, async () => {
    // The runner under test runs in a namespace of its own where "the real /opt/ml" is a directory this
    // test owns, so the machine's /opt/ml is never written. Without namespaces it runs as it is: as a
    // user who cannot write /opt/ml, the script fails and the message says why.
    const dir = project({ "prep.mjs": PREP, "count.mjs": COUNT, "flow.ts": flowModule() });
    const fakeHostMl = join(dir, "host-opt-ml");
    const scratch = join(dir, "scratch");
    mkdirSync(fakeHostMl);
    mkdirSync(scratch);
    const prefix = launcher === undefined ? [] : (({ executable, args }) => [executable, ...args])(namespaceCommand(launcher, fakeHostMl, scratch, []));
    const result = await childRun(join(dir, "flow.ts"), { baseDir: dir, isolation: "detect" }, { prefix });
    const run = result.record;
    expect(run?.isolation).toEqual({ mode: "detect", detail: 'writes to the real /opt/ml are detected (isolation: "detect" was asked for)' });
    expect(run?.status).toBe("Failed");
    expect(run?.steps.map((step) => step.status)).toEqual(["Failed", "NotStarted"]);
    if (launcher !== undefined) {
      expect(run?.failureReason).toMatch(/^the step wrote to this machine's real \/opt\/ml instead of its sandbox \(\/opt\/ml\/processing\/train\/rows\.csv, .*\)\. .*Remove what it wrote there/);
      expect(readFileSync(join(fakeHostMl, "processing/train/rows.csv"), "utf8")).toBe("1,2\n3,4\n");
    } else {
      expect(run?.failureReason).toMatch(/^AlgorithmError: the process exited with code 1\.\nLast output:\n[\s\S]*\/opt\/ml[\s\S]*\(The script uses \/opt\/ml paths directly\./);
    }
  }, 30_000);
});

function flowModule(): string {
  return `import { pipeline } from "sagepipe";
const machine = ${JSON.stringify(machine)};
export default pipeline("HardCoded")
  .assets({ bucket: "my-bucket" })
  .process("Prep", { ...machine, code: "./prep.mjs", command: [${JSON.stringify(process.execPath)}], outputs: { train: "/opt/ml/processing/train" } })
  .process("Count", ({ steps }) => ({
    ...machine,
    code: "./count.mjs",
    command: [${JSON.stringify(process.execPath)}],
    inputs: { train: { source: steps.Prep.outputs.train, destination: "/opt/ml/processing/input/train" } },
    outputs: { count: "/opt/ml/processing/count" },
  }));
`;
}

/** Whether this process could create `path` (checked on its nearest existing ancestor, nothing written). */
function couldCreate(path: string): boolean {
  let existing = path;
  while (!existsSync(existing)) existing = dirname(existing);
  try {
    accessSync(existing, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
