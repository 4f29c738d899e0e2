import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalRunError, listLocalModelVersions, pipeline, resolveLocalChampionMetric, runLocal } from "sagepipe";
import { cli } from "../cli/support.js";
import { machine, project } from "./support.js";

// The files a local run reads back (registry entries, cache entries) and the JSON a step's script
// writes (property files) are untrusted input: a hand edit, an interrupted write, another tool, a
// script's bug. Each reader gives its typed error (or, for the cache, a warning and a miss) saying
// which file and where, for deep nesting, wrong types and truncation, never a RangeError or a
// TypeError; a __proto__ key is data, never an object's prototype.

const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("local model registry entries", () => {
  const register = pipeline("Reg").register("Register", { modelPackageGroup: "churn", image: machine.image, modelData: "s3://my-bucket/model.tar.gz", contentTypes: ["text/csv"], responseTypes: ["text/csv"] });

  async function registryWith(edit: (entry: Record<string, unknown>, text: string) => string): Promise<{ dir: string; file: string }> {
    const dir = project();
    await runLocal(register, { baseDir: dir });
    const file = join(dir, ".sagepipe/registry/churn/1.json");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, edit(JSON.parse(text) as Record<string, unknown>, text));
    return { dir, file };
  }

  it.each([
    ["metrics nested 5,000 levels deep", (entry: Record<string, unknown>) => JSON.stringify({ ...entry, metrics: { deep: "DEEP" } }).replace('"DEEP"', deep(5_000)), /nested more than 1100 levels deep at \$\.metrics\.deep(\.a)+/],
    ["a createdAt that is not a date", (entry: Record<string, unknown>) => JSON.stringify({ ...entry, createdAt: 42 }), /\$\.createdAt is not a date/],
    ["a createdAt that is text but no date", (entry: Record<string, unknown>) => JSON.stringify({ ...entry, createdAt: "yesterday" }), /\$\.createdAt is not a date/],
    ["metrics that are not an object", (entry: Record<string, unknown>) => JSON.stringify({ ...entry, metrics: "0.9" }), /\$\.metrics is not an object/],
    ["an ARN that is not a string", (entry: Record<string, unknown>) => JSON.stringify({ ...entry, modelPackageArn: ["x"] }), /\$\.modelPackageArn is not a string/],
    ["a truncated file", (_: Record<string, unknown>, text: string) => text.slice(0, 40), /JSON/],
  ])("%s: local-registry-damaged naming the file; the CLI says so in one line", async (_, edit, why) => {
    const { dir, file } = await registryWith(edit);
    const listed = await listLocalModelVersions(join(dir, ".sagepipe"), "churn").catch((e: unknown) => e);
    expect(listed).toBeInstanceOf(LocalRunError);
    expect((listed as LocalRunError).code).toBe("local-registry-damaged");
    expect((listed as Error).message).toMatch(new RegExp(`^the local model registry entry ${escape(file)} is damaged \\(`));
    expect((listed as Error).message).toMatch(why);
    expect((listed as Error).message.length).toBeLessThan(file.length + 500);
    for (const args of [["registry", "list", "churn"], ["registry", "champion", "churn", "--metric", "metrics.accuracy.value"]]) {
      const result = await cli([...args, "--workdir", join(dir, ".sagepipe")]);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr, args.join(" ")).toMatch(/^sagepipe: the local model registry entry .*1\.json is damaged/);
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
  });

  it("a __proto__ key in an entry's metrics is a key of the metrics, not their prototype", async () => {
    const { dir } = await registryWith((entry) =>
      JSON.stringify({ ...entry, approvalStatus: "Approved", metrics: {} }).replace('"metrics":{}', '"metrics":{"__proto__":{"ModelQuality.Statistics":{"metrics":{"accuracy":{"value":0.99}}}}}'),
    );
    const [version] = await listLocalModelVersions(join(dir, ".sagepipe"), "churn");
    expect(Object.getPrototypeOf(version?.metrics)).toBe(Object.prototype);
    expect(Object.hasOwn(version?.metrics ?? {}, "__proto__")).toBe(true);
    // the report is not where a report is: the champion has none (rather than one read through a prototype)
    await expect(resolveLocalChampionMetric(join(dir, ".sagepipe"), { group: "churn", metric: "metrics.accuracy.value" })).rejects.toMatchObject({ code: "champion-report-missing" });
  });
});

describe("local cache entries", () => {
  const flow = pipeline("Cached3").process("Work", { ...machine, entrypoint: ["node", "-e", "0"], cache: { expireAfter: { days: 1 } } });

  it.each([
    ["properties nested 5,000 levels deep", (entry: Record<string, unknown>) => JSON.stringify(entry).replace('"properties":{', `"properties":{"Deep":${deep(5_000)},`), /nested more than 1100 levels deep at \$\.result\.properties\.Deep/],
    ["a createdAt that is not a date", (entry: Record<string, unknown>) => JSON.stringify({ ...entry, createdAt: "soon" }), /\$\.createdAt is not a date/],
    ["a result that is a list", (entry: Record<string, unknown>) => JSON.stringify({ ...entry, result: [] }), /no result properties/],
  ])("%s: ignored with a warning naming the file, the step runs again", async (_, edit, why) => {
    const dir = project();
    await runLocal(flow, { baseDir: dir, executionId: "one" });
    const cacheDir = join(dir, ".sagepipe/cache/Cached3/Work");
    const [entry = ""] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, entry), edit(JSON.parse(readFileSync(join(cacheDir, entry), "utf8")) as Record<string, unknown>));
    const again = await runLocal(flow, { baseDir: dir, executionId: "two" });
    expect(again.status).toBe("Succeeded");
    expect(again.steps[0]).toMatchObject({ status: "Succeeded", cached: false });
    expect(again.warnings).toEqual([expect.stringMatching(new RegExp(`^step "Work": the cache entry ${escape(join(cacheDir, entry))} is damaged \\(.+\\) and was ignored: the step ran again`))]);
    expect(again.warnings?.[0]).toMatch(why);
  });
});

describe("property files a step's script writes", () => {
  it("nested 5,000 levels deep: the step fails saying which file and where, the run ends cleanly", async () => {
    const dir = project();
    const script = `require("node:fs").mkdirSync("/opt/ml/processing/evaluation", { recursive: true }); require("node:fs").writeFileSync("/opt/ml/processing/evaluation/evaluation.json", '{"metrics":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}')`;
    const flow = pipeline("DeepReport")
      .assets({ bucket: "my-bucket" })
      .process("Evaluate", {
        ...machine,
        entrypoint: ["node", "-e", script],
        outputs: { evaluation: "/opt/ml/processing/evaluation" },
        propertyFiles: { report: { output: "evaluation", path: "evaluation.json" } },
      });
    const run = await runLocal(flow, { baseDir: dir });
    expect(run.status).toBe("Failed");
    expect(run.failureReason).toMatch(/^property file "report": evaluation\.json is nested more than 1000 levels deep at \$\.metrics(\.a)+/);
    expect(run.failureReason?.length).toBeLessThan(600);
  });
});
