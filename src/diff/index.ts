export {
  PLACEMENT_PATH,
  TOP_LEVEL,
  diffDefinitions,
  type DefinitionDiff,
  type DefinitionInput,
  type ParameterChange,
  type ParameterSummary,
  type StepChange,
  type StepSummary,
} from "./diff-definitions.js";
export { formatDiff } from "./format-diff.js";
export type { ChangeKind, ValueChange } from "./value-diff.js";
