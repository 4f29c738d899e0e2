import { createHash } from "node:crypto";

/** EventBridge rule and Scheduler schedule names are at most 64 characters. */
export const MAX_NAME_LENGTH = 64;
const HASHED_HEAD = MAX_NAME_LENGTH - 9;

/** The tag keys on the EventBridge rules sagepipe manages. */
export const TAGS = {
  managedBy: "sagepipe:managed-by",
  pipeline: "sagepipe:pipeline",
  kind: "sagepipe:kind",
  id: "sagepipe:id",
} as const;

/** What a managed rule is for: an S3 trigger or an alert. */
export type RuleKind = "s3-trigger" | "alert";

/**
 * The deterministic name of a rule or schedule: `sagepipe-<pipeline>-<id>`, or — past 64
 * characters — its first 55 characters, '-' and 8 hex digits of its SHA-256, so two long names
 * never collide and the same declaration always gets the same name.
 *
 * @example
 * ```ts
 * resourceName("Churn", "s3-churn-data") // "sagepipe-Churn-s3-churn-data"
 * ```
 */
export function resourceName(pipelineName: string, id: string): string {
  const full = `sagepipe-${pipelineName}-${id}`;
  if (full.length <= MAX_NAME_LENGTH) return full;
  const hash = createHash("sha256").update(full, "utf8").digest("hex").slice(0, 8);
  return `${full.slice(0, HASHED_HEAD)}-${hash}`;
}

/**
 * The prefix every resource name of the pipeline starts with (what `ListRules`/`ListSchedules`
 * are asked for). Other pipelines' names may share it: tags and targets tell them apart.
 *
 * @example
 * ```ts
 * namePrefix("Churn") // "sagepipe-Churn-"
 * ```
 */
export function namePrefix(pipelineName: string): string {
  return `sagepipe-${pipelineName}-`.slice(0, HASHED_HEAD);
}

/**
 * The tags of a managed rule.
 *
 * @example
 * ```ts
 * ruleTags("Churn", "s3-trigger", "s3-data") // [{ Key: "sagepipe:managed-by", Value: "sagepipe" }, ...]
 * ```
 */
export function ruleTags(pipelineName: string, kind: RuleKind, id: string): { Key: string; Value: string }[] {
  return [
    { Key: TAGS.managedBy, Value: "sagepipe" },
    { Key: TAGS.pipeline, Value: pipelineName },
    { Key: TAGS.kind, Value: kind },
    { Key: TAGS.id, Value: id },
  ];
}

/**
 * True when a pipeline ARN names the pipeline `pipelineName` (SageMaker ARNs may lowercase it).
 *
 * @example
 * ```ts
 * arnNamesPipeline("arn:aws:sagemaker:us-east-1:111111111111:pipeline/churn", "Churn") // true
 * ```
 */
export function arnNamesPipeline(arn: string | undefined, pipelineName: string): boolean {
  return arn !== undefined && /^arn:aws[a-z-]*:sagemaker:/.test(arn) && arn.toLowerCase().endsWith(`:pipeline/${pipelineName.toLowerCase()}`);
}
