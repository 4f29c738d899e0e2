// Every public function that takes an options object checks its keys at run time, as the step
// builders do: from plain JavaScript (or through a spread or an `any`) a misspelt option would
// otherwise be dropped without a word — `start(p, { parms })` starting a run with the default
// parameters, `applyTriggers(p, { dryrun: true })` changing the account, `imageUri({ instancetype })`
// picking the CPU image. Each call below has one misspelt key and clients that fail the test if
// anything is sent: the error must come first. This file is JavaScript on purpose.
import { describe, expect, it } from "vitest";
import * as sagepipe from "sagepipe";

const { pipeline, compile } = sagepipe;
const role = "arn:aws:iam::111111111111:role/SageMakerRole";
const arn = "arn:aws:sagemaker:us-east-1:111111111111:pipeline/p/execution/abc123";
const packageArn = "arn:aws:sagemaker:us-east-1:111111111111:model-package/churn-models/1";
let sent = 0;
const client = { send: async () => void sent++, config: {} };
const clients = { sagemaker: client, s3: client, eventBridge: client, scheduler: client };
const flow = pipeline("P").param("T", "Float", { default: 0.5 }).fail("Stop", "stopped");
const execution = () => sagepipe.executionOf(arn, { clients });

/** [function, misspelt key, the call] */
const calls = [
  ["start", "parms", () => sagepipe.start(flow, { parms: { T: 0.9 }, clients })],
  ["start", "parms", () => sagepipe.start("P", { parms: { T: 0.9 }, clients })],
  ["start", "selectiveExecution.step", () => sagepipe.start(flow, { selectiveExecution: { step: ["Stop"] }, clients })],
  ["upsert", "tag", () => sagepipe.upsert(flow, { roleArn: role, tag: { team: "ml" }, clients })],
  ["upsert", "clients.sagemakr", () => sagepipe.upsert(flow, { roleArn: role, clients: { sagemakr: client } })],
  ["upsert", "clients.config.regoin", () => sagepipe.upsert(flow, { roleArn: role, clients: { ...clients, config: { regoin: "us-east-1" } } })],
  ["upsert", "compile.baseDIr", () => sagepipe.upsert(flow, { roleArn: role, compile: { baseDIr: "." }, clients })],
  ["deploy", "strat", () => sagepipe.deploy(flow, { roleArn: role, strat: {}, clients })],
  ["deploy", "start.param", () => sagepipe.deploy(flow, { roleArn: role, start: { param: { T: 1 } }, clients })],
  ["diffDeployed", "client", () => sagepipe.diffDeployed(flow, { client: clients })],
  ["executionOf", "client", () => sagepipe.executionOf(arn, { client: clients })],
  ["wait", "timeout", () => execution().wait({ timeout: 1000 })],
  ["progress", "timeout", () => execution().progress({ timeout: 1000 }).next()],
  ["stop", "token", () => execution().stop({ token: "t" })],
  ["retry", "paralelism", () => execution().retry({ paralelism: 2 })],
  ["rerun", "step", () => execution().rerun({ step: ["Stop"] })],
  ["listExecutions", "maxResult", () => sagepipe.listExecutions("P", { maxResult: 3, clients })],
  ["sendCallbackSuccess", "clientRequestTokn", () => sagepipe.sendCallbackSuccess("token", {}, { clientRequestTokn: "t", clients })],
  ["sendCallbackFailure", "clientRequestTokn", () => sagepipe.sendCallbackFailure("token", "why", { clientRequestTokn: "t", clients })],
  ["approveModel", "resaon", () => sagepipe.approveModel(packageArn, { resaon: "good", clients })],
  ["rejectModel", "resaon", () => sagepipe.rejectModel(packageArn, { resaon: "bad", clients })],
  ["listModelVersions", "statsu", () => sagepipe.listModelVersions("churn-models", { statsu: "Approved", clients })],
  ["latestApprovedModel", "client", () => sagepipe.latestApprovedModel("churn-models", { client: clients })],
  ["ensureModelPackageGroup", "descripton", () => sagepipe.ensureModelPackageGroup("g", { descripton: "x", clients })],
  ["ensureModelPackageGroups", "tag", () => sagepipe.ensureModelPackageGroups(compile(flow), { tag: {}, clients })],
  ["resolveChampionMetric", "fallbak", () => sagepipe.resolveChampionMetric({ group: "g", metric: "m.v", fallbak: 0, clients })],
  ["championParameters", "fallbak", () => sagepipe.championParameters(flow, { parameter: "T", group: "g", metric: "m.v", fallbak: 0, clients })],
  ["applyApprovalDeployRule", "deploy.instanceCout", () => sagepipe.applyApprovalDeployRule({ group: "g", functionArn: "arn:aws:lambda:us-east-1:111111111111:function:f", deploy: { endpointName: "e", instanceType: "ml.m5.large", instanceCout: 2, role }, clients })],
  ["removeApprovalDeployRule", "rule", () => sagepipe.removeApprovalDeployRule({ group: "g", rule: "x", clients })],
  ["resolveLocalChampionMetric", "fallbak", () => sagepipe.resolveLocalChampionMetric("/nonexistent", { group: "g", metric: "m.v", fallbak: 0 })],
  ["applyTriggers", "dryrun", () => sagepipe.applyTriggers(flow, { dryrun: true, clients })],
  ["applyAlerts", "dryrun", () => sagepipe.applyAlerts(flow, { dryrun: true, clients })],
  ["listTriggers", "client", () => sagepipe.listTriggers("P", { client: clients })],
  ["removeTriggers", "dryrun", () => sagepipe.removeTriggers("P", { dryrun: true, clients })],
  ["removeAlerts", "dryrun", () => sagepipe.removeAlerts("P", { dryrun: true, clients })],
  ["importDefinition", "nmae", () => sagepipe.importDefinition(compile(flow).definition, { nmae: "X" })],
  ["importDeployedPipeline", "verison", () => sagepipe.importDeployedPipeline("P", { verison: 2, clients })],
  ["imageUri", "instancetype", () => sagepipe.imageUri({ framework: "sklearn", version: "1.2-1", region: "us-east-1", instancetype: "ml.g5.xlarge" })],
  ["validateDefinition", "argument", () => sagepipe.validateDefinition(compile(flow).definition, { argument: "loose" })],
  ["validateDefinition", "quotas.maxStep", () => sagepipe.validateDefinition(compile(flow).definition, { quotas: { maxStep: 500 } })],
  ["compile", "region_", () => compile(flow, { region_: "us-east-1" })],
  ["simulate", "output", () => sagepipe.simulate(flow, { output: {} })],
  ["runLocal", "workDir", () => sagepipe.runLocal(flow, { workDir: "/tmp/x" })],
];

describe("a misspelt option of a public function is unknown-option, before anything is sent or run", () => {
  it.each(calls)("%s: %s", async (fn, key, call) => {
    sent = 0;
    let error;
    try {
      await call();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(sagepipe.SagepipeError);
    expect(error.code).toBe("unknown-option");
    expect(error.message).toContain(`${fn}: unknown option "${key}".`);
    expect(sent).toBe(0);
  });

  it("the message suggests the key that was meant", async () => {
    await expect(sagepipe.start(flow, { parms: {}, clients })).rejects.toThrow('start: unknown option "parms". Did you mean "params"?');
    expect(() => sagepipe.imageUri({ framework: "sklearn", version: "1.2-1", region: "us-east-1", instancetype: "ml.g5.xlarge" })).toThrow('Did you mean "instanceType"?');
  });
});
