import { z } from "zod";
import { pipeline, type PipelineBuilder } from "../builder/pipeline-builder.js";
import { failStep } from "../builder/steps/fail.js";
import { rawStep } from "../builder/steps/raw.js";
import { CompileError, compile } from "../compile/compile.js";
import { DEFAULT_EXPERIMENT_CONFIG } from "../compile/compile.js";
import { DefaultLocation, LocalAsset, assetPrefix } from "../compile/assets.js";
import { SagepipeError } from "../errors.js";
import { PipelineCondition, PipelineValue, not, or } from "../model/expressions.js";
import { execution, experimentConfig, join, jsonGet } from "../model/functions.js";
import { formatDuration, type Duration, type StepNode } from "../model/step-node.js";
import { formatJsonPath, type PathSegment, type ValidationIssue } from "../validate/issues.js";
import type { Quotas } from "../validate/rules.js";
import { indexSteps, isObject, type JsonObject } from "../validate/step-index.js";
import { QUOTA_OPTIONS, safeValidateDefinition } from "../validate/validate-definition.js";
import { checkOptions, optionShape } from "../options.js";
import { array, build, call, jsonCode, lit, name, object, type Code, type Entry, type EntryLike } from "./code.js";
import { chainOrder, orderingOptions, type ChainStep, type OrderingOptions } from "./chain.js";
import { liftCondition, rawCondition } from "./conditions.js";
import { hoistConstants } from "./constants.js";
import { evaluate, type Scope } from "./evaluate.js";
import { jsonDifferences, jsonEqual } from "./json.js";
import { inferPropertyFileSchemas } from "./property-schemas.js";
import { printProgram, type ChainItem } from "./program.js";
import { LIFTERS } from "./steps/index.js";
import type { Lifted } from "./steps/shared.js";
import { ValueLifter, type HandleInfo, type Method } from "./values.js";

/** Options of {@link importDefinition}. */
export interface ImportOptions {
  /**
   * The pipeline's name (a definition does not hold it): 1–256 letters, digits and hyphens.
   * @default "ImportedPipeline"
   */
  readonly name?: string;
  /** Where the definition came from, named in the header comment (a file, `pipeline <name>`, ...). */
  readonly source?: string;
  /** Service quotas to validate against, when your account's are higher (as for `validateDefinition`). */
  readonly quotas?: Partial<Quotas>;
}

/** What {@link importDefinition} returns. */
export interface ImportResult {
  /** The TypeScript module: a pipeline file whose default export is the pipeline builder. */
  readonly code: string;
  /** The pipeline's name. */
  readonly name: string;
  /** The number of steps, branch steps included. */
  readonly steps: number;
  /** The steps written with `rawStep`, because no high-level step method says what they do. */
  readonly rawSteps: readonly string[];
  /** The steps written with a high-level method and a `raw` option (or a condition as definition JSON). */
  readonly rawOptions: readonly string[];
  /**
   * The steps among `rawSteps` whose Arguments are not a request SageMaker takes (stub steps of
   * the Python SDK's tests, say): they can be written only as they are, with a cast.
   */
  readonly notRequests: readonly string[];
  /**
   * True when the definition validates only with loose Arguments (some step's Arguments are not
   * a request SageMaker takes): compile the module with `{ arguments: "loose" }` (`--loose`).
   */
  readonly loose: boolean;
  /** How the imported pipeline's compiled definition differs from the input, on purpose (see README). */
  readonly differences: readonly string[];
}

/** A problem that keeps a definition from being imported, with where it is. */
export interface ImportIssue {
  readonly path: readonly PathSegment[];
  readonly jsonPath: string;
  readonly message: string;
  /** The validation issue, when the definition is not valid. */
  readonly code?: string;
}

/** Thrown by {@link importDefinition}: the definition is invalid, or holds something the builder cannot express. */
export class ImportError extends SagepipeError {
  readonly issues: readonly ImportIssue[];

  constructor(code: "invalid-definition" | "not-importable" | "import-mismatch", message: string, issues: readonly ImportIssue[]) {
    super(code, `${message}${issues.length === 0 ? "" : `:\n${issues.map((i) => `${i.jsonPath}: ${i.message}`).join("\n")}`}`);
    this.name = "ImportError";
    this.issues = issues;
  }
}

const issue = (path: readonly PathSegment[], message: string): ImportIssue => ({ path, jsonPath: formatJsonPath(path), message });

/** The sagepipe functions imported code may call, for the in-process check. */
const EXPORTS: Scope = { join, jsonGet, execution, experimentConfig, rawStep, failStep, not, or, PipelineCondition, z };

const ENVELOPE = new Set(["Name", "Type", "Arguments", "DependsOn", "DisplayName", "Description", "CacheConfig", "RetryPolicies"]);


