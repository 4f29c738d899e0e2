import { STEP_CAPABILITIES, type StepType } from "../definition/capabilities.js";
import { COMPARISON_TYPES } from "../definition/conditions.js";
import type { SlotKind } from "../definition/expressions.js";
import { valueKind, type ValueKindOf } from "./kinds.js";
import { resolvePropertyPath } from "../definition/properties/resolve-property-path.js";
import type { IssueCode, PathSegment } from "./issues.js";
import { collectReferences, quotedKey, stepReferencePath, type FoundReference, type Reference } from "./references.js";
import { slotPath, type TypedSlot } from "./slots.js";
import { isObject, type IndexedStep, type JsonObject } from "./step-index.js";
import type { Suggester } from "./suggest.js";
import { excerpt, quoted, quotedList } from "../text.js";

/** Service quotas the validator checks; each can be raised when your account's quota is higher. */
export interface Quotas {
  /** Steps per pipeline, branch steps included. @default 50 */
  readonly maxSteps: number;
  /** Parameters per pipeline. @default 200 */
  readonly maxParameters: number;
  /** Property files per pipeline. @default 10 */
  readonly maxPropertyFiles: number;
  /** `Std:JsonGet` expressions per pipeline. @default 200 */
  readonly maxJsonGet: number;
  /** Characters of the serialized definition sent inline to CreatePipeline. @default 1048576 */
  readonly maxDefinitionLength: number;
}

export const DEFAULT_QUOTAS: Quotas = {
  maxSteps: 50,
  maxParameters: 200,
  maxPropertyFiles: 10,
  maxJsonGet: 200,
  maxDefinitionLength: 1_048_576,
};

/** An issue found by a rule, before its JSON path string is rendered. */
export interface RuleIssue {
  readonly code: IssueCode;
  readonly path: readonly PathSegment[];
  readonly step?: string;
  readonly message: string;
}

/** What the rules read: the raw document and indexes built once. */
export interface RuleContext {
  readonly document: JsonObject;
  readonly steps: readonly IndexedStep[];
  /** The first step of each name. */
  readonly byName: ReadonlyMap<string, IndexedStep>;
  readonly parameters: ReadonlyMap<string, string>;
  readonly slots: readonly TypedSlot[];
  readonly quotas: Quotas;
  /** The `Get`s of each step (by its `index`), computed once, without those of execution variables (see `ruleReferences`). */
  readonly references: readonly (readonly FoundReference[])[];
  /** The number of `Std:JsonGet`s in `Steps`, when the caller knows it already. */
  readonly jsonGets?: number;
  /** "Did you mean" suggestions, within one budget of work for the whole validation. */
  readonly suggester: Suggester;
}

type Report = (issue: RuleIssue) => void;

const isStepType = (type: string): type is StepType => Object.hasOwn(STEP_CAPABILITIES, type);
const quote = (names: readonly string[]) => quotedList(names);
const q = (value: unknown) => quoted(value);

// (the rules loop over the steps by index: a for-of loop made an iterator result per step)

/** Duplicate step names, and steps placed twice (top level and branch, or both branches). */
export function checkStepNames(ctx: RuleContext, report: Report): void {
  // (ctx.byName holds the first step of each name)
  // the JSON text of the first step of each name, made once however often the name repeats
  const texts = new Map<IndexedStep, string>();
  const textOf = (step: IndexedStep) => texts.get(step) ?? texts.set(step, JSON.stringify(step.value)).get(step);
  for (let k = 0; k < ctx.steps.length; k++) {
    const step = ctx.steps[k] as IndexedStep;
    const first = ctx.byName.get(step.name);
    if (first === undefined || first === step) continue;
    const same = textOf(first) === JSON.stringify(step.value);
    const places = [first.placement, step.placement];
    if (same && places.every((p) => p.kind === "branch") && first.placement.kind === "branch" && step.placement.kind === "branch" && first.placement.condition === step.placement.condition && first.placement.branch !== step.placement.branch) {
      report({
        code: "step-in-both-branches",
        path: step.path,
        step: step.name,
        message: `step ${q(step.name)} is in both IfSteps and ElseSteps of ${q(step.placement.condition)}: a step can run in one branch only; give the copy in ${step.placement.branch} its own name or move it after the condition`,
      });
    } else if (same && places.some((p) => p.kind === "top") && places.some((p) => p.kind === "branch")) {
      report({
        code: "step-in-branch-and-top-level",
        path: step.path,
        step: step.name,
        message: `step ${q(step.name)} is both a top-level step and a branch step: steps of a Condition branch appear only inside IfSteps/ElseSteps; remove it from the top-level Steps`,
      });
    } else {
      report({
        code: "duplicate-step-name",
        path: [...step.path, "Name"],
        step: step.name,
        message: `step name ${q(step.name)} is already used at ${pathText(first.path)}: step names must be unique across the whole pipeline, branch steps included; rename one of them`,
      });
    }
  }
}

