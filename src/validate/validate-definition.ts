import { PipelineDefinition } from "../definition/pipeline-definition.js";
import { SagepipeError } from "../errors.js";
import { formatIssues, formatJsonPath, type PathSegment, type ValidationIssue } from "./issues.js";
import {
  DEFAULT_QUOTAS,
  checkCapabilities,
  checkCycles,
  checkDependsOn,
  checkNesting,
  checkParameters,
  checkQuotas,
  checkReferences,
  checkStepNames,
  checkTypes,
  type Quotas,
  type RuleContext,
  type RuleIssue,
} from "./rules.js";
import { fromZodIssues } from "./schema-issues.js";
import { allowedKeysAt, collectTypedSlots, type TypedSlot } from "./slots.js";
import { stepReferences, type FoundReference } from "./references.js";
import { didYouMean } from "./suggest.js";
import { indexSteps, isObject, stepAt, type IndexedStep } from "./step-index.js";

/** Options of {@link validateDefinition} and {@link safeValidateDefinition}. */
export interface ValidateOptions {
  /**
   * How step `Arguments` are checked. `"strict"` checks them against the AWS API request each step
   * type calls (unknown keys, required members, limits). `"loose"` accepts any object there and
   * checks only the references and types inside it: for definitions that use API members newer
   * than this version of sagepipe.
   * @default "strict"
   */
  readonly arguments?: "strict" | "loose";
  /** Service quotas to check against; raise them when your account's quotas are higher. */
  readonly quotas?: Partial<Quotas>;
}

/** The outcome of {@link safeValidateDefinition}. */
export type ValidationResult =
  | { readonly success: true; readonly definition: PipelineDefinition; readonly issues: readonly [] }
  | { readonly success: false; readonly issues: readonly ValidationIssue[] };

/** Thrown by {@link validateDefinition}: every issue found, not just the first. */
export class DefinitionValidationError extends SagepipeError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(
      "invalid-definition",
      `the pipeline definition has ${issues.length} issue${issues.length === 1 ? "" : "s"}:\n${formatIssues(issues)}`,
    );
    this.name = "DefinitionValidationError";
    this.issues = issues;
  }
}

/** True when a schema issue lies inside the `Arguments` of a step other than a Condition step. */
function insideStepArguments(steps: readonly IndexedStep[], path: readonly PathSegment[]): boolean {
  const step = stepAt(steps, path);
  return step !== undefined && step.type !== "Condition" && path[step.path.length] === "Arguments";
}

/**
 * Checks any JSON value as a SageMaker pipeline definition and returns every issue found: the
 * wire-format schema, then what a schema cannot say (references, cycles, duplicates, types,
 * step capabilities, quotas). Never throws on bad input.
 *
 * @example
 * ```ts
 * const result = safeValidateDefinition(JSON.parse(text));
 * if (!result.success) console.error(formatIssues(result.issues));
 * // $.Steps[1].DependsOn[0] (step Train) [unknown-dependency]
 * //   "Train" depends on "Preproces", which is not a step of this pipeline. Did you mean "Preprocess"? ...
 * ```
 */
export function safeValidateDefinition(value: unknown, options: ValidateOptions = {}): ValidationResult {
  return validateWith(value, options);
}

/** What a caller of {@link validateWith} already knows about the document, so it is not worked out again. */
export interface KnownFacts {
  /** The typed slots of the document, as {@link collectTypedSlots} finds them. */
  readonly slots?: readonly TypedSlot[];
  /** The steps of the document, as {@link indexSteps} finds them. */
  readonly steps?: readonly IndexedStep[];
  /** The length of the document serialized as JSON. */
  readonly serializedLength?: number;
  /**
   * True when the document is known to pass the wire-format schema (`PipelineDefinition`), e.g.
   * because each step and the rest of the document were checked against it: the schema parse is
   * skipped. Leave it out when unsure; on `false` the schema runs and reports every issue.
   */
  readonly schemaValid?: boolean;
  /** The `Get`s of a step as {@link stepReferences} finds them, when known; undefined: work them out. */
  readonly references?: (step: IndexedStep) => readonly FoundReference[] | undefined;
  /** The number of `Std:JsonGet`s in `Steps`, when known; undefined: count them. */
  readonly jsonGets?: number;
}

/** The default quotas with the given ones over them; a quota given as `undefined` (from plain JavaScript) keeps its default. */
function quotasWith(given: Partial<Quotas> | undefined): Quotas {
  // (null too: plain JavaScript may pass it, and validation never throws on bad input)
  if (given === undefined || given === null) return DEFAULT_QUOTAS;
  const quotas: Record<string, number> = { ...DEFAULT_QUOTAS };
  for (const [name, value] of Object.entries(given)) if (value !== undefined) quotas[name] = value;
  return quotas as unknown as Quotas;
}

