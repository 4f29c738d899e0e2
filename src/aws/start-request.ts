import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { Parameter } from "../definition/parameters.js";
import { SagepipeError } from "../errors.js";
import { parameterValueText, resolveParameterValues, type ParameterInputForm } from "../runtime/parameters.js";
import { callAws } from "./call.js";
import { sagemakerModule } from "./clients.js";
import { checkClientRequestToken } from "./tokens.js";

/** The parts of a StartPipelineExecution request that `start` and `Execution.rerun` share. */
export interface StartRequest {
  /** The pipeline's name or ARN. */
  readonly pipeline: string;
  /** `Name → text value`, already checked. */
  readonly parameters: Readonly<Record<string, string>>;
  // (undefined is the same as left out: the options it comes from take values from the environment)
  readonly displayName?: string | undefined;
  readonly description?: string | undefined;
  readonly clientRequestToken?: string | undefined;
  readonly parallelism?: number | undefined;
  readonly selectiveExecution?: { readonly sourceExecutionArn?: string | undefined; readonly steps: readonly string[] } | undefined;
}

/** `PipelineExecutionDisplayName`: 1 to 82 letters, digits and hyphens, no leading hyphen. */
const DISPLAY_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}$/;

/**
 * Checks the given parameter values against the declared parameters (unknown names, types, enum
 * values and — unless `requireAll` is false — required parameters without a value; see
 * `resolveParameterValues`) and returns the ones given, as the text StartPipelineExecution takes.
 * Parameters not given are left out: their defaults apply.
 *
 * @example
 * ```ts
 * parameterTexts("Churn", definition.Parameters ?? [], { Threshold: 0.9 }); // { Threshold: "0.9" }
 * ```
 */
export function parameterTexts(
  pipelineName: string,
  declared: readonly Parameter[],
  given: Readonly<Record<string, unknown>> | undefined,
  options: { readonly form?: ParameterInputForm; readonly requireAll?: boolean } = {},
): Record<string, string> {
  const supplied = Object.fromEntries(Object.entries(given ?? {}).filter(([, value]) => value !== undefined));
  // with requireAll false, a parameter without default is not reported missing: its value comes
  // from elsewhere (a source execution); the stand-in default is never sent
  const checked = options.requireAll === false ? declared.map((p) => (p.DefaultValue === undefined ? ({ ...p, DefaultValue: standIn(p) } as Parameter) : p)) : declared;
  const resolved = resolveParameterValues(pipelineName, checked, supplied, options.form ?? "typed");
  const texts: Record<string, string> = {};
  for (const name of Object.keys(supplied)) {
    const value = resolved[name];
    if (value !== undefined) texts[name] = parameterValueText(value);
  }
  return texts;
}

function standIn(parameter: Parameter): string | number | boolean {
  return parameter.Type === "String" ? (parameter.EnumValues?.[0] ?? "-") : parameter.Type === "Boolean" ? false : 0;
}

/**
 * Rejects options SageMaker would refuse, before any call.
 *
 * @example
 * ```ts
 * checkStartOptions({ displayName: "nightly-run", parallelism: 4 });
 * ```
 */
export function checkStartOptions(request: Omit<StartRequest, "pipeline" | "parameters">): void {
  if (request.clientRequestToken !== undefined) checkClientRequestToken(request.clientRequestToken);
  if (request.displayName !== undefined && !DISPLAY_NAME.test(request.displayName)) {
    throw new SagepipeError("invalid-option", `displayName "${request.displayName}" is not a valid PipelineExecutionDisplayName: 1 to 82 letters, digits and hyphens, starting and ending with a letter or digit`);
  }
  if (request.parallelism !== undefined && !(Number.isInteger(request.parallelism) && request.parallelism >= 1)) {
    throw new SagepipeError("invalid-option", `parallelism (MaxParallelExecutionSteps) must be an integer of at least 1, got ${request.parallelism}`);
  }
  if (request.selectiveExecution !== undefined && request.selectiveExecution.steps.length === 0) {
    throw new SagepipeError("empty-selection", "selectiveExecution.steps must name at least one step");
  }
}

/**
 * Sends StartPipelineExecution; returns the new execution's ARN.
 *
 * @example
 * ```ts
 * const arn = await sendStart(client, { pipeline: "Churn", parameters: { Threshold: "0.9" } });
 * ```
 */
export async function sendStart(sagemaker: SageMakerClient, request: StartRequest): Promise<string> {
  const { StartPipelineExecutionCommand } = await sagemakerModule();
  const parameters = Object.entries(request.parameters).map(([Name, Value]) => ({ Name, Value }));
  const selective = request.selectiveExecution;
  const response = await callAws(
    "StartPipelineExecution",
    () =>
      sagemaker.send(
        new StartPipelineExecutionCommand({
          PipelineName: request.pipeline,
          ...(parameters.length === 0 ? {} : { PipelineParameters: parameters }),
          ...(request.displayName === undefined ? {} : { PipelineExecutionDisplayName: request.displayName }),
          ...(request.description === undefined ? {} : { PipelineExecutionDescription: request.description }),
          ...(request.clientRequestToken === undefined ? {} : { ClientRequestToken: request.clientRequestToken }),
          ...(request.parallelism === undefined ? {} : { ParallelismConfiguration: { MaxParallelExecutionSteps: request.parallelism } }),
          ...(selective === undefined
            ? {}
            : {
                SelectiveExecutionConfig: {
                  ...(selective.sourceExecutionArn === undefined ? {} : { SourcePipelineExecutionArn: selective.sourceExecutionArn }),
                  SelectedSteps: selective.steps.map((StepName) => ({ StepName })),
                },
              }),
        }),
      ),
    { notFoundCode: "pipeline-not-found", subject: `pipeline "${request.pipeline}"`, resourceName: request.pipeline },
  );
  const arn = response.PipelineExecutionArn;
  if (arn === undefined || arn === "") {
    throw new SagepipeError("invalid-response", `StartPipelineExecution for pipeline "${request.pipeline}" returned no PipelineExecutionArn`);
  }
  return arn;
}