const IMPORT_OPTIONS = optionShape<ImportOptions>({ name: true, source: true, quotas: true }, { quotas: { object: QUOTA_OPTIONS } });
/**
 * Turns a SageMaker pipeline definition (`"Version": "2020-12-01"`, from the Python SDK, Studio or a
 * deployed pipeline) into a sagepipe pipeline module: the fluent builder with a high-level step
 * method wherever one says what a step does, typed parameters, step handles and property files
 * (with a zod schema inferred from the paths the definition reads) instead of `{"Get": ...}`
 * objects, `after`/`dependsOn` only where data references do not already order the steps, repeated
 * roles and images as constants, and `rawStep` / `raw` (each with a comment saying why) only for
 * what the high-level options cannot say.
 *
 * The definition is validated first. The module is checked before it is returned: the same code
 * runs in-process against sagepipe and must compile back to the input definition (as parsed JSON,
 * but for the differences in `differences`); otherwise an `ImportError` is thrown, never a module
 * that compiles to something else.
 *
 * @example
 * ```ts
 * const { code, rawSteps } = importDefinition(JSON.parse(readFileSync("definition.json", "utf8")), { name: "Churn" });
 * writeFileSync("pipeline.ts", code);
 * ```
 */
export function importDefinition(definition: unknown, options: ImportOptions = {}): ImportResult {
  checkOptions("importDefinition", options, IMPORT_OPTIONS);
  const pipelineName = options.name ?? "ImportedPipeline";
  const quotas = options.quotas === undefined ? {} : { quotas: options.quotas };
  const strict = safeValidateDefinition(definition, quotas);
  let loose = false;
  let strictIssues: readonly ValidationIssue[] = [];
  if (!strict.success) {
    const relaxed = safeValidateDefinition(definition, { ...quotas, arguments: "loose" });
    if (!relaxed.success) {
      throw new ImportError(
        "invalid-definition",
        "the definition is not valid, so it cannot be imported",
        relaxed.issues.map((i) => ({ ...issue(i.path, i.message), code: i.code })),
      );
    }
    loose = true;
    strictIssues = strict.issues;
  }
  const document = definition as JsonObject;
  return new Importer(document, pipelineName, options, loose, strictIssues).run();
}

class Importer {
  private readonly differences: string[] = [];
  private readonly handles = new Map<string, HandleInfo>();
  private readonly values: ValueLifter;
  private readonly constants: Map<string, string>;
  private readonly schemas: Map<string, Code>;
  private readonly assets: { bucket: string; prefix: string } | undefined;
  private readonly chain: readonly ChainStep[];
  private readonly ordering: Map<string, OrderingOptions>;
  private readonly scope: Scope;
  private readonly rawSteps: string[] = [];
  private readonly rawOptions: string[] = [];
  private readonly notRequests: string[] = [];
  /** The document the imported module compiles to: the input, with the deliberate differences applied. */
  private readonly expected: Map<string, JsonObject> = new Map();

  constructor(
    private readonly document: JsonObject,
    private readonly pipelineName: string,
    private readonly options: ImportOptions,
    private readonly loose: boolean,
    private readonly strictIssues: readonly ValidationIssue[],
  ) {
    const problems: ImportIssue[] = [];
    if (isObject(document.Metadata) && Object.keys(document.Metadata).length > 0) {
      problems.push(issue(["Metadata"], "the builder writes an empty Metadata; a pipeline with Metadata entries cannot be expressed"));
    }
    if (document.MlflowConfig !== undefined && document.MlflowConfig !== null) {
      problems.push(issue(["MlflowConfig"], "the builder has no MlflowConfig option yet; a pipeline with one cannot be expressed"));
    }
    for (const step of indexSteps(document)) {
      if (!isObject(step.value.Arguments)) {
        problems.push(issue([...step.path, "Arguments"], `step "${step.name}": the builder writes Arguments as an object; ${step.value.Arguments === undefined ? "a step without them" : "these"} cannot be expressed`));
      }
    }
    if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/.test(pipelineName)) {
      problems.push(issue([], `"${pipelineName}" is not a pipeline name (1–256 letters, digits and hyphens): pass another name`));
    }
    if (problems.length > 0) throw new ImportError("not-importable", "the definition holds what sagepipe's builder cannot express", problems);

