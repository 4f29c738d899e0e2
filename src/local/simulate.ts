import type { PipelineBuilder } from "../builder/pipeline-builder.js";
import type { ParameterMap, StepMap } from "../builder/step-definition.js";
import type { CompiledPipeline } from "../compile/compile.js";
import type { PipelineDefinition } from "../definition/pipeline-definition.js";
import { resolveParameterValues, type ParameterArguments } from "../runtime/parameters.js";
import { didYouMean } from "../validate/suggest.js";
import type { ConditionDecision } from "../runtime/conditions.js";
import { runEngine, type StepInvocation, type StepResult } from "./engine.js";
import { LocalRunError } from "./errors.js";
import { buildGraph } from "./graph.js";
import type { StepRecord } from "../runtime/run-record.js";
import { checkOptions, optionShape } from "../options.js";
import { checkStubs, propertyFileSchemasOf } from "./stub-check.js";
import { STEP_OUTCOME, stubbedResult, type StepOutcome } from "./stub.js";
import { resolveTarget, type RunTarget } from "./target.js";

/** Options of {@link simulate}. */
export interface SimulateOptions<P extends ParameterMap = ParameterMap> {
  /** Parameter values of the run; declared defaults fill the rest. */
  readonly params?: ParameterArguments<P>;
  /** Stubbed outcomes by step name. Steps without one succeed with the properties their Arguments imply. */
  readonly outputs?: Readonly<Record<string, StepOutcome>>;
  /** JSON documents by S3 URI, for `Std:JsonGet` with an `S3Uri`. */
  readonly objects?: Readonly<Record<string, unknown>>;
  /** The pipeline's name, when simulating a bare definition. */
  readonly name?: string;
  /** Directory that the pipeline's relative local code paths are read from. @default the directory of the file that called `pipeline()`, else `process.cwd()` */
  readonly baseDir?: string;
}

const SIMULATE_OPTIONS = optionShape<SimulateOptions>(
  { params: "map", outputs: "map", objects: "map", name: true, baseDir: true },
  { outputs: { record: STEP_OUTCOME } },
);

/** What {@link simulate} found: which steps ran or were skipped, every condition's values, the outcome. */
export interface SimulationResult {
  readonly status: "Succeeded" | "Failed";
  /** The Fail step's message, or the stubbed failure's reason. */
  readonly failureReason?: string;
  readonly failedStep?: string;
  /** Steps that ran (including Fail steps reached), in the order they started. */
  readonly ran: readonly string[];
  /** Steps that did not run: a branch not taken, or after a failure. */
  readonly skipped: readonly string[];
  /** Every step's record, by name. */
  readonly steps: Readonly<Record<string, StepRecord>>;
  /** Each Condition step's decision with the operand values it compared. */
  readonly conditions: readonly ConditionDecision[];
  /** The properties each step that ran ended with. */
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * Walks a pipeline with stubbed step outcomes, in memory: no processes, no files, no AWS. Conditions
 * are evaluated with the real semantics, so a unit test can prove which branch a metric value takes.
 * A stub that could not happen — a misspelt option or stub key, a property file or output the step
 * does not declare, a value that does not match the property file's zod schema or that JSON cannot
 * carry (NaN) — is an error (`unknown-option`, `local-stub-invalid`), never a passing test.
 *
 * @example
 * ```ts
 * const run = await simulate(churn, {
 *   params: { AccuracyThreshold: 0.8 },
 *   outputs: { Evaluate: { propertyFiles: { report: { metrics: { accuracy: { value: 0.75 } } } } } },
 * });
 * run.status;        // "Failed"
 * run.failureReason; // "model accuracy 0.75 is below the threshold 0.8"
 * run.skipped;       // ["RegisterModel", "DeployModel"]
 * ```
 */
export function simulate<P extends ParameterMap, S extends StepMap>(pipeline: PipelineBuilder<P, S>, options?: SimulateOptions<P>): Promise<SimulationResult>;
export function simulate(pipeline: CompiledPipeline | PipelineDefinition, options?: SimulateOptions): Promise<SimulationResult>;
export async function simulate(pipeline: RunTarget, options: SimulateOptions = {}): Promise<SimulationResult> {
  checkOptions("simulate", options, SIMULATE_OPTIONS);
  const { name, definition } = resolveTarget(pipeline, options.name, options.baseDir !== undefined ? { baseDir: options.baseDir } : {});
  const graph = buildGraph(definition);
  const stepNames = graph.map((step) => step.name);
  const outputs = options.outputs ?? {};
  for (const stubbed of Object.keys(outputs)) {
    if (!stepNames.includes(stubbed)) {
      throw new LocalRunError("local-unknown-step", `simulate: outputs.${stubbed} names no step of "${name}".${didYouMean(stubbed, stepNames)} Steps: ${stepNames.join(", ")}.`);
    }
  }
  checkStubs("simulate", "outputs", outputs, graph, propertyFileSchemasOf(pipeline));
  const parameters = resolveParameterValues(name, definition.Parameters ?? [], options.params ?? {});
  const executionId = "simulated";
  const started: string[] = [];
  const execute = async (invocation: StepInvocation): Promise<StepResult> => stubbedResult(invocation, outputs[invocation.step.name]);
  const outcome = await runEngine({
    definition,
    pipelineName: name,
    parameters,
    executionId,
    executionArn: `arn:aws:sagemaker:local:000000000000:pipeline/${name.toLowerCase()}/execution/${executionId}`,
    pipelineArn: `arn:aws:sagemaker:local:000000000000:pipeline/${name.toLowerCase()}`,
    startedAt: new Date(0),
    parallelism: 1,
    execute,
    s3Json: (uri) => {
      if (options.objects !== undefined && uri in options.objects) return options.objects[uri];
      throw new LocalRunError("local-stub-missing", `simulate: the run reads the JSON document ${uri}: give it in objects: { "${uri}": {...} }`);
    },
    sleep: async () => undefined,
    now: () => new Date(0),
    onEvent: (event) => {
      if (event.type === "step-started" && event.attempt === 1) started.push(event.step);
    },
    onMissingPropertyFile: (step, file) => {
      throw new LocalRunError(
        "local-stub-missing",
        `simulate: the run reads property file "${file}" of step "${step}", but it is not stubbed: add outputs: { ${step}: { propertyFiles: { ${file}: {...} } } }`,
      );
    },
  });
  return {
    status: outcome.status === "Succeeded" ? "Succeeded" : "Failed", // a simulation is never stopped
    ...(outcome.failureReason !== undefined ? { failureReason: outcome.failureReason } : {}),
    ...(outcome.failedStep !== undefined ? { failedStep: outcome.failedStep } : {}),
    ran: started,
    skipped: outcome.steps.filter((step) => step.status === "Skipped" || step.status === "NotStarted").map((step) => step.name),
    steps: Object.fromEntries(outcome.steps.map((step) => [step.name, step])),
    conditions: outcome.conditions,
    properties: Object.fromEntries(outcome.properties),
  };
}