/** {@link safeValidateDefinition}, reusing what a caller already knows about the document. */
export function validateWith(value: unknown, options: ValidateOptions, known: KnownFacts = {}): ValidationResult {
  const { slots, serializedLength } = known;
  if (!isObject(value) || !("Steps" in value || "Version" in value)) {
    const issue: ValidationIssue = {
      code: "not-a-definition",
      path: [],
      jsonPath: "$",
      message: "this is not a SageMaker pipeline definition: expected a JSON object with Version \"2020-12-01\" and Steps",
    };
    return { success: false, issues: [issue] };
  }
  const steps = known.steps ?? indexSteps(value);
  const issues: RuleIssue[] = [];
  const parsed =
    known.schemaValid === true
      ? ({ success: true, data: value as PipelineDefinition } as const)
      : PipelineDefinition.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    for (const issue of fromZodIssues(parsed.error.issues)) {
      if (options.arguments === "loose" && insideStepArguments(steps, issue.path)) continue;
      issues.push(issue.code === "unknown-key" ? withKeySuggestion(value, issue) : issue);
    }
  }

  const byName = new Map<string, IndexedStep>();
  for (const step of steps) if (!byName.has(step.name)) byName.set(step.name, step);
  const parameters = new Map<string, string>();
  if (Array.isArray(value.Parameters)) {
    for (const parameter of value.Parameters) {
      if (isObject(parameter) && typeof parameter.Name === "string" && !parameters.has(parameter.Name)) {
        parameters.set(parameter.Name, typeof parameter.Type === "string" ? parameter.Type : "String");
      }
    }
  }
  const ctx: RuleContext = {
    document: value,
    steps,
    byName,
    parameters,
    slots: slots ?? collectTypedSlots(PipelineDefinition, value),
    quotas: quotasWith(options.quotas),
    references: new Map(steps.map((step) => [step, known.references?.(step) ?? stepReferences(step)])),
    ...(known.jsonGets === undefined ? {} : { jsonGets: known.jsonGets }),
  };
  const report = (issue: RuleIssue) => issues.push(issue);
  checkParameters(ctx, report);
  checkStepNames(ctx, report);
  checkNesting(ctx, report);
  checkCapabilities(ctx, report);
  checkDependsOn(ctx, report);
  checkReferences(ctx, report);
  checkCycles(ctx, report);
  checkTypes(ctx, report);
  checkQuotas(ctx, report, serializedLength ?? JSON.stringify(value).length);

  if (issues.length === 0 && parsed.success) return { success: true, definition: parsed.data, issues: [] };
  if (issues.length === 0) {
    // loose mode: the schema failed only inside Arguments; the document is otherwise sound
    return { success: true, definition: value as PipelineDefinition, issues: [] };
  }
  return { success: false, issues: dedupe(issues).map((issue) => finish(steps, issue)) };
}

/** Adds "Did you mean ..." to an unknown key, from the keys the schema allows there. */
function withKeySuggestion(value: unknown, issue: RuleIssue): RuleIssue {
  const key = issue.path.at(-1);
  const allowed = allowedKeysAt(PipelineDefinition, value, issue.path.slice(0, -1));
  if (typeof key !== "string" || allowed === undefined) return issue;
  const suggestion = didYouMean(key, allowed);
  return suggestion === "" ? issue : { ...issue, message: `unknown key "${key}".${suggestion} Keys are case-sensitive` };
}

function finish(steps: readonly IndexedStep[], issue: RuleIssue): ValidationIssue {
  const step = issue.step ?? stepAt(steps, issue.path)?.name;
  return {
    code: issue.code,
    path: issue.path,
    jsonPath: formatJsonPath(issue.path),
    ...(step === undefined ? {} : { step }),
    message: issue.message,
  };
}

function dedupe(issues: readonly RuleIssue[]): RuleIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.code}|${JSON.stringify(issue.path)}|${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Validates a pipeline definition and returns it typed, or throws a
 * {@link DefinitionValidationError} that lists every issue with its code, JSON path and step.
 *
 * @example
 * ```ts
 * const definition = validateDefinition(JSON.parse(readFileSync("pipeline.json", "utf8")));
 * definition.Steps.map((step) => step.Name);
 * ```
 */
export function validateDefinition(value: unknown, options: ValidateOptions = {}): PipelineDefinition {
  const result = safeValidateDefinition(value, options);
  if (!result.success) throw new DefinitionValidationError(result.issues);
  return result.definition;
}
