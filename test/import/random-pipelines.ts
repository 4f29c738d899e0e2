import fc from "fast-check";
import { z } from "zod";
import { SagepipeError, compile, execution, failStep, join, not, or, pipeline, type Compilable, type PipelineCondition, type PipelineValue } from "sagepipe";

// Random valid pipelines built with the builder's high-level methods, for the importer's property
// test: each comes from a tape of choices, so fast-check shrinks a failure to a small pipeline.

/** A builder without its types: the generator calls methods by name. */
type Loose = { readonly [method: string]: (...args: unknown[]) => Loose };

/** Reads choices from a tape of numbers. */
class Tape {
  #at = 0;
  constructor(private readonly picks: readonly number[]) {}
  /** A number in [0, n). */
  int(n: number): number {
    const value = this.picks[this.#at % this.picks.length] ?? 0;
    this.#at++;
    return n <= 1 ? 0 : value % n;
  }
  bool(percent = 50): boolean {
    return this.int(100) < percent;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
  /** Some of `list`, in order. */
  some<T>(list: readonly T[], percent = 50): T[] {
    return list.filter(() => this.bool(percent));
  }
}

/** What the generator knows of a step added so far. */
interface Made {
  readonly name: string;
  readonly method: string;
  readonly outputs?: readonly string[];
  readonly metrics?: readonly string[];
  readonly lambdaOutputs?: readonly (readonly [string, string])[];
  readonly propertyFiles?: readonly string[];
  /** A string-valued property path of its type. */
  readonly property?: string;
  readonly fail?: boolean;
}

type Context = { readonly params: Record<string, PipelineValue<unknown>>; readonly steps: Record<string, unknown> };

const dig = (value: unknown, ...path: string[]): unknown => path.reduce((current, key) => (current as Record<string, unknown>)[key], value);

const ROLE = "arn:aws:iam::111111111111:role/GeneratedRole";
const IMAGES = ["111111111111.dkr.ecr.us-east-1.amazonaws.com/gen-a:1", "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"];
const TEXTS = ["text/csv", "value-1", "alpha beta", "s3://gen-bucket/data/", "x"];
const URIS = ["s3://gen-bucket/data/", "s3://gen-bucket/x/y.csv"];
const INSTANCES = ["ml.m5.large", "ml.m5.xlarge"];
const FUNCTION = "arn:aws:lambda:us-east-1:111111111111:function:gen";
const QUEUE = "https://sqs.us-east-1.amazonaws.com/111111111111/gen";

const PROPERTY: Readonly<Record<string, string>> = {
  process: "ProcessingJobName",
  evaluate: "ProcessingJobArn",
  train: "TrainingJobName",
  tune: "BestTrainingJob.TrainingJobName",
  model: "ModelArn",
  register: "ModelPackageGroupName",
  transform: "TransformJobName",
  endpointConfig: "EndpointConfigArn",
  endpoint: "EndpointArn",
  emr: "ClusterId",
  clarifyCheck: "CalculatedBaselineConstraints",
  qualityCheck: "CalculatedBaselineStatistics",
  autoML: "AutoMLJobName",
  when: "Outcome",
};

/** Builds a pipeline from a tape: parameters, then steps of every high-level kind, maybe a condition with branches. */
export function buildRandomPipeline(picks: readonly number[]): unknown {
  const tape = new Tape(picks);
  const assets = tape.bool(60);
  let builder = pipeline("Generated") as unknown as Loose;
  if (assets) builder = builder.assets?.({ bucket: "gen-bucket", ...(tape.bool() ? { prefix: "gen" } : {}) }) as Loose;
  const params: [string, string, Record<string, unknown>][] = [];
  if (tape.bool(70)) params.push(["InputUri", "String", tape.bool() ? { default: "s3://gen-bucket/in/" } : {}]);
  if (tape.bool(60)) params.push(["Count", "Integer", tape.bool() ? { default: 2 } : {}]);
  if (tape.bool(60)) params.push(["Rate", "Float", { default: 0.5 }]);
  if (tape.bool(40)) params.push(["Flag", "Boolean", { default: true }]);
  if (tape.bool(40)) params.push(["Mode", "String", { default: "full", enum: ["full", "quick"] }]);
  for (const [name, type, options] of params) builder = (builder.param as (...a: unknown[]) => Loose)(name, type, options);
  if (tape.bool(15)) builder = (builder.experimentConfig as (...a: unknown[]) => Loose)(tape.bool() ? null : { ExperimentName: "gen-exp", TrialName: { Get: "Execution.PipelineExecutionId" } });
  const has = (name: string) => params.some(([n]) => n === name);

  const made: Made[] = [];
  const referable = () => made.filter((m) => m.fail !== true);

  /** A string value: a literal, a parameter, an execution variable, a step's output, or a join of those. */
  const text = (ctx: Context, depth = 0, uriOnly = false): unknown => {
    const options: (() => unknown)[] = [() => tape.pick(uriOnly ? URIS : TEXTS), () => execution.PipelineExecutionId];
    if (has("InputUri")) options.push(() => ctx.params.InputUri);
    if (has("Mode")) options.push(() => ctx.params.Mode);
    for (const step of referable()) {
      const handle = ctx.steps[step.name];
      for (const output of step.outputs ?? []) options.push(() => dig(handle, "outputs", output));
      if (step.method === "train") options.push(() => dig(handle, "modelArtifacts"));
      for (const [output, type] of step.lambdaOutputs ?? []) if (type === "String") options.push(() => dig(handle, "outputs", output));
      if (step.property !== undefined) options.push(() => dig(handle, "properties", ...(step.property as string).split(".")));
    }
    if (depth === 0) {
      options.push(() => join`s3://gen-bucket/${text(ctx, 1) as PipelineValue<string>}/part`);
      options.push(() => join([text(ctx, 1) as string, "sub", text(ctx, 1) as string], "/"));
    }
    return tape.pick(options)();
  };
  const number = (ctx: Context): unknown => (has("Count") && tape.bool(30) ? ctx.params.Count : 1 + tape.int(5));
  const uri = (ctx: Context): unknown => (tape.bool(40) ? `s3://gen-bucket/${tape.pick(["a", "b/c"])}/` : text(ctx, 0, true));
  const common = (kind: string, retryable: boolean, cacheable: boolean) => ({
    ...(tape.bool(20) ? { displayName: `${kind} step` } : {}),
    ...(tape.bool(15) ? { description: "made by the generator" } : {}),
    ...(cacheable && tape.bool(20) ? { cache: tape.bool() ? true : { expireAfter: tape.pick([{ days: 1 }, "PT2H", { hours: 3, minutes: 5 }]) } } : {}),
    ...(retryable && tape.bool(15)
      ? { retry: [{ exceptions: ["SageMaker.CAPACITY_ERROR"], ...(tape.bool() ? { maxAttempts: 3 } : {}), ...(tape.bool() ? { intervalSeconds: 5, backoffRate: 1.5 } : {}) }] }
      : {}),
    ...(referable().length > 0 && tape.bool(15) ? { dependsOn: tape.some(referable().map((m) => m.name), 40) } : {}),
    ...(referable().length > 0 && tape.bool(15) ? { after: tape.bool() ? [] : [tape.pick(referable()).name] } : {}),
  });
  const location = (ctx: Context) => (assets && tape.bool() ? {} : { destination: uri(ctx) });

  const kinds = ["process", "evaluate", "train", "tune", "model", "register", "transform", "lambda", "deploy", "callback", "endpointConfig", "endpoint", "emr", "clarifyCheck", "qualityCheck", "autoML", "emrServerless"];
  const stepOf = (name: string, kind: string): { method: string; options: (ctx: Context) => unknown; made: Made } => {
    switch (kind) {
      case "process":
      case "evaluate": {
        const outputs = tape.some(["train", "test", "report"], kind === "evaluate" ? 100 : 50);
        const files = kind === "evaluate" ? ["metrics"] : [];
        return {
          method: kind,
          made: { name, method: kind, outputs, propertyFiles: files, property: PROPERTY[kind] as string },
          options: (ctx) => ({
            image: tape.bool(80) ? tape.pick(IMAGES) : text(ctx),
            role: ROLE,
            instanceType: has("Mode") && tape.bool(20) ? ctx.params.Mode : tape.pick(INSTANCES),
            ...(tape.bool(20) ? { instanceCount: number(ctx) } : {}),
            ...(tape.bool(15) ? { volumeSizeInGB: 50 } : {}),
            ...(tape.bool(40) ? { entrypoint: ["python3", "-m", "job"] } : {}),
            ...(tape.bool(30) ? { arguments: ["--mode", text(ctx)] } : {}),
            inputs: Object.fromEntries(
              tape.some(["raw", "extra"]).map((input) => [
                input,
                tape.bool() ? uri(ctx) : { source: uri(ctx), destination: `/opt/ml/processing/in/${input}`, ...(tape.bool() ? { mode: "Pipe" } : {}), ...(tape.bool() ? { distribution: "ShardedByS3Key" } : {}) },
              ]),
            ),
            outputs: Object.fromEntries(
              outputs.map((output) => {
                const where = location(ctx);
                return [output, Object.keys(where).length === 0 && tape.bool() ? `/opt/ml/processing/${output}` : { source: `/opt/ml/processing/${output}`, ...where, ...(tape.bool(20) ? { uploadMode: "Continuous" } : {}) }];
              }),
            ),
            ...(tape.bool(30) ? { environment: { MODE: text(ctx), N: tape.bool() ? 3 : (has("Count") ? ctx.params.Count : "3") } } : {}),
            ...(tape.bool(15) ? { maxRuntimeSeconds: 3600 } : {}),
            ...(files.length > 0
              ? { propertyFiles: { metrics: { output: outputs[0] as string, path: "metrics.json", ...(tape.bool() ? { schema: z.object({ accuracy: z.object({ value: z.number() }) }) } : {}) } } }
              : {}),
            ...common(kind, true, true),
          }),
        };
      }
      case "train": {
        const metrics = tape.some(["val:acc", "loss"]);
        return {
          method: "train",
          made: { name, method: "train", metrics, property: PROPERTY.train as string },
          options: (ctx) => ({
            image: tape.pick(IMAGES),
            role: ROLE,
            instanceType: tape.pick(INSTANCES),
            ...(tape.bool(20) ? { instanceCount: number(ctx) } : {}),
            inputs: Object.fromEntries(
              tape.some(["train", "validation"]).map((channel) => [channel, tape.bool() ? uri(ctx) : { source: uri(ctx), contentType: "text/csv", ...(tape.bool() ? { mode: "FastFile" } : {}), ...(tape.bool() ? { compression: "Gzip" } : {}) }]),
            ),
            ...(tape.bool(60) ? { hyperparameters: { depth: tape.int(9), eta: 0.25, name: "x", ...(has("Count") && tape.bool() ? { rounds: ctx.params.Count } : {}), ...(has("Flag") && tape.bool() ? { flag: ctx.params.Flag } : {}) } } : {}),
            ...(assets && tape.bool() ? {} : { outputPath: uri(ctx) }),
            ...(metrics.length > 0 ? { metrics: Object.fromEntries(metrics.map((m) => [m, `${m}=([0-9.]+)`])) } : {}),
            ...(tape.bool(20) ? { inputMode: "Pipe" } : {}),
            ...(tape.bool(15) ? { maxRuntimeSeconds: 7200 } : {}),
            ...common("train", true, true),
          }),
        };
      }
      case "tune":
        return {
          method: "tune",
          made: { name, method: "tune", property: PROPERTY.tune as string },
          options: (ctx) => ({
            training: { image: tape.pick(IMAGES), role: ROLE, instanceType: tape.pick(INSTANCES), inputs: { train: uri(ctx) }, hyperparameters: { objective: "reg:squarederror" }, ...(assets ? {} : { outputPath: "s3://gen-bucket/tune/" }) },
            objective: { metric: "validation:rmse", ...(tape.bool() ? { type: "Minimize" } : {}) },
            ranges: { eta: { continuous: [0.1, 0.5] }, depth: { integer: [2, 8], ...(tape.bool() ? { scaling: "Linear" } : {}) }, ...(tape.bool() ? { booster: { categorical: ["gbtree", "dart"] } } : {}) },
            ...(tape.bool() ? { maxJobs: 4, maxParallelJobs: 2 } : {}),
            ...(tape.bool(20) ? { strategy: "Random" } : {}),
            ...common("tune", true, true),
          }),
        };
      case "model": {
        const trained = referable().filter((m) => m.method === "train");
        return {
          method: "model",
          made: { name, method: "model", property: PROPERTY.model as string },
          options: (ctx) => ({
            image: tape.pick(IMAGES),
            role: ROLE,
            ...(trained.length > 0 ? { modelData: dig(ctx.steps[tape.pick(trained).name], "modelArtifacts") } : tape.bool() ? { modelData: "s3://gen-bucket/model.tar.gz" } : {}),
            ...(tape.bool(30) ? { environment: { A: "1" } } : {}),
            ...common("model", true, false),
          }),
        };
      }
      case "register":
        return {
          method: "register",
          made: { name, method: "register", property: PROPERTY.register as string },
          options: (ctx) => ({
            modelPackageGroup: "gen-models",
            image: tape.pick(IMAGES),
            modelData: uri(ctx),
            ...(tape.bool() ? { contentTypes: ["text/csv"], responseTypes: ["text/csv"] } : {}),
            ...(tape.bool(30) ? { approvalStatus: has("Mode") && tape.bool() ? ctx.params.Mode : "Approved" } : {}),
            ...(tape.bool(40) ? { modelMetrics: { modelStatistics: { s3Uri: uri(ctx) }, ...(tape.bool() ? { bias: { s3Uri: "s3://gen-bucket/bias.json", contentType: "application/x-json" } } : {}) } } : {}),
            ...(tape.bool(20) ? { inferenceInstances: ["ml.m5.large"], transformInstances: ["ml.m5.large"] } : {}),
            ...common("register", true, false),
          }),
        };
      case "transform": {
        const models = referable().filter((m) => m.method === "model");
        return {
          method: "transform",
          made: { name, method: "transform", property: PROPERTY.transform as string },
          options: (ctx) => ({
            modelName: models.length > 0 ? dig(ctx.steps[tape.pick(models).name], "modelName") : "gen-model",
            input: tape.bool() ? uri(ctx) : { source: uri(ctx), contentType: "text/csv", splitType: "Line" },
            ...(assets && tape.bool() ? {} : { output: tape.bool() ? uri(ctx) : { destination: uri(ctx), accept: "text/csv", assembleWith: "Line" } }),
            instanceType: tape.pick(INSTANCES),
            ...(tape.bool(30) ? { batchStrategy: "MultiRecord", maxPayloadInMB: 6 } : {}),
            ...common("transform", true, true),
          }),
        };
      }
      case "lambda":
      case "callback": {
        const outputs = tape.some([["status", "String"], ["count", "Integer"], ["ok", "Boolean"]] as const);
        return {
          method: kind,
          made: { name, method: kind, lambdaOutputs: outputs },
          options: (ctx) => ({
            ...(kind === "lambda" ? { functionArn: FUNCTION } : { queueUrl: QUEUE }),
            ...(tape.bool(70) ? { inputs: { a: text(ctx), n: tape.bool() ? 2 : number(ctx), list: [text(ctx), 3] } } : {}),
            ...(outputs.length > 0 ? { outputs: Object.fromEntries(outputs) } : {}),
            ...common(kind, false, true),
          }),
        };
      }
      case "deploy": {
        const registered = referable().filter((m) => m.method === "register");
        return {
          method: "deploy",
          made: { name, method: "deploy", lambdaOutputs: [] },
          options: (ctx) => ({
            functionArn: FUNCTION,
            modelPackageArn: registered.length > 0 ? dig(ctx.steps[tape.pick(registered).name], "modelPackageArn") : text(ctx),
            endpointName: "gen-endpoint",
            instanceType: "ml.m5.large",
            ...(tape.bool() ? { role: ROLE } : {}),
            ...(tape.bool(30) ? { instanceCount: 2, modelName: "gen-model" } : {}),
            ...common("deploy", false, true),
          }),
        };
      }
      case "endpointConfig": {
        const models = referable().filter((m) => m.method === "model");
        return {
          method: "endpointConfig",
          made: { name, method: "endpointConfig", property: PROPERTY.endpointConfig as string },
          options: (ctx) => ({
            variants: [{ modelName: models.length > 0 ? dig(ctx.steps[tape.pick(models).name], "modelName") : "gen-model", instanceType: "ml.m5.large", ...(tape.bool() ? { variantName: "Blue", initialVariantWeight: 2 } : {}) }],
            ...(tape.bool(30) ? { endpointConfigName: join([name, execution.PipelineExecutionId, "x"], "-") } : {}),
            ...common("endpointConfig", true, true),
          }),
        };
      }
      case "endpoint": {
        const configs = referable().filter((m) => m.method === "endpointConfig");
        return {
          method: "endpoint",
          made: { name, method: "endpoint", property: PROPERTY.endpoint as string },
          options: (ctx) => ({
            endpointName: "gen-endpoint",
            endpointConfigName: configs.length > 0 ? (tape.bool() ? ctx.steps[tape.pick(configs).name] : dig(ctx.steps[tape.pick(configs).name], "endpointConfigName")) : "gen-config",
            ...(tape.bool(20) ? { tags: { team: "ml" } } : {}),
            ...common("endpoint", false, true),
          }),
        };
      }
      case "emr":
        return {
          method: "emr",
          made: { name, method: "emr", property: PROPERTY.emr as string },
          options: (ctx) => ({
            clusterId: "j-1K48XXXXXXHCB",
            jar: "command-runner.jar",
            ...(tape.bool() ? { args: ["spark-submit", text(ctx)] } : {}),
            ...(tape.bool(20) ? { properties: { a: "1" }, mainClass: "com.gen.Main" } : {}),
            ...common("emr", true, true),
          }),
        };
      case "clarifyCheck":
        return {
          method: "clarifyCheck",
          made: { name, method: "clarifyCheck", property: PROPERTY.clarifyCheck as string },
          options: (ctx) => ({
            checkType: "DATA_BIAS",
            image: "306415355426.dkr.ecr.us-west-2.amazonaws.com/sagemaker-clarify-processing:1.0",
            role: ROLE,
            instanceType: "ml.m5.xlarge",
            dataset: uri(ctx),
            analysisConfig: "s3://gen-bucket/clarify/analysis_config.json",
            ...(assets && tape.bool() ? {} : { outputPath: uri(ctx) }),
            ...(tape.bool() ? { modelPackageGroupName: "gen-models", registerNewBaseline: true } : {}),
            ...common("clarifyCheck", false, true),
          }),
        };
      case "qualityCheck":
        return {
          method: "qualityCheck",
          made: { name, method: "qualityCheck", property: PROPERTY.qualityCheck as string },
          options: (ctx) => ({
            checkType: tape.bool() ? "DATA_QUALITY" : "MODEL_QUALITY",
            image: "159807026194.dkr.ecr.us-west-2.amazonaws.com/sagemaker-model-monitor-analyzer",
            role: ROLE,
            instanceType: "ml.m5.xlarge",
            baselineDataset: uri(ctx),
            ...(assets && tape.bool() ? {} : { outputPath: uri(ctx) }),
            ...(tape.bool() ? { datasetFormat: tape.pick(["csv", "json", "parquet", { csv: { header: false } }]) } : {}),
            ...common("qualityCheck", false, true),
          }),
        };
      case "autoML":
        return {
          method: "autoML",
          made: { name, method: "autoML", property: PROPERTY.autoML as string },
          options: (ctx) => ({
            role: ROLE,
            trainingData: uri(ctx),
            targetAttribute: "label",
            ...(tape.bool() ? { problemType: "BinaryClassification", objective: "F1" } : {}),
            ...(assets && tape.bool() ? {} : { outputPath: uri(ctx) }),
            ...(tape.bool() ? { maxCandidates: 5 } : {}),
            ...common("autoML", true, true),
          }),
        };
      default:
        return {
          method: "emrServerless",
          made: { name, method: "emrServerless" },
          options: (ctx) => ({
            applicationId: "00f1abcd2efgh3ij",
            executionRoleArn: ROLE,
            sparkSubmit: { entryPoint: "s3://gen-bucket/job.py", entryPointArguments: [text(ctx)] },
            ...common("emrServerless", true, true),
          }),
        };
    }
  };
  // the checks' handles and a QualityCheck MODEL_QUALITY needs a problem type: patched below
  const add = (name: string, kind: string) => {
    const step = stepOf(name, kind);
    const options = (ctx: Context) => {
      const value = step.options(ctx) as Record<string, unknown>;
      if (value.checkType === "MODEL_QUALITY") return { ...value, problemType: "BinaryClassification", inferenceAttribute: "0" };
      return value;
    };
    builder = (builder[step.method] as (...a: unknown[]) => Loose)(name, options);
    made.push(step.made);
  };

  const count = 1 + tape.int(6);
  let conditionAt = tape.bool(60) ? tape.int(count + 1) : -1;
  let open = false;
  for (let i = 0; i <= count; i++) {
    if (i === conditionAt) {
      const condition = `Check${i}`;
      builder = (builder.when as (...a: unknown[]) => Loose)(condition, (ctx: Context) => {
        const conditions: PipelineCondition[] = [];
        const numeric = has("Rate") ? (ctx.params.Rate as PipelineValue<number>) : undefined;
        const files = referable().filter((m) => (m.propertyFiles ?? []).length > 0);
        if (files.length > 0) {
          const file = dig(ctx.steps[tape.pick(files).name], "propertyFiles", "metrics") as { get(path: string): PipelineValue<number> };
          conditions.push(file.get("accuracy.value").gte(numeric ?? 0.8));
        }
        if (numeric !== undefined && tape.bool()) conditions.push(tape.bool() ? numeric.lt(1) : not(numeric.eq(0.25)));
        if (has("Mode") && tape.bool()) conditions.push((ctx.params.Mode as PipelineValue<string>).in(["full", text(ctx) as string]));
        if (conditions.length === 0 || tape.bool(30)) conditions.push(or(execution.StartDateTime.gt("2024-01-01"), (execution.PipelineName as PipelineValue<string>).ne("x")));
        return conditions.length === 1 ? conditions[0] : conditions;
      }, tape.bool(20) ? { displayName: "the gate" } : {});
      made.push({ name: condition, method: "when", property: "Outcome" });
      conditionAt = -2;
      for (let j = 0; j < tape.int(3); j++) add(`If${i}x${j}`, tape.pick(kinds));
      if (tape.bool(70)) {
        builder = (builder.otherwise as (...a: unknown[]) => Loose)();
        if (tape.bool(70)) {
          builder = (builder.fail as (...a: unknown[]) => Loose)(`Stop${i}`, (ctx: Context) => (tape.bool() ? "stopped" : join`stopped at ${text(ctx) as string}`));
          made.push({ name: `Stop${i}`, method: "fail", fail: true });
        } else {
          add(`Else${i}`, tape.pick(kinds));
        }
      }
      if (i < count) builder = (builder.end as () => Loose)();
      else open = true;
      continue;
    }
    if (i < count) add(`S${i}`, tape.pick(kinds));
  }
  if (!open && tape.bool(20)) builder = (builder.add as (...a: unknown[]) => Loose)(failStep("Finally", join`done ${execution.PipelineExecutionId}`));
  return builder;
}

/** Tapes of choices: fast-check shrinks them towards short tapes of small numbers. */
export const tapes = fc.array(fc.nat({ max: 999 }), { minLength: 8, maxLength: 200 });

/** The definition of a random pipeline, or undefined when the tape made one the builder or compiler refuses. */
export function randomDefinition(picks: readonly number[]): Record<string, unknown> | undefined {
  try {
    return JSON.parse(compile(buildRandomPipeline(picks) as Compilable).json) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SagepipeError) return undefined;
    throw error;
  }
}
