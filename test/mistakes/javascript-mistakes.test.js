// The corpus of user mistakes made from plain JavaScript (issue 12), where no type checker helps:
// each one must throw a SagepipeError with a stable code and a message that says what is wrong and
// where, when the step is added (never a TypeError from deep inside, never a pipeline that runs with
// the wrong settings). This file is JavaScript on purpose: nothing here is type-checked.
import { describe, expect, it } from "vitest";
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
  registerFrameworkModelStep,
  registerModelStep,
  SagepipeError,
  trainingStep,
  transformStep,
  tuningStep,
} from "sagepipe";

const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/job:1";
const job = { image, role, instanceType: "ml.m5.xlarge" };
const functionArn = "arn:aws:lambda:us-east-1:111111111111:function:notify";
const queueUrl = "https://sqs.us-east-1.amazonaws.com/111111111111/approvals";
const base = pipeline("Mistakes")
  .assets({ bucket: "my-bucket" })
  .param("Input", "String", { default: "s3://my-bucket/in/" })
  .param("Mode", "String", { enum: ["prod", "dev"], default: "dev" })
  .param("Flag", "Boolean", { default: true })
  .param("Threshold", "Float", { default: 0.5 })
  .process("Prepare", { ...job, outputs: { train: "/opt/ml/processing/train" }, propertyFiles: {} })
  .train("Train", { ...job, metrics: { accuracy: "acc=(.*)" } })
  .lambda("Check", { functionArn, outputs: { ok: "Boolean" } });

/** Runs `mistake` and returns the SagepipeError it throws (fails when it throws anything else, or nothing). */
function caught(mistake) {
  try {
    mistake();
  } catch (error) {
    if (!(error instanceof SagepipeError)) throw new Error(`expected a SagepipeError, got ${error}`);
    return error;
  }
  throw new Error("expected a SagepipeError, but nothing was thrown");
}

