import { escapeControl } from "../text.js";
import type { ConditionEvaluation } from "./conditions.js";
import type { RunRecord } from "./run-record.js";

/**
 * A run record as text for people: outcome, source, parameters, each step's job, data, code and
 * metrics, the condition decisions with their values, registered models and deployments.
 *
 * @example
 * ```ts
 * console.log(formatRunRecord(await execution.lineage()));
 * ```
 */
export function formatRunRecord(record: RunRecord): string {
  const lines: string[] = [];
  lines.push(`${record.pipelineName} ${record.executionId}: ${record.status}${record.failureReason !== undefined ? ` — ${record.failureReason}` : ""}`);
  lines.push(`  ${record.startedAt} → ${record.endedAt}`);
  if (record.source?.commit !== undefined) lines.push(`  commit ${record.source.commit}`);
  lines.push("parameters:");
  for (const [name, value] of Object.entries(record.parameters)) lines.push(`  ${name} = ${JSON.stringify(value)}`);
  lines.push("steps:");
  for (const step of record.steps) {
    const how = step.cached ? ` (cached${step.cachedFrom !== undefined ? ` from ${step.cachedFrom}` : ""})` : step.attempts > 1 ? ` (${step.attempts} attempts)` : "";
    lines.push(`  ${step.name} (${step.type}) ${step.status}${how}${step.failureReason !== undefined ? `: ${step.failureReason}` : ""}`);
    if (step.jobName !== undefined) lines.push(`    job ${step.jobName}${step.instanceType !== undefined ? ` on ${step.instanceType}` : ""}`);
    if (step.image !== undefined) lines.push(`    image ${step.image}`);
    for (const input of step.inputs ?? []) lines.push(`    in  ${input.name}: ${input.uri}`);
    for (const output of step.outputs ?? []) lines.push(`    out ${output.name}: ${output.uri}`);
    for (const code of step.code ?? []) lines.push(`    code ${code.localPath ?? code.uri}${code.sha256 !== undefined ? ` sha256:${code.sha256.slice(0, 12)}` : ""}`);
    if (step.hyperparameters !== undefined && Object.keys(step.hyperparameters).length > 0) {
      lines.push(`    hyperparameters ${Object.entries(step.hyperparameters).map(([k, v]) => `${k}=${v}`).join(" ")}`);
    }
    if (step.metrics !== undefined && Object.keys(step.metrics).length > 0) {
      lines.push(`    metrics ${Object.entries(step.metrics).map(([k, v]) => `${k}=${v}`).join(" ")}`);
    }
    for (const [name, content] of Object.entries(step.propertyFiles ?? {})) lines.push(`    property file ${name}: ${JSON.stringify(content)}`);
  }
  for (const decision of record.conditions) {
    const values = decision.conditions.length > 0 ? `${decision.conditions.map(describeCondition).join(" and ")} → ` : "";
    lines.push(`decision ${decision.step}: ${values}${decision.outcome} (${decision.branch})`);
  }
  for (const model of record.registeredModels) {
    lines.push(`registered ${model.modelPackageGroupName} version ${model.modelPackageVersion} (${model.approvalStatus}) ${model.modelPackageArn}`);
    if (model.modelDataUrl !== undefined) lines.push(`  model data ${model.modelDataUrl}`);
  }
  for (const deployment of record.deployments) lines.push(`deployed ${String(deployment.endpointName ?? deployment.endpointArn ?? deployment.step)}`);
  // names, reasons and values come from the run (a failure message, a file's record): a character a
  // terminal would act on is printed as an escape
  return `${lines.map(escapeControl).join("\n")}\n`;
}

/** `0.91 >= 0.8`, `not ("a" in ["b"])`, ... */
export function describeCondition(condition: ConditionEvaluation): string {
  const symbols = { Equals: "==", GreaterThan: ">", GreaterThanOrEqualTo: ">=", LessThan: "<", LessThanOrEqualTo: "<=" } as const;
  switch (condition.type) {
    case "In":
      return `${JSON.stringify(condition.query)} in ${JSON.stringify(condition.values)}`;
    case "Not":
      return `not (${describeCondition(condition.condition)})`;
    case "Or":
      return `(${condition.conditions.map(describeCondition).join(" or ")})`;
    default:
      return `${JSON.stringify(condition.left)} ${symbols[condition.type]} ${JSON.stringify(condition.right)}`;
  }
}
