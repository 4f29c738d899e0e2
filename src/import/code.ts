/**
 * The TypeScript the importer writes, as a small expression tree: the printer turns it into source
 * text, and the evaluator runs the same tree against sagepipe itself, so what is printed is what was
 * checked to compile back to the input definition.
 */
export type Code =
  | { readonly kind: "literal"; readonly value: string | number | boolean | null }
  | { readonly kind: "object"; readonly entries: readonly Entry[] }
  | { readonly kind: "array"; readonly items: readonly Code[] }
  /** A name in scope: `params`, `steps`, `join`, a hoisted constant, ... */
  | { readonly kind: "name"; readonly name: string }
  /**
   * `target.name`, or `target["name"]` when the name is not an identifier or `key` is set (a map or
   * named-list key); `!` after it with `nonNull`.
   */
  | { readonly kind: "member"; readonly target: Code; readonly name: string; readonly key?: boolean; readonly nonNull?: boolean }
  /** `target[0]`, with `!` after it when `nonNull`. */
  | { readonly kind: "index"; readonly target: Code; readonly index: number; readonly nonNull?: boolean }
  | { readonly kind: "call"; readonly callee: Code; readonly args: readonly Code[] }
  /** `new Callee(args)`. */
  | { readonly kind: "new"; readonly callee: Code; readonly args: readonly Code[] }
  /** A tagged template: ``join`s3://${bucket}/x` ``. */
  | { readonly kind: "tagged"; readonly tag: Code; readonly strings: readonly string[]; readonly values: readonly Code[] }
  /** A plain template literal (a string): `` `s3://${bucket}/raw/` ``. */
  | { readonly kind: "template"; readonly strings: readonly string[]; readonly values: readonly Code[] }
  /** `value as unknown as <type>`: printed only; evaluates to the value. */
  | { readonly kind: "cast"; readonly value: Code; readonly type: string }
  /** `(<params>) => body`: a build function of the fluent chain, taking the build context. */
  | { readonly kind: "arrow"; readonly uses: readonly ("params" | "steps")[]; readonly body: Code };

/** An object entry, with an optional line comment above it. */
export interface Entry {
  readonly key: string;
  readonly value: Code;
  readonly comment?: string;
}

export const lit = (value: string | number | boolean | null): Code => ({ kind: "literal", value });
export const name = (text: string): Code => ({ kind: "name", name: text });
export const member = (target: Code, key: string): Code => ({ kind: "member", target, name: key });
/** `target["key"]!`: a map or named-list entry, which the types allow to be missing. */
export const keyed = (target: Code, key: string): Code => ({ kind: "member", target, name: key, key: true, nonNull: true });
export const index = (target: Code, position: number, nonNull = false): Code => ({ kind: "index", target, index: position, ...(nonNull ? { nonNull } : {}) });
export const call = (callee: Code, ...args: Code[]): Code => ({ kind: "call", callee, args });
export const array = (items: readonly Code[]): Code => ({ kind: "array", items });

/** An entry, a `[key, value]` pair (left out when the value is undefined), or nothing. */
export type EntryLike = Entry | readonly [string, Code | undefined] | undefined;

/** An object from entries, leaving out the undefined ones (options not set). */
export function object(list: readonly EntryLike[]): Code {
  return { kind: "object", entries: entries(list) };
}

/** Entries, leaving out the undefined ones. */
export function entries(list: readonly EntryLike[]): Entry[] {
  const out: Entry[] = [];
  for (const entry of list) {
    if (entry === undefined) continue;
    if (Array.isArray(entry)) {
      const [key, value] = entry as readonly [string, Code | undefined];
      if (value !== undefined) out.push({ key, value });
    } else {
      out.push(entry as Entry);
    }
  }
  return out;
}

/** True for an object with no entries. */
export const isEmptyObject = (code: Code): boolean => code.kind === "object" && code.entries.length === 0;

/** The names of the build context a piece of code reads (`params`, `steps`). */
export function contextUses(code: Code): ("params" | "steps")[] {
  const found = new Set<"params" | "steps">();
  const visit = (node: Code): void => {
    switch (node.kind) {
      case "name":
        if (node.name === "params" || node.name === "steps") found.add(node.name);
        return;
      case "object":
        for (const entry of node.entries) visit(entry.value);
        return;
      case "array":
        node.items.forEach(visit);
        return;
      case "member":
      case "index":
        visit(node.target);
        return;
      case "call":
      case "new":
        visit(node.callee);
        node.args.forEach(visit);
        return;
      case "tagged":
        visit(node.tag);
        node.values.forEach(visit);
        return;
      case "template":
        node.values.forEach(visit);
        return;
      case "cast":
        visit(node.value);
        return;
      case "arrow":
      case "literal":
        return;
    }
  };
  visit(code);
  return (["params", "steps"] as const).filter((key) => found.has(key));
}

/** `options`, or `({ params, steps }) => options` when it reads the build context. */
export function build(options: Code): Code {
  const uses = contextUses(options);
  return uses.length === 0 ? options : { kind: "arrow", uses, body: options };
}

/** Every name a piece of code reads, and `type:<name>` for the types its casts name (to know what to import). */
export function namesUsed(code: Code, into: Set<string> = new Set()): Set<string> {
  switch (code.kind) {
    case "name":
      into.add(code.name);
      break;
    case "object":
      for (const entry of code.entries) namesUsed(entry.value, into);
      break;
    case "array":
      for (const item of code.items) namesUsed(item, into);
      break;
    case "member":
    case "index":
      namesUsed(code.target, into);
      break;
    case "call":
    case "new":
      namesUsed(code.callee, into);
      for (const arg of code.args) namesUsed(arg, into);
      break;
    case "tagged":
      namesUsed(code.tag, into);
      for (const value of code.values) namesUsed(value, into);
      break;
    case "template":
      for (const value of code.values) namesUsed(value, into);
      break;
    case "cast":
      // the type named (`RawStepArguments["Training"]` → `type:RawStepArguments`), to import it
      into.add(`type:${code.type.replace(/\[.*$/, "")}`);
      namesUsed(code.value, into);
      break;
    case "arrow":
      namesUsed(code.body, into);
      break;
    case "literal":
      break;
  }
  return into;
}

/** Plain JSON as code, expressions left as the JSON objects they are (for APIs that take definition JSON). */
export function jsonCode(json: unknown): Code {
  if (Array.isArray(json)) return array(json.map(jsonCode));
  if (typeof json === "object" && json !== null) return object(Object.entries(json).map(([key, value]) => [key, jsonCode(value)] as const));
  return lit(json === undefined ? null : (json as string | number | boolean | null));
}
