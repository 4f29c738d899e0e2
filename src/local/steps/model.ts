import { writeFileAtomic } from "../files-atomic.js";
import { join } from "node:path";
import type { StepInvocation, StepResult } from "../engine.js";
import { defaultProperties } from "../step-properties.js";
import type { LocalStepContext } from "./context.js";

/** Records the model a Model (CreateModel) step creates in `<workdir>/models/<name>.json`. */
export async function runModel(invocation: StepInvocation, context: LocalStepContext): Promise<StepResult> {
  const properties = defaultProperties(invocation);
  await writeFileAtomic(join(context.workdir, "models", `${String(properties.ModelName)}.json`), `${JSON.stringify({ executionId: context.executionId, request: invocation.arguments }, null, 2)}\n`);
  return { properties };
}
