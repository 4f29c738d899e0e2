import { formatJsonPath, type PathSegment } from "../validate/issues.js";
import { isObject } from "../validate/step-index.js";
import { escapeControl } from "../text.js";

/** What happened to a value: it appeared, disappeared, or holds something else. */
export type ChangeKind = "added" | "removed" | "changed";

/** One difference between two JSON values, at a path relative to what was compared. */
export interface ValueChange {
  /** Where, as segments; an item of a named list is addressed by its name. */
  readonly path: readonly PathSegment[];
  /** Where, as text: `Arguments.ProcessingInputs['code'].S3Input.S3Uri`. */
  readonly pathText: string;
  readonly kind: ChangeKind;
  /** The value before; absent when `kind` is `"added"`. */
  readonly before?: unknown;
  /** The value after; absent when `kind` is `"removed"`. */
  readonly after?: unknown;
}

/**
 * Lists whose items carry a name, and the field holding it: their items are matched by that name, so
 * inserting one does not shift the others. Order in these lists means nothing to SageMaker.
 */
const NAMED_LISTS: Readonly<Record<string, string>> = {
  ProcessingInputs: "InputName",
  Outputs: "OutputName",
  InputDataConfig: "ChannelName",
  AdditionalModelDataSources: "ChannelName",
  Parameters: "Name",
  PropertyFiles: "PropertyFileName",
  MetricDefinitions: "Name",
  OutputParameters: "OutputName",
  IntegerParameterRanges: "Name",
  ContinuousParameterRanges: "Name",
  CategoricalParameterRanges: "Name",
  ProductionVariants: "VariantName",
  ShadowProductionVariants: "VariantName",
  DebugRuleConfigurations: "RuleConfigurationName",
  ProfilerRuleConfigurations: "RuleConfigurationName",
  TrainingJobDefinitions: "DefinitionName",
  AdditionalInferenceSpecifications: "Name",
  Tags: "Key",
};

/**
 * Lists compared as sets of values: order and repeats mean nothing. (`IfSteps` and `ElseSteps` hold
 * step names here: the steps themselves are compared by name.)
 */
const SET_LISTS: ReadonlySet<string> = new Set(["DependsOn", "IfSteps", "ElseSteps"]);

/** A position in the values compared: its segments and its text, built together. */
export interface Where {
  readonly path: readonly PathSegment[];
  readonly text: string;
}

const ROOT: Where = { path: [], text: "" };

/** `where` extended by an object key or array index (`.Key`, `['my-key']`, `[0]`). */
function at(where: Where, segment: PathSegment): Where {
  return { path: [...where.path, segment], text: where.text + formatJsonPath([segment]).slice(1) };
}

/** `where` extended by the name of an item in a named list or set: always `['name']`. */
function atName(where: Where, name: string): Where {
  const quoted = escapeControl(name.replace(/\\/g, "\\\\").replace(/'/g, "\\'"));
  return { path: [...where.path, name], text: `${where.text}['${quoted}']` };
}

function change(where: Where, kind: ChangeKind, values: { before?: unknown; after?: unknown }): ValueChange {
  return { path: where.path, pathText: where.text.replace(/^\./, ""), kind, ...values };
}

/**
 * The differences between two JSON values: objects key by key, arrays item by item (named lists by
 * name, `DependsOn` as a set), anything else as a whole. A key holding `undefined` counts as absent.
 *
 * @example
 * ```ts
 * diffValues({ A: [1, 2], B: "x" }, { A: [1, 3] });
 * // [{ path: ["A", 1], pathText: "A[1]", kind: "changed", before: 2, after: 3 },
 * //  { path: ["B"], pathText: "B", kind: "removed", before: "x" }]
 * ```
 */
export function diffValues(before: unknown, after: unknown, where: Where = ROOT): ValueChange[] {
  if (before === after) return [];
  if (isObject(before) && isObject(after)) return diffObjects(before, after, where);
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, where);
  return [change(where, "changed", { before, after })];
}

/** The value of an own key; undefined when absent (never an inherited `constructor` or `__proto__`). */
const own = (object: Readonly<Record<string, unknown>>, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

function diffObjects(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>, where: Where): ValueChange[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((key) => diffEntries(own(before, key), own(after, key), at(where, key)));
}

/** Compares two entries that may be absent (`undefined`). */
function diffEntries(before: unknown, after: unknown, where: Where): ValueChange[] {
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [change(where, "added", { after })];
  if (after === undefined) return [change(where, "removed", { before })];
  return diffValues(before, after, where);
}

function diffArrays(before: readonly unknown[], after: readonly unknown[], where: Where): ValueChange[] {
  const field = where.path.at(-1);
  if (typeof field === "string" && SET_LISTS.has(field)) return diffSets(before, after, where);
  const nameField = typeof field === "string" && Object.hasOwn(NAMED_LISTS, field) ? NAMED_LISTS[field] : undefined;
  const beforeByName = nameField === undefined ? undefined : itemsByName(before, nameField);
  const afterByName = nameField === undefined ? undefined : itemsByName(after, nameField);
  if (beforeByName !== undefined && afterByName !== undefined) {
    const names = new Set([...beforeByName.keys(), ...afterByName.keys()]);
    return [...names].flatMap((name) => diffEntries(beforeByName.get(name), afterByName.get(name), atName(where, name)));
  }
  const length = Math.max(before.length, after.length);
  return Array.from({ length }, (_, i) => diffEntries(before[i], after[i], at(where, i))).flat();
}

/** The items of a named list by name, or `undefined` when an item has no name or a name repeats. */
function itemsByName(items: readonly unknown[], nameField: string): Map<string, unknown> | undefined {
  const byName = new Map<string, unknown>();
  for (const item of items) {
    const name = isObject(item) && Object.hasOwn(item, nameField) ? item[nameField] : undefined;
    if (typeof name !== "string" || byName.has(name)) return undefined;
    byName.set(name, item);
  }
  return byName;
}

function diffSets(before: readonly unknown[], after: readonly unknown[], where: Where): ValueChange[] {
  const keyOf = (item: unknown) => (typeof item === "string" ? item : JSON.stringify(item));
  const beforeKeys = new Set(before.map(keyOf));
  const afterKeys = new Set(after.map(keyOf));
  const removed = before.filter((item) => !afterKeys.has(keyOf(item)));
  const added = after.filter((item) => !beforeKeys.has(keyOf(item)));
  return [
    ...dedupe(removed, keyOf).map((item) => change(atName(where, keyOf(item)), "removed", { before: item })),
    ...dedupe(added, keyOf).map((item) => change(atName(where, keyOf(item)), "added", { after: item })),
  ];
}

function dedupe(items: readonly unknown[], keyOf: (item: unknown) => string): unknown[] {
  return [...new Map(items.map((item) => [keyOf(item), item])).values()];
}
