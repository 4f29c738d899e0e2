import { createHash } from "node:crypto";
import { SagepipeError } from "../errors.js";
import { parameterValueText, type ParameterValue } from "../runtime/parameters.js";

/** The `ClientRequestToken` length SageMaker accepts (StartPipelineExecution, CreatePipeline, ...). */
export const CLIENT_REQUEST_TOKEN_LENGTH = { min: 32, max: 128 } as const;

/** What {@link deriveClientRequestToken} hashes. */
export interface ClientRequestTokenParts {
  /** The pipeline the execution belongs to. */
  readonly pipelineName: string;
  /**
   * What identifies the run in your delivery system: a commit SHA, a CI build id, a release tag.
   * `undefined` (e.g. `process.env.GITHUB_SHA` outside CI) is the same as leaving it out.
   */
  readonly commit?: string | undefined;
  /** The parameter values the run is started with (undefined values are left out). */
  readonly params?: Readonly<Record<string, ParameterValue | undefined>>;
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * A deterministic `ClientRequestToken` for `start`: the same pipeline, commit and parameter values
 * always give the same token, so a start retried after a lost response (a CI job re-run, a network
 * error after the request reached AWS) does not create a second execution — SageMaker answers a
 * repeated token with the execution it already started.
 *
 * The token is the SHA-256 (64 lowercase hex characters: within the API's 32–128 characters, so no
 * truncation is needed) of a canonical text of the parts: a version tag, the pipeline name, the
 * commit, and the parameters sorted by name with values written as `StartPipelineExecution` gets
 * them (`parameterValueText`: `0.8` and `"0.8"` give the same token). To start the same commit
 * twice on purpose, change `commit` (e.g. append the CI attempt number). SageMaker remembers tokens
 * for a limited time, so this protects retries, not runs days apart.
 *
 * @example
 * ```ts
 * const token = deriveClientRequestToken({ pipelineName: "Churn", commit: process.env.GITHUB_SHA, params: { Threshold: 0.9 } });
 * await start("Churn", { params: { Threshold: 0.9 }, clientRequestToken: token });
 * ```
 */
export function deriveClientRequestToken(parts: ClientRequestTokenParts): string {
  const params = Object.entries(parts.params ?? {})
    .filter((entry): entry is [string, ParameterValue] => entry[1] !== undefined)
    .map(([name, value]) => [name, parameterValueText(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256(JSON.stringify(["sagepipe-start/1", parts.pipelineName, parts.commit ?? null, params]));
}

/**
 * The `ClientRequestToken` of a CreatePipeline call: derived from the pipeline name and a hash of
 * its definition, so a create retried after a lost response is idempotent.
 *
 * @example
 * ```ts
 * createPipelineToken("Churn", compiled.json); // 64 hex characters
 * ```
 */
export function createPipelineToken(pipelineName: string, definitionJson: string): string {
  return sha256(JSON.stringify(["sagepipe-create/1", pipelineName, sha256(definitionJson)]));
}

/**
 * Rejects a token SageMaker would refuse, before any call.
 *
 * @example
 * ```ts
 * checkClientRequestToken("too-short"); // throws SagepipeError "invalid-client-request-token"
 * ```
 */
export function checkClientRequestToken(token: string): void {
  const { min, max } = CLIENT_REQUEST_TOKEN_LENGTH;
  if (token.length < min || token.length > max) {
    throw new SagepipeError(
      "invalid-client-request-token",
      `a ClientRequestToken must be ${min} to ${max} characters long; "${token}" has ${token.length}. Use deriveClientRequestToken({ pipelineName, commit, params }) for a deterministic one`,
    );
  }
}
