export * from "./builder/index.js";
export * from "./compile/index.js";
export * from "./definition/index.js";
export * from "./diff/index.js";
export { SagepipeError } from "./errors.js";
export * from "./local/index.js";
export * from "./model/index.js";
export * from "./runtime/index.js";
export * from "./validate/index.js";
