import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ISSUE_CODES, formatIssues, safeValidateDefinition, type IssueCode, type Quotas, type ValidateOptions } from "sagepipe";

// The acceptance corpus of the validator: each case makes ONE defect in a deep clone of the valid
// churn pipeline (test/fixtures/definitions/churn.json) and names the issue it must produce.
//
// Layout of churn.json:
//   $.Steps[0] Preprocess (Processing)   $.Steps[1] Train (Training)   $.Steps[2] Evaluate (Processing)
//   $.Steps[3] CheckAccuracy (Condition)
//     IfSteps[0] Register (RegisterModel), IfSteps[1] Deploy (Lambda), ElseSteps[0] AccuracyTooLow (Fail)
//   $.Parameters: InputData, ProcessingInstanceType, TrainingInstanceCount (Integer),
//     AccuracyThreshold (Float), ModelApprovalStatus

type Obj = Record<string, unknown>;
type Segment = string | number;

const readBase = () => JSON.parse(readFileSync(new URL("../fixtures/definitions/churn.json", import.meta.url), "utf8")) as Obj;
const base = readBase();
const baseLength = JSON.stringify(base).length;

function obj(value: unknown): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("fixture: expected an object");
  return value as Obj;
}

function list(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error("fixture: expected an array");
  return value;
}

/** The value at `path` under `value`. */
function dig(value: unknown, ...path: Segment[]): unknown {
  return path.reduce<unknown>((current, key) => (typeof key === "number" ? list(current)[key] : obj(current)[key]), value);
}

const at = (value: unknown, ...path: Segment[]): Obj => obj(dig(value, ...path));
const listAt = (value: unknown, ...path: Segment[]): unknown[] => list(dig(value, ...path));

/** Every step object: top level, then each Condition step's branches. */
function allSteps(steps: unknown): Obj[] {
  return list(steps).flatMap((item) => {
    const s = obj(item);
    if (s.Type !== "Condition") return [s];
    const a = obj(s.Arguments);
    return [s, ...allSteps(a.IfSteps), ...allSteps(a.ElseSteps)];
  });
}

/** The step named `name`, at the top level or in a branch. */
function step(d: Obj, name: string): Obj {
  const found = allSteps(d.Steps).find((s) => s.Name === name);
  if (found === undefined) throw new Error(`fixture: no step ${name}`);
  return found;
}

const args = (d: Obj, name: string): Obj => at(step(d, name), "Arguments");
const conditions = (d: Obj): unknown[] => listAt(args(d, "CheckAccuracy"), "Conditions");
const ifSteps = (d: Obj): unknown[] => listAt(args(d, "CheckAccuracy"), "IfSteps");
const elseSteps = (d: Obj): unknown[] => listAt(args(d, "CheckAccuracy"), "ElseSteps");
const clone = <T>(value: T): T => structuredClone(value);

const fail = (name: string) => ({ Name: name, Type: "Fail", Arguments: { ErrorMessage: "stop" } });
const toFiftyOneSteps = (d: Obj): void => {
  const steps = listAt(d, "Steps");
  for (let i = 0; i < 44; i++) steps.push(fail(`Extra${i}`));
};
const jsonGet = (file: string, path: string, stepName = "Evaluate") => ({
  "Std:JsonGet": { PropertyFile: { Get: `Steps.${stepName}.PropertyFiles.${file}` }, Path: path },
});

const TRAIN = "$.Steps[1]";
const PRE = "$.Steps[0]";
const EVAL = "$.Steps[2]";
const COND = "$.Steps[3]";
const REGISTER = "$.Steps[3].Arguments.IfSteps[0]";
const DEPLOY = "$.Steps[3].Arguments.IfSteps[1]";
const FAIL = "$.Steps[3].Arguments.ElseSteps[0]";

interface Case {
  readonly name: string;
  readonly mutate: (d: Obj) => void;
  readonly code: IssueCode;
  readonly jsonPath: string;
  /** The step the issue must name, when it is in a step. */
  readonly step?: string;
  readonly options?: ValidateOptions;
  /** The exact number of issues, where one defect should give exactly that many. */
  readonly count?: number;
  /** What the message must say: how to fix it. */
  readonly message?: RegExp;
}

