import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatIssues, safeValidateDefinition, type IssueCode } from "sagepipe";

// The checks a schema makes beyond types and limits (exactly-one-of members, map sizes, value
// sets, unique names, keys Pipelines rejects) come out of the public validator with their own
// codes, not the generic "invalid-value". Each case makes one defect in a deep clone of the churn
// pipeline (test/fixtures/definitions/churn.json), sometimes after adding one valid step.
//
//   $.Steps[0] Preprocess (Processing)   $.Steps[1] Train (Training)   $.Steps[2] Evaluate (Processing)
//   $.Steps[3] CheckAccuracy (Condition): IfSteps[0] Register (RegisterModel), IfSteps[1] Deploy (Lambda)
//   a step added by a case is $.Steps[4]

type Obj = Record<string, unknown>;

const base = JSON.parse(readFileSync(new URL("../fixtures/definitions/churn.json", import.meta.url), "utf8")) as Obj;

function obj(value: unknown): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("fixture: expected an object");
  return value as Obj;
}

function list(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error("fixture: expected an array");
  return value;
}

/** The object at `path` under `value`. */
const at = (value: unknown, ...path: (string | number)[]): Obj =>
  obj(path.reduce<unknown>((current, key) => (typeof key === "number" ? list(current)[key] : obj(current)[key]), value));

const steps = (d: Obj) => list(d.Steps);
const preprocess = (d: Obj) => at(d, "Steps", 0, "Arguments");
const train = (d: Obj) => at(d, "Steps", 1, "Arguments");
const register = (d: Obj) => at(d, "Steps", 3, "Arguments", "IfSteps", 0, "Arguments");
const deploy = (d: Obj) => at(d, "Steps", 3, "Arguments", "IfSteps", 1);
const added = (d: Obj) => at(d, "Steps", 4, "Arguments");

const ROLE = "arn:aws:iam::111111111111:role/SageMakerRole";
const MODEL_DATA = { Get: "Steps.Train.ModelArtifacts.S3ModelArtifacts" };

