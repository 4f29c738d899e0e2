/**
 * The corpus of user mistakes that TypeScript reports (issue 12): each `// @ts-expect-error <text>`
 * is a mistake a user makes, and `<text>` is what the compiler's message must say about it.
 * `tsc` (and vitest's type check) proves each line is an error; `test/mistakes/messages.test.ts`
 * type-checks this file without the directives and proves each message says `<text>`.
 *
 * A mistake's statement stays on the line after its directive, so the error is reported there.
 */
import { it } from "vitest";
import { z } from "zod";
import {
  autoMLStep,
  callbackStep,
  compare,
  clarifyCheckStep,
  deployStep,
  emrServerlessStep,
  emrStep,
  endpointConfigStep,
  endpointStep,
  failStep,
  frameworkModelStep,
  frameworkProcessingStep,
  frameworkTrainingStep,
  inferenceComponentStep,
  lambdaStep,
  lineageStep,
  modelStep,
  pipeline,
  processingStep,
  qualityCheckStep,
  rawStep,
  registerFrameworkModelStep,
  registerModelStep,
  trainingStep,
  transformStep,
  start,
  tuningStep,
  type PipelineValue,
} from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/job:1";
const job = { image, role, instanceType: "ml.m5.xlarge" } as const;
const functionArn = "arn:aws:lambda:us-east-1:111111111111:function:notify";
const queueUrl = "https://sqs.us-east-1.amazonaws.com/111111111111/approvals";
declare const text: PipelineValue<string>;

const base = pipeline("Mistakes")
  .assets({ bucket: "my-bucket" })
  .param("Input", "String", { default: "s3://my-bucket/in/" })
  .process("Prepare", { ...job, outputs: { train: "/opt/ml/processing/train" } })
  .train("Train", { ...job, metrics: { accuracy: "acc=(.*)" } });

it("misspelled options of the fluent methods, object form", () => {
  // @ts-expect-error unknown option 'instanceCout': did you mean 'instanceCount'?
  base.process("A", { ...job, instanceCout: 2 });
  // @ts-expect-error unknown option 'outputpath': did you mean 'outputPath'?
  base.train("T", { ...job, outputpath: "s3://my-bucket/models" });
  // @ts-expect-error unknown option 'hyperParameters': did you mean 'hyperparameters'?
  base.train("T", { ...job, hyperParameters: { max_depth: 5 } });
  // @ts-expect-error unknown option 'maxRuntime'
  base.evaluate("E", { ...job, maxRuntime: 3600 });
  // @ts-expect-error unknown option 'maxJob': did you mean 'maxJobs'?
  base.tune("Tune", { training: job, objective: { metric: "auc" }, ranges: { eta: { continuous: [0.1, 0.5] } }, maxJob: 4 });
  // @ts-expect-error unknown option 'modelDataUrl': did you mean 'modelData'?
  base.model("M", { image, role, modelDataUrl: "s3://my-bucket/model.tar.gz" });
  // @ts-expect-error 'modelPackageGroupName' does not exist in type
  base.register("R", { modelPackageGroupName: "churn", image });
  // @ts-expect-error unknown option 'instanceTyp': did you mean 'instanceType'?
  base.transform("S", { modelName: "m", input: "s3://my-bucket/batch/", instanceType: "ml.m5.xlarge", instanceTyp: "x" });
  // @ts-expect-error unknown option 'baselineDatset': did you mean 'baselineDataset'?
  base.qualityCheck("Q", { ...job, checkType: "DATA_QUALITY", baselineDataset: "s3://b/d", baselineDatset: "s3://b/d" });
  // @ts-expect-error unknown option 'analysisConfg': did you mean 'analysisConfig'?
  base.clarifyCheck("C", { ...job, checkType: "DATA_BIAS", dataset: "s3://b/d", analysisConfig: "s3://b/a.json", analysisConfg: "x" });
  // @ts-expect-error unknown option 'arguments'
  base.emr("Emr", { clusterId: "j-1", jar: "command-runner.jar", arguments: ["spark-submit"] });
  // @ts-expect-error unknown option 'executionRole'
  base.emrServerless("Es", { applicationId: "app", executionRoleArn: role, executionRole: role, sparkSubmit: { entryPoint: "s3://b/job.py" } });
  // @ts-expect-error unknown option 'targetAttributeName'
  base.autoML("Auto", { role, trainingData: "s3://b/train/", targetAttribute: "y", targetAttributeName: "y" });
  // @ts-expect-error unknown option 'functionARN': did you mean 'functionArn'?
  base.lambda("L", { functionArn, functionARN: functionArn });
  // @ts-expect-error unknown option 'queueURL': did you mean 'queueUrl'?
  base.callback("Cb", { queueUrl, queueURL: queueUrl });
  // @ts-expect-error unknown option 'instanceCnt'
  base.deploy("D", { functionArn, modelPackageArn: text, endpointName: "churn", instanceType: "ml.m5.large", instanceCnt: 2 });
  // @ts-expect-error unknown option 'variant': did you mean 'variants'?
  base.endpointConfig("Ec", { variants: [{ modelName: "m", instanceType: "ml.m5.large" }], variant: [] });
  // @ts-expect-error unknown option 'endpoint'
  base.endpoint("Ep", { endpointName: "churn", endpointConfigName: "cfg", endpoint: "churn" });
});