function pathText(path: readonly PathSegment[]): string {
  return `$${path.map((s) => (typeof s === "number" ? `[${s}]` : `.${s}`)).join("")}`;
}

/** Condition steps nested in a branch, which SageMaker does not support. */
export function checkNesting(ctx: RuleContext, report: Report): void {
  for (let k = 0; k < ctx.steps.length; k++) {
    const step = ctx.steps[k] as IndexedStep;
    if (step.type === "Condition" && step.placement.kind === "branch") {
      report({
        code: "nested-condition-step",
        path: step.path,
        step: step.name,
        message: `Condition step ${q(step.name)} is nested in a branch of ${q(step.placement.condition)}: SageMaker does not support nested condition steps; combine the conditions (Or, Not, several conditions) or move it to the top level`,
      });
    }
  }
}

/** CacheConfig and RetryPolicies only on the step types that honour them. */
export function checkCapabilities(ctx: RuleContext, report: Report): void {
  for (let k = 0; k < ctx.steps.length; k++) {
    const step = ctx.steps[k] as IndexedStep;
    if (!isStepType(step.type)) continue;
    const capabilities = STEP_CAPABILITIES[step.type];
    if (step.value.CacheConfig !== undefined && !capabilities.cache) {
      report({
        code: "cache-not-supported",
        path: [...step.path, "CacheConfig"],
        step: step.name,
        message: `${step.type} steps cannot be cached: remove CacheConfig from ${q(step.name)}`,
      });
    }
    if (step.value.RetryPolicies !== undefined && !capabilities.retry) {
      report({
        code: "retry-not-supported",
        path: [...step.path, "RetryPolicies"],
        step: step.name,
        message: `${step.type} steps do not take retry policies: remove RetryPolicies from ${q(step.name)}`,
      });
    }
  }
}

/** DependsOn names existing steps, and never a Fail step. */
export function checkDependsOn(ctx: RuleContext, report: Report): void {
  for (let k = 0; k < ctx.steps.length; k++) {
    const step = ctx.steps[k] as IndexedStep;
    const dependsOn = step.value.DependsOn;
    if (!Array.isArray(dependsOn)) continue;
    for (let i = 0; i < dependsOn.length; i++) {
      const name: unknown = dependsOn[i];
      if (typeof name !== "string") continue;
      const target = ctx.byName.get(name);
      if (target === undefined) {
        const path = [...step.path, "DependsOn", i];
        report({
          code: "unknown-dependency",
          path,
          step: step.name,
          message: `${q(step.name)} depends on ${q(name)}, which is not a step of this pipeline.${ctx.suggester.didYouMean(name, ctx.byName.keys())} Add the step or remove it from DependsOn`,
        });
      } else if (target.type === "Fail") {
        report({
          code: "depends-on-fail-step",
          path: [...step.path, "DependsOn", i],
          step: step.name,
          message: `${q(step.name)} depends on Fail step ${q(name)}, which never completes: remove it from DependsOn`,
        });
      }
    }
  }
}

