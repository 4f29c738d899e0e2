export { ParameterError, parameterValueText, resolveParameterValues, type ParameterArguments, type ParameterInputForm, type ParameterValue } from "./parameters.js";
