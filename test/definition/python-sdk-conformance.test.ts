import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PipelineDefinition, Step, safeValidateDefinition } from "sagepipe";
import { pythonSdkFixture } from "../support/python-sdk.js";

interface IndexEntry {
  readonly file: string;
  readonly compared_with: string;
}

const root = join(__dirname, "../fixtures/python-sdk-expected");
const index = JSON.parse(readFileSync(join(root, "INDEX.json"), "utf8")) as IndexEntry[];
// the fixtures with their placeholders the API refuses made well formed (DummyRole, relative processing paths)
const read = (file: string): unknown => pythonSdkFixture(file);

const fullDefinitions = index.filter((e) => e.compared_with.includes("definition()"));
const pipelines = fullDefinitions.filter((e) => {
  const value = read(e.file);
  return typeof value === "object" && value !== null && "Steps" in value;
});
const singleSteps = fullDefinitions.filter((e) => !pipelines.includes(e));

/**
 * Pipelines built in the SDK's tests from stub steps (a `Training` step whose Arguments are `{}` or
 * `{"input_data": [...]}`): real SDK output, but not requests SageMaker would accept. They validate
 * in loose mode, and strict mode rejects exactly their stub Arguments.
 */
const STUB_PIPELINES = new Set([
  "test_callback_step/test_callback_step__test_pipeline_interpolates_callback_outputs__L131.json",
  "test_condition_step/test_condition_step__test_pipeline_condition_step_interpolated__L146.json",
  "test_lambda_step/test_lambda_step__test_pipeline_interpolates_lambda_outputs__L146.json",
  "test_pipeline/test_pipeline__test_pipeline_basic__L671.json",
  "test_pipeline/test_pipeline__test_pipeline_two_step__L710.json",
  "test_pipeline/test_pipeline__test_pipeline_override_experiment_config__L753.json",
  "test_pipeline/test_pipeline__test_pipeline_disable_experiment_config__L777.json",
]);

describe("the SageMaker Python SDK's full definitions", () => {
  it("are all here: 14 definitions, 8 of them whole pipelines", () => {
    expect(fullDefinitions).toHaveLength(14);
    expect(pipelines).toHaveLength(8);
  });

  it.each(pipelines.map((e) => e.file))("%s validates with no issue", (file) => {
    const definition = read(file);
    const mode = STUB_PIPELINES.has(file) ? "loose" : "strict";
    const result = safeValidateDefinition(definition, { arguments: mode });
    expect(result.issues).toEqual([]);
  });

  it.each([...STUB_PIPELINES])("%s: strict mode rejects only the stub Arguments", (file) => {
    const result = safeValidateDefinition(read(file));
    expect(result.success).toBe(false);
    for (const issue of result.issues) {
      expect(issue.jsonPath).toMatch(/\.Arguments\b/);
      expect(["missing-key", "unknown-key"]).toContain(issue.code);
    }
  });

  it.each(pipelines.map((e) => e.file).filter((f) => !STUB_PIPELINES.has(f)))("%s round-trips through the schema", (file) => {
    const definition = read(file);
    expect(PipelineDefinition.parse(definition)).toEqual(definition);
  });

  it.each(singleSteps.map((e) => e.file))("steps of %s parse with no issue and round-trip", (file) => {
    const value = read(file);
    for (const step of Array.isArray(value) ? value : [value]) {
      const result = Step.safeParse(step);
      expect(result.error?.issues ?? []).toEqual([]);
      expect(result.data).toEqual(step);
    }
  });
});