it("misspelled options of the fluent methods, function form", () => {
  // @ts-expect-error unknown option 'instanceCout': did you mean 'instanceCount'?
  base.process("A", ({ params }) => ({ ...job, inputs: { raw: params.Input }, instanceCout: 2 }));
  // @ts-expect-error unknown option 'hyperParameters': did you mean 'hyperparameters'?
  base.train("T", ({ steps }) => ({ ...job, inputs: { train: steps.Prepare.outputs.train }, hyperParameters: { max_depth: 5 } }));
  // @ts-expect-error unknown option 'modelDataUrl': did you mean 'modelData'?
  base.model("M", ({ steps }) => ({ image, role, modelDataUrl: steps.Train.modelArtifacts }));
  // @ts-expect-error unknown option 'baselineDatset': did you mean 'baselineDataset'?
  base.qualityCheck("Q", ({ steps }) => ({ ...job, checkType: "DATA_QUALITY", baselineDataset: steps.Prepare.outputs.train, baselineDatset: "x" }));
  // @ts-expect-error unknown option 'output': did you mean 'outputs'?
  base.lambda("L", ({ steps }) => ({ functionArn, inputs: { model: steps.Train.modelArtifacts }, output: { ok: "Boolean" } }));
  // @ts-expect-error Property 'endpointConfigName' is missing
  base.endpointConfig("Ec", () => ({ variants: [{ modelName: "m", instanceType: "ml.m5.large" }] })).endpoint("Ep", ({ steps }) => ({ endpointName: "e", endpointConfig: steps.Ec }));
});

it("misspelled options of the step functions", () => {
  // @ts-expect-error unknown option 'instanceCout': did you mean 'instanceCount'?
  processingStep("A", { ...job, instanceCout: 2 });
  // @ts-expect-error unknown option 'hyperParameters': did you mean 'hyperparameters'?
  trainingStep("T", { ...job, hyperParameters: { max_depth: 5 } });
  // @ts-expect-error unknown option 'maxParallel'
  tuningStep("Tune", { training: job, objective: { metric: "auc" }, ranges: { eta: { integer: [1, 5] } }, maxParallel: 2 });
  // @ts-expect-error unknown option 'networkIsolated'
  modelStep("M", { image, role, networkIsolated: true });
  // @ts-expect-error unknown option 'approval'
  registerModelStep("R", { modelPackageGroup: "churn", image, approval: "Approved" });
  // @ts-expect-error unknown option 'batchStrategies'
  transformStep("S", { modelName: "m", input: "s3://b/x", instanceType: "ml.m5.xlarge", batchStrategies: "Line" });
  // @ts-expect-error unknown option 'skipChecks': did you mean 'skipCheck'?
  qualityCheckStep("Q", { ...job, checkType: "DATA_QUALITY", baselineDataset: "s3://b/d", skipChecks: true });
  // @ts-expect-error unknown option 'model'
  clarifyCheckStep("C", { ...job, checkType: "MODEL_BIAS", dataset: "s3://b/d", analysisConfig: "s3://b/a.json", modelName: "m", model: "m" });
  // @ts-expect-error unknown option 'mainclass': did you mean 'mainClass'?
  emrStep("Emr", { clusterId: "j-1", jar: "x.jar", mainclass: "Main" });
  // @ts-expect-error unknown option 'jobname': did you mean 'jobName'?
  emrServerlessStep("Es", { applicationId: "a", executionRoleArn: role, hive: { query: "s3://b/q.sql" }, jobname: "j" });
  // @ts-expect-error unknown option 'maxCandidate': did you mean 'maxCandidates'?
  autoMLStep("Auto", { role, trainingData: "s3://b/t/", targetAttribute: "y", maxCandidate: 3 });
  // @ts-expect-error unknown option 'input': did you mean 'inputs'?
  lambdaStep("L", { functionArn, input: { a: 1 } });
  // @ts-expect-error unknown option 'outputParameters'
  callbackStep("Cb", { queueUrl, outputParameters: [] });
  // @ts-expect-error unknown option 'modelPackage': did you mean 'modelPackageArn'?
  deployStep("D", { functionArn, modelPackage: text, modelPackageArn: text, endpointName: "e", instanceType: "ml.m5.large" });
  // @ts-expect-error unknown option 'kmsKeyId'
  endpointConfigStep("Ec", { variants: [{ modelName: "m", instanceType: "ml.m5.large" }], kmsKeyId: "k" });
  // @ts-expect-error unknown option 'tag': did you mean 'tags'?
  endpointStep("Ep", { endpointName: "e", endpointConfigName: "c", tag: { team: "ml" } });
  // @ts-expect-error 'displayname' does not exist in type
  failStep("F", "failed", { displayname: "Failed" });
  // @ts-expect-error 'functionArn' does not exist in type
  rawStep("L", "Lambda", { functionArn });
});

