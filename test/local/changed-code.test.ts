import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pipeline, runLocal } from "sagepipe";
import { machine, project } from "./support.js";

// A run's code is stored under a key named by the hash compile found. Code edited between compile and
// the run would run under the old hash, and be recorded as the old code.
const PREP = `import { mkdirSync, writeFileSync } from "node:fs";
mkdirSync("/opt/ml/processing/out", { recursive: true });
writeFileSync("/opt/ml/processing/out/version.txt", "VERSION");`;

describe("runLocal: local code that changed after compile", () => {
  it("refuses to run a compiled pipeline whose code changed since, and runs it once the code is back", async () => {
    const dir = project({ "prep.mjs": PREP.replace("VERSION", "v1") });
    const flow = pipeline("Changed")
      .assets({ bucket: "my-bucket" })
      .process("Prep", { ...machine, code: "./prep.mjs", command: ["node"], outputs: { out: "/opt/ml/processing/out" } });
    const compiled = flow.compile({ baseDir: dir });
    writeFileSync(join(dir, "prep.mjs"), PREP.replace("VERSION", "v2"));
    const refused = await runLocal(compiled, { baseDir: dir }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "asset-changed" });
    expect((refused as Error).message).toMatch(/^local code "\.\/prep\.mjs" changed after the pipeline was compiled .*compile again$/);

    writeFileSync(join(dir, "prep.mjs"), PREP.replace("VERSION", "v1"));
    const record = await runLocal(compiled, { baseDir: dir });
    expect(record.status).toBe("Succeeded");
    // and a fresh compile of the edited code runs the edited code
    writeFileSync(join(dir, "prep.mjs"), PREP.replace("VERSION", "v2"));
    const again = await runLocal(flow, { baseDir: dir });
    expect(again.status).toBe("Succeeded");
    const prep = again.steps.find((step) => step.name === "Prep");
    const uri = prep?.outputs?.find((output) => output.name === "out")?.uri ?? "";
    expect(uri).toMatch(/^s3:\/\/my-bucket\//);
    expect(readFileSync(join(dir, ".sagepipe/s3", uri.slice("s3://".length), "version.txt"), "utf8")).toBe("v2");
    // the record names the code by the hash of what ran
    expect(prep?.code?.[0]?.sha256).toBe(flow.compile({ baseDir: dir }).assets[0]?.sha256);
  }, 60_000);
});
