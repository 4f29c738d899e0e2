import { writeFileAtomic } from "../files-atomic.js";
import { join } from "node:path";
import type { StepInvocation, StepResult } from "../engine.js";
import { defaultProperties } from "../step-properties.js";
import { type LocalStepContext } from "./context.js";
import { text } from "../../runtime/json-fields.js";

/** Records an endpoint configuration in `<workdir>/endpoints/configs/<name>.json`. */
export async function runEndpointConfig(invocation: StepInvocation, context: LocalStepContext): Promise<StepResult> {
  const name = text(invocation.arguments.EndpointConfigName) ?? invocation.jobName;
  await writeFileAtomic(join(context.workdir, "endpoints", "configs", `${name}.json`), `${JSON.stringify({ executionId: context.executionId, request: invocation.arguments }, null, 2)}\n`);
  return { properties: defaultProperties(invocation) };
}