it("misspelled keys of option objects inside the options", () => {
  // @ts-expect-error unknown option 'contentTyp': did you mean 'contentType'?
  base.train("T", ({ steps }) => ({ ...job, inputs: { train: { source: steps.Prepare.outputs.train, contentTyp: "text/csv" } } }));
  // @ts-expect-error unknown option 'uploadMod': did you mean 'uploadMode'?
  base.process("A", { ...job, outputs: { report: { source: "/opt/ml/processing/report", uploadMod: "Continuous" } } });
  // @ts-expect-error unknown option 'maxAtempts': did you mean 'maxAttempts'?
  base.process("A", { ...job, retry: [{ exceptions: ["SageMaker.CAPACITY_ERROR"], maxAtempts: 3 }] });
  // @ts-expect-error 'hour' does not exist in type
  base.process("A", { ...job, cache: { expireAfter: { hour: 1 } } });
  // @ts-expect-error unknown option 'schemas': did you mean 'schema'?
  base.evaluate("E", { ...job, outputs: { evaluation: "/opt/ml/processing/e" }, propertyFiles: { report: { output: "evaluation", path: "e.json", schemas: z.object({}) } } });
  // @ts-expect-error unknown option 'typ': did you mean 'type'?
  tuningStep("Tune", { training: job, objective: { metric: "auc", typ: "Minimize" }, ranges: { eta: { continuous: [0.1, 0.5] } } });
  // @ts-expect-error unknown option 'scale'
  tuningStep("Tune", { training: job, objective: { metric: "auc" }, ranges: { eta: { continuous: [0.1, 0.5], scale: "Linear" } } });
  // @ts-expect-error unknown option 'variantname': did you mean 'variantName'?
  endpointConfigStep("Ec", { variants: [{ modelName: "m", instanceType: "ml.m5.large", variantname: "blue" }] });
  // @ts-expect-error unknown option 'splitTyp': did you mean 'splitType'?
  transformStep("S", { modelName: "m", input: { source: "s3://b/x", splitTyp: "Line" }, instanceType: "ml.m5.xlarge" });
  // @ts-expect-error Object literal may only specify known properties, but 's3URI' does not exist in type
  registerModelStep("R", { modelPackageGroup: "churn", image, modelMetrics: { modelStatistics: { s3URI: "s3://b/e.json" } } });
  // @ts-expect-error 'StopingCondition' does not exist in type
  base.process("A", { ...job, raw: { StopingCondition: { MaxRuntimeInSeconds: 60 } } });
  // @ts-expect-error unknown option 'problemType'
  qualityCheckStep("Q", { ...job, checkType: "DATA_QUALITY", baselineDataset: "s3://b/d", problemType: "Regression" });
});

const modes = pipeline("Modes")
  .param("Mode", "String", { enum: ["prod", "dev"], default: "dev" })
  .param("Flag", "Boolean", { default: true })
  .param("Threshold", "Float", { default: 0.5 });

