// first: a zod that is not zod 4 fails here, with what to install, before any schema is built
import "./zod-check.js";
export * from "./aws/index.js";
export * from "./builder/index.js";
export * from "./compile/index.js";
export * from "./definition/index.js";
export * from "./diff/index.js";
export { SagepipeError } from "./errors.js";
export * from "./images/index.js";
export * from "./import/index.js";
export * from "./local/index.js";
export * from "./model/index.js";
export * from "./registry/index.js";
export * from "./runtime/index.js";
export * from "./triggers/index.js";
export * from "./validate/index.js";