    const steps = indexSteps(document);
    const parameters = new Map<string, string>();
    for (const p of Array.isArray(document.Parameters) ? document.Parameters : []) if (isObject(p)) parameters.set(String(p.Name), String(p.Type));
    const kinds = { parameters, byName: new Map(steps.map((s) => [s.name, s])) };
    this.constants = hoistConstants(document);
    this.values = new ValueLifter(this.handles, this.constants, kinds);
    this.schemas = inferPropertyFileSchemas(document, (value) => this.values.kindOf(value));
    this.assets = inferAssets(document);
    const chain = chainOrder(document);
    this.chain = chain.steps;
    if (chain.reordered) {
      this.differences.push("steps that the definition lists before the steps they read come after them (the fluent chain adds a step after the steps it references)");
    }
    this.ordering = orderingOptions(this.chain);
    this.scope = { ...EXPORTS, ...Object.fromEntries([...this.constants].map(([value, constant]) => [constant, value])) };
  }

  run(): ImportResult {
    const head = this.headItems();
    let builder = pipeline(this.pipelineName) as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const item of head) builder = this.apply(builder, item);

    const items: ChainItem[] = [];
    let open: { condition: string; branch: "if" | "else" } | undefined;
    for (const step of this.chain) {
      const transitions: ChainItem[] = [];
      if (step.placement.kind === "top" && open !== undefined) {
        transitions.push({ method: "end", args: [] });
        open = undefined;
      } else if (step.placement.kind === "branch" && step.placement.branch === "else" && open?.branch === "if") {
        transitions.push({ method: "otherwise", args: [] });
        open = { condition: step.placement.condition, branch: "else" };
      }
      for (const item of transitions) builder = this.apply(builder, item);
      items.push(...transitions);
      const placed = this.place(builder, step);
      builder = placed.builder;
      items.push(placed.item);
      if (step.type === "Condition") open = { condition: step.name, branch: "if" };
    }

    const chain = [...head, ...foldOtherwise(items)];
    const final = this.replay(chain);
    this.verify(final);
    const code = printProgram({
      pipelineName: this.pipelineName,
      source: this.options.source,
      constants: this.constants,
      chain,
      loose: this.loose,
      differences: this.differences,
      rawSteps: this.rawSteps.length,
      steps: this.chain.length,
    });
    return {
      code,
      name: this.pipelineName,
      steps: this.chain.length,
      rawSteps: this.rawSteps,
      rawOptions: this.rawOptions,
      notRequests: this.notRequests,
      loose: this.loose,
      differences: this.differences,
    };
  }

  /** `.assets()`, the parameters and the experiment config. */
  private headItems(): ChainItem[] {
    const items: ChainItem[] = [];
    if (this.assets !== undefined) {
      items.push({
        method: "assets",
        args: [object([["bucket", this.values.text(this.assets.bucket)], ["prefix", this.assets.prefix === "sagepipe" ? undefined : lit(this.assets.prefix)]])],
      });
    }
    for (const parameter of Array.isArray(this.document.Parameters) ? this.document.Parameters.filter(isObject) : []) {
      const settings = object([
        ["default", parameter.DefaultValue === undefined ? undefined : typeof parameter.DefaultValue === "string" ? this.values.text(parameter.DefaultValue) : jsonCode(parameter.DefaultValue)],
        ["enum", parameter.EnumValues === undefined ? undefined : jsonCode(parameter.EnumValues)],
      ]);
      items.push({ method: "param", args: [lit(String(parameter.Name)), lit(String(parameter.Type)), ...(settings.kind === "object" && settings.entries.length > 0 ? [settings] : [])] });
    }
    const config = this.document.PipelineExperimentConfig;
    if (config === undefined) {
      this.differences.push("a definition without PipelineExperimentConfig compiles with the default one (the pipeline's name and the execution id, as the Python SDK's)");
    } else if (!jsonEqual(config, DEFAULT_EXPERIMENT_CONFIG)) {
      items.push({ method: "experimentConfig", args: [config === null ? lit(null) : jsonCode(config)] });
    }
    if (this.document.Metadata === undefined) this.differences.push('a definition without Metadata compiles with `"Metadata": {}`');
    if (this.document.Parameters === undefined) this.differences.push('a definition without Parameters compiles with `"Parameters": []`');
    return items;
  }

  private apply<B>(builder: B, item: ChainItem): B {
    const target = builder as unknown as Record<string, (...args: unknown[]) => unknown>;
    const method = target[item.method];
    if (typeof method !== "function") throw new SagepipeError("import-internal", `the builder has no method ${item.method}`);
    return method.apply(target, item.args.map((arg) => evaluate(arg, this.scope))) as B;
  }

  /** Adds one step: with its high-level method when it says exactly what the step does, else with `rawStep`. */
  private place<B>(builder: B, step: ChainStep): { builder: B; item: ChainItem } {
    const common = this.commonOptions(step);
    if (step.type === "Condition") return this.placeCondition(builder, step, common);
    const lifted = step.type === "Fail" ? this.liftFail(step, common) : this.lift(step, common);
    if (lifted !== undefined) {
      const done = this.tryItem(builder, step, lifted.item, lifted.raw);
      if (done !== undefined) {
        this.handles.set(step.name, { type: step.type, method: lifted.method, ...lifted.handle });
        if (done.usedRaw) this.rawOptions.push(step.name);
        return done;
      }
    }
    const item = this.rawStepItem(step, common);
    const next = this.apply(builder, item);
    const problems = this.compareStep(step, this.lastNode(next));
    if (problems.length > 0) {
      throw new ImportError("import-mismatch", `step "${step.name}" written with rawStep does not compile back to the definition (a sagepipe bug: please report it)`, problems.map((p) => issue(step.path, p)));
    }
    const keys = this.stepKeys(step);
    this.handles.set(step.name, {
      type: step.type,
      method: "rawStep",
      outputParameters: new Set((Array.isArray(keys.OutputParameters) ? keys.OutputParameters : []).filter(isObject).map((o) => String(o.OutputName))),
      propertyFiles: new Set((Array.isArray(keys.PropertyFiles) ? keys.PropertyFiles : []).filter(isObject).map((f) => String(f.PropertyFileName))),
    });
    this.rawSteps.push(step.name);
    return { builder: next, item };
  }

  /**
   * Tries a high-level step: when its Arguments differ from the definition's, what differs goes to
   * `raw` (for the methods that take it), and the step is tried again.
   */
  private tryItem<B>(builder: B, step: ChainStep, item: ChainItem, raw: ((residual: JsonObject, generated: unknown) => ChainItem) | undefined): { builder: B; item: ChainItem; usedRaw: boolean } | undefined {
    let next: B;
    try {
      next = this.apply(builder, item);
    } catch (error) {
      if (error instanceof SagepipeError) return undefined;
      throw error;
    }
    const node = this.lastNode(next);
    if (this.compareStep(step, node).length === 0) return { builder: next, item, usedRaw: false };
    if (raw === undefined || !this.keysMatch(step, node)) return undefined;
    const made = this.generated(node).Arguments;
    // what differs, compared as the compiler's string coercion leaves it; what raw sets: the definition's own values
    const residual = residualOf(this.args(step), made, (a, b) => jsonEqual(this.normalized(a), this.normalized(b)));
    if (residual === undefined || !isObject(residual)) return undefined;
    const withRaw = raw(residual, made);
    try {
      next = this.apply(builder, withRaw);
    } catch (error) {
      if (error instanceof SagepipeError) return undefined;
      throw error;
    }
    return this.compareStep(step, this.lastNode(next)).length === 0 ? { builder: next, item: withRaw, usedRaw: true } : undefined;
  }

  #namedReferences: Map<string, Map<string, Set<string>>> | undefined;

  /**
   * The names each step's named lists are read by: `{"Get": "Steps.<step>.<list>['<name>']..."}` for
   * the lists a high-level handle types by the names its step declares (a Training step's metrics,
   * a Lineage step's entities).
   */
  private namedReferences(): Map<string, Map<string, Set<string>>> {
    if (this.#namedReferences !== undefined) return this.#namedReferences;
    const found = new Map<string, Map<string, Set<string>>>();
    const visit = (json: unknown): void => {
      if (Array.isArray(json)) json.forEach(visit);
      else if (isObject(json)) {
        const reference = typeof json.Get === "string" ? /^Steps\.([^.]+)\.(FinalMetricDataList|ActionArns|ArtifactArns|ContextArns)\['([^']*)'\]/.exec(json.Get) : null;
        const [, step, list, name] = reference ?? [];
        if (step !== undefined && list !== undefined && name !== undefined) {
          const lists = found.get(step) ?? new Map<string, Set<string>>();
          lists.set(list, (lists.get(list) ?? new Set()).add(name));
          found.set(step, lists);
        }
        Object.values(json).forEach(visit);
      }
    };
    visit(this.document.Steps);
    this.#namedReferences = found;
    return found;
  }

  /** True when the definition reads `list['<name>']` of `step` by a name outside `declared`. */
  private readsUndeclared(step: string, list: string, declared: ReadonlySet<string>): boolean {
    return [...(this.namedReferences().get(step)?.get(list) ?? [])].some((name) => !declared.has(name));
  }

  private lift(step: ChainStep, common: EntryLike[]): { item: ChainItem; method: Method; handle: Lifted["handle"]; raw: ((residual: JsonObject, generated: unknown) => ChainItem) | undefined } | undefined {
    const lifter = LIFTERS[step.type];
    if (lifter === undefined) return undefined;
    const lifted = lifter({
      step,
      args: this.args(step),
      keys: this.stepKeys(step),
      values: this.values,
      defaultLocation: (parts) => this.defaultLocationJson(parts),
      propertyFileSchema: (file) => this.schemas.get(`${step.name}/${file}`),
      handleOf: (other) => this.handles.get(other),
    });
    if (lifted === undefined) return undefined;
    // a Training step declaring metrics types FinalMetricDataList by them: a reference to another name is written with rawStep
    const declared = lifted.handle.metrics;
    if (declared !== undefined && declared.size > 0 && this.readsUndeclared(step.name, "FinalMetricDataList", declared)) return undefined;
    // a Lineage step's ARN maps are typed by its entities' names, when they are all literals
    if (lifted.method === "lineage") {
      const args = this.args(step);
      for (const [key, nameKey, list] of [["Actions", "ActionName", "ActionArns"], ["Artifacts", "ArtifactName", "ArtifactArns"], ["Contexts", "ContextName", "ContextArns"]] as const) {
        const names = (Array.isArray(args[key]) ? args[key] : []).map((entity) => (isObject(entity) ? entity[nameKey] : undefined));
        if (names.every((name) => typeof name === "string" || name === undefined) && this.readsUndeclared(step.name, list, new Set(names.filter((name): name is string => typeof name === "string")))) return undefined;
      }
    }
    const itemWith = (raw: Entry | undefined): ChainItem => ({
      method: lifted.method,
      args: [lit(step.name), build(object([...lifted.options, ...common, raw]))],
    });
    const takesRaw = !["lambda", "deploy", "callback", "emr", "emrServerless", "lineage"].includes(lifted.method);
    return {
      item: itemWith(undefined),
      method: lifted.method,
      handle: lifted.handle,
      raw: takesRaw
        ? (residual, generated) => {
            const fields = describeKeys(residual, generated);
            return itemWith({ key: "raw", value: this.values.value(residual), comment: `${fields}: no high-level option says ${fields.includes(" and ") ? "these" : "this"}` });
          }
        : undefined,
    };
  }

  private liftFail(step: ChainStep, common: EntryLike[]): { item: ChainItem; method: Method; handle: Lifted["handle"]; raw: undefined } | undefined {
    const args = this.args(step);
    if (Object.keys(args).length !== 1 || args.ErrorMessage === undefined) return undefined;
    const settings = object(common);
    return {
      item: { method: "fail", args: [lit(step.name), build(this.values.value(args.ErrorMessage)), ...(isEmpty(settings) ? [] : [settings])] },
      method: "fail",
      handle: {},
      raw: undefined,
    };
  }

  private placeCondition<B>(builder: B, step: ChainStep, common: EntryLike[]): { builder: B; item: ChainItem } {
    const conditions = Array.isArray(this.args(step).Conditions) ? (this.args(step).Conditions as unknown[]) : [];
    let raw = false;
    const lifted = conditions.map((condition) => {
      const code = liftCondition(condition, this.values);
      if (code !== undefined) return code;
      raw = true;
      return rawCondition(condition as JsonObject);
    });
    const settings = object(common);
    const condition = lifted.length === 1 ? (lifted[0] as Code) : array(lifted);
    const item: ChainItem = {
      method: "when",
      args: [lit(step.name), build(condition), ...(isEmpty(settings) ? [] : [settings])],
      ...(raw ? { comment: `${step.name}: a literal on the left of a comparison, which the typed methods (value.gte(...)) cannot say: written as definition JSON` } : {}),
    };
    const next = this.apply(builder, item);
    const problems = this.compareStep(step, this.lastNode(next));
    if (problems.length > 0) {
      throw new ImportError("import-mismatch", `condition "${step.name}" does not compile back to the definition (a sagepipe bug: please report it)`, problems.map((p) => issue(step.path, p)));
    }
    if (raw) this.rawOptions.push(step.name);
    this.handles.set(step.name, { type: "Condition", method: "when" });
    return { builder: next, item };
  }

  private rawStepItem(step: ChainStep, common: EntryLike[]): ChainItem {
    const args = this.args(step);
    const argumentsPath = formatJsonPath([...step.path, "Arguments"]);
    const notARequest = this.strictIssues.some((i) => i.jsonPath.startsWith(argumentsPath));
    if (notARequest) this.notRequests.push(step.name);
    const argumentsCode = this.values.members(args);
    const keys = this.stepKeys(step);
    const options = object([
      ["arguments", notARequest ? { kind: "cast", value: argumentsCode, type: `RawStepArguments[${JSON.stringify(step.type)}]` } : argumentsCode],
      ...Object.entries(keys).map(([key, value]) => [key, this.values.value(value)] as const),
      ...common,
    ]);
    const reason = notARequest
      ? `${step.name}: its Arguments are not a request SageMaker takes (they validate only with --loose), so they are written as they are`
      : `${step.name}: no high-level ${step.type} option says exactly what this step does, so it is written as the definition has it`;
    return { method: "add", args: [build(call(name("rawStep"), lit(step.name), lit(step.type), options))], comment: reason };
  }

  /** displayName, description, dependsOn/after, cache and retry, as the definition has them. */
  private commonOptions(step: ChainStep): EntryLike[] {
    const json = step.json;
    const ordering = this.ordering.get(step.name) ?? {};
    const expected: JsonObject = { ...json };
    const out: EntryLike[] = [
      ["displayName", typeof json.DisplayName === "string" ? lit(json.DisplayName) : undefined],
      ["description", typeof json.Description === "string" ? lit(json.Description) : undefined],
      ["dependsOn", ordering.dependsOn === undefined ? undefined : jsonCode(ordering.dependsOn)],
      ["after", ordering.after === undefined ? undefined : jsonCode(ordering.after)],
    ];
    if (Array.isArray(json.DependsOn) && json.DependsOn.length === 0) {
      delete (expected as Record<string, unknown>).DependsOn;
      this.note('an empty DependsOn is left out (`"DependsOn": []` says nothing)');
    }
    const cache = json.CacheConfig;
    if (isObject(cache)) {
      if (cache.Enabled === true) {
        out.push(["cache", typeof cache.ExpireAfter === "string" ? object([["expireAfter", durationCode(cache.ExpireAfter)]]) : lit(true)]);
      } else {
        delete (expected as Record<string, unknown>).CacheConfig;
        this.note("a CacheConfig with Enabled false is left out (the same as no cache)");
      }
    }
    if (Array.isArray(json.RetryPolicies)) {
      const policies = json.RetryPolicies.filter(isObject);
      out.push([
        "retry",
        array(
          policies.map((policy) =>
            object([
              ["exceptions", jsonCode(policy.ExceptionType)],
              ["intervalSeconds", policy.IntervalSeconds === undefined || policy.IntervalSeconds === 1 ? undefined : jsonCode(policy.IntervalSeconds)],
              ["backoffRate", policy.BackoffRate === undefined || policy.BackoffRate === 2 ? undefined : jsonCode(policy.BackoffRate)],
              ["maxAttempts", policy.MaxAttempts === undefined ? undefined : jsonCode(policy.MaxAttempts)],
              ["expireAfterMinutes", policy.ExpireAfterMin === undefined ? undefined : jsonCode(policy.ExpireAfterMin)],
            ]),
          ),
        ),
      ]);
      if (policies.some((p) => p.IntervalSeconds === undefined || p.BackoffRate === undefined)) {
        (expected as Record<string, unknown>).RetryPolicies = policies.map((p) => ({ ...p, IntervalSeconds: p.IntervalSeconds ?? 1, BackoffRate: p.BackoffRate ?? 2 }));
        this.note("a retry policy without IntervalSeconds or BackoffRate gets the defaults written out (1 second, rate 2)");
      }
    }
    this.expected.set(step.name, expected);
    return out;
  }

  private note(text: string): void {
    if (!this.differences.includes(text)) this.differences.push(text);
  }

  private args(step: ChainStep): JsonObject {
    const args = step.json.Arguments;
    return isObject(args) ? args : {};
  }

  /** The step-level keys besides the envelope. */
  private stepKeys(step: ChainStep): JsonObject {
    return Object.fromEntries(Object.entries(step.json).filter(([key]) => !ENVELOPE.has(key)));
  }

  private lastNode(builder: unknown): StepNode {
    const steps = (builder as PipelineBuilder).toNode().steps;
    return (steps.at(-1) as { node: StepNode }).node;
  }

  /** A step node as definition JSON (before the compiler's string coercion): Arguments, step keys and envelope. */
  private generated(node: StepNode): JsonObject {
    const json = (value: unknown): unknown => this.toJson(value);
    return {
      Arguments: node.type === "Condition" ? json(node.arguments) : json(node.arguments),
      ...(json(node.stepKeys) as JsonObject),
      ...(node.displayName === undefined ? {} : { DisplayName: node.displayName }),
      ...(node.description === undefined ? {} : { Description: node.description }),
      ...(node.cacheConfig === undefined ? {} : { CacheConfig: json(node.cacheConfig) }),
      ...(node.retryPolicies === undefined ? {} : { RetryPolicies: json(node.retryPolicies) }),
    };
  }

  private toJson(value: unknown): unknown {
    if (value instanceof PipelineValue) return value.toJSON();
    // with no asset bucket there is no default location: something no definition holds, so the step differs
    if (value instanceof DefaultLocation) return this.defaultLocationJson(value.parts) ?? { "sagepipe:no-default-location": value.parts };
    if (value instanceof LocalAsset) return { LocalAsset: value.path };
    if (Array.isArray(value)) return value.map((item) => this.toJson(item));
    if (isObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = this.toJson(item);
      return out;
    }
    return value;
  }

  /** `{"Std:Join": ...}` of what the compiler makes of a default location, under the inferred asset bucket. */
  private defaultLocationJson(parts: readonly string[]): unknown {
    if (this.assets === undefined) return undefined;
    const { bucket, prefix } = this.assets;
    return {
      "Std:Join": {
        On: "/",
        Values: ["s3:/", bucket, ...(prefix === "" ? [] : [prefix]), { Get: "Execution.PipelineName" }, { Get: "Execution.PipelineExecutionId" }, ...parts],
      },
    };
  }

  /** Values the compiler's string coercion wraps, unwrapped, so that a step compares before that coercion. */
  private normalized(value: unknown): unknown {
    const inner = this.values.unwrapped(value);
    if (inner !== undefined) return inner;
    if (Array.isArray(value)) return value.map((item) => this.normalized(item));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.normalized(item)]));
    return value;
  }

  private keysMatch(step: ChainStep, node: StepNode): boolean {
    const generated = this.generated(node);
    const keys = this.stepKeys(step);
    const made = Object.fromEntries(Object.entries(generated).filter(([key]) => !ENVELOPE.has(key)));
    return jsonEqual(this.normalized(keys), this.normalized(made));
  }

  /** Where the step a node compiles to differs from the definition's (envelope, Arguments, step keys; not DependsOn). */
  private compareStep(step: ChainStep, node: StepNode): string[] {
    const expected = this.expected.get(step.name) ?? step.json;
    const generated = this.generated(node);
    const { Name: _n, Type: _t, DependsOn: _d, ...want } = expected;
    const wanted = { ...want, ...(step.type === "Condition" ? { Arguments: { Conditions: this.args(step).Conditions } } : {}) };
    const problems = jsonDifferences(this.normalized(wanted), this.normalized(generated));
    return node.name === step.name && node.type === step.type ? problems : [`${node.type} "${node.name}" instead of ${step.type} "${step.name}"`, ...problems];
  }

  /** Runs the whole chain again, as printed, and returns the builder. */
  private replay(chain: readonly ChainItem[]): unknown {
    let builder: unknown = pipeline(this.pipelineName);
    for (const item of chain) builder = this.apply(builder, item);
    return builder;
  }

  /** Compiles the imported pipeline and compares it with the definition: a difference is a bug, and is thrown. */
  private verify(builder: unknown): void {
    let compiled: ReturnType<typeof compile>;
    try {
      compiled = compile(builder as PipelineBuilder, {
        ...(this.loose ? { arguments: "loose" as const } : {}),
        ...(this.options.quotas === undefined ? {} : { quotas: this.options.quotas }),
      });
    } catch (error) {
      if (!(error instanceof SagepipeError)) throw error;
      throw new ImportError(
        "import-mismatch",
        `the imported pipeline does not compile (a sagepipe bug: please report it with the definition): ${error.message.split("\n")[0]}`,
        error instanceof CompileError ? error.issues.map((i) => ({ ...issue(i.path, i.message), code: i.code })) : [],
      );
    }
    const expected = this.expectedDocument();
    const problems = jsonDifferences(expected, JSON.parse(compiled.json), "$", 10);
    if (problems.length > 0) {
      throw new ImportError(
        "import-mismatch",
        "the imported pipeline does not compile back to the definition (a sagepipe bug: please report it with the definition)",
        problems.map((path) => ({ path: [], jsonPath: path, message: "differs" })),
      );
    }
  }

  /** The input document with the deliberate differences applied: the chain's step order, the notes' changes. */
  private expectedDocument(): JsonObject {
    const byName = new Map(this.chain.map((step) => [step.name, step]));
    const stepJson = (step: ChainStep): JsonObject => {
      const json = { ...(this.expected.get(step.name) ?? step.json) };
      if (step.type === "Condition") {
        const branch = (kind: "if" | "else") =>
          this.chain.filter((s) => s.placement.kind === "branch" && s.placement.condition === step.name && s.placement.branch === kind).map(stepJson);
        json.Arguments = { ...this.args(step), IfSteps: branch("if"), ElseSteps: branch("else") };
      }
      return json;
    };
    const top = this.chain.filter((s) => s.placement.kind === "top").map((s) => stepJson(byName.get(s.name) as ChainStep));
    const config = this.document.PipelineExperimentConfig;
    return {
      Version: this.document.Version,
      Metadata: this.document.Metadata ?? {},
      Parameters: this.document.Parameters ?? [],
      PipelineExperimentConfig: config === undefined ? DEFAULT_EXPERIMENT_CONFIG : config,
      Steps: top,
    };
  }
}

