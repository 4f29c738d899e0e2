import type { z } from "zod";
import { excerpt, quoted } from "../text.js";
import { ISSUE_CODES, type IssueCode, type PathSegment } from "./issues.js";

/** A schema issue before it is tied to a step. */
export interface RawIssue {
  readonly code: IssueCode;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

type ZodIssue = z.core.$ZodIssue;

const received = (input: unknown): string =>
  input === null ? "null" : Array.isArray(input) ? "an array" : typeof input === "object" ? "an object" : typeof input;

function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
}

/** How far into the value an issue got: deeper means the branch matched better. */
function depth(issues: readonly ZodIssue[]): number {
  return Math.max(0, ...issues.map((issue) => issue.path.length + (issue.code === "invalid_union" ? 0.5 : 0)));
}

/**
 * Converts zod issues into sagepipe issues: stable codes, and for a failed union (a value that
 * may be a literal or an expression) the message of the branch that came closest.
 */
export function fromZodIssues(issues: readonly ZodIssue[], base: readonly PathSegment[] = []): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...toSegments(issue.path)];
    out.push(...convert(issue, path));
  }
  return out;
}

function convert(issue: ZodIssue, path: PathSegment[]): RawIssue[] {
  if (issue.code === "custom") {
    const custom = (issue.params as { code?: unknown } | undefined)?.code;
    const code = typeof custom === "string" && (ISSUE_CODES as readonly string[]).includes(custom) ? (custom as IssueCode) : "invalid-value";
    return [{ code, path, message: issue.message }];
  }
  switch (issue.code) {
    case "invalid_type": {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) {
        return [{ code: "missing-key", path, message: `${excerpt(String(path.at(-1) ?? "value"))} is required (${describeExpected(issue.expected)} expected)` }];
      }
      return [{ code: "invalid-type", path, message: `expected ${describeExpected(issue.expected)}, received ${received(input)}` }];
    }
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        code: "unknown-key" as const,
        path: [...path, key],
        message: `unknown key ${quoted(key)}: remove it or check its spelling (keys are case-sensitive PascalCase)`,
      }));
    case "invalid_union":
      return convertUnion(issue, path);
    case "invalid_key":
      return fromZodIssues(issue.issues, path).map((inner) => ({
        ...inner,
        message: `key ${quoted(String(path.at(-1)))}: ${inner.message}`,
      }));
    case "too_big":
      return [{ code: "too-big", path, message: `${issue.message}` }];
    case "too_small":
      return [{ code: "too-small", path, message: `${issue.message}` }];
    case "invalid_format":
      return [{ code: "invalid-format", path, message: issue.message }];
    case "invalid_value":
      return [{ code: "invalid-value", path, message: issue.message }];
    default:
      return [{ code: "schema", path, message: issue.message }];
  }
}

function convertUnion(issue: z.core.$ZodIssueInvalidUnion, path: PathSegment[]): RawIssue[] {
  if ((issue as { note?: unknown }).note === "No matching discriminator") {
    const options = (issue as { options?: unknown[] }).options ?? [];
    const key = String((issue as { discriminator?: unknown }).discriminator ?? "Type");
    const atStep = key === "Type" && options.includes("Training");
    return [
      {
        code: atStep ? "unknown-step-type" : "invalid-value",
        path,
        message: `${key} must be one of ${options.map((o) => JSON.stringify(o)).join(", ")}`,
      },
    ];
  }
  const branches = issue.errors;
  if (branches.length === 0) return [{ code: "invalid-value", path, message: issue.message }];
  // a branch that failed at its root on the value's type was the wrong kind of value altogether
  const typeMisses = branches.map(rootTypeMiss);
  const input = (issue as { input?: unknown }).input;
  if (typeMisses.every((miss) => miss !== undefined)) {
    if (input === undefined) return [{ code: "missing-key", path, message: `${excerpt(String(path.at(-1) ?? "value"))} is required` }];
    const expected = [...new Set(typeMisses.flat())].map((type) => describeExpected(type, true));
    return [{ code: "invalid-type", path, message: `expected ${expected.join(" or ")}, received ${received(input)}` }];
  }
  // otherwise report the branch of the right kind that got furthest into the value
  let best: readonly ZodIssue[] | undefined;
  branches.forEach((errors, i) => {
    if (typeMisses[i] === undefined && (best === undefined || depth(errors) > depth(best))) best = errors;
  });
  return fromZodIssues(best ?? [], path);
}

/** The types a branch expected when it failed at its root on the value's type, else undefined. */
function rootTypeMiss(errors: readonly ZodIssue[]): string[] | undefined {
  if (errors.length !== 1) return undefined;
  const [only] = errors;
  if (only === undefined || only.path.length > 0) return undefined;
  if (only.code === "invalid_type") return [only.expected];
  if (only.code === "invalid_union" && only.errors.length > 0) {
    const nested = only.errors.map(rootTypeMiss);
    return nested.every((miss) => miss !== undefined) ? nested.flat() : undefined;
  }
  return undefined;
}

function describeExpected(type: string, inUnion = false): string {
  if (type === "object") return inUnion ? "an expression" : "an object";
  if (type === "int") return "an integer";
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
