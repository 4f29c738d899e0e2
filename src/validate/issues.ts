/** The stable codes of validation issues. */
export const ISSUE_CODES = [
  // document shape (zod schemas)
  "not-a-definition",
  "invalid-type",
  "invalid-value",
  "invalid-format",
  "unknown-key",
  "missing-key",
  "too-big",
  "too-small",
  "unknown-step-type",
  "invalid-duration",
  "retry-attempts-and-expiry",
  "default-not-in-enum",
  "conflicting-members",
  "duplicate-name",
  "not-supported-in-pipelines",
  "schema",
  // names and placement
  "duplicate-step-name",
  "duplicate-parameter",
  "step-in-both-branches",
  "step-in-branch-and-top-level",
  "nested-condition-step",
  // references
  "unknown-parameter",
  "unknown-step",
  "unknown-property",
  "unknown-output-parameter",
  "unknown-property-file",
  "reference-to-fail-step",
  "experiment-config-disabled",
  "property-file-output-mismatch",
  "duplicate-property-file",
  // ordering
  "unknown-dependency",
  "depends-on-fail-step",
  "cycle",
  // types
  "parameter-type-mismatch",
  "condition-type-mismatch",
  // step capabilities
  "cache-not-supported",
  "retry-not-supported",
  // quotas
  "too-many-steps",
  "too-many-parameters",
  "too-many-property-files",
  "too-many-json-get",
  "definition-too-large",
] as const;

/** A stable code naming the rule an issue breaks. */
export type IssueCode = (typeof ISSUE_CODES)[number];

/** A segment of a JSON path: an object key or an array index. */
export type PathSegment = string | number;

/** One problem found in a pipeline definition. */
export interface ValidationIssue {
  /** The rule broken, stable across releases. */
  readonly code: IssueCode;
  /** Where, as segments from the document root. */
  readonly path: readonly PathSegment[];
  /** Where, as a JSONPath string such as `$.Steps[2].Arguments.RoleArn`. */
  readonly jsonPath: string;
  /** The name of the step the issue is in, when it is in a step. */
  readonly step?: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats path segments as a JSONPath string: `$.Steps[0].Arguments.Environment['MY-VAR']`. */
export function formatJsonPath(path: readonly PathSegment[]): string {
  let out = "$";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `['${segment.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`;
  }
  return out;
}

/**
 * Renders issues as text, one block per issue: the JSON path, the step, the code and the message.
 *
 * @example
 * ```ts
 * formatIssues(result.issues)
 * // $.Steps[1].Arguments.RoleArn (step Train) [invalid-type]
 * //   expected a string or an expression, received number
 * ```
 */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.step === undefined ? issue.jsonPath : `${issue.jsonPath} (step ${issue.step})`;
      return `${where} [${issue.code}]\n  ${issue.message}`;
    })
    .join("\n");
}