const isEmpty = (code: Code): boolean => code.kind === "object" && code.entries.length === 0;

/**
 * `A.B`, `A.B and C`, `A, B and C`: the fields a raw option sets, followed down the objects the
 * high-level options made (`generated`) to the field they lack or set differently.
 */
function describeKeys(residual: JsonObject, generated: unknown): string {
  const paths: string[] = [];
  const visit = (value: unknown, made: unknown, path: string): void => {
    if (isObject(value) && isObject(made) && !("Get" in value || "Std:Join" in value || "Std:JsonGet" in value) && Object.keys(value).length > 0) {
      for (const [key, item] of Object.entries(value)) visit(item, made[key], path === "" ? key : `${path}.${key}`);
    } else {
      paths.push(path);
    }
  };
  for (const [key, item] of Object.entries(residual)) visit(item, isObject(generated) ? generated[key] : undefined, key);
  return paths.length <= 1 ? (paths[0] ?? "") : `${paths.slice(0, -1).join(", ")} and ${paths.at(-1)}`;
}

/**
 * What `raw` must hold for the builder's output `generated` to become `wanted`: the differing keys,
 * objects merged key by key as `raw` is. Undefined when a key must go (`raw` cannot remove one).
 */
function residualOf(wanted: unknown, generated: unknown, same: (a: unknown, b: unknown) => boolean): unknown {
  if (same(wanted, generated)) return NONE;
  const plain = (value: unknown): value is JsonObject => isObject(value) && !("Get" in value || "Std:Join" in value || "Std:JsonGet" in value);
  if (!plain(wanted) || !plain(generated)) return wanted;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(generated)) if (wanted[key] === undefined) return undefined;
  for (const [key, value] of Object.entries(wanted)) {
    const part = residualOf(value, generated[key], same);
    if (part === undefined) return undefined;
    if (part !== NONE) out[key] = part;
  }
  return out;
}
const NONE = Symbol("none");

