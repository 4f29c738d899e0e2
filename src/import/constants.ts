import { isExpression } from "../definition/expressions.js";
import { isObject, type JsonObject } from "../validate/step-index.js";

/** What a repeated literal is, from the field it sits in and its form. */
type Kind = "role" | "image" | "function" | "queue";

const camel = (text: string): string => {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const joined = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  return /^[A-Za-z_$]/.test(joined) ? joined : `v${joined}`;
};

function kindOf(key: string, value: string): Kind | undefined {
  if (/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(value) || /(^|[a-z])(RoleArn|ExecutionRoleArn|role)$/.test(key)) return "role";
  if (/\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//.test(value) || /^(ImageUri|TrainingImage|Image)$/.test(key)) return "image";
  if (/^arn:aws[a-z-]*:lambda:/.test(value)) return "function";
  if (/^https:\/\/sqs\./.test(value)) return "queue";
  return undefined;
}

/** The name of a constant for a literal of a kind: `role`, `xgboostImage`, `deployFunction`, ... */
function baseName(kind: Kind, value: string): string {
  const last = (value.split("/").at(-1) ?? value).split(":")[0] ?? value;
  switch (kind) {
    case "role":
      return "role";
    case "image": {
      const repository = last.replace(/^sagemaker-/, "");
      const word = camel(repository);
      return /image$/i.test(word) ? word : `${word}Image`;
    }
    case "function": {
      const fn = value.split(":")[6] ?? "lambda";
      const word = camel(fn);
      return /function$/i.test(word) ? word : `${word}Function`;
    }
    case "queue": {
      const word = camel(last);
      return /queue$/i.test(word) ? word : `${word}Queue`;
    }
  }
}

const RESERVED = new Set([
  "params",
  "steps",
  "join",
  "jsonGet",
  "execution",
  "experimentConfig",
  "pipeline",
  "rawStep",
  "failStep",
  "not",
  "or",
  "z",
  "PipelineCondition",
]);

/**
 * The literals worth a constant: role ARNs, images, Lambda functions and SQS queues that appear in
 * more than one place of the steps, named by what they are (`role`, `xgboostImage`, ...), and the
 * bucket that three or more literal S3 URIs name (`bucket`; the URIs become `` `s3://${bucket}/...` ``).
 *
 * @returns literal → constant name, in the order the constants are declared
 */
export function hoistConstants(document: JsonObject): Map<string, string> {
  const seen = new Map<string, { kind: Kind; count: number }>();
  // literal S3 URIs by bucket: a bucket named by three or more gets a constant (`s3://${bucket}/...`)
  const buckets = new Map<string, number>();
  const visit = (value: unknown, key: string): void => {
    if (typeof value === "string") {
      const bucket = bucketOf(value);
      if (bucket !== undefined) buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
      const kind = kindOf(key, value);
      if (kind === undefined) return;
      const entry = seen.get(value) ?? { kind, count: 0 };
      entry.count++;
      seen.set(value, entry);
      return;
    }
    if (Array.isArray(value)) return value.forEach((item) => visit(item, key));
    if (!isObject(value) || isExpression(value)) return;
    for (const [child, item] of Object.entries(value)) {
      if (child === "Name" || child === "Type" || child === "DependsOn" || child === "DisplayName" || child === "Description") continue;
      if (child === "IfSteps" || child === "ElseSteps") visit(item, child);
      else visit(item, child);
    }
  };
  visit(document.Steps, "Steps");
  for (const parameter of Array.isArray(document.Parameters) ? document.Parameters : []) {
    if (isObject(parameter)) visit(parameter.DefaultValue, "DefaultValue");
  }

  const repeated = [...seen].filter(([, { count }]) => count >= 2);
  const byBase = new Map<string, number>();
  for (const [value, { kind }] of repeated) {
    const base = baseName(kind, value);
    byBase.set(base, (byBase.get(base) ?? 0) + 1);
  }
  const used = new Set<string>(RESERVED);
  const out = new Map<string, string>();
  for (const [value, { kind }] of repeated) {
    let base = baseName(kind, value);
    // several roles: each by its own name
    if (kind === "role" && (byBase.get(base) ?? 0) > 1) base = `${camel(value.split("/").at(-1) ?? "role")}${/role$/i.test(value) ? "" : "Role"}`;
    let nameFor = base;
    for (let n = 2; used.has(nameFor); n++) nameFor = `${base}${n}`;
    used.add(nameFor);
    out.set(value, nameFor);
  }
  const bucket = [...buckets].filter(([, count]) => count >= 3).sort((a, b) => b[1] - a[1])[0]?.[0];
  if (bucket !== undefined && !out.has(bucket)) out.set(bucket, used.has("bucket") ? "dataBucket" : "bucket");
  return out;
}

/** The bucket of an `s3://bucket/...` literal. */
export const bucketOf = (value: string): string | undefined => /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/|$)/.exec(value)?.[1];
