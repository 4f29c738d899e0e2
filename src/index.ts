export * from "./definition/index.js";
