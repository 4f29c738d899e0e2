import type { PipelineBuilder } from "../builder/pipeline-builder.js";
import type { ParameterMap, StepMap } from "../builder/step-definition.js";
import type { Compilable, CompiledPipeline } from "../compile/compile.js";
import type { Parameter } from "../definition/parameters.js";
import type { ParameterArguments, ParameterInputForm, ParameterValue } from "../runtime/parameters.js";
import type { JsonObject } from "../validate/step-index.js";
import { ClientProvider, type AwsClients } from "./clients.js";
import { parseDeployedDefinition, requireDeployedPipeline } from "./deployed.js";
import { Execution } from "./execution.js";
import { selectSteps } from "./selection.js";
import { checkStartOptions, parameterTexts, sendStart } from "./start-request.js";
import { checkOptions, optionShape } from "../options.js";
import { withClients } from "./option-shapes.js";

/**
 * Options of {@link start}. The optional values also take `undefined` (the same as leaving them
 * out), so that values read from the environment (`process.env.RUN_NAME`) pass as they are.
 */
export interface StartOptions<Params> {
  /** Parameter values; parameters left out take their default. */
  readonly params?: Params;
  /** `PipelineExecutionDisplayName`. */
  readonly displayName?: string | undefined;
  /** `PipelineExecutionDescription`. */
  readonly description?: string | undefined;
  /**
   * Makes a retried start idempotent: SageMaker answers a repeated token with the execution it
   * already started. See `deriveClientRequestToken` for a deterministic one. Default: the SDK
   * generates a random token per call.
   */
  readonly clientRequestToken?: string | undefined;
  /** `ParallelismConfiguration.MaxParallelExecutionSteps` for this execution. */
  readonly parallelism?: number | undefined;
  /**
   * Run only these steps (`SelectiveExecutionConfig`), reusing the results of the others from the
   * source execution (default: SageMaker's latest execution). `Execution.rerun` computes the steps
   * downstream of a step for you.
   */
  readonly selectiveExecution?: { readonly sourceExecutionArn?: string | undefined; readonly steps: readonly string[] };
  readonly clients?: AwsClients;
}

/** Options of {@link start} for a deployed pipeline named by a string, or a compiled pipeline. */
export interface StartByNameOptions extends StartOptions<Readonly<Record<string, ParameterValue>>> {
  /**
   * `"text"` when `params` come from a command line: `"0.8"` is read as a number for a Float
   * parameter, `"true"`/`"false"` for a Boolean. @default "typed"
   */
  readonly paramsForm?: ParameterInputForm;
}

const START_OPTIONS = withClients(
  optionShape<StartByNameOptions>(
    { params: "map", paramsForm: true, displayName: true, description: true, clientRequestToken: true, parallelism: true, selectiveExecution: true, clients: true },
    { selectiveExecution: { object: optionShape<NonNullable<StartByNameOptions["selectiveExecution"]>>({ sourceExecutionArn: true, steps: "list" }) } },
  ),
);

/**
 * Starts a pipeline execution and returns its {@link Execution} handle.
 *
 * Parameter values are checked before any write: for a builder, by type at compile time
 * (`params` is `ParameterArguments<P>`) and again at run time; for a pipeline name, against the
 * deployed definition (DescribePipeline). Unknown names, ill-typed values, values outside a
 * parameter's enum and required parameters without a value are rejected with a `ParameterError`;
 * only the values given are sent, as text. With `selectiveExecution`, step names are checked too.
 *
 * @example
 * ```ts
 * const execution = await start(churnPipeline, {
 *   params: { AccuracyThreshold: 0.9 },
 *   clientRequestToken: deriveClientRequestToken({ pipelineName: "ChurnPipeline", commit: sha, params: { AccuracyThreshold: 0.9 } }),
 * });
 * await execution.wait();
 * ```
 */
export function start<P extends ParameterMap>(target: PipelineBuilder<P, StepMap>, options?: StartOptions<ParameterArguments<P>>): Promise<Execution>;
export function start(target: CompiledPipeline | string, options?: StartByNameOptions): Promise<Execution>;
export async function start(
  target: Compilable | CompiledPipeline | string,
  options: StartOptions<object> & { readonly paramsForm?: ParameterInputForm } = {},
): Promise<Execution> {
  checkOptions("start", options, START_OPTIONS);
  checkStartOptions(options);
  const provider = new ClientProvider(options.clients);
  const known = typeof target === "string" ? await deployedPipeline(provider, target) : localPipeline(target);
  const parameters = parameterTexts(known.name, known.parameters, options.params as Readonly<Record<string, unknown>> | undefined, options.paramsForm === undefined ? {} : { form: options.paramsForm });
  const selective = options.selectiveExecution;
  const selectiveExecution =
    selective === undefined
      ? undefined
      : { ...(selective.sourceExecutionArn === undefined ? {} : { sourceExecutionArn: selective.sourceExecutionArn }), steps: known.selectSteps(selective.steps) };

  const sagemaker = await provider.sagemaker();
  const arn = await sendStart(sagemaker, {
    pipeline: known.name,
    parameters,
    ...(selectiveExecution === undefined ? {} : { selectiveExecution }),
    ...(options.displayName === undefined ? {} : { displayName: options.displayName }),
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.clientRequestToken === undefined ? {} : { clientRequestToken: options.clientRequestToken }),
    ...(options.parallelism === undefined ? {} : { parallelism: options.parallelism }),
  });
  return new Execution(arn, { clients: provider.snapshot(), pipelineName: known.name });
}

/** What `start` needs to know about the pipeline before it calls StartPipelineExecution. */
interface KnownPipeline {
  readonly name: string;
  readonly parameters: readonly Parameter[];
  /** Checks selected step names; returns them in pipeline order. */
  readonly selectSteps: (steps: readonly string[]) => string[];
}

function localPipeline(target: Compilable | CompiledPipeline): KnownPipeline {
  if ("toNode" in target) {
    const node = target.toNode();
    const names = node.steps.map((placed) => placed.node.name);
    // a definition-shaped stand-in: only the step names matter to the selection check
    const stand: JsonObject = { Steps: names.map((Name) => ({ Name, Type: "Unknown" })) };
    return { name: node.name, parameters: node.parameters, selectSteps: (steps) => selectSteps(stand, { steps }) };
  }
  return fromDefinition(target.name, target.definition as unknown as JsonObject);
}

async function deployedPipeline(provider: ClientProvider, name: string): Promise<KnownPipeline> {
  const described = await requireDeployedPipeline(await provider.sagemaker(), name);
  const definition = parseDeployedDefinition(described.PipelineDefinition, `pipeline "${name}"`);
  return fromDefinition(described.PipelineName ?? name, definition as unknown as JsonObject);
}

function fromDefinition(name: string, definition: JsonObject): KnownPipeline {
  const parameters = Array.isArray(definition.Parameters) ? (definition.Parameters as Parameter[]) : [];
  return { name, parameters, selectSteps: (steps) => selectSteps(definition, { steps }) };
}
