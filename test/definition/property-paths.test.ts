import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolvePropertyPath } from "../../src/definition/properties/resolve-property-path.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/python-sdk-expected", import.meta.url));
const REFERENCE = /"Get":\s*"Steps\.([^".[]+)\.?([^"]*)"/g;

/**
 * The step type behind references whose step is not defined in the same fixture file (the
 * Python SDK's unit tests build most of them from `step.properties` alone), keyed by reference.
 */
const TYPE_OF_REFERENCE: Record<string, string> = {
  "I.ImportedModelArn": "BedrockModelImport",
  "P.ProvisionedModelArn": "BedrockProvisionedModelThroughput",
  "R.JobArn": "BedrockCustomModel",
  "R.ModelArn": "BedrockCustomModel",
  "ModelExplainabilityCheckStep.BaselineUsedForDriftCheckConstraints": "ClarifyCheck",
  "ModelExplainabilityCheckStep.CalculatedBaselineConstraints": "ClarifyCheck",
  "ModelQualityCheckStep.BaselineUsedForDriftCheckConstraints": "QualityCheck",
  "ModelQualityCheckStep.BaselineUsedForDriftCheckStatistics": "QualityCheck",
  "ModelQualityCheckStep.CalculatedBaselineConstraints": "QualityCheck",
  "ModelQualityCheckStep.CalculatedBaselineStatistics": "QualityCheck",
  "MyAutoMLStep.BestCandidate.InferenceContainers[0].Environment['MODEL_NAME']": "AutoML",
  "MyAutoMLStep.BestCandidate.InferenceContainers[0].Environment['SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT']": "AutoML",
  "MyAutoMLStep.BestCandidate.InferenceContainers[0].Environment['SAGEMAKER_INFERENCE_OUTPUT']": "AutoML",
  "MyAutoMLStep.BestCandidate.InferenceContainers[0].Environment['SAGEMAKER_INFERENCE_SUPPORTED']": "AutoML",
  "MyAutoMLStep.BestCandidate.InferenceContainers[0].Environment['SAGEMAKER_PROGRAM']": "AutoML",
  "MyAutoMLStep.BestCandidate.InferenceContainers[0].Environment['SAGEMAKER_SUBMIT_DIRECTORY']": "AutoML",
  "MyAutoMLStep.BestCandidate.InferenceContainers[0].Image": "AutoML",
  "MyAutoMLStep.BestCandidate.InferenceContainers[0].ModelDataUrl": "AutoML",
  "MyAutoMLStep.BestCandidateProperties.ExplainabilityJsonReportPath": "AutoML",
  "MyAutoMLStep.BestCandidateProperties.ModelInsightsJsonReportPath": "AutoML",
  "MyCallbackStep.OutputParameters['output1']": "Callback",
  "MyCallbackStep.OutputParameters['output2']": "Callback",
  "MyConditionStep.Outcome": "Condition",
  "MyCreateModelStep.ModelName": "Model",
  "MyEMRStep.ActionOnFailure": "EMR",
  "MyEMRStep.Config.Args": "EMR",
  "MyEMRStep.Config.Jar": "EMR",
  "MyEMRStep.Config.MainClass": "EMR",
  "MyEMRStep.Id": "EMR",
  "MyEMRStep.Name": "EMR",
  "MyEMRStep.Status.FailureDetails.Reason": "EMR",
  "MyEMRStep.Status.State": "EMR",
  "MyLambda.OutputParameters['model_artifact']": "Lambda",
  "MyLambda.OutputParameters['model_image']": "Lambda",
  "MyLambdaStep.OutputParameters['output1']": "Lambda",
  "MyLambdaStep.OutputParameters['output2']": "Lambda",
  "MyModelStep-CreateModel.ModelName": "Model",
  "MyModelStep-RepackModel-1.ModelArtifacts.S3ModelArtifacts": "Training",
  "MyModelStep-RepackModel-MyModel.ModelArtifacts.S3ModelArtifacts": "Training",
  "MyModelStepRegis-RepackModel-MyModel.ModelArtifacts.S3ModelArtifacts": "Training",
  "MyProcessingStep.ProcessingJobName": "Processing",
  "MyRepackModelStep.TrainingJobName": "Training",
  MyStep: "Training",
  "MyStep.ActionOnFailure": "EMR",
  "MyStep.Config.Jar": "EMR",
  "MyStep.CreationTime": "Training",
  "MyStep.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.Type": "Tuning",
  "MyStep.HyperParameterTuningJobName": "Tuning",
  "MyStep.HyperParameters": "Training",
  "MyStep.Id": "EMR",
  "MyStep.ModelPackageName": "RegisterModel",
  "MyStep.Name": "EMR",
  "MyStep.ObjectiveStatusCounters.Succeeded": "Tuning",
  "MyStep.OutputDataConfig.S3OutputPath": "Training",
  "MyStep.ProcessingJobName": "Processing",
  "MyStep.ProcessingOutputConfig.Outputs['MyOutputName'].S3Output.S3Uri": "Processing",
  "MyStep.PropertyFiles.name": "Processing",
  "MyStep.Status.State": "EMR",
  "MyStep.TrainingJobName": "Training",
  "MyStep.TrainingJobSummaries[0].TrainingJobName": "Tuning",
  "MyStep.ValidationSpecification.ValidationRole": "RegisterModel",
  "MyTrainingStep.FinalMetricDataList['val:acc'].Value": "Training",
  "MyTrainingStep.HyperParameters": "Training",
  "MyTrainingStep.TrainingJobName": "Training",
  "MyTransformStep.TransformJobName": "Transform",
  "MyTuningStep.HyperParameterTuningJobName": "Tuning",
  "MyTuningStep.TrainingJobSummaries[0].TrainingJobName": "Tuning",
  "RegisterModelStep-RegisterModel.ModelPackageName": "RegisterModel",
  foo: "Training",
  "inputProcessingStep.PropertyFiles.my-property-file": "Processing",
  "my-custom-step.OutputDataConfig.S3OutputPath": "Training",
  "my-custom-step.RoleArn": "Training",
  "my-step.PropertyFiles.my-property-file": "Processing",
  "my-step.PropertyFiles.name": "Processing",
  "step1.OutputDataConfig.S3OutputPath": "Training",
  "step2.OutputDataConfig.S3OutputPath": "Training",
  "step3.OutputDataConfig.S3OutputPath": "Training",
  "step_name.OutputDataConfig.S3OutputPath": "Training",
};

/** References the tests build by hand, naming no step type: `Properties(step_name="foo", path=...)`. */
const NOT_A_STEP_PROPERTY = new Set(["foo.OutputPath.S3Uri"]);

interface Reference {
  readonly reference: string;
  readonly type: string;
  readonly path: string;
}

/** Step name → Type of every step object in a fixture (branches of Condition steps included). */
function stepTypes(value: unknown, into = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    for (const item of value) stepTypes(item, into);
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.Name === "string" && typeof record.Type === "string" && "Arguments" in record) {
      into.set(record.Name, record.Type);
    }
    for (const item of Object.values(record)) stepTypes(item, into);
  }
  return into;
}

