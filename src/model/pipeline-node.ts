import type { PipelineExperimentConfig } from "../definition/pipeline-definition.js";
import type { Parameter } from "../definition/parameters.js";
import type { FailureAlert, S3Trigger, ScheduleTrigger } from "../triggers/types.js";
import type { StepNode } from "./step-node.js";

/** Where a step sits: at the top level, or in a branch of a condition. */
export type StepPlacement =
  | { readonly kind: "top" }
  | { readonly kind: "branch"; readonly condition: string; readonly branch: "if" | "else" };

/** A step with its place in the pipeline and the step the fluent chain put before it. */
export interface PlacedStep {
  readonly node: StepNode;
  readonly placement: StepPlacement;
  /** The steps the fluent chain put before it: it runs after them unless a data reference already orders them. */
  readonly follows: readonly string[];
}

/** The whole pipeline as plain, frozen data: what the compiler reads. */
export interface PipelineNode {
  readonly name: string;
  readonly parameters: readonly Parameter[];
  readonly steps: readonly PlacedStep[];
  /** `undefined`: the Python SDK's default (pipeline name / execution id); `null`: none. */
  readonly experimentConfig?: PipelineExperimentConfig | null;
  readonly assets?: { readonly bucket: string; readonly prefix?: string };
  /** The AWS region the pipeline runs in (`.region(...)`): framework images and script mode need it. */
  readonly region?: string;
  /**
   * The directory of the file that called `pipeline()`: relative local code paths are read from it
   * (unless a `baseDir` is given). Not part of the compiled definition.
   */
  readonly sourceDir?: string;
  /** S3 triggers (`.trigger(onS3(...))`): applied by `applyTriggers`, never part of the compiled definition. */
  readonly triggers?: readonly S3Trigger[];
  /** Schedules (`.schedule(...)`): applied by `applyTriggers`, never part of the compiled definition. */
  readonly schedules?: readonly ScheduleTrigger[];
  /** The failure alert (`.onFailure(...)`): applied by `applyAlerts`, never part of the compiled definition. */
  readonly alert?: FailureAlert;
}
