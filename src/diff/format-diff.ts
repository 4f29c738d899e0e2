import { excerpt } from "../text.js";
import { TOP_LEVEL, type DefinitionDiff, type StepSummary } from "./diff-definitions.js";
import type { ChangeKind, ValueChange } from "./value-diff.js";

const MARK: Readonly<Record<ChangeKind, string>> = { added: "+", removed: "-", changed: "~" };

/**
 * Renders a diff as plain text, one line per step, parameter or value, in a stable order: changed
 * steps, added steps, removed steps, then parameters the same way, then the rest of the definition.
 * Values are shown as compact JSON, a long one as an excerpt; control characters from the documents
 * are escaped, so the text is safe to print on a terminal. An empty diff renders as `no changes`.
 *
 * @example
 * ```ts
 * formatDiff(diffDefinitions(before, after));
 * // ~ step Train (Training)
 * //     ~ Arguments.HyperParameters.epochs: "300" → "400"
 * // + step Deploy (Lambda)
 * // - parameter OldParam
 * ```
 */
export function formatDiff(diff: DefinitionDiff): string {
  if (!diff.changed) return "no changes";
  const { steps, parameters } = diff;
  const lines = [
    ...steps.changed.flatMap((step) => [`~ step ${excerpt(step.name)} (${excerpt(step.type)})`, ...step.changes.map(valueLine)]),
    ...steps.added.map((step) => `+ step ${describeStep(step)}`),
    ...steps.removed.map((step) => `- step ${describeStep(step)}`),
    ...parameters.changed.flatMap((parameter) => [`~ parameter ${excerpt(parameter.name)}`, ...parameter.changes.map(valueLine)]),
    ...parameters.added.map((parameter) => `+ parameter ${excerpt(parameter.name)}`),
    ...parameters.removed.map((parameter) => `- parameter ${excerpt(parameter.name)}`),
    ...(diff.other.length > 0 ? ["~ pipeline", ...diff.other.map(valueLine)] : []),
  ];
  return lines.join("\n");
}

function describeStep(step: StepSummary): string {
  const where = step.placement === TOP_LEVEL ? "" : ` in ${excerpt(step.placement)}`;
  return `${excerpt(step.name)} (${excerpt(step.type)})${where}`;
}

function valueLine(change: ValueChange): string {
  const values =
    change.kind === "added" ? show(change.after) : change.kind === "removed" ? show(change.before) : `${show(change.before)} → ${show(change.after)}`;
  return `    ${MARK[change.kind]} ${excerpt(change.pathText, 400)}: ${values}`;
}

/** The longest value shown in full. */
const SHOWN_VALUE = 200;

function show(value: unknown): string {
  return excerpt(JSON.stringify(value) ?? String(value), SHOWN_VALUE);
}