/** Every `Get` points at something that exists; property files match a declared output. */
export function checkReferences(ctx: RuleContext, report: Report): void {
  const experimentDisabled = ctx.document.PipelineExperimentConfig === null;
  for (const found of collectReferences(ctx.document.PipelineExperimentConfig, ["PipelineExperimentConfig"])) {
    const { reference, path } = found;
    if (reference.root === "Parameters" && !ctx.parameters.has(reference.name)) {
      report({ code: "unknown-parameter", path, message: `parameter ${q(reference.name)} is not declared.${ctx.suggester.didYouMean(reference.name, ctx.parameters.keys())} Declare it in Parameters or fix the name` });
    } else if (reference.root === "Steps" || reference.root === "PipelineExperimentConfig") {
      report({ code: "unknown-step", path, message: "PipelineExperimentConfig is resolved when the execution starts: it can use parameters, execution variables and literals, not step properties" });
    }
  }
  for (let k = 0; k < ctx.steps.length; k++) {
    const step = ctx.steps[k] as IndexedStep;
    const references = ctx.references[step.index] ?? [];
    for (let i = 0; i < references.length; i++) checkReference(ctx, step, references[i] as FoundReference, experimentDisabled, report);
    checkPropertyFiles(step, report);
  }
}

function checkReference(ctx: RuleContext, step: IndexedStep, found: FoundReference, experimentDisabled: boolean, report: Report) {
  const { reference } = found;
  // (where it is, only when there is an issue to report)
  const at = () => ({ path: stepReferencePath(step, found), step: step.name });
  switch (reference.root) {
    case "Parameters":
      if (!ctx.parameters.has(reference.name)) {
        report({
          ...at(),
          code: "unknown-parameter",
          message: `parameter ${q(reference.name)} is not declared.${ctx.suggester.didYouMean(reference.name, ctx.parameters.keys())} Declare it in Parameters or fix the name`,
        });
      }
      return;
    case "PipelineExperimentConfig":
      if (experimentDisabled) {
        report({
          ...at(),
          code: "experiment-config-disabled",
          message: `PipelineExperimentConfig.${excerpt(reference.name)} is referenced but PipelineExperimentConfig is null: enable the experiment config or use another value`,
        });
      }
      return;
    case "Execution":
      return;
    case "Steps":
      checkStepReference(ctx, step, reference, found, report);
  }
}