const cases: Case[] = [
  // ---------- document shape ----------
  {
    name: "an object without Version and Steps",
    mutate: (d) => {
      delete d.Version;
      delete d.Steps;
    },
    code: "not-a-definition",
    jsonPath: "$",
    count: 1,
    message: /Version "2020-12-01" and Steps/,
  },
  {
    name: "NaN in loose-mode Arguments (JSON would write null)",
    mutate: (d) => {
      args(d, "Train").ExtraSetting = Number.NaN;
    },
    options: { arguments: "loose" },
    code: "not-json",
    jsonPath: `${TRAIN}.Arguments.ExtraSetting`,
    step: "Train",
    count: 1,
    message: /NaN is not a JSON number/,
  },
  {
    name: "an object that contains itself",
    mutate: (d) => {
      args(d, "Train").Self = d;
    },
    code: "not-json",
    jsonPath: `${TRAIN}.Arguments.Self`,
    step: "Train",
    count: 1,
    message: /contains itself/,
  },
  {
    name: "a Date where JSON data is expected",
    mutate: (d) => {
      d.Metadata = { created: new Date(0) };
    },
    code: "not-json",
    jsonPath: "$.Metadata.created",
    count: 1,
    message: /a Date object is not JSON data/,
  },
  {
    name: "nesting 4,100 levels deep in an Environment value",
    mutate: (d) => {
      let deep: unknown = "x";
      for (let i = 0; i < 4_100; i++) deep = { a: deep };
      args(d, "Train").Environment = { DEEP: deep };
    },
    code: "too-deep",
    jsonPath: `${TRAIN}.Arguments.Environment.DEEP${".a".repeat(96)}`,
    step: "Train",
    message: /nested more than 100 levels deep/,
  },
  {
    name: "a __proto__ key in HyperParameters (as JSON.parse makes it)",
    mutate: (d) => {
      Object.defineProperty(at(args(d, "Train"), "HyperParameters"), "__proto__", { value: "5", enumerable: true, writable: true, configurable: true });
    },
    code: "unsupported-key",
    jsonPath: `${TRAIN}.Arguments.HyperParameters.__proto__`,
    step: "Train",
    count: 1,
    message: /the key "__proto__" is not supported/,
  },
  {
    name: "another Version",
    mutate: (d) => {
      d.Version = "2021-01-01";
    },
    code: "invalid-value",
    jsonPath: "$.Version",
    count: 1,
    message: /Version must be "2020-12-01"/,
  },
  {
    name: "misspelled top-level key",
    mutate: (d) => {
      d.PipelineExperimentConfigs = d.PipelineExperimentConfig;
      delete d.PipelineExperimentConfig;
    },
    code: "unknown-key",
    jsonPath: "$.PipelineExperimentConfigs",
    count: 1,
    message: /Did you mean "PipelineExperimentConfig"\?/,
  },
  {
    name: "Steps is not an array",
    mutate: (d) => {
      d.Steps = {};
    },
    code: "invalid-type",
    jsonPath: "$.Steps",
    message: /expected an array, received an object/,
  },
  {
    // this threw a TypeError from the type rules (valueKind read the Get as a string)
    name: "a Get whose reference is not a string, in a typed field",
    mutate: (d) => {
      at(d, "PipelineExperimentConfig").ExperimentName = { Get: 5 };
    },
    code: "unknown-key",
    jsonPath: "$.PipelineExperimentConfig.ExperimentName.Get",
  },
  {
    name: "a Get whose reference is not a string, in a step's field",
    mutate: (d) => {
      at(args(d, "Train"), "ResourceConfig").InstanceType = { Get: ["Parameters.X"] };
    },
    code: "unknown-key",
    jsonPath: `${TRAIN}.Arguments.ResourceConfig.InstanceType.Get`,
    step: "Train",
  },
  {
    name: "Metadata value too long",
    mutate: (d) => {
      d.Metadata = { owner: "x".repeat(1025) };
    },
    code: "too-big",
    jsonPath: "$.Metadata.owner",
  },
  {
    name: "21 Metadata entries",
    mutate: (d) => {
      d.Metadata = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`key${i}`, "value"]));
    },
    code: "too-big",
    jsonPath: "$.Metadata",
    count: 1,
    message: /Metadata holds at most 20 entries, found 21/,
  },

  // ---------- parameters ----------
  {
    name: "unknown parameter Type",
    mutate: (d) => {
      at(d, "Parameters", 2).Type = "Number";
    },
    code: "invalid-value",
    jsonPath: "$.Parameters[2].Type",
    message: /"String", "Integer", "Float", "Boolean"/,
  },
  {
    name: "misspelled DefaultValue key",
    mutate: (d) => {
      const p = at(d, "Parameters", 0);
      p.Default = p.DefaultValue;
      delete p.DefaultValue;
    },
    code: "unknown-key",
    jsonPath: "$.Parameters[0].Default",
    count: 1,
  },
  {
    name: "parameter name with a dot",
    mutate: (d) => {
      at(d, "Parameters", 3).Name = "Accuracy.Threshold";
    },
    code: "invalid-format",
    jsonPath: "$.Parameters[3].Name",
    message: /letters, digits, '-' and '_'/,
  },
  {
    name: "Integer parameter with a fractional default",
    mutate: (d) => {
      at(d, "Parameters", 2).DefaultValue = 1.5;
    },
    code: "invalid-type",
    jsonPath: "$.Parameters[2].DefaultValue",
  },
  {
    name: "String default longer than 2048",
    mutate: (d) => {
      at(d, "Parameters", 0).DefaultValue = `s3://my-bucket/${"a".repeat(2048)}`;
    },
    code: "too-big",
    jsonPath: "$.Parameters[0].DefaultValue",
  },
  {
    name: "default not among EnumValues",
    mutate: (d) => {
      at(d, "Parameters", 4).EnumValues = ["Approved", "Rejected"];
    },
    code: "default-not-in-enum",
    jsonPath: "$.Parameters[4].DefaultValue",
    count: 1,
    message: /add it to EnumValues or change the default/,
  },
  {
    name: "empty EnumValues",
    mutate: (d) => {
      at(d, "Parameters", 1).EnumValues = [];
    },
    code: "too-small",
    jsonPath: "$.Parameters[1].EnumValues",
  },
  {
    name: "parameter declared twice",
    mutate: (d) => {
      listAt(d, "Parameters").push({ Name: "InputData", Type: "String" });
    },
    code: "duplicate-parameter",
    jsonPath: "$.Parameters[5].Name",
    count: 1,
    message: /remove or rename one/,
  },

  // ---------- step envelope ----------
  {
    name: "misspelled step Type",
    mutate: (d) => {
      step(d, "Train").Type = "Trainning";
    },
    code: "unknown-step-type",
    jsonPath: `${TRAIN}.Type`,
    step: "Train",
    message: /"Training"/,
  },
  {
    name: "misspelled DependsOn key",
    mutate: (d) => {
      step(d, "Train").DependOn = ["Preprocess"];
    },
    code: "unknown-key",
    jsonPath: `${TRAIN}.DependOn`,
    step: "Train",
    count: 1,
  },
  {
    name: "step name with a space",
    mutate: (d) => {
      step(d, "Deploy").Name = "Deploy model";
    },
    code: "invalid-format",
    jsonPath: `${DEPLOY}.Name`,
    step: "Deploy model",
  },
  {
    name: "step without Name",
    mutate: (d) => {
      delete step(d, "Deploy").Name;
    },
    code: "missing-key",
    jsonPath: `${DEPLOY}.Name`,
  },
  {
    name: "Description longer than 3072",
    mutate: (d) => {
      step(d, "Evaluate").Description = "d".repeat(3073);
    },
    code: "too-big",
    jsonPath: `${EVAL}.Description`,
    step: "Evaluate",
  },
  {
    name: "CacheConfig.Enabled as a string",
    mutate: (d) => {
      at(step(d, "Train"), "CacheConfig").Enabled = "true";
    },
    code: "invalid-type",
    jsonPath: `${TRAIN}.CacheConfig.Enabled`,
    step: "Train",
    count: 1,
    message: /expected a boolean, received string/,
  },
  {
    name: "ExpireAfter in the docs' shorthand",
    mutate: (d) => {
      at(step(d, "Train"), "CacheConfig").ExpireAfter = "30d";
    },
    code: "invalid-duration",
    jsonPath: `${TRAIN}.CacheConfig.ExpireAfter`,
    step: "Train",
    count: 1,
    message: /ISO-8601 duration such as "PT1H"/,
  },
  {
    name: "retry policy with MaxAttempts and ExpireAfterMin",
    mutate: (d) => {
      at(step(d, "Train"), "RetryPolicies", 1).MaxAttempts = 5;
    },
    code: "retry-attempts-and-expiry",
    jsonPath: `${TRAIN}.RetryPolicies[1]`,
    step: "Train",
    count: 1,
    message: /MaxAttempts or ExpireAfterMin, not both: remove one/,
  },
  {
    name: "retry MaxAttempts above 20",
    mutate: (d) => {
      at(step(d, "Train"), "RetryPolicies", 0).MaxAttempts = 21;
    },
    code: "too-big",
    jsonPath: `${TRAIN}.RetryPolicies[0].MaxAttempts`,
    step: "Train",
    count: 1,
    message: /<=20/,
  },
  {
    name: "unknown retry exception type",
    mutate: (d) => {
      listAt(step(d, "Train"), "RetryPolicies", 1, "ExceptionType")[1] = "SageMaker.TIMEOUT";
    },
    code: "invalid-value",
    jsonPath: `${TRAIN}.RetryPolicies[1].ExceptionType[1]`,
    step: "Train",
    message: /SageMaker\.CAPACITY_ERROR/,
  },
  {
    name: "retry policy with no exception type",
    mutate: (d) => {
      at(step(d, "Train"), "RetryPolicies", 0).ExceptionType = [];
    },
    code: "too-small",
    jsonPath: `${TRAIN}.RetryPolicies[0].ExceptionType`,
    step: "Train",
  },
  {
    name: "CacheConfig on a RegisterModel step",
    mutate: (d) => {
      step(d, "Register").CacheConfig = { Enabled: true, ExpireAfter: "PT1H" };
    },
    code: "cache-not-supported",
    jsonPath: `${REGISTER}.CacheConfig`,
    step: "Register",
    count: 1,
    message: /remove CacheConfig from "Register"/,
  },
  {
    name: "CacheConfig on the Condition step",
    mutate: (d) => {
      step(d, "CheckAccuracy").CacheConfig = { Enabled: true };
    },
    code: "cache-not-supported",
    jsonPath: `${COND}.CacheConfig`,
    step: "CheckAccuracy",
  },
  {
    name: "RetryPolicies on a Lambda step",
    mutate: (d) => {
      step(d, "Deploy").RetryPolicies = [{ ExceptionType: ["Step.THROTTLING"], MaxAttempts: 3 }];
    },
    code: "retry-not-supported",
    jsonPath: `${DEPLOY}.RetryPolicies`,
    step: "Deploy",
    count: 1,
    message: /remove RetryPolicies from "Deploy"/,
  },
  {
    name: "RetryPolicies on a Fail step",
    mutate: (d) => {
      step(d, "AccuracyTooLow").RetryPolicies = [{ ExceptionType: ["Step.SERVICE_FAULT"] }];
    },
    code: "retry-not-supported",
    jsonPath: `${FAIL}.RetryPolicies`,
    step: "AccuracyTooLow",
  },

  // ---------- Processing arguments ----------
  {
    name: "Processing: misspelled key in ProcessingResources",
    mutate: (d) => {
      const resources = at(args(d, "Preprocess"), "ProcessingResources");
      resources.ClusterConfg = resources.ClusterConfig;
      delete resources.ClusterConfig;
    },
    code: "unknown-key",
    jsonPath: `${PRE}.Arguments.ProcessingResources.ClusterConfg`,
    step: "Preprocess",
    message: /Did you mean "ClusterConfig"\?/,
  },
  {
    name: "Processing: more than 10 ProcessingInputs",
    mutate: (d) => {
      const inputs = listAt(args(d, "Preprocess"), "ProcessingInputs");
      for (let i = 3; inputs.length <= 10; i++) inputs.push({ ...obj(clone(inputs[0])), InputName: `input-${i}` });
    },
    code: "too-big",
    jsonPath: `${PRE}.Arguments.ProcessingInputs`,
    step: "Preprocess",
    count: 1,
  },
  {
    name: "Processing: S3Uri without a scheme",
    mutate: (d) => {
      at(args(d, "Preprocess"), "ProcessingInputs", 1, "S3Input").S3Uri = "my-bucket/churn/code/preprocess.py";
    },
    code: "invalid-format",
    jsonPath: `${PRE}.Arguments.ProcessingInputs[1].S3Input.S3Uri`,
    step: "Preprocess",
    count: 1,
  },
  {
    name: "Processing: InstanceCount 0",
    mutate: (d) => {
      at(args(d, "Preprocess"), "ProcessingResources", "ClusterConfig").InstanceCount = 0;
    },
    code: "too-small",
    jsonPath: `${PRE}.Arguments.ProcessingResources.ClusterConfig.InstanceCount`,
    step: "Preprocess",
    count: 1,
    message: />=1/,
  },
  {
    name: "Processing: no ImageUri",
    mutate: (d) => {
      delete at(args(d, "Evaluate"), "AppSpecification").ImageUri;
    },
    code: "missing-key",
    jsonPath: `${EVAL}.Arguments.AppSpecification.ImageUri`,
    step: "Evaluate",
    count: 1,
  },
  {
    name: "Processing: ContainerEntrypoint is a string",
    mutate: (d) => {
      at(args(d, "Evaluate"), "AppSpecification").ContainerEntrypoint = "python3 evaluate.py";
    },
    code: "invalid-type",
    jsonPath: `${EVAL}.Arguments.AppSpecification.ContainerEntrypoint`,
    step: "Evaluate",
  },
  {
    name: "Processing: more than 10 outputs",
    mutate: (d) => {
      const outputs = listAt(args(d, "Preprocess"), "ProcessingOutputConfig", "Outputs");
      for (let i = 0; outputs.length <= 10; i++) outputs.push({ ...obj(clone(outputs[0])), OutputName: `extra-${i}` });
    },
    code: "too-big",
    jsonPath: `${PRE}.Arguments.ProcessingOutputConfig.Outputs`,
    step: "Preprocess",
  },
  {
    name: "Processing: 101 Environment entries",
    mutate: (d) => {
      args(d, "Preprocess").Environment = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`VAR_${i}`, "1"]));
    },
    code: "too-big",
    jsonPath: `${PRE}.Arguments.Environment`,
    step: "Preprocess",
    count: 1,
    message: /at most 100 entries, found 101/,
  },
  {
    name: "Processing: two outputs named train",
    mutate: (d) => {
      const outputs = listAt(args(d, "Preprocess"), "ProcessingOutputConfig", "Outputs");
      outputs.push(clone(outputs[0]));
    },
    code: "duplicate-name",
    jsonPath: `${PRE}.Arguments.ProcessingOutputConfig.Outputs[3].OutputName`,
    step: "Preprocess",
    count: 1,
    message: /OutputName "train" is used twice \(first at \[0\]\): outputs are referenced by name/,
  },
  {
    name: "Processing: two inputs named code",
    mutate: (d) => {
      at(args(d, "Preprocess"), "ProcessingInputs", 0).InputName = "code";
    },
    code: "duplicate-name",
    jsonPath: `${PRE}.Arguments.ProcessingInputs[1].InputName`,
    step: "Preprocess",
    count: 1,
    message: /InputName "code" is used twice/,
  },

  // ---------- Training arguments ----------
  {
    name: "Training: no RoleArn",
    mutate: (d) => {
      delete args(d, "Train").RoleArn;
    },
    code: "missing-key",
    jsonPath: `${TRAIN}.Arguments.RoleArn`,
    step: "Train",
    count: 1,
    message: /RoleArn is required/,
  },
  {
    name: "Training: HyperParameters value longer than 2500",
    mutate: (d) => {
      at(args(d, "Train"), "HyperParameters").eta = "0.".padEnd(2501, "1");
    },
    code: "too-big",
    jsonPath: `${TRAIN}.Arguments.HyperParameters.eta`,
    step: "Train",
    count: 1,
    message: /2500/,
  },
  {
    name: "Training: VolumeSizeInGB as a string",
    mutate: (d) => {
      at(args(d, "Train"), "ResourceConfig").VolumeSizeInGB = "30";
    },
    code: "invalid-type",
    jsonPath: `${TRAIN}.Arguments.ResourceConfig.VolumeSizeInGB`,
    step: "Train",
    count: 1,
  },
  {
    name: "Training: misspelled ChannelName",
    mutate: (d) => {
      const channel = at(args(d, "Train"), "InputDataConfig", 1);
      channel.Channelname = channel.ChannelName;
      delete channel.ChannelName;
    },
    code: "unknown-key",
    jsonPath: `${TRAIN}.Arguments.InputDataConfig[1].Channelname`,
    step: "Train",
  },
  {
    name: "Training: misspelled top-level argument",
    mutate: (d) => {
      args(d, "Train").HyperParameter = { eta: "0.3" };
    },
    code: "unknown-key",
    jsonPath: `${TRAIN}.Arguments.HyperParameter`,
    step: "Train",
    count: 1,
  },
  {
    name: "Training: MaxRuntimeInSeconds 0",
    mutate: (d) => {
      at(args(d, "Train"), "StoppingCondition").MaxRuntimeInSeconds = 0;
    },
    code: "too-small",
    jsonPath: `${TRAIN}.Arguments.StoppingCondition.MaxRuntimeInSeconds`,
    step: "Train",
  },
  {
    name: "Training: no input channel",
    mutate: (d) => {
      args(d, "Train").InputDataConfig = [];
    },
    code: "too-small",
    jsonPath: `${TRAIN}.Arguments.InputDataConfig`,
    step: "Train",
  },
  {
    name: "Training: no OutputDataConfig",
    mutate: (d) => {
      delete args(d, "Train").OutputDataConfig;
    },
    code: "missing-key",
    jsonPath: `${TRAIN}.Arguments.OutputDataConfig`,
    step: "Train",
  },
  {
    name: "Training: S3OutputPath without a scheme",
    mutate: (d) => {
      at(args(d, "Train"), "OutputDataConfig").S3OutputPath = "my-bucket/churn/models";
    },
    code: "invalid-format",
    jsonPath: `${TRAIN}.Arguments.OutputDataConfig.S3OutputPath`,
    step: "Train",
  },
  {
    name: "Training: a number as a HyperParameters value",
    mutate: (d) => {
      at(args(d, "Train"), "HyperParameters").num_round = 50;
    },
    code: "invalid-type",
    jsonPath: `${TRAIN}.Arguments.HyperParameters.num_round`,
    step: "Train",
    count: 1,
    message: /expected a string or an expression, received number/,
  },
  {
    name: "Training: fractional VolumeSizeInGB",
    mutate: (d) => {
      at(args(d, "Train"), "ResourceConfig").VolumeSizeInGB = 30.5;
    },
    code: "invalid-type",
    jsonPath: `${TRAIN}.Arguments.ResourceConfig.VolumeSizeInGB`,
    step: "Train",
    count: 1,
    message: /expected an integer or an expression/,
  },
  {
    name: "Training: 101 HyperParameters",
    mutate: (d) => {
      const hyperParameters = at(args(d, "Train"), "HyperParameters");
      for (let i = 0; Object.keys(hyperParameters).length <= 100; i++) hyperParameters[`extra_${i}`] = "1";
    },
    code: "too-big",
    jsonPath: `${TRAIN}.Arguments.HyperParameters`,
    step: "Train",
    count: 1,
    message: /at most 100 entries, found 101/,
  },
  {
    name: "Training: HyperParameters key longer than 256",
    mutate: (d) => {
      at(args(d, "Train"), "HyperParameters")["k".repeat(257)] = "1";
    },
    code: "too-big",
    jsonPath: `${TRAIN}.Arguments.HyperParameters.${"k".repeat(257)}`,
    step: "Train",
    count: 1,
    message: /<=256 characters/,
  },
  {
    name: "Training: ProfilingIntervalInMilliseconds outside its values",
    mutate: (d) => {
      at(args(d, "Train"), "ProfilerConfig").ProfilingIntervalInMilliseconds = 300;
    },
    code: "invalid-value",
    jsonPath: `${TRAIN}.Arguments.ProfilerConfig.ProfilingIntervalInMilliseconds`,
    step: "Train",
    count: 1,
    message: /must be one of 100, 200, 500, 1000, 5000, 60000/,
  },
  {
    name: "Training: two channels named train",
    mutate: (d) => {
      at(args(d, "Train"), "InputDataConfig", 1).ChannelName = "train";
    },
    code: "duplicate-name",
    jsonPath: `${TRAIN}.Arguments.InputDataConfig[1].ChannelName`,
    step: "Train",
    count: 1,
    message: /ChannelName "train" is used twice/,
  },
  {
    name: "Training: TrainingImage and AlgorithmName",
    mutate: (d) => {
      at(args(d, "Train"), "AlgorithmSpecification").AlgorithmName = "my-algorithm";
    },
    code: "conflicting-members",
    jsonPath: `${TRAIN}.Arguments.AlgorithmSpecification`,
    step: "Train",
    count: 1,
    message: /exactly one of TrainingImage .* and AlgorithmName/,
  },

  // ---------- RegisterModel, Lambda, Fail, Condition arguments ----------
  {
    name: "RegisterModel: metrics source without ContentType",
    mutate: (d) => {
      delete at(args(d, "Register"), "ModelMetrics", "ModelQuality", "Statistics").ContentType;
    },
    code: "missing-key",
    jsonPath: `${REGISTER}.Arguments.ModelMetrics.ModelQuality.Statistics.ContentType`,
    step: "Register",
    count: 1,
  },
  {
    name: "RegisterModel: misspelled ModelDataUrl",
    mutate: (d) => {
      const container = at(args(d, "Register"), "InferenceSpecification", "Containers", 0);
      container.ModelDataURL = container.ModelDataUrl;
      delete container.ModelDataUrl;
    },
    code: "unknown-key",
    jsonPath: `${REGISTER}.Arguments.InferenceSpecification.Containers[0].ModelDataURL`,
    step: "Register",
    count: 1,
  },
  {
    name: "RegisterModel: metrics S3Uri without a scheme",
    mutate: (d) => {
      at(args(d, "Register"), "ModelMetrics", "ModelQuality", "Statistics").S3Uri = "my-bucket/evaluation.json";
    },
    code: "invalid-format",
    jsonPath: `${REGISTER}.Arguments.ModelMetrics.ModelQuality.Statistics.S3Uri`,
    step: "Register",
    count: 1,
    message: /s3:\/\/ or https:\/\//,
  },
  {
    name: "RegisterModel: no inference container",
    mutate: (d) => {
      at(args(d, "Register"), "InferenceSpecification").Containers = [];
    },
    code: "too-small",
    jsonPath: `${REGISTER}.Arguments.InferenceSpecification.Containers`,
    step: "Register",
  },
  {
    name: "RegisterModel: ModelApprovalStatus outside its enum",
    mutate: (d) => {
      args(d, "Register").ModelApprovalStatus = "Approve";
    },
    code: "invalid-value",
    jsonPath: `${REGISTER}.Arguments.ModelApprovalStatus`,
    step: "Register",
    count: 1,
    message: /"Approved"\|"Rejected"\|"PendingManualApproval"/,
  },
  {
    name: "RegisterModel: CertifyForMarketplace",
    mutate: (d) => {
      args(d, "Register").CertifyForMarketplace = false;
    },
    code: "not-supported-in-pipelines",
    jsonPath: `${REGISTER}.Arguments.CertifyForMarketplace`,
    step: "Register",
    count: 1,
    message: /not accepted by SageMaker Pipelines.*remove it/,
  },
  {
    name: "Lambda: no FunctionArn",
    mutate: (d) => {
      delete step(d, "Deploy").FunctionArn;
    },
    code: "missing-key",
    jsonPath: `${DEPLOY}.FunctionArn`,
    step: "Deploy",
    count: 1,
  },
  {
    name: "Lambda: unknown OutputType",
    mutate: (d) => {
      at(step(d, "Deploy"), "OutputParameters", 1).OutputType = "Int";
    },
    code: "invalid-value",
    jsonPath: `${DEPLOY}.OutputParameters[1].OutputType`,
    step: "Deploy",
  },
  {
    name: "Fail: ErrorMessage is a number",
    mutate: (d) => {
      args(d, "AccuracyTooLow").ErrorMessage = 42;
    },
    code: "invalid-type",
    jsonPath: `${FAIL}.Arguments.ErrorMessage`,
    step: "AccuracyTooLow",
    count: 1,
  },
  {
    name: "Condition: no conditions",
    mutate: (d) => {
      args(d, "CheckAccuracy").Conditions = [];
    },
    code: "too-small",
    jsonPath: `${COND}.Arguments.Conditions`,
    step: "CheckAccuracy",
    count: 1,
  },
  {
    name: "Condition: NotEquals (not a condition type)",
    mutate: (d) => {
      at(conditions(d), 0).Type = "NotEquals";
    },
    code: "invalid-value",
    jsonPath: `${COND}.Arguments.Conditions[0].Type`,
    step: "CheckAccuracy",
  },
  {
    name: "Condition: comparison without RightValue",
    mutate: (d) => {
      delete at(conditions(d), 0).RightValue;
    },
    code: "missing-key",
    jsonPath: `${COND}.Arguments.Conditions[0].RightValue`,
    step: "CheckAccuracy",
  },
  {
    name: "Condition: more than 20 IfSteps",
    mutate: (d) => {
      const steps = ifSteps(d);
      for (let i = 0; steps.length <= 20; i++) steps.push(fail(`Extra${i}`));
    },
    code: "too-big",
    jsonPath: `${COND}.Arguments.IfSteps`,
    step: "CheckAccuracy",
  },
  {
    name: "malformed Get root",
    mutate: (d) => {
      at(args(d, "Preprocess"), "ProcessingInputs", 0, "S3Input").S3Uri = { Get: "Parameter.InputData" };
    },
    code: "invalid-format",
    jsonPath: `${PRE}.Arguments.ProcessingInputs[0].S3Input.S3Uri.Get`,
    step: "Preprocess",
    count: 1,
    message: /Parameters\.<name>/,
  },

  // ---------- names and placement ----------
  {
    name: "two top-level steps named Train",
    mutate: (d) => {
      listAt(d, "Steps").push(fail("Train"));
    },
    code: "duplicate-step-name",
    jsonPath: "$.Steps[4].Name",
    step: "Train",
    count: 1,
    message: /already used at \$\.Steps\[1\].*rename one of them/,
  },
  {
    name: "two steps named Deploy in IfSteps",
    mutate: (d) => {
      ifSteps(d).push({ ...fail("Deploy"), Arguments: { ErrorMessage: "deploy failed" } });
    },
    code: "duplicate-step-name",
    jsonPath: `${COND}.Arguments.IfSteps[2].Name`,
    step: "Deploy",
  },
  {
    name: "a branch step named like a top-level step",
    mutate: (d) => {
      step(d, "AccuracyTooLow").Name = "Evaluate";
    },
    code: "duplicate-step-name",
    jsonPath: `${FAIL}.Name`,
    step: "Evaluate",
  },
  {
    name: "the same step in IfSteps and ElseSteps",
    mutate: (d) => {
      elseSteps(d).push(clone(step(d, "Deploy")));
    },
    code: "step-in-both-branches",
    jsonPath: `${COND}.Arguments.ElseSteps[1]`,
    step: "Deploy",
    count: 1,
    message: /both IfSteps and ElseSteps of "CheckAccuracy"/,
  },
  {
    name: "a branch step also listed at the top level",
    mutate: (d) => {
      listAt(d, "Steps").push(clone(step(d, "Register")));
    },
    code: "step-in-branch-and-top-level",
    jsonPath: "$.Steps[4]",
    step: "Register",
    count: 1,
    message: /remove it from the top-level Steps/,
  },
  {
    name: "a Condition step nested in ElseSteps",
    mutate: (d) => {
      elseSteps(d).push({
        Name: "CheckAgain",
        Type: "Condition",
        Arguments: { Conditions: [{ Type: "Equals", LeftValue: 1, RightValue: 1 }], IfSteps: [], ElseSteps: [] },
      });
    },
    code: "nested-condition-step",
    jsonPath: `${COND}.Arguments.ElseSteps[1]`,
    step: "CheckAgain",
    count: 1,
    message: /combine the conditions/,
  },

  // ---------- references ----------
  {
    name: "misspelled parameter",
    mutate: (d) => {
      at(args(d, "Train"), "ResourceConfig").InstanceCount = { Get: "Parameters.TrainingInstanceCnt" };
    },
    code: "unknown-parameter",
    jsonPath: `${TRAIN}.Arguments.ResourceConfig.InstanceCount.Get`,
    step: "Train",
    count: 1,
    message: /Did you mean "TrainingInstanceCount"\?/,
  },
  {
    name: "undeclared parameter in a condition",
    mutate: (d) => {
      at(conditions(d), 0).RightValue = { Get: "Parameters.MinAccuracy" };
    },
    code: "unknown-parameter",
    jsonPath: `${COND}.Arguments.Conditions[0].RightValue.Get`,
    step: "CheckAccuracy",
  },
  {
    name: "undeclared parameter in a branch step",
    mutate: (d) => {
      args(d, "Register").ModelApprovalStatus = { Get: "Parameters.ApprovalStatus" };
    },
    code: "unknown-parameter",
    jsonPath: `${REGISTER}.Arguments.ModelApprovalStatus.Get`,
    step: "Register",
  },
  {
    name: "misspelled step in a data reference",
    mutate: (d) => {
      at(args(d, "Train"), "InputDataConfig", 0, "DataSource", "S3DataSource").S3Uri = {
        Get: "Steps.Preproces.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri",
      };
    },
    code: "unknown-step",
    jsonPath: `${TRAIN}.Arguments.InputDataConfig[0].DataSource.S3DataSource.S3Uri.Get`,
    step: "Train",
    count: 1,
    message: /Did you mean "Preprocess"\?/,
  },
  {
    name: "misspelled property of a Training step",
    mutate: (d) => {
      at(args(d, "Evaluate"), "ProcessingInputs", 0, "S3Input").S3Uri = { Get: "Steps.Train.ModelArtifacts.S3ModelArtifact" };
    },
    code: "unknown-property",
    jsonPath: `${EVAL}.Arguments.ProcessingInputs[0].S3Input.S3Uri.Get`,
    step: "Evaluate",
    count: 1,
    message: /Expected one of: S3ModelArtifacts/,
  },
  {
    name: "property of a Processing step that a Training step has",
    mutate: (d) => {
      at(args(d, "Register"), "InferenceSpecification", "Containers", 0).ModelDataUrl = {
        Get: "Steps.Evaluate.ModelArtifacts.S3ModelArtifacts",
      };
    },
    code: "unknown-property",
    jsonPath: `${REGISTER}.Arguments.InferenceSpecification.Containers[0].ModelDataUrl.Get`,
    step: "Register",
  },
  {
    name: "Get of a whole step",
    mutate: (d) => {
      at(args(d, "Register"), "InferenceSpecification", "Containers", 0).ModelDataUrl = { Get: "Steps.Train" };
    },
    code: "unknown-property",
    jsonPath: `${REGISTER}.Arguments.InferenceSpecification.Containers[0].ModelDataUrl.Get`,
    step: "Register",
    count: 1,
    message: /names the whole step: reference one of its properties/,
  },
  {
    name: "misspelled processing output name in a property path",
    mutate: (d) => {
      const join = at(args(d, "Register"), "ModelMetrics", "ModelQuality", "Statistics", "S3Uri", "Std:Join");
      listAt(join, "Values")[0] = { Get: "Steps.Evaluate.ProcessingOutputConfig.Outputs['evaluaton'].S3Output.S3Uri" };
    },
    code: "unknown-property",
    jsonPath: `${REGISTER}.Arguments.ModelMetrics.ModelQuality.Statistics.S3Uri['Std:Join'].Values[0].Get`,
    step: "Register",
    count: 1,
    message: /has no output "evaluaton".*Did you mean "evaluation"\?/,
  },
  {
    name: "misspelled parameter in PipelineExperimentConfig",
    mutate: (d) => {
      at(d, "PipelineExperimentConfig").TrialName = { Get: "Parameters.TrialNme" };
    },
    code: "unknown-parameter",
    jsonPath: "$.PipelineExperimentConfig.TrialName.Get",
    count: 1,
    message: /"TrialNme" is not declared/,
  },
  {
    name: "property file read with Get instead of Std:JsonGet",
    mutate: (d) => {
      args(d, "Deploy").report = { Get: "Steps.Evaluate.PropertyFiles.EvaluationReport" };
    },
    code: "unknown-property",
    jsonPath: `${DEPLOY}.Arguments.report.Get`,
    step: "Deploy",
    message: /read with Std:JsonGet, not Get/,
  },
  {
    name: "misspelled Lambda output parameter",
    mutate: (d) => {
      listAt(args(d, "AccuracyTooLow"), "ErrorMessage", "Std:Join", "Values").push({
        Get: "Steps.Deploy.OutputParameters['EndpointNme']",
      });
    },
    code: "unknown-output-parameter",
    jsonPath: `${FAIL}.Arguments.ErrorMessage['Std:Join'].Values[2].Get`,
    step: "AccuracyTooLow",
    count: 1,
    message: /Did you mean "EndpointName"\?/,
  },
  {
    name: "misspelled property file",
    mutate: (d) => {
      at(conditions(d), 0).LeftValue = jsonGet("EvaluationReprt", "binary_classification_metrics.accuracy.value");
    },
    code: "unknown-property-file",
    jsonPath: `${COND}.Arguments.Conditions[0].LeftValue['Std:JsonGet'].PropertyFile.Get`,
    step: "CheckAccuracy",
    count: 1,
    message: /it declares "EvaluationReport"/,
  },
  {
    name: "property file of a step that declares none",
    mutate: (d) => {
      at(conditions(d), 0).LeftValue = jsonGet("EvaluationReport", "accuracy", "Preprocess");
    },
    code: "unknown-property-file",
    jsonPath: `${COND}.Arguments.Conditions[0].LeftValue['Std:JsonGet'].PropertyFile.Get`,
    step: "CheckAccuracy",
    message: /"Preprocess" declares no property files/,
  },
  {
    name: "reference to a property of the Fail step",
    mutate: (d) => {
      args(d, "Deploy").reason = { Get: "Steps.AccuracyTooLow.ErrorMessage" };
    },
    code: "reference-to-fail-step",
    jsonPath: `${DEPLOY}.Arguments.reason.Get`,
    step: "Deploy",
    count: 1,
    message: /has no properties to reference: remove the reference/,
  },
  {
    name: "experiment config referenced but disabled",
    mutate: (d) => {
      d.PipelineExperimentConfig = null;
      args(d, "Deploy").experiment = { Get: "PipelineExperimentConfig.ExperimentName" };
    },
    code: "experiment-config-disabled",
    jsonPath: `${DEPLOY}.Arguments.experiment.Get`,
    step: "Deploy",
    count: 1,
    message: /enable the experiment config/,
  },
  {
    name: "property file OutputName that is no output",
    mutate: (d) => {
      at(step(d, "Evaluate"), "PropertyFiles", 0).OutputName = "evaluations";
    },
    code: "property-file-output-mismatch",
    jsonPath: `${EVAL}.PropertyFiles[0].OutputName`,
    step: "Evaluate",
    count: 1,
    message: /its outputs are "evaluation"/,
  },
  {
    name: "property file declared twice",
    mutate: (d) => {
      const files = listAt(step(d, "Evaluate"), "PropertyFiles");
      files.push({ ...obj(clone(files[0])), FilePath: "metrics.json" });
    },
    code: "duplicate-property-file",
    jsonPath: `${EVAL}.PropertyFiles[1].PropertyFileName`,
    step: "Evaluate",
    count: 1,
    message: /declared twice on "Evaluate"/,
  },
  {
    name: "misspelled key in a property file",
    mutate: (d) => {
      const file = at(step(d, "Evaluate"), "PropertyFiles", 0);
      file.Filepath = file.FilePath;
      delete file.FilePath;
    },
    code: "unknown-key",
    jsonPath: `${EVAL}.PropertyFiles[0].Filepath`,
    step: "Evaluate",
  },

  // ---------- ordering ----------
  {
    name: "DependsOn a misspelled step",
    mutate: (d) => {
      step(d, "Train").DependsOn = ["Preproces"];
    },
    code: "unknown-dependency",
    jsonPath: `${TRAIN}.DependsOn[0]`,
    step: "Train",
    count: 1,
    message: /Did you mean "Preprocess"\?/,
  },
  {
    name: "DependsOn the Fail step",
    mutate: (d) => {
      step(d, "Deploy").DependsOn = ["Register", "AccuracyTooLow"];
    },
    code: "depends-on-fail-step",
    jsonPath: `${DEPLOY}.DependsOn[1]`,
    step: "Deploy",
    count: 1,
    message: /remove it from DependsOn/,
  },
  {
    name: "cycle through data references",
    mutate: (d) => {
      at(args(d, "Preprocess"), "ProcessingInputs", 0, "S3Input").S3Uri = {
        Get: "Steps.Evaluate.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri",
      };
    },
    code: "cycle",
    jsonPath: PRE,
    step: "Preprocess",
    message: /Preprocess.*→.*Evaluate.*Remove one of the data references or DependsOn entries/,
  },
  {
    name: "cycle through DependsOn",
    mutate: (d) => {
      step(d, "Preprocess").DependsOn = ["Train"];
    },
    code: "cycle",
    jsonPath: PRE,
    step: "Preprocess",
    count: 1,
    message: /Preprocess → Train → Preprocess|Preprocess → Preprocess/,
  },
  {
    name: "cycle mixing DependsOn and data references",
    mutate: (d) => {
      step(d, "Preprocess").DependsOn = ["Evaluate"];
    },
    code: "cycle",
    jsonPath: PRE,
    step: "Preprocess",
  },
  {
    name: "step that depends on itself",
    mutate: (d) => {
      step(d, "Train").DependsOn = ["Train"];
    },
    code: "cycle",
    jsonPath: TRAIN,
    step: "Train",
    count: 1,
    message: /Train → Train/,
  },
  {
    name: "condition that reads a step of its own branch",
    mutate: (d) => {
      conditions(d).push({ Type: "Equals", LeftValue: { Get: "Steps.Register.ModelApprovalStatus" }, RightValue: "Approved" });
    },
    code: "cycle",
    jsonPath: COND,
    step: "CheckAccuracy",
    count: 1,
  },

  // ---------- types ----------
  {
    name: "Integer parameter as a HyperParameters value",
    mutate: (d) => {
      at(args(d, "Train"), "HyperParameters").num_round = { Get: "Parameters.TrainingInstanceCount" };
    },
    code: "parameter-type-mismatch",
    jsonPath: `${TRAIN}.Arguments.HyperParameters.num_round`,
    step: "Train",
    count: 1,
    message: /\{"Std:Join": \{"On": "", "Values": \[\{"Get": "Parameters\.TrainingInstanceCount"\}\]\}\}/,
  },
  {
    name: "String parameter as InstanceCount",
    mutate: (d) => {
      at(args(d, "Train"), "ResourceConfig").InstanceCount = { Get: "Parameters.ProcessingInstanceType" };
    },
    code: "parameter-type-mismatch",
    jsonPath: `${TRAIN}.Arguments.ResourceConfig.InstanceCount`,
    step: "Train",
    count: 1,
    message: /is a string but this field takes an integer/,
  },
  {
    name: "Float parameter as an integer field",
    mutate: (d) => {
      at(args(d, "Evaluate"), "ProcessingResources", "ClusterConfig").VolumeSizeInGB = { Get: "Parameters.AccuracyThreshold" };
    },
    code: "parameter-type-mismatch",
    jsonPath: `${EVAL}.Arguments.ProcessingResources.ClusterConfig.VolumeSizeInGB`,
    step: "Evaluate",
  },
  {
    name: "Training property of the wrong type in a string field",
    mutate: (d) => {
      at(args(d, "Register"), "InferenceSpecification", "Containers", 0).ModelDataUrl = {
        Get: "Steps.Train.ResourceConfig.InstanceCount",
      };
    },
    code: "parameter-type-mismatch",
    jsonPath: `${REGISTER}.Arguments.InferenceSpecification.Containers[0].ModelDataUrl`,
    step: "Register",
  },
  {
    name: "condition comparing a String parameter with a number",
    mutate: (d) => {
      conditions(d).push({ Type: "GreaterThan", LeftValue: { Get: "Parameters.InputData" }, RightValue: 5 });
    },
    code: "condition-type-mismatch",
    jsonPath: `${COND}.Arguments.Conditions[1]`,
    step: "CheckAccuracy",
    count: 1,
    message: /compares a string with an integer.*compare values of the same type/,
  },
  {
    name: "In with values of mixed kinds",
    mutate: (d) => {
      conditions(d).push({ Type: "In", QueryValue: { Get: "Parameters.ModelApprovalStatus" }, Values: ["Approved", 1] });
    },
    code: "condition-type-mismatch",
    jsonPath: `${COND}.Arguments.Conditions[1].Values[1]`,
    step: "CheckAccuracy",
    count: 1,
  },
  {
    name: "mismatch inside Not",
    mutate: (d) => {
      conditions(d).push({
        Type: "Not",
        Condition: { Type: "Equals", LeftValue: { Get: "Parameters.TrainingInstanceCount" }, RightValue: "1" },
      });
    },
    code: "condition-type-mismatch",
    jsonPath: `${COND}.Arguments.Conditions[1].Condition`,
    step: "CheckAccuracy",
  },
  {
    name: "mismatch inside Or",
    mutate: (d) => {
      conditions(d).push({
        Type: "Or",
        Conditions: [
          { Type: "Equals", LeftValue: { Get: "Parameters.ModelApprovalStatus" }, RightValue: "Approved" },
          { Type: "LessThan", LeftValue: { Get: "Parameters.AccuracyThreshold" }, RightValue: "0.5" },
        ],
      });
    },
    code: "condition-type-mismatch",
    jsonPath: `${COND}.Arguments.Conditions[1].Conditions[1]`,
    step: "CheckAccuracy",
  },

  // ---------- quotas ----------
  // (toFiftyOneSteps: the fixture's 7 steps and 44 Fail steps)
  {
    name: "51 steps",
    mutate: toFiftyOneSteps,
    code: "too-many-steps",
    jsonPath: "$.Steps",
    count: 1,
    message: /51 steps; the limit is 50.*raise quotas\.maxSteps/,
  },
  {
    name: "51 steps with quotas.maxSteps undefined (plain JavaScript): the default holds",
    mutate: toFiftyOneSteps,
    options: { quotas: { maxSteps: undefined } as unknown as Partial<Quotas> },
    code: "too-many-steps",
    jsonPath: "$.Steps",
    count: 1,
    message: /51 steps; the limit is 50/,
  },
  {
    name: "51 steps with quotas null (plain JavaScript): the defaults hold",
    mutate: toFiftyOneSteps,
    options: { quotas: null as unknown as Partial<Quotas> },
    code: "too-many-steps",
    jsonPath: "$.Steps",
    count: 1,
  },
  {
    name: "7 steps with quotas.maxSteps 6",
    mutate: () => {},
    options: { quotas: { maxSteps: 6 } },
    code: "too-many-steps",
    jsonPath: "$.Steps",
    count: 1,
  },
  {
    name: "201 parameters",
    mutate: (d) => {
      const parameters = listAt(d, "Parameters");
      for (let i = 0; parameters.length <= 200; i++) parameters.push({ Name: `Extra${i}`, Type: "String" });
    },
    code: "too-many-parameters",
    jsonPath: "$.Parameters",
    count: 1,
    message: /201 parameters; the limit is 200/,
  },
  {
    name: "11 property files over two steps",
    mutate: (d) => {
      const files = listAt(step(d, "Evaluate"), "PropertyFiles");
      for (let i = 0; i < 5; i++) {
        files.push({ PropertyFileName: `Report${i}`, OutputName: "evaluation", FilePath: `report-${i}.json` });
      }
      step(d, "Preprocess").PropertyFiles = Array.from({ length: 5 }, (_, i) => ({
        PropertyFileName: `Stats${i}`,
        OutputName: "train",
        FilePath: `stats-${i}.json`,
      }));
    },
    code: "too-many-property-files",
    jsonPath: "$.Steps",
    count: 1,
    message: /Put several values in one JSON file/,
  },
  {
    name: "two Std:JsonGet with quotas.maxJsonGet 1",
    mutate: (d) => {
      conditions(d).push({
        Type: "LessThanOrEqualTo",
        LeftValue: jsonGet("EvaluationReport", "binary_classification_metrics.auc.value"),
        RightValue: 1,
      });
    },
    options: { quotas: { maxJsonGet: 1 } },
    code: "too-many-json-get",
    jsonPath: "$.Steps",
    count: 1,
    message: /2 times; the limit is 1/,
  },
  {
    name: "definition longer than quotas.maxDefinitionLength",
    mutate: (d) => {
      step(d, "Train").Description = "Trains the churn model. ".repeat(10);
    },
    options: { quotas: { maxDefinitionLength: baseLength + 100 } },
    code: "definition-too-large",
    jsonPath: "$",
    count: 1,
    message: /the limit for CreatePipeline/,
  },
];