it("impossible comparisons and parameter mistakes", () => {
  // @ts-expect-error Argument of type '"staging"' is not assignable to parameter of type 'Comparable<
  modes.when("A", ({ params }) => params.Mode.eq("staging"));
  // @ts-expect-error Type '"staging"' is not assignable to type 'Comparable<
  modes.when("A", ({ params }) => params.Mode.in(["prod", "staging"]));
  // @ts-expect-error No overload matches this call
  modes.when("A", ({ params }) => compare("staging", "==", params.Mode));
  // @ts-expect-error booleans are not ordered: compare them with eq or ne
  modes.when("B", ({ params }) => params.Flag.gt(true));
  // @ts-expect-error Argument of type 'string' is not assignable to parameter of type 'Comparable<number>'
  modes.when("C", ({ params }) => params.Threshold.eq("0.5"));
  // @ts-expect-error Argument of type 'string' is not assignable to parameter of type 'ValueOf<number>'
  modes.when("C", ({ params }) => compare("0.5", "<=", params.Threshold));
  // @ts-expect-error Argument of type 'number' is not assignable to parameter of type 'PipelineValue<unknown>'
  modes.when("D", () => compare(1, "<", 2));
  // @ts-expect-error Type 'boolean' is not assignable to type 'PipelineCondition | readonly PipelineCondition[]'
  modes.when("E", () => true);
  // @ts-expect-error No overload matches this call
  void start(modes, { params: { Mode: "staging" } });
  // @ts-expect-error Type '"b"' is not assignable to type '"a"'
  modes.param("X", "String", { enum: ["a"], default: "b" });
  // @ts-expect-error enum is for String parameters
  modes.param("Y", "Integer", { enum: ["a"] });
  // @ts-expect-error 'enmu' does not exist in type
  modes.param("Z", "String", { enmu: ["a"] });
  // @ts-expect-error Argument of type 'number' is not assignable to parameter of type 'string'
  pipeline(42);
  // @ts-expect-error Property 'tran' does not exist
  base.train("T2", ({ steps }) => ({ ...job, inputs: { train: steps.Prepare.outputs.tran } }));
  // @ts-expect-error Property 'acuracy' does not exist
  base.when("Good", ({ steps }) => steps.Train.metrics.acuracy.gte(0.9));
});

it("named lists of step properties", () => {
  // @ts-expect-error Argument of type '"acuracy"' is not assignable to parameter of type 'number | "accuracy"'
  base.when("Named", ({ steps }) => steps.Train.properties.FinalMetricDataList.get("acuracy").Value.gte(0.9));
  // @ts-expect-error Element implicitly has an 'any' type because index expression is not of type 'number'
  base.when("Named", ({ steps }) => steps.Train.properties.FinalMetricDataList["acuracy"].Value.gte(0.9));
  // @ts-expect-error Argument of type 'number' is not assignable to parameter of type 'string'
  base.when("Named", ({ steps }) => steps.Train.properties.HyperParameters.get(0).eq("1"));
  // a list or map is not compared as a whole: one of its elements is
  // @ts-expect-error a list or map is not compared: compare one of its elements, e.g. .get(name).Value.eq(...)
  base.when("Named", ({ steps }) => steps.Train.properties.FinalMetricDataList.gte(0.9));
  // @ts-expect-error a list or map is not compared: compare one of its elements
  base.when("Named", ({ steps }) => steps.Train.properties.HyperParameters.eq("0.1"));
  // @ts-expect-error a list or map is not compared: compare one of its elements
  base.when("Named", ({ steps }) => steps.Prepare.properties.ProcessingOutputConfig.Outputs.in(["a"]));
  // @ts-expect-error a list or map is not compared: compare one of its elements
  base.when("Named", ({ steps }) => steps.Prepare.properties.ProcessingOutputConfig.Outputs.lt(1));
});

it("fan-out", () => {
  // @ts-expect-error is missing the following properties from type 'StepDefinition<string, StepHandle<string, "Processing" | "Training"
  base.fanOut(["a", "b"], () => job);
  // @ts-expect-error unknown option 'instanceCout': did you mean 'instanceCount'?
  base.fanOut(["a", "b"], (item) => processingStep(`P-${item}`, { ...job, instanceCout: 2 }));
  // @ts-expect-error Property 'Train-c' does not exist
  base.fanOut(["a", "b"] as const, (item) => trainingStep(`Train-${item}`, job)).process("After", ({ steps }) => ({ ...job, inputs: { m: steps["Train-c"].modelArtifacts } }));
});

