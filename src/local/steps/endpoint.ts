import { writeFileAtomic } from "../files-atomic.js";
import { join } from "node:path";
import type { StepInvocation, StepResult } from "../engine.js";
import { defaultProperties } from "../step-properties.js";
import { type LocalStepContext } from "./context.js";
import { text } from "../../runtime/json-fields.js";

/**
 * Records what an Endpoint step would deploy in `<workdir>/endpoints/<name>.json` (no model server
 * runs locally); it appears in the run record's deployments.
 */
export async function runEndpoint(invocation: StepInvocation, context: LocalStepContext, deployments: Record<string, unknown>[]): Promise<StepResult> {
  const name = text(invocation.arguments.EndpointName) ?? invocation.jobName;
  const deployment = { step: invocation.step.name, endpointName: name, endpointConfigName: invocation.arguments.EndpointConfigName, executionId: context.executionId };
  await writeFileAtomic(join(context.workdir, "endpoints", `${name}.json`), `${JSON.stringify(deployment, null, 2)}\n`);
  deployments.push(deployment);
  return { properties: defaultProperties(invocation), details: { deployment } };
}
