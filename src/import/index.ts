export { ImportError, importDefinition, type ImportIssue, type ImportOptions, type ImportResult } from "./import-definition.js";