it("inference components and lineage", () => {
  // @ts-expect-error unknown option 'copyCont': did you mean 'copyCount'?
  base.inferenceComponent("IC", { inferenceComponentName: "ic", endpointName: "ep", copyCont: 2 });
  // @ts-expect-error Did you mean to write 'minMemoryMb'?
  inferenceComponentStep("IC", { inferenceComponentName: "ic", endpointName: "ep", computeResources: { minMemoryMB: 1024 } });
  // @ts-expect-error Type '"Training"' is not assignable to type '"Endpoint"'
  base.inferenceComponent("IC", ({ steps }) => ({ inferenceComponentName: "ic", endpointName: steps.Train }));
  // @ts-expect-error Type '"trian"' is not assignable to type 'PipelineValue<string> | "train" | undefined'. Did you mean '"train"'?
  lineageStep("L", { actions: [{ name: "train", type: "ModelTraining", source: "s3://b/run" }], associations: [{ source: { action: "trian" }, destination: { arn: "arn" } }] });
  // @ts-expect-error unknown option 'artefacts': did you mean 'artifacts'?
  base.lineage("L", { actions: [{ name: "a", type: "t", source: "s3://b/a" }], artefacts: [{ name: "m", type: "Model", source: "s3://b/m" }] });
  // @ts-expect-error Argument of type '"modle"' is not assignable to parameter of type '"model"'
  lineageStep("L", { artifacts: [{ name: "model", type: "Model", source: "s3://b/m" }] }).handle.properties.ArtifactArns.get("modle");
});

it("misspelled options of the script-mode steps (framework processing, training, models)", () => {
  const sklearn = { name: "sklearn", version: "1.2-1" } as const;
  const pytorch = { name: "pytorch", version: "2.3", pyVersion: "py311" } as const;
  const runs = { role, instanceType: "ml.m5.xlarge" } as const;
  // @ts-expect-error unknown option 'instanceCout': did you mean 'instanceCount'?
  frameworkProcessingStep("P", { ...runs, framework: sklearn, code: "p.py", instanceCout: 2 });
  // @ts-expect-error unknown option 'sourcedir': did you mean 'sourceDir'?
  base.add(frameworkProcessingStep("P", { ...runs, framework: sklearn, code: "p.py", sourcedir: "./src" }));
  // @ts-expect-error unknown option 'pyversion': did you mean 'pyVersion'?
  frameworkProcessingStep("P", { ...runs, framework: { name: "pytorch", version: "2.3", pyversion: "py311" }, code: "p.py" });
  // @ts-expect-error unknown option 'hyperParameters': did you mean 'hyperparameters'?
  frameworkTrainingStep("T", { ...runs, framework: pytorch, entryPoint: "train.py", hyperParameters: { epochs: 3 } });
  // @ts-expect-error unknown option 'entrypoint': did you mean 'entryPoint'?
  frameworkTrainingStep("T", { ...runs, image, entryPoint: "train.py", entrypoint: "train.py" });
  // @ts-expect-error 'enable' does not exist in type '{ readonly enabled: boolean; }'. Did you mean to write 'enabled'?
  frameworkTrainingStep("T", { ...runs, framework: pytorch, entryPoint: "train.py", distribution: { torchDistributed: { enable: true } } });
  // @ts-expect-error unknown option 'outputpath': did you mean 'outputPath'?
  base.add(({ steps }) => frameworkTrainingStep("T", { ...runs, framework: pytorch, entryPoint: "train.py", inputs: { train: steps.Prepare.outputs.train }, outputpath: "s3://b/m" }));
  // @ts-expect-error 'entry_point' does not exist in type 'FrameworkModelOptions'
  frameworkModelStep("M", { framework: pytorch, modelData: "s3://b/model.tar.gz", entry_point: "inference.py" });
  // @ts-expect-error 'modelPackageGroupName' does not exist in type 'RegisterFrameworkModelOptions'
  base.add(({ steps }) => registerFrameworkModelStep("R", { framework: pytorch, modelData: steps.Train.modelArtifacts, modelPackageGroupName: "g" }));
});
