// Quoting untrusted text in messages: bounded, and safe to print on a terminal.
//
// A message that quotes a value from a document (a step name, a key, a reference) quotes at most a
// short excerpt of it, so a 900,000-character name does not make a 900,000-character message, and
// writes the characters a terminal would act on as escapes: C0 and C1 control characters (ESC
// starts terminal control sequences, CR rewrites a line), DEL, the line and paragraph separators,
// and the bidirectional overrides and isolates that make text display in another order than it is.

// every C0 control (tab and line feed included: a quoted value stays on its line), DEL, the C1
// controls, U+2028/U+2029, and the bidirectional embeddings, overrides and isolates
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_TEST = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

/** The longest excerpt of a value a message quotes, in characters. */
export const EXCERPT_LENGTH = 80;

/**
 * `text` with every character a terminal would act on written as an escape (`\n`, `\u001b`, ...).
 *
 * @example
 * ```ts
 * escapeControl("a\u001b[31mb") // "a\\u001b[31mb"
 * ```
 */
export function escapeControl(text: string): string {
  if (!UNSAFE_TEST.test(text)) return text;
  return text.replace(UNSAFE, (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * At most `max` characters of `text` (its start and its end, with how much was left out between),
 * control characters escaped. Never splits a surrogate pair.
 *
 * @example
 * ```ts
 * excerpt("a".repeat(1000), 20) // "aaaaaaaaa…(990 more)…a" (about 20 characters)
 * ```
 */
export function excerpt(text: string, max: number = EXCERPT_LENGTH): string {
  if (text.length <= max) return escapeControl(text);
  const head = cut(text, Math.ceil(max * 0.7));
  const tail = text.slice(text.length - Math.floor(max * 0.2));
  const tailStart = /^[\udc00-\udfff]/.test(tail) ? tail.slice(1) : tail;
  return `${escapeControl(head)}…(${text.length - head.length - tailStart.length} more characters)…${escapeControl(tailStart)}`;
}

/** The first `length` characters of `text`, one fewer when that would split a surrogate pair. */
function cut(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, length - 1) : text.slice(0, length);
}

/**
 * A value quoted for a message: `"text"` with {@link excerpt}'s bounds and escapes; other values
 * as their type.
 *
 * @example
 * ```ts
 * quoted("Train") // "\"Train\""
 * ```
 */
export function quoted(value: unknown, max: number = EXCERPT_LENGTH): string {
  return typeof value === "string" ? `"${excerpt(value, max)}"` : typeof value === "number" || typeof value === "boolean" ? String(value) : value === null ? "null" : typeof value;
}

/**
 * Names quoted for a message, at most `count` of them (then how many more).
 *
 * @example
 * ```ts
 * quotedList(["a", "b", "c"], 2) // "\"a\", \"b\" and 1 more"
 * ```
 */
export function quotedList(names: readonly string[], count = 10): string {
  const shown = names.slice(0, count).map((name) => quoted(name, 40));
  return names.length > count ? `${shown.join(", ")} and ${names.length - count} more` : shown.join(", ");
}
