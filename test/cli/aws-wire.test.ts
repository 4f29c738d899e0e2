import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeAws } from "../aws/wire/fake-aws.js";
import { cli } from "./support.js";

// The CLI's AWS settings over the wire: the real SDK clients sagepipe creates call a local HTTP
// endpoint (AWS_ENDPOINT_URL), configured only by the environment and the command line.

const churn = "examples/churn/pipeline.ts";
const ROLE = "arn:aws:iam::111111111111:role/SageMakerPipelineRole";
const NAMES = [
  "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
  "AWS_ENDPOINT_URL", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED", "AWS_MAX_ATTEMPTS",
  "AWS_RETRY_MODE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
];
let saved: Record<string, string | undefined> = {};
let fake: FakeAws;
const empty = () => mkdtempSync(join(tmpdir(), "sagepipe-aws-config-"));

/** An environment with nothing from this machine: no region, no credentials, no profile files. */
function isolate(env: Record<string, string>): void {
  const dir = empty();
  for (const name of NAMES) delete process.env[name];
  Object.assign(process.env, {
    AWS_CONFIG_FILE: join(dir, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_MAX_ATTEMPTS: "1",
    ...env,
  });
}

const credentials = { AWS_ACCESS_KEY_ID: "AKIDWIRE", AWS_SECRET_ACCESS_KEY: "secret" };

beforeEach(async () => {
  saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
  fake = await FakeAws.start();
});
afterEach(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await fake.close();
});

/** The region a SageMaker request was signed for, and the access key that signed it. */
function signedBy(operation: string): { accessKey: string; region: string } | undefined {
  const authorization = String(fake.calls(operation)[0]?.headers.authorization ?? "");
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\//.exec(authorization);
  return match === null ? undefined : { accessKey: match[1] ?? "", region: match[2] ?? "" };
}

const execution = () => fake.seedExecution("ChurnPipeline", "abc123", { status: "Executing", steps: [] }).arn;

