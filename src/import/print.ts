import type { Code, Entry } from "./code.js";

/** The longest line the printer aims for (the project's code runs to about this). */
export const PRINT_WIDTH = 120;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** True when `text` can be written as a bare property name or after a dot. */
export const isIdentifier = (text: string): boolean => IDENTIFIER.test(text);

/**
 * A string literal in the project's style: double quotes, with U+2028 and U+2029 escaped too (JSON
 * leaves them as they are; in a string they are valid JavaScript, but editors and tools show a line break).
 */
export const quote = (text: string): string => JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => (c === "\u2028" ? "\\u2028" : "\\u2029"));

/** A property key: bare when it is an identifier, quoted otherwise; `["__proto__"]` (a quoted one would set the prototype). */
export const propertyKey = (key: string): string => (key === "__proto__" ? `[${quote(key)}]` : isIdentifier(key) ? key : quote(key));

function templateText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/`/g, "\\`")
    .replace(/\$\{/g, "\\${")
    .replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function numberText(value: number): string {
  return Object.is(value, -0) ? "0" : String(value);
}

/** The code on one line, or undefined when it cannot be (it holds a comment). */
function flat(code: Code): string | undefined {
  switch (code.kind) {
    case "literal":
      return code.value === null ? "null" : typeof code.value === "string" ? quote(code.value) : typeof code.value === "number" ? numberText(code.value) : String(code.value);
    case "name":
      return code.name;
    case "member": {
      const target = flat(code.target);
      if (target === undefined) return undefined;
      return `${target}${memberText(code.name, code.key)}${code.nonNull ? "!" : ""}`;
    }
    case "index": {
      const target = flat(code.target);
      return target === undefined ? undefined : `${target}[${code.index}]${code.nonNull ? "!" : ""}`;
    }
    case "object": {
      if (code.entries.length === 0) return "{}";
      if (code.entries.some((entry) => entry.comment !== undefined)) return undefined;
      const parts = code.entries.map((entry) => {
        if (isShorthand(entry)) return entry.key;
        const value = flat(entry.value);
        return value === undefined ? undefined : `${propertyKey(entry.key)}: ${value}`;
      });
      return parts.includes(undefined) ? undefined : `{ ${parts.join(", ")} }`;
    }
    case "array": {
      const parts = code.items.map(flat);
      return parts.includes(undefined) ? undefined : `[${parts.join(", ")}]`;
    }
    case "call": {
      const callee = flat(code.callee);
      const args = code.args.map(flat);
      return callee === undefined || args.includes(undefined) ? undefined : `${callee}(${args.join(", ")})`;
    }
    case "new": {
      const callee = flat(code.callee);
      const args = code.args.map(flat);
      return callee === undefined || args.includes(undefined) ? undefined : `new ${callee}(${args.join(", ")})`;
    }
    case "tagged": {
      const tag = flat(code.tag);
      const body = templateBody(code.strings, code.values);
      return tag === undefined || body === undefined ? undefined : `${tag}${body}`;
    }
    case "template":
      return templateBody(code.strings, code.values);
    case "cast": {
      const value = flat(code.value);
      return value === undefined ? undefined : `${value} as unknown as ${code.type}`;
    }
    case "arrow": {
      const body = flat(code.body);
      return body === undefined ? undefined : `${arrowHead(code.uses)}${code.body.kind === "object" ? `(${body})` : body}`;
    }
  }
}

function templateBody(strings: readonly string[], values: readonly Code[]): string | undefined {
  let out = "`";
  for (let i = 0; i < strings.length; i++) {
    out += templateText(strings[i] ?? "");
    if (i < values.length) {
      const value = flat(values[i] as Code);
      if (value === undefined) return undefined;
      out += `\${${value}}`;
    }
  }
  return `${out}\``;
}

const arrowHead = (uses: readonly string[]): string => (uses.length === 0 ? "() => " : `({ ${uses.join(", ")} }) => `);

const memberText = (key: string, computed: boolean | undefined): string => (computed !== true && isIdentifier(key) ? `.${key}` : `[${quote(key)}]`);

const pad = (indent: number): string => " ".repeat(indent);

/**
 * Prints code starting at column `column` of a line indented by `indent`: on one line when it fits
 * in {@link PRINT_WIDTH}, otherwise objects, lists and arguments one per line, as Prettier lays
 * them out (a last object, list or function argument stays on the call's line).
 */
export function printCode(code: Code, indent: number, column: number = indent): string {
  const one = flat(code);
  if (one !== undefined && column + one.length <= PRINT_WIDTH && !one.includes("\n")) return one;
  switch (code.kind) {
    case "object":
      return code.entries.length === 0 ? "{}" : `{\n${code.entries.map((entry) => printEntry(entry, indent + 2)).join("")}${pad(indent)}}`;
    case "array":
      return code.items.length === 0
        ? "[]"
        : `[\n${code.items.map((item) => `${pad(indent + 2)}${printCode(item, indent + 2)},\n`).join("")}${pad(indent)}]`;
    case "call": {
      const callee = printCode(code.callee, indent, column);
      const head = code.args.slice(0, -1).map(flat);
      const last = code.args.at(-1);
      if (last !== undefined && !head.includes(undefined) && huggable(last)) {
        const prefix = `${callee}(${head.map((h) => `${h}, `).join("")}`;
        const start = lastLineLength(prefix, column);
        if (last.kind === "arrow" && last.body.kind !== "object" && last.body.kind !== "array") {
          // as Prettier: the body on the next line, the call's parenthesis on a line of its own
          const arrow = arrowHead(last.uses).trimEnd();
          if (start + arrow.length <= PRINT_WIDTH) {
            return `${prefix}${arrow}\n${pad(indent + 2)}${printCode(last.body, indent + 2)},\n${pad(indent)})`;
          }
        } else if (start < PRINT_WIDTH - 10) {
          return `${prefix}${printCode(last, indent, start)})`;
        }
      }
      if (code.args.length === 0) return `${callee}()`;
      return `${callee}(\n${code.args.map((arg) => `${pad(indent + 2)}${printCode(arg, indent + 2)},\n`).join("")}${pad(indent)})`;
    }
    case "new": {
      const last = code.args.at(-1);
      const head = code.args.slice(0, -1).map(flat);
      if (last !== undefined && !head.includes(undefined) && huggable(last)) {
        const prefix = `new ${printCode(code.callee, indent, column)}(${head.map((h) => `${h}, `).join("")}`;
        return `${prefix}${printCode(last, indent, lastLineLength(prefix, column))})`;
      }
      return one ?? "";
    }
    case "arrow": {
      const head = arrowHead(code.uses);
      if (code.body.kind === "object") return `${head}(${printCode(code.body, indent, column + head.length + 1)})`;
      if (code.body.kind === "array" || code.body.kind === "call") return `${head}${printCode(code.body, indent, column + head.length)}`;
      return `${head}\n${pad(indent + 2)}${printCode(code.body, indent + 2)}`;
    }
    case "member": {
      const target = printCode(code.target, indent, column);
      return `${target}${memberText(code.name, code.key)}${code.nonNull ? "!" : ""}`;
    }
    case "index":
      return `${printCode(code.target, indent, column)}[${code.index}]${code.nonNull ? "!" : ""}`;
    case "cast":
      return `${printCode(code.value, indent, column)} as unknown as ${code.type}`;
    default:
      // literals, names and templates have one form
      return one ?? "";
  }
}

/** `{ role }` for `{ role: role }`. */
const isShorthand = (entry: Entry): boolean => entry.value.kind === "name" && entry.value.name === entry.key;

/**
 * Text for a `//` comment: its line terminators (which JavaScript ends a comment at: \n, \r, U+2028,
 * U+2029) written as escapes. Comments name what came from the definition (its keys, step names, the
 * file's name): a key holding a line break would otherwise put the rest of it in the module as code,
 * which runs when the module is compiled.
 *
 * @example
 * ```ts
 * commentText("X\nprocess.exit()") // "X\\nprocess.exit()": one line
 * ```
 */
export function commentText(text: string): string {
  return text.replace(/[\n\r\u2028\u2029]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\u2028" ? "\\u2028" : "\\u2029"));
}

/** A comment's words in lines that end before {@link PRINT_WIDTH} (as {@link commentText}: no line breaks of their own). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of commentText(text).split(" ")) {
    if (line !== "" && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function printEntry(entry: Entry, indent: number): string {
  const comment = entry.comment === undefined ? "" : wrapText(entry.comment, PRINT_WIDTH - indent - 3).map((line) => `${pad(indent)}// ${line}\n`).join("");
  if (isShorthand(entry)) return `${comment}${pad(indent)}${entry.key},\n`;
  const key = `${propertyKey(entry.key)}: `;
  return `${comment}${pad(indent)}${key}${printCode(entry.value, indent, indent + key.length)},\n`;
}

const huggable = (code: Code): boolean =>
  (code.kind === "object" && code.entries.length > 0) || (code.kind === "array" && code.items.length > 0) || code.kind === "arrow";

function lastLineLength(text: string, column: number): number {
  const newline = text.lastIndexOf("\n");
  return newline < 0 ? column + text.length : text.length - newline - 1;
}
