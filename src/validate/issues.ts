import { escapeControl, excerpt } from "../text.js";

/** The stable codes of validation issues. */
export const ISSUE_CODES = [
  // document shape (zod schemas)
  "not-a-definition",
  "not-json",
  "too-deep",
  "unsupported-key",
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

/** One segment as JSONPath: `.Key`, `['my-key']` (quote, backslash and control characters escaped) or `[0]`. */
function formatSegment(segment: PathSegment, shorten: boolean): string {
  if (typeof segment === "number") return `[${segment}]`;
  if (IDENTIFIER.test(segment) && !(shorten && segment.length > SHOWN_SEGMENT)) return `.${segment}`;
  const quoted = segment.replace(/\\/g, "\\\\").replace(/'/g, "\\'");
  return `['${shorten ? excerpt(quoted, SHOWN_SEGMENT) : escapeControl(quoted)}']`;
}

/** The longest key `formatIssues` shows in full. */
const SHOWN_SEGMENT = 60;
/** The most segments `formatIssues` shows of a path (the first and the last ones). */
const SHOWN_SEGMENTS = 24;

/** A path as `formatIssues` shows it: long keys as excerpts, a very deep path without its middle. */
function shownPath(path: readonly PathSegment[]): string {
  const shown = (segments: readonly PathSegment[]) => segments.map((segment) => formatSegment(segment, true)).join("");
  if (path.length <= SHOWN_SEGMENTS) return `$${shown(path)}`;
  const head = path.slice(0, SHOWN_SEGMENTS - 8);
  const tail = path.slice(path.length - 8);
  return `$${shown(head)}…(${path.length - head.length - tail.length} more levels)…${shown(tail)}`;
}

/**
 * Formats path segments as a JSONPath string: `$.Steps[0].Arguments.Environment['MY-VAR']`. Keys
 * that are not identifiers are quoted, with quotes, backslashes and control characters escaped
 * (as RFC 9535's normalized paths write them), so the path prints safely on a terminal.
 */
export function formatJsonPath(path: readonly PathSegment[]): string {
  let out = "$";
  for (const segment of path) out += formatSegment(segment, false);
  return out;
}

/**
 * Renders issues as text, one block per issue: the JSON path, the step, the code and the message.
 * The text is for people: a very long key or step name is shown as an excerpt, and control
 * characters are escaped, so it is safe to print on a terminal (the issues' `path`, `jsonPath` and
 * `step` hold the exact values).
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
      const path = Array.isArray(issue.path) ? shownPath(issue.path) : excerpt(String(issue.jsonPath), 400);
      const where = issue.step === undefined ? path : `${path} (step ${excerpt(issue.step, SHOWN_SEGMENT)})`;
      return `${where} [${escapeControl(issue.code)}]\n  ${excerpt(issue.message, 2_000)}`;
    })
    .join("\n");
}