const modelStep = () => ({
  Name: "CreateModel",
  Type: "Model",
  Arguments: {
    ExecutionRoleArn: ROLE,
    PrimaryContainer: { Image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/xgb:1", ModelDataUrl: MODEL_DATA },
  },
});

const emrServerlessStep = () => ({
  Name: "SparkJob",
  Type: "EMRServerless",
  Arguments: {
    ExecutionRoleArn: "arn:aws:iam::111111111111:role/EMRServerless",
    JobConfig: {
      executionRoleArn: "arn:aws:iam::111111111111:role/EMRServerless",
      jobDriver: { sparkSubmit: { entryPoint: "s3://my-bucket/jobs/etl.py" } },
    },
    ApplicationConfig: { releaseLabel: "emr-7.0.0", type: "SPARK" },
  },
});

const autoMLStep = () => ({
  Name: "AutoPilot",
  Type: "AutoML",
  Arguments: {
    InputDataConfig: [
      { TargetAttributeName: "churn", DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://my-bucket/churn/train" } } },
    ],
    OutputDataConfig: { S3OutputPath: "s3://my-bucket/churn/automl" },
    RoleArn: ROLE,
    AutoMLJobConfig: { Mode: "ENSEMBLING" },
  },
});

const endpointStep = () => ({
  Name: "CreateEndpoint",
  Type: "Endpoint",
  Arguments: { EndpointName: "churn-endpoint", EndpointConfigName: "churn-endpoint-config" },
});

/** A Tuning step that tunes the churn Train job's algorithm on the same channels. */
const tuningStep = (d: Obj) => {
  const t = train(d);
  return {
    Name: "Tune",
    Type: "Tuning",
    Arguments: {
      HyperParameterTuningJobConfig: {
        Strategy: "Bayesian",
        ResourceLimits: { MaxNumberOfTrainingJobs: 4, MaxParallelTrainingJobs: 2 },
        HyperParameterTuningJobObjective: { Type: "Maximize", MetricName: "validation:auc" },
      },
      TrainingJobDefinition: {
        AlgorithmSpecification: t.AlgorithmSpecification,
        RoleArn: t.RoleArn,
        InputDataConfig: structuredClone(t.InputDataConfig),
        OutputDataConfig: t.OutputDataConfig,
        ResourceConfig: { InstanceType: "ml.m5.xlarge", InstanceCount: 1, VolumeSizeInGB: 30 },
        StoppingCondition: t.StoppingCondition,
      },
    },
  };
};

interface Case {
  readonly name: string;
  /** A valid step to add before the defect, as $.Steps[4]. */
  readonly add?: (d: Obj) => Obj;
  readonly mutate: (d: Obj) => void;
  readonly code: IssueCode;
  readonly jsonPath: string;
  readonly message: RegExp;
}

const cases: Case[] = [
  // ---------- exactly one of, not both, only with ----------
  {
    name: "Training: TrainingImage and AlgorithmName (exactly one of)",
    mutate: (d) => {
      at(train(d), "AlgorithmSpecification").AlgorithmName = "my-algorithm";
    },
    code: "conflicting-members",
    jsonPath: "$.Steps[1].Arguments.AlgorithmSpecification",
    message: /exactly one of TrainingImage .* and AlgorithmName/,
  },
  {
    name: "Training: InstanceType and InstancePreferences (not both)",
    mutate: (d) => {
      at(train(d), "ResourceConfig").InstancePreferences = [{ InstanceType: "ml.m5.2xlarge" }];
    },
    code: "conflicting-members",
    jsonPath: "$.Steps[1].Arguments.ResourceConfig",
    message: /InstanceType and InstancePreferences are mutually exclusive: remove one/,
  },
  {
    name: "Processing: an input with S3Input and DatasetDefinition",
    mutate: (d) => {
      at(preprocess(d), "ProcessingInputs", 1).DatasetDefinition = {
        AthenaDatasetDefinition: {
          Catalog: "AwsDataCatalog",
          Database: "churn",
          QueryString: "SELECT * FROM customers",
          OutputS3Uri: "s3://my-bucket/churn/athena",
          OutputFormat: "PARQUET",
        },
      };
    },
    code: "conflicting-members",
    jsonPath: "$.Steps[0].Arguments.ProcessingInputs[1]",
    message: /exactly one of S3Input and DatasetDefinition/,
  },
  {
    name: "Model: PrimaryContainer and Containers",
    add: modelStep,
    mutate: (d) => {
      added(d).Containers = [structuredClone(added(d).PrimaryContainer)];
    },
    code: "conflicting-members",
    jsonPath: "$.Steps[4].Arguments.PrimaryContainer",
    message: /PrimaryContainer .* or Containers .*, exactly one of them/,
  },
  {
    name: "EMRServerless: JobConfig.applicationId with ApplicationConfig (only with ApplicationId)",
    add: emrServerlessStep,
    mutate: (d) => {
      at(added(d), "JobConfig").applicationId = "00f1abc2def3";
    },
    code: "conflicting-members",
    jsonPath: "$.Steps[4].Arguments.JobConfig.applicationId",
    message: /cannot name the application that ApplicationConfig creates: remove it/,
  },
  {
    name: "EMRServerless: ApplicationId and ApplicationConfig",
    add: emrServerlessStep,
    mutate: (d) => {
      added(d).ApplicationId = "00f1abc2def3";
    },
    code: "conflicting-members",
    jsonPath: "$.Steps[4].Arguments",
    message: /exactly one of ApplicationId .* and ApplicationConfig/,
  },

  // ---------- map sizes ----------
  {
    name: "21 Metadata entries",
    mutate: (d) => {
      d.Metadata = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`key${i}`, "value"]));
    },
    code: "too-big",
    jsonPath: "$.Metadata",
    message: /Metadata holds at most 20 entries, found 21/,
  },
  {
    name: "Training: 101 HyperParameters (strMap maxEntries)",
    mutate: (d) => {
      const hyperParameters = at(train(d), "HyperParameters");
      for (let i = 0; Object.keys(hyperParameters).length <= 100; i++) hyperParameters[`extra_${i}`] = "1";
    },
    code: "too-big",
    jsonPath: "$.Steps[1].Arguments.HyperParameters",
    message: /at most 100 entries, found 101/,
  },
  {
    name: "EMRServerless: 11 initialCapacity worker types",
    add: emrServerlessStep,
    mutate: (d) => {
      at(added(d), "ApplicationConfig").initialCapacity = Object.fromEntries(
        Array.from({ length: 11 }, (_, i) => [`Worker${i}`, { workerCount: 1 }]),
      );
    },
    code: "too-big",
    jsonPath: "$.Steps[4].Arguments.ApplicationConfig.initialCapacity",
    message: /initialCapacity .* holds at most 10 entries, found 11/,
  },
  {
    name: "RegisterModel: empty CustomerMetadataProperties",
    mutate: (d) => {
      register(d).CustomerMetadataProperties = {};
    },
    code: "too-small",
    jsonPath: "$.Steps[3].Arguments.IfSteps[0].Arguments.CustomerMetadataProperties",
    message: /needs at least 1 entry/,
  },

  // ---------- value sets ----------
  {
    name: "Training: ProfilingIntervalInMilliseconds outside its values (intEnum)",
    mutate: (d) => {
      at(train(d), "ProfilerConfig").ProfilingIntervalInMilliseconds = 300;
    },
    code: "invalid-value",
    jsonPath: "$.Steps[1].Arguments.ProfilerConfig.ProfilingIntervalInMilliseconds",
    message: /must be one of 100, 200, 500, 1000, 5000, 60000/,
  },
  {
    name: "AutoML: Mode other than ENSEMBLING",
    add: autoMLStep,
    mutate: (d) => {
      at(added(d), "AutoMLJobConfig").Mode = "HYPERPARAMETER_TUNING";
    },
    code: "invalid-value",
    jsonPath: "$.Steps[4].Arguments.AutoMLJobConfig.Mode",
    message: /supports only Mode "ENSEMBLING"/,
  },

  // ---------- unique names ----------
  {
    name: "Lambda: two outputs named EndpointName",
    mutate: (d) => {
      at(deploy(d), "OutputParameters", 1).OutputName = "EndpointName";
    },
    code: "duplicate-name",
    jsonPath: "$.Steps[3].Arguments.IfSteps[1].OutputParameters[1].OutputName",
    message: /OutputName "EndpointName" is used twice \(first at \[0\]\): other steps reference outputs by name/,
  },
  {
    name: "Processing: two outputs named train",
    mutate: (d) => {
      const outputs = list(at(preprocess(d), "ProcessingOutputConfig").Outputs);
      outputs.push(structuredClone(outputs[0]));
    },
    code: "duplicate-name",
    jsonPath: "$.Steps[0].Arguments.ProcessingOutputConfig.Outputs[3].OutputName",
    message: /OutputName "train" is used twice .*outputs are referenced by name/,
  },
  {
    name: "Processing: two inputs named code",
    mutate: (d) => {
      at(preprocess(d), "ProcessingInputs", 0).InputName = "code";
    },
    code: "duplicate-name",
    jsonPath: "$.Steps[0].Arguments.ProcessingInputs[1].InputName",
    message: /InputName "code" is used twice/,
  },
  {
    name: "Training: two channels named train",
    mutate: (d) => {
      at(train(d), "InputDataConfig", 1).ChannelName = "train";
    },
    code: "duplicate-name",
    jsonPath: "$.Steps[1].Arguments.InputDataConfig[1].ChannelName",
    message: /ChannelName "train" is used twice/,
  },
  {
    name: "Training: two metric definitions named auc",
    mutate: (d) => {
      at(train(d), "AlgorithmSpecification").MetricDefinitions = [
        { Name: "auc", Regex: "auc:([0-9.]+)" },
        { Name: "auc", Regex: "validation-auc:([0-9.]+)" },
      ];
    },
    code: "duplicate-name",
    jsonPath: "$.Steps[1].Arguments.AlgorithmSpecification.MetricDefinitions[1].Name",
    message: /Name "auc" is used twice/,
  },
  {
    name: "Tuning: two channels named validation in the training job definition",
    add: tuningStep,
    mutate: (d) => {
      at(added(d), "TrainingJobDefinition", "InputDataConfig", 0).ChannelName = "validation";
    },
    code: "duplicate-name",
    jsonPath: "$.Steps[4].Arguments.TrainingJobDefinition.InputDataConfig[1].ChannelName",
    message: /ChannelName "validation" is used twice/,
  },

  // ---------- keys Pipelines rejects ----------
  {
    name: "RegisterModel: CertifyForMarketplace",
    mutate: (d) => {
      register(d).CertifyForMarketplace = false;
    },
    code: "not-supported-in-pipelines",
    jsonPath: "$.Steps[3].Arguments.IfSteps[0].Arguments.CertifyForMarketplace",
    message: /CertifyForMarketplace is not accepted by SageMaker Pipelines/,
  },
  {
    name: "Endpoint: DeploymentConfig",
    add: endpointStep,
    mutate: (d) => {
      added(d).DeploymentConfig = { AutoRollbackConfiguration: { Alarms: [] } };
    },
    code: "not-supported-in-pipelines",
    jsonPath: "$.Steps[4].Arguments.DeploymentConfig",
    message: /DeploymentConfig is rejected by SageMaker Pipelines .*: remove it/,
  },
  {
    name: "AutoML: ModelDeployConfig",
    add: autoMLStep,
    mutate: (d) => {
      added(d).ModelDeployConfig = { AutoGenerateEndpointName: true };
    },
    code: "not-supported-in-pipelines",
    jsonPath: "$.Steps[4].Arguments.ModelDeployConfig",
    message: /ModelDeployConfig is not accepted by SageMaker Pipelines/,
  },
];

/** The churn pipeline, with the case's step added when it has one. */
function prepare(c: Pick<Case, "add">): Obj {
  const d = structuredClone(base);
  if (c.add !== undefined) steps(d).push(c.add(d));
  return d;
}

describe("schema rules keep their issue codes", () => {
  it.each(cases.filter((c) => c.add !== undefined))("the step added for '$name' is valid", (c) => {
    const result = safeValidateDefinition(prepare(c));
    expect(formatIssues(result.issues)).toBe("");
  });

  it.each(cases)("[$code] $name", (c) => {
    const d = prepare(c);
    c.mutate(d);
    const result = safeValidateDefinition(d);
    expect(result.issues, formatIssues(result.issues)).toEqual([
      expect.objectContaining({ code: c.code, jsonPath: c.jsonPath, message: expect.stringMatching(c.message) }),
    ]);
  });

  it("does not compare names that are expressions", () => {
    const d = structuredClone(base);
    for (const input of list(preprocess(d).ProcessingInputs)) obj(input).InputName = { Get: "Parameters.ProcessingInstanceType" };
    const result = safeValidateDefinition(d);
    expect(result.issues.filter((issue) => issue.code === "duplicate-name")).toEqual([]);
  });
});
