export { importDeployedPipeline, type ImportDeployedOptions } from "./deployed.js";
export { ImportError, importDefinition, type ImportIssue, type ImportOptions, type ImportResult } from "./import-definition.js";
