export { ISSUE_CODES, formatIssues, formatJsonPath, type IssueCode, type PathSegment, type ValidationIssue } from "./issues.js";
export { DEFAULT_QUOTAS, type Quotas } from "./rules.js";
export {
  DefinitionValidationError,
  safeValidateDefinition,
  validateDefinition,
  type ValidateOptions,
  type ValidationResult,
} from "./validate-definition.js";
