export * from "./definition/index.js";
export { SagepipeError } from "./errors.js";
export * from "./validate/index.js";
