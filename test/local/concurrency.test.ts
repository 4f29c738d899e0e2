import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listLocalModelVersions, LocalRunError, pipeline, runLocal } from "sagepipe";
import { cli } from "../cli/support.js";
import { childRun, machine, project } from "./support.js";

// Several runs in one workdir, at once, in separate processes: the registry numbers versions under a
// lock shared by all of them, the object store and the cache are written atomically.

const PREP = `import { mkdirSync, writeFileSync } from "node:fs";
mkdirSync("/opt/ml/processing/out", { recursive: true });
writeFileSync("/opt/ml/processing/out/rows.csv", "1\\n");`;

/** A pipeline module: a cached processing step (with a code asset), then a registration into "shared". */
function flowModule(name: string): string {
  return `import { pipeline } from "sagepipe";
const machine = ${JSON.stringify(machine)};
export default pipeline(${JSON.stringify(name)})
  .assets({ bucket: "my-bucket" })
  .process("Prep", { ...machine, code: "./prep.mjs", command: ["node"], outputs: { out: "/opt/ml/processing/out" }, cache: { expireAfter: { days: 1 } } })
  .register("Register", ({ steps }) => ({ modelPackageGroup: "shared", image: machine.image, modelData: steps.Prep.outputs.out, contentTypes: ["text/csv"], responseTypes: ["text/csv"] }));
`;
}

describe("runLocal: concurrent runs in one workdir", () => {
  it("4 runs at once × 2 rounds, of two pipelines: all succeed, every registry version unique, one per run", async () => {
    const dir = project({ "prep.mjs": PREP, "a.ts": flowModule("PipelineA"), "b.ts": flowModule("PipelineB") });
    const records = [];
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all([0, 1, 2, 3].map((i) => childRun(join(dir, i % 2 === 0 ? "a.ts" : "b.ts"), { baseDir: dir })));
      for (const result of results) {
        expect(result.stderr).toBe("");
        expect(result.record?.failureReason).toBeUndefined();
        expect(result.record?.status).toBe("Succeeded");
        records.push(result.record);
      }
    }
    const reported = records.map((record) => record?.registeredModels[0]?.modelPackageVersion);
    expect([...reported].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const versions = await listLocalModelVersions(join(dir, ".sagepipe"), "shared");
    expect(versions.map((v) => v.modelPackageVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(versions.map((v) => v.executionId)).size).toBe(8);
    // nothing half-written or left over: no temporary files, no lock files
    expect(readdirSync(join(dir, ".sagepipe/registry/shared")).sort()).toEqual(["1.json", "2.json", "3.json", "4.json", "5.json", "6.json", "7.json", "8.json"]);
  }, 120_000);

  it("a second run with the execution id of a run in progress is refused before it starts", async () => {
    const dir = project();
    const flow = pipeline("Busy").process("Slow", { ...machine, entrypoint: ["node", "-e", "setTimeout(() => {}, 1500)"] });
    const first = runLocal(flow, { baseDir: dir, executionId: "same" });
    await new Promise((done) => setTimeout(done, 300));
    const second = await runLocal(flow, { baseDir: dir, executionId: "same" }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(LocalRunError);
    expect((second as LocalRunError).code).toBe("local-execution-in-use");
    expect((second as Error).message).toMatch(/^execution id "same" is in use by another run: .*\.lock is held by process \d+ on /);
    expect((await first).status).toBe("Succeeded");
    // afterwards the id is free again
    expect((await runLocal(flow, { baseDir: dir, executionId: "same" })).status).toBe("Succeeded");
  }, 30_000);
});

describe("runLocal: damaged files", () => {
  const register = pipeline("Reg").register("Register", { modelPackageGroup: "churn", image: machine.image, modelData: "s3://my-bucket/model.tar.gz", contentTypes: ["text/csv"], responseTypes: ["text/csv"] });

  it("a truncated registry entry fails the RegisterModel step, naming the file; the champion command says so in one line", async () => {
    const dir = project();
    await runLocal(register, { baseDir: dir });
    const file = join(dir, ".sagepipe/registry/churn/1.json");
    writeFileSync(file, readFileSync(file, "utf8").slice(0, 30)); // an interrupted write
    const run = await runLocal(register, { baseDir: dir });
    expect(run.status).toBe("Failed");
    expect(run.failureReason).toMatch(new RegExp(`^the local model registry entry ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is damaged \\(.*JSON.*\\): restore it, or remove it`));
    const listed = await listLocalModelVersions(join(dir, ".sagepipe"), "churn").catch((e: unknown) => e);
    expect((listed as LocalRunError).code).toBe("local-registry-damaged");
    const champion = await cli(["registry", "champion", "churn", "--metric", "metrics.accuracy.value", "--workdir", join(dir, ".sagepipe")]);
    expect(champion.code).toBe(1);
    expect(champion.stderr).toMatch(/^sagepipe: the local model registry entry .*1\.json is damaged/);
    expect(champion.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a damaged cache entry is ignored (the step runs again) and reported with its path", async () => {
    const dir = project();
    const flow = pipeline("Cached2").process("Work", { ...machine, entrypoint: ["node", "-e", "0"], cache: { expireAfter: { days: 1 } } });
    await runLocal(flow, { baseDir: dir, executionId: "one" });
    const cacheDir = join(dir, ".sagepipe/cache/Cached2/Work");
    const [entry = ""] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, entry), "{ not json");
    const again = await runLocal(flow, { baseDir: dir, executionId: "two" });
    expect(again.steps[0]).toMatchObject({ status: "Succeeded", cached: false });
    expect(again.warnings).toEqual([expect.stringMatching(new RegExp(`^step "Work": the cache entry ${join(cacheDir, entry).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is damaged \\(.+\\) and was ignored: the step ran again`))]);
    expect(JSON.parse(readFileSync(join(cacheDir, entry), "utf8")).executionId).toBe("two");
  });
});
