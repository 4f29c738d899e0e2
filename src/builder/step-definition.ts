import type { StepType } from "../definition/capabilities.js";
import type { PipelineValue } from "../model/expressions.js";
import type { StepNode, StepRef } from "../model/step-node.js";

/**
 * A step ready to be added to a pipeline: its model node, and the typed handle other steps use to
 * reference it (`steps.Train.properties.ModelArtifacts.S3ModelArtifacts`).
 */
export interface StepDefinition<N extends string = string, H extends StepHandle<N> = StepHandle<N>> {
  readonly name: N;
  readonly node: StepNode;
  readonly handle: H;
  /** Overrides the fluent chain: the steps this one runs after (`[]`: none). */
  readonly after?: readonly StepRef[];
}

/** What every step handle has: the step's name and type. */
export interface StepHandle<N extends string = string, T extends StepType = StepType> {
  readonly name: N;
  readonly type: T;
}

import type { ParameterType } from "../definition/parameters.js";

declare const enumValues: unique symbol;

/**
 * The type of a String parameter declared with `enum`: `"String"`, carrying its values, so that
 * `params.<name>` is a `PipelineValue<"prod" | "dev">` and comparing it with another value, or
 * starting a run with one, is a type error.
 *
 * @example
 * ```ts
 * pipeline("P").param("Mode", "String", { enum: ["prod", "dev"] }) // P is { readonly Mode: EnumParameterType<"prod" | "dev"> }
 * ```
 */
export type EnumParameterType<E extends string> = "String" & { readonly [enumValues]: E };

/** The TypeScript type of a parameter's values (an enum parameter's: its values). */
export type ParameterValueType<T extends ParameterType> = T extends { readonly [enumValues]: infer E }
  ? E
  : T extends "String"
    ? string
    : T extends "Boolean"
      ? boolean
      : number;

/** The parameters a pipeline declared, by name. */
export type ParameterMap = { readonly [name: string]: ParameterType };

/** The steps a pipeline has so far, by name. */
export type StepMap = { readonly [name: string]: StepHandle };

/** Typed references to a pipeline's parameters: `params.Threshold` is a `PipelineValue<number>`. */
export type ParameterValues<P extends ParameterMap> = {
  readonly [K in keyof P]: PipelineValue<ParameterValueType<P[K]>>;
};

/**
 * What a step's build function receives: the pipeline's parameters and its steps so far.
 *
 * @example
 * ```ts
 * pipeline("Churn")
 *   .param("Threshold", "Float", { default: 0.8 })
 *   .process("Prepare", { ... })
 *   .train("Train", ({ params, steps }) => ({ ..., inputs: { train: steps.Prepare.outputs.train } }))
 *   // fan-in over every step so far: Object.keys(steps) lists them in the order they were added
 *   .process("Report", ({ steps }) => ({ ..., after: Object.keys(steps) }))
 * ```
 */
export interface BuildContext<P extends ParameterMap, S extends StepMap> {
  /** Each parameter as a typed value; reading an undeclared one throws `unknown-parameter`. */
  readonly params: ParameterValues<P>;
  /**
   * Each step added before this one, by name (read-only; reading a step not added yet throws
   * `unknown-step`, naming the steps there are).
   */
  readonly steps: S;
}

/** Options, or a function of the build context that returns them. */
export type Build<P extends ParameterMap, S extends StepMap, O> = O | ((context: BuildContext<P, S>) => O);