function run(c: Case) {
  const d = clone(base);
  c.mutate(d);
  return safeValidateDefinition(d, c.options);
}

describe("broken-definition corpus", () => {
  it("the churn pipeline validates with zero issues in strict mode", () => {
    const result = safeValidateDefinition(clone(base));
    expect(formatIssues(result.issues)).toBe("");
    expect(result.success).toBe(true);
  });

  it("has at least 70 cases, each one defect", () => {
    expect(cases.length).toBeGreaterThanOrEqual(70);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it("covers every issue code but the generic fallback", () => {
    const covered = new Set(cases.map((c) => c.code));
    expect(ISSUE_CODES.filter((code) => code !== "schema" && !covered.has(code))).toEqual([]);
  });

  it("checks the message of at least one case per code", () => {
    const withMessage = new Set(cases.filter((c) => c.message !== undefined).map((c) => c.code));
    expect(ISSUE_CODES.filter((code) => code !== "schema" && !withMessage.has(code))).toEqual([]);
  });

  it.each(cases)("[$code] $name", (c) => {
    const result = run(c);
    expect(result.success).toBe(false);
    expect(result.issues, formatIssues(result.issues)).toContainEqual(
      expect.objectContaining({ code: c.code, jsonPath: c.jsonPath, ...(c.step === undefined ? {} : { step: c.step }) }),
    );
    if (c.count !== undefined) expect(result.issues, formatIssues(result.issues)).toHaveLength(c.count);
    if (c.message !== undefined) {
      const issue = result.issues.find((i) => i.code === c.code && i.jsonPath === c.jsonPath);
      expect(issue?.message).toMatch(c.message);
    }
  });

  it.each([{ value: null }, { value: [] }, { value: "churn" }, { value: 42 }, { value: { Name: "churn" } }])(
    "reports not-a-definition for $value",
    ({ value }) => {
      const result = safeValidateDefinition(value);
      expect(result.issues).toEqual([expect.objectContaining({ code: "not-a-definition", jsonPath: "$" })]);
    },
  );

  it("leaves the base definition untouched", () => {
    for (const c of cases) run(c);
    expect(base).toEqual(readBase());
  });
});

describe('arguments: "loose"', () => {
  const loose: ValidateOptions = { arguments: "loose" };

  it("accepts the churn pipeline", () => {
    expect(safeValidateDefinition(clone(base), loose).issues).toEqual([]);
  });

  it("accepts an unknown key in Training Arguments that strict mode rejects", () => {
    const d = clone(base);
    args(d, "Train").FutureFeatureConfig = { Enabled: true };
    expect(safeValidateDefinition(d).issues).toContainEqual(
      expect.objectContaining({ code: "unknown-key", jsonPath: `${TRAIN}.Arguments.FutureFeatureConfig` }),
    );
    const result = safeValidateDefinition(d, loose);
    expect(result.issues).toEqual([]);
    expect(result.success).toBe(true);
  });

  it("still reports a reference to an unknown parameter inside Arguments", () => {
    const d = clone(base);
    args(d, "Train").FutureFeatureConfig = { Enabled: true };
    at(args(d, "Train"), "ResourceConfig").InstanceCount = { Get: "Parameters.TrainingInstanceCnt" };
    const result = safeValidateDefinition(d, loose);
    expect(result.success).toBe(false);
    expect(result.issues, formatIssues(result.issues)).toEqual([
      expect.objectContaining({
        code: "unknown-parameter",
        jsonPath: `${TRAIN}.Arguments.ResourceConfig.InstanceCount.Get`,
        step: "Train",
      }),
    ]);
  });

  it("still reports a parameter of the wrong type in a known Arguments field", () => {
    const d = clone(base);
    args(d, "Train").FutureFeatureConfig = {};
    at(args(d, "Train"), "ResourceConfig").InstanceCount = { Get: "Parameters.ProcessingInstanceType" };
    expect(safeValidateDefinition(d, loose).issues).toEqual([
      expect.objectContaining({ code: "parameter-type-mismatch", jsonPath: `${TRAIN}.Arguments.ResourceConfig.InstanceCount` }),
    ]);
  });

  it("still reports defects outside Arguments", () => {
    const d = clone(base);
    args(d, "Train").FutureFeatureConfig = {};
    step(d, "Train").DependsOn = ["Preproces"];
    at(step(d, "Train"), "CacheConfig").ExpireAfter = "30d";
    const codes = safeValidateDefinition(d, loose).issues.map((i) => i.code);
    expect(codes.sort()).toEqual(["invalid-duration", "unknown-dependency"]);
  });
});
