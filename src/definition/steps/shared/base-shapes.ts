import { z } from "zod";
import { strictObject } from "../../strict-object.js";
import { lazySchema } from "../../lazy-schema.js";
import { Expression, slotKinds, str } from "../../expressions.js";
import { coded, named, oneOfNumbers } from "../../rules.js";

// Leaves and small shapes that steps of every family use (jobs, checks, models, hosting, lineage):
// one definition each. Limits are botocore's (sagemaker 2017-07-24); patterns are anchored because
// the service matches them against the whole value.

/** `s3://` or `https://` URIs, as SageMaker's `S3Uri`/`Url` shapes state them. */
export const S3_OR_HTTPS_URI = /^(https|s3):\/\/([^/]+)\/?(.*)$/s;

const KMS_KEY_ID = /^[a-zA-Z0-9:/_-]*$/;
/** The characters of tag keys and values (and of other user metadata keys): letters, digits, spaces and `_ . : / = + - @`. */
export const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** An S3 (or HTTPS) URI of at most `max` characters. */
export const s3Uri = (max = 1024) =>
  str({ max, pattern: S3_OR_HTTPS_URI, patternHint: "must be an s3:// or https:// URI" });

/**
 * The `RoleArn` shape of the SageMaker API (every role a step passes: a job's `RoleArn`, a model's
 * `ExecutionRoleArn`, a model package's `ValidationRole`, a Redshift dataset's `ClusterRoleArn`):
 * 20–2048 characters matching `^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$`.
 * Source: the SageMaker API Reference, shape RoleArn (e.g. CreateProcessingJob.RoleArn,
 * CreateTrainingJob.RoleArn: "Length Constraints: Minimum length of 20. Maximum length of 2048",
 * with that pattern; botocore's sagemaker 2017-07-24 model states the same).
 *
 * A role's name (`admin`, the Python SDK tests' `DummyRole`) is refused, as the service refuses it
 * when the step's job is created: sagepipe refuses what AWS refuses (README: deliberate differences
 * from the Python SDK). A pipeline expression (a parameter, a `Std:Join`) is checked when it runs.
 */
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-/]+$/;

/** An IAM role ARN, as the SageMaker API takes it (see {@link ROLE_ARN}). */
export const roleArn = () =>
  str({
    // (a value that matches the pattern has at least 32 characters: the API's minimum of 20 holds)
    max: 2048,
    pattern: ROLE_ARN,
    patternHint: "must be an IAM role ARN: arn:aws:iam::<12-digit account id>:role/<name> (the role's ARN, not the role's name: IAM shows it on the role's page)",
  });

/** A KMS key id, alias or ARN. */
export const kmsKeyId = () =>
  str({ max: 2048, pattern: KMS_KEY_ID, patternHint: "a KMS key id, alias or ARN uses only letters, digits and : / _ -" });

/**
 * A SageMaker resource name of 1–`max` letters, digits and hyphens, starting and ending with a
 * letter or digit (jobs, endpoints, variants, packages: 63; tuning and AutoML jobs: 32;
 * experiments, trials and lineage entities: 120).
 */
export const resourceName = (max: number) =>
  str({
    min: 1,
    max,
    pattern: new RegExp(`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,${max - 1}}$`),
    patternHint: `1–${max} letters, digits and hyphens, starting and ending with a letter or digit`,
  });

/** A name of 1–63 letters, digits and hyphens (endpoint, variant, package and job names). */
export const entityName = () => resourceName(63);

/** An experiment, trial, trial component or lineage entity name: 1–120 characters. */
export const experimentEntityName = () => resourceName(120);

/** A SageMaker instance type (`ml.*`); the list itself changes too often to enumerate. */
export const instanceType = () => str({ pattern: /^ml\./, patternHint: "a SageMaker instance type starts with \"ml.\"" });

/** A container image URI: up to 255 characters without whitespace. */
export const imageUri = () => str({ max: 255, pattern: /^\S+$/, patternHint: "an image URI has no whitespace" });

/** An integer field limited to a fixed set of values (AWS `intEnum`), which may also hold an expression. */
export function intEnum(values: readonly number[]) {
  const base = z
    .number()
    .int()
    .check(oneOfNumbers(values, coded("invalid-value", `must be one of ${values.join(", ")}`)));
  const schema = z.union([base, Expression]);
  slotKinds.add(schema, { kind: "integer" });
  return schema;
}

/**
 * A key that the AWS API has but SageMaker Pipelines rejects in this step: any value is a
 * "not-supported-in-pipelines" issue with `message`, and the inferred type is `never` so a typed
 * caller cannot set it.
 */
export const rejectedKey = (message: string) => z.custom<never>(refused, coded("not-supported-in-pipelines", message)).optional();

const refused = named("refused", () => false);

/** A SageMaker resource tag. */
export const Tag = lazySchema(() =>
  strictObject({
    Key: str({ min: 1, max: 128, pattern: TAG_TEXT, patternHint: "tag keys use letters, digits, spaces and _ . : / = + - @" }),
    Value: str({ max: 256, pattern: TAG_TEXT, patternHint: "tag values use letters, digits, spaces and _ . : / = + - @" }),
  })
);
export type Tag = z.infer<typeof Tag>;

/** Up to 50 SageMaker tags. */
export const TagList = lazySchema(() =>
  z.array(Tag).max(50)
);

/**
 * `VpcConfig`: the security groups (1–5) and subnets (1–16) a job or container runs in. Ids are
 * only checked for length (≤32), not against the API's `[-0-9a-zA-Z]+` (SecurityGroupId, SubnetId):
 * the definitions the Python SDK's unit tests assert use placeholders such as
 * `my_security_group_id` (21 times), which the definition format must still accept.
 */
export const VpcConfig = lazySchema(() =>
  strictObject({
    SecurityGroupIds: z.array(str({ max: 32 })).min(1).max(5),
    Subnets: z.array(str({ max: 32 })).min(1).max(16),
  })
);
export type VpcConfig = z.infer<typeof VpcConfig>;

/** True when a value is set and is a literal rather than an expression, so a refinement can check it. */
export const isLiteral = <T extends string | number | boolean>(value: T | Expression | undefined): value is T =>
  value !== undefined && typeof value !== "object";