/** [what the user did, the mistake, the expected code, what the message must say] */
const mistakes = [
  // misspelled options: the fluent methods, object and function form
  ["process: instanceCout", () => base.process("A", { ...job, instanceCout: 2 }), "unknown-option", /Processing step "A": unknown option "instanceCout"\. Did you mean "instanceCount"\?/],
  ["process (function): instanceCout", () => base.process("A", () => ({ ...job, instanceCout: 2 })), "unknown-option", /Processing step "A": unknown option "instanceCout"\. Did you mean "instanceCount"\?/],
  ["evaluate: propertyfiles", () => base.evaluate("E", { ...job, propertyfiles: {} }), "unknown-option", /Processing step "E": unknown option "propertyfiles"\. Did you mean "propertyFiles"\?/],
  ["train: hyperParameters", () => base.train("T", { ...job, hyperParameters: { max_depth: 5 } }), "unknown-option", /Training step "T": unknown option "hyperParameters"\. Did you mean "hyperparameters"\?/],
  ["train (function): outputpath", () => base.train("T", () => ({ ...job, outputpath: "s3://b/m" })), "unknown-option", /Training step "T": unknown option "outputpath"\. Did you mean "outputPath"\?/],
  ["tune: maxJob", () => base.tune("Tu", { training: job, objective: { metric: "auc" }, ranges: { eta: { continuous: [0.1, 0.5] } }, maxJob: 3 }), "unknown-option", /Tuning step "Tu": unknown option "maxJob"\. Did you mean "maxJobs"\?/],
  ["model: modelDataUrl", () => base.model("M", { image, role, modelDataUrl: "s3://b/m.tar.gz" }), "unknown-option", /Model step "M": unknown option "modelDataUrl"\. Did you mean "modelData"\?/],
  ["register: approvalstatus", () => base.register("R", { modelPackageGroup: "g", image, approvalstatus: "Approved" }), "unknown-option", /RegisterModel step "R": unknown option "approvalstatus"\. Did you mean "approvalStatus"\?/],
  ["transform: instanceTyp", () => base.transform("S", { modelName: "m", input: "s3://b/x", instanceType: "ml.m5.xlarge", instanceTyp: "x" }), "unknown-option", /Transform step "S": unknown option "instanceTyp"\. Did you mean "instanceType"\?/],
  ["qualityCheck: baselineDatset", () => base.qualityCheck("Q", { ...job, checkType: "DATA_QUALITY", baselineDataset: "s3://b/d", baselineDatset: "x" }), "unknown-option", /QualityCheck step "Q": unknown option "baselineDatset"\. Did you mean "baselineDataset"\?/],
  ["clarifyCheck: analysisConfg", () => base.clarifyCheck("C", { ...job, checkType: "DATA_BIAS", dataset: "s3://b/d", analysisConfig: "s3://b/a.json", analysisConfg: "x" }), "unknown-option", /ClarifyCheck step "C": unknown option "analysisConfg"\. Did you mean "analysisConfig"\?/],
  ["emr: arguments", () => base.emr("Emr", { clusterId: "j-1", jar: "x.jar", arguments: ["a"] }), "unknown-option", /EMR step "Emr": unknown option "arguments"\. The options are: .*\bargs\b/],
  ["emrServerless: jobname", () => base.emrServerless("Es", { applicationId: "a", executionRoleArn: role, hive: { query: "s3://b/q" }, jobname: "j" }), "unknown-option", /EMRServerless step "Es": unknown option "jobname"\. Did you mean "jobName"\?/],
  ["autoML: maxCandidate", () => base.autoML("Au", { role, trainingData: "s3://b/t/", targetAttribute: "y", maxCandidate: 3 }), "unknown-option", /AutoML step "Au": unknown option "maxCandidate"\. Did you mean "maxCandidates"\?/],
  ["lambda: functionARN", () => base.lambda("L", { functionArn, functionARN: functionArn }), "unknown-option", /Lambda step "L": unknown option "functionARN"\. Did you mean "functionArn"\?/],
  ["callback: queueURL", () => base.callback("Cb", { queueUrl, queueURL: queueUrl }), "unknown-option", /Callback step "Cb": unknown option "queueURL"\. Did you mean "queueUrl"\?/],
  ["deploy: instanceCont", () => base.deploy("D", { functionArn, modelPackageArn: "arn", endpointName: "e", instanceType: "ml.m5.large", instanceCont: 2 }), "unknown-option", /deploy step "D": unknown option "instanceCont"\. Did you mean "instanceCount"\?/],
  ["endpointConfig: variant", () => base.endpointConfig("Ec", { variants: [{ modelName: "m", instanceType: "ml.m5.large" }], variant: [] }), "unknown-option", /EndpointConfig step "Ec": unknown option "variant"\. Did you mean "variants"\?/],
  ["endpoint: tag", () => base.endpoint("Ep", { endpointName: "e", endpointConfigName: "c", tag: {} }), "unknown-option", /Endpoint step "Ep": unknown option "tag"\. Did you mean "tags"\?/],
  // misspelled options: the step functions
  ["processingStep: instanceCout", () => processingStep("A", { ...job, instanceCout: 2 }), "unknown-option", /Processing step "A": unknown option "instanceCout"/],
  ["trainingStep: hyperParameters", () => trainingStep("T", { ...job, hyperParameters: {} }), "unknown-option", /Training step "T": unknown option "hyperParameters"/],
  ["tuningStep: strategie", () => tuningStep("Tu", { training: job, objective: { metric: "auc" }, ranges: { eta: { continuous: [0.1, 0.5] } }, strategie: "Random" }), "unknown-option", /Did you mean "strategy"\?/],
  ["modelStep: vpcConfig", () => modelStep("M", { image, role, vpcConfig: {} }), "unknown-option", /Model step "M": unknown option "vpcConfig"/],
  ["registerModelStep: contentType", () => registerModelStep("R", { modelPackageGroup: "g", image, contentType: ["text/csv"] }), "unknown-option", /Did you mean "contentTypes"\?/],
  ["transformStep: outputs", () => transformStep("S", { modelName: "m", input: "s3://b/x", instanceType: "ml.m5.xlarge", outputs: "s3://b/y" }), "unknown-option", /Did you mean "output"\?/],
  ["qualityCheckStep: problemType on DATA_QUALITY", () => qualityCheckStep("Q", { ...job, checkType: "DATA_QUALITY", baselineDataset: "s3://b/d", problemType: "Regression" }), "invalid-option", /problemType is for a MODEL_QUALITY check/],
  ["clarifyCheckStep: modelname", () => clarifyCheckStep("C", { ...job, checkType: "MODEL_BIAS", dataset: "s3://b/d", analysisConfig: "s3://b/a.json", modelname: "m" }), "unknown-option", /Did you mean "modelName"\?/],
  ["emrStep: clusterID", () => emrStep("Emr", { clusterID: "j-1", jar: "x.jar" }), "unknown-option", /Did you mean "clusterId"\?/],
  ["emrServerlessStep: applicationID", () => emrServerlessStep("Es", { applicationID: "a", executionRoleArn: role, hive: {} }), "unknown-option", /Did you mean "applicationId"\?/],
  ["autoMLStep: target", () => autoMLStep("Au", { role, trainingData: "s3://b/t/", targetAttribute: "y", target: "y" }), "unknown-option", /AutoML step "Au": unknown option "target"/],
  ["lambdaStep: output", () => lambdaStep("L", { functionArn, output: { a: "String" } }), "unknown-option", /Did you mean "outputs"\?/],
  ["callbackStep: input", () => callbackStep("Cb", { queueUrl, input: {} }), "unknown-option", /Did you mean "inputs"\?/],
  ["deployStep: endpoint", () => deployStep("D", { functionArn, modelPackageArn: "arn", endpointName: "e", instanceType: "ml.m5.large", endpoint: "e" }), "unknown-option", /deploy step "D": unknown option "endpoint"/],
  ["endpointConfigStep: kmsKeyId", () => endpointConfigStep("Ec", { variants: [{ modelName: "m", instanceType: "ml.m5.large" }], kmsKeyId: "k" }), "unknown-option", /unknown option "kmsKeyId"/],
  ["endpointStep: endpointConfig", () => endpointStep("Ep", { endpointName: "e", endpointConfig: "c" }), "unknown-option", /Did you mean "endpointConfigName"\?/],
  ["failStep: displayname", () => failStep("F", "failed", { displayname: "F" }), "unknown-option", /Fail step "F": unknown option "displayname"\. Did you mean "displayName"\?/],
  // the script-mode steps (issue 12): their own keys, their framework's, their distribution's
  ["frameworkProcessingStep: sourcedir", () => frameworkProcessingStep("P", { role, instanceType: "ml.m5.xlarge", framework: { name: "sklearn", version: "1.2-1" }, code: "p.py", sourcedir: "./src" }), "unknown-option", /Framework processing step "P": unknown option "sourcedir"\. Did you mean "sourceDir"\?/],
  ["frameworkProcessingStep: framework.pyversion", () => frameworkProcessingStep("P", { role, instanceType: "ml.m5.xlarge", framework: { name: "pytorch", version: "2.3", pyversion: "py311" }, code: "p.py" }), "unknown-option", /unknown option "framework\.pyversion"\. Did you mean "pyVersion"\?/],
  ["frameworkProcessingStep: entrypoint", () => frameworkProcessingStep("P", { role, instanceType: "ml.m5.xlarge", framework: { name: "sklearn", version: "1.2-1" }, code: "p.py", entrypoint: ["python3"] }), "conflicting-options", /the framework's bootstrap is the entrypoint; set the interpreter with command/],
  ["frameworkTrainingStep: entrypoint", () => frameworkTrainingStep("T", { role, instanceType: "ml.m5.xlarge", image, entrypoint: "train.py" }), "unknown-option", /Script-mode training step "T": unknown option "entrypoint"\. Did you mean "entryPoint"\?/],
  ["frameworkTrainingStep: distribution.torchDistributed.enable", () => frameworkTrainingStep("T", { role, instanceType: "ml.p4d.24xlarge", framework: { name: "pytorch", version: "2.3" }, entryPoint: "t.py", distribution: { torchDistributed: { enable: true } } }), "unknown-option", /unknown option "distribution\.torchDistributed\.enable"\. Did you mean "enabled"\?/],
  ["frameworkTrainingStep: code (the plain step's)", () => frameworkTrainingStep("T", { role, instanceType: "ml.m5.xlarge", framework: { name: "pytorch", version: "2.3" }, entryPoint: "t.py", code: "other.py" }), "conflicting-options", /code is the plain training step's; script mode runs entryPoint/],
  ["frameworkModelStep: entry_point", () => frameworkModelStep("M", { framework: { name: "pytorch", version: "2.3" }, modelData: "s3://b/m.tar.gz", entry_point: "i.py" }), "unknown-option", /Framework model step "M": unknown option "entry_point"/],
  ["registerFrameworkModelStep: modelPackageGroupName", () => registerFrameworkModelStep("R", { framework: { name: "pytorch", version: "2.3" }, modelData: "s3://b/m.tar.gz", modelPackageGroupName: "g" }), "unknown-option", /Framework model step "R": unknown option "modelPackageGroupName"\. Did you mean "modelPackageGroup"\?/],
  // misspelled keys of the option objects inside
  ["train: a channel's contentTyp", () => base.train("T", { ...job, inputs: { train: { source: "s3://b/t/", contentTyp: "text/csv" } } }), "unknown-option", /unknown option "inputs\.train\.contentTyp"\. Did you mean "contentType"\?/],
  ["process: an output's uploadMod", () => base.process("A", { ...job, outputs: { r: { source: "/opt/ml/processing/r", uploadMod: "Continuous" } } }), "unknown-option", /unknown option "outputs\.r\.uploadMod"\. Did you mean "uploadMode"\?/],
  ["process: a retry policy's maxAtempts", () => base.process("A", { ...job, retry: [{ exceptions: ["Step.THROTTLING"], maxAtempts: 3 }] }), "unknown-option", /unknown option "retry\[0\]\.maxAtempts"\. Did you mean "maxAttempts"\?/],
  ["process: the cache's expireafter", () => base.process("A", { ...job, cache: { expireafter: "PT1H" } }), "unknown-option", /unknown option "cache\.expireafter"\. Did you mean "expireAfter"\?/],
  ["process: the cache duration's hour", () => base.process("A", { ...job, cache: { expireAfter: { hour: 1 } } }), "unknown-option", /unknown option "cache\.expireAfter\.hour"\. Did you mean "hours"\?/],
  ["evaluate: a property file's file", () => base.evaluate("E", { ...job, outputs: { e: "/opt/ml/processing/e" }, propertyFiles: { report: { output: "e", file: "e.json" } } }), "unknown-option", /unknown option "propertyFiles\.report\.file"/],
  ["tune: the objective's metricName", () => base.tune("Tu", { training: job, objective: { metric: "auc", metricName: "auc" }, ranges: { eta: { continuous: [0.1, 0.5] } } }), "unknown-option", /unknown option "objective\.metricName"/],
  ["tune: the training's hyperParameters", () => base.tune("Tu", { training: { ...job, hyperParameters: {} }, objective: { metric: "auc" }, ranges: { eta: { continuous: [0.1, 0.5] } } }), "unknown-option", /unknown option "training\.hyperParameters"\. Did you mean "hyperparameters"\?/],
  ["endpointConfig: a variant's instanceCount", () => base.endpointConfig("Ec", { variants: [{ modelName: "m", instanceType: "ml.m5.large", instanceCount: 2 }] }), "unknown-option", /unknown option "variants\[0\]\.instanceCount"/],
  ["register: a metrics report's s3URI", () => base.register("R", { modelPackageGroup: "g", image, modelMetrics: { modelStatistics: { s3URI: "s3://b/e.json" } } }), "unknown-option", /unknown option "modelMetrics\.modelStatistics\.s3URI"\. Did you mean "s3Uri"\?/],
  ["transform: the input's splittype", () => base.transform("S", { modelName: "m", input: { source: "s3://b/x", splittype: "Line" }, instanceType: "ml.m5.xlarge" }), "unknown-option", /Did you mean "splitType"\?/],
  // options that are not an object
  ["process: options null", () => base.process("A", null), "invalid-options", /Processing step "A" needs an options object, got null/],
  ["process (function): returns null", () => base.process("A", () => null), "invalid-options", /Processing step "A" needs an options object, got null/],
  ["processingStep: a function", () => processingStep("A", () => job), "invalid-options", /a function of the build context is for the builder's methods/],
  // values that cannot be what was meant
  ["environment: null", () => base.process("A", { ...job, environment: { X: null } }), "invalid-value", /Processing step "A": environment: "X" is null; .*leave the key out instead of null/],
  ["hyperparameters: NaN", () => base.train("T", { ...job, hyperparameters: { eta: Number.NaN } }), "invalid-value", /"eta" is NaN/],
  // an output, metric or property file the step does not declare
  ["an undeclared output", () => base.train("T", ({ steps }) => ({ ...job, inputs: { train: steps.Prepare.outputs.tran } })), "unknown-output", /Processing step "Prepare" has no output "tran"\. Did you mean "train"\? Its outputs: train/],
  ["an undeclared metric", () => base.when("Good", ({ steps }) => steps.Train.metrics.acuracy.gte(0.9)), "unknown-metric", /Training step "Train" has no metric "acuracy"\. Did you mean "accuracy"\?/],
  ["an undeclared property file", () => base.when("Good", ({ steps }) => steps.Prepare.propertyFiles.report.get("a").gte(0.9)), "unknown-property-file", /has no property file "report"\. It declares no property files/],
  ["an undeclared Lambda output", () => base.when("Good", ({ steps }) => steps.Check.outputs.okay.eq(true)), "unknown-output", /step "Check" has no output "okay"\. Did you mean "ok"\?/],
  ["a metric the step does not declare, by get", () => base.when("Good", ({ steps }) => steps.Train.properties.FinalMetricDataList.get("acuracy").Value.gte(0.9)), "unknown-metric", /Training step "Train" has no metric "acuracy" in FinalMetricDataList\. Did you mean "accuracy"\?/],
  ["a whole list compared (a metric list)", () => base.when("Good", ({ steps }) => steps.Train.properties.FinalMetricDataList.gte(0.9)), "invalid-condition", /Training step "Train": FinalMetricDataList is a list, which a condition cannot compare: compare one of its elements, as in FinalMetricDataList\.get\(name\)/],
  ["a whole map compared", () => base.when("Good", ({ steps }) => steps.Train.properties.HyperParameters.eq("0.1")), "invalid-condition", /Training step "Train": HyperParameters is a map, which a condition cannot compare: compare one of its elements, as in HyperParameters\.get\(key\)/],
  ["a whole list in a condition's in()", () => base.when("Good", ({ steps }) => steps.Prepare.properties.ProcessingOutputConfig.Outputs.in(["a"])), "invalid-condition", /ProcessingOutputConfig\.Outputs is a list/],
  ["a named-list element by a fraction", () => base.when("Good", ({ steps }) => steps.Prepare.properties.ProcessingOutputConfig.Outputs.get(0.5).S3Output.S3Uri.eq("s3://b/")), "invalid-property-name", /ProcessingOutputConfig\.Outputs\.get\(\) takes an element's name or a non-negative integer index/],
  ["fanOut over what is not a list", () => base.fanOut("abc", (item) => processingStep(`P-${item}`, job)), "invalid-fan-out", /fanOut\(\) on pipeline "Mistakes" takes a list of items, one step each; got a string/],
  ["fanOut returning options, not a step", () => base.fanOut(["a"], () => job), "invalid-step", /fanOut\(\) on pipeline "Mistakes": the function returned an object with keys image, role, instanceType for item 0; it returns a step made by a step function/],
  ["fanOut making the same name twice", () => base.fanOut(["a", "a"], (item) => processingStep(`P-${item}`, job)), "duplicate-step-name", /already has a step named "P-a"/],
  ["inferenceComponent: copyCont", () => base.inferenceComponent("IC", { inferenceComponentName: "ic", endpointName: "ep", copyCont: 2 }), "unknown-option", /InferenceComponent step "IC": unknown option "copyCont"\. Did you mean "copyCount"\?/],
  ["inferenceComponentStep: a Training step as the endpoint", () => base.add(({ steps }) => inferenceComponentStep("IC", { inferenceComponentName: "ic", endpointName: steps.Train })), "invalid-option", /endpointName is a name, a pipeline value or an Endpoint step's handle \(steps\.<step>\); got the handle of a Training step/],
  ["lineage: an association to an entity the step does not create", () => base.lineage("L", { actions: [{ name: "train", type: "ModelTraining", source: "s3://b/run" }], associations: [{ source: { action: "trian" }, destination: { arn: "arn" } }] }), "unknown-lineage-entity", /names Action "trian", which this step does not create\. Did you mean "train"\?/],
  ["lineageStep: nothing to record", () => lineageStep("L", {}), "missing-option", /Lineage step "L" records nothing/],
  ["lineageStep: an ARN by a name the step does not create", () => lineageStep("L", { artifacts: [{ name: "model", type: "Model", source: "s3://b/m" }] }).handle.properties.ArtifactArns.get("modle"), "unknown-artifact", /has no artifact "modle" in ArtifactArns\. Did you mean "model"\?/],
  ["a step not added yet", () => base.train("T", ({ steps }) => ({ ...job, inputs: { train: steps.Prepar.outputs.train } })), "unknown-step", /step "Prepar" is not in pipeline "Mistakes" yet/],
  // conditions
  ["when: a JavaScript boolean", () => base.when("C", () => true), "invalid-condition", /when\("C"\) needs a condition, .*got a boolean \(a JavaScript comparison is decided now, once/],
  ["when: undefined", () => base.when("C", () => undefined), "invalid-condition", /when\("C"\) needs a condition, .*got undefined/],
  ["when: an empty list", () => base.when("C", []), "invalid-condition", /got an empty list/],
  ["an enum parameter compared with another value", () => base.when("C", ({ params }) => params.Mode.eq("staging")), "value-not-in-enum", /\{"Get":"Parameters.Mode"\} takes one of "prod", "dev": eq "staging" can never hold/],
  ["an enum parameter in a list with another value", () => base.when("C", ({ params }) => params.Mode.in(["prod", "dve"])), "value-not-in-enum", /in "dve" can never hold\. Did you mean "dev"\?/],
  ["compare: an enum value on the left", () => base.when("C", ({ params }) => compare("staging", "==", params.Mode)), "value-not-in-enum", /eq "staging" can never hold/],
  ["a Boolean parameter ordered", () => base.when("C", ({ params }) => params.Flag.gt(true)), "invalid-comparison", /booleans are not ordered; compare them with eq or ne/],
  ["a number compared with a string", () => base.when("C", ({ params }) => params.Threshold.eq("0.5")), "condition-type-mismatch", /compares a number with a string/],
  ["compare: two literals", () => compare(1, "<", 2), "invalid-condition", /one side at least must be a pipeline value/],
  ["compare: not an operator", () => base.when("C", ({ params }) => compare(0.5, "=<", params.Threshold)), "invalid-condition", /the operator is one of "==", "!=", ">", ">=", "<", "<=", got "=<"/],
  ["in: not a list", () => base.when("C", ({ params }) => params.Mode.in("prod")), "invalid-condition", /in\(values\) takes a non-empty list of values/],
  ["a condition on an object", () => base.when("C", ({ params }) => params.Threshold.gte({ value: 1 })), "invalid-value", /compares strings, numbers, booleans and pipeline values; got an object/],
  // a list or a map of the wrong kind: a string was spread into one argument (content type, subnet,
  // tag) per character, a list became a map with keys "0", "1", ... — silently, before these checks
  ["process: arguments as one string", () => base.process("A", { ...job, arguments: "--epochs 3" }), "invalid-option", /^Processing step "A": option "arguments" is a list \(an array\), got the string "--epochs 3"$/],
  ["process: command as a string", () => base.process("A", { ...job, code: "./x.py", command: "python3" }), "invalid-option", /option "command" is a list \(an array\), got the string "python3"/],
  ["process: inputs as a list", () => base.process("A", { ...job, inputs: ["s3://b/x"] }), "invalid-option", /option "inputs" is a map of names to values \(\{ name: value \}\), got an array/],
  ["process: outputs as a string", () => base.process("A", { ...job, outputs: "/opt/ml/processing/out" }), "invalid-option", /option "outputs" is a map of names to values .*got the string/],
  ["train: hyperparameters as a list", () => base.train("T", { ...job, hyperparameters: ["eta", 0.1] }), "invalid-option", /^Training step "T": option "hyperparameters" is a map of names to values \(\{ name: value \}\), got an array$/],
  ["train: metrics as a string", () => base.train("T", { ...job, metrics: "acc=(.*)" }), "invalid-option", /option "metrics" is a map/],
  ["register: contentTypes as a string", () => base.register("R", { modelPackageGroup: "g", image, modelData: "s3://b/m.tar.gz", contentTypes: "text/csv" }), "invalid-option", /RegisterModel step "R": option "contentTypes" is a list/],
  ["register: inferenceInstances as a string", () => base.register("R", { modelPackageGroup: "g", image, modelData: "s3://b/m.tar.gz", inferenceInstances: "ml.m5.large" }), "invalid-option", /option "inferenceInstances" is a list/],
  ["model: vpc subnets as a string", () => base.model("M", { image, role, modelData: "s3://b/m.tar.gz", vpc: { subnets: "subnet-1", securityGroupIds: ["sg-1"] } }), "invalid-option", /Model step "M": option "vpc\.subnets" is a list/],
  ["model: tags as a string", () => base.model("M", { image, role, modelData: "s3://b/m.tar.gz", tags: "team=ml" }), "invalid-option", /option "tags" is a map/],
  ["lambda: inputs as a string", () => base.lambda("L", { functionArn, inputs: "abc" }), "invalid-option", /Lambda step "L": option "inputs" is a map/],
  ["emr: args as one string", () => base.emr("Emr", { clusterId: "j-1", jar: "x.jar", args: "--x 1" }), "invalid-option", /EMR step "Emr": option "args" is a list/],
  ["dependsOn as a string", () => base.process("A", { ...job, dependsOn: "Prepare" }), "invalid-option", /option "dependsOn" is a list \(an array\), got the string "Prepare"/],
  ["after as a string", () => base.process("A", { ...job, after: "Prepare" }), "invalid-option", /option "after" is a list/],
  ["retry as one policy", () => base.process("A", { ...job, retry: { exceptions: ["SageMaker.CAPACITY_ERROR"], maxAttempts: 2 } }), "invalid-option", /option "retry" is a list \(an array\), got an object/],
  ["retry: exceptions as a string", () => base.process("A", { ...job, retry: [{ exceptions: "SageMaker.CAPACITY_ERROR" }] }), "invalid-option", /option "retry\[0\]\.exceptions" is a list/],
  ["environment: null", () => base.process("A", { ...job, environment: null }), "invalid-option", /option "environment" is a map of names to values \(\{ name: value \}\), got null/],
  // options that would be dropped without a word
  ["process: command without code", () => base.process("A", { ...job, command: ["python3", "run.py"] }), "invalid-option", /^Processing step "A": command runs code, and the step has no code \(the command would be left out\): give code: "\.\/script\.py" with it, or entrypoint/],
  ["train: command without code", () => base.train("T2", { ...job, command: ["python3", "train.py"] }), "invalid-option", /step "T2": command runs code, and the step has no code .*the image's own program would run/],
  ["cache: a string", () => base.process("A", { ...job, cache: "yes" }), "invalid-option", /^Processing step "A": cache is true, false or \{ expireAfter: duration \}.*got string "yes"$/],
  ["cache: an object without expireAfter", () => base.process("A", { ...job, cache: {} }), "invalid-option", /cache is true, false or \{ expireAfter: duration \}.*got an object without expireAfter/],
  ["process: code that names a directory", () => base.process("A", { ...job, code: "./scripts/" }), "invalid-source", /^Processing step "A": code "\.\/scripts\/" names a directory, not a script: give the script's path .*or \{ dir: "\.\/scripts\/", entryPoint: "preprocess\.py" \}$/],
  ["process: code empty", () => base.process("A", { ...job, code: "" }), "invalid-source", /code "" names a directory, not a script/],
  ["train: code \".\"", () => base.train("T2", { ...job, code: "." }), "invalid-source", /step "T2": code "\." names a directory, not a script/],
  ["process: code a number", () => base.process("A", { ...job, code: 5 }), "invalid-option", /^Processing step "A": code is the path of a script .* got a number$/],
  ["train: code { dir } without entryPoint", () => base.train("T2", { ...job, code: { dir: "./src" } }), "invalid-option", /code is the path of a script .* got \{ dir: a string, entryPoint: undefined \}/],
  // pipelines and parameters
  ["pipeline(42)", () => pipeline(42), "invalid-pipeline-name", /pipeline\(name\) takes the pipeline's name, a string; got a number/],
  ["param: enmu", () => base.param("M", "String", { enmu: ["a"] }), "unknown-option", /parameter "M": unknown option "enmu"\. Did you mean "enum"\?/],
  ["param: a default outside the enum", () => base.param("M", "String", { enum: ["fast", "slow"], default: "fats" }), "default-not-in-enum", /its default "fats" is not one of its enum values "fast", "slow"\. Did you mean "fast"\?/],
  ["param: an enum on an Integer", () => base.param("M", "Integer", { enum: ["1"] }), "invalid-parameter", /only String parameters take enum values/],
];

describe("user mistakes from plain JavaScript", () => {
  it("has at least 40 of them", () => {
    expect(mistakes.length).toBeGreaterThanOrEqual(40);
  });

  it.each(mistakes)("%s", (_what, mistake, code, message) => {
    const error = caught(mistake);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