function fixtureReferences(): { known: Reference[]; unknown: string[] } {
  const known = new Map<string, Reference>();
  const unknown = new Set<string>();
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(FIXTURES, dir.name))) {
      const text = readFileSync(join(FIXTURES, dir.name, file), "utf8");
      const types = stepTypes(JSON.parse(text) as unknown);
      for (const [, step = "", path = ""] of text.matchAll(REFERENCE)) {
        const reference = path ? `${step}.${path}` : step;
        if (NOT_A_STEP_PROPERTY.has(reference)) continue;
        const type = types.get(step) ?? TYPE_OF_REFERENCE[reference];
        if (type) known.set(`${type} ${reference}`, { reference, type, path });
        else unknown.add(reference);
      }
    }
  }
  return { known: [...known.values()], unknown: [...unknown] };
}

const { known, unknown } = fixtureReferences();

describe("resolvePropertyPath on the Python SDK fixtures", () => {
  it("knows the step type of every step reference in the fixtures", () => {
    expect(unknown).toEqual([]);
    expect(known.length).toBeGreaterThan(60);
  });

  it.each(known.map((r) => [r.type, r.reference, r.path] as const))("%s %s", (type, _reference, path) => {
    expect(resolvePropertyPath(type, path)).toMatchObject({ ok: true });
  });
});

describe("resolvePropertyPath kinds", () => {
  it.each([
    ["Training", "ModelArtifacts.S3ModelArtifacts", "string"],
    ["Training", "FinalMetricDataList['val:acc'].Value", "number"],
    ["Training", "FinalMetricDataList[0].Timestamp", "timestamp"],
    ["Training", "EnableManagedSpotTraining", "boolean"],
    ["Training", "HyperParameters['epochs']", "string"],
    ["Training", "HyperParameters", "map"],
    ["Training", "FinalMetricDataList", "list"],
    ["Training", "OutputDataConfig", "object"],
    ["Training", "", "object"],
    ["Processing", "ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri", "string"],
    ["Processing", "PropertyFiles.EvalReport", "object"],
    ["Tuning", "TrainingJobSummaries[1].TrainingJobName", "string"],
    ["Tuning", "BestTrainingJob.TrainingJobName", "string"],
    ["AutoML", "BestCandidate.InferenceContainers[0].Environment['X']", "string"],
    ["AutoML", "BestCandidateProperties.ModelInsightsJsonReportPath", "string"],
    ["EMR", "ClusterId", "string"],
    ["EMR", "Config.Args[0]", "string"],
    ["EMRServerless", "jobRun.state", "string"],
    ["Lambda", "OutputParameters['x']", "string"],
    ["Lineage", "ActionArns['n']", "string"],
    ["Condition", "Outcome", "string"],
    ["Endpoint", "EndpointArn", "string"],
    ["EndpointConfig", "ProductionVariants[0].InstanceType", "string"],
    ["InferenceComponent", "InferenceComponentArn", "string"],
    ["BedrockCustomModel", "CreationTime", "timestamp"],
  ])("%s %s is a %s", (type, path, kind) => {
    expect(resolvePropertyPath(type, path)).toEqual({ ok: true, kind });
  });
});

