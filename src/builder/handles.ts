import type { StepType } from "../definition/capabilities.js";
import { stepProperties, type Properties, type StepPropertyShapes } from "../model/properties.js";
import type { StepHandle } from "./step-definition.js";

/** A handle whose `properties` are the typed property tree of its step type. */
export interface PropertiesHandle<N extends string, T extends keyof StepPropertyShapes & StepType> extends StepHandle<N, T> {
  /** `{"Get": "Steps.<name>.<path>"}` references, typed from the AWS response of the step's job. */
  readonly properties: Properties<StepPropertyShapes[T]>;
}

/** Makes the handle of a step whose type has a property tree. */
export function propertiesHandle<N extends string, T extends keyof StepPropertyShapes & StepType>(name: N, type: T): PropertiesHandle<N, T> {
  return Object.freeze({ name, type, properties: stepProperties(type, name) });
}