/** An ISO-8601 duration as the `{ days: 30 }` form when that writes the same text, else the text. */
function durationCode(text: string): Code {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (match !== null) {
    const units = ["years", "months", "weeks", "days", "hours", "minutes", "seconds"] as const;
    const parts = units.flatMap((unit, i) => (match[i + 1] === undefined ? [] : [[unit, Number(match[i + 1])] as const]));
    try {
      if (parts.length > 0 && formatDuration(Object.fromEntries(parts) as Duration) === text) {
        return object(parts.map(([unit, value]) => [unit, lit(value)] as const));
      }
    } catch {
      // not a duration the parts form writes: the text
    }
  }
  return lit(text);
}

/**
 * The asset location of the default S3 locations a sagepipe-compiled definition uses
 * (`s3://<bucket>/<prefix>/<pipeline>/<execution id>/<step>/...`), when they all agree.
 */
function inferAssets(document: JsonObject): { bucket: string; prefix: string } | undefined {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!isObject(value)) return;
    const joined = isObject(value["Std:Join"]) ? value["Std:Join"] : undefined;
    if (joined !== undefined && joined.On === "/" && Array.isArray(joined.Values)) {
      const v = joined.Values;
      const isGet = (x: unknown, ref: string) => isObject(x) && x.Get === ref;
      const at = isGet(v[2], "Execution.PipelineName") ? 2 : isGet(v[3], "Execution.PipelineName") ? 3 : -1;
      if (v[0] === "s3:/" && typeof v[1] === "string" && at > 0 && isGet(v[at + 1], "Execution.PipelineExecutionId") && (at === 2 || typeof v[2] === "string")) {
        found.add(JSON.stringify([v[1], at === 3 ? v[2] : ""]));
      }
    }
    for (const item of Object.values(value)) visit(item);
  };
  visit(document.Steps);
  if (found.size !== 1) return undefined;
  const [bucket, prefix] = JSON.parse([...found][0] as string) as [string, string];
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || assetPrefix({ prefix }) !== prefix) return undefined;
  return { bucket, prefix };
}

/**
 * `.otherwise(({ params }) => failStep(...))`, the README's form, for an else branch of one Fail
 * step that closes the condition.
 */
function foldOtherwise(items: readonly ChainItem[]): ChainItem[] {
  const out: ChainItem[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as ChainItem;
    const fail = items[i + 1];
    const after = items[i + 2];
    if (item.method === "otherwise" && item.args.length === 0 && fail?.method === "fail" && fail.comment === undefined && (after === undefined || after.method === "end")) {
      const [stepName, message, settings] = fail.args as [Code, Code, Code | undefined];
      const body = message.kind === "arrow" ? message.body : message;
      const made = call(name("failStep"), stepName, body, ...(settings === undefined ? [] : [settings]));
      out.push({ method: "otherwise", args: [build(made)] });
      i += after === undefined ? 1 : 2;
      continue;
    }
    out.push(item);
  }
  return out;
}
