import type { z } from "zod";
import type { LocalAsset } from "../compile/assets.js";
import type { PipelineValue } from "../model/expressions.js";
import type { KeysOf } from "../options.js";
import type { Build, BuildContext, ParameterMap, StepHandle, StepMap } from "./step-definition.js";

// ---------------------------------------------------------------------------------------------
// Type level. The step methods infer their options as a type parameter `O` (so that a handle knows
// the output names, metric names, property-file schemas the options declare), and an inferred type
// parameter turns TypeScript's excess-property check off. These types put it back: `Problems<O, T>`
// lists the keys of `O` (nested option objects included) that the option type `T` does not have;
// when there are none, the options are `O` as written, otherwise a copy of `O` whose unknown keys
// take a message type, "unknown option 'instanceCout': did you mean 'instanceCount'?", which no
// value fits, so the error sits on the misspelled key and says what it is.
// ---------------------------------------------------------------------------------------------

type Leaf = string | number | boolean | bigint | symbol | null | undefined;

/** Target values whose keys are not option keys: values, assets, schemas, step handles, functions, maps (a script-mode hyperparameter's ordered object). */
type OpaqueTarget = PipelineValue<unknown> | LocalAsset | z.core.$ZodType | StepHandle | ReadonlyMap<unknown, unknown> | ((...args: never[]) => unknown);

/** The option objects a target type takes (a step reference `{ name }` takes any handle). */
type ObjectMembers<T> = T extends Leaf | OpaqueTarget ? never : [keyof T] extends ["name"] ? never : T;

/**
 * The option objects of target type `T` that options `O` are checked against: the members of a
 * union that `O` fits (a DATA_QUALITY check's keys for `checkType: "DATA_QUALITY"`), or all of them
 * when it fits none (then the type error is elsewhere).
 */
type OptionObjects<T, O = unknown> = [ObjectMembers<T>] extends [never]
  ? never
  : Fitting<O, ObjectMembers<T>> extends infer F
    ? [F] extends [never]
      ? ObjectMembers<T>
      : F
    : never;
type Fitting<O, T> = T extends unknown ? (O extends T ? T : never) : never;


/** The type of key `K` in the members of `T` that have it. */
type ValueAt<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/** `S` with one character removed, every way. */
type Deletions<S extends string> = S extends `${infer H}${infer R}` ? R | `${H}${Deletions<R>}` : never;

/** True when `K` and `C` differ by case or by one edit (a letter added, removed, changed or two swapped). */
type Near<K extends string, C extends string> = [(Lowercase<K> | Deletions<Lowercase<K>>) & (Lowercase<C> | Deletions<Lowercase<C>>)] extends [never]
  ? false
  : true;

/** True when one of `K` and `C` starts with the other (`modelDataUrl` and `modelData`). */
type Prefix<K extends string, C extends string> = Lowercase<C> extends `${Lowercase<K>}${string}` ? true : Lowercase<K> extends `${Lowercase<C>}${string}` ? true : false;

type Suggestion<K extends string, C> = C extends string ? (Near<K, C> extends true ? C : Prefix<K, C> extends true ? C : never) : never;

/**
 * The message an unknown option key's value is checked against. A literal type, except for the keys
 * a function also has (`arguments`, `name`, `length`, ...): the builder's methods take options or a
 * function, and a literal there would make TypeScript pick the function to report against.
 */
type UnknownOption<K, T> = K extends string ? (K extends keyof Function ? { readonly [M in Message<K, T>]: never } : Message<K, T>) : never;

type Message<K extends string, T> = [Suggestion<K, KeysOf<T>>] extends [never]
  ? `unknown option '${K}'`
  : `unknown option '${K}': did you mean '${Suggestion<K, KeysOf<T>>}'?`;

/** The keys of option type `T` whose values may be option objects (checked key by key in turn). */
type NestedKeys<T> = { [K in KeysOf<T>]-?: [ObjectMembers<ValueAt<T, K>>] extends [never] ? never : K }[KeysOf<T>];

/**
 * The keys of options `O` (and of the option objects inside, to `D`'s length in depth: recursive
 * shapes such as EMR configurations end there) that option type `T` does not have.
 */
type Problems<O, T, D extends readonly unknown[] = []> = D["length"] extends 8
  ? never
  : [T] extends [O] // options typed by the interface itself (no literal): nothing to walk
    ? never
    : [ObjectMembers<T>] extends [never]
      ? never
      : O extends Leaf | PipelineValue<unknown> | LocalAsset | ReadonlyMap<unknown, unknown>
        ? never
        : O extends readonly (infer E)[]
          ? ObjectMembers<T> extends readonly (infer TE)[]
            ? Problems<E, TE, [...D, 0]>
            : never
          : OptionObjects<T, O> extends infer C
            ? Exclude<keyof O, KeysOf<C>> | { [K in keyof O & NestedKeys<C>]-?: Problems<O[K], ValueAt<C, K>, [...D, 0]> }[keyof O & NestedKeys<C>]
            : never;

/** `O` with the value of each unknown key replaced by its message. */
type Report<O, T, D extends readonly unknown[] = []> = D["length"] extends 8
  ? O
  : [ObjectMembers<T>] extends [never]
    ? O
    : O extends Leaf | PipelineValue<unknown> | LocalAsset | ReadonlyMap<unknown, unknown>
      ? O
      : O extends readonly unknown[]
        ? ObjectMembers<T> extends readonly (infer TE)[]
          ? { [I in keyof O]: Report<O[I], TE, [...D, 0]> }
          : O
        : OptionObjects<T, O> extends infer C
          ? { [K in keyof O]: K extends KeysOf<C> ? Report<O[K], ValueAt<C, K>, [...D, 0]> : UnknownOption<K, C> }
          : never;

/**
 * Options `O` (inferred from what was written) checked against the option type `T`: `O` itself
 * when every key, nested option objects included, is one `T` has; otherwise a type that makes each
 * unknown key a compile error naming it ("unknown option 'instanceCout': did you mean
 * 'instanceCount'?"). The step functions take their options as `ExactOptions<O, XxxOptions>`.
 *
 * @example
 * ```ts
 * declare function step<const O extends TrainingOptions>(options: ExactOptions<O, TrainingOptions>): O;
 * step({ image, role, instanceType: "ml.m5.xlarge", hyperParameters: {} });
 * //                                               ~~~~~~~~~~~~~~~ unknown option 'hyperParameters': did you mean 'hyperparameters'?
 * ```
 */
export type ExactOptions<O, T> = [Problems<O, T>] extends [never] ? O : NoInfer<Report<O, T>>;

/**
 * {@link ExactOptions} for the builder's methods: the options, or a function of the build context
 * returning them, checked the same way.
 *
 * @example
 * ```ts
 * pipeline("P").process("A", ({ params }) => ({ ...job, instanceCout: 2 }))
 * // error: ... Type 'number' is not assignable to type '"unknown option 'instanceCout': did you mean 'instanceCount'?"'
 * ```
 */
export type ExactBuild<P extends ParameterMap, S extends StepMap, O, T> = [Problems<O, T>] extends [never]
  ? Build<P, S, O>
  : NoInfer<Report<O, T>> | ((context: BuildContext<P, S>) => NoInfer<Report<O, T>>);