function checkStepReference(
  ctx: RuleContext,
  step: IndexedStep,
  reference: Extract<Reference, { root: "Steps" }>,
  found: FoundReference,
  report: Report,
) {
  const at = () => ({ path: stepReferencePath(step, found), step: step.name });
  const target = ctx.byName.get(reference.step);
  if (target === undefined) {
    report({
      ...at(),
      code: "unknown-step",
      message: `step ${q(reference.step)} does not exist.${ctx.suggester.didYouMean(reference.step, ctx.byName.keys())} Reference a step of this pipeline`,
    });
    return;
  }
  if (target.type === "Fail") {
    report({ ...at(), code: "reference-to-fail-step", message: `Fail step ${q(reference.step)} has no properties to reference: remove the reference` });
    return;
  }
  // (read without regular expressions and without listing what the target declares: this runs for
  // every reference of every compile, and lists are needed only for the messages)
  if (reference.property.startsWith("PropertyFiles.") && reference.property.length > "PropertyFiles.".length) {
    const name = reference.property.slice("PropertyFiles.".length);
    if (!found.propertyFile) {
      report({ ...at(), code: "unknown-property", message: `a property file is read with Std:JsonGet, not Get: use {"Std:JsonGet": {"PropertyFile": {"Get": "Steps.${excerpt(reference.step)}.PropertyFiles.${excerpt(name)}"}, "Path": "..."}}` });
    } else if (!declares(target.value.PropertyFiles, "PropertyFileName", name)) {
      const declared = declaredPropertyFiles(target);
      const known = declared.length === 0 ? `${q(reference.step)} declares no property files` : `it declares ${quote(declared)}`;
      report({ ...at(), code: "unknown-property-file", message: `property file ${q(name)} is not declared on step ${q(reference.step)} (${known}): add it to the step's PropertyFiles or fix the name` });
    }
    return;
  }
  if (found.propertyFile) {
    report({ ...at(), code: "unknown-property-file", message: `a JsonGet PropertyFile must be Steps.${excerpt(reference.step)}.PropertyFiles.<name>` });
    return;
  }
  if (target.type === "Lambda" || target.type === "Callback") {
    const name = quotedKey(reference.property, "OutputParameters", true);
    if (name !== undefined) {
      if (!declares(target.value.OutputParameters, "OutputName", name)) {
        const declared = declaredOutputs(target);
        report({ ...at(), code: "unknown-output-parameter", message: `${q(reference.step)} has no output parameter ${q(name)}.${ctx.suggester.didYouMean(name, declared)} Declare it in the step's OutputParameters` });
      }
      return;
    }
  }
  if (reference.property === "") {
    report({ ...at(), code: "unknown-property", message: `{"Get": "Steps.${excerpt(reference.step)}"} names the whole step: reference one of its properties, e.g. Steps.${excerpt(reference.step)}.${exampleProperty(target.type)}` });
    return;
  }
  const output = target.type === "Processing" ? quotedKey(reference.property, "ProcessingOutputConfig.Outputs", false) : undefined;
  if (output !== undefined) {
    if (!declares(processingOutputEntries(target), "OutputName", output)) {
      const declared = processingOutputs(target);
      report({ ...at(), code: "unknown-property", message: `Processing step ${q(reference.step)} has no output ${q(output)} (${declared.length === 0 ? "it declares no outputs" : `its outputs are ${quote(declared)}`}).${ctx.suggester.didYouMean(output, declared)} Use the OutputName of one of its ProcessingOutputConfig.Outputs` });
      return;
    }
  }
  const resolved = resolvePropertyPath(target.type, reference.property);
  if (!resolved.ok) {
    const options = resolved.expected.length > 0 ? ` Expected one of: ${resolved.expected.slice(0, 12).join(", ")}${resolved.expected.length > 12 ? ", ..." : ""}.` : "";
    report({
      ...at(),
      code: "unknown-property",
      message: `${excerpt(target.type)} step ${q(reference.step)} has no property ${q(reference.property)} (failed at ${q(resolved.at)}).${options}`,
    });
  }
}

function exampleProperty(type: string): string {
  const examples: Record<string, string> = {
    Training: "ModelArtifacts.S3ModelArtifacts",
    Processing: "ProcessingOutputConfig.Outputs['<name>'].S3Output.S3Uri",
    Transform: "TransformOutput.S3OutputPath",
    Condition: "Outcome",
    Lambda: "OutputParameters['<name>']",
    Callback: "OutputParameters['<name>']",
    RegisterModel: "ModelPackageArn",
    Model: "ModelName",
  };
  return examples[type] ?? "<property>";
}

/** True when `list` holds an object whose `key` is `name`. */
function declares(list: unknown, key: string, name: string): boolean {
  if (!Array.isArray(list)) return false;
  for (const item of list) if (isObject(item) && item[key] === name) return true;
  return false;
}

/** A Processing step's `ProcessingOutputConfig.Outputs`, as it is (undefined when missing). */
function processingOutputEntries(step: IndexedStep): unknown {
  const args = isObject(step.value.Arguments) ? step.value.Arguments : {};
  const config = isObject(args.ProcessingOutputConfig) ? args.ProcessingOutputConfig : {};
  return config.Outputs;
}

function processingOutputs(step: IndexedStep): string[] {
  const outputs = processingOutputEntries(step);
  return Array.isArray(outputs) ? outputs.flatMap((o: unknown) => (isObject(o) && typeof o.OutputName === "string" ? [o.OutputName] : [])) : [];
}

function declaredPropertyFiles(step: IndexedStep): string[] {
  const files = step.value.PropertyFiles;
  return Array.isArray(files) ? files.flatMap((f: unknown) => (isObject(f) && typeof f.PropertyFileName === "string" ? [f.PropertyFileName] : [])) : [];
}

