import { callAws } from "../aws/call.js";
import { ClientProvider, sagemakerModule, type AwsClients } from "../aws/clients.js";
import { parseDeployedDefinition } from "../aws/deployed.js";
import { importDefinition, type ImportOptions, type ImportResult } from "./import-definition.js";
import { checkOptions, optionShape } from "../options.js";
import { withClients } from "../aws/option-shapes.js";
import { QUOTA_OPTIONS } from "../validate/validate-definition.js";

/** Options of {@link importDeployedPipeline}. */
export interface ImportDeployedOptions extends Omit<ImportOptions, "source"> {
  /** A pipeline version (`PipelineVersionId`) instead of the latest. */
  readonly version?: number;
  /** AWS SDK clients to use (otherwise the default chain, as for every AWS operation). */
  readonly clients?: AwsClients;
}

const IMPORT_DEPLOYED_OPTIONS = withClients(optionShape<ImportDeployedOptions>({ version: true, clients: true, name: true, quotas: true }, { quotas: { object: QUOTA_OPTIONS } }));

/**
 * Imports a deployed pipeline: reads its definition with DescribePipeline (the latest version, or
 * `version`) and turns it into a sagepipe module, as {@link importDefinition} does. The module's
 * pipeline keeps the deployed pipeline's name unless `name` says otherwise.
 *
 * @example
 * ```ts
 * const { code } = await importDeployedPipeline("ChurnPipeline", { version: 3 });
 * ```
 */
export async function importDeployedPipeline(pipeline: string, options: ImportDeployedOptions = {}): Promise<ImportResult> {
  checkOptions("importDeployedPipeline", options, IMPORT_DEPLOYED_OPTIONS);
  const sagemaker = await new ClientProvider(options.clients).sagemaker();
  const { DescribePipelineCommand } = await sagemakerModule();
  const subject = `pipeline "${pipeline}"${options.version === undefined ? "" : ` version ${options.version}`}`;
  const described = await callAws(
    "DescribePipeline",
    () => sagemaker.send(new DescribePipelineCommand({ PipelineName: pipeline, ...(options.version === undefined ? {} : { PipelineVersionId: options.version }) })),
    { notFoundCode: "pipeline-not-found", subject },
  );
  const definition = parseDeployedDefinition(described.PipelineDefinition, subject);
  const { version: _, clients: __, ...importOptions } = options;
  return importDefinition(definition, {
    ...importOptions,
    name: options.name ?? described.PipelineName ?? pipeline,
    source: `the deployed ${subject}${described.PipelineArn === undefined ? "" : ` (${described.PipelineArn})`}`,
  });
}