describe("exit codes on the wire", () => {
  it("diff exits 3, not 1 (\"changes\"), when AWS cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    isolate({ ...credentials, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` });

    const result = await cli(["diff", churn]);

    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^sagepipe: DescribePipeline for pipeline "ChurnPipeline" failed: .*ECONNREFUSED/);
  });

  it("no region: exit 3 and what to set, as JSON with --json", async () => {
    isolate({ ...credentials, AWS_ENDPOINT_URL: fake.url });
    const arn = execution();

    const result = await cli(["status", arn]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      "sagepipe: DescribePipelineExecution: no AWS region is set: set AWS_REGION (or AWS_DEFAULT_REGION), or a region in your AWS profile (AWS_PROFILE), or pass clients: { config: { region } }; on the command line: --region REGION\n",
    );

    const json = await cli(["status", arn, "--json"]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toEqual({
      error: { code: "aws-region-missing", message: expect.stringContaining("no AWS region is set"), exitCode: 3, operation: "DescribePipelineExecution" },
    });
    expect(fake.operations()).toEqual([]);
  });

  it("no credentials: exit 3 and what to set", async () => {
    isolate({ AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: fake.url });
    const result = await cli(["diff", churn]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^sagepipe: DescribePipeline: no usable AWS credentials \(.+\): set AWS_PROFILE to a configured profile/);
    expect(result.stderr).toMatch(/; on the command line: --profile NAME\n$/);
    expect(fake.operations()).toEqual([]);
  });

  it("AWS_DEFAULT_REGION is honoured when AWS_REGION is not set; AWS_REGION wins; --region wins over both", async () => {
    isolate({ ...credentials, AWS_DEFAULT_REGION: "eu-west-1", AWS_ENDPOINT_URL: fake.url });
    const arn = execution();
    expect((await cli(["status", arn])).code).toBe(0);
    expect(signedBy("DescribePipelineExecution")).toEqual({ accessKey: "AKIDWIRE", region: "eu-west-1" });

    process.env.AWS_REGION = "us-west-2";
    fake.requests.length = 0;
    expect((await cli(["status", arn])).code).toBe(0);
    expect(signedBy("DescribePipelineExecution")?.region).toBe("us-west-2");

    fake.requests.length = 0;
    expect((await cli(["status", arn, "--region", "ap-south-1"])).code).toBe(0);
    expect(signedBy("DescribePipelineExecution")?.region).toBe("ap-south-1");
  });

  it("--profile reads the profile's credentials and region", async () => {
    const dir = empty();
    writeFileSync(join(dir, "config"), "[profile ml]\nregion = eu-central-1\n");
    writeFileSync(join(dir, "credentials"), "[ml]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret\n");
    isolate({ AWS_ENDPOINT_URL: fake.url, AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials") });
    const arn = execution();

    const result = await cli(["status", arn, "--profile", "ml"]);

    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(signedBy("DescribePipelineExecution")).toEqual({ accessKey: "AKIDPROFILE", region: "eu-central-1" });
  });
});

describe("status", () => {
  it("an empty failure reason from the service is no reason: no dangling dash", async () => {
    isolate({ ...credentials, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: fake.url });
    const { arn } = fake.seedExecution("ChurnPipeline", "abc123", {
      status: "Succeeded",
      failureReason: "",
      steps: [{ StepName: "Train", StepStatus: "Succeeded", FailureReason: "", Metadata: { TrainingJob: { Arn: "arn:aws:sagemaker:us-east-1:111111111111:training-job/t" } } }],
    });
    const result = await cli(["status", arn]);
    expect(result).toEqual({ code: 0, stdout: `${arn}: Succeeded\n  Train (Training) Succeeded\n`, stderr: "" });
    expect(JSON.parse((await cli(["status", arn, "--json"])).stdout)).not.toHaveProperty("failureReason");
  });
});

describe("a request timeout the user sets", () => {
  let silent: Server;
  let url = "";
  const sockets = new Set<Socket>();
  beforeEach(async () => {
    // accepts connections, reads the request, never answers
    silent = createServer(() => undefined);
    silent.on("connection", (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it.each([
    // status describes the execution and lists its steps at once: either times out first
    ["status", ["status", "arn:aws:sagemaker:us-east-1:111111111111:pipeline/churnpipeline/execution/abc123"], "(?:DescribePipelineExecution|ListPipelineExecutionSteps)"],
    ["upsert", ["upsert", churn, "--role-arn", ROLE], "DescribePipeline"],
  ])("%s against an endpoint that never answers: exit 3 after --request-timeout, saying so", async (_name, args, operation) => {
    isolate({ ...credentials, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: url });
    const started = Date.now();

    const result = await cli([...args, "--request-timeout", "0.3"]);

    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      new RegExp(`^sagepipe: ${operation}: no answer from AWS within 300 ms: check the network and AWS_ENDPOINT_URL, or raise the timeout \\(.*\\); on the command line: --request-timeout SECONDS\\n$`),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);
});

describe("--max-steps on the commands that send a pipeline to AWS", () => {
  const many = "test/fixtures/pipelines/many-steps.ts";

  it.each([
    ["upsert", ["upsert", many, "--role-arn", ROLE]],
    ["deploy", ["deploy", many, "--role-arn", ROLE, "--commit", "abc", "--no-triggers"]],
  ])("%s: 60 steps are refused before any AWS call (exit 1), and created with --max-steps 60", async (_name, args) => {
    isolate({ ...credentials, AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: fake.url });

    const refused = await cli(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("[too-many-steps]");
    expect(fake.operations()).toEqual([]);

    const created = await cli([...args, "--max-steps", "60"]);
    expect(created.stderr).not.toContain("too-many-steps");
    expect(created.code).toBe(0);
    expect(fake.operations()).toContain("CreatePipeline");
    expect((JSON.parse(String(fake.bodies("CreatePipeline")[0]?.PipelineDefinition)) as { Steps: unknown[] }).Steps).toHaveLength(60);
  }, 30_000);
});
