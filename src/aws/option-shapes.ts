import { extendShape, optionShape, type OptionShape } from "../options.js";
import { COMPILE_OPTIONS } from "../compile/compile.js";
import type { AwsClientConfig, AwsClients } from "./clients.js";

// The option keys of the AWS-facing functions, checked at run time (`checkOptions`): from plain
// JavaScript, a spread or an `any`, a misspelt key would otherwise be dropped without a word —
// `start(p, { parms: {...} })` starting a run with the default parameters, `applyTriggers(p, { dryrun:
// true })` changing the account. Each list is typed by its interface, so the two cannot drift.

/** `clients: { sagemaker, s3, eventBridge, scheduler, config: { region, ... } }`. */
export const CLIENTS = optionShape<AwsClients>(
  { sagemaker: true, s3: true, eventBridge: true, scheduler: true, config: true },
  { config: { object: optionShape<AwsClientConfig>({ region: true, profile: true, requestTimeoutMs: true, connectionTimeoutMs: true }) } },
);

/** Options that are only `clients`. */
export const CLIENTS_ONLY = optionShape<{ readonly clients?: AwsClients }>({ clients: true }, { clients: { object: CLIENTS } });

/** `compile: {...}` inside another function's options. */
export const NESTED_COMPILE = { object: COMPILE_OPTIONS } as const;

/**
 * A shape with `clients` (and, where given, `compile`) checked inside it.
 *
 * @example
 * ```ts
 * const LIST = withClients(optionShape<ListExecutionsOptions>({ clients: true, maxResults: true }));
 * ```
 */
export function withClients(shape: OptionShape): OptionShape {
  return extendShape(shape, {}, {
    ...(shape.keys.includes("clients") ? { clients: { object: CLIENTS } } : {}),
    ...(shape.keys.includes("compile") ? { compile: NESTED_COMPILE } : {}),
  });
}
