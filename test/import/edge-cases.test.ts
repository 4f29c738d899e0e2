import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as sagepipe from "sagepipe";
import * as zod from "zod";
import { compile, importDefinition, type Compilable } from "sagepipe";
import { runModule } from "../support/type-check.js";

// Definitions the fuzz test (fuzz.test.ts) found the importer stumbling on, each kept as a case: the
// import succeeds and the module compiles back to the definition, or to what the documented
// difference makes of it.

type Json = Record<string, unknown>;
const read = (file: string): Json => JSON.parse(readFileSync(join(__dirname, "..", file), "utf8")) as Json;
const lambdaFixture = () => read("fixtures/python-sdk-expected/test_lambda_step/test_lambda_step__test_pipeline_interpolates_lambda_outputs__L146.json");
const clarify = () => read("fixtures/python-sdk-expected/test_clarify_check_step/test_clarify_check_step__test_model_bias_check_step__L389.json");

/** Imports a definition, runs the module, and returns its compiled definition with the import's result. */
function roundTrip(definition: Json) {
  const result = importDefinition(definition);
  const module = runModule(result.code, { sagepipe, zod });
  return { result, compiled: JSON.parse(compile(module.default as Compilable, result.loose ? { arguments: "loose" } : {}).json) as Json };
}

const steps = (definition: Json) => definition.Steps as Json[];

describe("definitions the fuzz test found", () => {
  it("a Lambda step whose Arguments are one object that looks like an expression: kept as an object", () => {
    const definition = lambdaFixture();
    const step = steps(definition)[0] as Json;
    step.Arguments = { "Std:Join": { On: "/", Values: ["a", { Get: "Execution.PipelineName" }] } };
    const { compiled } = roundTrip(definition);
    expect(compiled).toEqual(definition);
  });

  it("a Join inside a list where the builder writes a string: raw keeps the definition's Join", () => {
    const definition = read("fixtures/python-sdk-expected/test_steps/test_steps__test_training_step_base_estimator__L295.json");
    const wrapped = {
      Version: "2020-12-01",
      Metadata: {},
      Parameters: [{ Name: "TrainingEpochs", Type: "Integer" }, { Name: "TrainingBatchSize", Type: "Integer" }, { Name: "DataSourceS3Uri", Type: "String" }, { Name: "InstanceCount", Type: "Integer" }, { Name: "InstanceType", Type: "String" }, { Name: "UseSpotInstances", Type: "Boolean" }],
      PipelineExperimentConfig: { ExperimentName: { Get: "Execution.PipelineName" }, TrialName: { Get: "Execution.PipelineExecutionId" } },
      Steps: [{ ...definition, DependsOn: undefined }],
    };
    const args = (wrapped.Steps[0] as Json).Arguments as Json;
    const hyperparameters = args.HyperParameters as Json;
    hyperparameters.epochs = [hyperparameters.epochs];
    delete (wrapped.Steps[0] as Json).DependsOn;
    const { compiled, result } = roundTrip(wrapped);
    expect(result.loose).toBe(true);
    expect(compiled).toEqual(wrapped);
  });

  it('an empty DependsOn is left out, and says so', () => {
    const definition = lambdaFixture();
    (steps(definition)[0] as Json).DependsOn = [];
    const { compiled, result } = roundTrip(definition);
    expect(result.differences).toContain('an empty DependsOn is left out (`"DependsOn": []` says nothing)');
    delete (steps(definition)[0] as Json).DependsOn;
    expect(compiled).toEqual(definition);
  });

  it("no PipelineExperimentConfig while a step reads it: the default config, as the validator reads it", () => {
    const definition = lambdaFixture();
    const config = definition.PipelineExperimentConfig;
    delete definition.PipelineExperimentConfig;
    ((steps(definition)[0] as Json).Arguments as Json).arg1 = { Get: "PipelineExperimentConfig.ExperimentName" };
    const { compiled, result } = roundTrip(definition);
    expect(result.differences).toEqual([expect.stringMatching(/^a definition without PipelineExperimentConfig compiles with the default one/)]);
    expect(compiled).toEqual({ ...definition, PipelineExperimentConfig: config });
  });

  it("a check step without its output (no default location to give it): written with rawStep", () => {
    const step = clarify();
    const definition: Json = {
      Version: "2020-12-01",
      Metadata: {},
      Parameters: [{ Name: "MyModelPackageGroup", Type: "String" }],
      PipelineExperimentConfig: { ExperimentName: { Get: "Execution.PipelineName" }, TrialName: { Get: "Execution.PipelineExecutionId" } },
      Steps: [step],
    };
    delete ((step.Arguments as Json).ProcessingOutputConfig as Json).Outputs;
    const { compiled, result } = roundTrip(definition);
    expect(result.rawSteps).toEqual(["ModelBiasCheckStep"]);
    expect(compiled).toEqual(definition);
  });
});

