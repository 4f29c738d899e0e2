import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach } from "vitest";
import { run } from "../../src/cli/run.js";

/** The repository root: the CLI tests run there unless told otherwise. */
export const root = join(__dirname, "../..");

/** Runs the CLI in-process and returns its exit code and what it printed. */
export async function cli(args: readonly string[], cwd: string = root): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

/**
 * Stubs every SageMakerClient and S3Client the CLI creates (no request leaves the process), resets
 * them before each test, and sets a region for the duration of the tests.
 */
export function mockAwsForCli() {
  const sm = mockClient(SageMakerClient);
  const s3 = mockClient(S3Client);
  let region: string | undefined;
  beforeEach(() => {
    sm.reset();
    s3.reset();
    region = process.env.AWS_REGION;
    process.env.AWS_REGION = "us-east-1";
  });
  afterEach(() => {
    if (region === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = region;
  });
  return { sm, s3 };
}
