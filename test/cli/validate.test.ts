import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./support.js";

const fixture = (file: string) => join(__dirname, "../fixtures/python-sdk-expected", file);

function tempFile(name: string, content: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "sagepipe-cli-"));
  writeFileSync(join(dir, name), content);
  return { dir, file: name };
}

const broken = {
  Version: "2020-12-01",
  Parameters: [{ Name: "Message", Type: "String" }],
  Steps: [
    { Name: "Stop", Type: "Fail", DependsOn: ["Stopp"], Arguments: { ErrorMessage: { Get: "Parameters.Mesage" } } },
  ],
};

describe("sagepipe validate", () => {
  it("exits 0 and says valid for a valid definition", async () => {
    const result = await cli(["validate", fixture("test_emr_step/test_emr_step__test_emr_step_with_valid_cluster_config__L322.json")]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/valid \(1 top-level steps\)/);
    expect(result.code).toBe(0);
  });

  it("exits 1 and prints every issue with path, step, code and message", async () => {
    const { dir, file } = tempFile("broken.json", JSON.stringify(broken));
    const result = await cli(["validate", file], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("broken.json: 2 issues");
    expect(result.stdout).toContain("$.Steps[0].DependsOn[0] (step Stop) [unknown-dependency]");
    expect(result.stdout).toContain("$.Steps[0].Arguments.ErrorMessage.Get (step Stop) [unknown-parameter]");
    expect(result.stdout).toContain('Did you mean "Message"?');
  });

  it("prints the issues as JSON with --json", async () => {
    const { dir, file } = tempFile("broken.json", JSON.stringify(broken));
    const result = await cli(["validate", file, "--json"], dir);
    const output = JSON.parse(result.stdout) as { valid: boolean; issues: Array<{ code: string; jsonPath: string; step: string }> };
    expect(result.code).toBe(1);
    expect(output.valid).toBe(false);
    expect(output.issues.map((i) => i.code).sort()).toEqual(["unknown-dependency", "unknown-parameter"]);
    expect(output.issues[0]?.step).toBe("Stop");
  });

  it("gives one clear error for a file that is not JSON", async () => {
    const { dir, file } = tempFile("bad.json", "{ not json");
    const result = await cli(["validate", file], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^sagepipe: bad\.json is not valid JSON: /);
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("reports JSON that is not a definition as one issue", async () => {
    const { dir, file } = tempFile("package.json", JSON.stringify({ name: "x", version: "1.0.0" }));
    const result = await cli(["validate", file], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("[not-a-definition]");
    expect(result.stdout).toContain("1 issue\n");
  });

  it("says so when the file does not exist", async () => {
    const result = await cli(["validate", "missing.json"], tmpdir());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("sagepipe: cannot read missing.json: no such file\n");
  });

  it("rejects a missing file argument and unknown options: exit 2, the error and where to find the usage", async () => {
    expect((await cli(["validate"])).code).toBe(2);
    const unknown = await cli(["validate", "x.json", "--bogus"]);
    expect(unknown).toEqual({ code: 2, stdout: "", stderr: `sagepipe: unknown option '--bogus'\nRun "sagepipe validate --help" for its usage.\n` });
    const misspelt = await cli(["validate", "x.json", "--jsn"]);
    expect(misspelt).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--jsn'\n(Did you mean --json?)") });
  });

  it("accepts unknown Arguments keys with --loose", async () => {
    const definition = JSON.parse(readFileSync(fixture("test_pipeline/test_pipeline__test_pipeline_basic__L671.json"), "utf8")) as unknown;
    const { dir, file } = tempFile("stub.json", JSON.stringify(definition));
    expect((await cli(["validate", file], dir)).code).toBe(1);
    expect((await cli(["validate", file, "--loose"], dir)).code).toBe(0);
  });
});