describe("processing code already in S3 (issue 12)", () => {
  const definition = (entrypoint: string[], inputs: Json[]): Json => ({
    Version: "2020-12-01",
    Metadata: {},
    Parameters: [],
    PipelineExperimentConfig: { ExperimentName: { Get: "Execution.PipelineName" }, TrialName: { Get: "Execution.PipelineExecutionId" } },
    Steps: [
      {
        Name: "Prep",
        Type: "Processing",
        Arguments: {
          ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
          AppSpecification: { ImageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/p:1", ContainerEntrypoint: entrypoint },
          RoleArn: "arn:aws:iam::111111111111:role/R",
          ProcessingInputs: inputs,
        },
      },
    ],
  });
  const input = (name: string, uri: string, localPath = `/opt/ml/processing/input/${name}`): Json => ({
    InputName: name,
    AppManaged: false,
    S3Input: { S3Uri: uri, LocalPath: localPath, S3DataType: "S3Prefix", S3InputMode: "File", S3DataDistributionType: "FullyReplicated", S3CompressionType: "None" },
  });

  it("a script in S3 run as the code option runs it is written with code (and command), with no StoppingCondition", () => {
    const d = definition(["python3", "-u", "/opt/ml/processing/input/code/prep.py"], [input("data", "s3://b/data/"), input("code", "s3://b/code/prep.py")]);
    const { result, compiled } = roundTrip(d);
    expect(result.code).toContain('code: "s3://b/code/prep.py"');
    expect(result.code).toContain('command: ["python3", "-u"]');
    expect(result.code).not.toContain("entrypoint");
    expect(result.code).not.toContain("maxRuntimeSeconds");
    expect(result.rawOptions).toEqual([]);
    expect(compiled).toEqual(d);
  });

  it("a code input that is not the script the entrypoint runs stays an input and an entrypoint", () => {
    const d = definition(["python3", "/opt/ml/processing/input/code/other.py"], [input("code", "s3://b/code/prep.py")]);
    const { result, compiled } = roundTrip(d);
    expect(result.code).toContain('inputs: { code: "s3://b/code/prep.py" }');
    expect(result.code).toContain('entrypoint: ["python3", "/opt/ml/processing/input/code/other.py"]');
    expect(compiled).toEqual(d);
  });
});

describe("untrusted text in the module's comments", () => {
  // Comments name keys of the definition (a key no option says), and the source's name. A line break in
  // one ended the comment there: the rest of the key was code of the module, run when it is compiled.
  const processing = (extra: Json): Json => ({
    Version: "2020-12-01",
    Metadata: {},
    Parameters: [],
    Steps: [
      {
        Name: "Prep",
        Type: "Processing",
        Arguments: {
          ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.xlarge", VolumeSizeInGB: 30 } },
          AppSpecification: { ImageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1" },
          RoleArn: "arn:aws:iam::123456789012:role/R",
          ...extra,
        },
      },
    ],
  });

  it("a key with a line break (\\n, \\r, U+2028, U+2029) stays in its comment: the module runs nothing of it and compiles back", () => {
    const marks = globalThis as { PWNED?: number };
    for (const brk of ["\n", "\r", "\u2028", "\u2029", "\r\n"]) {
      delete marks.PWNED;
      const definition = processing({ [`X${brk}[(globalThis.PWNED = 1, "k")]: 0,${brk}//`]: 1 });
      const { result, compiled } = roundTrip(definition);
      expect(marks.PWNED, JSON.stringify(brk)).toBeUndefined();
      const comments = result.code.split("\n").filter((line) => line.trim().startsWith("//"));
      expect(comments.some((line) => line.includes("[(globalThis.PWNED = 1"))).toBe(true);
      // no line of the module holds a line terminator of its own but \n
      expect(result.code).not.toMatch(/[\r\u2028\u2029]/);
      expect((steps(compiled)[0] as Json).Arguments).toEqual((steps(definition)[0] as Json).Arguments);
    }
  });

  it("a source name with a line break stays in the header comment", () => {
    const result = importDefinition(processing({}), { source: "a\nglobalThis.PWNED = 1;\n\u2028b.json" });
    const header = result.code.split("\n")[0] ?? "";
    expect(header).toBe("// Imported with `sagepipe import` from a\\nglobalThis.PWNED = 1;\\n\\u2028b.json.");
  });
});