function declaredOutputs(step: IndexedStep): string[] {
  const outputs = step.value.OutputParameters;
  return Array.isArray(outputs) ? outputs.flatMap((o: unknown) => (isObject(o) && typeof o.OutputName === "string" ? [o.OutputName] : [])) : [];
}

function checkPropertyFiles(step: IndexedStep, report: Report) {
  const files = step.value.PropertyFiles;
  if (!Array.isArray(files)) return;
  const outputs = processingOutputs(step);
  const names = new Set<string>();
  files.forEach((file: unknown, i) => {
    if (!isObject(file)) return;
    const path = [...step.path, "PropertyFiles", i];
    if (typeof file.PropertyFileName === "string") {
      if (names.has(file.PropertyFileName)) {
        report({ code: "duplicate-property-file", path: [...path, "PropertyFileName"], step: step.name, message: `property file ${q(file.PropertyFileName)} is declared twice on ${q(step.name)}: rename or remove one` });
      }
      names.add(file.PropertyFileName);
    }
    if (typeof file.OutputName === "string" && !outputs.includes(file.OutputName)) {
      const known = outputs.length === 0 ? "the step has no ProcessingOutputConfig.Outputs" : `its outputs are ${quote(outputs)}`;
      report({
        code: "property-file-output-mismatch",
        path: [...path, "OutputName"],
        step: step.name,
        message: `property file OutputName ${q(file.OutputName)} does not name an output of ${q(step.name)} (${known}): use the OutputName of the processing output that holds the file`,
      });
    }
  });
}

/** Cycles through data references, DependsOn and condition branches. */
export function checkCycles(ctx: RuleContext, report: Report): void {
  if (waitsOnlyForEarlier(ctx)) return;
  // edges: step -> the steps it must wait for
  const waitsFor = new Map<string, Set<string>>();
  for (let k = 0; k < ctx.steps.length; k++) {
    const step = ctx.steps[k] as IndexedStep;
    const edges = waitsFor.get(step.name) ?? new Set<string>();
    waitsFor.set(step.name, edges);
    for (const found of ctx.references[step.index] ?? []) {
      if (found.reference.root === "Steps" && ctx.byName.has(found.reference.step)) edges.add(found.reference.step);
    }
    if (Array.isArray(step.value.DependsOn)) {
      for (const name of step.value.DependsOn) if (typeof name === "string" && ctx.byName.has(name)) edges.add(name);
    }
    if (step.placement.kind === "branch") edges.add(step.placement.condition);
  }
  // a depth-first search with an explicit stack (a chain of thousands of steps is no deeper for it)
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const onPath = new Map<string, number>();
  const reported = new Set<string>();
  const pending: Array<{ name: string; next: Iterator<string> }> = [];
  const enter = (name: string) => {
    state.set(name, "visiting");
    onPath.set(name, path.length);
    path.push(name);
    pending.push({ name, next: (waitsFor.get(name) ?? new Set<string>()).values() });
  };
  for (let k = 0; k < ctx.steps.length; k++) {
    const step = ctx.steps[k] as IndexedStep;
    if (state.has(step.name)) continue;
    enter(step.name);
    while (pending.length > 0) {
      const top = pending[pending.length - 1] as (typeof pending)[number];
      const step = top.next.next();
      if (step.done === true) {
        pending.pop();
        path.pop();
        onPath.delete(top.name);
        state.set(top.name, "done");
        continue;
      }
      const next = step.value;
      const s = state.get(next);
      if (s === undefined) enter(next);
      else if (s === "visiting") reportCycle(ctx, path.slice(onPath.get(next) ?? 0), next, reported, report);
    }
  }
}

/**
 * True when every step waits only for steps whose name first appears before its own name does in
 * `ctx.steps` (data references, DependsOn, the condition of a branch step): that order is then one
 * the steps can run in, so there is no cycle. The common case (a builder lists a step after what it
 * reads), told without building the graph; any other document is searched for cycles.
 */
