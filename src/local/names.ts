import { createHash } from "node:crypto";

/** SageMaker's rule for job names: 1–63 of `[a-zA-Z0-9-]`, starting and ending alphanumeric. */
const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/**
 * The local job name of a step of a run: `pipelines-<execution id>-<step>` when that is a valid
 * SageMaker job name; otherwise (a `_` in the name, or longer than 63 characters) as much of it as
 * fits with `_` turned into `-`, then `-` and 10 hex digits of the SHA-256 of the full name. So
 * `Train_A` and `Train-A`, or two long names sharing their first 40 characters, never share a job name
 * (and with it the model artifact's key `<S3OutputPath>/<job>/output/model.tar.gz`).
 */
export function jobNameOf(executionId: string, step: string): string {
  const plain = `pipelines-${executionId}-${step}`;
  if (JOB_NAME.test(plain)) return plain;
  const hash = createHash("sha256").update(plain).digest("hex").slice(0, 10);
  const head = plain.replace(/[^A-Za-z0-9-]/g, "-").slice(0, 63 - 1 - hash.length).replace(/-+$/, "");
  return `${head}-${hash}`;
}
