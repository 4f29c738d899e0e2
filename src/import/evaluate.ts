import { SagepipeError } from "../errors.js";
import type { Code } from "./code.js";

/** The names code may read: sagepipe's exports it imports, hoisted constants, and the build context. */
export type Scope = Readonly<Record<string, unknown>>;

/**
 * Runs printed code in-process: the same tree the printer writes, against sagepipe itself. This is
 * how the importer checks that the TypeScript it writes compiles back to the definition it read.
 */
export function evaluate(code: Code, scope: Scope): unknown {
  switch (code.kind) {
    case "literal":
      return code.value;
    case "name":
      if (!Object.hasOwn(scope, code.name)) throw new SagepipeError("import-internal", `the imported code reads "${code.name}", which it does not define`);
      return scope[code.name];
    case "object": {
      const out: Record<string, unknown> = {};
      for (const entry of code.entries) {
        Object.defineProperty(out, entry.key, { value: evaluate(entry.value, scope), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "array":
      return code.items.map((item) => evaluate(item, scope));
    case "member":
      return (evaluate(code.target, scope) as Record<string, unknown>)[code.name];
    case "index":
      return (evaluate(code.target, scope) as Record<number, unknown>)[code.index];
    case "call": {
      const args = code.args.map((arg) => evaluate(arg, scope));
      if (code.callee.kind === "member") {
        const target = evaluate(code.callee.target, scope) as Record<string, unknown>;
        return (target[code.callee.name] as (...values: unknown[]) => unknown).apply(target, args);
      }
      return (evaluate(code.callee, scope) as (...values: unknown[]) => unknown)(...args);
    }
    case "new": {
      const Callee = evaluate(code.callee, scope) as new (...values: unknown[]) => unknown;
      return new Callee(...code.args.map((arg) => evaluate(arg, scope)));
    }
    case "tagged": {
      const strings = Object.assign([...code.strings], { raw: [...code.strings] });
      return (evaluate(code.tag, scope) as (...values: unknown[]) => unknown)(strings, ...code.values.map((value) => evaluate(value, scope)));
    }
    case "template":
      return code.strings.reduce((text, part, i) => text + part + (i < code.values.length ? String(evaluate(code.values[i] as Code, scope)) : ""), "");
    case "cast":
      return evaluate(code.value, scope);
    case "arrow":
      return (context: { params: unknown; steps: unknown }) => evaluate(code.body, { ...scope, params: context.params, steps: context.steps });
  }
}