function waitsOnlyForEarlier(ctx: RuleContext): boolean {
  // where a name first appears (ctx.byName holds the first step of each name)
  const before = (target: string, own: number): boolean => {
    const at = ctx.byName.get(target)?.index;
    return at === undefined || at < own;
  };
  for (let k = 0; k < ctx.steps.length; k++) {
    const step = ctx.steps[k] as IndexedStep;
    const own = ctx.byName.get(step.name)?.index ?? step.index;
    const references = ctx.references[step.index] ?? [];
    for (let i = 0; i < references.length; i++) {
      const { reference } = references[i] as FoundReference;
      if (reference.root === "Steps" && !before(reference.step, own)) return false;
    }
    const dependsOn = step.value.DependsOn;
    if (Array.isArray(dependsOn)) {
      for (let i = 0; i < dependsOn.length; i++) {
        const name: unknown = dependsOn[i];
        if (typeof name === "string" && !before(name, own)) return false;
      }
    }
    if (step.placement.kind === "branch" && !before(step.placement.condition, own)) return false;
  }
  return true;
}

/** Reports a cycle once (whichever step it is found from), naming at most a dozen of its steps. */
function reportCycle(ctx: RuleContext, cycle: readonly string[], next: string, reported: Set<string>, report: Report): void {
  const key = [...cycle].sort().join("|");
  if (reported.has(key)) return;
  reported.add(key);
  const steps = [...cycle, next].reverse().map((name) => excerpt(name, 40));
  const shown = steps.length <= 12 ? steps.join(" → ") : `${steps.slice(0, 6).join(" → ")} → …(${steps.length - 10} more)… → ${steps.slice(-4).join(" → ")}`;
  const first = ctx.byName.get(next);
  report({
    code: "cycle",
    path: first?.path ?? ["Steps"],
    step: next,
    message: `steps wait for each other in a cycle: ${shown}. Remove one of the data references or DependsOn entries that close it`,
  });
}

function fits(want: SlotKind, have: ValueKindOf): boolean {
  if (want === have) return true;
  if (have === "numeric") return want === "integer" || want === "number";
  return want === "number" && have === "integer";
}

const describeKind = (kind: ValueKindOf) => (kind === "integer" ? "an integer" : kind === "numeric" ? "a number" : `a ${kind}`);
const kindOf = (ctx: RuleContext, value: unknown) => valueKind(value, ctx);

/** Values whose type cannot fit their field, and conditions that compare different kinds. */
export function checkTypes(ctx: RuleContext, report: Report): void {
  for (let i = 0; i < ctx.slots.length; i++) {
    const slot = ctx.slots[i] as TypedSlot;
    const have = kindOf(ctx, slot.expression);
    if (have === "unknown" || fits(slot.kind, have)) continue;
    const what = "Get" in slot.expression ? `{"Get": ${q(slot.expression.Get)}}` : "this expression";
    const fix =
      slot.kind === "string"
        ? `wrap it in {"Std:Join": {"On": "", "Values": [${what}]}} to pass it as a string`
        : `use ${describeKind(slot.kind)} value or a reference of that type`;
    report({
      code: "parameter-type-mismatch",
      path: slotPath(slot),
      message: `${what} is ${describeKind(have)} but this field takes ${describeKind(slot.kind)}: ${fix}`,
    });
  }
  for (let k = 0; k < ctx.steps.length; k++) {
    const step = ctx.steps[k] as IndexedStep;
    if (step.type !== "Condition" || !isObject(step.value.Arguments)) continue;
    const conditions = step.value.Arguments.Conditions;
    if (Array.isArray(conditions)) {
      conditions.forEach((condition: unknown, i) => checkCondition(ctx, step, condition, [...step.path, "Arguments", "Conditions", i], report));
    }
  }
}

const comparable = (a: ValueKindOf, b: ValueKindOf) => {
  if (a === "unknown" || b === "unknown") return true;
  const group = (k: ValueKindOf) => (k === "integer" || k === "number" || k === "numeric" ? "number" : k);
  return group(a) === group(b);
};

