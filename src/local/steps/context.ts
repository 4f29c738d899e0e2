import type { CodeAsset } from "../../compile/assets.js";
import type { ParameterValue } from "../../runtime/parameters.js";
import type { DataLocation } from "../../runtime/run-record.js";
import type { StepIsolation } from "../container.js";
import type { LocalObjectStore } from "../object-store.js";

/** A Lambda step's local stand-in: gets the step's resolved Arguments, returns its output parameters. */
export type LocalLambdaHandler = (
  event: Readonly<Record<string, unknown>>,
  context: LocalHandlerContext,
) => Promise<Readonly<Record<string, unknown>> | void> | Readonly<Record<string, unknown>> | void;

/** A Callback step's local stand-in: gets the message SageMaker would queue, returns the output parameters. */
export type LocalCallbackHandler = (
  message: { readonly token: string; readonly arguments: Readonly<Record<string, unknown>> },
  context: LocalHandlerContext,
) => Promise<Readonly<Record<string, unknown>> | void> | Readonly<Record<string, unknown>> | void;

/** What a local handler knows about the run. */
export interface LocalHandlerContext {
  readonly stepName: string;
  readonly executionId: string;
  readonly pipelineName: string;
  /** The run's working directory (local object store, registry, runs). */
  readonly workdir: string;
  /** The local path of an `s3://` URI in the local object store. */
  readonly pathOf: (uri: string) => string;
  /** Records what the handler deployed, for the run record. */
  readonly recordDeployment: (deployment: Readonly<Record<string, unknown>>) => void;
}

/** What step executors share in a local run. */
export interface LocalStepContext {
  readonly store: LocalObjectStore;
  readonly workdir: string;
  readonly runDir: string;
  readonly executionId: string;
  readonly pipelineName: string;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly assets: readonly CodeAsset[];
  readonly commands: Readonly<Record<string, readonly string[]>>;
  readonly interpreters: Readonly<Record<string, string>>;
  readonly lambdaHandlers: Readonly<Record<string, LocalLambdaHandler>>;
  readonly callbackHandlers: Readonly<Record<string, LocalCallbackHandler>>;
  readonly onLog?: (step: string, line: string) => void;
  readonly signal?: AbortSignal;
  /** How steps' processes get a private `/opt/ml` (or have writes to the real one detected). */
  readonly isolation: StepIsolation;
  /** Between SIGTERM and SIGKILL when a step is stopped. */
  readonly stopGraceMs?: number;
  /** Reports something the run noticed (in the run record's warnings, and as a `warning` event). */
  readonly warn: (step: string | undefined, message: string) => void;
}

/** The code assets an input URI delivers (content-addressed URIs from compile). */
export function codeOf(assets: readonly CodeAsset[], locations: readonly DataLocation[]): { uri: string; sha256?: string; localPath?: string }[] {
  return locations.flatMap((location) => {
    const asset = assets.find((candidate) => candidate.s3Uri === location.uri);
    return asset === undefined ? [] : [{ uri: asset.s3Uri, sha256: asset.sha256, localPath: asset.localPath }];
  });
}
