import type { StepType } from "../definition/capabilities.js";
import { stepProperties, type Properties, type StepPropertyShapes } from "../model/properties.js";
import { SagepipeError } from "../errors.js";
import { didYouMean } from "../validate/suggest.js";
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

/** Keys that tools probe on any object (promises, JSON, test matchers, inspectors): never an error. */
const PROBED = new Set<string>(["then", "toJSON", "asymmetricMatch", "$$typeof", "nodeType", "@@__IMMUTABLE_ITERABLE__@@", "@@__IMMUTABLE_RECORD__@@", "_isMockFunction"]);

/**
 * @internal The named references of a handle (`outputs`, `metrics`, `propertyFiles`), frozen; reading
 * a name the step did not declare throws `unknown-<what>` with the declared names and the closest
 * one (TypeScript refuses it already; this is for JavaScript, where it was `undefined` and a
 * TypeError later).
 *
 * @example
 * ```ts
 * namedValues(`Processing step "Prepare"`, "output", { train: value }).tran
 * // SagepipeError unknown-output: Processing step "Prepare" has no output "tran". Did you mean "train"? Its outputs: train
 * ```
 */
export function namedValues<V>(where: string, what: string, values: Readonly<Record<string, V>>): Readonly<Record<string, V>> {
  const target = Object.freeze({ ...values });
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === "string" && !(key in object) && !PROBED.has(key)) {
        const names = Object.keys(object);
        throw new SagepipeError(
          `unknown-${what.replaceAll(" ", "-")}`,
          `${where} has no ${what} "${key}".${didYouMean(key, names)} ${names.length === 0 ? `It declares no ${what}s.` : `Its ${what}s: ${names.join(", ")}`}`,
        );
      }
      return Reflect.get(object, key, receiver);
    },
  });
}
