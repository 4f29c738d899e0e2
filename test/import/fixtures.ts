import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pythonSdkFixture } from "../support/python-sdk.js";

// The definitions the importer must round-trip (issue 18): the SageMaker Python SDK's 14 full
// definitions, the golden definitions of the examples, and the examples' other compiled pipelines.

interface IndexEntry {
  readonly file: string;
  readonly compared_with: string;
}

/** A definition to import, with the name the imported pipeline gets. */
export interface ImportFixture {
  readonly id: string;
  readonly name: string;
  readonly definition: Record<string, unknown>;
}

const root = new URL("../fixtures/python-sdk-expected/", import.meta.url);
const index = JSON.parse(readFileSync(new URL("INDEX.json", root), "utf8")) as IndexEntry[];
// the 14 full definitions (pipeline.definition()), and one more whole pipeline an SDK test compares differently
const full = index.filter((e) => e.compared_with.includes("definition()") || e.file === "test_emr_step/test_emr_step__test_pipeline_interpolates_emr_outputs__L142.json");

const stubLambda = (name: string) => ({
  Name: name,
  Type: "Lambda",
  Arguments: {},
  FunctionArn: "arn:aws:lambda:us-west-2:123456789012:function:stub",
  OutputParameters: [],
});

/**
 * What the six SDK fixtures that are a step (or a list of steps) of a definition need around them to
 * be a whole definition: the parameters they read (typed as the SDK's tests declare them) and the
 * steps they depend on (stub Lambda steps, before them).
 */
const AROUND: Readonly<Record<string, { parameters: readonly [string, string][]; before?: readonly string[] }>> = {
  "test_clarify_check_step/test_clarify_check_step__test_model_bias_check_step__L389.json": { parameters: [["MyModelPackageGroup", "String"]] },
  "test_clarify_check_step/test_clarify_check_step__test_model_explainability_check_step__L428.json": {
    parameters: [["MyModelPackageGroup", "String"]],
  },
  "test_fail_step/test_fail_step__test_fail_step_with_join_fn_in_error_message__L107.json": { parameters: [["MyInt", "Integer"]] },
  "test_lambda_step/test_lambda_step__test_lambda_step__L70.json": { parameters: [["MyInt", "Integer"]], before: ["TestStep", "SecondTestStep"] },
  "test_steps/test_steps__test_training_step_base_estimator__L295.json": {
    parameters: [
      ["DataSourceS3Uri", "String"],
      ["InstanceCount", "Integer"],
      ["InstanceType", "String"],
      ["TrainingBatchSize", "Integer"],
      ["TrainingEpochs", "Integer"],
      ["UseSpotInstances", "Boolean"],
    ],
    before: ["TestStep", "AnotherTestStep"],
  },
  "test_steps/test_steps__test_processing_step__L592.json": {
    parameters: [
      ["InstanceCount", "Integer"],
      ["InstanceType", "String"],
      ["ProcessingInputDataUri", "String"],
    ],
    before: ["TestStep", "SecondTestStep", "ThirdTestStep"],
  },
};

const nameOf = (file: string): string =>
  (file.split("/").at(-1) ?? file)
    .replace(/\.json$/, "")
    .replace(/^test_\w+?__test_/, "")
    .replace(/__L\d+$/, "")
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");

/** The SDK's full definitions: the whole pipelines as they are, the step-level ones inside a definition. */
export function pythonSdkDefinitions(): ImportFixture[] {
  return full.map(({ file }) => {
    const value = pythonSdkFixture(file);
    if (typeof value === "object" && value !== null && "Steps" in value) return { id: file, name: nameOf(file), definition: value as Record<string, unknown> };
    const around = AROUND[file];
    if (around === undefined) throw new Error(`${file} is a step-level fixture with no entry in AROUND`);
    const steps = Array.isArray(value) ? value : [value];
    return {
      id: file,
      name: nameOf(file),
      definition: {
        Version: "2020-12-01",
        Metadata: {},
        Parameters: around.parameters.map(([Name, Type]) => ({ Name, Type })),
        PipelineExperimentConfig: { ExperimentName: { Get: "Execution.PipelineName" }, TrialName: { Get: "Execution.PipelineExecutionId" } },
        Steps: [...(around.before ?? []).map(stubLambda), ...steps],
      },
    };
  });
}

/** The golden definitions of the examples (test/golden/*.json). */
export function goldenDefinitions(): ImportFixture[] {
  const dir = join(__dirname, "../golden");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      id: `test/golden/${file}`,
      name: file.replace(/\.json$/, "").replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
      definition: JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, unknown>,
    }));
}