function checkCondition(ctx: RuleContext, step: IndexedStep, condition: unknown, path: PathSegment[], report: Report): void {
  if (!isObject(condition)) return;
  const type = condition.Type;
  const mismatch = (left: unknown, right: unknown, at: PathSegment[]) => {
    const a = kindOf(ctx, left);
    const b = kindOf(ctx, right);
    if (comparable(a, b)) return;
    report({
      code: "condition-type-mismatch",
      path: at,
      step: step.name,
      message: `${String(type)} compares ${describeKind(a)} with ${describeKind(b)}, which is never true as intended: compare values of the same type (declare the parameter with the matching Type, or convert with Std:Join for strings)`,
    });
  };
  if (typeof type === "string" && (COMPARISON_TYPES as readonly string[]).includes(type)) {
    mismatch(condition.LeftValue, condition.RightValue, path);
  } else if (type === "In" && Array.isArray(condition.Values)) {
    condition.Values.forEach((value: unknown, i) => mismatch(condition.QueryValue, value, [...path, "Values", i]));
  } else if (type === "Not") {
    checkCondition(ctx, step, condition.Condition, [...path, "Condition"], report);
  } else if (type === "Or" && Array.isArray(condition.Conditions)) {
    condition.Conditions.forEach((inner: unknown, i) => checkCondition(ctx, step, inner, [...path, "Conditions", i], report));
  }
}

/** Duplicate parameter names. */
export function checkParameters(ctx: RuleContext, report: Report): void {
  const parameters = ctx.document.Parameters;
  if (!Array.isArray(parameters)) return;
  const seen = new Set<string>();
  parameters.forEach((parameter: unknown, i) => {
    if (!isObject(parameter) || typeof parameter.Name !== "string") return;
    if (seen.has(parameter.Name)) {
      report({ code: "duplicate-parameter", path: ["Parameters", i, "Name"], message: `parameter ${q(parameter.Name)} is declared twice: remove or rename one` });
    }
    seen.add(parameter.Name);
  });
}

/** Service quotas. */
export function checkQuotas(ctx: RuleContext, report: Report, serializedLength: number): void {
  const { quotas } = ctx;
  if (ctx.steps.length > quotas.maxSteps) {
    report({ code: "too-many-steps", path: ["Steps"], message: `the pipeline has ${ctx.steps.length} steps; the limit is ${quotas.maxSteps}. Split the pipeline, or raise quotas.maxSteps if your account's quota is higher` });
  }
  const parameters = Array.isArray(ctx.document.Parameters) ? ctx.document.Parameters.length : 0;
  if (parameters > quotas.maxParameters) {
    report({ code: "too-many-parameters", path: ["Parameters"], message: `the pipeline declares ${parameters} parameters; the limit is ${quotas.maxParameters}` });
  }
  const propertyFiles = ctx.steps.reduce((n, s) => n + (Array.isArray(s.value.PropertyFiles) ? s.value.PropertyFiles.length : 0), 0);
  if (propertyFiles > quotas.maxPropertyFiles) {
    report({ code: "too-many-property-files", path: ["Steps"], message: `the pipeline declares ${propertyFiles} property files; the limit is ${quotas.maxPropertyFiles}. Put several values in one JSON file` });
  }
  const jsonGets = ctx.jsonGets ?? countJsonGet(ctx.document.Steps);
  if (jsonGets > quotas.maxJsonGet) {
    report({ code: "too-many-json-get", path: ["Steps"], message: `the pipeline uses Std:JsonGet ${jsonGets} times; the limit is ${quotas.maxJsonGet}` });
  }
  if (serializedLength > quotas.maxDefinitionLength) {
    report({ code: "definition-too-large", path: [], message: `the definition is ${serializedLength} characters; the limit for CreatePipeline is ${quotas.maxDefinitionLength}. Remove unused steps or inline data` });
  }
}

/** The `Std:JsonGet`s in a value. */
export function countJsonGet(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) n += countJsonGet(item);
    return n;
  }
  if ("Std:JsonGet" in value) n++;
  for (const key of Object.keys(value)) n += countJsonGet((value as JsonObject)[key]);
  return n;
}