describe("resolvePropertyPath rejections", () => {
  it("rejects a misspelled member and lists the members that exist there", () => {
    const result = resolvePropertyPath("Training", "ModelArtifacts.S3ModelArtifact");
    expect(result).toEqual({ ok: false, at: "S3ModelArtifact", expected: ["S3ModelArtifacts"] });
  });

  it("rejects a misspelled top-level member with the step type's members", () => {
    const result = resolvePropertyPath("Processing", "ProcessingOutputConfig.Outputs['x'].S3Outptu.S3Uri");
    expect(result).toMatchObject({ ok: false, at: "S3Outptu" });
    if (!result.ok) expect(result.expected).toContain("S3Output");

    const top = resolvePropertyPath("Tuning", "TrainingJobSumaries[0].TrainingJobName");
    expect(top).toMatchObject({ ok: false, at: "TrainingJobSumaries" });
    if (!top.ok) expect(top.expected).toEqual(expect.arrayContaining(["TrainingJobSummaries", "BestTrainingJob"]));
  });

  it("does not mistake inherited object keys for members or step types", () => {
    expect(resolvePropertyPath("Training", "constructor")).toMatchObject({ ok: false, at: "constructor" });
    expect(resolvePropertyPath("Training", "OutputDataConfig.__proto__")).toMatchObject({ ok: false });
    expect(resolvePropertyPath("constructor", "name")).toMatchObject({ ok: false });
  });

  it("is case-sensitive", () => {
    expect(resolvePropertyPath("Training", "trainingJobName")).toMatchObject({ ok: false, at: "trainingJobName" });
  });

  it("rejects an index on a structure or a leaf", () => {
    expect(resolvePropertyPath("Training", "ModelArtifacts[0]")).toEqual({
      ok: false,
      at: "[0]",
      expected: ["S3ModelArtifacts"],
    });
    expect(resolvePropertyPath("Training", "TrainingJobName['x']")).toEqual({ ok: false, at: "['x']", expected: [] });
  });

  it("rejects a numeric index on a map and a member on a list", () => {
    expect(resolvePropertyPath("Training", "HyperParameters[0]")).toEqual({
      ok: false,
      at: "[0]",
      expected: ["['<key>']"],
    });
    expect(resolvePropertyPath("Training", "FinalMetricDataList.Value")).toEqual({
      ok: false,
      at: "Value",
      expected: ["[<index>]", "['<name>']"],
    });
  });

  it("rejects a path that goes on past a leaf", () => {
    expect(resolvePropertyPath("Condition", "Outcome.Value")).toEqual({ ok: false, at: "Value", expected: [] });
  });

  it("rejects malformed paths", () => {
    expect(resolvePropertyPath("Training", ".TrainingJobName")).toMatchObject({ ok: false, at: ".TrainingJobName" });
    expect(resolvePropertyPath("Training", "OutputDataConfig.")).toMatchObject({ ok: false, at: "." });
    expect(resolvePropertyPath("Training", "FinalMetricDataList[-1]")).toMatchObject({ ok: false, at: "[-1]" });
    expect(resolvePropertyPath("Training", 'FinalMetricDataList["acc"]')).toMatchObject({ ok: false });
    expect(resolvePropertyPath("Training", "FinalMetricDataList[0]Value")).toMatchObject({ ok: false, at: "Value" });
  });

  it("rejects a property of another step type", () => {
    expect(resolvePropertyPath("Training", "ProcessingJobName")).toMatchObject({ ok: false });
    expect(resolvePropertyPath("Training", "PropertyFiles.EvalReport")).toMatchObject({ ok: false });
    expect(resolvePropertyPath("Lambda", "Outcome")).toEqual({
      ok: false,
      at: "Outcome",
      expected: ["OutputParameters"],
    });
  });

  it("gives nothing for a Fail step or an unknown type", () => {
    expect(resolvePropertyPath("Fail", "")).toEqual({ ok: false, at: "", expected: [] });
    expect(resolvePropertyPath("Fail", "ErrorMessage")).toEqual({ ok: false, at: "ErrorMessage", expected: [] });
    expect(resolvePropertyPath("Nope", "X")).toMatchObject({ ok: false });
  });
});
